"""Login throttling by address as well as by account, no-store on signed-in pages, revoking every token at once
(issue 18, item 17)."""
from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.web

PASSWORD = "jixiao-demo-2026"
ACCOUNTS = ("dw1", "dw2", "dw3", "dw4", "dw5", "zgbm1", "zgbm2")


def _login(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def test_one_address_cannot_try_a_few_passwords_on_every_account(demo):
    # 4 wrong passwords on each of 5 accounts: no account reaches its limit of 5, the address reaches 20 with the last.
    statuses = [_login(username, "wrong", "10.0.0.9").status_code for username in ACCOUNTS[:5] for _ in range(4)]
    assert statuses == [200] * 19 + [429]
    locked = _login("zgbm1", PASSWORD, "10.0.0.9")
    assert locked.status_code == 429 and "账号已暂时锁定" in locked.content.decode()
    assert _login("zgbm1", PASSWORD, "10.0.0.10").status_code == 302  # from another address: the account is not locked


def test_an_office_sharing_one_address_is_not_locked_by_a_few_slips(demo):
    for username in ACCOUNTS[:3]:
        for _ in range(3):
            _login(username, "wrong", "10.0.0.9")
    assert _login("dw4", PASSWORD, "10.0.0.9").status_code == 302


def test_the_account_lock_still_holds_across_addresses(demo):
    for number in range(5):
        _login("dw1", "wrong", f"10.0.1.{number}")
    assert _login("dw1", PASSWORD, "10.0.2.1").status_code == 429


def test_signed_in_pages_are_not_stored(login, own_submission):
    client = login("filler_own")
    for url in ("/", f"/submissions/{own_submission.pk}/", f"/submissions/{own_submission.pk}/history.csv", "/profile/"):
        assert client.get(url)["Cache-Control"] == "no-store", url


def test_profile_says_a_password_change_keeps_tokens_and_revokes_them_all(login, users):
    from jixiao.web.api import tokens
    from jixiao.web.api.models import ApiToken

    mine = [tokens.create(users["filler_own"], name)[1] for name in ("一体化系统", "推送脚本")]
    theirs = tokens.create(users["filler_foreign"], "别人的")[1]
    client = login("filler_own")
    page = client.get("/profile/").content.decode()
    assert "修改密码不会使已有的接口令牌失效" in page and "撤销全部有效令牌" in page
    response = client.post("/profile/tokens/revoke-all/", follow=True)
    assert "已撤销全部 2 个有效令牌" in response.content.decode()
    assert all(tokens.authenticate(text) is None for text in mine)
    assert tokens.authenticate(theirs) == users["filler_foreign"]  # nobody else's
    assert ApiToken.objects.filter(user=users["filler_own"], revoked=None).count() == 0
    assert Client(HTTP_AUTHORIZATION=f"Bearer {mine[0]}").get("/api/rounds").status_code == 401
