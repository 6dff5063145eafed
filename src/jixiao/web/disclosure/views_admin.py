"""The 财政局's side of 公开: choose units (and any not for publication, with the reason), publish, withdraw."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.web.orgs import access
from jixiao.web.rounds.models import Round
from jixiao.web.rounds.services import Refused
from jixiao.web.disclosure import services
from jixiao.web.disclosure.models import Publication


def _round(request, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    return round_


def _page(request, round_: Round, problems=None, typed=None):
    submissions = list(round_.submissions.select_related("unit", "unit__parent").order_by("unit__parent__name", "-unit__own_level", "unit__name"))
    return render(request, "disclosure/round.html", {
        "round": round_, "submissions": submissions, "publications": list(round_.publications.all()),
        "problems": problems or [], "typed": typed or {}, "chosen": set(typed.getlist("units")) if typed else None,
    })


@login_required
def round_page(request, pk: int):
    return _page(request, _round(request, pk))


@login_required
@require_POST
def publish(request, pk: int):
    round_ = _round(request, pk)
    post = request.POST
    units = [int(v) for v in post.getlist("units") if v.isdigit()]
    withheld = {int(v): post.get(f"reason-{v}", "") for v in post.getlist("withheld") if v.isdigit()}
    try:
        publication = services.publish(round_, request.user, place=post.get("place", ""), units=units or [], withheld=withheld)
    except Refused as refused:
        return _page(request, round_, ["未公开：" + r for r in refused.reasons], post)
    messages.success(request, f"已公开：{publication.units.count()} 个单位")
    return redirect("public_publication", pk=publication.pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    publication = get_object_or_404(Publication.objects.select_related("round"), pk=pk)
    access.require(access.is_finance_of(request.user, publication.round))
    try:
        services.withdraw(publication, request.user, request.POST.get("reason", ""))
        messages.success(request, "已撤回；公开页面保留撤回说明")
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("disclosure", pk=publication.round_id)
