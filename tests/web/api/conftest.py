"""Fixtures for the API tests: a Bearer token per demo role, and clients that send it."""
from __future__ import annotations

import os

import pytest

from web.dapeng import corrected_dapeng

# pytest-django's live_server (the push tests) listens on 127.0.0.1 only, never on another interface.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture
def tokens(users):
    """role → the full text of a fresh token for that role's demo person."""
    from jixiao.web.api import tokens as service

    return {role: service.create(user, "测试")[1] for role, user in users.items()}


@pytest.fixture
def api(tokens):
    """api(role) → a test client sending that role's token (role None: no token)."""
    from django.test import Client

    def make(role: str | None) -> Client:
        return Client() if role is None else Client(HTTP_AUTHORIZATION=f"Bearer {tokens[role]}")

    return make


@pytest.fixture
def dapeng_yaml(own_submission) -> bytes:
    """The corrected 大鹏 example named after dw1's unit, as a 主管部门 would push it."""
    return corrected_dapeng(own_submission.unit.name)


@pytest.fixture
def loaded(own_submission, users, dapeng_yaml):
    """dw1's draft with the 大鹏 facts loaded through the service layer (version 2)."""
    from jixiao.web.rounds import services
    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.views_fill import read_facts_upload

    framework = state_of(own_submission).framework
    raw = read_facts_upload(dapeng_yaml, "dapeng.yaml", framework)
    raw.update(department=own_submission.unit.name, year=own_submission.round.year, framework=framework.id)
    return services.replace_facts(own_submission, users["filler_own"], raw, "dapeng.yaml", 1)
