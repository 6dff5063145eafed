"""The 财政局's side of 公开: choose units (and any not for publication, with the reason), request publishing, follow the job, withdraw."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
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
    publications = list(round_.publications.annotate(unit_count=Count("units")))
    submissions = list(round_.submissions.select_related("unit", "unit__parent").order_by("unit__parent__name", "-unit__own_level", "unit__name"))
    working = any(p.state in (Publication.QUEUED, Publication.BUILDING) and p.live for p in publications)
    response = render(request, "disclosure/round.html", {
        "round": round_, "submissions": submissions, "publications": publications, "working": working, "inline": services.inline_limit(),
        "problems": problems or [], "typed": typed or {}, "chosen": set(typed.getlist("units")) if typed else None,
    })
    if working:
        response["Refresh"] = "15"  # the job's progress (n/N) without a script: the page reloads itself
    return response


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
    if publication.state == Publication.PUBLISHED:
        messages.success(request, f"已公开：{publication.units.count()} 个单位")
        return redirect("public_publication", pk=publication.pk)
    if publication.state == Publication.FAILED or publication.error:
        messages.error(request, f"第 {publication.pk} 号公开未能生成：{publication.error}")
    else:
        messages.success(request, f"已申请第 {publication.pk} 号公开：{publication.total} 个单位的材料由后台任务生成，全部生成后才在公开页面显示")
    return redirect("disclosure", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    publication = get_object_or_404(Publication.objects.select_related("round"), pk=pk)
    access.require(access.is_finance_of(request.user, publication.round))
    try:
        services.withdraw(publication, request.user, request.POST.get("reason", ""))
        shown = publication.state == Publication.PUBLISHED
        messages.success(request, "已撤回；公开页面保留撤回说明" if shown else f"已取消第 {publication.pk} 号公开的申请，不再生成")
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("disclosure", pk=publication.round_id)
