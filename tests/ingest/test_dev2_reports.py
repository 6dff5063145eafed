"""The second development set (tests/fixtures/reports/dev2, real published reports found for issue 24): what each
states, read by hand (tests/fixtures/reports/expectations.yaml, line numbers there); above all, that `jixiao check`
reports nothing on them that is not there."""
from decimal import Decimal as D

import pytest
import yaml

from conftest import ROOT
from jixiao.ingest.report import facts_for_check, ingest
from jixiao.review import evaluate_and_check

REPORTS = ROOT / "tests" / "fixtures" / "reports"
EXPECTED = yaml.safe_load((REPORTS / "expectations.yaml").read_text(encoding="utf-8"))
DEV2 = sorted(name for name in EXPECTED if name.startswith("dev2/"))


def findings(report):
    if report.year is None:
        return set()  # no year: `jixiao check` says it cannot form the department's data (210), no finding
    facts, framework = facts_for_check(report)
    return {(f.code, f.where.line) for f in evaluate_and_check(framework, facts).findings if f.severity in ("error", "warning")}


@pytest.mark.parametrize("name", DEV2)
def test_no_finding_that_is_not_real(name):
    report = ingest(REPORTS / name)
    assert findings(report) <= {tuple(f) for f in EXPECTED[name]["findings"]}


def test_dev2_has_fifteen_reports_with_sources():
    assert len(DEV2) == 15 and all(EXPECTED[name]["source"].startswith("http") for name in DEV2)


def test_narrative_reports_give_no_rows():
    # 201 霍邱 (project sums in sentences), 203 丰都, 206 徐闻, 208 红河, 209 编办, 213 双江 (a 决算 whose contents list
    # names "十四、2023年度部门整体支出绩效自评表"): no score table, so no row
    for number in ("201", "203", "206", "208", "209", "213"):
        name = next(n for n in DEV2 if n[5:8] == number)
        assert ingest(REPORTS / name).rows == [], name


def read(number):
    return ingest(next(REPORTS.glob(f"dev2/{number}-*.txt")))


def test_header_facts_by_hand():
    # 201 line 1 "霍邱县教育局2022年部门绩效自评工作情况总结"; 203 line 9 "丰都县兴义镇中心小学校2022年度预算绩效自评工作报告"
    assert (read("201").department, read("201").year) == ("霍邱县教育局", 2022)
    assert (read("203").department, read("203").year) == ("丰都县兴义镇中心小学校", 2022)
    # 206: "评价单位(公章):徐闻县前山镇人民政府"; "机构编制部门核定人数96人、年末在职人数86人"
    report = read("206")
    assert report.department == "徐闻县前山镇人民政府"
    assert {k: report.figures[k][0].value.display() for k in ("核定编制", "在编人数")} == {"核定编制": "96人", "在编人数": "86人"}
    # 213 line 2 "双江拉祜族佤族布朗族傣族自治县人力资源和社会保障局2023年度部门决算"
    assert (read("213").department, read("213").year) == ("双江拉祜族佤族布朗族傣族自治县人力资源和社会保障局", 2023)


def test_203_budget_and_spending_in_a_sentence():
    # "全年预算数2039.8万元.全年执行数1713.9万元"
    figures = read("203").figures
    assert (figures["调整后预算"][0].value.display(), figures["实际支出"][0].value.display()) == ("2,039.80 万元", "1,713.90 万元")


def test_202_funds_row_missing_a_cell_is_not_guessed():
    # line 8 "| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款 |": the 年初预算数 cell is gone; read by position,
    # 10 (the 分值) would be the 全年执行数 — the row is not read, and said
    report = read("202")
    assert not [r for r in report.stated_rows if r.spent == D(10) or r.budget == D(10)]
    assert any("对不上" in m and w.line == 8 for m, w in report.notes)


def test_214_zero_initial_budget_is_no_formula_error():
    # 总额 | 0.00 | 3.36 | 3.36: a project added in the year; 资金调整调剂率 (÷ 年初预算) is used by no row here
    assert findings(read("214")) == set()


def test_202_total_row_of_a_table_not_read():
    # line 34 "| 其他需要说明事项 | 无 | 总分 | 100 | 96 | 优 |": 100 is the weights' sum, 96 the score, 优 the grade
    # (10 + 10 + 7 + 10 + 10 + 9 + 10 + 10 + 10 + 预算执行 10 = 96); the table itself, its header run into a data line, is not read
    report = read("202")
    assert (report.stated_total, report.stated_grade, report.places["stated_total"].line) == (D(96), "优", 34)
