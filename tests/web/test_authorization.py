"""The authorisation matrix: every URL pattern × every role × own / foreign organisation → status code.

The objects are dw1's submission (own unit), its 主管部门 (zgbm1) and the demo round; "foreign" roles
are dw2 (another unit of the same 主管部门), zgbm2 (the other 主管部门) and czj2 (another 财政局).
The outside evaluator pg1 (role "evaluator") has no membership anywhere and is assigned dw1's submission (another
evaluator has dw2's): a page it may open must not name any unit of the round but dw1's.
A URL pattern missing from MATRIX fails the test, so a new page cannot go unchecked.
"""
from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from web.conftest import ASSIGNED, ROLES, assert_only_assigned

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
    "slot_add": ("post", expect(FILLER_ONLY), {"slot": "x", "version": "1"}),
    "slot_remove": ("post", expect(FILLER_ONLY), {"slot": "x", "index": "0", "version": "1"}),
    "explain": ("post", expect(FILLER_ONLY), {"key": "k", "text": "t"}),
    "submit": ("post", expect(FILLER_ONLY), {}),
    "upload_facts": ("post", expect(FILLER_ONLY), {"version": "1"}),
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
    "token_revoke_all": ("post", expect({}, default=MOVED), {}),  # each person's own tokens only
    # 结果应用 (results/): the round's 财政局 only
    "results": ("get", expect({"finance_own": OK}), None),
    "results_rule": ("post", expect({"finance_own": OK}), {}),  # an empty rule: refused on the page
    "results_decide": ("post", expect({"finance_own": MOVED}), {}),
    "results_project_decide": ("post", expect({"finance_own": MOVED}), {}),  # dw1's project, a draft: refused with a message
    "results_xlsx": ("get", expect({"finance_own": OK}), None),
    "results_ranking": ("get", expect({"finance_own": OK}), None),
    # 整改 (rectification/): the 台账 for whoever sees the round (each their own items); a unit's items as its submission
    "rectification_ledger": ("get", expect({**VIEWERS, "filler_foreign": OK, "reviewer_foreign": OK}), None),
    "rectification_ledger_xlsx": ("get", expect({**VIEWERS, "filler_foreign": OK, "reviewer_foreign": OK}), None),
    "rectification_settings": ("post", expect({"finance_own": MOVED}), {"days": "60"}),
    "rectification_unit": ("get", expect(VIEWERS), None),
    "rectification_raise": ("post", expect({"reviewer_own": OK, "finance_own": OK}), {"source": "monitoring", "problem": "p", "required": "r"}),  # a draft: refused on the page
    "rectification_feedback": ("get", expect({"filler_own": MOVED, "reviewer_own": MOVED, "finance_own": MOVED}), None),  # a draft: no notice yet
    "rectification_item": ("get", expect(VIEWERS), None),
    "rectification_measures": ("post", expect(FILLER_ONLY), {"measures": "m"}),
    "rectification_close": ("post", expect({"reviewer_own": MOVED, "finance_own": MOVED}), {"decision": "accept"}),
    "rectification_evidence": ("get", expect(VIEWERS), None),
    # 公开: the 财政局 publishes and withdraws; the public pages need no login and show only the snapshot
    "disclosure": ("get", expect({"finance_own": OK}), None),
    "disclosure_publish": ("post", expect({"finance_own": OK}), {}),  # no 公开渠道: refused on the page
    "disclosure_withdraw": ("post", expect({"finance_own": MOVED}), {}),  # no reason: refused, nothing withdrawn
    **{name: ("get", expect({}, anonymous=OK, default=OK), None) for name in (
        "public_index", "public_publication", "public_unit", "public_csv", "public_json", "public_xlsx", "public_file")},
    # 绩效运行监控: dw1's 监控表 in the demo's monitoring round (dw2 and zgbm2 have reports of their own in the round)
    "monitoring_home": ("get", expect({}, default=OK), None),
    "monitoring_round": ("get", expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "monitoring_warnings_xlsx": ("get", expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "monitoring_report": ("get", expect(VIEWERS), None),
    "monitoring_template": ("get", expect(VIEWERS), None),
    "monitoring_fill": ("get", expect(VIEWERS), None),  # read-only for the 主管部门 and the 财政局
    "monitoring_save": ("post", expect(FILLER_ONLY), {}),  # no version: not saved, back to the form
    "monitoring_thresholds": ("get", expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "monitoring_upload": ("post", expect({"filler_own": OK}), {}),  # no file: the page says so at the form
    "monitoring_submit": ("post", expect(FILLER_ONLY), {}),
    "monitoring_return": ("post", expect(REVIEWER_ONLY), {"comment": "退回"}),
    "monitoring_approve": ("post", expect(REVIEWER_ONLY), {}),
    "monitoring_dispose": ("post", expect({"reviewer_own": OK, "finance_own": OK}), {}),  # empty form: shown again with its errors
    # The round overview: the region's 财政局, and each 主管部门 over its own units (zgbm2's 教育局 is in the round).
    "overview": ("get", expect({"reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "overview_xlsx": ("get", expect({"reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "overview_docx": ("get", expect({"reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),
    "todo": ("get", expect({}, default=OK), None),  # each person's own 待办
    # Batch review: only a 主管部门's reviewer may post; each chosen submission is then checked on its own.
    "batch_review": ("post", expect({"reviewer_own": MOVED, "reviewer_foreign": MOVED}), {"action": "approve"}),
    # 抽查 and third-party evaluators: the region's 财政局 draws and assigns; an evaluator sees its own assignments only.
    "sample": ("get", expect({"finance_own": OK}), None),
    "assign_evaluator": ("post", expect({"finance_own": 404}), {}),  # the region's 财政局, naming no evaluator: 404
    "evaluations": ("get", expect({"evaluator": OK}), None),
    "evaluation": ("get", expect({"evaluator": OK}), None),  # one not assigned to it: 404 (test_spotcheck.py)
    # A 单位名单 joined to a round (the region's 财政局); each 财政局's people page lists its own region.
    "roster": ("get", expect({"finance_own": OK}), None),
    "people": ("get", expect({"finance_own": OK, "finance_foreign": OK}), None),
    # <pk> is czj's own id — changing oneself is refused with a message (302); another region's 财政局 does not find
    # czj (404). (Named explicitly: on PostgreSQL a submission's id is not a person's id.)
    "person_change": ("post", expect({"finance_own": MOVED, "finance_foreign": 404}), {"action": "deactivate"}),
    "notices": ("get", expect({}, default=OK), None),  # each person's own notices
    "deadline": ("get", expect({"finance_own": OK}), None),  # the region's 财政局 extends a unit's due date
    "unit_list": ("get", expect({"filler_own": OK, "filler_foreign": OK, "reviewer_own": OK, "reviewer_foreign": OK, "finance_own": OK}), None),  # as the round page, each sees its own
    # The framework editor: a 财政局's own region's frameworks (the object is the demo region's); a what-if on its own rounds.
    "fw_list": ("get", expect({"finance_own": OK, "finance_foreign": OK}), None),
    "fw_new": ("get", expect({"finance_own": OK, "finance_foreign": OK}), None),
    "fw_check": ("post", expect({"finance_own": OK, "finance_foreign": OK}), {"rows": "0"}),
    "fw_whatif": ("post", expect({"finance_own": OK}), {"rows": "0"}),
    "fw_edit": ("get", expect({"finance_own": OK}), None),
    "fw_export": ("get", expect({"finance_own": OK}), None),
    "fw_round": ("get", expect({"finance_own": OK}), None),
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
    values = {"pk": submission.pk, "dept": department.pk, "which": "scoresheet", "sub": submission.pk}
    if route.startswith(("rounds/", "results/rounds/", "disclosure/rounds/")):
        values["pk"] = submission.round_id
    if name == "evidence_download":
        values["pk"] = evidence.pk
    if route.startswith("rectification/rounds/"):
        values["pk"] = submission.round_id
    if name in ("rectification_item", "rectification_measures", "rectification_close"):
        values["pk"] = objects["rectification_item"].pk
    if name == "rectification_evidence":
        values["pk"] = objects["rectification_evidence"].pk
    if route.startswith("public/") or name == "disclosure_withdraw":
        values["pk"], values["unit_pk"] = objects["publication"].pk, objects["published_unit"].pk
    if name == "public_file":
        values["pk"] = objects["published_file"].pk
    if route.startswith("monitoring/"):
        report = objects["monitoring_report"]
        values["pk"] = report.pk if route.startswith("monitoring/reports/") else report.round_id
    if route.startswith("frameworks/"):
        values.update(pk=submission.round_id if "whatif" in route else objects["framework"].pk, number=1, fmt="xlsx")
    if route.startswith("projects/"):
        values["pk"] = objects["project"].pk
    if name == "results_project_decide":
        values["sub"] = objects["project"].pk
    if name == "person_change":
        values["pk"] = objects["person"].pk
    return {key: value for key, value in values.items() if f"<int:{key}>" in route or f"<str:{key}>" in route}


def _edited_framework(region, user):
    from jixiao.authoring.raw import framework_yaml
    from jixiao.loaders.frameworks import common_catalogue, load_framework
    from jixiao.web.frameworks_editor.models import EditedFramework, FrameworkVersion

    edited = EditedFramework.objects.create(region=region)
    FrameworkVersion.objects.create(framework=edited, number=1, name="测试体系", framework_key="shenzhen-2019", text=framework_yaml(load_framework("shenzhen-2019"), common_catalogue()), by=user)
    return edited


@pytest.fixture
def objects(assigned, users):
    own_submission = assigned
    from jixiao.web.rounds import evidence as store
    from jixiao.web.rounds.models import Evidence

    content = b"%PDF-1.4\n% test evidence\n"
    digest = store.store(content)
    evidence = Evidence.objects.create(
        submission=own_submission, original_name="说明.pdf", sha256=digest, size=len(content), content_type="application/pdf", uploaded_by=users["filler_own"]
    )
    from datetime import date

    from jixiao.web.rectification.models import Item, ItemEvidence

    item = Item.objects.create(submission=own_submission, source=Item.MONITORING, problem="问题", required="要求", feedback_date=date(2026, 3, 1), deadline=date(2026, 4, 30), created_by=users["reviewer_own"])
    item_evidence = ItemEvidence.objects.create(item=item, original_name="整改.pdf", sha256=digest, size=len(content), content_type="application/pdf", uploaded_by=users["filler_own"])
    from django.utils import timezone

    from jixiao.web.disclosure.models import Publication, PublishedFile, PublishedUnit

    publication = Publication.objects.create(round=own_submission.round, region="演示市财政局", year=2021, title="公开", place="门户网站", published_at=timezone.now(), by=users["finance_own"],
                                             state=Publication.PUBLISHED)
    published_unit = PublishedUnit.objects.create(publication=publication, department="部门", unit="单位", final_score="90.00", grade="优")
    published_file = PublishedFile.objects.create(publication=publication, unit=published_unit, kind=PublishedFile.REPORT_PDF, filename="自评报告.pdf", content_type="application/pdf", sha256=digest, size=len(content))
    from jixiao.web.monitoring.demo import TITLE as MONITORING_TITLE
    from jixiao.web.monitoring.models import MonitoringReport

    report = MonitoringReport.objects.get(unit=own_submission.unit, round__title=MONITORING_TITLE)
    framework = _edited_framework(own_submission.round.region, users["finance_own"])
    from jixiao.web.projects.models import ProjectSubmission

    project = ProjectSubmission.objects.get(unit=own_submission.unit, project="高标准农田建设项目")
    return {"submission": own_submission, "department": own_submission.unit.parent, "evidence": evidence, "rectification_item": item, "rectification_evidence": item_evidence,
            "publication": publication, "published_unit": published_unit, "published_file": published_file, "monitoring_report": report,
            "framework": framework, "project": project, "person": users["finance_own"]}



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
        if role in ASSIGNED and response.status_code == OK:
            assert_only_assigned(role, response, objects["submission"].round)
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
