"""Screenshots of the web system's main pages for README, taken in Chromium from a real, freshly seeded server.

    .venv/bin/python scripts/screenshots.py [folder]      (make docs-web-images; default folder docs/)

Writes web-login.png, web-rounds.png, web-fill.png (the 大鹏 figures typed in, live total 93.76 优),
web-review.png (the 主管部门's review page) and web-summary.png (the 财政局's view with the 汇总表), using the
same page steps as the browser test (tests/web/e2e/pages.py).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web.e2e import pages  # noqa: E402
from web.e2e.harness import DemoServer, ServerError, launch_chromium, new_context  # noqa: E402

VIEWPORT_HEIGHT = 900  # the README shows the top of each page: a laptop screen's worth


def shoot(page, path: Path) -> None:
    page.screenshot(path=str(path), full_page=False)
    print(f"{path}（{path.stat().st_size // 1024} KB）")


def take(folder: Path, server_url: str, browser) -> None:
    anonymous = new_context(browser, server_url)
    login = anonymous.new_page()
    login.goto("/")
    shoot(login, folder / "web-login.png")
    anonymous.close()

    unit = pages.sign_in(new_context(browser, server_url), "dw1")
    shoot(unit, folder / "web-rounds.png")
    pages.open_submission(unit)
    pages.fill(unit, pages.dapeng_fields())
    unit.locator("#total").scroll_into_view_if_needed()
    shoot(unit, folder / "web-fill.png")
    pages.explain_warnings(unit, "已与决算报表核对，数字按报告原文填写。")
    pages.press(unit, "提交")

    reviewer = pages.sign_in(new_context(browser, server_url), "zgbm1")
    reviewer.goto(unit.url)
    pages.follow(reviewer, "审核")
    shoot(reviewer, folder / "web-review.png")
    pages.press(reviewer, "审核通过")
    pages.open_department(reviewer)
    pages.press(reviewer, "报送")

    finance = pages.sign_in(new_context(browser, server_url), "czj")
    finance.locator("section:has(h2:text-is('评价批次')) tbody a").first.click()
    finance.wait_for_load_state()
    shoot(finance, folder / "web-summary.png")


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    folder = Path(argv[0]) if argv else ROOT / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-screens-") as scratch:
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
