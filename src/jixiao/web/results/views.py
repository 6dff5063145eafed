"""结果应用 pages: the round's rule, each unit's and project's proposal with the 财政局's decision, ranking, the xlsx. 财政局 only."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from jixiao.results.rule import RuleError
from jixiao.web.orgs import access
from jixiao.web.projects.models import ProjectSubmission
from jixiao.web.rounds.models import Round, Submission
from jixiao.web.rounds.services import Refused
from jixiao.web.rounds.views_files import XLSX, attachment
from jixiao.web.results import services

FIELDS = ("grade", "score_from", "score_to", "action", "cut_min", "cut_max")
FLAGS = ("may_increase", "rectify", "bar_similar_funds")


def _round(request, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    return round_


def _posted_rule(post) -> dict:
    count = int(post.get("count", "0")) if post.get("count", "0").isdigit() else 0
    grades = []
    for index in range(min(count, 20)):
        entry = {field: post.get(f"g{index}-{field}", "").strip() for field in FIELDS}
        entry.update({flag: post.get(f"g{index}-{flag}") == "on" for flag in FLAGS})
        grades.append(entry)
    return {"name": post.get("name", "").strip()[:200], "grades": grades}


def _page(request, round_: Round, typed_rule: dict | None = None, problems: list[str] | None = None):
    data = typed_rule or services.rule_data(round_)
    department, grade = request.GET.get("department", "").strip()[:200], request.GET.get("grade", "").strip()[:10]
    try:
        rule = services.rule_for(round_)
        lines = services.lines(round_, rule)
        projects = services.project_lines(round_, rule, department, grade)
    except RuleError as error:  # a stored rule no longer fits the framework: shown, not applied
        rule, lines, projects, problems = None, [], [], (problems or []) + error.messages
    departments = sorted({p.unit.parent.name if p.unit.parent_id else p.unit.name for p in round_.project_submissions.select_related("unit", "unit__parent")})
    return render(request, "results/round.html", {
        "round": round_, "rule": rule, "rule_data": data, "lines": lines, "problems": problems or [],
        "pending": sum(1 for line in lines if line.proposal is None), "projects": projects,
        "departments": departments, "grades": services.grades_of(round_), "department": department, "grade": grade,
    })


@login_required
def results_page(request, pk: int):
    return _page(request, _round(request, pk))


@login_required
@require_POST
def rule_save(request, pk: int):
    round_ = _round(request, pk)
    typed = _posted_rule(request.POST)
    try:
        services.save_rule(round_, request.user, typed)
    except Refused as refused:
        return _page(request, round_, typed, ["规则未保存：" + reason for reason in refused.reasons])
    messages.success(request, "结果应用规则已保存")
    return redirect("results", pk=pk)


@login_required
@require_POST
def decide(request, pk: int, sub: int):
    round_ = _round(request, pk)
    submission = get_object_or_404(Submission.objects.select_related("unit"), pk=sub, round=round_)
    _record(request, submission.unit.name, lambda amount, reason: services.decide(round_, submission, request.user, amount, reason))
    return redirect("results", pk=pk)


@login_required
@require_POST
def decide_project(request, pk: int, sub: int):
    round_ = _round(request, pk)
    project = get_object_or_404(ProjectSubmission.objects.select_related("unit"), pk=sub, round=round_)
    _record(request, f"项目“{project.project}”", lambda amount, reason: services.decide_project(round_, project, request.user, amount, reason))
    kept = urlencode({key: value for key in ("department", "grade") if (value := request.POST.get(key, "").strip())})  # the filter shown
    return redirect(reverse("results", args=[pk]) + (f"?{kept}" if kept else "") + "#projects")


def _record(request, name: str, decide) -> None:
    """Confirm or override one proposal; the outcome as a message naming the unit or project."""
    try:
        decision = decide(request.POST.get("amount", ""), request.POST.get("reason", ""))
        messages.success(request, f"{name}：{decision.get_kind_display()}，调整 {decision.amount:,.2f} 元")
    except Refused as refused:
        messages.error(request, f"{name}：" + "；".join(refused.reasons))
    except RuleError as error:
        messages.error(request, "结果应用规则有误，请先修改规则：" + "；".join(error.messages))


@login_required
def results_xlsx(request, pk: int):
    round_ = _round(request, pk)
    try:
        content = services.workbook(round_)
    except RuleError as error:
        messages.error(request, "结果应用规则有误，请先修改规则：" + "；".join(error.messages))
        return redirect("results", pk=pk)
    return attachment(content, f"{round_.year}-结果应用表.xlsx", XLSX)


@login_required
def ranking(request, pk: int):
    round_ = _round(request, pk)
    return render(request, "results/ranking.html", {"round": round_, "ranked": services.ranking(round_), "departments": services.department_ranking(round_)})
