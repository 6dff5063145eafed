"""Browser journey of a monitoring round: the unit sees its lights, the 财政局 filters the board and records a
disposition, the unit sees it. Screenshots of both pages at 1400 and 1024 px are kept in the test's folder."""
from __future__ import annotations

import pytest

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

    finance = log_in("czj")
    finance.goto("/monitoring/")
    finance.get_by_role("link", name="2024 年 1–6 月绩效运行监控").click()
    finance.locator("select[name=colour]").select_option("red")
    finance.get_by_role("button", name="筛选").click()
    finance.wait_for_url("**colour=red**")
    rows = finance.locator("table.board tbody tr")
    assert rows.count() == 5 and "学生营养改善计划" not in finance.locator("table.board").inner_text()
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
