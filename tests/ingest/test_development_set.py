"""Every file of the development set (tests/fixtures/reports/extra/, see its README), with the values read by hand.

Each expected value names where it stands in the file. Absent values are asserted absent: a reader that
invents a department, a total or a row fails here.
"""
from decimal import Decimal as D

import pytest

from conftest import ROOT
from jixiao.ingest.report import NO_TABLE, facts_for_check, ingest
from jixiao.review import evaluate_and_check

EXTRA = ROOT / "tests" / "fixtures" / "reports" / "extra"


def read(name):
    return ingest(next(EXTRA.glob(name + "*.txt")))


def rows(report):
    return [(r.path, r.weight, r.score) for r in report.rows]


def figures(report):
    return {key: found[0].value.display() for key, found in report.figures.items()}


def notes(report):
    return " / ".join(message for message, _ in report.notes)


def test_001_jinzhai_pipe_table_targets_before_scores():
    report = read("001")
    # line 3 "部门 | 金寨县…中心"; line 2 "(2023年度)"
    assert (report.department, report.year) == ("金寨县茶谷和美丽乡村建设服务中心", 2023)
    # line 6: the 预算资金 row is itself scored (分值 10) but its 得分 cell is blank: a row with no score, said
    assert rows(report)[0] == (("预算执行率",), D(10), None) and report.rows[0].where.line == 6
    assert "未列得分" in notes(report)
    # lines 16-23: 产出指标 > 数量/质量/时效指标, 8 rows, 分值 and 得分 after 年度指标值 | 实际完成值
    assert rows(report)[1:] == [
        (("产出指标", "数量指标", "开展精品示范村建设数量"), D(10), D(10)),
        (("产出指标", "数量指标", "建设美丽宜居自然村庄数量"), D(10), D(10)),
        (("产出指标", "数量指标", "完成农村户用卫生厕所改造数量"), D(10), D(10)),
        (("产出指标", "数量指标", "新建省级中心村数量"), D(10), D(10)),
        (("产出指标", "质量指标", "美丽宜居自然村庄验收通过率"), D(5), D(5)),
        (("产出指标", "质量指标", "户用卫生厕所改造验收通过率"), D(5), D(5)),
        (("产出指标", "时效指标", "完成美丽宜居自然村庄验收时间"), D(5), D(5)),
        (("产出指标", "时效指标", "完成户用卫生厕所改造验收时间"), D(5), D(5)),
    ]
    assert [(r.target, r.actual) for r in report.rows][1:4] == [("≤4", "4"), ("≥200", "202"), ("≥2000", "3061")]
    assert report.rows[1].where.line == 16
    # cut at line 24 "成本指标 | 指标1:": no 总分, said so; no total invented
    assert report.stated_total is None and "评分表不完整" in notes(report)
    # line 6 "年度资金总额 | 329.77 | 329.77 | 338.31 | 10 | 102.59%" under "预算资金 (万元)"
    assert (figures(report)["年初预算"], figures(report)["调整后预算"], figures(report)["实际支出"]) == ("329.77 万元", "329.77 万元", "338.31 万元")
    own = report.stated_rows[0]
    assert (own.label, own.budget, own.spent, own.rate, own.unit) == ("年度资金总额", D("329.77"), D("338.31"), D("1.0259"), "万元")
    assert own.where.line == 6
    # 338.31 / 329.77 = 102.59%: the stated rate holds, so no table-rate finding
    facts, framework = facts_for_check(report)
    assert "table-rate" not in {f.code for f in evaluate_and_check(framework, facts).findings}


def test_004_flattened_text_read_by_weights():
    report = read("004")
    # "2018年度本单位预算安排…" (line 44); no unit is named (only "填报单位: 单位:万元", an empty form field)
    assert (report.department, report.year) == (None, 2018)
    # 投入 16 > 预算配置 16 > 在职人员控制率 8 → 8, 三公经费变动率 8 → 0; 过程 58 > 预算执行 16 > 预算完成率 8 → 8
    assert rows(report) == [
        (("投入", "预算配置", "在职人员控制率"), D(8), D(8)),
        (("投入", "预算配置", "三公经费变动率"), D(8), D(0)),
        (("过程", "预算执行", "预算完成率"), D(8), D(8)),
    ]
    # 预算控制率 (weight 8) is cut before its score: not a row, and said
    assert "预算控制率" in notes(report) and "评分表不完整" in notes(report)
    assert report.stated_total is None


def test_005_nanxian_total_in_a_sentence():
    report = read("005")
    # line 1 title "南县财政局2020年度 机关整体支出…"; line 3 "…综合评分为97分。"
    assert (report.department, report.year, report.stated_total) == ("南县财政局", 2020, D(97))
    assert report.places["stated_total"].line == 3
    assert report.rows == []  # no table: no row is made from its sentences
    assert [m for m, _ in report.notes if m.startswith("未找到评分表")] == [NO_TABLE]  # said once


def test_011_maoming_pdf_text_with_spaces_inside_words():
    report = read("011")
    # line 2 "2021 年茂名市发展和改革局整体支出 绩效自评报告"
    assert (report.department, report.year) == ("茂名市发展和改革局", 2021)
    # "我局实有编制数 63 人,2021 年末在职人数 57 人"
    assert figures(report)["核定编制"] == "63人" and figures(report)["在编人数"] == "57人"
    assert report.stated_total is None and not report.rows


def test_013_two_tables_the_departments_is_read():
    report = read("013")
    # the page holds a project table (项目决策…总分) and, from line 25, "2017 年部门整体支出绩效评价得分表"
    assert report.year == 2017 and report.department is None
    # "自评得分\n90 分" across lines 22-23
    assert report.stated_total == D(90)
    assert rows(report) == [
        (("部门决策", "目标任务", "相关性"), D(5), D(5)),
        (("部门决策", "目标任务", "明确性"), D(5), D(5)),
        (("部门决策", "目标任务", "合理性"), D(5), D(5)),
        (("部门决策", "预算编制", "测算依据"), D(5), D(2)),
        (("部门决策", "预算编制", "目标管理"), D(5), D(4)),
        (("综合管理", "专项资金分配时限", "省级财力专项预算分配时限"), D(1), D(1)),
    ]  # 26 points of weight, 22 scored: the rest is cut off
    assert "评分表不完整" in notes(report)
    # with the table cut, the stated 90 is not set against the 22 read
    facts, framework = facts_for_check(report)
    assert "stated-total-sum" not in {f.code for f in evaluate_and_check(framework, facts).findings}


def test_014_dazu_navigation_before_the_title():
    report = read("014")
    # line 22 "重庆市大足区发展和改革委员会2020年度部门整体支出绩效自评报告"
    assert (report.department, report.year) == ("重庆市大足区发展和改革委员会", 2020)
    assert report.places["department"].line == 22
    assert report.stated_total is None and not report.rows and "未能读出自评总分" in notes(report)


def test_101_yueyang_form_field_beats_the_title():
    report = read("101")
    # title line 5 names only the city (岳阳市2018年度…); line 15 "部门(单位)名称: 岳阳市城市管理监督指挥中心"
    assert (report.department, report.year) == ("岳阳市城市管理监督指挥中心", 2018)
    assert report.places["department"].line == 15
    assert report.report_date == "2019年6月18日"  # line 29 "报告日期:2019年06月18日"
    # "人员编制" (line 44) over "21" (line 46), "实有人数" (line 48) over "21" (line 50): labels over their values
    assert figures(report)["核定编制"] == "21人" and figures(report)["在编人数"] == "21人"
    assert (report.figures["核定编制"][0].where.line, report.figures["在编人数"][0].where.line) == (46, 50)


def test_102_nanxian_zhengxie_income_and_spending():
    report = read("102")
    assert report.year == 2021 and report.department is None  # "2021年部门决算收支完成情况"; the unit is never named
    values = figures(report)
    # line 11 "1、收入:792.22万元 … 其中:财政拨款收入792.22万元"; line 12 "2、支出:799.12万元 … 项目支出286.83万元"
    assert (values["收入"], values["财政拨款收入"], values["实际支出"], values["项目支出"]) == ("792.22 万元", "792.22 万元", "799.12 万元", "286.83 万元")
    assert report.figures["实际支出"][0].where.line == 12


def test_103_pingquan_cover_fields():
    report = read("103")
    # line 4 "部门(单位)全称:平泉市人民检察院 (公章)"; line 2 "(2023年度)"; line 7 "填报日期 2024年 2月26日"
    assert (report.department, report.year, report.report_date) == ("平泉市人民检察院", 2023, "2024年2月26日")


def test_104_tianchang_space_separated_table():
    report = read("104")
    assert (report.department, report.year) == ("天长市水利局", 2022)  # "实施单位 天长市水利局", "(2022年度)"
    # rows "指标1:… 1 1 10 10": target, actual, 分值, 得分; 生态效益 "/ / /" has no weight and is not a row
    assert len(report.rows) == 9 and sum(r.weight for r in report.rows) == 90 and sum(r.score for r in report.rows) == 90
    first, last = report.rows[0], report.rows[-1]
    assert (first.path[1:], first.target, first.actual) == (("数量指标", "完成中型灌区节水改造项目数量"), "1", "1")
    assert (last.path, last.target, last.actual) == (("满意度指标", "服务对象满意度指标", "服务对象满意度"), "90%", "100%")
    assert report.parent_weights[("满意度指标",)] == 10  # "(10分)" on a line of its own
    assert report.stated_total == 100  # "总分 100 100"
    # "年度资金总额: 880 880 880 10 10" has five numbers under six columns: which is missing cannot be known
    assert "年度资金总额" in notes(report) and not report.stated_rows
    assert "一张项目支出表" in notes(report)  # titled 项目支出绩效自评表 (line 4): said, since a department's table was asked for


def test_105_shouxian_web_table_broken_over_lines():
    report = read("105")
    assert report.year == 2023 and report.department is None  # "单位 | |||" is left blank in the form
    # 序号 | 一级 (分) | 二级 (分) | 三级 | 指标分值 | 指标解释 | 评分标准 | 自评得分, rows broken over lines, the
    # first score alone on line 9 ("3 |"); scoring standards such as "…是否完整可行(3分)" are not names
    assert rows(report) == [
        (("规划", "基础信息", "基础信息完整性"), D(3), D(3)),
        (("规划", "工作计划", "年度工作计划完整性"), D(3), D(3)),
        (("规划", "工作计划", "年度工作计划明确性"), D(3), D(3)),
        (("规划", "绩效目标", "年度绩效目标合理性"), D(4), D(4)),
        (("规划", "绩效目标", "年度绩效目标明确性"), D(2), D(2)),
    ]  # 规划 (15分) = 3 + 6 + 6, complete
    assert report.parent_weights[("规划",)] == 15
    # line 14: 执行 (35分) > 预算执行 (18分) > 预算执行率 5, cut before its score
    assert "预算执行率" in notes(report) and "评分表不完整" in notes(report)


def test_106_qingshen_one_cell_per_line_without_scores():
    report = read("106")
    # "部门预算项目支出绩效自评表(2023年度)"; a 项目 table with every 得分 cell blank: rows with no score, never 0
    assert report.year == 2023 and report.stated_total is None
    # line 12 "实施单位 (盖章) |", its value alone on line 13 (line 11's 主管部门 is the supervisor, not the unit)
    assert report.department == "青神县发展和改革局" and report.places["department"].line == 13
    assert rows(report) == [
        (("预算执行率",), D(10), None),  # lines 22-37: 预算执行情况(10分) and 年度预算数(万元) on line 23, 权重 10, 得分 blank
        (("产出指标", "数量指标", "发放(缴纳)覆盖率"), D(60), None),
        (("效益指标", "社会效益指标", "足额保障率(参保率)"), D(30), None),
    ]  # 10 + 60 + 30 = 100, the 合计 row's 100 (line 98), which stands in the weight column, not 得分
    assert report.rows[1].target == "=100%"  # 指标性质 "=", 指标值 "100", 度量单位 "%"
    assert "未列得分" in notes(report)
    # 总额: 年初预算 238.93, 调整后预算数 251.89, 预算执行数 251.89 万元 (年度预算数(万元)), 执行率 100.00%
    assert (figures(report)["年初预算"], figures(report)["调整后预算"], figures(report)["实际支出"]) == ("238.93 万元", "251.89 万元", "251.89 万元")
    assert [(r.label, r.rate, r.part) for r in report.stated_rows[:2]] == [("总额", D(1), False), ("其中:财政资金", D(1), True)]


@pytest.mark.parametrize("name", ["001", "004", "005", "011", "013", "014", "101", "102", "103", "104", "105", "106"])
def test_json_keeps_its_keys_and_every_value_its_place(cli, name):
    import json

    path = next(EXTRA.glob(name + "*.txt"))
    code, out, _ = cli("ingest", path, "--json")
    assert code == 0
    data = json.loads(out)
    assert {"source", "department", "year", "report_date", "stated_total", "stated_grade", "framework", "rows", "figures", "notes"} <= set(data)
    assert all(row["where"].get("line") for row in data["rows"] if row["path"] != ["总分"])
    assert all(found["where"].get("line") for values in data["figures"].values() for found in values)


@pytest.mark.parametrize("name", ["001", "004", "005", "011", "013", "014", "101", "102", "103", "104", "105", "106"])
def test_check_finds_no_false_errors(cli, name):
    """None of these excerpts has an arithmetic slip in what it shows (001: 338.31 / 329.77 = 102.59% as printed);
    cut-off tables must not be reported as weights or totals that do not add up."""
    code, out, err = cli("check", next(EXTRA.glob(name + "*.txt")))
    assert code == 0 and "Traceback" not in err and "错误 0 项" in out


def test_json_places_of_the_header_values(cli):
    import json

    code, out, _ = cli("ingest", next(EXTRA.glob("101*.txt")), "--json")
    places = json.loads(out)["places"]
    # 部门(单位)名称 on line 15, 2018年度 on line 5, 报告日期 on line 29
    assert (places["department"]["line"], places["year"]["line"], places["report_date"]["line"]) == (15, 5, 29)


@pytest.mark.parametrize("name, total", [("001", 60), ("004", 16), ("013", 22), ("104", 90), ("105", 15)])
def test_facts_written_from_a_report_evaluate(cli, tmp_path, name, total):
    """What was read becomes a facts file (with the report's own table as its framework) that evaluates to the sum
    of the scores read — a row without a score is absent (score_missing), its placeholder 0 marked incomplete."""
    import json

    facts = tmp_path / f"{name}.yaml"
    assert cli("ingest", next(EXTRA.glob(name + "*.txt")), "-o", facts)[0] == 0
    code, out, err = cli("evaluate", facts, "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == total


def test_no_facts_file_from_a_report_with_nothing_to_score(cli, tmp_path):
    code, _, err = cli("ingest", next(EXTRA.glob("014*.txt")), "-o", tmp_path / "014.yaml")
    assert code == 2 and "没有读出评分表" in err and not list(tmp_path.iterdir())


def test_check_finds_a_budget_row_rate_slip(cli, tmp_path):
    # 001 with its 年度资金总额 rate mistyped (line 6): 338.31 / 329.77 = 102.59%, not 102.95%
    text = next(EXTRA.glob("001*.txt")).read_text(encoding="utf-8")
    path = tmp_path / "001-slip.txt"
    path.write_text(text.replace("338.31 | 10 | 102.59%", "338.31 | 10 | 102.95%"), encoding="utf-8")
    import json

    code, out, _ = cli("check", path, "--json")
    found = [(f["code"], f["message"], f["where"].get("line")) for f in json.loads(out) if f["severity"] == "error"]
    assert code == 1 and found == [("table-rate", "预算资金“年度资金总额”一行所列执行率 102.95% 与 执行数 / 预算数 = 338.31 万元 / 329.77 万元 = 102.59% 不符", 6)]
