"""整改: from a confirmed finding to an accepted item; deadlines; overdue; the 台账; next year's page; the feedback notice."""
from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from docx import Document

from web.reviewed import review_prefilled

pytestmark = pytest.mark.web
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def reviewed(demo):
    review_prefilled(demo)
    return demo


def _unit(round_, name="演示市教育局本级"):
    return round_.submissions.select_related("unit").get(unit__name=name)


def test_journey_from_spot_check_to_accepted(reviewed, users):
    from django.test import Client

    from jixiao.web.rectification.models import Item
    from jixiao.web.rounds.models import HistoryEntry

    finance, unit_client, reviewer = Client(), Client(), Client()
    finance.force_login(users["finance_own"])
    reviewer.force_login(users["reviewer_foreign"])  # zgbm2 reviews 演示市教育局本级
    from django.contrib.auth import get_user_model

    unit_client.force_login(get_user_model().objects.get(username="dw3"))
    submission = _unit(reviewed)
    page = reviewer.get(f"/rectification/submissions/{submission.pk}/").content.decode()
    # The 财政局's 抽查 (18 → 0) is offered as a confirmed problem, with its reason
    problem = "部门绩效 · 效果性 · 社会效益、经济效益、生态效益及可持续影响等：自评 18 分，抽查 0 分（抽查：效益指标缺少佐证材料）"
    assert problem in page
    key = "spot_check|部门绩效/效果性/社会效益、经济效益、生态效益及可持续影响等"
    finance.post(f"/rectification/rounds/{reviewed.pk}/settings/", {"feedback_date": "2026-03-01", "days": "60"})
    reviewer.post(f"/rectification/submissions/{submission.pk}/raise/", {"source": "spot_check", "key": key, "problem": problem, "required": "补充效益佐证材料，完善效益指标"})
    item = Item.objects.get()
    # 2026-03-01 + 60 days = 2026-04-30
    assert (item.feedback_date, item.deadline, item.state) == (date(2026, 3, 1), date(2026, 4, 30), Item.OPEN)
    # The same problem cannot be raised twice
    reviewer.post(f"/rectification/submissions/{submission.pk}/raise/", {"source": "spot_check", "key": key, "problem": problem, "required": "再次"})
    assert Item.objects.count() == 1

    # The unit records measures with evidence and reports them
    unit_client.post(f"/rectification/items/{item.pk}/measures/", {"measures": "已补充效益调查报告", "report": "1", "file": _png("调查报告.png")})
    item.refresh_from_db()
    assert (item.state, item.measures, item.evidence.count()) == (Item.REPORTED, "已补充效益调查报告", 1)
    # Returned without a reason: refused; with one: back to the unit
    reviewer.post(f"/rectification/items/{item.pk}/close/", {"decision": "return", "comment": ""})
    item.refresh_from_db()
    assert item.state == Item.REPORTED
    reviewer.post(f"/rectification/items/{item.pk}/close/", {"decision": "return", "comment": "缺少满意度调查"})
    item.refresh_from_db()
    assert item.state == Item.RETURNED
    unit_client.post(f"/rectification/items/{item.pk}/measures/", {"measures": "已补充效益调查报告及满意度调查", "report": "1"})
    reviewer.post(f"/rectification/items/{item.pk}/close/", {"decision": "accept", "comment": "整改到位"})
    item.refresh_from_db()
    assert (item.state, item.comment, item.closed) == (Item.ACCEPTED, "整改到位", date.today())
    # Accepted: the unit can no longer change it
    unit_client.post(f"/rectification/items/{item.pk}/measures/", {"measures": "改", "report": "0"})
    item.refresh_from_db()
    assert item.measures == "已补充效益调查报告及满意度调查"
    fields = list(HistoryEntry.objects.filter(submission=submission, field__startswith="整改事项").values_list("new", flat=True))
    # raised, evidence, measures reported, returned, measures reported again, accepted
    assert fields[1:] == ["调查报告.png（8c6806d8d609）", "已补充效益调查报告", "已退回重新整改", "已补充效益调查报告及满意度调查", "已验收"]


def _png(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_deadline_before_feedback_is_refused_and_typing_kept(reviewed, login):
    from jixiao.web.rectification.models import Item

    submission = _unit(reviewed)
    response = login("finance_own").post(f"/rectification/submissions/{submission.pk}/raise/", {
        "source": "monitoring", "problem": "绩效运行监控发现项目进度滞后", "required": "加快进度", "feedback_date": "2026-03-01", "deadline": "2026-02-01",
    })
    page = response.content.decode()
    assert "未列入整改：整改期限 2026-02-01 早于反馈日期 2026-03-01" in page
    assert "绩效运行监控发现项目进度滞后</textarea>" in page
    assert not Item.objects.exists()
    response = login("finance_own").post(f"/rectification/submissions/{submission.pk}/raise/", {"source": "monitoring", "problem": "x", "required": "y", "deadline": "明天"})
    assert "整改期限应为日期（如 2026-03-31），收到“明天”" in response.content.decode()


def test_a_draft_cannot_get_items(reviewed, login):
    draft = reviewed.submissions.get(unit__name="演示市政务服务数据管理局本级")
    response = login("reviewer_own").post(f"/rectification/submissions/{draft.pk}/raise/", {"source": "monitoring", "problem": "x", "required": "y"})
    assert "尚未审核通过：审核确认的问题才能列为整改事项" in response.content.decode()


def _item(round_, user, name="演示市教育局本级", **kwargs):
    from jixiao.web.rectification import services

    return services.raise_item(_unit(round_, name), user, source="monitoring", key="", problem=kwargs.pop("problem", "项目进度滞后"), required="加快进度", **kwargs)


def test_overdue_ledger_page_and_xlsx_by_department(reviewed, users, login):
    old = _item(reviewed, users["finance_own"], feedback=date.today() - timedelta(days=90))  # deadline 30 days ago
    _item(reviewed, users["finance_own"], name="演示市政务服务中心", problem="=HYPERLINK(\"http://x\")")
    assert old.overdue() and old.deadline == date.today() - timedelta(days=30)
    page = login("finance_own").get(f"/rectification/rounds/{reviewed.pk}/").content.decode()
    assert "共 2 项，已验收 0 项，逾期 <strong>1</strong> 项" in page and "逾期</strong>" in page
    # 主管部门 zgbm1 sees only its own unit's item
    page = login("reviewer_own").get(f"/rectification/rounds/{reviewed.pk}/").content.decode()
    assert "共 1 项" in page and "演示市教育局本级" not in page
    education = old.submission.unit.parent
    book = openpyxl.load_workbook(io.BytesIO(login("finance_own").get(f"/rectification/rounds/{reviewed.pk}/ledger.xlsx?dept={education.pk}").content))
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert [(r[2], r[4], r[9]) for r in rows] == [("演示市教育局本级", "项目进度滞后", "逾期")]
    whole = openpyxl.load_workbook(io.BytesIO(login("finance_own").get(f"/rectification/rounds/{reviewed.pk}/ledger.xlsx").content))
    cell = next(r for r in whole.active.iter_rows(min_row=3) if r[2].value == "演示市政务服务中心")[4]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, never a formula


def test_next_years_self_evaluation_shows_last_years_open_items(reviewed, users, login):
    from jixiao.web.rounds.services import open_round

    _item(reviewed, users["finance_own"], problem="2021 年度未完成的整改：资产登记不全")
    unit = _unit(reviewed).unit
    next_round = open_round(reviewed.region, users["finance_own"], year=2022, title="2022 年度自评", framework_id="shenzhen-2019", units=[unit])
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="dw3"))
    page = client.get(f"/submissions/{next_round.submissions.get().pk}/").content.decode()
    assert "以前年度未完成的整改事项（1 项）" in page and "2021 年度：2021 年度未完成的整改：资产登记不全" in page


def test_feedback_notice(reviewed, users, login):
    submission = _unit(reviewed)
    _item(reviewed, users["finance_own"], feedback=date(2026, 3, 1))
    response = login("finance_own").get(f"/rectification/submissions/{submission.pk}/feedback.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "你单位 2021 年度部门整体支出绩效评价最终得分 75.76 分，等级为“中”" in text
    assert "中（60 ≤ 分数 < 80）：压减；压减 10%–30%" in text
    assert "于 2026 年 4 月 30 日前将整改情况" in text
    stages = [[c.text for c in row.cells] for row in document.tables[0].rows]
    # 自评 93.76; 主管部门 approved as is: 93.76; 财政局 抽查 0 for the 18-point row: 75.76
    assert stages == [["阶段", "得分"], ["自评分数", "93.76"], ["主管部门复核分数", "93.76"], ["财政局抽查分数", "75.76"]]
    corrections = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert corrections[1] == ["1", "项目进度滞后", "加快进度", "2026 年 4 月 30 日"]
