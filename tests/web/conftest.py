"""Fixtures for the web system's tests: the demo region, one more region, and logged-in clients by role."""
from __future__ import annotations

import pytest

ROLES = ("filler_own", "filler_foreign", "reviewer_own", "reviewer_foreign", "finance_own", "finance_foreign", "evaluator")
USERNAMES = {
    "filler_own": "dw1", "filler_foreign": "dw2", "reviewer_own": "zgbm1", "reviewer_foreign": "zgbm2",
    "finance_own": "czj", "finance_foreign": "czj2", "evaluator": "pg1",
}
# Outside evaluators engaged by the demo 财政局: pg1 (the matrices' evaluator) is assigned dw1's unit, pg2 dw2's (see `assigned`).
EVALUATORS = {"pg1": "演示绩效评价咨询有限公司", "pg2": "演示第二评价事务所"}
ASSIGNED = {"evaluator": "演示市政务服务数据管理局本级"}


def assert_only_assigned(role: str, response, round_) -> None:
    """What an evaluator is shown (a page or an API answer) names no unit of the round but the one assigned to it."""
    kind = response.get("Content-Type", "").split(";")[0]
    if kind not in ("text/html", "application/json"):
        return
    body = response.content.decode()
    if kind == "application/json":  # the names as text, however the JSON escapes them
        import json

        body = json.dumps(json.loads(body), ensure_ascii=False)
    body = body.replace(ASSIGNED[role], "")
    shown = [name for name in round_.submissions.values_list("unit__name", flat=True) if name != ASSIGNED[role] and name in body]
    assert not shown, f"{role} sees {shown} at {response.request['PATH_INFO']}"


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

    from jixiao.web.orgs.models import Organisation
    from jixiao.web.spotcheck.models import Evaluator

    region = Organisation.objects.get(name="演示市财政局")
    for username, agency in EVALUATORS.items():  # accounts with no membership: they see only what is assigned
        if not Evaluator.objects.filter(user__username=username).exists():
            person = get_user_model().objects.create_user(username, password="jixiao-demo-2026", first_name=f"{agency}评价人员")
            Evaluator.objects.create(user=person, agency=agency, region=region)
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
def assigned(users, own_submission, demo):
    """pg1 assigned dw1's submission and pg2 dw2's, as the 财政局 does from a 抽查 draw."""
    from jixiao.web.spotcheck.models import Evaluator
    from jixiao.web.spotcheck.services import assign

    from django.contrib.auth import get_user_model

    assign(Evaluator.objects.get(user=users["evaluator"]), [own_submission], users["finance_own"])
    pg2 = get_user_model().objects.get(username="pg2")  # another evaluator's assignment: nothing pg1 may see
    assign(Evaluator.objects.get(user=pg2), [demo.submissions.get(unit__name="演示市政务服务中心")], users["finance_own"])
    return own_submission


@pytest.fixture
def own_submission(demo):
    """dw1's draft (演示市政务服务数据管理局本级), empty in the seed."""
    return demo.submissions.get(unit__name="演示市政务服务数据管理局本级")
