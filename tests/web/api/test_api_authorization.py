"""The API's authorisation matrix: every endpoint × every role × own / foreign organisation → status.

Objects as in tests/web/test_authorization.py: dw1's submission (with the 大鹏 facts loaded), its
主管部门 (zgbm1) and the demo round; the outside evaluator pg1 (assigned dw1's unit) has no membership, so every
scoped endpoint refuses it and the lists it may read name no unit of the round but dw1's. Each request runs in a rolled-back transaction so all roles
see the same starting state. An operation in the OpenAPI schema without an entry fails the test.
A 409 means the person passed the scope check and the workflow refused (e.g. a draft cannot be approved).
"""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from web.conftest import ASSIGNED, ROLES, assert_only_assigned

pytestmark = pytest.mark.web

OK, DENIED, UNAUTHENTICATED, CONFLICT = 200, 403, 401, 409
VIEWERS = {"filler_own": OK, "reviewer_own": OK, "finance_own": OK}


def expect(allowed: dict[str, int], default: int = DENIED, anonymous: int = UNAUTHENTICATED) -> dict[str, int]:
    return {"anonymous": anonymous, **{role: allowed.get(role, default) for role in ROLES}}


EVERYONE = expect({}, default=OK)
PDF = b"%PDF-1.4\n% evidence\n"

# "METHOD path" → ({role: status}, how to send the body)
MATRIX = {
    "GET /api/frameworks": (EVERYONE, None),
    "GET /api/frameworks/{framework_id}": (EVERYONE, None),
    "GET /api/rounds": (EVERYONE, None),
    "GET /api/rounds/{round_id}": (expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "GET /api/units": (EVERYONE, None),
    "GET /api/rounds/{round_id}/summary": (expect({"finance_own": OK}), None),
    "GET /api/rounds/{round_id}/summary.xlsx": (expect({"finance_own": OK}), None),
    "GET /api/rounds/{round_id}/departments/{department_id}/summary": (expect({"reviewer_own": OK, "finance_own": OK}), None),
    "GET /api/rounds/{round_id}/departments/{department_id}/summary.xlsx": (expect({"reviewer_own": OK, "finance_own": OK}), None),
    "POST /api/evaluate": (EVERYONE, "yaml"),
    "GET /api/submissions": (EVERYONE, None),
    "GET /api/submissions/{submission_id}": (expect(VIEWERS), None),
    # The unit fills; its 主管部门 may load whole files for its units (jixiao push).
    "PUT /api/submissions/{submission_id}/facts": (expect({"filler_own": OK, "reviewer_own": OK}), "yaml"),
    "POST /api/submissions/{submission_id}/facts/file": (expect({"filler_own": OK, "reviewer_own": OK}), "facts_file"),
    "PATCH /api/submissions/{submission_id}/fields": (expect({"filler_own": OK}), "fields"),
    "POST /api/submissions/{submission_id}/submit": (expect({"filler_own": CONFLICT}), None),  # warnings unexplained
    "POST /api/submissions/{submission_id}/return": (expect({"reviewer_own": CONFLICT}), "comment"),  # a draft
    "POST /api/submissions/{submission_id}/approve": (expect({"reviewer_own": CONFLICT}), "comment"),
    "POST /api/submissions/{submission_id}/review-scores": (expect({"reviewer_own": CONFLICT}), "review"),
    "GET /api/submissions/{submission_id}/evidence": (expect(VIEWERS), None),
    "POST /api/submissions/{submission_id}/evidence": (expect({"filler_own": OK}), "evidence"),
    "GET /api/evidence/{evidence_id}": (expect(VIEWERS), None),
    "GET /api/submissions/{submission_id}/documents/{which}": (expect(VIEWERS), None),
    # 项目支出绩效自评 (jixiao.web.projects): dw1's 高标准农田建设项目, a complete draft
    "GET /api/rounds/{round_id}/projects": (expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "GET /api/projects/{project_id}": (expect(VIEWERS), None),
    "PUT /api/projects/{project_id}/facts": (expect({"filler_own": OK}), "project_facts"),
    "POST /api/projects/{project_id}/submit": (expect({"filler_own": OK}), None),
    "POST /api/projects/{project_id}/return": (expect({"reviewer_own": CONFLICT}), "comment"),  # a draft
    "POST /api/projects/{project_id}/approve": (expect({"reviewer_own": CONFLICT}), None),
}
# Not behind a token: the docs page and the schema it reads; ninja's root route answers 404 (in the error shape).
PUBLIC = {"/api/docs": OK, "/api/openapi.json": OK, "/api/": 404}


def operations() -> list[str]:
    from jixiao.web.api.main import api

    schema = api.get_openapi_schema()
    return sorted(f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods)



def test_every_api_operation_has_an_entry():
    found = operations()
    missing = [op for op in found if op not in MATRIX]
    assert not missing, f"接口未登记在授权矩阵中：{missing}"
    assert set(MATRIX) <= set(found), f"矩阵中有已不存在的接口：{set(MATRIX) - set(found)}"


def test_every_api_url_is_an_operation_or_public():
    """No route under /api/ escapes the matrix: each is an operation of the schema or a public page."""
    import re

    from jixiao.web.api.main import api

    routes = {"/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p.pattern)) for p in api.urls[0]}
    schema_paths = {op.split(" ", 1)[1] for op in operations()}
    assert routes - schema_paths == set(PUBLIC), routes - schema_paths


@pytest.fixture
def objects(loaded, users, demo, assigned):
    from jixiao.web.rounds import evidence as store
    from jixiao.web.rounds.models import Evidence

    evidence = Evidence.objects.create(
        submission=loaded, original_name="说明.pdf", sha256=store.store(PDF), size=len(PDF), content_type="application/pdf", uploaded_by=users["filler_own"]
    )
    return {"submission_id": loaded.pk, "round_id": demo.pk, "department_id": loaded.unit.parent_id, "evidence_id": evidence.pk,
            "framework_id": "shenzhen-2019", "which": "scoresheet", "project_id": _project(loaded).pk}


def loaded_round(objects):
    from jixiao.web.rounds.models import Round

    return Round.objects.get(pk=objects["round_id"])


def _project(submission):
    from jixiao.web.projects.models import ProjectSubmission

    return ProjectSubmission.objects.get(unit=submission.unit, project="高标准农田建设项目")


def _send(client, method: str, url: str, body: str | None, dapeng_yaml: bytes, version: int):
    if body == "yaml":
        sep = "&" if "?" in url else "?"
        return getattr(client, method.lower())(f"{url}{sep}version={version}", dapeng_yaml, content_type="application/yaml")
    if body == "facts_file":
        return client.post(url, {"version": str(version), "file": SimpleUploadedFile("dapeng.yaml", dapeng_yaml)})
    if body == "evidence":
        return client.post(url, {"file": SimpleUploadedFile("说明.pdf", PDF), "path": ""})
    payloads = {
        "fields": {"version": version, "changes": {"figures|年初预算": "1"}},
        "comment": {"comment": "请补充"},
        "review": {"path": ["部门决策", "预算编制", "预算编制合理性"], "score": "4", "reason": "复核", "stage": "department"},
        "project_facts": {"facts": {"funds": {"年度资金总额": {"initial": "1200", "budget": "1150", "spent": "1080"}}, "indicators": {}}},
        None: None,
    }
    payload = payloads[body]
    if payload is None:
        return getattr(client, method.lower())(url)
    return getattr(client, method.lower())(url, payload, content_type="application/json")


@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_api_status_by_role(operation, objects, api, dapeng_yaml):
    method, template = operation.split(" ", 1)
    statuses, body = MATRIX[operation]
    url = template.format(**objects)
    got = {}
    for role in statuses:
        with transaction.atomic():
            response = _send(api(None if role == "anonymous" else role), method, url, body, dapeng_yaml, 2)
            transaction.set_rollback(True)
        got[role] = response.status_code
        if role in ASSIGNED and response.status_code == OK and operation != "POST /api/evaluate":  # scores the body it is sent
            assert_only_assigned(role, response, loaded_round(objects))
        if response.status_code >= 400:
            body_json = response.json()
            assert set(body_json) >= {"code", "message", "errors"}, (operation, role, body_json)
    assert got == statuses, operation


@pytest.mark.parametrize("url,status", sorted(PUBLIC.items()))
def test_docs_are_public(client, db, url, status):
    assert client.get(url).status_code == status
