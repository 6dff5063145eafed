"""Header facts and a 汇总表 before the 评分表 (tests/fixtures/reports/layouts, see its README)."""
from decimal import Decimal as D

from conftest import ROOT
from jixiao.ingest.report import facts_for_check, ingest
from jixiao.review import evaluate_and_check

LAYOUTS = ROOT / "tests" / "fixtures" / "reports" / "layouts"


def test_attachment_line_is_not_the_department_and_grade_without_score():
    report = ingest(LAYOUTS / "attachment-grade-only.txt")
    # line 1 "附件2：" names nothing; line 2 is the title
    assert (report.department, report.places["department"].line) == ("某县水利局", 2)
    # line 3 "自评结果为优秀": the grade, with no score beside it
    assert (report.stated_grade, report.stated_total, report.places["stated_grade"].line) == ("优", None, 3)


def test_total_that_is_the_weights_sum_is_not_the_score():
    report = ingest(LAYOUTS / "total-is-weights.txt")
    assert report.department == "某县农业农村局"  # "附件1：" cut off the title
    assert [(r.path, r.weight, r.score) for r in report.rows] == [(("投入", "预算执行率"), D(60), D(50)), (("产出", "完成率"), D(40), D(30))]
    # "总分 | 100": 60 + 40 = 100 is the 分值 column's sum, the scores add up to 80; not a stated total of 100
    assert report.stated_total is None
    assert any("是各行分值之和" in m and w.line == 5 for m, w in report.notes)
    # so no "stated total 100 against computed 80" is reported
    facts, framework = facts_for_check(report)
    assert not [f for f in evaluate_and_check(framework, facts).findings if f.code.startswith("stated-total")]


def test_summary_before_the_scoring_table():
    report = ingest(LAYOUTS / "summary-before-table.txt")
    # the 汇总表's one unit (line 4) names the department; it is read as the summary, apart from the 评分表
    assert (report.department, report.places["department"].line) == ("某县交通运输局", 4)
    summary = [r for r in report.stated_rows if r.table == "汇总表"]
    assert [(r.label, r.budget, r.spent, r.rate, r.self_score) for r in summary] == [("某县交通运输局", D("500.00"), D("450.00"), D("0.9"), D(92))]
    assert [(r.path, r.score) for r in report.rows] == [(("投入", "预算执行率"), D(55)), (("产出", "完成率"), D(37))]
    assert report.stated_total == D(92)  # the 评分表's 总分 row; 55 + 37 = 92
    facts, framework = facts_for_check(report)
    assert [f.code for f in evaluate_and_check(framework, facts).findings if f.severity == "error"] == []  # 450 / 500 = 90.00%
