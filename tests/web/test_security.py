"""Hashing, lockout, CSRF, secure headers, and the database settings read from the environment."""
from __future__ import annotations

import pytest
from django.test import Client

from jixiao.web import settings as web_settings
from jixiao.web.settings import database_from_url

pytestmark = pytest.mark.web


def test_argon2_is_the_password_hasher():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert web_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hashed = Argon2PasswordHasher().encode("jixiao-demo-2026", "somesalt12345678")  # argon2-cffi is installed and works
    assert hashed.startswith("argon2$argon2id$") and Argon2PasswordHasher().verify("jixiao-demo-2026", hashed)


def test_lockout_after_five_failures(demo):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "dw1", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "dw1", "password": "jixiao-demo-2026"})
    assert response.status_code == 429 and "账号已暂时锁定" in response.content.decode()
    assert Client().post("/accounts/login/", {"username": "dw2", "password": "jixiao-demo-2026"}).status_code == 302  # others unaffected


def test_csrf_is_enforced(users, own_submission):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["filler_own"])
    response = client.post(f"/submissions/{own_submission.pk}/save/", {"figures|年初预算": "1", "version": 1})
    assert response.status_code == 403 and "请求已过期" in response.content.decode()
    own_submission.refresh_from_db()
    assert own_submission.version == 1


def test_secure_headers(demo, client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_load_no_inline_script(login, own_submission):
    html = login("filler_own").get(f"/submissions/{own_submission.pk}/").content.decode()
    assert "<script>" not in html and "onclick" not in html and "style=" not in html  # nothing the CSP would block
    assert 'src="/static/jixiao/htmx-2.0.11.min.js"' in html


@pytest.mark.parametrize(
    "url,expected",
    [
        ("postgresql://jx:p%40ss@db.example:5433/jixiao", {"NAME": "jixiao", "USER": "jx", "PASSWORD": "p@ss", "HOST": "db.example", "PORT": "5433"}),
        ("postgresql://jx@/jixiao?host=/tmp/pg-socket", {"NAME": "jixiao", "USER": "jx", "PASSWORD": "", "HOST": "/tmp/pg-socket", "PORT": ""}),
        ("postgresql://jx@/jixiao?host=/tmp/pg-socket&port=5499", {"HOST": "/tmp/pg-socket", "PORT": "5499"}),
    ],
)
def test_database_url(url, expected):
    database = database_from_url(url)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert {key: database[key] for key in expected} == expected


def test_sqlite_in_the_data_folder_when_no_url():
    database = database_from_url(None)
    assert database["ENGINE"] == "django.db.backends.sqlite3" and database["NAME"].endswith("jixiao.sqlite3")
    with pytest.raises(ValueError, match="只支持 postgresql"):
        database_from_url("mysql://x@y/z")


def test_password_change(login, users):
    client = login("filler_own")
    response = client.post("/accounts/password/", {"old_password": "jixiao-demo-2026", "new_password1": "短", "new_password2": "短"})
    assert "密码太短：至少 10 个字符。" in response.content.decode()
    response = client.post("/accounts/password/", {"old_password": "jixiao-demo-2026", "new_password1": "password123", "new_password2": "password123"})
    assert "这个密码太常见了" in response.content.decode()
    response = client.post("/accounts/password/", {"old_password": "jixiao-demo-2026", "new_password1": "a-much-longer-one-2026", "new_password2": "a-much-longer-one-2026"})
    assert response.status_code == 302
    users["filler_own"].refresh_from_db()
    assert users["filler_own"].check_password("a-much-longer-one-2026")
