"""Real published reports the reader was not built on (tests/fixtures/reports/extra/107–112, see its README), with
the values read by hand. Each expected value names its line; what a file does not show is asserted absent.
"""
import json
from decimal import Decimal as D

import pytest

from conftest import ROOT
from jixiao.ingest.report import ingest

EXTRA = ROOT / "tests" / "fixtures" / "reports" / "extra"


def read(name):
    return ingest(next(EXTRA.glob(name + "*.txt")))


def notes(report):
    return " / ".join(message for message, _ in report.notes)


def test_107_yuhua_cover_fields_run_together():
    report = read("107")
    # line 3 (OCR, no separators): "部门(单位)名称长沙市雨花区发展和改革局预算编码302001报告日期:2023年5月10日"
    assert (report.department, report.places["department"].line) == ("长沙市雨花区发展和改革局", 3)
    assert (report.year, report.report_date) == (2022, "2023年5月10日")  # line 1 "雨花区2022年度"
    # the 指标表 is OCR with every cell glued ("投入13预算配置13在职人员控制率5以100%为标准。…"): weights, standards
    # and scores cannot be told apart, so no row and no total is invented
    assert report.rows == [] and report.stated_total is None
    # …but it is there (line 3 "…部门整体支出绩效评价指标表"), and the notes say it was not read rather than absent
    said = [where.line for message, where in report.notes if message.startswith("评分表未能读出任何一行")]
    assert said == [3] and "没有找到评分表" not in notes(report)


def test_108_guichi_project_table_on_one_line():
    report = read("108")
    # line 1 "实施单位 219001-池州市贵池区棠溪镇人民政府": the budget code is not part of the name; "(2022年度)"
    assert (report.department, report.year) == ("池州市贵池区棠溪镇人民政府", 2022)
    # the whole 项目支出绩效自评表 is one line; rows "三级指标 年度指标值 实际完成值 分值 得分", targets worded or numeric;
    # the funds row "年度资金总额: 0 0 0 10 0 0" (分值 10, 得分 0) first, read by the project reader (ingest/project_table.py)
    assert [(r.path, r.weight, r.score, r.target, r.actual) for r in report.rows] == [
        (("预算执行率",), D(10), D(0), None, None),
        (("产出指标", "数量指标", "基建工程委托业务项目数量"), D(8), D(8), "≥50个", "50"),
        (("产出指标", "质量指标", "委托业务报告合格率"), D(8), D(8), "≥100百分比", "100"),
        (("产出指标", "质量指标", "经费支出合规性"), D(8), D(8), "严格执行相关制度规定", "达成预期指标"),
        (("产出指标", "时效指标", "提交报告及时性"), D(8), D(8), "在项目计划完成时间内完成", "达成预期指标"),
        (("产出指标", "成本指标", "项目总成本"), D(8), D(8), "≤90万元", "90"),
        (("产出指标", "成本指标", "单项业务成本"), D(10), D(10), "符合相关规定", "达成预期指标"),
        (("效益指标", "社会效益指标", "对维护基建市场公平的影响程度"), D(10), D(10), "效果明显", "达成预期指标"),
        (("效益指标", "生态效益指标", "对控制基建项目成本影响程度"), D(10), D(10), "效果明显", "达成预期指标"),
        (("效益指标", "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响"), D(10), D(10), "效果明显", "达成预期指标"),
    ]
    # "产出指标(50分)" = 8 + 8 + 8 + 8 + 8 + 10; "效益指标(30分)" = 10 + 10 + 10
    assert (report.parent_weights[("产出指标",)], report.parent_weights[("效益指标",)]) == (50, 30)
    # cut at "满意度指标 公众满": no 总分, said; no total invented
    assert report.stated_total is None and "评分表不完整" in notes(report)


def test_109_fragment_has_nothing_to_read():
    report = read("109")
    # "合计100" is the weights' sum of a project table without its header; no unit, year or score total is shown
    assert (report.department, report.year, report.stated_total, report.rows) == (None, None, None, [])


def test_110_quoted_csv_without_scores():
    report = read("110")
    # "权数" 20 / 20 / 10 with the "考评得分" cells empty, no unit or year named: nothing is made up
    assert (report.department, report.year, report.stated_total) == (None, None, None)
    assert all(r.score is None for r in report.rows)


def test_111_chongqing_total_in_a_form_field():
    report = read("111")
    # line 2 "自评总分(分)97.6"; the unit is not named (主管部门 left blank)
    assert (report.stated_total, report.places["stated_total"].line, report.department) == (D("97.6"), 2, None)


def test_112_ningde_cut_after_a_group_heading():
    report = read("112")
    # line 15 "部门(单位)名称 中共宁德市委党史和地方志研究室 部门预算编码 901001033"; line 7 "2018年度部门整体支出绩效自评表"
    assert (report.department, report.year) == ("中共宁德市委党史和地方志研究室", 2018)
    # the table stops at line 66 "指标1  按月发放员工工", under "产出 指标 (60分)": a group heading, not a row scored 0 of 60
    assert report.rows == [] and "产出指标" in notes(report)


@pytest.mark.parametrize("name", ["107", "112"])
def test_check_finds_nothing_false(cli, name):
    code, out, err = cli("check", next(EXTRA.glob(name + "*.txt")))
    assert code == 0 and "Traceback" not in err and "错误 0 项" in out and "警告 0 项" in out


def test_108_check_finds_only_its_zero_funds_score(cli):
    code, out, err = cli("check", next(EXTRA.glob("108*.txt")), "--json")
    # 年度资金总额 prints 0 | 0 | 0, 执行率 0, 得分 0 above 其中:本年财政拨款 90 | 89.974 | 89.974: the rule gives
    # 89.974 / 89.974 = 100% × 10 = 10 against the stated 0 (tests/fixtures/reports/projects/README.md #1)
    assert code == 0 and [(f["code"], f["where"]["path"], f["where"]["line"]) for f in json.loads(out)] == [("stated-score", ["预算执行率"], 1)]


@pytest.mark.parametrize("name", ["109", "110", "111"])
def test_check_says_why_it_cannot(cli, name):
    """No year can be read in these excerpts: a Chinese message naming the file, status 2, no traceback."""
    path = next(EXTRA.glob(name + "*.txt"))
    code, _, err = cli("check", path)
    assert code == 2 and "Traceback" not in err and "年度" in err and path.name in err


def test_108_facts_evaluate_to_the_scores_read(cli, tmp_path):
    facts = tmp_path / "108.yaml"
    assert cli("ingest", next(EXTRA.glob("108*.txt")), "-o", facts)[0] == 0
    code, out, err = cli("evaluate", facts, "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == 90  # 预算执行率 89.974 / 89.974 → 10, then 8 × 5 + 10 × 4 = 80


@pytest.mark.parametrize("stated, errors", [("89", ["project-met-below-full"]), ("90", ["stated-total-sum", "project-met-below-full"])])
def test_108_completed_with_a_total_row(cli, tmp_path, stated, errors):
    """108's line completed past its cut with a 满意度 row and a 总分 row: the total is read from the same line and
    checked against the rows (stated 0 + 80 + 9 = 89; a stated 90 is a slip). 95% ≥ 90% is met: 10号 gives it full
    marks, so its 9 is a slip either way (the rule's total: 10 + 80 + 10 = 100)."""
    text = next(EXTRA.glob("108*.txt")).read_text(encoding="utf-8")
    cut = text.index("经济效益指标 满意度指标(10分)")
    path = tmp_path / "108-total.txt"
    path.write_text(text[:cut] + f"满意度指标(10分) 满意度指标 公众满意度 ≥90% 95% 10 9 总分 100 {stated}\n", encoding="utf-8")
    report = ingest(path)
    assert report.stated_total == D(stated) and len(report.rows) == 11 and "评分表不完整" not in notes(report)  # funds row + 10
    assert (report.rows[-1].target, report.rows[-1].actual, report.rows[-1].score) == ("≥90%", "95%", D(9))
    code, out, _ = cli("check", path, "--json")
    assert [f["code"] for f in json.loads(out) if f["severity"] == "error"] == errors
