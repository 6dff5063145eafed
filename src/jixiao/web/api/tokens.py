"""Creating, checking and revoking API tokens, each change in the history log.

A token reads `jx_<prefix>_<secret>`: the prefix finds the row, the secret (256 random bits) is
compared by its SHA-256, so a copy of the database gives no usable token. A revoked token fails
at once because every request looks the row up.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from jixiao.web.api.models import ApiToken
from jixiao.web.rounds import services
from jixiao.web.rounds.models import HistoryEntry

SCHEME = "jx"
MAX_ACTIVE = 20
# last_used is written at most this often per token, so busy clients do not write on every call.
TOUCH_SECONDS = 60


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(user, name: str) -> tuple[ApiToken, str]:
    """The new token and its full text, shown to the person once and never stored."""
    name = name.strip()[:100] or "接口令牌"
    if ApiToken.objects.filter(user=user, revoked=None).count() >= MAX_ACTIVE:
        raise services.Refused(f"有效令牌已达 {MAX_ACTIVE} 个，请先撤销不用的令牌")
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=_digest(secret))
        services.log(user, HistoryEntry.CHANGE, field="接口令牌", new=f"创建 {name}（{prefix}）")
    return token, f"{SCHEME}_{prefix}_{secret}"


def revoke(user, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
        if token is None:
            raise services.Refused("没有这个令牌")
        if token.revoked is None:
            token.revoked = timezone.now()
            token.save(update_fields=["revoked"])
            services.log(user, HistoryEntry.CHANGE, field="接口令牌", old=f"{token.name}（{token.prefix}）", new="撤销")
        return token


def revoke_all(user) -> int:
    """Every active token of this person revoked at once (a password change leaves them valid); how many were."""
    with transaction.atomic():
        active = list(ApiToken.objects.select_for_update().filter(user=user, revoked=None))
        now = timezone.now()
        for token in active:
            token.revoked = now
            token.save(update_fields=["revoked"])
        if active:
            services.log(user, HistoryEntry.CHANGE, field="接口令牌", old="、".join(f"{t.name}（{t.prefix}）" for t in active), new=f"全部撤销（{len(active)} 个）")
        return len(active)


def authenticate(text: str):
    """The active person a token belongs to, or None (unknown, malformed, wrong secret or revoked)."""
    parts = text.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or not parts[1] or not parts[2]:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked=None).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(parts[2])) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() >= TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
