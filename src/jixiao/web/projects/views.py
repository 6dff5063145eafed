"""The project pages: the round's project list (import, 项目自评汇总表), one project's fill page, submit, review."""
from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.loaders.frameworks import load_framework
from jixiao.loaders.problems import InputError
from jixiao.projects.targets import FIELD_LABELS
from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership, Organisation
from jixiao.web.projects import services
from jixiao.web.projects.models import ProjectSubmission
from jixiao.web.rounds.models import Round

MAX_UPLOAD = 5 * 1024 * 1024


def _load(request, pk: int, check) -> ProjectSubmission:
    submission = get_object_or_404(ProjectSubmission.objects.select_related("round", "unit", "unit__parent", "round__region"), pk=pk)
    access.require(check(request.user, submission))
    return submission


def _visible(user, round_: Round):
    return round_.project_submissions.filter(access.submission_scope(user)).select_related("unit", "unit__parent")


@login_required
def project_list(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.can_view_round(request.user, round_))
    visible = list(_visible(request.user, round_))
    lines = [services.summary_line(s) for s in visible]
    is_finance = access.is_finance_of(request.user, round_)
    figures = services.department_figures(visible) if visible else None
    units = Organisation.objects.filter(parent__parent=round_.region_id, kind=Organisation.UNIT).order_by("name") if is_finance else []
    return render(request, "jixiao/projects/list.html", {"round": round_, "lines": lines, "is_finance": is_finance, "units": units, "figures": figures})


@login_required
@require_POST
def project_import(request, pk: int):
    """The finance bureau puts a unit's projects into the round from its 绩效目标表 (YAML or the Excel 目标表)."""
    round_ = get_object_or_404(Round, pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    unit = Organisation.objects.filter(pk=request.POST.get("unit") or 0, parent__parent=round_.region_id).first()
    upload = request.FILES.get("targets")
    if unit is None or upload is None:
        messages.error(request, "请选择预算单位并上传绩效目标表")
        return redirect("project_list", pk=pk)
    if upload.size > MAX_UPLOAD:
        messages.error(request, f"文件“{upload.name}”过大（上限 5 MB）")
        return redirect("project_list", pk=pk)
    try:
        projects = services.read_targets_upload(upload.name, upload.read())
    except InputError as error:
        for problem in error.problems[:20]:
            messages.error(request, services.page_text(problem.describe()))
        return redirect("project_list", pk=pk)
    # the year-end 自评 starts from the last monitoring's forecasts (services.add_projects)
    created = services.add_projects(round_, request.user, {unit: projects}, upload.name)
    messages.success(request, f"已为{unit.name}加入 {created} 个项目（已有的项目不变）")
    return redirect("project_list", pk=pk)


def _context(request, submission: ProjectSubmission, scored=None, typed=None) -> dict:
    scored = scored or services.score(submission)
    facts = typed if typed is not None else submission.facts or {}
    scores = {row.path[-1]: row for row in scored.evaluation.rows} if scored.evaluation is not None else {}
    indicators = []
    for number, target in enumerate(submission.targets.get("indicators", []), start=1):
        given = (facts.get("indicators") or {}).get(target["name"]) or {}
        row = scores.get(target["name"])
        indicators.append({
            "target": target, "given": given, "score": row.score if row else None, "basis": row.basis if row else "",
            "problems": {key: scored.field_problems.get(f"ind|{target['name']}|{key}", []) for key in services.INDICATOR_FIELDS},
            "qualitative": target.get("nature") == "定性",
            "ids": {"total": f"score-{number}", **{key: f"err-ind-{number}-{key}" for key in services.INDICATOR_FIELDS}},
        })
    funds = []
    for index, line in enumerate(services.FUNDS_LINES):
        given = (facts.get("funds") or {}).get(line) or {}
        cells = [{"key": key, "label": label, "value": given.get(key, ""), "problems": scored.field_problems.get(f"funds|{line}|{key}", []), "id": f"err-funds-{index}-{key}"} for key, label in services.FUND_FIELDS]
        funds.append({"line": line, "cells": cells})
    texts = [{"key": key, "label": label, "value": facts.get(key, ""), "problems": scored.field_problems.get(f"text|{key}", []), "id": f"err-text-{key}"} for key, label in services.TEXTS]
    evaluation = scored.evaluation
    funds_row = next((r for r in evaluation.rows if len(r.path) == 1), None) if evaluation is not None else None
    return {
        "submission": submission, "indicators": indicators, "funds": funds, "texts": texts, "evaluation": evaluation, "funds_row": funds_row,
        "funds_weight": next((node.weight for node in load_framework(submission.framework_id).nodes if node.slot is None), ""),
        "findings": [{"severity": f.severity, "message": services.page_text(f.message), "path": "/".join(f.path)} for f in evaluation.findings] if evaluation else [],
        "general": scored.general, "blocking": scored.blocking, "states": services.STATES,
        "can_edit": access.can_fill(request.user, submission) and submission.editable,
        "can_review": access.can_review(request.user, submission) and submission.state == ProjectSubmission.SUBMITTED,
        "can_change_targets": (access.can_review(request.user, submission) or access.can_spot_check(request.user, submission)) and submission.state != ProjectSubmission.APPROVED,
        "changeable": services.CHANGEABLE_ON_PAGE, "monitored": services.monitored_for(submission),
        "history": [{**change, "field": FIELD_LABELS.get(change.get("field"), change.get("field"))} for change in submission.targets.get("history", [])],
    }


@login_required
def project_page(request, pk: int):
    submission = _load(request, pk, access.can_view)
    return render(request, "jixiao/projects/project.html", _context(request, submission))


@login_required
@require_POST
def project_save(request, pk: int):
    """Every change is saved and scored again; with htmx only the sheet comes back (live re-score)."""
    submission = _load(request, pk, access.can_fill)
    try:
        scored = services.save_facts(submission, services.facts_from_form(request.POST, submission), request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect("project", pk=pk)
    context = _context(request, submission, scored)
    if request.headers.get("HX-Request"):  # the fields stay as typed; scores, totals, problems swap in place
        return render(request, "jixiao/projects/_live.html", context)
    return render(request, "jixiao/projects/project.html", context)


@login_required
@require_POST
def project_submit(request, pk: int):
    submission = _load(request, pk, access.can_fill)
    try:
        services.submit(submission, request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
        return render(request, "jixiao/projects/project.html", _context(request, submission))
    messages.success(request, f"项目“{submission.project}”已提交，自评分 {submission.score}（{submission.grade}）")
    return redirect("project", pk=pk)


@login_required
@require_POST
def project_return(request, pk: int):
    submission = _load(request, pk, access.can_review)
    try:
        services.return_(submission, request.user, request.POST.get("comment", ""))
        messages.success(request, f"已退回项目“{submission.project}”")
    except services.Refused as refused:
        messages.error(request, str(refused))
    return redirect("project", pk=pk)


@login_required
@require_POST
def project_approve(request, pk: int):
    submission = _load(request, pk, access.can_review)
    try:
        services.approve(submission, request.user)
        messages.success(request, f"项目“{submission.project}”已审核通过")
    except services.Refused as refused:
        messages.error(request, str(refused))
    return redirect("project", pk=pk)


@login_required
@require_POST
def project_target_change(request, pk: int):
    """调整目标 (主管部门 or 财政局): one field of one indicator, with its reason; kept in the targets' history."""
    submission = _load(request, pk, lambda user, s: access.can_review(user, s) or access.can_spot_check(user, s))
    post = request.POST
    try:
        services.change_target(submission, request.user, post.get("indicator", ""), post.get("field", ""), post.get("value", "").strip(), post.get("reason", ""))
        messages.success(request, f"已调整“{post.get('indicator', '')}”的目标，调整记录见页面下方")
    except services.Refused as refused:
        messages.error(request, str(refused))
    return redirect("project", pk=pk)


def _workbook(results, title=None, summary=None) -> bytes:
    from jixiao.render.project_xlsx import save_projects

    buffer = io.BytesIO()
    save_projects(buffer, results, title, summary)
    return buffer.getvalue()


def _xlsx(content: bytes, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def project_xlsx(request, pk: int):
    from jixiao.render.project_xlsx import ProjectResult

    submission = _load(request, pk, access.can_view)
    scored = services.score(submission)
    if scored.evaluation is None:
        messages.error(request, "填报数据尚有问题，不能生成自评表")
        return redirect("project", pk=pk)
    from jixiao.loaders.frameworks import load_framework

    content = _workbook([ProjectResult(load_framework(submission.framework_id), scored.facts, scored.evaluation)])
    return _xlsx(content, f"{submission.project}-项目支出绩效自评表.xlsx")


@login_required
def project_summary(request, pk: int):
    """The 项目自评汇总表 of every project the person may see in the round, from the stored scores (no re-scoring)."""
    from decimal import Decimal

    from jixiao.render.project_xlsx import SummaryRow, save_summary

    round_ = get_object_or_404(Round, pk=pk)
    reviewer = bool(access.orgs_with_role(request.user, Membership.REVIEWER)) and access.can_view_round(request.user, round_)
    access.require(access.is_finance_of(request.user, round_) or reviewer)
    # Plain values, the two JSON fields' few keys read by the database: a region's 40,000 lines make no objects
    # (bench/projects_web.py). The 实施单位 is the 目标表's when it names one, else the unit.
    fields = ("project", "targets__implementer", "targets__carried_over", "summary__budget", "summary__spent", "score", "grade", "unit__name", "unit__parent_id", "unit__parent__name")
    amount = lambda value: Decimal(str(value)) if value is not None else None  # noqa: E731
    rows = [
        SummaryRow(project, parent_name if parent_id else "", implementer or unit_name, amount(budget), amount(spent), score, grade, None, bool(carried_over))
        for project, implementer, carried_over, budget, spent, score, grade, unit_name, parent_id, parent_name in _visible(request.user, round_).values_list(*fields)
    ]
    buffer = io.BytesIO()
    save_summary(buffer, rows, f"{round_.title}项目支出绩效自评汇总表")
    return _xlsx(buffer.getvalue(), f"{round_.title}-项目自评汇总表.xlsx")
