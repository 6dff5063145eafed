"""The profile page: a person's API tokens, created (the token shown once) and revoked, one by one or all at once."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.web.api import tokens
from jixiao.web.api.models import ApiToken
from jixiao.web.rounds import services


def _page(request, new_token: str = "", status: int = 200):
    return render(request, "jixiao/profile.html", {"tokens": ApiToken.objects.filter(user=request.user), "new_token": new_token}, status=status)


@login_required
def profile(request):
    return _page(request)


@login_required
@require_POST
def token_create(request):
    try:
        _token, text = tokens.create(request.user, request.POST.get("name", ""))
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect("profile")
    # Answered here, not after a redirect, so the token is never kept in a session or message.
    response = _page(request, new_token=text)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    try:
        token = tokens.revoke(request.user, pk)
        messages.success(request, f"已撤销令牌“{token.name}”")
    except services.Refused as refused:
        messages.error(request, str(refused))
    return redirect("profile")


@login_required
@require_POST
def token_revoke_all(request):
    count = tokens.revoke_all(request.user)
    if count:
        messages.success(request, f"已撤销全部 {count} 个有效令牌")
    else:
        messages.info(request, "没有有效的令牌")
    return redirect("profile")
