"""The round overview on the full demo region: counts, scope per person, last year beside, xlsx and docx."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def full(demo, seeds):
    from jixiao.web.orgs.demo import seed_more_units, seed_previous_round

    seeds.make("full region", lambda: (seed_more_units(), seed_previous_round()))
    previous = seed_previous_round()  # made above: found, not made again
    demo.refresh_from_db()  # seed_more_units set its due date
    return demo, previous


def _overview(client, round_):
    response = client.get(f"/rounds/{round_.pk}/overview/")
    assert response.status_code == 200
    return response.content.decode()


def test_finance_sees_the_region_counts_and_last_year(full, login):
    from jixiao.web.overview import gather
    from jixiao.web.rounds.models import Submission

    current, previous = full
    page = _overview(login("finance_own"), current)
    units = current.submissions.count()
    assert units == 26  # 5 core units + 21 added (4 主管部门, each with its 本级)
    assert f'<span class="tile-n">{units}</span><span class="tile-l">参评单位</span>' in page
    assert previous.title in page and "上年单位数" in page
    # Every unit is counted once across the six states, and the late are the unsubmitted past the due date.
    now, before, _ = gather.for_person(_finance(), current)
    assert sum(now.progress_counts().values()) == units
    editable = current.submissions.filter(state__in=Submission.EDITABLE).count()
    assert len(now.late) <= editable and len(now.late) > 0
    # Last year: every unit approved and reported.
    assert before.progress_counts()["reported"] == previous.submissions.count() == units
    # One 主管部门 (卫生健康委员会) reported this year: its 7 units count as 已报送.
    assert now.progress_counts()["reported"] == 7


def _finance():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="czj")


def test_the_scores_spread_over_the_grades(full):
    from jixiao.web.overview import gather

    now, before, _ = gather.for_person(_finance(), full[0])
    scores = [e.score for e in now.final]
    assert len(scores) >= 10 and len(set(scores)) >= 10  # no longer five copies of 93.76
    assert sum(1 for count in now.grade_counts().values() if count) >= 3
    assert sum(1 for count in before.grade_counts().values() if count) >= 3


def test_a_reviewer_sees_only_its_own_units(full, login):
    from django.contrib.auth import get_user_model

    from jixiao.web.overview import gather

    current, _ = full
    zgbm1 = get_user_model().objects.get(username="zgbm1")
    now, before, _ = gather.for_person(zgbm1, current)
    assert {e.department for e in now.entries} == {"演示市政务服务数据管理局"} and len(now.entries) == 2
    assert {e.department for e in before.entries} == {"演示市政务服务数据管理局"}
    page = _overview(login("reviewer_own"), current)
    assert "演示市教育局" not in page and "演示市人民医院" not in page


def test_the_xlsx_holds_the_tables_as_shown(full, login):
    from openpyxl import load_workbook

    from jixiao.overview.stats import all_tables
    from jixiao.web.overview import gather

    current, _ = full
    client = login("finance_own")
    book = load_workbook(io.BytesIO(client.get(f"/rounds/{current.pk}/overview.xlsx").content))
    now, before, _ = gather.for_person(_finance(), current)
    tables = all_tables(now, before)
    assert book.sheetnames == [t.title for t in tables]
    grades = next(t for t in tables if t.key == "grades")
    sheet = book[grades.title]
    assert [c.value for c in sheet[3]] == list(grades.headers)
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=4)] == [list(row) for row in grades.rows]
    one = load_workbook(io.BytesIO(client.get(f"/rounds/{current.pk}/overview.xlsx?table=histogram").content))
    assert one.sheetnames == ["分数分布"]
    assert client.get(f"/rounds/{current.pk}/overview.xlsx?table=nothing").status_code == 404


def test_the_report_docx_has_the_charts_as_images(full, login):
    from docx import Document

    current, _ = full
    response = login("finance_own").get(f"/rounds/{current.pk}/overview.docx")
    assert response.status_code == 200 and "%E8%87%AA%E8%AF%84%E6%83%85%E5%86%B5%E5%88%86%E6%9E%90%E6%8A%A5%E5%91%8A" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 4  # progress, grades, histogram, department averages
    text = "\n".join(p.text for p in document.paragraphs)
    assert "演示市财政局2021 年度部门整体支出绩效自评自评情况分析报告" in text and "共 26 个预算单位参评" in text
    assert len(document.tables) == 8


def test_overview_is_one_click_from_home(full, login):
    current, _ = full
    page = login("finance_own").get("/").content.decode()
    assert f'href="/rounds/{current.pk}/overview/"' in page
    assert "总览" not in login("filler_own").get("/").content.decode()


def test_page_loads_echarts_from_this_site_only(full, login):
    current, _ = full
    response = login("finance_own").get(f"/rounds/{current.pk}/overview/")
    page = response.content.decode()
    assert '<script src="/static/jixiao/echarts-5.5.1/echarts.min.js" defer></script>' in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'id="chart-grades" type="application/json"' in page


def test_queries_do_not_grow_with_the_units(full, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds.models import Submission

    current, _ = full
    client = login("finance_own")
    urls = (f"/rounds/{current.pk}/overview/", f"/rounds/{current.pk}/units/?sort=-score&late=1")

    def count() -> list[int]:
        out = []
        for url in urls:
            client.get(url)  # warm: new units' summaries are written here
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            out.append(len(captured.captured_queries))
        return out

    before = count()
    department = Organisation.objects.get(name="演示市民政局")
    template = current.submissions.get(unit__name="演示市政务服务中心")
    for index in range(15):
        unit = Organisation.objects.create(name=f"演示市民政服务站{index}", kind=Organisation.UNIT, parent=department)
        Submission.objects.create(round=current, unit=unit, facts={**template.facts, "department": unit.name}, state=Submission.SUBMITTED)
    assert count() == before


def test_kept_summary_figures_follow_a_save_and_read_only_what_changed(demo, users, monkeypatch):
    """The figures kept per summary version (gather.SummaryFigures) give the entries a fresh read gives, after a
    unit's save too; and after that save only the saved unit's summary is read from its JSON again."""
    from jixiao.web.overview import gather
    from jixiao.web.rounds import services
    from jixiao.web.rounds.context import state_of

    kept = gather.SummaryFigures()
    monkeypatch.setattr(gather, "FIGURES", kept)
    gather.entries(demo, demo.submissions.all())
    school = demo.submissions.get(unit__name="演示市第一中学")  # the 大鹏 example: 93.76
    # One more 绩效指标明确性 point unmet (3, 4 → 2, 3, 4): a lower total.
    row = "部门决策/目标设置/绩效指标明确性"
    facts = {**school.facts, "rows": {**school.facts["rows"], row: {**school.facts["rows"][row], "unmet": [2, 3, 4]}}}
    services.replace_facts(school, users["reviewer_foreign"], facts, "改.yaml", school.version)
    asked = []
    real = kept.read

    def counting(submissions, rows):
        asked.append(len([r for r in rows if (r[0], r[6], r[7], r[8]) not in kept.known]))
        return real(submissions, rows)

    monkeypatch.setattr(kept, "read", counting)
    after = gather.entries(demo, demo.submissions.all())
    monkeypatch.setattr(gather, "FIGURES", gather.SummaryFigures())
    assert after == gather.entries(demo, demo.submissions.all())  # as read afresh
    assert asked[0] == 1  # the saved unit only (its summary then scored anew and read once more)
    mine = next(e for e in after if e.unit == "演示市第一中学")
    assert mine.total == state_of(demo.submissions.get(pk=school.pk)).evaluation.total != Decimal("93.76"), mine.total
