"""`POST /api/evaluate` returns what `jixiao evaluate --json` prints for the same facts, and bad facts
come back in the one error shape with their located problems."""
from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
import yaml

from conftest import DEPARTMENT_EXAMPLES, EXAMPLES, ROOT

pytestmark = pytest.mark.web
EXAMPLE_FILES = DEPARTMENT_EXAMPLES


def _cli_json(cli, path) -> dict:
    relative = os.path.relpath(path, ROOT)
    cwd = os.getcwd()
    os.chdir(ROOT)  # the CLI names the file as it was given: run it the way the docs show
    try:
        code, out, _err = cli("evaluate", relative, "--json")
    finally:
        os.chdir(cwd)
    assert code == 0
    return json.loads(out)


def _without_lines(value):
    """JSON bodies have no lines: the same result with every where.line left out."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != "line"}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_yaml_body_gives_exactly_the_cli_json(path, api, cli):
    relative = os.path.relpath(path, ROOT)
    response = api("filler_own").post(f"/api/evaluate?filename={relative}", path.read_bytes(), content_type="application/yaml")
    assert response.status_code == 200, response.content.decode()
    assert response.json() == _cli_json(cli, path)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_json_body_gives_the_cli_json_without_line_numbers(path, api, cli):
    relative = os.path.relpath(path, ROOT)
    facts = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Numbers written as JSON numbers; the API reads them as Decimal from their text.
    body = json.dumps(facts, ensure_ascii=False, default=str)
    response = api("reviewer_foreign").post(f"/api/evaluate?filename={relative}", body.encode(), content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    assert response.json() == _without_lines(_cli_json(cli, path))


def test_dapeng_total_through_the_api(api):
    path = EXAMPLES / "dapeng-2021.yaml"
    result = api("finance_own").post("/api/evaluate", path.read_bytes(), content_type="application/yaml").json()
    assert Decimal(str(result["total"])) == Decimal("93.76") and result["grade"] == "优"


def test_bad_figure_is_located_by_field_and_line(api):
    text = "department: 测试单位\nyear: 2021\nframework: shenzhen-2019\nunit: 万元\nfigures:\n  年初预算: 一百\n"
    response = api("filler_own").post("/api/evaluate", text.encode(), content_type="application/yaml")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_facts" and body["message"] == "部门数据有误，未能评分"
    assert {"loc": ["figures", "年初预算"], "line": 6, "message": "数据项“年初预算”：应为金额，实际为“一百”"} in body["errors"]


def test_bad_json_facts_are_located_by_field(api):
    body = {"department": "测试单位", "year": "二〇二一", "framework": "shenzhen-2019", "figures": {"年初预算": "abc"}}
    response = api("filler_own").post("/api/evaluate", body, content_type="application/json")
    assert response.status_code == 400
    locs = [tuple(item["loc"]) for item in response.json()["errors"]]
    assert ("year",) in locs


def test_framework_files_on_the_server_are_never_opened(api, tmp_path):
    framework = tmp_path / "mine.yaml"
    framework.write_text("id: x\n", encoding="utf-8")
    text = f"department: 测试单位\nyear: 2021\nframework: {framework}\n"
    body = api("filler_own").post("/api/evaluate", text.encode(), content_type="application/yaml").json()
    assert body["code"] == "invalid_facts" and body["errors"][0]["loc"] == ["framework"]
    assert "只接受内置指标体系" in body["errors"][0]["message"]


def test_missing_figures_mean_no_score(api):
    text = "department: 测试单位\nyear: 2021\nframework: shenzhen-2019\nunit: 万元\n"
    body = api("filler_own").post("/api/evaluate", text.encode(), content_type="application/yaml").json()
    assert body["code"] == "cannot_score" and body["errors"] and all(item["message"] for item in body["errors"])


@pytest.mark.parametrize(
    "content,content_type,status,code",
    [
        (b"{not json", "application/json", 400, "invalid_json"),
        (b"[1, 2]", "application/json", 400, "invalid_facts"),
        (b"{\"a\": NaN}", "application/json", 400, "invalid_json"),
        (b"a: [1\n", "application/yaml", 400, "invalid_facts"),
        (b"department: x", "application/xml", 415, "unsupported_media_type"),
    ],
)
def test_unreadable_bodies(api, content, content_type, status, code):
    response = api("filler_own").post("/api/evaluate", content, content_type=content_type)
    assert response.status_code == status and response.json()["code"] == code


def test_a_body_over_the_limit_is_413(api):
    response = api("filler_own").post("/api/evaluate", b"a: " + b"x" * (6 * 1024 * 1024), content_type="application/yaml")
    assert response.status_code == 413 and response.json()["code"] == "too_large"
