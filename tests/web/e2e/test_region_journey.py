"""A finance bureau running the full demo region in a real browser: the overview (ECharts drawn under the CSP),
a search in the unit list, a 主管部门's batch approval and a seeded 抽查 draw."""
from __future__ import annotations

import hashlib

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.web, pytest.mark.browser]
DEMO = "full"  # this module's server runs the full demo (four more 主管部门, last year's round, an evaluator)


def test_overview_search_batch_approval_and_a_seeded_draw(log_in):
    finance = log_in("czj")
    finance.get_by_role("link", name="总览").first.click()
    expect(finance.locator("h1")).to_contain_text("总览")
    # ECharts (served by this site) drew every chart: a canvas in each chart box.
    expect(finance.locator("[data-chart] canvas")).to_have_count(4)
    assert int(finance.locator("#late-count").inner_text()) > 0
    expect(finance.locator("#table-grades")).to_contain_text("上年单位数")

    finance.get_by_role("link", name="单位列表").click()
    finance.get_by_label("单位名称或代码").fill("医院")
    finance.get_by_role("button", name="查找").click()
    expect(finance.locator("#found-count")).to_contain_text("共 2 个单位")
    expect(finance.locator("#unit-list tbody tr")).to_have_count(2)

    reviewer = log_in("zgbm4")
    reviewer.goto(finance.url.split("?")[0] + "?state=submitted")
    boxes = reviewer.locator("#unit-list input[type=checkbox]")
    expect(boxes).to_have_count(2)
    for index in range(2):
        boxes.nth(index).check()
    reviewer.get_by_label("意见（退回时必填）").fill("材料齐全，同意")
    reviewer.get_by_role("button", name="批量审核通过").click()
    expect(reviewer.locator("#messages")).to_contain_text("已审核通过 2 个单位")

    finance.goto(finance.url.split("/units/")[0] + "/sample/")
    finance.get_by_label("或抽取个数").fill("3")
    finance.get_by_label("随机种子（不填则随机生成并记录）").fill("20261201")
    finance.get_by_role("button", name="抽取").click()
    expect(finance.locator("#messages")).to_contain_text("已抽取 3 个单位（种子 20261201）")
    shown = finance.locator(".draw").first.locator("tbody tr td:first-child").all_inner_texts()
    lots = finance.locator(".draw").first.locator("tbody code").all_inner_texts()
    # Each shown lot is the start of SHA-256("20261201:<unit>"), smallest first.
    assert lots == [hashlib.sha256(f"20261201:{name}".encode()).hexdigest()[:12] for name in shown] and lots == sorted(lots)
