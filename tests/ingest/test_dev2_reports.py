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


def test_202_funds_row_missing_a_cell_is_placed_by_its_rate(tmp_path):
    # line 7 ends in the row's label "年度资金总额", line 8 "| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:…": the 年初预算数
    # cell is gone; from 全年预算数 on, 387664.62 / 387664.62 = 100% is the printed 执行率, so the cells stand there:
    # 全年预算数 387664.62 元, 全年执行数 387664.62 元, 分值 10, 执行率 100%, 得分 10
    report = read("202")
    own = next(r for r in report.stated_rows if r.label == "年度资金总额")
    assert (own.initial, own.budget, own.spent, own.rate, own.weight, own.score, own.unit, own.where.line) == (
        None, D("387664.62"), D("387664.62"), D(1), D(10), D(10), "元", 8)
    assert [f.value.display() for f in report.figures["调整后预算"]] == ["387,664.62 元"]
    # the same row whose rate does not confirm the places (99% ≠ 387664.62 / 387664.62) is not guessed at, and said
    text = (REPORTS / "dev2" / "202-yongde-minglang-2022.txt").read_text(encoding="utf-8").replace("| 10 | 100% | 10 | 其中", "| 10 | 99% | 10 | 其中")
    (tmp_path / "202.txt").write_text(text, encoding="utf-8")
    changed = ingest(tmp_path / "202.txt")
    assert not [r for r in changed.stated_rows if r.label == "年度资金总额"]
    assert any("对不上" in m and w.line == 8 for m, w in changed.notes)


def test_202_table_with_its_header_run_into_a_line_and_a_row_broken_over_lines():
    report = read("202")
    rows = [(r.path, r.weight, r.score, r.target, r.actual, r.where.line) for r in report.rows]
    assert rows == [
        (("预算执行率",), D(10), D(10), None, None, 8),  # the 年度资金总额 row: 分值 10, 得分 10
        # line 15: the header (from "年度指标值" to "度量单位") glued after the 年度总体目标 row, the first row after it;
        # 指标性质 | 指标值 | 度量单位 make the target ("≧" "735" "人次")
        (("产出指标", "数量指标", "学生受资助人数"), D(10), D(10), "≧735人次", "735", 15),
        (("产出指标", "质量指标", "营养改善计划覆盖率"), D(10), D(10), "≧100%", "100%", 16),
        (("产出指标", "时效指标", "资金到位及时率"), D(10), D(7), "≧100%", "100%", 17),
        (("产出指标", "成本指标", "生均补助标准达标率"), D(10), D(10), "═100%", "100%", 18),
        # lines 19-21: "效益指标 | 经济效益 指标 | 减轻贫困学生家庭经济负担" / "有效" / "有效 | 10 | 10": one row
        (("效益指标", "经济效益指标", "减轻贫困学生家庭经济负担"), D(10), D(10), "有效", "有效", 19),
        (("效益指标", "社会效益指标", "政策知晓率"), D(10), D(9), "═100%", "98%", 22),
        # line 23 "生态效益 指标" has no row under it: not a row, and not joined to line 31
        (("效益指标", "可持续影响指标", "促进学校教育事业健康发展"), D(10), D(10), "≧100%", "100%", 31),
        (("满意度指标", "服务对象满意度指标等", "学生满意度"), D(10), D(10), "≧95%", "100%", 32),
        (("满意度指标", "服务对象满意度指标等", "家长满意度"), D(10), D(10), "≧95%", "100%", 33),
    ]
    # 10 + 10 + 10 + 7 + 10 + 10 + 9 + 10 + 10 + 10 = 96, the 总分 on line 34 (after "其他需要说明事项 | 无")
    assert sum(r.score for r in report.rows) == report.stated_total == D(96) and report.places["stated_total"].line == 34
    assert report.table_complete


def test_214_a_table_cut_at_its_top_gives_no_total():
    # lines 1-3: the tail of the previous project's table: its one row (成本控制数 90 | 90) and "合计 | 100" with the
    # score cell empty (projects/README.md); the 预算资金 row on line 15 is the next project's, below: not this table's
    report = read("214")
    assert [(r.path[-1], r.weight, r.score) for r in report.rows] == [("成本控制数", D(90), D(90))]
    assert report.stated_total is None and not report.table_complete
    assert any("表的上部缺失" in m and w.line == 3 for m, w in report.notes)


def test_214_zero_initial_budget_is_no_formula_error():
    # 总额 | 0.00 | 3.36 | 3.36: a project added in the year; 资金调整调剂率 (÷ 年初预算) is used by no row here
    assert findings(read("214")) == set()
