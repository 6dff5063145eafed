"""docs/api.md keeps up with the API: every operation is listed, and every shell example runs against a live server."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.web
DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
DOC_SERVER = "http://127.0.0.1:8000"


def test_every_operation_is_documented():
    from web.api.test_api_authorization import operations

    missing = [op for op in operations() if f"`{op.split('?')[0]}" not in DOC and f"`{op}?" not in DOC]
    assert not missing, f"docs/api.md 没有列出：{missing}"


def _json_values(text: str) -> list:
    """Each JSON answer in a block's output (curl prints them one after another without newlines)."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while at < len(text):
        if text[at] in "{[":
            value, at = decoder.raw_decode(text, at)
            values.append(value)
        else:
            at += 1
    return values


def _blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", DOC, flags=re.S)


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_shell_examples_run_against_a_live_server(live_server, demo, users, tmp_path):
    from jixiao.web.api import tokens

    env = {
        **os.environ,
        "TOKEN": tokens.create(users["reviewer_own"], "文档")[1],
        "UNIT_TOKEN": tokens.create(users["filler_own"], "文档")[1],
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    }
    answers = []
    for block in _blocks():
        if "jixiao push" in block and "[--round" in block:
            continue  # the usage line, run for real in test_push.py
        script = block.replace(DOC_SERVER, live_server.url).replace("/tmp/", f"{tmp_path}/")
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (block, done.stderr)
        answers.append(done.stdout)
    parsed = [value for out in answers for value in _json_values(out)]
    evaluated = next(p for p in parsed if isinstance(p, dict) and p.get("framework") == "shenzhen-2019" and "indicators" in p)
    assert evaluated["total"] == 93.76 and evaluated["grade"] == "优"
    codes = [p.get("code") for p in parsed if isinstance(p, dict)]
    assert "stale_version" in codes and "invalid_facts" in codes, [p for p in parsed if isinstance(p, dict) and p.get("code")]  # the 409 example, and the blank 填报表 refused by cell
    summary = next(p for p in parsed if isinstance(p, dict) and "rows" in p)
    assert summary["rows"][0]["unit"] == "演示市政务服务数据管理局本级"
    assert (tmp_path / "汇总表.xlsx").stat().st_size > 0


def test_docs_page_loads_nothing_from_the_internet(client, db):
    """/api/docs uses swagger-ui from this site's static files, under the site's own CSP."""
    from django.contrib.staticfiles import finders

    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "script-src 'self'" in page["Content-Security-Policy"]
    assert "http://" not in html and "https://" not in html and "<script>" not in html  # no CDN, no inline script
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets) and any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
