"""A year's round in a real browser against a real gunicorn server, from the unit's fill-in to the 财政局's 汇总表.

dw1 types the 大鹏 2021 figures (examples/dapeng-2021.yaml, report 003) and watches 93.76 优 appear without a
reload; attaches evidence; submits. The 主管部门 returns it with a comment about the 总资产 slip the report made
(its asset classes add up to 9,899.86 万元, the report says 9,909.86); dw1 corrects it and resubmits; the reviewer
lowers one row's 复核得分 and approves; 报送; the 财政局 downloads the region's 汇总表.xlsx, which is read back.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from . import pages

pytestmark = [pytest.mark.web, pytest.mark.browser]

UNIT = "dw1"
REVIEWER = "zgbm1"
FINANCE = "czj"
RETURN_COMMENT = "资产各类合计 9,899.86 万元，总资产却填 9,909.86 万元，请核对后重新提交。"
# 编外人员控制率 (1 分): the report gives no count of staff outside the establishment, so the reviewer takes 0.5 off.
REVIEWED_ROW = "部门管理/人员管理/编外人员控制率"
REVIEWED_SCORE = "0.5"
# 93.76 − 1 + 0.5: every other row keeps its computed score.
REVIEWED_TOTAL = Decimal("93.26")


def test_round_from_fill_in_to_summary(log_in, demo_server, tmp_path, recalculate):
    # --- the unit fills in: the score appears live, the page is never reloaded ---------------------------
    unit = log_in(UNIT)
    unit_name = pages.open_own_submission(unit)
    submission_url = unit.url
    assert pages.state(unit) == "草稿"
    unit.evaluate("window.notReloaded = true")
    fields = pages.dapeng_fields()
    assert len(fields) > 40  # 44 figures and the typed row entries of the example
    pages.fill(unit, fields)
    assert pages.total_and_grade(unit) == ("93.76", "优")
    assert unit.evaluate("window.notReloaded === true"), "填写时页面被重新载入，而不是局部更新"
    assert pages.row_score(unit, "项目完成及时性") == "5.76"  # 24 / 25 × 6

    # --- evidence, then submit (warnings need their explanation first) -----------------------------------
    evidence = tmp_path / "2021年度部门决算报表.pdf"
    evidence.write_bytes(pages.minimal_pdf())
    pages.upload_evidence(unit, evidence)
    assert unit.locator("#evidence").get_by_role("link", name="2021年度部门决算报表.pdf").count() == 1, pages.messages(unit)
    # The 大鹏 figures carry the report's slips (资产合计 ≠ 总资产, “三公”经费控制率 33.51 % for 33.49 %): warnings.
    assert pages.explain_warnings(unit, "已与决算报表核对，数字按报告原文填写。") >= 2
    pages.press(unit, "提交")
    assert pages.state(unit) == "已提交", pages.messages(unit)
    assert unit.locator('[name="figures|总资产"]').is_disabled(), "提交后仍可修改"

    # --- the 主管部门 returns it with a comment -----------------------------------------------------------
    reviewer = log_in(REVIEWER)
    reviewer.goto(submission_url)
    pages.follow(reviewer, "审核")
    reviewer.locator("textarea[name=comment]").first.fill(RETURN_COMMENT)
    pages.press(reviewer, "退回")
    assert pages.state(reviewer) == "已退回", pages.messages(reviewer)

    # --- the unit sees the comment, fixes the figure and resubmits ---------------------------------------
    unit.goto(submission_url)
    assert RETURN_COMMENT in unit.locator("body").inner_text()
    pages.type_field(unit, "figures|总资产", "9899.86")
    assert pages.total_and_grade(unit) == ("93.76", "优")  # 总资产 is checked, not scored
    pages.explain_warnings(unit, "已与决算报表核对。")
    pages.press(unit, "提交")
    assert pages.state(unit) == "已提交", pages.messages(unit)

    # --- the reviewer sets one row's 复核得分 and approves; 报送 ----------------------------------------
    reviewer.reload()
    row_form = reviewer.locator(f"form:has(input[name=path][value='{REVIEWED_ROW}'])")
    row_form.locator("input[name=score]").fill(REVIEWED_SCORE)
    row_form.locator("[name=reason]").fill("未提供编外人员数量，无法核实控制率，酌情扣 0.5 分。")
    row_form.get_by_role("button").click()
    reviewer.wait_for_load_state()
    assert str(REVIEWED_TOTAL) in reviewer.locator("body").inner_text(), pages.messages(reviewer)
    pages.press(reviewer, "审核通过")
    assert pages.state(reviewer) == "已审核", pages.messages(reviewer)
    pages.open_department(reviewer)
    pages.press(reviewer, "报送")
    assert reviewer.locator("#report-state").inner_text() == "已报送", pages.messages(reviewer)

    # --- the 财政局 downloads the region's 汇总表 and the test reads it ----------------------------------
    finance = log_in(FINANCE)
    finance.goto("/")
    finance.locator("section:has(h2:text-is('评价批次')) tbody a").first.click()
    with finance.expect_download() as download_info:
        finance.get_by_role("link", name="下载汇总表").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "汇总表.xlsx"
    download.save_as(saved)

    sheet = load_workbook(saved).active
    assert [sheet.cell(row=2, column=c).value for c in range(1, 8)] == [
        "序号", "预算单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评分数", "复核分数",
    ]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    total_row = rows[-1]
    units = rows[:-1]
    assert total_row[0] == "合计"
    ours = [row for row in units if row[1] == unit_name]
    assert len(ours) == 1, [row[1] for row in units]
    _index, _name, budget, spent, _rate, score, reviewed = ours[0]
    # 调整后预算 7,621.05 万元, 实际支出 7,606.15 万元; 自评 93.76; 复核 93.26.
    assert (round(Decimal(str(budget)), 2), round(Decimal(str(spent)), 2)) == (Decimal("7621.05"), Decimal("7606.15"))
    assert Decimal(str(score)) == Decimal("93.76")
    assert Decimal(str(reviewed)) == REVIEWED_TOTAL

    # The 合计 row and the 执行率 column are formulas: recalculated by LibreOffice, they must agree with the rows.
    values = recalculate(saved).active
    last = sheet.max_row
    budgets = [Decimal(str(row[2])) for row in units if row[2] is not None]
    spents = [Decimal(str(row[3])) for row in units if row[3] is not None]
    assert round(Decimal(str(values.cell(row=last, column=3).value)), 2) == round(sum(budgets), 2)
    assert round(Decimal(str(values.cell(row=last, column=4).value)), 2) == round(sum(spents), 2)
    ours_row = 3 + units.index(ours[0])
    # 7,606.15 / 7,621.05 = 99.80 %
    assert round(Decimal(str(values.cell(row=ours_row, column=5).value)), 4) == Decimal("0.9980")
