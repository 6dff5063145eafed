"""API tokens: made on the profile page and shown once, kept hashed, last use recorded, revoked at once, in the history."""
from __future__ import annotations

import hashlib
import re

import pytest

pytestmark = pytest.mark.web


def _create_on_page(client, name="预算一体化系统") -> str:
    response = client.post("/profile/tokens/", {"name": name})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    match = re.search(r'<code id="token-text">(jx_[0-9a-f]{12}_[\w-]{43})</code>', response.content.decode())
    assert match, "新令牌应在页面上显示一次"
    return match.group(1)


def test_token_from_the_profile_page_works_and_is_stored_hashed(login, users):
    from jixiao.web.api.models import ApiToken

    page = login("reviewer_own")
    text = _create_on_page(page)
    _scheme, prefix, secret = text.split("_", 2)
    stored = ApiToken.objects.get(prefix=prefix)
    assert stored.user == users["reviewer_own"] and stored.name == "预算一体化系统" and stored.last_used is None
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values_list()))  # only prefix and digest are kept
    assert secret not in page.get("/profile/").content.decode()  # shown once: not on the page afterwards

    from django.test import Client

    answer = Client(HTTP_AUTHORIZATION=f"Bearer {text}").get("/api/units")
    assert answer.status_code == 200
    assert "演示市政务服务数据管理局本级" in [u["name"] for u in answer.json()]
    stored.refresh_from_db()
    assert stored.last_used is not None


def test_revoked_token_fails_at_once_and_both_changes_are_in_history(login, users):
    from django.test import Client

    from jixiao.web.api.models import ApiToken
    from jixiao.web.rounds.models import HistoryEntry

    page = login("filler_own")
    text = _create_on_page(page, "对接")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert client.get("/api/submissions").status_code == 200
    token = ApiToken.objects.get(prefix=text.split("_")[1])
    assert page.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 302
    answer = client.get("/api/submissions")
    assert answer.status_code == 401 and answer["WWW-Authenticate"].startswith("Bearer")
    assert answer.json() == {"code": "unauthorized", "message": "未提供有效的接口令牌（Authorization: Bearer <令牌>）", "errors": []}
    entries = list(HistoryEntry.objects.filter(user=users["filler_own"], field="接口令牌").order_by("id").values_list("old", "new"))
    assert entries == [("", f"创建 对接（{token.prefix}）"), (f"对接（{token.prefix}）", "撤销")]


def test_another_persons_token_cannot_be_revoked(login, users):
    from jixiao.web.api import tokens
    from jixiao.web.api.models import ApiToken

    token, _text = tokens.create(users["filler_own"], "dw1 的令牌")
    response = login("filler_foreign").post(f"/profile/tokens/{token.pk}/revoke/", follow=True)
    assert "没有这个令牌" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).active


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer jx_", "Bearer jx_abc_def", "Token abc", "Bearer xx_000000000000_secret"])
def test_malformed_or_unknown_tokens_are_refused(api, header, db):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get("/api/rounds")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_wrong_secret_with_a_real_prefix_is_refused(users):
    from django.test import Client

    from jixiao.web.api import tokens

    _token, text = tokens.create(users["finance_own"], "x")
    forged = text[:-4] + ("AAAA" if not text.endswith("AAAA") else "BBBB")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {forged}").get("/api/rounds").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {text}").get("/api/rounds").status_code == 200


def test_an_inactive_person_has_no_access(users):
    from django.test import Client

    from jixiao.web.api import tokens

    _token, text = tokens.create(users["filler_own"], "x")
    users["filler_own"].is_active = False
    users["filler_own"].save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {text}").get("/api/rounds").status_code == 401


def test_admin_lists_tokens_but_cannot_make_or_change_them(client, users):
    from django.contrib.auth import get_user_model

    from jixiao.web.api import tokens

    token, _text = tokens.create(users["filler_own"], "对接")
    client.force_login(get_user_model().objects.get(username="admin"))
    listing = client.get("/admin/api/apitoken/")
    assert listing.status_code == 200 and token.prefix in listing.content.decode()
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    assert client.post(f"/admin/api/apitoken/{token.pk}/change/", {"name": "改"}).status_code == 403


def test_profile_page_fields_are_labelled_and_ids_unique(login, users):
    from web.test_markup import _parse

    from jixiao.web.api import tokens

    tokens.create(users["filler_own"], "旧令牌")
    page = login("filler_own").post("/profile/tokens/", {"name": "新令牌"})
    parsed = _parse(page.content.decode())
    assert parsed.fields and all(field.get("id") in parsed.labels for field in parsed.fields)
    assert len(parsed.ids) == len(set(parsed.ids))
    assert page.content.decode().count(">撤销</button>") == 2
