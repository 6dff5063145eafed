"""Issue 18 items 13 and 14 on the web and the API: hostile 填报表 packages and deeply nested JSON are
refused with a clear message (never a 500), before anything is parsed."""
from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hostile.xlsx_parts import lying_crc, worksheet_renamed

pytestmark = pytest.mark.web
DEEP = ("[" * 100_000 + "]" * 100_000).encode()


@pytest.fixture
def template(tmp_path):
    from jixiao.loaders.frameworks import load_framework
    from jixiao.render.template_xlsx import write_template

    path = tmp_path / "空白.xlsx"
    write_template(load_framework("shenzhen-2019"), path)
    return path


@pytest.fixture
def hostile(template, tmp_path):
    return {
        # 300,000 empty cells in a worksheet named sheet9.bin: 18 KB on disk; openpyxl took 13 s to build it
        "大表.xlsx": (worksheet_renamed(template, tmp_path / "bin.xlsx", 300_000).read_bytes(), "工作表过大"),
        "坏校验.xlsx": (lying_crc(template, tmp_path / "crc.xlsx").read_bytes(), "文件已损坏"),
    }


def test_hostile_workbooks_are_refused_on_the_upload_page(login, own_submission, hostile):
    client = login("filler_own")
    for name, (content, words) in hostile.items():
        started = time.monotonic()
        response = client.post(f"/submissions/{own_submission.pk}/upload/", {"file": SimpleUploadedFile(name, content), "version": 1}, follow=True)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert f"未导入，文件有误：{name}" in page and words in page, name
        assert time.monotonic() - started < 5, name  # refused from the directory and a streamed count, not parsed
    own_submission.refresh_from_db()
    assert own_submission.version == 1


def test_hostile_workbooks_are_refused_by_the_api(api, own_submission, hostile):
    for name, (content, words) in hostile.items():
        response = api("filler_own").post(f"/api/submissions/{own_submission.pk}/facts/file", {"version": "1", "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 400, (name, response.content[:300])
        body = response.json()
        assert body["code"] == "invalid_facts" and body["message"] == f"{name} 有误，未导入"
        assert words in body["errors"][0]["message"] and body["errors"][0]["file"] == name


def test_json_nested_100000_deep_is_invalid_json(api, own_submission):
    for method, url in (("post", "/api/evaluate"), ("put", f"/api/submissions/{own_submission.pk}/facts?version=1")):
        response = getattr(api("filler_own"), method)(url, DEEP, content_type="application/json")
        assert response.status_code == 400, (url, response.content[:300])
        assert response.json()["code"] == "invalid_json" and "嵌套层数过多" in response.json()["errors"][0]["message"]
    # Within the parser's stack but deeper than any facts (the same bound as a YAML file: 60 levels).
    body = b'{"department": ' + b"[" * 200 + b"]" * 200 + b"}"
    response = api("filler_own").post("/api/evaluate", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_json"
