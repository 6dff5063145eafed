"""Fixtures for the web system's tests: the demo region, one more region, and logged-in clients by role."""
from __future__ import annotations

import pytest

ROLES = ("filler_own", "filler_foreign", "reviewer_own", "reviewer_foreign", "finance_own", "finance_foreign")
USERNAMES = {
    "filler_own": "dw1", "filler_foreign": "dw2", "reviewer_own": "zgbm1", "reviewer_foreign": "zgbm2",
    "finance_own": "czj", "finance_foreign": "czj2",
}


@pytest.fixture(autouse=True)
def _fast_hashing(settings, tmp_path):
    # Argon2 is the configured hasher (checked in test_security); tests log in often, so they hash fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EVIDENCE_DIR = tmp_path / "evidence"


@pytest.fixture(scope="session")
def seeds():
    """Seeds.make(name, build): build()'s rows made once per session, then put back in each test (web/seeds.py)."""
    from web.seeds import Seeds

    return Seeds()


def _seed_demo_and_czj2():
    from django.contrib.auth import get_user_model

    from jixiao.web.orgs.demo import seed_demo
    from jixiao.web.orgs.models import Membership, Organisation

    seed_demo()
    other = Organisation.objects.create(name="另一市财政局", kind=Organisation.FINANCE)
    czj2 = get_user_model().objects.create_user("czj2", password="jixiao-demo-2026")
    Membership.objects.create(user=czj2, organisation=other, role=Membership.FINANCE)


@pytest.fixture
def demo(db, seeds):
    """The demo region of `seed_demo`, plus a second 财政局 (czj2) that owns nothing in it (seeded once per session)."""
    from jixiao.web.rounds.models import Round

    seeds.make("demo", _seed_demo_and_czj2)
    return Round.objects.get()


@pytest.fixture
def users(demo):
    from django.contrib.auth import get_user_model

    return {role: get_user_model().objects.get(username=name) for role, name in USERNAMES.items()}


@pytest.fixture
def login(users):
    """login(role) → a test client logged in as that role's demo person."""
    from django.test import Client

    def make(role: str) -> Client:
        client = Client()
        client.force_login(users[role])
        return client

    return make


@pytest.fixture
def own_submission(demo):
    """dw1's draft (演示市政务服务数据管理局本级), empty in the seed."""
    return demo.submissions.get(unit__name="演示市政务服务数据管理局本级")
