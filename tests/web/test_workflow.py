"""The round's whole path through the pages: fill 大鹏 live, submit, return, resubmit, review, approve, 报送, 汇总表."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from web.dapeng import dapeng_typing
from jixiao.web.rounds.models import DepartmentReport, HistoryEntry, Submission

pytestmark = pytest.mark.web


def _text(response) -> str:
    return response.content.decode()


def _by_id(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, f"no element {element_id}"
    return match.group(1).strip()


def fill(client, submission, typed: dict[str, str]):
    """Type field by field as the page does (one htmx request per change), carrying the version along."""
    response = None
    version = submission.version
    for key, text in typed.items():
        response = client.post(f"/submissions/{submission.pk}/save/", {key: text, "version": version}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        version = Submission.objects.get(pk=submission.pk).version
    return response


def test_live_fill_shows_dapeng_total_and_grade(login, own_submission):
    client = login("filler_own")
    response = fill(client, own_submission, dapeng_typing())
    html = _text(response)
    # The 大鹏 report's 93.76 优, recomputed row by row from the figures typed in.
    assert _by_id(html, "total") == "93.76"
    assert _by_id(html, "grade") == "优"
    page = _text(client.get(f"/submissions/{own_submission.pk}/"))
    assert _by_id(page, "total") == "93.76"
    own_submission.refresh_from_db()
    assert own_submission.version == 1 + len(dapeng_typing())
    assert own_submission.history.filter(action=HistoryEntry.CHANGE, field="figures|年初预算", old="", new="5281.87").exists()


def test_bad_figure_is_shown_at_its_field_and_kept(login, own_submission):
    client = login("filler_own")
    response = client.post(f"/submissions/{own_submission.pk}/save/", {"figures|年初预算": "五千万", "version": 1}, HTTP_HX_REQUEST="true")
    html = _text(response)
    assert "数据项“年初预算”：应为金额，实际为“五千万”" in html
    own_submission.refresh_from_db()
    assert own_submission.facts["figures"]["年初预算"] == "五千万"  # nothing typed is lost
    page = _text(client.get(f"/submissions/{own_submission.pk}/"))
    assert 'value="五千万"' in page
    # The list of what blocks submitting names it as the page does, not by its storage address.
    blocking = page.split('id="blocking"')[1].split("</div>")[0]
    assert "<li>数据项“年初预算”：应为金额，实际为“五千万”</li>" in blocking and "figures · " not in blocking


def _post(client, url: str, data: dict | None = None):
    response = client.post(url, data or {})
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"])


def test_submit_return_resubmit_review_approve_report_summary(login, own_submission, demo):
    unit, reviewer, finance = login("filler_own"), login("reviewer_own"), login("finance_own")
    pk = own_submission.pk
    fill(unit, own_submission, dapeng_typing())

    refused = _text(_post(unit, f"/submissions/{pk}/submit/"))
    assert "不能提交" in refused and "警告须写明说明" in refused
    own_submission.refresh_from_db()
    assert own_submission.state == Submission.DRAFT

    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.attention import explanation_items

    state = state_of(own_submission)
    for item in explanation_items(state.scored, {}):
        _post(unit, f"/submissions/{pk}/explain/", {"key": item.key, "text": "已在报告“存在的问题”中说明。"})
    _post(unit, f"/submissions/{pk}/submit/")
    own_submission.refresh_from_db()
    assert own_submission.state == Submission.SUBMITTED

    # Read-only after submit: a save is refused and changes nothing.
    unit.post(f"/submissions/{pk}/save/", {"figures|年初预算": "1", "version": own_submission.version}, HTTP_HX_REQUEST="true")
    own_submission.refresh_from_db()
    assert own_submission.facts["figures"]["年初预算"] == "5281.87"

    # 退回 needs a comment; with one, the unit may edit again.
    assert "退回须写明意见" in _text(_post(reviewer, f"/submissions/{pk}/review/return/", {"comment": " "}))
    _post(reviewer, f"/submissions/{pk}/review/return/", {"comment": "请补充编外人员数量"})
    own_submission.refresh_from_db()
    assert own_submission.state == Submission.RETURNED
    assert own_submission.history.filter(action=HistoryEntry.TRANSITION, new="已退回", comment="请补充编外人员数量").exists()
    fill(unit, own_submission, {"rows|部门管理/人员管理/编外人员控制率|basis": "编外人员 0 人，控制率 0%，得满分 1 分。"})
    _post(unit, f"/submissions/{pk}/submit/")

    # One row's 复核得分: 公众或服务对象满意度 6 → 5.5; the 复核分数 is 93.76 − 0.5 = 93.26.
    path = "部门绩效/公平性/公众或服务对象满意度"
    assert "须写明理由" in _text(_post(reviewer, f"/submissions/{pk}/review/score/", {"stage": "department", "path": path, "score": "5.5", "reason": ""}))
    review = _text(_post(reviewer, f"/submissions/{pk}/review/score/", {"stage": "department", "path": path, "score": "5.5", "reason": "满意度调查样本偏少"}))
    assert _by_id(review, "review-total") == "93.26"
    _post(reviewer, f"/submissions/{pk}/review/approve/", {"confirm": "1"})
    own_submission.refresh_from_db()
    assert own_submission.state == Submission.APPROVED

    # 报送 waits for every unit of the department; dw2's draft is still open.
    department = own_submission.unit.parent
    refused = _text(_post(reviewer, f"/rounds/{demo.pk}/departments/{department.pk}/report/"))
    assert "演示市政务服务中心：草稿，尚未审核通过" in refused
    other = demo.submissions.get(unit__name="演示市政务服务中心")
    Submission.objects.filter(pk=other.pk).update(state=Submission.APPROVED)
    _post(reviewer, f"/rounds/{demo.pk}/departments/{department.pk}/report/")
    assert DepartmentReport.objects.get(round=demo, department=department).state == DepartmentReport.REPORTED

    # The 财政局 reads the region's 汇总表: 本级 first in each department, 自评 and 复核 columns.
    response = finance.get(f"/rounds/{demo.pk}/summary.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    # Each row without its 主管部门 (column B): 序号, 预算单位, 预算, 执行, 执行率, 自评分数, 主管部门复核分数.
    rows = [[row[0].value] + [cell.value for cell in row[2:8]] for row in sheet.iter_rows(min_row=3, max_col=8)]
    assert [sheet.cell(row=3 + i, column=2).value for i in range(5)] == ["演示市政务服务数据管理局"] * 2 + ["演示市教育局"] * 3
    names = [row[1] for row in rows[:-1]]
    assert names == ["演示市政务服务数据管理局本级", "演示市政务服务中心", "演示市教育局本级", "演示市第一中学", "演示市第二中学"]
    assert rows[0][5] == pytest.approx(93.76) and rows[0][6] == pytest.approx(93.26)
    assert rows[0][2] == pytest.approx(7621.05) and rows[0][3] == pytest.approx(7606.15)  # 万元
    assert rows[1][6] == pytest.approx(93.76)  # approved without changes: 复核 = 自评
    assert rows[2][6] is None  # still a draft
    # A draft's 自评分数 is not final: left empty, its state in the 状态 column (J, after 等级).
    assert [row[5] for row in rows[2:5]] == [None, None, None]
    assert [sheet.cell(row=2, column=10).value] + [row[0].value for row in sheet.iter_rows(min_row=3, max_row=7, min_col=10)] == ["状态", "已审核", "已审核", "草稿", "草稿", "草稿"]
    assert rows[-1][0] == "合计" and rows[-1][2] == "=SUM(D3:D7)"

    # Once reported, a unit cannot be returned by the 主管部门 alone.
    assert "主管部门已报送汇总表，须先由财政局退回" in _text(_post(reviewer, f"/submissions/{pk}/review/return/", {"comment": "再改"}))

    # The 财政局 returns the 报送; then the 主管部门 may return the unit again.
    page = _text(_post(finance, f"/rounds/{demo.pk}/departments/{department.pk}/return/", {"comment": "本级复核理由不充分"}))
    assert _by_id(page, "report-state") == "已退回" and "本级复核理由不充分" in page
    assert DepartmentReport.objects.get(round=demo, department=department).state == DepartmentReport.RETURNED
    _post(reviewer, f"/submissions/{pk}/review/return/", {"comment": "请补充复核依据"})
    own_submission.refresh_from_db()
    assert own_submission.state == Submission.RETURNED


def test_finance_spot_check_has_its_own_total(login, own_submission):
    from jixiao.web.rounds.models import ReviewScore

    own_submission.facts = {**own_submission.facts, **_raw_dapeng()}
    own_submission.state = Submission.APPROVED
    own_submission.save()
    finance = login("finance_own")
    path = "部门绩效/效果性/社会效益、经济效益、生态效益及可持续影响等"
    page = _text(_post(finance, f"/submissions/{own_submission.pk}/review/score/", {"stage": "finance", "path": path, "score": "16", "reason": "个别项目目标未实现，扣分偏少"}))
    # 93.76 − (18 − 16) = 91.76 for the 财政局's 抽查; the 主管部门's own 复核分数 stays 93.76.
    assert _by_id(page, "finance-total") == "91.76"
    assert _by_id(page, "review-total") == "93.76"
    assert ReviewScore.objects.get(stage="finance").score == Decimal("16")


def _raw_dapeng() -> dict:
    from jixiao.web.rounds import scoring

    raw: dict = {}
    for key, text in dapeng_typing().items():
        raw = scoring.set_value(raw, key, text)
    return raw


@pytest.mark.parametrize("score,message", [("7", "复核得分应在 0 至 6 之间"), ("NaN", "复核得分应在"), ("五", "复核得分应为数字"), ("5.123456", "最多 4 位小数")])
def test_review_score_bounds(login, own_submission, score, message):
    own_submission.facts = {**own_submission.facts, **_raw_dapeng()}
    own_submission.state = Submission.SUBMITTED
    own_submission.save()
    reviewer = login("reviewer_own")
    page = _text(_post(reviewer, f"/submissions/{own_submission.pk}/review/score/", {"stage": "department", "path": "部门绩效/公平性/公众或服务对象满意度", "score": score, "reason": "r"}))
    assert message in page
    assert not own_submission.review_scores.exists()
    # What the reviewer typed stays in the row's boxes, with the reason it was refused beside them; once.
    row = page.split('<tr id="rv-')[-1]  # 公众或服务对象满意度 is the framework's last row
    assert f'name="score" size="5" value="{score}"' in row and 'name="reason" value="r"' in row and message in row
    again = _text(reviewer.get(f"/submissions/{own_submission.pk}/review/"))
    assert f'value="{score}"' not in again.split('<tr id="rv-')[-1]


def test_review_page_shows_stated_computed_and_reviewed(login, own_submission, users):
    from jixiao.web.rounds.models import ReviewScore

    raw = {**own_submission.facts, **_raw_dapeng()}
    raw["rows"]["部门绩效/效率性/项目完成及时性"] = {"stated_score": "6"}  # the unit claims full marks; the rule gives 24/25 × 6
    own_submission.facts, own_submission.state = raw, Submission.SUBMITTED
    own_submission.save()
    path = "部门绩效/效率性/项目完成及时性"
    ReviewScore.objects.create(submission=own_submission, stage="department", path=path, score=Decimal("5.5"), reason="一个项目未完成", by=users["reviewer_own"])
    html = _text(login("reviewer_own").get(f"/submissions/{own_submission.pk}/review/"))
    row = html[html.index(f"<td>{path}</td>"):]
    cells = re.findall(r'<td class="num">([^<]*)', row)[:4]
    assert cells == ["6", "6", "5.76", "5.5"]  # 分值, 自评, 计算得分 (24/25 × 6), 复核得分
