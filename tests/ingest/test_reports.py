"""Reading the shared reports: every row with its weight and stated score, totals, amounts, where."""
from decimal import Decimal

import pytest

from conftest import DAPENG, GUANGZHOU, ROOT
from jixiao.ingest.report import facts_for_check, ingest
from jixiao.review import evaluate_and_check

REPORTS = ROOT / "tests" / "fixtures" / "reports"
R001, R002, R003 = (REPORTS / name for name in ("001_ece0a16d2d876572.txt", "002_8b3c8e17f1ca9b91.txt", "003_1c9126a573ba6f31.txt"))
DAPENG_ROWS = [5, 5, 8, 5, 2, 2, 3, 2, 2, 2, 1, 1, 1, 3, 5, 6, 8, "5.76", 18, 3, 6]


@pytest.fixture(scope="module")
def r002():
    return ingest(R002)


@pytest.fixture(scope="module")
def r003():
    return ingest(R003)


def test_003_every_row_weight_and_score(r003):
    assert [row.score for row in r003.rows] == [Decimal(str(v)) for v in DAPENG_ROWS]
    assert sum(row.weight for row in r003.rows) == 100
    assert r003.rows[0].path == ("部门决策", "预算编制", "预算编制合理性")
    assert r003.rows[-1].path == ("部门绩效", "公平性", "公众或服务对象满意度")
    assert r003.stated_total == Decimal("93.76")
    assert (r003.department, r003.year, r003.framework_id) == ("深圳市大鹏新区政务服务数据管理局", 2021, "shenzhen-2019")
    # the table's rows are located in the text: 预算编制合理性 is on line 324
    assert r003.rows[0].where.line == 324


def test_003_budget_figures(r003):
    values = {key: found[0].value.display() for key, found in r003.figures.items()}
    assert values["年初预算"] == "5,281.87 万元" and values["调整后预算"] == "7,621.05 万元" and values["实际支出"] == "7,606.15 万元"
    assert values["总资产"] == "9,909.86 万元" and values["三公经费控制率"] == "33.51%"
    assert [values[f"{q}季度支出进度"] for q in "一二三四"] == ["32.74%", "63.93%", "80.12%", "99.80%"]
    assert values["核定编制"] == "24人" and values["在编人数"] == "22人"


def test_002_every_row_weight_and_score(r002):
    # 21 管理效能 rows (资金 7, 绩效 6, 信息公开 2, 采购 1, 资产 3, 成本 2) + 17 履职效能 rows + 1 加减分 row
    assert len(r002.rows) == 39
    assert sum(row.weight for row in r002.rows) == 100
    assert sum(row.score for row in r002.rows) == Decimal("94.35")  # the rows' own sum
    assert r002.stated_total == Decimal("94.65")
    rows = {row.path[-1]: row for row in r002.rows}
    assert rows["预算完成率"].score == Decimal("1.99") and rows["预算完成率"].path[:2] == ("管理效能", "资金管理")
    # 资产管理制度健全性 stands above its group's label across a page break: weights place it
    assert rows["资产管理制度健全性"].path[:2] == ("管理效能", "资产管理")
    hotline = next(row for name, row in rows.items() if "接通率" in name)
    assert (hotline.weight, hotline.score, hotline.actual) == (Decimal("2.96"), Decimal("2.66"), "94.07%")
    assert hotline.path[0] == "履职效能"
    assert r002.framework_id == "guangzhou-2021"


def test_002_budget_figures(r002):
    values = {key: found[0].value.display() for key, found in r002.figures.items()}
    assert values["调整后预算"] == "392,951,003.55 元" and values["实际支出"] == "392,533,097.08 元"
    assert values["基本支出预算"] == "91,154,209.43 元" and values["项目支出预算"] == "301,796,794.12 元"


def test_001_narrative_only():
    report = ingest(R001)
    assert (report.department, report.year, report.stated_total) == ("湛江市政务服务数据管理局", 2022, Decimal("100"))
    assert report.report_date == "2023年4月25日"
    values = {key: found[0].value.display() for key, found in report.figures.items()}
    assert values["实际支出"] == "19,563,574.39 元" and values["基本支出"] == "5,678,716.64 元" and values["项目支出"] == "13,884,857.75 元"
    assert values["三公经费支出"] == "17,133.56 元" and values["三公经费预算"] == "40,000.00 元"
    assert report.rows == [] and sum("未找到评分表" in note for note, _ in report.notes) == 1


def test_check_finds_the_002_total_slip_from_raw_text(cli):
    code, out, _ = cli("check", R002)
    assert code == 1
    assert "自评总分 94.65 与各行自评得分之和 94.35 不符" in out
    assert "在用固定资产总额（原值） 197,823,733.30 元 大于全部固定资产总额（原值） 197,273,890.80 元" in out


def test_check_finds_the_003_slips_from_raw_text():
    facts, framework = facts_for_check(ingest(R003))
    result = evaluate_and_check(framework, facts)
    codes = {(f.code, f.where.field) for f in result.findings if f.severity == "error"}
    assert codes == {("parts-sum", "figures.总资产"), ("stated-rate", "figures.三公经费控制率")}
    assert result.total == Decimal("93.76")


def test_ingest_json_and_facts_file_that_evaluate_accepts(cli, tmp_path):
    import json

    code, out, _ = cli("ingest", R003, "--json")
    data = json.loads(out)
    assert data["stated_total"] == 93.76 and len(data["rows"]) == 21 and data["department"] == "深圳市大鹏新区政务服务数据管理局"
    assert {"path", "weight", "score"} <= set(data["rows"][0]) and "调整后预算" in data["figures"]
    facts = tmp_path / "003.yaml"
    assert cli("ingest", R002, "-o", facts)[0] == 0
    code, out, err = cli("evaluate", facts, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["stated_total"] == 94.65 and len(result["indicators"]) == 39


def test_own_framework_when_none_matches(cli, tmp_path):
    # A report whose table matches no built-in framework: its own table becomes the framework.
    text = R003.read_text(encoding="utf-8").replace("预算编制合理性", "预算编制科学性").replace("预算编制规范性", "预算编制规范度").replace("绩效目标完整性", "目标完整").replace("绩效指标明确性", "指标明确").replace("政府采购执行情况", "采购执行")
    report_path = tmp_path / "other.txt"
    report_path.write_text(text, encoding="utf-8")
    report = ingest(report_path)
    assert report.framework_id is None
    facts = tmp_path / "other.yaml"
    assert cli("ingest", report_path, "-o", facts)[0] == 0
    assert (tmp_path / "other.framework.yaml").exists()
    code, out, err = cli("evaluate", facts, "--json")
    assert code == 0, err
    import json

    assert json.loads(out)["total"] == 93.76


def test_round_trip_of_jixiao_documents(tmp_path):
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    for example, expected_total in ((DAPENG, Decimal("93.76")), (GUANGZHOU, Decimal("94.36"))):
        out = tmp_path / example.stem
        assert CliRunner().invoke(app, ["evaluate", str(example), "--out", str(out)]).exit_code == 0
        from jixiao.review import review_file

        _f, _fw, original = review_file(example)
        for document in ("评分表.xlsx", "自评报告.docx"):
            report = ingest(out / document)
            assert report.stated_total == expected_total, document
            assert [(r.path[-1], r.weight, r.score) for r in report.rows] == [(r.path[-1], r.weight, r.score) for r in original.rows], document
            assert report.framework_id == original.framework


def test_markdown_table_with_html_and_headers_per_page(tmp_path):
    text = (
        "# 某局 2022 年度部门整体支出绩效自评报告\n\n"
        "| 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分 |\n|---|---|---|---|---|---|---|\n"
        "| 决策 | 30 | 目标 | 30 | 目标明确性<p>（按要求）</p> | 30 | 28 |\n"
        "| 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分 |\n"
        "| 绩效 | 70 | 产出 | 70 | 产出数量（40分） | | ３８ |\n"
        "| | | | | 产出质量 | 30 | 30分 |\n"
        "| 总分 | 100 | | | | | 96 |\n"
        "自评得分为 96 分，评价等级为优。年初预算为 1,234,567.89 元。\n"
    )
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    report = ingest(path)
    assert [(r.path, r.weight, r.score) for r in report.rows] == [
        (("决策", "目标", "目标明确性 （按要求）"), Decimal(30), Decimal(28)),
        (("绩效", "产出", "产出数量"), Decimal(40), Decimal(38)),
        (("绩效", "产出", "产出质量"), Decimal(30), Decimal(30)),
    ]
    assert report.stated_total == Decimal(96) and report.stated_grade == "优" and report.department == "某局"
    assert report.figures["年初预算"][0].value.display() == "1,234,567.89 元"


def test_table_converted_one_cell_per_line(tmp_path):
    header = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"]
    rows = [["决策", "30", "目标", "30", "目标明确性", "30", "28"], ["绩效", "70", "产出", "70", "产出数量", "40", "38"], ["", "", "", "", "产出质量", "30", "30分"]]
    total = ["总分", "100", "", "", "", "", "96"]
    text = "某局2022年度部门整体支出绩效自评报告\n" + "\n".join(header + [c for r in rows for c in r] + total) + "\n"
    path = tmp_path / "cells.txt"
    path.write_text(text, encoding="utf-8")
    report = ingest(path)
    assert [(r.path, r.weight, r.score) for r in report.rows] == [
        (("决策", "目标", "目标明确性"), Decimal(30), Decimal(28)),
        (("绩效", "产出", "产出数量"), Decimal(40), Decimal(38)),
        (("绩效", "产出", "产出质量"), Decimal(30), Decimal(30)),
    ]
    assert report.stated_total == Decimal(96)
    # a cell missing (the rows no longer divide evenly): said, not guessed
    broken = tmp_path / "broken.txt"
    broken.write_text(text.replace("产出质量\n", ""), encoding="utf-8")
    report = ingest(broken)
    assert not report.rows or all(r.path != ("绩效", "产出", "产出质量") for r in report.rows)
    assert any("一格一行" in note for note, _ in report.notes)
