"""Fixtures for the browser tests: a real gunicorn server over a seeded demo region, and Debian's Chromium.

Each module gets its own server over its own copy of the demo (what one module changes, no other sees), but the
demo is prepared once per flavour and session (DemoTemplate: `jixiao serve --demo`'s migrate, collectstatic and
seeding with its LibreOffice PDFs), in the background from the end of collection while the other tests run.
A module sets DEMO = "full" for the whole demo region (`jixiao serve --demo`), else it gets the core demo
(JIXIAO_DEMO=core: the five units the round flow walks through).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from render.conftest import recalculate  # noqa: F401  (LibreOffice recalculation, shared with the render tests)

from .harness import DemoServer, DemoTemplate, ServerError, launch_chromium, new_context
from .pages import sign_in, sign_in_by_request

TEMPLATES = pytest.StashKey[dict]()


def _flavour(module) -> str:
    return getattr(module, "DEMO", "core")


def pytest_collection_finish(session):
    flavours = sorted({_flavour(item.module) for item in session.items if item.get_closest_marker("browser") and item.module is not None})
    if not flavours or session.config.option.collectonly:
        return
    folder = Path(tempfile.mkdtemp(prefix="jixiao-demo-templates-"))
    session.config.stash[TEMPLATES] = {"folder": folder, **{demo: DemoTemplate(folder / demo, demo).start() for demo in flavours}}


def pytest_sessionfinish(session):
    templates = session.config.stash.get(TEMPLATES, None)
    if templates:
        folder = templates.pop("folder")
        for template in templates.values():
            template.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def server_settings() -> dict[str, str]:
    """More environment for this module's server and its commands; a module overrides it (e.g. its own SMTP server)."""
    return {}


@pytest.fixture(scope="module")
def demo_server(request, tmp_path_factory, server_settings):
    """gunicorn on 127.0.0.1 and a free port, over a fresh copy of the seeded demo (its own JIXIAO_DATA_DIR)."""
    demo = _flavour(request.module)
    templates = request.config.stash.get(TEMPLATES, {})
    template = templates.get(demo) or DemoTemplate(tmp_path_factory.mktemp(f"{demo}-template") / "data", demo)
    server = DemoServer(tmp_path_factory.mktemp(f"{demo}-demo") / "data", template=template, env=server_settings)
    try:
        server.start()
    except ServerError as error:
        server.stop()
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
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
