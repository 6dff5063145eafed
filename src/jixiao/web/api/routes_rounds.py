"""Frameworks, rounds, units, 汇总表 (per 主管部门 and per region) and `POST /api/evaluate`."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router

from jixiao.loaders.frameworks import builtin_ids, load_framework
from jixiao.rules import points
from jixiao.web.api import facts_body
from jixiao.web.api.errors import ApiError
from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership, Organisation
from jixiao.web.rounds import services
from jixiao.web.rounds import views_files
from jixiao.web.rounds.context import department_submissions, round_framework
from jixiao.web.rounds.models import HistoryEntry, Round, Submission

router = Router()
RATE_PLACES = Decimal("0.0001")


def framework_tree(framework) -> dict:
    nodes = []
    for path, node in framework.walk():
        entry = {"path": list(path), "name": node.name, "weight": points(node.weight), "leaf": node.is_leaf, "bonus": node.bonus}
        if node.rule is not None:
            entry["rule"] = node.rule.kind
        if node.standard:
            entry["standard"] = node.standard
        if node.slot is not None:
            entry["slot"] = {"groups": list(node.slot.groups)}
        nodes.append(entry)
    return {"id": framework.id, "name": framework.name, "total": points(framework.total), "indicators": nodes}


@router.get("/frameworks", summary="内置指标体系列表", tags=["指标体系"])
def frameworks(request):
    out = []
    for framework_id in builtin_ids():
        framework = load_framework(framework_id)
        leaves = sum(1 for _p, node in framework.walk() if node.is_leaf)
        out.append({"id": framework.id, "name": framework.name, "total": points(framework.total), "leaves": leaves})
    return out


@router.get("/frameworks/{framework_id}", summary="一个内置指标体系：各级指标、分值、评分方式", tags=["指标体系"])
def framework(request, framework_id: str):
    if framework_id not in builtin_ids():
        raise ApiError(404, "not_found", f"没有内置指标体系“{framework_id}”")
    return framework_tree(load_framework(framework_id))


def _round_json(round_: Round, user) -> dict:
    visible = round_.submissions.filter(access.submission_scope(user))
    return {
        "id": round_.pk, "title": round_.title, "year": round_.year, "region": round_.region.name,
        "framework": round_.framework_id or round_.framework_filename, "is_open": round_.is_open,
        "submit_deadline": round_.submit_deadline, "review_deadline": round_.review_deadline,
        "submissions": visible.count(),
    }


def visible_rounds(user):
    finance = access.orgs_with_role(user, Membership.FINANCE)
    seen = Submission.objects.filter(access.submission_scope(user)).values("round_id")
    return Round.objects.filter(Q(region__in=finance) | Q(pk__in=seen)).select_related("region").distinct().order_by("-year", "-id")


def round_for(user, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.can_view_round(user, round_))
    return round_


@router.get("/rounds", summary="可见的评价批次", tags=["评价批次"])
def rounds(request):
    return [_round_json(r, request.user) for r in visible_rounds(request.user)]


@router.get("/rounds/{round_id}", summary="一个评价批次（含其指标体系）", tags=["评价批次"])
def round_detail(request, round_id: int):
    round_ = round_for(request.user, round_id)
    return {**_round_json(round_, request.user), "indicators": framework_tree(round_framework(round_))["indicators"]}


@router.get("/units", summary="可见范围内的单位", tags=["单位"])
def units(request):
    user = request.user
    finance = access.orgs_with_role(user, Membership.FINANCE)
    reviewer = access.orgs_with_role(user, Membership.REVIEWER)
    scope = (
        Q(pk__in=access.orgs_with_role(user, Membership.FILLER)) | Q(pk__in=reviewer) | Q(parent__in=reviewer)
        | Q(pk__in=finance) | Q(parent__in=finance) | Q(parent__parent__in=finance)
    )
    found = Organisation.objects.filter(scope).select_related("parent").order_by("kind", "parent__name", "-own_level", "name")
    return [
        {"id": o.pk, "name": o.name, "kind": o.kind, "kind_label": o.get_kind_display(), "parent": o.parent.name if o.parent else None, "own_level": o.own_level}
        for o in found
    ]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def summary_json(title: str, submissions) -> dict:
    """The 汇总表's rows (本级 first, then 所属单位) with amounts in 元 as exact text, and the 合计 row."""
    lines = views_files.summary_lines(submissions)  # the very lines the pages' 汇总表.xlsx is built from
    rows, budget_total, spent_total = [], Decimal(0), Decimal(0)
    for index, line in enumerate(lines, start=1):
        rate = None if not line.budget or line.spent is None else (line.spent / line.budget).quantize(RATE_PLACES)
        rows.append({
            "index": index, "unit": line.unit, "budget": _money(line.budget), "spent": _money(line.spent),
            "rate": _money(rate), "score": _money(line.score), "reviewed": _money(line.reviewed), "spot_checked": _money(line.spot_checked),
            "grade": line.grade, "department": line.department, "state": line.state,
        })
        budget_total += line.budget or 0
        spent_total += line.spent or 0
    rate = (spent_total / budget_total).quantize(RATE_PLACES) if budget_total else None
    return {"title": title, "money_unit": "元", "rows": rows, "total": {"budget": _money(budget_total), "spent": _money(spent_total), "rate": _money(rate)}}


def _department_for(user, round_id: int, department_id: int) -> tuple[Round, Organisation]:
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=round_id)
    department = get_object_or_404(Organisation, pk=department_id, kind=Organisation.DEPARTMENT)
    access.require(access.can_view_department(user, round_, department))
    return round_, department


def _region_for(user, round_id: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=round_id)
    access.require(access.is_finance_of(user, round_))
    return round_


@router.get("/rounds/{round_id}/departments/{department_id}/summary", summary="主管部门汇总表（JSON）", tags=["汇总表"])
def department_summary(request, round_id: int, department_id: int):
    round_, department = _department_for(request.user, round_id, department_id)
    services.log(request.user, HistoryEntry.DOWNLOAD, round_=round_, organisation=department, field="汇总表", comment="接口")
    return summary_json(f"{department.name} {round_.year} 年度部门整体支出绩效自评汇总表", department_submissions(round_, department))


@router.get("/rounds/{round_id}/departments/{department_id}/summary.xlsx", summary="主管部门汇总表（xlsx）", tags=["汇总表"])
def department_summary_xlsx(request, round_id: int, department_id: int):
    return views_files.department_summary(request, round_id, department_id)  # the page's own download: scope, history, file


def _region_submissions(round_: Round):
    return round_.submissions.select_related("unit", "unit__parent", "round")


@router.get("/rounds/{round_id}/summary", summary="地区汇总表（JSON，财政局）", tags=["汇总表"])
def region_summary(request, round_id: int):
    round_ = _region_for(request.user, round_id)
    services.log(request.user, HistoryEntry.DOWNLOAD, round_=round_, organisation=round_.region, field="汇总表", comment="接口")
    return summary_json(f"{round_.region.name} {round_.year} 年度部门整体支出绩效自评汇总表", _region_submissions(round_))


@router.get("/rounds/{round_id}/summary.xlsx", summary="地区汇总表（xlsx，财政局）", tags=["汇总表"])
def region_summary_xlsx(request, round_id: int):
    return views_files.region_summary(request, round_id)


EVALUATE_BODY = {
    "requestBody": {
        "required": True,
        "description": "部门数据：JSON（与 YAML 部门数据文件相同的结构）或 YAML 文本（Content-Type: application/yaml）",
        "content": {"application/json": {"schema": {"type": "object"}}, "application/yaml": {"schema": {"type": "string"}}},
    }
}


@router.post("/evaluate", summary="评分：返回与 jixiao evaluate --json 相同的结果", tags=["评分"], openapi_extra=EVALUATE_BODY)
def evaluate(request, filename: str = facts_body.BODY):
    """`filename` is the name the findings give as their file (the CLI gives the path it was handed)."""
    from jixiao.review import evaluate_and_check

    raw, locate = facts_body.read_body(request, filename[:200])
    framework = facts_body.builtin_framework_of(raw, locate)
    facts = facts_body.build(raw, locate, framework, "部门数据有误，未能评分")
    result = evaluate_and_check(framework, facts)
    blocking = [f for f in result.findings if f.blocking]
    if blocking:
        items = [{"loc": list(f.path) or [f.where.field], "message": f.message} for f in blocking]
        raise ApiError(400, "cannot_score", "缺少评分所需的数据，未能评分", items)
    return result.as_dict()
