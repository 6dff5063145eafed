"""Fixtures for the browser tests: a real gunicorn server over a seeded demo region, and Debian's Chromium."""
from __future__ import annotations

import pytest

from render.conftest import recalculate  # noqa: F401  (LibreOffice recalculation, shared with the render tests)

from .harness import DemoServer, ServerError, launch_chromium, new_context
from .pages import sign_in


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


@pytest.fixture
def log_in(chromium, demo_server):
    """log_in("dw1") → a page of a new browser context (own cookies) signed in as that demo account."""
    contexts = []

    def new_person(username: str):
        context = new_context(chromium, demo_server.url)
        contexts.append(context)
        return sign_in(context, username)

    yield new_person
    for context in contexts:
        context.close()
