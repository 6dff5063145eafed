"""Submissions through the API: read facts and result, write with a version (409 when stale),
the workflow through the web system's services, evidence, documents and the 汇总表."""
from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.web
ROW = ["部门决策", "预算编制", "预算编制合理性"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_read_gives_facts_version_state_and_the_same_result_as_the_page(api, loaded):
    from jixiao.web.rounds.context import state_of

    body = api("reviewer_own").get(f"/api/submissions/{loaded.pk}").json()
    assert body["version"] == 2 and body["state"] == "draft" and body["state_label"] == "草稿"
    assert body["facts"]["figures"]["年初预算"] == loaded.facts["figures"]["年初预算"]
    assert body["result"]["total"] == 93.76 and body["result"]["grade"] == "优"
    assert body["result"] == json.loads(json.dumps(state_of(loaded).evaluation.as_dict()))


def test_lists_follow_scope(api, demo):
    names = lambda role: sorted(s["unit"] for s in api(role).get("/api/submissions", {"round": demo.pk}).json())  # noqa: E731
    assert names("filler_own") == ["演示市政务服务数据管理局本级"]
    assert names("reviewer_own") == ["演示市政务服务中心", "演示市政务服务数据管理局本级"]
    assert len(names("finance_own")) == 5 and names("finance_foreign") == []
    assert api("finance_foreign").get("/api/rounds").json() == []
    assert [u["name"] for u in api("filler_own").get("/api/units").json()] == ["演示市政务服务数据管理局本级"]


def test_put_facts_yaml_then_stale_version_is_409_and_nothing_is_overwritten(api, own_submission, dapeng_yaml):
    url = f"/api/submissions/{own_submission.pk}/facts"
    first = api("reviewer_own").put(f"{url}?version=1&filename=大鹏.yaml", dapeng_yaml, content_type="application/yaml")
    assert first.status_code == 200 and first.json()["version"] == 2 and first.json()["result"]["total"] == 93.76
    changed = dapeng_yaml.replace("年初预算: 5281.87".encode(), "年初预算: 5300".encode())
    stale = api("filler_own").put(f"{url}?version=1", changed, content_type="application/yaml")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale_version" and body["current_version"] == 2 and body["errors"][0]["loc"] == ["version"]
    assert "此填报已被他人修改（当前版本 2，您基于版本 1）" in body["message"]
    own_submission.refresh_from_db()
    assert own_submission.version == 2 and own_submission.facts["figures"]["年初预算"] == "5281.87"
    assert api("filler_own").put(f"{url}?version=2", changed, content_type="application/yaml").json()["facts"]["figures"]["年初预算"] == 5300


def test_put_facts_json_records_history_and_keeps_who_and_year(api, own_submission, users):
    from jixiao.web.rounds.models import HistoryEntry

    facts = {"department": "别的单位", "year": 1999, "framework": "guangzhou-2021", "unit": "万元", "figures": {"年初预算": 100}}
    response = api("filler_own").put(f"/api/submissions/{own_submission.pk}/facts?version=1", facts, content_type="application/json")
    assert response.status_code == 200
    saved = response.json()["facts"]
    assert saved["department"] == own_submission.unit.name and saved["year"] == 2021 and saved["framework"] == "shenzhen-2019"
    entry = HistoryEntry.objects.get(submission=own_submission, field="figures|年初预算")
    assert (entry.user, entry.old, entry.new, entry.comment) == (users["filler_own"], "", "100", "上传 接口 请求正文")


def test_bad_facts_are_refused_whole_with_located_errors(api, own_submission):
    text = "figures:\n  年初预算: 一百\n  实际支出: 50\n"
    response = api("filler_own").put(f"/api/submissions/{own_submission.pk}/facts?version=1", text.encode(), content_type="application/yaml")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_facts" and body["message"] == "部门数据有误，未保存"
    assert {"loc": ["figures", "年初预算"], "line": 2, "message": "数据项“年初预算”：应为金额，实际为“一百”"} in body["errors"]
    own_submission.refresh_from_db()
    assert own_submission.version == 1 and own_submission.facts["figures"] == {}


def test_filled_workbook_upload_reports_cells(api, own_submission, tmp_path):
    from jixiao.loaders.frameworks import load_framework
    from jixiao.render.template_xlsx import write_template
    from xlsx_fill import fill_template

    template, facts, path = tmp_path / "空白.xlsx", tmp_path / "facts.yaml", tmp_path / "填报表.xlsx"
    write_template(load_framework("shenzhen-2019"), template)
    facts.write_text(f"department: {own_submission.unit.name}\nyear: 2021\nframework: shenzhen-2019\nunit: 万元\nfigures:\n  年初预算: 一百\n", encoding="utf-8")
    fill_template(template, facts, path)
    upload = SimpleUploadedFile("填报表.xlsx", path.read_bytes())
    response = api("filler_own").post(f"/api/submissions/{own_submission.pk}/facts/file", {"version": "1", "file": upload})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "填报表.xlsx 有误，未导入"
    assert body["errors"] == [{"loc": ["figures", "年初预算"], "message": "数据项“年初预算”：应为金额，实际为“一百”", "cell": "数据!D5", "file": "填报表.xlsx"}]


def test_patch_fields_like_the_page(api, own_submission):
    url = f"/api/submissions/{own_submission.pk}/fields"
    ok = api("filler_own").patch(url, {"version": 1, "changes": {"figures|年初预算": "120"}}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["facts"]["figures"] == {"年初预算": "120"} and ok.json()["version"] == 2
    wrong = api("filler_own").patch(url, {"version": 2, "changes": {"department": "别人"}}, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "bad_field"
    stale = api("filler_own").patch(url, {"version": 1, "changes": {"figures|年初预算": "130"}}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2


def test_workflow_submit_return_resubmit_review_approve(api, loaded):
    from jixiao.web.rounds import services
    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.models import HistoryEntry
    from jixiao.web.rounds.attention import explanation_items

    sub = f"/api/submissions/{loaded.pk}"
    refused = api("filler_own").post(f"{sub}/submit")
    assert refused.status_code == 409 and refused.json()["code"] == "cannot_submit"
    warnings = [item["message"] for item in refused.json()["errors"]]
    assert warnings and all(m.startswith("警告须写明说明") for m in warnings)
    for item in explanation_items(state_of(loaded).scored, {}):
        services.explain(loaded, loaded.updated_by, item.key, "已说明")
    assert api("filler_own").post(f"{sub}/submit").json()["state"] == "submitted"
    assert api("reviewer_own").post(f"{sub}/return", {"comment": ""}, content_type="application/json").status_code == 409
    assert api("reviewer_own").post(f"{sub}/return", {"comment": "请补充佐证"}, content_type="application/json").json()["state"] == "returned"
    assert api("filler_own").post(f"{sub}/submit").json()["state"] == "submitted"
    review = {"path": ROW, "score": "4.5", "reason": "编制说明不全"}
    reviewed = api("reviewer_own").post(f"{sub}/review-scores", review, content_type="application/json").json()
    # 复核分数 = 93.76 − 5 + 4.5
    assert reviewed["review_total"] == "93.26" and reviewed["review_scores"][0]["path"] == ROW
    too_much = api("reviewer_own").post(f"{sub}/review-scores", {**review, "score": "6"}, content_type="application/json")
    assert too_much.status_code == 409 and too_much.json()["message"] == "复核得分应在 0 至 5 之间"
    assert api("reviewer_own").post(f"{sub}/approve", {}, content_type="application/json").json()["state"] == "approved"
    moves = list(HistoryEntry.objects.filter(submission=loaded, action=HistoryEntry.TRANSITION).order_by("id").values_list("new", flat=True))
    assert moves == ["已提交", "已退回", "已提交", "已审核"]


def test_evidence_upload_download_and_type_check(api, own_submission):
    from jixiao.web.rounds.models import HistoryEntry

    sub = f"/api/submissions/{own_submission.pk}/evidence"
    pdf = b"%PDF-1.4\n% minutes\n"
    added = api("filler_own").post(sub, {"file": SimpleUploadedFile("会议纪要.pdf", pdf), "path": "/".join(ROW)})
    assert added.status_code == 200 and added.json()["path"] == ROW and added.json()["name"] == "会议纪要.pdf"
    fake = api("filler_own").post(sub, {"file": SimpleUploadedFile("假.pdf", b"MZ\x90\x00 not a pdf")})
    assert fake.status_code == 400 and "不是可接受的类型" in fake.json()["message"]
    listed = api("finance_own").get(sub).json()
    assert [item["name"] for item in listed] == ["会议纪要.pdf"]
    download = api("reviewer_own").get(listed[0]["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    assert HistoryEntry.objects.filter(submission=own_submission, action=HistoryEntry.DOWNLOAD, new="会议纪要.pdf").exists()
    assert api("filler_foreign").get(listed[0]["download"]).status_code == 403


def test_scoresheet_document(api, loaded):
    from openpyxl import load_workbook

    response = api("filler_own").get(f"/api/submissions/{loaded.pk}/documents/scoresheet")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("预算编制合理性" in t for t in texts)
    assert api("filler_own").get(f"/api/submissions/{loaded.pk}/documents/nope").json()["code"] == "not_found"
    report = api("finance_own").get(f"/api/submissions/{loaded.pk}/documents/docx")
    assert report.status_code == 200 and report.content.startswith(b"PK")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(report.content)).namelist()


def test_pdf_document_is_the_report_with_its_total(api, loaded, tmp_path):
    """The 自评报告.pdf through the API (LibreOffice, installed by `make test`): a real PDF whose text names the unit and its 93.76."""
    from jixiao.ingest.source import read_source

    response = api("reviewer_own").get(f"/api/submissions/{loaded.pk}/documents/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"] and ".pdf" in response["Content-Disposition"]
    path = tmp_path / "自评报告.pdf"
    path.write_bytes(response.content)
    text = "\n".join(" ".join(line.cells) for line in read_source(path).lines)  # poppler's pdftotext, as ingest reads PDFs
    assert loaded.unit.name in text and "93.76" in text
    assert api("filler_foreign").get(f"/api/submissions/{loaded.pk}/documents/pdf").status_code == 403


def test_department_summary_json_matches_the_xlsx(api, loaded, demo):
    from openpyxl import load_workbook

    from jixiao.web.rounds.models import Submission

    base = f"/api/rounds/{demo.pk}/departments/{loaded.unit.parent_id}/summary"
    table = api("reviewer_own").get(base).json()
    assert [row["unit"] for row in table["rows"]] == ["演示市政务服务数据管理局本级", "演示市政务服务中心"]  # 本级 first
    # dw1's 大鹏 draft: its 自评分数 is not final, so the 汇总表 leaves it empty and names the state.
    assert (table["rows"][0]["score"], table["rows"][0]["state"]) == (None, "草稿")
    Submission.objects.filter(pk=loaded.pk).update(state=Submission.SUBMITTED)
    table = api("reviewer_own").get(base).json()
    first = table["rows"][0]
    assert first["score"] == "93.76" and first["reviewed"] is None and first["state"] == "已提交" and table["money_unit"] == "元"
    assert Decimal(table["total"]["budget"]) == sum(Decimal(r["budget"]) for r in table["rows"] if r["budget"])
    workbook = load_workbook(io.BytesIO(api("reviewer_own").get(base + ".xlsx").content)).active
    assert workbook.cell(row=3, column=2).value == first["department"] == "演示市政务服务数据管理局"  # 主管部门 first
    assert workbook.cell(row=3, column=3).value == first["unit"]
    assert Decimal(str(workbook.cell(row=3, column=4).value)).quantize(Decimal("0.01")) == (Decimal(first["budget"]) / 10000).quantize(Decimal("0.01"))
    assert workbook.cell(row=3, column=7).value == 93.76 and workbook.cell(row=3, column=9).value == first["grade"] == "优"


def test_region_summary_lists_every_unit(api, demo):
    table = api("finance_own").get(f"/api/rounds/{demo.pk}/summary").json()
    assert len(table["rows"]) == 5 and table["title"] == "演示市财政局 2021 年度部门整体支出绩效自评汇总表"


def test_error_shape_for_everything_else(api, own_submission):
    client = api("filler_own")
    missing = client.get("/api/submissions/999999")
    assert missing.status_code == 404 and missing.json() == {"code": "not_found", "message": "没有这个地址或对象", "errors": []}
    assert client.get("/api/no/such/thing").json()["code"] == "not_found"
    wrong_method = client.delete(f"/api/submissions/{own_submission.pk}")
    assert wrong_method.status_code == 405 and wrong_method.json()["code"] == "method_not_allowed"
    invalid = client.patch(f"/api/submissions/{own_submission.pk}/fields", {"version": "x"}, content_type="application/json")
    body = invalid.json()
    assert invalid.status_code == 400 and body["code"] == "invalid_request"
    assert {"loc": ["body", "payload", "version"], "message": "应为整数"} in body["errors"]
    assert {"loc": ["body", "payload", "changes"], "message": "缺少必填字段"} in body["errors"]
    no_version = client.put(f"/api/submissions/{own_submission.pk}/facts", b"figures: {}\n", content_type="application/yaml")
    assert no_version.status_code == 400 and no_version.json()["errors"] == [{"loc": ["query", "version"], "message": "缺少必填字段"}]
    for item in body["errors"] + no_version.json()["errors"]:
        assert not any("a" <= ch.lower() <= "z" for ch in item["message"]), item  # translated, no English
