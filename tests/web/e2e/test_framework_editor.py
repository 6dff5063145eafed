"""The 财政局 builds a small framework in the editor from the indicator library, sees the weights checked as
typed, saves it, tries it on the demo region's past round (what-if), then opens a round with it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .harness import STEP_TIMEOUT_MS

pytestmark = [pytest.mark.web, pytest.mark.browser]


def submit_action(page, value: str) -> None:
    with page.expect_navigation():
        page.locator(f'button[name="action"][value="{value}"]').click()


def test_build_from_library_try_on_past_round_and_open_a_round(log_in):
    page = log_in("czj")
    page.get_by_role("link", name="编写指标体系").click()
    page.get_by_role("link", name="从空白开始").click()
    page.locator('[name="name"]').fill("演示市部门整体支出绩效评价指标体系（2024）")
    page.locator('[name="key"]').fill("demo-city-2024")
    page.locator('[name="row-0-name"]').fill("预算执行")
    submit_action(page, "add-child:0")
    page.locator('[name="row-1-weight"]').fill("60")
    page.locator('[name="row-1-pick"]').select_option("政府采购执行率")
    submit_action(page, "pick:1")
    expect(page.locator('[name="row-1-name"]')).to_have_value("政府采购执行率")
    expect(page.locator('[name="row-1-p-figure"]')).to_have_value("政府采购执行率")
    # 预算执行 100 has one child of 60 so far: the live check says so beside it, and saving is refused
    expect(page.locator("#st-0")).to_contain_text("下级合计 60", timeout=STEP_TIMEOUT_MS)
    submit_action(page, "add-sibling:1")
    page.locator('[name="row-2-weight"]').fill("40")
    page.locator('[name="row-2-pick"]').select_option("社会公众或服务对象满意度")
    submit_action(page, "pick:2")
    # the library's tiers for 40 points: ≥90% full marks, ≥80% half
    expect(page.locator('[name="row-2-p-tiers"]')).to_have_value("≥90% 40\n≥80% 20\n其他 0")
    expect(page.locator("#checks")).to_contain_text("指标体系完整", timeout=STEP_TIMEOUT_MS)
    # 大鹏 2021's figures are the library's examples: 政府采购 635.3 / 635.3 = 100% × 60 = 60
    expect(page.locator("#st-1")).to_contain_text("示例单位得 60 / 60 分")
    submit_action(page, "save")
    expect(page.locator("#messages")).to_contain_text("已保存“演示市部门整体支出绩效评价指标体系（2024）”第 1 版")

    # what-if on the demo round: its filled units are 大鹏 2021 (93.76 优 under shenzhen-2019)
    page.get_by_role("button", name="试算“2021 年度部门整体支出绩效自评”").click()
    panel = page.locator("#whatif")
    expect(panel).to_contain_text("个等级改变", timeout=STEP_TIMEOUT_MS)
    # 政府采购 100% → 60, 满意度 99.91% ≥ 90% → 40: each filled unit from 93.76 to 100.00, still 优
    first = panel.locator("table.movers tbody tr").first
    expect(first).to_contain_text("93.76")
    expect(first.locator("td").nth(2)).to_have_text("100.00")

    page.get_by_role("link", name="编写指标体系").first.click()
    page.get_by_role("link", name="用此版本开启批次").first.click()
    page.locator('[name="title"]').fill("2024 年度部门整体支出绩效自评（新体系）")
    page.get_by_role("button", name="开启").click()
    expect(page.locator("#messages")).to_contain_text("使用“演示市部门整体支出绩效评价指标体系（2024）”第 1 版")
    expect(page.locator("h1")).to_contain_text("2024 年度部门整体支出绩效自评（新体系）")
