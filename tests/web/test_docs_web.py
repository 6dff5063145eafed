"""docs/web.md keeps up with the pages: every URL and every demo account is in it."""
from __future__ import annotations

import re

import pytest
from django.urls import get_resolver

from conftest import ROOT
from web.test_authorization import ADMIN, walk

pytestmark = pytest.mark.web
DOC = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")


def _shape(route: str) -> str:
    return re.sub(r"<[^>]+>", "<>", route)


def test_every_url_is_documented():
    documented = _shape(DOC)
    missing = [route for name, route in walk(get_resolver().url_patterns) if name != ADMIN and "/" + _shape(route) not in documented and route]
    assert not missing, f"docs/web.md 没有列出：{missing}"


def test_demo_accounts_are_documented():
    from jixiao.web.orgs.demo import DEMO_PASSWORD, DEPARTMENTS

    names = ["czj", "admin"] + [reviewer for _d, reviewer, _u in DEPARTMENTS] + [filler for _d, _r, units in DEPARTMENTS for _n, filler, _o in units]
    for name in names:
        assert f"| `{name}` |" in DOC, name
    assert DEMO_PASSWORD in DOC
