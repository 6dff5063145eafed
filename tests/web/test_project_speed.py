"""A round's projects put in at once (issue 19's speed, bench/projects_web.py): new drafts are not scored, which
gives what scoring them gives; projects already there are left as they are."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest

pytestmark = pytest.mark.web


def _targets():
    from conftest import EXAMPLES

    from jixiao.projects.load import load_targets
    from jixiao.projects.targets import ProjectTargets

    examples = list(load_targets(EXAMPLES / "projects" / "目标表.yaml").projects)
    bare = ProjectTargets("没有指标的项目", "演示部门", "", 2023, None, "", False, (), ())
    return examples + [bare]


def test_a_new_draft_is_unscored_without_scoring_it_as_scoring_it_finds(demo):
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.projects import services
    from jixiao.web.projects.models import ProjectSubmission

    unit = Organisation.objects.get(name="演示市政务服务数据管理局本级")
    for targets in _targets():
        stored = services.targets_json(targets)
        draft = ProjectSubmission(round=demo, unit=unit, project=targets.project, targets=stored, facts=services.initial_facts(stored))
        assert services.without_spending(draft.facts)
        services.rescored(draft)  # the full path: raw mapping, build, evaluate, check
        assert (draft.score, draft.grade, draft.summary) == (None, "", {"complete": False})
    assert not services.without_spending({"funds": {"财政拨款": {"spent": " 12 "}}})


def test_add_projects_puts_each_units_new_projects_in_once_and_logs_per_unit(demo, users):
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.projects import services
    from jixiao.web.projects.models import ProjectSubmission
    from jixiao.web.rounds.models import HistoryEntry

    own = Organisation.objects.get(name="演示市政务服务数据管理局本级")  # holds the demo's two projects already
    other = own.parent.children.exclude(pk=own.pk).order_by("name").first()
    projects = _targets()  # the demo's two, and one more
    finance = users["finance_own"]
    assert services.add_projects(demo, finance, {own: projects, other: projects}, "目标表.xlsx") == 1 + 3
    assert services.add_projects(demo, finance, {own: projects, other: projects}, "目标表.xlsx") == 0  # already there: left as they are
    assert ProjectSubmission.objects.get(round=demo, unit=own, project="高标准农田建设项目").score == Decimal("98.56")  # the demo's filled one, unchanged
    added = ProjectSubmission.objects.filter(round=demo, unit=other)
    assert sorted(p.project for p in added) == sorted(t.project for t in projects)
    assert all((p.summary, p.score, p.grade, p.state) == ({"complete": False}, None, "", "draft") for p in added)
    assert added.get(project="高标准农田建设项目").targets["indicators"][0]["name"] == projects[0].indicators[0].name
    logged = HistoryEntry.objects.filter(round=demo, action=HistoryEntry.UPLOAD, organisation__in=[own, other]).order_by("id")
    assert [(e.organisation, e.user, e.comment) for e in logged] == [
        (own, finance, "导入绩效目标表“目标表.xlsx”：1 个项目"), (other, finance, "导入绩效目标表“目标表.xlsx”：3 个项目"),
        (own, finance, "导入绩效目标表“目标表.xlsx”：0 个项目"), (other, finance, "导入绩效目标表“目标表.xlsx”：0 个项目"),
    ]


def test_the_summary_reads_the_stored_values_as_the_objects_hold_them(demo, projects_with_a_carried_over_one, login):
    from openpyxl import load_workbook

    from jixiao.web.projects.models import ProjectSubmission

    response = login("finance_own").get(f"/rounds/{demo.pk}/projects/summary.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=2 + ProjectSubmission.objects.filter(round=demo).count())]
    expected = []
    for p in ProjectSubmission.objects.filter(round=demo).select_related("unit", "unit__parent"):  # the model's order, as the view's
        budget, spent = (p.summary or {}).get("budget"), (p.summary or {}).get("spent")
        expected.append([
            p.project + ("（结转）" if p.targets.get("carried_over") else ""), p.unit.parent.name, p.targets.get("implementer") or p.unit.name,
            None if budget is None else float(Decimal(budget) / 10000), None if spent is None else float(Decimal(spent) / 10000),
            None if p.score is None else float(p.score), p.grade,
        ])
    assert [line[1:6] + line[7:9] for line in lines] == expected
    assert any(line[1].endswith("（结转）") for line in lines) and any(line[7] == 98.56 for line in lines)


@pytest.fixture
def projects_with_a_carried_over_one(demo):
    from jixiao.web.projects.models import ProjectSubmission

    draft = ProjectSubmission.objects.get(round=demo, project="农村人居环境整治项目")
    draft.targets = {**draft.targets, "carried_over": True, "implementer": ""}
    draft.save()


def test_rows_put_in_at_once_store_what_django_saves_them_as(demo):
    """services.insert_many goes by COPY on PostgreSQL (the PostgreSQL pass of `make test` runs this): each row as
    Django's own bulk_create stores it — JSON, text, empty and unset values, the scored and the unscored summary."""
    from django.db.models import JSONField, Value

    from jixiao.web.orgs.models import Organisation
    from jixiao.web.projects import services
    from jixiao.web.projects.models import ProjectSubmission

    unit = Organisation.objects.get(name="演示市政务服务数据管理局本级")
    filled = ProjectSubmission.objects.get(round=demo, unit=unit, project="高标准农田建设项目").facts  # the demo's, 98.56

    def drafts(suffix: str) -> list:
        made = []
        for targets in _targets():
            stored = services.targets_json(targets)
            draft = ProjectSubmission(round=demo, unit=unit, project=f"{targets.project}{suffix}", targets=stored, facts=services.initial_facts(stored))
            if targets.project == "高标准农田建设项目":  # one with a summary of its own (scored), quotes and a newline in text
                draft.facts = filled
                draft.comment = '退回"意见"\n第二行'
                services.rescored(draft)
            else:
                draft.summary = Value({"complete": False}, output_field=JSONField())
            made.append(draft)
        return made

    services.insert_many(ProjectSubmission, drafts("（一）"))
    ProjectSubmission.objects.bulk_create(drafts("（二）"))
    fields = ("project", "framework_id", "targets", "facts", "state", "comment", "score", "grade", "summary", "updated_by")
    by_copy = {p["project"][:-3]: p for p in ProjectSubmission.objects.filter(project__endswith="（一）").values(*fields)}
    by_django = {p["project"][:-3]: p for p in ProjectSubmission.objects.filter(project__endswith="（二）").values(*fields)}
    assert len(by_copy) == len(_targets()) and by_copy.keys() == by_django.keys()
    for name in by_copy:
        assert {**by_copy[name], "project": name} == {**by_django[name], "project": name}
    assert by_copy["高标准农田建设项目"]["score"] == Decimal("98.56") and by_copy["高标准农田建设项目"]["comment"] == '退回"意见"\n第二行'
