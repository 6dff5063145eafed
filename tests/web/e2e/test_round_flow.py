"""A year's round in a real browser against a real gunicorn server, from the unit's fill-in to the 财政局's 汇总表.

dw1 types the 大鹏 2021 figures (examples/dapeng-2021.yaml, report 003; the recipe is in docs/web.md) and watches
93.76 优 appear without a reload; attaches evidence to a row; submits. The 主管部门 returns it asking for the
reason of a lost point; dw1 reads the comment at the top of the page, writes the reason (the 问题说明 list follows
live) and resubmits; the reviewer lowers one row's 复核得分 in place and approves. Explanations and 复核得分 are saved
without a reload, the page kept where it was scrolled to. The other
unit of the department (dw2, pre-filled with the report's own slips) corrects them, submits and is approved;
the 主管部门 报送; the 财政局 downloads the region's 汇总表.xlsx, which is read back and recalculated.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from . import pages
from .harness import STEP_TIMEOUT_MS

pytestmark = [pytest.mark.web, pytest.mark.browser]

RETURN_COMMENT = "公用经费控制率失分 1 分，请写明未达标原因和改进措施后重新提交。"
COST_ROW = "rows|部门绩效/经济性/公用经费控制率"
STAFF_ROW = "部门管理/人员管理/编外人员控制率"  # 1 分, judged: the report gives no count of staff outside the establishment
TIMELINESS_ROW = "部门绩效/效率性/项目完成及时性"
# The region as seed_demo lays it out: each 主管部门's 本级 first, then its 所属单位.
SUMMARY_UNITS = ["演示市政务服务数据管理局本级", "演示市政务服务中心", "演示市教育局本级", "演示市第一中学", "演示市第二中学"]


def test_round_from_fill_in_to_summary(log_in, tmp_path, recalculate):
    # --- dw1 fills in: the score appears live, the page is never reloaded --------------------------------
    unit = log_in("dw1")
    unit_name = pages.open_submission(unit)
    assert unit_name == SUMMARY_UNITS[0]
    submission_url = unit.url
    assert pages.state(unit) == "草稿"
    expect(unit.locator("#total")).not_to_have_text("93.76", timeout=STEP_TIMEOUT_MS)
    unit.evaluate("window.notReloaded = true")
    pages.fill(unit, pages.dapeng_fields())
    pages.expect_total(unit, "93.76", "优")
    assert unit.evaluate("window.notReloaded === true"), "填写时页面被重新载入，而不是局部更新"
    expect(pages.row_score(unit, "项目完成及时性")).to_have_text("5.76", timeout=STEP_TIMEOUT_MS)  # 24 / 25 × 6

    # --- evidence on a row; submit is refused until each warning is explained --------------------------
    evidence = tmp_path / "项目完成情况表.pdf"
    evidence.write_bytes(pages.minimal_pdf())
    pages.upload_evidence(unit, evidence, row=TIMELINESS_ROW)
    assert unit.locator("#evidence").get_by_role("link", name="项目完成情况表.pdf").count() == 1, pages.messages(unit)
    pages.press(unit, "提交")
    assert pages.state(unit) == "草稿"
    assert "警告须写明说明" in pages.messages(unit)
    # Five rows lost points without 未达标原因 and 改进措施 in what was typed (docs/web.md).
    assert pages.explain_warnings(unit, "已在报告“存在的问题”中说明。") == 5
    pages.press(unit, "提交")
    assert pages.state(unit) == "已提交", pages.messages(unit)
    assert unit.locator('[name="figures|年初预算"]').is_disabled(), "提交后仍可修改"

    # --- the 主管部门 sees the row's evidence and returns the submission with a comment -------------------
    reviewer = log_in("zgbm1")
    reviewer.goto(submission_url)
    pages.follow(reviewer, "审核")
    timeliness = reviewer.locator("tr", has_text=TIMELINESS_ROW)
    with reviewer.expect_download() as download_info:
        timeliness.get_by_role("link", name="项目完成情况表.pdf").click()
    assert download_info.value.path().read_bytes() == evidence.read_bytes()
    pages.return_with(reviewer, RETURN_COMMENT)
    assert pages.state(reviewer) == "已退回", pages.messages(reviewer)

    # --- dw1 reads the comment at the top, writes the reason live, and resubmits ----------------------------
    unit.goto(submission_url)
    assert pages.state(unit) == "已退回"
    note = unit.locator("#return-note")
    expect(note).to_contain_text(RETURN_COMMENT)
    expect(note).to_contain_text("演示市政务服务数据管理局审核人")  # who returned it, and when
    assert note.bounding_box()["y"] < unit.locator("#scorebar").bounding_box()["y"], "退回意见不在页首"
    cost_label = "部门绩效/经济性/公用经费控制率：失分 1（得 5 / 6）"  # each 问题说明 named by its indicator
    expect(unit.locator("#explanations")).to_contain_text(cost_label)
    unit.evaluate("window.notReloaded = true")
    warnings_before = unit.locator("#findings li.sev-warning").count()
    pages.type_field(unit, f"{COST_ROW}|reason", "“三公”经费控制率 33.49%，在 90% 以下得 3 分；日常公用经费控制率 99.69% 得 2 分。")
    pages.type_field(unit, f"{COST_ROW}|improvement", "加强日常公用经费预算编制的准确性。")
    expect(unit.locator("#findings li.sev-warning")).to_have_count(warnings_before - 1, timeout=STEP_TIMEOUT_MS)  # updated in place
    # The 问题说明 list follows the save like the findings: the row's warning is gone from it, without a reload.
    expect(unit.locator("#explanations")).not_to_contain_text(cost_label, timeout=STEP_TIMEOUT_MS)
    assert unit.locator("#explanations .x-state").count() == warnings_before - 1
    assert unit.evaluate("window.notReloaded === true"), "填写时页面被重新载入，而不是局部更新"
    pages.expect_total(unit, "93.76", "优")
    pages.press(unit, "提交")
    assert pages.state(unit) == "已提交", pages.messages(unit)

    # --- the reviewer lowers one row's 复核得分 and approves ---------------------------------------------
    reviewer.reload()
    pages.review_row(reviewer, STAFF_ROW, "0.5", "未提供编外人员数量，无法核实控制率，酌情扣 0.5 分。")
    expect(reviewer.locator("#review-total")).to_have_text("93.26")  # 93.76 − 1 + 0.5, swapped in place
    expect(reviewer.locator("tr[id^=rv-]", has_text=STAFF_ROW)).to_contain_text("酌情扣 0.5 分")
    pages.approve(reviewer)
    assert pages.state(reviewer) == "已审核", pages.messages(reviewer)

    # --- 报送 waits for the department's other unit: dw2 corrects the report's slips and submits --------
    pages.open_department(reviewer)
    pages.press(reviewer, "报送")
    assert "演示市政务服务中心：草稿，尚未审核通过" in pages.messages(reviewer)
    other = log_in("dw2")
    pages.open_submission(other)
    pages.correct_and_submit_prefilled(other)
    assert pages.state(other) == "已提交", pages.messages(other)
    reviewer.goto(other.url)
    pages.follow(reviewer, "审核")
    pages.approve(reviewer)
    pages.open_department(reviewer)
    pages.press(reviewer, "报送")
    assert reviewer.locator("#report-state").inner_text() == "已报送", pages.messages(reviewer)

    # --- the 财政局 downloads the region's 汇总表 and the test reads it -----------------------------------
    finance = log_in("czj")
    pages.open_round(finance)
    with finance.expect_download() as download_info:
        finance.get_by_role("link", name="下载汇总表").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "汇总表.xlsx"
    download.save_as(saved)

    sheet = load_workbook(saved).active
    assert [sheet.cell(row=2, column=c).value for c in range(1, 11)] == [
        "序号", "主管部门", "预算单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评分数", "主管部门复核分数", "等级", "状态",
    ]
    # Below, each row without its 主管部门 (column B): 序号, 预算单位, 预算, 执行, 执行率, 自评分数, 主管部门复核分数.
    rows = [[row[0].value] + [cell.value for cell in row[2:8]] for row in sheet.iter_rows(min_row=3, max_col=8)]
    *units, total = rows
    assert [row[1] for row in units] == SUMMARY_UNITS
    assert total[0] == "合计"

    def money(value) -> Decimal:
        return round(Decimal(str(value)), 2)

    ours, theirs = units[0], units[1]
    # dw1: 调整后预算 7,621.05 万元, 实际支出 7,606.15 万元; 自评 93.76; 复核 93.26.
    assert (money(ours[2]), money(ours[3]), money(ours[5]), money(ours[6])) == (
        Decimal("7621.05"), Decimal("7606.15"), Decimal("93.76"), Decimal("93.26"),
    )
    # dw2: approved without changes to its rows, so 复核 = 自评.
    assert (money(theirs[5]), money(theirs[6])) == (Decimal("93.76"), Decimal("93.76"))
    assert [row[6] for row in units[2:]] == [None, None, None]  # the 教育局's drafts are not reviewed
    # Nor final: a draft's 自评分数 is left empty and its state given in the 状态 column (J).
    assert [row[5] for row in units[2:]] == [None, None, None]
    assert [row[0].value for row in sheet.iter_rows(min_row=2, max_row=7, min_col=10, max_col=10)] == ["状态", "已审核", "已审核", "草稿", "草稿", "草稿"]

    # The 合计 row and the 执行率 column are formulas: recalculated by LibreOffice they must agree with the rows.
    # All five units carry the 大鹏 amounts: 5 × 7,621.05 = 38,105.25 and 5 × 7,606.15 = 38,030.75 万元.
    assert sum(money(row[2]) for row in units) == Decimal("38105.25")
    assert sum(money(row[3]) for row in units) == Decimal("38030.75")
    values = [[row[0].value] + [cell.value for cell in row[2:8]] for row in recalculate(saved).active.iter_rows(min_row=3, max_col=8)]
    assert (money(values[-1][2]), money(values[-1][3])) == (Decimal("38105.25"), Decimal("38030.75"))
    # 7,606.15 / 7,621.05 = 0.99804…, and the same for the total.
    assert round(Decimal(str(values[0][4])), 4) == Decimal("0.9980")
    assert round(Decimal(str(values[-1][4])), 4) == Decimal("0.9980")
