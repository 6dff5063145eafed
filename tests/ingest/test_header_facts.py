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


DEV2 = ROOT / "tests" / "fixtures" / "reports" / "dev2"


def test_department_from_the_value_before_its_label_a_part_heading_or_the_units_own_offices():
    cases = {
        "204-xintian-jiaoyu-2021.txt": ("新田县教育局", 51),  # OCR: "新田县教育局" (51) above its label "部门名称" (52)
        "215-hongjiang-zhengfuban-2023.txt": ("洪江市人民政府办公室", 3),  # "第一部分 洪江市人民政府办公室概况"
        "212-quxian-nongji-2024.txt": ("渠县农业综合技术服务中心", 19),  # "…中心下设办公室、财务室…" (二、机构设置)
    }
    for name, (department, line) in cases.items():
        report = ingest(DEV2 / name)
        assert (report.department, report.places["department"].line) == (department, line), name


def test_an_attachment_line_or_a_fragment_above_a_label_is_not_the_department():
    from jixiao.ingest.header import read_header
    from jixiao.ingest.source import Line
    from jixiao.model.result import Where

    def header(*texts):
        return read_header([Line((t,), Where("t.txt", line=n)) for n, t in enumerate(texts, start=1)])

    assert header("附件2", "部门名称", "年初预算数").department is None
    assert header("附件2：某县水利局", "部门名称", "年初预算数").department is None  # an attachment line, not a value
    assert header("预算数执行数", "部门名称", "年初预算数").department is None  # a fragment, no unit's ending
    assert header("主管部门", "某县教育局", "实施单位", "某县第一中学").department == "某县第一中学"  # the value below first
    assert header("第一部分 单位概况").department is None  # "单位" names no one
    assert header("第二部分 机关概况").department is None  # nor "机关", which ends like a unit's name
    assert header("本局机关下设办公室、财务股、法规股。").department is None  # "本局机关" is no name
