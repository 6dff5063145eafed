"""Review of a submitted draft: 复核得分 per row, 退回 or 审核通过; the 财政局's 抽查."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.web.orgs import access
from jixiao.web.rounds import services
from jixiao.web.rounds.context import state_of
from jixiao.web.rounds.models import ReviewScore
from jixiao.web.rounds.views_fill import load_submission, page_context


TYPED_KEY = "jixiao_review_typed"


def _can_review_or_check(user, submission) -> bool:
    return access.can_review(user, submission) or access.can_spot_check(user, submission)


@login_required
def review_page(request, pk: int):
    submission = load_submission(request, pk, _can_review_or_check)
    stage = ReviewScore.DEPARTMENT if access.can_review(request.user, submission) else ReviewScore.FINANCE
    # A refused 复核得分 comes back with what was typed and why, shown at its row (see review_score).
    typed = request.session.pop(TYPED_KEY, None)
    typed = typed if isinstance(typed, dict) and typed.get("submission") == submission.pk else None
    return render(request, "jixiao/review.html", page_context(request, submission, stage=stage, typed=typed))


@login_required
@require_POST
def review_score(request, pk: int):
    """One row's 复核得分; in place (htmx): the answer swaps that row and the totals back in, the page stays where it is."""
    submission = load_submission(request, pk, _can_review_or_check)
    stage = request.POST.get("stage", ReviewScore.DEPARTMENT)
    allowed = access.can_review if stage == ReviewScore.DEPARTMENT else access.can_spot_check
    access.require(stage in (ReviewScore.DEPARTMENT, ReviewScore.FINANCE) and allowed(request.user, submission))
    path = request.POST.get("path", "")
    typed = None
    try:
        services.set_review_score(submission, request.user, stage, path, request.POST.get("score", ""), request.POST.get("reason", ""), state_of(submission).framework)
        status = f"复核得分已保存（{timezone.localtime():%H:%M:%S}）"
    except services.Refused as refused:
        status = "；".join(refused.reasons)
        typed = {
            "submission": submission.pk, "path": path, "score": request.POST.get("score", "")[:50],
            "reason": request.POST.get("reason", "")[:2000], "errors": list(refused.reasons),
        }
    if request.htmx:
        submission.refresh_from_db()
        context = page_context(request, submission, stage=stage, typed=typed, status=status)
        context["line"] = next((line for line in context["sheet"].lines if line.kind in ("leaf", "slotrow") and line.path == path), None)
        return render(request, "jixiao/review_live.html", context)
    if typed is None:
        messages.success(request, "复核得分已保存")
    else:
        messages.error(request, status)
        request.session[TYPED_KEY] = typed
    return redirect("review", pk=pk)


@login_required
@require_POST
def return_submission(request, pk: int):
    submission = load_submission(request, pk, access.can_review)
    try:
        services.return_submission(submission, request.user, request.POST.get("comment", ""))
        messages.success(request, "已退回单位修改")
    except services.Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("review", pk=pk)


@login_required
@require_POST
def approve(request, pk: int):
    submission = load_submission(request, pk, access.can_review)
    if request.POST.get("confirm") != "1":  # the page's 确认 box: a stray click approves nothing
        messages.error(request, "请先勾选“确认审核通过”，再按“审核通过”")
        return redirect("review", pk=pk)
    try:
        services.approve(submission, request.user, request.POST.get("comment", ""))
        messages.success(request, "已审核通过")
    except services.Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("review", pk=pk)
