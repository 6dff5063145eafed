"""Browser journey of a monitoring round: the unit sees its lights and fills one target field by field (the light
changes in place), the 财政局 filters the board, records a disposition and sees the thresholds form refuse overlapping
bands, the unit sees the disposition. Screenshots at 1400 and 1024 px are kept in the test's folder."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .harness import STEP_TIMEOUT_MS

pytestmark = [pytest.mark.web, pytest.mark.browser]


def test_monitoring_round_in_the_browser(log_in, tmp_path):
    unit = log_in("dw1")
    unit.get_by_role("link", name="绩效运行监控").click()
    unit.get_by_role("link", name="2024 年 1–6 月绩效运行监控").first.click()  # 本单位的监控表
    assert "演示市政务服务数据管理局本级 · 监控表" in unit.locator("h1").inner_text()
    body = unit.locator("body")
    assert "序时进度 49.73%" in body.inner_text()
    assert unit.locator(".light-red").count() >= 1 and "低于节点要求" in body.inner_text()
    report_url = unit.url

    # field by field: 供餐天数 40天 of 190 → 40 / (190 × 182/366) × 100 = 42.34 → red, in place, no reload
    unit.get_by_role("link", name="在网页上逐项填写监控表").click()
    meals = unit.locator(".target", has_text="供餐天数")
    light = meals.locator(".lightbox > .light")
    assert light.get_attribute("data-colour") == "green"
    unit.evaluate("window.notReloaded = true")
    meals.get_by_label("1–6月执行情况").fill("40天")
    meals.get_by_label("1–6月执行情况").press("Tab")
    expect(unit.locator("#fill-status")).to_contain_text("已保存", timeout=STEP_TIMEOUT_MS)
    expect(light).to_have_attribute("data-colour", "red")
    assert light.get_attribute("data-colour") == "red" and "完成程度 42.34" in meals.inner_text()
    assert "供餐天数：亮红灯，须勾选偏差原因" in unit.locator("#missing").inner_text()
    assert unit.evaluate("window.notReloaded") is True
    for width in (1400, 1024):
        unit.set_viewport_size({"width": width, "height": 900})
        unit.screenshot(path=str(tmp_path / f"monitoring-fill-{width}.png"), full_page=True)
    meals.get_by_label("其他", exact=True).check()
    expect(unit.locator("#missing")).to_contain_text("勾选了偏差原因“其他”，须写明其原因说明", timeout=STEP_TIMEOUT_MS)
    meals.get_by_label("其他 原因说明").fill("食堂改造停伙 3 周")
    meals.get_by_label("其他 原因说明").press("Tab")
    expect(unit.locator("#missing")).not_to_contain_text("须写明其原因说明", timeout=STEP_TIMEOUT_MS)
    unit.goto(report_url)

    finance = log_in("czj")
    finance.goto("/monitoring/")
    # opening a round: the thresholds prefilled with the defaults; 黄 60–85 against 绿 from 80 is refused at the row
    finance.locator("input[name=title]").fill("2024 年 1–9 月绩效运行监控")
    finance.locator("input[name=year]").fill("2024")
    finance.locator("input[name=as_of]").fill("2024-09-30")
    finance.locator("input[name=t-execution_yellow_upper]").fill("85")
    finance.get_by_role("button", name="开启（本地区全部单位）").click()
    assert "与黄档 60–85 重叠：80–85 同属两档" in finance.locator("table.bands").inner_text()
    assert finance.locator("input[name=t-execution_yellow_upper]").input_value() == "85"
    assert finance.locator(".field-error").all_inner_texts() == ["执行进度：与黄档 60–85 重叠：80–85 同属两档"]  # nothing else was wrong
    for width in (1400, 1024):
        finance.set_viewport_size({"width": width, "height": 900})
        finance.screenshot(path=str(tmp_path / f"monitoring-thresholds-{width}.png"), full_page=True)
    finance.goto("/monitoring/")
    finance.get_by_role("link", name="2024 年 1–6 月绩效运行监控").click()
    finance.locator("select[name=colour]").select_option("red")
    finance.get_by_role("button", name="筛选").click()
    finance.wait_for_url("**colour=red**")
    rows = finance.locator("table.board tbody tr")
    # 校园安全提升工程 in each of the five units, and dw1's 学生营养改善计划 that its 供餐天数 made red above
    assert rows.count() == 6 and finance.locator("table.board").inner_text().count("学生营养改善计划") == 1
    for width in (1400, 1024):
        finance.set_viewport_size({"width": width, "height": 900})
        finance.screenshot(path=str(tmp_path / f"monitoring-board-{width}.png"), full_page=True)
    finance.goto(report_url)
    finance.locator("select[name=action]").select_option("suspend")
    finance.locator("textarea[name=reason]").fill("安防设备安装严重滞后，暂停拨付至整改方案报来")
    finance.get_by_role("button", name="记录处理").click()
    assert "已记录对“校园安全提升工程”的处理：暂停" in finance.locator("body").inner_text()

    unit.reload()
    assert "暂停拨付至整改方案报来" in unit.locator("body").inner_text()
    for width in (1400, 1024):
        unit.set_viewport_size({"width": width, "height": 900})
        unit.screenshot(path=str(tmp_path / f"monitoring-report-{width}.png"), full_page=True)
