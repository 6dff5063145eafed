"""After the review, in a real browser over `jixiao serve --demo` (its reviewed 2020 round, docs/after-review.md):
a unit reports its 整改 and its 主管部门 accepts it; an anonymous reader finds the published report from the login
page, filters by grade and downloads the PDF, whose SHA-256 is the one the page lists."""
from __future__ import annotations

import hashlib

import pytest

from .harness import new_context

pytestmark = [pytest.mark.web, pytest.mark.browser]


def test_unit_reports_rectification_and_reviewer_accepts(log_in):
    unit = log_in("dw3")  # 演示市教育局本级: its 抽查 finding is an open, overdue item in the demo
    unit.goto("/")
    unit.locator("section:has(h2:text-is('我可见的填报')) a", has_text="演示市教育局本级").last.click()  # the 2020 round is listed last
    unit.get_by_role("link", name="整改事项与评价结果反馈").click()
    unit.locator("table a").first.click()
    assert "已逾期" in unit.locator("body").inner_text()
    unit.locator("textarea[name=measures]").fill("已补充效益调查报告与满意度调查")
    unit.get_by_role("button", name="报送整改情况").click()
    unit.wait_for_load_state()
    assert unit.locator("#item-state").inner_text().startswith("已报整改情况")
    reviewer = log_in("zgbm2")
    reviewer.goto(unit.url)
    reviewer.locator("#comment").fill("已核实")
    reviewer.get_by_role("button", name="验收通过").click()
    reviewer.wait_for_load_state()
    assert reviewer.locator("#item-state").inner_text().startswith("已验收")


def test_anonymous_reader_finds_and_downloads_the_published_report(chromium, demo_server):
    context = new_context(chromium, demo_server.url)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_role("link", name="查看已公开的绩效自评结果（无需登录）").click()
        page.locator("table a").first.click()
        page.locator("#grade").select_option("中")
        page.get_by_role("button", name="查询").click()
        page.wait_for_load_state()
        rows = page.locator("#units tbody tr")
        assert rows.count() == 1 and "75.76" in rows.first.inner_text()
        rows.first.get_by_role("link").click()
        listed = page.locator("li:has-text('自评报告（PDF）') code").inner_text().strip()
        with page.expect_download() as download:
            page.evaluate("url => { const a = document.createElement('a'); a.href = url; a.download = ''; document.body.appendChild(a); a.click(); }",
                          page.get_by_role("link", name="自评报告（PDF）", exact=False).get_attribute("href"))
        content = open(download.value.path(), "rb").read()
        assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == listed
    finally:
        context.close()
