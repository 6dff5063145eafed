"""抽查: the 财政局 draws a sample (amount range, ratio or count, recorded seed) and assigns units to third-party
evaluators; an evaluator sees and scores only what was assigned to it."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.overview.sampling import SampleRefused, lot
from jixiao.web.orgs import access
from jixiao.web.rounds import services as round_services
from jixiao.web.rounds.context import state_of
from jixiao.web.rounds.models import ReviewScore, Round, Submission
from jixiao.web.spotcheck import services
from jixiao.web.spotcheck.models import Assignment, Evaluator, SampleDraw


def _finance_round(request, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    return round_


def _decimal(text: str, label: str, errors: dict) -> Decimal | None:
    text = (text or "").strip().rstrip("%")
    if not text:
        return None
    try:
        value = Decimal(text)
        if not value.is_finite():
            raise InvalidOperation
        return value
    except InvalidOperation:
        errors[label] = f"应为数字，收到“{text}”"
        return None


@login_required
def sample_page(request, pk: int):
    round_ = _finance_round(request, pk)
    typed, errors = dict(request.POST.items()) if request.method == "POST" else {}, {}
    if request.method == "POST":
        amount_min = _decimal(typed.get("amount_min"), "amount_min", errors)
        amount_max = _decimal(typed.get("amount_max"), "amount_max", errors)
        ratio = _decimal(typed.get("ratio"), "ratio", errors)
        count_text, seed_text = typed.get("count", "").strip(), typed.get("seed", "").strip()
        if count_text and not count_text.isdigit():
            errors["count"] = f"应为正整数，收到“{count_text}”"
        if seed_text and not seed_text.isdigit():
            errors["seed"] = f"应为非负整数，收到“{seed_text}”"
        if not errors:
            try:
                record = services.draw_sample(
                    round_, request.user, amount_min=amount_min, amount_max=amount_max, ratio=ratio if not count_text else None,
                    count=int(count_text) if count_text else None, seed=int(seed_text) if seed_text else None,
                )
                messages.success(request, f"已抽取 {len(record.chosen)} 个单位（种子 {record.seed}）")
                return redirect("sample", pk=pk)
            except SampleRefused as refused:
                errors["draw"] = str(refused)
    draws = []
    ids = dict(round_.submissions.values_list("unit__name", "pk"))
    for record in SampleDraw.objects.filter(round=round_).select_related("by"):
        draws.append((record, [(name, ids.get(name), lot(record.seed, name)[:12]) for name in record.chosen]))
    return render(request, "spotcheck/sample.html", {
        "round": round_, "typed": typed, "errors": errors, "draws": draws,
        "evaluators": Evaluator.objects.filter(region=round_.region).select_related("user"),
    }, status=400 if errors else 200)


@login_required
@require_POST
def assign(request, pk: int):
    round_ = _finance_round(request, pk)
    evaluator = get_object_or_404(Evaluator, pk=request.POST.get("evaluator") or 0)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    chosen = Submission.objects.filter(pk__in=ids).select_related("round", "unit")
    try:
        if evaluator.region_id != round_.region_id:
            raise services.AssignRefused(f"{evaluator.agency}不是{round_.region.name}委托的第三方")
        made = services.assign(evaluator, chosen, request.user)
        messages.success(request, f"已委托{evaluator.agency}评价 {len(made)} 个单位")
    except services.AssignRefused as refused:
        messages.error(request, str(refused))
    return redirect("sample", pk=pk)


def _evaluator(request) -> Evaluator:
    evaluator = Evaluator.objects.filter(user=request.user).select_related("region").first() if request.user.is_authenticated else None
    access.require(evaluator is not None)
    return evaluator


@login_required
def evaluations(request):
    evaluator = _evaluator(request)
    assigned = evaluator.assignments.select_related("submission", "submission__unit", "submission__unit__parent", "submission__round").order_by("submission__round", "submission__unit__name")
    return render(request, "spotcheck/evaluations.html", {"evaluator": evaluator, "assigned": assigned})


@login_required
def evaluation(request, pk: int):
    """One assigned submission: each row's computed score, and the evaluator's 复核得分 (as the 财政局's 抽查)."""
    evaluator = _evaluator(request)
    assignment = get_object_or_404(Assignment.objects.select_related("submission__round", "submission__unit"), evaluator=evaluator, submission_id=pk)
    submission = assignment.submission
    errors: dict[str, str] = {}
    if request.method == "POST":
        path = request.POST.get("path", "")
        try:
            round_services.set_review_score(submission, request.user, ReviewScore.FINANCE, path, request.POST.get("score", ""), request.POST.get("reason", ""), state_of(submission).framework)
            messages.success(request, "复核得分已保存")
            return redirect("evaluation", pk=pk)
        except round_services.Refused as refused:
            errors[path] = "；".join(refused.reasons)
    state = state_of(submission)
    rows = [("/".join(r.path), r, state.finance_reviews.get("/".join(r.path))) for r in (state.evaluation.rows if state.evaluation else ())]
    return render(request, "spotcheck/evaluation.html", {
        "evaluator": evaluator, "submission": submission, "state": state, "rows": rows, "errors": errors, "typed": request.POST,
    }, status=400 if errors else 200)
