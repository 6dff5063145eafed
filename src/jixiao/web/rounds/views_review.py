"""Review of a submitted draft: 复核得分 per row, 退回 or 审核通过; the 财政局's 抽查."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
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
    submission = load_submission(request, pk, _can_review_or_check)
    stage = request.POST.get("stage", ReviewScore.DEPARTMENT)
    allowed = access.can_review if stage == ReviewScore.DEPARTMENT else access.can_spot_check
    access.require(stage in (ReviewScore.DEPARTMENT, ReviewScore.FINANCE) and allowed(request.user, submission))
    try:
        services.set_review_score(
            submission, request.user, stage, request.POST.get("path", ""), request.POST.get("score", ""), request.POST.get("reason", ""), state_of(submission).framework
        )
        messages.success(request, "复核得分已保存")
    except services.Refused as refused:
        messages.error(request, "；".join(refused.reasons))
        request.session[TYPED_KEY] = {
            "submission": submission.pk, "path": request.POST.get("path", ""), "score": request.POST.get("score", "")[:50],
            "reason": request.POST.get("reason", "")[:2000], "errors": list(refused.reasons),
        }
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
    try:
        services.approve(submission, request.user, request.POST.get("comment", ""))
        messages.success(request, "已审核通过")
    except services.Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("review", pk=pk)
