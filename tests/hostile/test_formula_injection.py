"""Issue 13 §1: user text is written as text in every generated workbook; only jixiao's own
formulas are formulas. Each workbook is opened with openpyxl (formulas kept) and searched."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

# Formula starts a spreadsheet acts on: =, +, -, @ and a DDE call.
PAYLOADS = {
    "department": '=HYPERLINK("http://evil.invalid","点击")',
    "basis": "=cmd|' /C calc'!A0",
    "reason": "+1+cmd|' /C calc'!A0",
    "improvement": "-2+HYPERLINK(\"http://evil.invalid\")",
    "slot": "@SUM(1+1)*cmd|' /C calc'!A0",
    "framework": '=HYPERLINK("http://evil.invalid","体系")',
    "indicator": "=cmd|'calc.exe'!A0",  # no "/": it separates the levels of a row's path
    "grade": '优",HYPERLINK("http://evil.invalid"),"',
}
MARKERS = ("HYPERLINK", "cmd|", "SUM(1+1)")

FRAMEWORK = {
    "id": "evil", "name": PAYLOADS["framework"], "total": 10,
    "grades": [{"grade": PAYLOADS["grade"], "min": 9}, {"grade": "差", "min": 0}],
    "indicators": [{"name": "一级", "weight": 10, "explanation": PAYLOADS["framework"], "children": [
        {"name": PAYLOADS["indicator"], "weight": 6, "standard": PAYLOADS["basis"], "rule": {"kind": "judgement"}},
        {"name": "个性", "weight": 4, "slot": {"rule": {"kind": "judgement"}}},
    ]}],
}


def _facts(framework_file: str) -> dict:
    return {
        "department": PAYLOADS["department"], "year": 2021, "framework": framework_file, "unit": "万元",
        "figures": {"调整后预算": 100, "实际支出": 90},
        "rows": {PAYLOADS["indicator"]: {"score": 5, "basis": PAYLOADS["basis"], "reason": PAYLOADS["reason"], "improvement": PAYLOADS["improvement"]}},
        "slots": {"个性": [{"name": PAYLOADS["slot"], "weight": 4, "score": 4, "basis": PAYLOADS["basis"]}]},
        "narrative": {"职能": PAYLOADS["basis"]},
    }


def formulas_and_texts(path: Path) -> tuple[list[str], list[str]]:
    book = load_workbook(path)  # formulas as formulas, not their cached values
    formulas, texts = [], []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(str(cell.value))
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    return formulas, texts


def assert_inert(path: Path, expected_texts: list[str]) -> None:
    formulas, texts = formulas_and_texts(path)
    # Outside its string literals ("..." with "" for a quote) no formula may call what a user wrote.
    hostile = [f for f in formulas if any(marker in re.sub(r'"(?:[^"]|"")*"', "", f) for marker in MARKERS)]
    assert not hostile, f"{path.name}: user text became a formula: {hostile}"
    joined = "\n".join(texts)
    for text in expected_texts:  # the text itself is there, verbatim, as text
        assert text in joined, f"{path.name}: {text!r} missing"


@pytest.fixture
def hostile_inputs(tmp_path):
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump(FRAMEWORK, allow_unicode=True), encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(yaml.safe_dump(_facts("evil.yaml"), allow_unicode=True), encoding="utf-8")
    return tmp_path, facts


def test_scoresheet_keeps_user_text_as_text(cli, hostile_inputs):
    folder, facts = hostile_inputs
    code, _, err = cli("evaluate", facts, "--out", folder / "out")
    assert code == 0, err
    assert_inert(folder / "out" / "评分表.xlsx", [PAYLOADS[k] for k in ("basis", "slot", "indicator")] + [f"未达标原因：{PAYLOADS['reason']}"])
    formulas, _ = formulas_and_texts(folder / "out" / "评分表.xlsx")
    assert any(f.startswith("=SUM(") for f in formulas)  # jixiao's own formulas are still live
    grade = next(f for f in formulas if f.startswith("=IF("))
    assert grade == '=IF(J6>=9,"优"",HYPERLINK(""http://evil.invalid""),""","差")'  # the quote doubled inside the string


def test_template_keeps_framework_text_as_text(cli, hostile_inputs):
    folder, _ = hostile_inputs
    code, _, err = cli("template", "-f", folder / "evil.yaml", "-o", folder / "填报表.xlsx")
    assert code == 0, err
    assert_inert(folder / "填报表.xlsx", [PAYLOADS["framework"], PAYLOADS["indicator"]])


def test_summaries_keep_names_as_text(cli, hostile_inputs):
    folder, facts = hostile_inputs
    code, _, err = cli("summary", facts, "-o", folder / "汇总表.xlsx")
    assert code == 0, err
    assert_inert(folder / "汇总表.xlsx", [PAYLOADS["department"]])
    formulas, _ = formulas_and_texts(folder / "汇总表.xlsx")
    assert "=SUM(C3:C3)" in formulas
    batch = folder / "batch"
    batch.mkdir()
    (batch / "facts.yaml").write_text(facts.read_text(encoding="utf-8").replace("framework: evil.yaml", f"framework: {folder / 'evil.yaml'}"), encoding="utf-8")
    code, out, err = cli("evaluate", batch, "--out", folder / "batch-out")
    assert code == 0, out + err
    assert_inert(folder / "batch-out" / "汇总表.xlsx", [PAYLOADS["department"]])


def test_ingest_summary_keeps_file_names_as_text(tmp_path):
    from jixiao.render.summary_xlsx import SummaryLine, build_summary

    name = "=cmd|' /C calc'!A0"  # a report whose department was not read is listed by its file name
    build_summary([SummaryLine(name, None, None, 0, None)], "已读取报告汇总表").save(tmp_path / "s.xlsx")
    assert_inert(tmp_path / "s.xlsx", [name])


def test_control_characters_are_dropped_not_fatal(cli, tmp_path):
    """A BEL or ESC pasted into a name cannot be stored in Office XML: dropped on writing, the rest kept."""
    from docx import Document

    from conftest import DAPENG

    text = DAPENG.read_text(encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(text.replace("department: 深圳市大鹏新区政务服务数据管理局", 'department: "甲\\a乙\\x1b丙"'), encoding="utf-8")
    code, _, err = cli("evaluate", facts, "--out", tmp_path / "out")
    assert code == 0, err
    assert Document(tmp_path / "out" / "自评报告.docx").paragraphs[0].text.startswith("甲乙丙2021")
    code, _, err = cli("summary", facts, "-o", tmp_path / "汇总表.xlsx")
    assert code == 0, err
    assert load_workbook(tmp_path / "汇总表.xlsx")["汇总表"]["B3"].value == "甲乙丙"


def test_slot_names_that_cannot_be_listed_get_no_drop_down(tmp_path):
    """A quote or comma in a slot name would break (or inject into) the drop-down's list formula."""
    from jixiao.loaders.frameworks import load_framework_file
    from jixiao.render.template_xlsx import build_template

    import copy

    framework = copy.deepcopy(FRAMEWORK)
    del framework["grades"]
    framework["indicators"][0]["children"][1] = {"name": '个性",HYPERLINK("x"),"', "weight": 4, "slot": {"rule": {"kind": "judgement"}}}
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    sheet = build_template(load_framework_file(path))["个性指标"]
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists == ['"是,否"']  # only jixiao's own list; the slot column is left free
