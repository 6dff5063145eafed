"""Published 项目支出绩效自评表 read by `jixiao ingest` into project facts and checked (ingest/project_table.py).

The texts are the stored beginnings of real published pages (tests/fixtures/reports/projects, sources in its README);
the rows, weights and scores below were read off them by hand.
"""
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.main import app
from jixiao.ingest.report import NO_PROJECT, ingest
from jixiao.ingest.source import read_source
from jixiao.projects.load import load_project
from jixiao.review import evaluate_and_check, review_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROJECTS = FIXTURES / "reports" / "projects"
LIJIANG = PROJECTS / "02-lijiang-gucheng-2020.txt"
XIAOXIAN = PROJECTS / "09-xiaoxian-zhangzhuangzhai-hexicun-2023.txt"
CHIZHOU = PROJECTS / "01-chizhou-guichi-tangxi-2022.txt"
CUNJI = PROJECTS / "06-chizhou-guichi-tangxi-cunji-2022.txt"
QINGSHEN = PROJECTS / "16-qingshen-fagaiju-gongzi-2023.txt"
DAYING = PROJECTS / "15-daying-sifaju-ankexitidai-2023.txt"
runner = CliRunner()


def _rows(report):
    return [(r.path, r.weight, r.score) for r in report.rows]


def _codes(result):
    return sorted((f.code, f.where.line) for f in result.findings if f.severity in ("error", "warning"))


def test_lijiang_traditional_copy_reads_every_row_and_its_slips():
    report = ingest(LIJIANG)  # a 繁体 mirror with reading aids "項(xiàng)目"
    table = report.project
    assert (table.project, table.department, table.implementer, report.year) == (
        "2020年省级自然资源卫片执法补助经费", "丽江市自然资源和规划局", "丽江市古城区自然资源局", 2020)
    total = table.funds_total()
    assert (total.initial, total.budget, total.spent, total.weight, total.rate, total.score) == (
        Decimal("7.29"), Decimal("7.29"), Decimal("7.29"), Decimal("10.00"), Decimal(1), Decimal("10.00"))
    D = Decimal
    assert _rows(report) == [
        (("预算执行率",), D("10.00"), D("10.00")),
        (("产出指标", "数量指标", "卫片执法补助经费"), D("10.00"), D("9.00")),
        (("产出指标", "质量指标", "项目验收合格率"), D(20), D(19)),
        (("产出指标", "时效指标", "项目完成及时率"), D("20.00"), D("19.00")),
        (("效益指标", "社会效益指标", "违法行为责停率"), D("30.00"), D("27.00")),
        (("满意度指标", "服务对象满意度指标", "满意度"), D("10.00"), None),  # the page stops before its 得分
    ]
    assert not report.table_complete and report.stated_total is None
    _facts, _framework, result = review_file(LIJIANG)
    # 72890 = 72890 元, 100 = 100%, 100 = 100%, 95 ≥ 95%: each met, yet 1, 1, 1 and 3 points taken (lines 24–27)
    met_below = [(f.path[-1], f.where.line) for f in result.findings if f.code == "project-met-below-full"]
    assert met_below == [("卫片执法补助经费", 24), ("项目验收合格率", 25), ("项目完成及时率", 26), ("违法行为责停率", 27)]
    # scored from its own figures: 10 + 10 + 20 + 20 + 30 + 10 (95% ≥ 95%) = 100, as the hand-made facts file says
    hand, framework = load_project(FIXTURES / "projects" / "lijiang-gucheng-2020.yaml")
    expected = {row.path[-1]: row.score for row in evaluate_and_check(framework, hand).rows}
    assert {row.path[-1]: row.score for row in result.rows} == expected
    assert result.total == Decimal("100.00")


def test_xiaoxian_sub_items_are_no_rows_and_the_cut_table_keeps_its_weights(tmp_path):
    report = ingest(XIAOXIAN)
    D = Decimal
    # 20 + 10 + 10 + 5 + 5 = 50 (产出); 20 + 10 = 30 (效益); the "其中桃树…" parts have no 分值 and are not rows
    assert [(r.path[-1], r.weight, r.score, r.where.line) for r in report.rows[1:]] == [
        ("补助各类瓜果蔬菜种植面积", D(20), D(20), 15), ("补助鱼塘面积", D(10), D(10), 20), ("补助家畜家禽养殖数量", D(10), D(10), 22),
        ("种植作物成活率", D(5), D(5), 26), ("养殖家畜家禽成活率", D(5), D(5), 27),
        ("特色产业带动增加受益农户收入(总收入)", D(20), D(20), 32), ("受益人口数量", D(10), D(10), 34)]
    assert report.rows[0].path == ("预算执行率",) and (report.rows[0].weight, report.rows[0].score) == (D(10), D(10))
    assert report.project.level_weights["产出指标"][0] == 50 and report.project.level_weights["效益指标"][0] == 30
    out = tmp_path / "河西村.yaml"
    result = runner.invoke(app, ["ingest", str(XIAOXIAN), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "河西村.framework.yaml").is_file()  # 满意度 is cut off: 10 + 50 + 30 = 90 points read
    facts, framework = load_project(out)
    evaluated = evaluate_and_check(framework, facts)
    # 9.48 / 9.48 → 10; every target reached → 50 + 30: 90 of the 90 points the page shows, no slip
    assert evaluated.total == Decimal("90.00") and framework.total == 90
    assert not [f for f in evaluated.findings if f.severity == "error"]
    assert [i.target.nature for i in facts.project.indicators][5] == "≥"  # "≥11.376万元" says so; the others are read as 正向


def test_chizhou_flattened_line_and_its_zero_total_row():
    report = ingest(CHIZHOU)  # the whole form is one line of words (a .doc turned into web text)
    assert report.project.project == "委托业务项目" and report.project.implementer == "池州市贵池区棠溪镇人民政府"
    # 8 × 5 + 10 = 50 (产出), 10 × 3 = 30 (效益): Σ分值 80, Σ得分 80
    assert sum(r.weight for r in report.rows[1:]) == 80 and sum(r.score for r in report.rows[1:]) == 80
    assert len(report.rows) == 10 and report.rows[6].path == ("产出指标", "成本指标", "单项业务成本")
    _facts, _framework, result = review_file(CHIZHOU)
    # 年度资金总额 prints 0 | 0 | 0 | 10 | 0 | 0 above 其中 90 | 89.974 | 89.974: 89.974 / 89.974 = 100% → 10, stated 0
    funds = [f for f in result.findings if f.code == "stated-score" and f.path == ("预算执行率",)]
    assert len(funds) == 1 and funds[0].where.line == 1 and "funds_score" in funds[0].where.field
    assert result.rows[0].score == Decimal("10.00")


def test_cunji_cost_below_its_ceiling_is_met():
    report = ingest(CUNJI)
    assert len(report.rows) == 9 and report.rows[0].score == 0
    cost = next(r for r in report.rows if r.path[-1] == "项目总成本")
    assert (cost.target, cost.actual, cost.weight, cost.score) == ("≤202.6万元", "132.9", Decimal(10), Decimal(10))
    _facts, _framework, result = review_file(CUNJI)
    # 132.9 ≤ 202.6 万元: a 反向 target reached, full marks; the funds row again 0 against 132.912 / 132.912 → 10
    assert next(r for r in result.rows if r.path[-1] == "项目总成本").score == Decimal("10.00")
    assert _codes(result) == [("stated-score", 1)]


def test_qingshen_one_cell_per_line_unfilled_form():
    report = ingest(QINGSHEN)
    # 产出 60 + 效益 30 = 90 (四川: 预算执行 10 + 绩效 90); 完成值 and 得分 left blank: no score is made up
    assert [(r.path[-1], r.weight, r.score) for r in report.rows] == [
        ("预算执行率", Decimal(10), None), ("发放(缴纳)覆盖率", Decimal(60), None), ("足额保障率(参保率)", Decimal(30), None)]
    assert report.table_complete and report.stated_total is None  # "合计 | 100 |": the 分值 side, not a score
    _facts, _framework, result = review_file(QINGSHEN)
    # 238.93 年初 → 251.89 全年 (+12.96) without a reason; two rows unscored
    assert _codes(result) == [("project-adjustment-reason-missing", 31), ("score-not-stated", 80), ("score-not-stated", 90)]


def test_daying_table_cut_at_its_first_indicator_invents_no_row():
    from jixiao.ingest.project_table import read_project_table
    from jixiao.ingest.report import NO_PROJECT_ROWS

    table = read_project_table(read_source(DAYING).lines)
    # the file opens with the previous project's tail (成本控制数 … 90 | 90): not this table's row
    assert table.project == "2023年全县安可替代补助资金项目" and table.indicators == []
    assert (table.funds_total().initial, table.funds_total().budget, table.funds_total().spent) == (0, Decimal("3.36"), Decimal("3.36"))
    report = ingest(DAYING)  # no indicator read: no project and none of this table's rows, said once, at the table (line 9)
    # the one row read is the previous table's tail (line 2, projects/README.md: "1 (previous table)"), its table
    # marked incomplete so its "合计 | 100" is not taken for a total
    assert report.project is None and [(r.path[-1], r.weight, r.score, r.where.line) for r in report.rows] == [("成本控制数", 90, 90, 2)]
    assert not report.table_complete and report.stated_total is None
    assert [(m, w.line) for m, w in report.notes if m == NO_PROJECT_ROWS] == [(NO_PROJECT_ROWS, 9)]


def test_a_department_report_is_no_project():
    suiyang = ingest(PROJECTS / "12-suiyang-taibai-bumen-2021.txt")  # 部门整体支出绩效自评表
    assert suiyang.project is None
    whole = ingest(FIXTURES / "reports" / "001_ece0a16d2d876572.txt")
    assert whole.project is None and all(message != NO_PROJECT for message, _ in whole.notes)


def test_project_title_without_a_table_says_so_once(tmp_path):
    path = tmp_path / "说明.txt"
    path.write_text("附件：2023年度项目支出绩效自评表\n本单位共开展项目支出绩效自评 5 个，平均得分 95 分。\n", encoding="utf-8")
    report = ingest(path)
    assert report.project is None and report.rows == []
    assert [message for message, _ in report.notes].count(NO_PROJECT) == 1


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_office_copies_read_as_the_text(suffix):
    text = ingest(XIAOXIAN)
    office = ingest(FIXTURES / "reports" / "office" / f"project-xiaoxian-2023.{suffix}")
    assert [(r.path, r.weight, r.score, r.target, r.actual) for r in office.rows] == [(r.path, r.weight, r.score, r.target, r.actual) for r in text.rows]
    assert (office.department, office.year, office.project.project, office.project.implementer) == (text.department, text.year, text.project.project, text.project.implementer)


def test_xlsx_copy_reads_as_the_text(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    for line in read_source(XIAOXIAN).lines:
        workbook.active.append(list(line.cells))
    path = tmp_path / "自评表.xlsx"
    workbook.save(path)
    assert [(r.path, r.weight, r.score) for r in ingest(path).rows] == _rows(ingest(XIAOXIAN))


def test_json_keeps_its_keys():
    result = runner.invoke(app, ["ingest", str(LIJIANG), "--json"])
    data = json.loads(result.stdout)
    assert {"department", "year", "rows", "stated_total", "stated_grade", "figures"} <= set(data)
    assert data["rows"][1]["path"] == ["产出指标", "数量指标", "卫片执法补助经费"] and (data["rows"][1]["weight"], data["rows"][1]["score"]) == (10.0, 9.0)
    assert data["figures"]["调整后预算"][0]["value"] == "7.29 万元"
    assert data["project"] == {"name": "2020年省级自然资源卫片执法补助经费", "implementer": "丽江市古城区自然资源局"}


def test_text_where_a_score_belongs_is_refused(tmp_path):
    text = XIAOXIAN.read_text(encoding="utf-8").replace("★补助鱼塘面积 | 10 | 3亩 | 3亩 | 10 |", "★补助鱼塘面积 | 10 | 3亩 | 3亩 | 十分 |")
    assert "十分" in text
    path = tmp_path / "有误.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["ingest", str(path), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert "有误.txt" in result.output and "第 20 行" in result.output and "得分读到“十分”" in result.output


def test_text_where_an_amount_belongs_is_refused(tmp_path):
    text = XIAOXIAN.read_text(encoding="utf-8").replace("年度资金总额: | 9.48 | 9.48 |", "年度资金总额: | 9.48 | 九元 |")
    path = tmp_path / "金额有误.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "第 7 行" in result.output and "九元" in result.output


def test_corrupt_docx_is_refused(tmp_path):
    path = tmp_path / "自评表.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["ingest", str(path), "-o", str(out)])
    assert result.exit_code == 2 and "自评表.docx" in result.output and not out.exists()


def test_planted_slips_in_a_real_table_are_found_at_their_lines(tmp_path):
    """丽江's table with two slips planted: a 得分 above its 分值 (22 of 20, line 25) and a printed 执行率 that its
    amounts do not give (90% against 7.29 / 7.29 = 100%, line 12)."""
    text = LIJIANG.read_text(encoding="utf-8")
    planted = text.replace("| 20 | 19 |", "| 20 | 22 |").replace("| 10.00 | 100% | 10.00 |", "| 10.00 | 90% | 10.00 |")
    assert planted.count("| 22 |") == 1 and "90%" in planted
    path = tmp_path / "丽江-有误.txt"
    path.write_text(planted, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 1
    found = {(f["code"], f["where"].get("line")) for f in json.loads(result.stdout)}
    assert ("stated-score-out-of-range", 25) in found and ("table-rate", 12) in found


def test_a_funds_row_short_of_a_cell_is_not_guessed(tmp_path):
    """萧县's 年度资金总额 row with its 全年执行数 cell left out (9.48 | 10 | 100% | 10 under 全年预算数 | 全年执行数 | 分值 |
    执行率 | 得分): which cell is missing cannot be told, so the 10 is never read as an amount or the 9.48 as a weight."""
    text = XIAOXIAN.read_text(encoding="utf-8").replace("年度资金总额: | 9.48 | 9.48 | 10 | 100% | 10 |", "年度资金总额: | 9.48 | 10 | 100% | 10 |")
    path = tmp_path / "少一格.txt"
    path.write_text(text, encoding="utf-8")
    report = ingest(path)
    assert [r.source for r in report.project.funds] == ["财政拨款"]  # the 其中 row 9.48 | 9.48 stands for the total
    assert any("无法确定缺的是哪一格" in message and where.line == 7 for message, where in report.notes)
    assert report.rows[0].path != ("预算执行率",)  # no funds row weight or score is read from a row not read
