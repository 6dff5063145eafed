"""A row whose 得分 the report left blank is absent (score_missing), never an invented 0 (issue 12)."""
import json

import pytest

from conftest import ROOT, one_row_framework
from jixiao.checks import run_checks
from jixiao.engine import evaluate
from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.problems import InputError
from jixiao.model.result import Where

EXTRA = ROOT / "tests" / "fixtures" / "reports" / "extra"


def codes(findings, code):
    return [tuple(f["where"]["path"]) for f in findings if f["code"] == code]


def test_001_jinzhai_facts_say_absent_and_evaluate_incomplete(cli, tmp_path):
    facts = tmp_path / "001.yaml"
    assert cli("ingest", next(EXTRA.glob("001*.txt")), "-o", facts)[0] == 0
    text = facts.read_text(encoding="utf-8")
    # line 6: 预算资金 row, 分值 10, 得分 cell blank
    assert "预算执行率:\n    score_missing: 报告未列得分\n" in text and "score: 0" not in text
    code, out, err = cli("evaluate", facts, "--json")
    data = json.loads(out)
    # 8 scored rows of lines 16-23: 4 × 10 + 4 × 5 = 60; the 10 of the unscored row is not in it, and said so
    assert code == 0 and data["total"] == 60 and data["incomplete"] == 1
    unscored = [row for row in data["indicators"] if row.get("score_missing")]
    assert [(row["path"], row["basis"]) for row in unscored] == [(["预算执行率"], "未列得分：报告未列得分")]
    assert codes(data["findings"], "score-not-stated") == [("预算执行率",)]
    assert codes(data["findings"], "lost-points-without-reason") == []
    assert {"department", "total", "grade", "indicators", "subtotals", "findings"} <= set(data)  # existing keys kept
    code, out, _ = cli("evaluate", facts)
    assert "总分（不完整：1 项未列得分） 60.00" in out


def test_106_qingshen_check_on_the_report_warns_absent_not_lost(cli):
    code, out, _ = cli("check", next(EXTRA.glob("106*.txt")), "--json")
    findings = json.loads(out)
    # every 得分 cell of its table is blank; 预算执行率 is computed from its amounts (251.89 / 251.89 → 10, a project
    # table's funds row), 发放(缴纳)覆盖率 (line 80) and 足额保障率(参保率) (90) have neither 完成值 nor 得分
    assert code == 0 and codes(findings, "score-not-stated") == [
        ("产出指标", "数量指标", "发放(缴纳)覆盖率"),
        ("效益指标", "社会效益指标", "足额保障率(参保率)"),
    ]
    assert [f["where"]["line"] for f in findings if f["code"] == "score-not-stated"] == [80, 90]
    assert not [f for f in findings if "失分" in f["message"]]


def review(row, **top):
    framework = one_row_framework({"kind": "judgement"}, 10)
    raw = {"department": "测试单位", "year": 2021, "framework": "one-row", "rows": {"一级/指标": row}, **top}
    facts = build_facts(raw, lambda loc: Where("t.yaml", field=".".join(map(str, loc))), framework)
    result = evaluate(framework, facts)
    return result, result.findings + tuple(run_checks(framework, facts, result))


def test_stated_total_is_not_judged_against_an_incomplete_total():
    result, findings = review({"score_missing": "报告未列得分"}, stated_total=9)
    assert (result.total, result.incomplete, result.rows[0].unscored, result.rows[0].lost) == (0, 1, True, 0)
    # 9 ≠ 0 would be stated-total, 失分 10 lost-points-without-reason: neither can be said of a score not known
    assert [f.code for f in findings] == ["score-not-stated"] and "“指标”未列得分" in findings[0].message
    _result, findings = review({"score_missing": "报告未列得分"}, stated_grade="优")
    assert [f.code for f in findings] == ["score-not-stated"]  # 优 against a placeholder total of 0 is not judged
    result, findings = review({"score": 0, "basis": "未完成"}, stated_total=9)
    assert result.incomplete == 0 and "stated-total" in {f.code for f in findings}


@pytest.mark.parametrize("row, field", [({"score_missing": " "}, "score_missing"), ({"score_missing": "报告未列得分", "score": 0, "basis": "x"}, "score")])
def test_score_missing_blank_or_with_a_score_is_refused(row, field):
    with pytest.raises(InputError) as raised:
        review(row)
    assert any(p.where.field.endswith(field) for p in raised.value.problems)


def test_106_report_conclusion_says_the_total_is_incomplete():
    from jixiao.ingest.report import facts_for_check, ingest
    from jixiao.render.report_content import build_content

    facts, framework = facts_for_check(ingest(next(EXTRA.glob("106*.txt"))))
    result = evaluate(framework, facts)
    # 预算执行率 251.89 / 251.89 → 10; the two indicators (60 + 30) unscored: the placeholder total is not a judgement of 差
    assert (result.total, result.incomplete) == (10, 2)
    assert "其中 2 项指标原报告未列得分，按 0 分占位，总分和等级不完整。" in build_content(framework, facts, result).conclusion


def test_001_documents_show_the_row_as_not_scored_not_0(tmp_path):
    """评分表.xlsx and the report's table say 未列得分 for the row the report left blank; the 总分 line says it is incomplete."""
    from openpyxl import load_workbook

    from jixiao.ingest.report import facts_for_check, ingest
    from jixiao.render.documents import write_documents
    from jixiao.render.report_content import build_content

    facts, framework = facts_for_check(ingest(next(EXTRA.glob("001*.txt"))))
    result = evaluate(framework, facts)
    write_documents(tmp_path, framework, facts, result)
    sheet = load_workbook(tmp_path / "评分表.xlsx").worksheets[0]
    cells = {(cell.row, cell.column): cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}
    budget_row = next(r for (r, c), v in cells.items() if v == "预算执行率")
    assert cells[(budget_row, 10)] == "未列得分"  # J: text, so the =SUM of the 得分 column leaves it out like the 0 placeholder
    assert "总分（不完整：1 项未列得分）" in cells.values()
    content = build_content(framework, facts, result)
    row = next(r for r in content.table if r.level3 == "预算执行率" or r.level1 == "预算执行率")
    assert row.score == "未列得分"
    assert any("预算执行率（10 分，未列得分）" in item for section in content.analysis for item in section.items)
