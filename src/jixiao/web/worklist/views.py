"""待办 (what waits for me) and the batch approve / return of the unit list."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership
from jixiao.web.rounds import services
from jixiao.web.rounds.models import Round
from jixiao.web.worklist import batch, todo


@login_required
def todo_page(request):
    return render(request, "worklist/todo.html", {"items": todo.items_for(request.user)})


@login_required
@require_POST
def batch_review(request, pk: int):
    round_ = get_object_or_404(Round, pk=pk)
    access.require(bool(access.orgs_with_role(request.user, Membership.REVIEWER)) and access.can_view_round(request.user, round_))
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = f"/rounds/{round_.pk}/units/"
    try:
        outcomes = batch.run(request.user, round_, ids, request.POST.get("action", ""), request.POST.get("comment", ""))
    except services.Refused as refused:
        messages.error(request, "；".join(refused.reasons))
        return redirect(back)
    done = [o.unit for o in outcomes if o.done]
    verb = "审核通过" if request.POST.get("action") == batch.APPROVE else "退回"
    if done:
        messages.success(request, f"已{verb} {len(done)} 个单位：{'、'.join(done)}")
    for o in outcomes:
        if not o.done:
            messages.error(request, f"{o.unit}：未{verb}，{o.reason}")
    return redirect(back)
