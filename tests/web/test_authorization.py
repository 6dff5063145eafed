"""The authorisation matrix: every URL pattern × every role × own / foreign organisation → status code.

The objects are dw1's submission (own unit), its 主管部门 (zgbm1) and the demo round; "foreign" roles
are dw2 (another unit of the same 主管部门), zgbm2 (the other 主管部门) and czj2 (another 财政局).
A URL pattern missing from MATRIX fails the test, so a new page cannot go unchecked.
"""
from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from web.conftest import ROLES

pytestmark = pytest.mark.web

OK, MOVED, DENIED = 200, 302, 403
VIEWERS = {"filler_own": OK, "reviewer_own": OK, "finance_own": OK}
FILLER_ONLY = {"filler_own": MOVED}
REVIEWER_ONLY = {"reviewer_own": MOVED}


def expect(allowed: dict[str, int], anonymous: int = MOVED, default: int = DENIED) -> dict[str, int]:
    return {"anonymous": anonymous, **{role: allowed.get(role, default) for role in ROLES}}


# name → (method, {role: status}, POST data)
MATRIX = {
    "home": ("get", expect({}, default=OK), None),
    "login": ("get", expect({}, anonymous=OK, default=OK), None),
    "logout": ("post", expect({}, default=MOVED), None),
    "password_change": ("get", expect({}, default=OK), None),
    "round_new": ("get", expect({"finance_own": OK, "finance_foreign": OK}), None),  # a 财政局 opens rounds in its own region
    "round": ("get", expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "region_summary": ("get", expect({"finance_own": OK}), None),
    "round_archive": ("get", expect({"finance_own": OK}), None),
    "department": ("get", expect({"reviewer_own": OK, "finance_own": OK}), None),
    "department_summary": ("get", expect({"reviewer_own": OK, "finance_own": OK}), None),
    "department_report": ("post", expect(REVIEWER_ONLY), {}),
    "department_return": ("post", expect({"finance_own": MOVED}), {"comment": "退回"}),
    "submission": ("get", expect(VIEWERS), None),
    "save": ("post", expect(FILLER_ONLY), {"figures|年初预算": "1", "version": "1"}),
    "slot_add": ("post", expect(FILLER_ONLY), {"slot": "x"}),
    "slot_remove": ("post", expect(FILLER_ONLY), {"slot": "x", "index": "0"}),
    "explain": ("post", expect(FILLER_ONLY), {"key": "k", "text": "t"}),
    "submit": ("post", expect(FILLER_ONLY), {}),
    "upload_facts": ("post", expect(FILLER_ONLY), {}),
    "template_xlsx": ("get", expect(VIEWERS), None),
    "document": ("get", expect(VIEWERS), None),
    "evidence_upload": ("post", expect(FILLER_ONLY), {}),
    "history_csv": ("get", expect(VIEWERS), None),
    "review": ("get", expect({"reviewer_own": OK, "finance_own": OK}), None),
    "review_score": ("post", expect(REVIEWER_ONLY), {"stage": "department", "path": "x", "score": "1", "reason": "r"}),
    "return": ("post", expect(REVIEWER_ONLY), {"comment": "退回"}),
    "approve": ("post", expect(REVIEWER_ONLY), {}),
    "evidence_download": ("get", expect(VIEWERS), None),
    "import_orgs": ("get", expect({"finance_own": OK, "finance_foreign": OK}), None),
    "profile": ("get", expect({}, default=OK), None),  # each person's own tokens only
    "token_create": ("post", expect({}, default=OK), {"name": "对接"}),
    "token_revoke": ("post", expect({}, default=MOVED), {}),  # another person's token: "没有这个令牌", nothing revoked
    # 项目支出绩效自评 (jixiao.web.projects): dw1's project 高标准农田建设项目
    "project_list": ("get", expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "project_import": ("post", expect({"finance_own": MOVED}), {}),
    "project_summary": ("get", expect({"reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),  # each sees only its own projects
    "project": ("get", expect(VIEWERS), None),
    "project_save": ("post", expect({"filler_own": OK}), {"funds|年度资金总额|budget": "1150"}),
    "project_submit": ("post", expect(FILLER_ONLY), {}),
    "project_return": ("post", expect(REVIEWER_ONLY), {"comment": "退回"}),
    "project_approve": ("post", expect(REVIEWER_ONLY), {}),
    "project_xlsx": ("get", expect(VIEWERS), None),
    "project_target_change": ("post", expect({"reviewer_own": MOVED, "finance_own": MOVED}), {"indicator": "新建高标准农田面积", "field": "value", "value": "1.9", "reason": "调减任务"}),
}
ADMIN = "admin"  # the whole admin site: staff only (checked in test_admin_is_staff_only)
API = "api"  # every endpoint under /api/ has its own matrix in test_api_authorization.py


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in (ADMIN, API):
                yield entry.namespace, str(entry.pattern)
                continue
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, prefix + str(entry.pattern)


def test_every_url_pattern_has_an_entry():
    names = [name for name, _route in walk(get_resolver().url_patterns)]
    missing = [name for name in names if name not in MATRIX and name not in (ADMIN, API)]
    assert not missing, f"URL 未登记在授权矩阵中：{missing}"
    assert set(MATRIX) <= set(names), f"矩阵中有已不存在的 URL：{set(MATRIX) - set(names)}"


def _kwargs(name: str, route: str, objects: dict) -> dict:
    submission, department, evidence = objects["submission"], objects["department"], objects["evidence"]
    values = {"pk": submission.pk, "dept": department.pk, "which": "scoresheet"}
    if route.startswith("rounds/"):
        values["pk"] = submission.round_id
    if name == "evidence_download":
        values["pk"] = evidence.pk
    if route.startswith("projects/"):
        values["pk"] = objects["project"].pk
    return {key: value for key, value in values.items() if f"<int:{key}>" in route or f"<str:{key}>" in route}


@pytest.fixture
def objects(own_submission, users):
    from jixiao.web.rounds import evidence as store
    from jixiao.web.rounds.models import Evidence

    content = b"%PDF-1.4\n% test evidence\n"
    digest = store.store(content)
    evidence = Evidence.objects.create(
        submission=own_submission, original_name="说明.pdf", sha256=digest, size=len(content), content_type="application/pdf", uploaded_by=users["filler_own"]
    )
    from jixiao.web.projects.models import ProjectSubmission

    project = ProjectSubmission.objects.get(unit=own_submission.unit, project="高标准农田建设项目")
    return {"submission": own_submission, "department": own_submission.unit.parent, "evidence": evidence, "project": project}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_status_by_role(name, objects, login):
    from django.test import Client
    from django.urls import reverse

    route = dict(walk(get_resolver().url_patterns))[name]
    method, statuses, data = MATRIX[name]
    url = reverse(name, kwargs=_kwargs(name, route, objects))
    got = {}
    for role, _expected in statuses.items():
        client = Client() if role == "anonymous" else login(role)
        with transaction.atomic():  # each request sees the same starting state
            response = getattr(client, method)(url, data or {})
            transaction.set_rollback(True)
        got[role] = response.status_code
    assert got == statuses, url


def test_anonymous_is_sent_to_login(demo, client):
    response = client.get(f"/rounds/{demo.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("role,status", [("filler_own", 302), ("finance_own", 302)])
def test_admin_is_staff_only(login, role, status):
    assert login(role).get("/admin/").status_code == status


def test_admin_opens_for_staff(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/rounds/historyentry/").status_code == 200
    assert client.get("/admin/rounds/historyentry/add/").status_code == 403  # read-only


def test_admin_cannot_change_a_rounds_framework(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get("/admin/rounds/round/add/").status_code == 403
    page = client.get(f"/admin/rounds/round/{demo.pk}/change/").content.decode()
    assert 'name="framework_id"' not in page and 'name="title"' in page
