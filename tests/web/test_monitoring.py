"""The monitoring web: the demo's round, the warnings board, a unit's upload / submit, review, dispositions."""
from __future__ import annotations

import io

import openpyxl
import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def report(demo):
    from jixiao.web.monitoring.demo import TITLE
    from jixiao.web.monitoring.models import MonitoringReport

    return MonitoringReport.objects.get(unit__name="演示市政务服务数据管理局本级", round__title=TITLE)


def _template(client, report) -> openpyxl.Workbook:
    response = client.get(f"/monitoring/reports/{report.pk}/template.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _upload(client, report, book):
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "监控填报表.xlsx"
    return client.post(f"/monitoring/reports/{report.pk}/upload/", {"file": data})


def test_demo_round_and_board(login, report):
    page = login("finance_own").get(f"/monitoring/{report.round_id}/").content.decode()
    # five units × (部门整体 + 3 projects); red (校园安全提升工程 in each unit) listed before yellow and green
    assert page.count("校园安全提升工程") == 5
    assert page.index("light-red") < page.index("light-yellow") < page.index("light-green")
    assert "低于节点要求" in page
    red_only = login("finance_own").get(f"/monitoring/{report.round_id}/?colour=red").content.decode()
    assert "学生营养改善计划" not in red_only and red_only.count("校园安全提升工程") == 5
    # a 主管部门 sees its own two units only
    mine = login("reviewer_own").get(f"/monitoring/{report.round_id}/").content.decode()
    assert mine.count("校园安全提升工程") == 2 and "演示市第一中学" not in mine


def test_warnings_xlsx(login, report):
    response = login("reviewer_own").get(f"/monitoring/{report.round_id}/warnings.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["预警清单"]
    listed = [(row[1].value, row[2].value, row[4].value) for row in sheet.iter_rows(min_row=3)]
    assert ("演示市政务服务数据管理局本级", "校园安全提升工程", "红") in listed
    assert all(unit.startswith("演示市政务服务") for unit, _, _ in listed)


def test_upload_bad_cell_keeps_the_stored_data(login, report):
    client = login("filler_own")
    book = _template(client, report)
    book["预算"]["E3"] = "九十"
    page = _upload(client, report, book).content.decode()
    assert "未保存" in page and "单元格 预算!E3" in page and "九十" in page
    report.refresh_from_db()
    assert report.version == 2  # as the demo stored it


def test_upload_changes_the_lights_and_submit_needs_the_causes(login, report):
    client = login("filler_own")
    book = _template(client, report)
    sheet = book["预算"]
    project_row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == "学生营养改善计划")
    sheet[f"E{project_row}"] = 100  # 100 / 500 = 20% at 6 月末 → red (below 40%)
    targets = book["指标"]
    meals = next(r for r in range(2, targets.max_row + 1) if targets[f"D{r}"].value == "供餐天数")
    targets[f"G{meals}"] = "40天"  # 40 / (190 × 182/366) = 42.3 → red, and no 偏差原因 ticked
    assert _upload(client, report, book).status_code == 302
    page = client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "实际 20.00%，低于节点要求" in page and "须勾选偏差原因" in page
    client.post(f"/monitoring/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.state == "draft"  # refused until the cause is given
    targets[f"K{meals}"] = "√"
    targets[f"N{meals}"] = "食堂改造停伙 3 周"
    targets[f"O{meals}"] = "有可能"
    assert _upload(client, report, book).status_code == 302
    client.post(f"/monitoring/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.state == "submitted"


def test_return_comment_at_the_top_and_disposition_seen_by_the_unit(login, report):
    from jixiao.web.monitoring.models import MonitoringEvent

    login("filler_own").post(f"/monitoring/reports/{report.pk}/submit/")
    login("reviewer_own").post(f"/monitoring/reports/{report.pk}/return/", {"comment": "安防设备的原因说明请写明哪几所学校"})
    page = login("filler_own").get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert page.index("退回意见") < page.index("<h2>填报</h2>") and "哪几所学校" in page
    response = login("finance_own").post(
        f"/monitoring/reports/{report.pk}/dispose/",
        {"project": "校园安全提升工程", "action": "cut", "amount": "", "reason": "进度滞后", "decided_on": "2024-07-20"},
    )
    assert "须填写金额" in response.content.decode()  # a cut without its amount: at the field, nothing recorded
    login("finance_own").post(
        f"/monitoring/reports/{report.pk}/dispose/",
        {"project": "校园安全提升工程", "action": "cut", "amount": "50", "reason": "进度滞后", "decided_on": "2024-07-20"},
    )
    page = login("filler_own").get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "校园安全提升工程</strong>：调减预算 50.00 万元" in page
    assert MonitoringEvent.objects.filter(report=report, action="预警处理").count() == 1
    with pytest.raises(ValueError):
        MonitoringEvent.objects.filter(report=report).first().delete()


def test_open_a_round(login, demo):
    from jixiao.web.monitoring.models import MonitoringRound

    client = login("finance_own")
    page = client.post("/monitoring/", {"title": "2025 年 1–6 月监控", "year": "2025", "as_of": "2024-06-30"}).content.decode()
    assert "监控截止日期应在 2025 年度内" in page and "2025 年 1–6 月监控" in page  # what was typed is kept
    response = client.post("/monitoring/", {"title": "2025 年 1–6 月监控", "year": "2025", "as_of": "2025-06-30", "due": "2025-07-15"})
    assert response.status_code == 302
    assert MonitoringRound.objects.get(year=2025).reports.count() == 5
    assert login("filler_own").post("/monitoring/", {"title": "x", "year": "2025", "as_of": "2025-06-30"}).status_code == 403
