"""Fixtures for the browser tests: a real gunicorn server over a seeded demo region, and Debian's Chromium."""
from __future__ import annotations

import pytest

from render.conftest import recalculate  # noqa: F401  (LibreOffice recalculation, shared with the render tests)

from .harness import DemoServer, ServerError, launch_chromium, new_context
from .pages import sign_in, sign_in_by_request


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """gunicorn on 127.0.0.1 and a free port, with a fresh JIXIAO_DATA_DIR seeded by `seed_demo`."""
    server = DemoServer(tmp_path_factory.mktemp("demo") / "data")
    try:
        server.start()
    except ServerError as error:
        server.stop()
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except FileNotFoundError as error:
            pytest.fail(str(error), pytrace=False)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept on the test item so that log_in's teardown knows whether the test failed.
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.browser_test_failed = report.failed


@pytest.fixture
def log_in(request, chromium, demo_server, tmp_path):
    """log_in("dw1") → a page of a new browser context (own cookies) signed in as that demo account
    (by_request=True: the login form posted without loading it, for steps that are not about logging in;
    log_in(None): a page of a new context, not signed in).

    When the test fails, every open page is saved as a screenshot and the server's last log lines are printed.
    """
    contexts = []

    def new_person(username: str, by_request: bool = False):
        context = new_context(chromium, demo_server.url)
        contexts.append(context)
        if username is None:
            return context.new_page()
        return (sign_in_by_request if by_request else sign_in)(context, username)

    yield new_person
    if getattr(request.node, "browser_test_failed", False):
        for number, page in enumerate(page for context in contexts for page in context.pages):
            shot = tmp_path / f"failed-page-{number}.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"失败时的页面 {page.url}：{shot}")
        print(f"服务器日志（最后几行）：\n{demo_server.log_tail()}")
    for context in contexts:
        context.close()
