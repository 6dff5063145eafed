"""The funds rows of 10号-style tables (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分): amounts read as
amounts with their unit, the row's weight and score as such — never a budget amount as a weight or a score.
Reports in tests/fixtures/reports/projects (copies of the development set's project reports)."""
from decimal import Decimal as D

from conftest import ROOT
from jixiao.ingest.report import ingest

PROJECTS = ROOT / "tests" / "fixtures" / "reports" / "projects"


def read(name):
    return ingest(next(PROJECTS.glob(name + "*.txt")))


def funds(report):
    return [(r.label, r.initial, r.budget, r.spent, r.rate, r.weight, r.score, r.unit) for r in report.stated_rows]


def test_15_spanning_budget_label_in_the_header():
    # line 14: "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因"
    # line 15: "总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | …": one header cell more than the row has
    assert funds(read("15"))[:2] == [
        ("总额", D("0.00"), D("3.36"), D("3.36"), D(1), D(10), D(10), "万元"),
        ("其中:财政资金", D("0.00"), D("3.36"), D("3.36"), D(1), None, None, "万元"),
    ]


def test_12_rowspan_label_and_budget_amounts_are_not_score_rows():
    report = read("12")
    # line 4 "部门(单位)总体 资金(万元) | 资 金 来 源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | …"
    # line 5 "年度资金总额: | 1172.55 | 1268.72 | 10 | 10 | …"; line 6 "基本支出 | 985.19 | 914.97 |"
    assert funds(report)[:2] == [
        ("年度资金总额", D("1172.55"), None, D("1268.72"), None, D(10), D(10), "万元"),
        ("基本支出", D("985.19"), None, D("914.97"), None, None, None, "万元"),
    ]
    # before: "基本支出" and "项目支出" became score rows (weight 10, score 10) of the 评分表
    assert not any(r.path[-1] in ("基本支出", "项目支出", "年度资金总额") for r in report.rows)


def test_16_scored_funds_row_with_blank_score():
    report = read("16")
    total = report.stated_rows[0]
    # 总额: 年初 238.93, 调整后 251.89, 执行 251.89 (251.89 / 251.89 = 100%), 权重 10, 得分 blank
    assert (total.initial, total.budget, total.spent, total.rate, total.weight, total.score) == (D("238.93"), D("251.89"), D("251.89"), D(1), D(10), None)
    assert (report.rows[0].path, report.rows[0].weight, report.rows[0].score) == (("预算执行率",), D(10), None)
