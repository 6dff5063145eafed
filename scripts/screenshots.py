"""Screenshots of the web system's main pages for README, taken in Chromium from a real, freshly seeded server.

    .venv/bin/python scripts/screenshots.py [folder]      (make docs-web-images; default folder docs/)

Writes web-login.png, web-fill.png (the 大鹏 figures typed in, live total 93.76 优), web-review.png (the
主管部门's review with one 复核得分), web-rounds.png (the 财政局's 工作台: rounds and submissions) and
web-summary.png (the round after 报送, with the 汇总表 to download), using the browser test's page steps
(tests/web/e2e/pages.py).
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web.e2e import pages  # noqa: E402
from web.e2e.harness import DemoServer, ServerError, launch_chromium, new_context  # noqa: E402

def shoot(page, path: Path, top_of=None) -> None:
    """The window's worth of the page, scrolled so that `top_of` (a locator) starts just under the score bar."""
    if top_of is not None:
        top_of.evaluate("el => { el.scrollIntoView({block: 'start'}); window.scrollBy(0, -70); }")
    page.screenshot(path=str(path))
    print(f"{path}（{path.stat().st_size // 1024} KB）")


def take(folder: Path, server_url: str, browser) -> None:
    def person(username: str):
        return pages.sign_in(new_context(browser, server_url), username)

    anonymous = new_context(browser, server_url)
    login = anonymous.new_page()
    login.goto("/")
    shoot(login, folder / "web-login.png")
    anonymous.close()

    # dw1 types the 大鹏 figures: the live total, subtotals and row scores of 部门绩效.
    unit = person("dw1")
    pages.open_submission(unit)
    pages.fill(unit, pages.dapeng_fields())
    pages.expect_total(unit, "93.76", "优")
    shoot(unit, folder / "web-fill.png", top_of=unit.locator("h3", has_text="效率性"))
    pages.explain_warnings(unit, "已在报告“存在的问题”中说明。")
    pages.press(unit, "提交")

    # The 主管部门 reviews: one row's 复核得分 lowered, the 复核分数 beside the 自评总分.
    reviewer = person("zgbm1")
    reviewer.goto(unit.url)
    pages.follow(reviewer, "审核")
    pages.review_row(reviewer, "部门管理/人员管理/编外人员控制率", "0.5", "未提供编外人员数量，酌情扣 0.5 分。")
    shoot(reviewer, folder / "web-review.png")
    pages.approve(reviewer)
    other = person("dw2")
    pages.open_submission(other)
    pages.correct_and_submit_prefilled(other)
    reviewer.goto(other.url)
    pages.follow(reviewer, "审核")
    pages.approve(reviewer)
    pages.open_department(reviewer)
    pages.press(reviewer, "报送")

    # The 财政局: its 工作台 with every submission of the region, and the round with the 汇总表.
    finance = person("czj")
    shoot(finance, folder / "web-rounds.png")
    pages.open_round(finance)
    shoot(finance, folder / "web-summary.png")


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    folder = Path(argv[0]) if argv else ROOT / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-screens-") as scratch:
        # The typing recipe reads the web system's field names through Django; its settings want a data folder.
        os.environ.update(DJANGO_SETTINGS_MODULE="jixiao.web.settings", JIXIAO_DATA_DIR=str(Path(scratch) / "local"))
        import django

        django.setup()
        try:
            with DemoServer(Path(scratch) / "data") as server, sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                try:
                    take(folder, server.url, browser)
                finally:
                    browser.close()
        except (ServerError, FileNotFoundError) as error:
            print(f"截图失败：{error}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
