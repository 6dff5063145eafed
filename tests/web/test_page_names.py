"""What reaches a person names things as the page does: no stored keys, YAML positions, formulas in code or
server paths, on screen or in files (issue 18, item 9)."""
from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from django.utils.html import strip_tags

import jixiao

pytestmark = pytest.mark.web

INTERNAL = re.compile(r"rows ·|slots ·|parts ·| · basis|stated_total|lost-points-without-reason|\bindicators\.\d|\brows\||\bslots\||figures\|")
SERVER_PATHS = (str(Path(jixiao.__file__).resolve().parent), "/tmp/", "frameworks/")


def _text(response) -> str:
    return html.unescape(strip_tags(response.content.decode()))


@pytest.fixture
def prefilled(demo):
    """dw2's draft, which seed_demo filled with the 大鹏 example."""
    return demo.submissions.get(unit__name="演示市政务服务中心")


def test_history_names_fields_as_the_page_does(login, prefilled):
    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.scoring import finding_key

    client = login("filler_foreign")
    url = f"/submissions/{prefilled.pk}"
    version = prefilled.version
    for key, text in (("rows|部门决策/目标设置/绩效指标明确性|unmet", "3"), ("stated_total", "93"), ("rows|部门管理/资金管理/财务合规性|parts|资金支出规范性|basis", "依据")):
        assert client.post(f"{url}/save/", {key: text, "version": version}, HTTP_HX_REQUEST="true").status_code == 200
        version += 1
    warning = next(f for f in state_of(prefilled).scored.findings if f.code == "lost-points-without-reason")
    client.post(f"{url}/explain/", {"key": finding_key(warning), "text": "已在报告中说明"})
    history = _text(client.get(f"{url}/")).split("历史记录", 1)[1]
    assert not INTERNAL.findall(history), INTERNAL.findall(history)
    assert "部门决策/目标设置/绩效指标明确性：未达到的评分要点" in history
    assert "报告所列总分" in history
    assert "部门管理/资金管理/财务合规性 > 资金支出规范性：评分依据" in history
    assert f"问题说明：{'/'.join(warning.path)}" in history
    rows = list(csv.reader(io.StringIO(client.get(f"{url}/history.csv").content.decode("utf-8-sig"))))
    assert rows[0][0] == "时间（北京时间）"
    assert all(row[0].endswith("+08:00") for row in rows[1:]) and len(rows) > 4  # Asia/Shanghai, the offset written out
    assert not INTERNAL.findall(" ".join(row[3] for row in rows[1:]))


def test_a_new_slot_row_is_named_by_its_slot(login, demo):
    from jixiao.web.rounds.models import Submission

    unit = demo.submissions.get(unit__name="演示市政务服务数据管理局本级").unit
    login("finance_own").post("/rounds/new/", {"region": unit.parent.parent_id, "title": "江西体系试点", "year": 2022, "framework_id": "jiangxi-2021", "units": [unit.pk]})
    submission = Submission.objects.get(round__title="江西体系试点")
    client = login("filler_own")
    client.post(f"/submissions/{submission.pk}/slots/add/", {"slot": "产出指标/数量指标", "version": "1"})
    page = _text(client.get(f"/submissions/{submission.pk}/"))
    assert "产出指标/数量指标（个性指标）" in page or "数量指标第1项" in page
    assert not INTERNAL.findall(page), INTERNAL.findall(page)


BROKEN_FRAMEWORK = """id: t
name: 测试体系
total: 10
indicators:
  - name: 部门决策
    weight: 10
    children:
      - name: 预算编制
        weight: 5
        rule: {kind: judgement}
      - name: 目标设置
        rule: {kind: judgement}
"""


def test_a_framework_upload_error_names_the_indicator(login, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    unit = demo.submissions.get(unit__name="演示市政务服务数据管理局本级").unit
    upload = SimpleUploadedFile("我的体系.yaml", BROKEN_FRAMEWORK.encode())
    response = login("finance_own").post("/rounds/new/", {"region": unit.parent.parent_id, "title": "上传", "year": 2022, "framework_id": "", "units": [unit.pk], "framework_file": upload})
    page = _text(response)
    assert "我的体系.yaml，第 11 行，指标“部门决策/目标设置”的分值：缺少必填字段" in page
    assert "indicators." not in page and not any(path in page for path in SERVER_PATHS)


def test_formulas_are_shown_as_people_write_them(login, prefilled):
    client = login("filler_foreign")
    # A stated ratio that disagrees with its amounts: the message gives the formula it was recomputed by.
    client.post(f"/submissions/{prefilled.pk}/save/", {"figures|预算调整率": "12%", "version": prefilled.version}, HTTP_HX_REQUEST="true")
    page = _text(client.get(f"/submissions/{prefilled.pk}/"))
    assert "|调整后预算 − 年初预算| ÷ 年初预算" in page
    assert "abs(" not in page


def test_the_scoresheet_holds_no_server_path_nor_codes(login, prefilled):
    from openpyxl import load_workbook

    response = login("filler_foreign").get(f"/submissions/{prefilled.pk}/documents/scoresheet")
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert not [c for c in cells if any(path in c for path in SERVER_PATHS)]
    assert not [c for c in cells if INTERNAL.search(c) or "lost-points" in c or ".yaml" in c]
    findings = book["复核意见"]
    assert [c.value for c in findings[1]] == ["级别", "问题", "位置"]
    assert any(row[2] == "部门管理/人员管理/编外人员控制率" for row in findings.iter_rows(min_row=2, values_only=True))
