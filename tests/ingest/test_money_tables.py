"""A published 汇总表 and a Jiangxi 自评表 exported one cell per line, built at test time in the layouts of
DOMAIN.md (框架 3: 汇总表 columns 预算单位 | 全年预算数 | 全年执行数 | 执行率 | 自评分数 | 复核分数 | 合计; 自评表 columns
一级指标 | 权重 | 二级指标 | 三级指标 | 年度指标值 | 全年完成值 | 分值 | 得分 | 偏差及原因分析)."""
from decimal import Decimal as D

from jixiao.ingest.report import facts_for_check, ingest
from jixiao.review import evaluate_and_check

SUMMARY = """某县2021年度部门整体支出绩效自评汇总表
单位：万元
序号\t预算单位\t全年预算数（万元）\t全年执行数（万元）\t执行率\t所属单位自评分数\t主管部门复核分数
1\t某县农业农村局本级\t1200.00\t1188.00\t99.00%\t96.5\t95
2\t某县农业技术推广中心\t800.00\t720.00\t95.00%\t92\t90
3\t某县农机服务站\t500.00\t480.00\t96.00%\t88\t88
合计\t\t2600.00\t2388.00\t91.85%\t\t
"""


def findings(path):
    facts, framework = facts_for_check(ingest(path))
    return [(f.code, f.message, f.where.line) for f in evaluate_and_check(framework, facts).findings if f.code.startswith("table-")]


def test_summary_table_read_into_units_and_checked(tmp_path):
    path = tmp_path / "汇总表.txt"
    path.write_text(SUMMARY, encoding="utf-8")
    report = ingest(path)
    units = [(r.label, r.budget, r.spent, r.rate, r.self_score, r.reviewed, r.unit) for r in report.stated_rows if not r.total]
    assert units == [
        ("某县农业农村局本级", D("1200.00"), D("1188.00"), D("0.99"), D("96.5"), D(95), "万元"),
        ("某县农业技术推广中心", D("800.00"), D("720.00"), D("0.95"), D(92), D(90), "万元"),
        ("某县农机服务站", D("500.00"), D("480.00"), D("0.96"), D(88), D(88), "万元"),
    ]
    assert report.year == 2021 and "调整后预算" not in report.figures  # a 汇总表's rows are its units', not the department's own
    assert [m for m, _w in report.notes] == ["这是一份汇总表：读出 3 个单位和合计行"]
    found = findings(path)
    # 720 / 800 = 90.00%, stated 95.00% (line 5); 1188 / 1200 = 99.00% and 480 / 500 = 96.00% hold
    assert ("table-rate", "汇总表“某县农业技术推广中心”一行所列执行率 95.00% 与 执行数 / 预算数 = 720.00 万元 / 800.00 万元 = 90.00% 不符", 5) in found
    # 1200 + 800 + 500 = 2500, 合计 states 2600 (line 7); 1188 + 720 + 480 = 2388 holds; 2388 / 2600 = 91.85% holds as printed
    assert ("table-total", "汇总表合计行的全年预算数 2,600.00 万元 与各行之和 2,500.00 万元 不符（3 行）", 7) in found
    assert len(found) == 2


def test_summary_table_without_slips_has_no_table_findings(tmp_path):
    path = tmp_path / "汇总表.txt"
    path.write_text(SUMMARY.replace("95.00%", "90.00%").replace("2600.00\t2388.00\t91.85%", "2500.00\t2388.00\t95.52%"), encoding="utf-8")
    assert findings(path) == []


def test_summary_table_in_excel_keeps_rates_as_fractions(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["某县2021年度部门整体支出绩效自评汇总表"])
    sheet.append(["序号", "预算单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评分数", "复核分数"])
    sheet.append([1, "某县农业农村局本级", 1200, 1188, 0.99, 96.5, 95])
    sheet.append(["合计", None, 1200, 1188, 0.99, None, None])
    path = tmp_path / "汇总表.xlsx"
    workbook.save(path)
    report = ingest(path)
    assert [(r.label, r.rate, r.total) for r in report.stated_rows] == [("某县农业农村局本级", D("0.99"), False), ("合计", D("0.99"), True)]
    assert findings(path) == []


def test_jiangxi_export_one_cell_per_line_with_tabs(tmp_path):
    header = ["一级指标", "权重", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "偏差及原因分析"]
    body = [
        ["管理指标", "30分", "预算编审管理（6分）", "预算编制完整性", "100%", "100%", "2", "2", ""],
        ["", "", "", "预算编制准确性", "≤5%", "3%", "2", "2", ""],
        ["", "", "", "绩效目标管理", "完成", "完成", "2", "1.5", "目标设置不够细化"],
        ["效果指标", "35分", "经济效益（0分）", "不产生经济效益", "-", "-", "-", "-", ""],
        ["满意度指标", "10分", "满意度（10分）", "社会公众或服务对象满意度", "≥90%", "95%", "10", "10", ""],
    ]
    total = ["总分", "", "", "", "", "", "", "17.5", ""]
    text = "评价部门名称\t某县统计局\n某县统计局2021年度部门整体支出绩效自评表\n"
    text += "".join(cell + "\t\n" for row in [header] + body + [total] for cell in row) + "自评总分(分)\t17.5\n"
    path = tmp_path / "jiangxi.txt"
    path.write_text(text, encoding="utf-8")
    report = ingest(path)
    assert (report.department, report.year, report.stated_total) == ("某县统计局", 2021, D("17.5"))
    assert [(r.path, r.weight, r.score, r.target, r.actual) for r in report.rows] == [
        (("管理指标", "预算编审管理", "预算编制完整性"), D(2), D(2), "100%", "100%"),
        (("管理指标", "预算编审管理", "预算编制准确性"), D(2), D(2), "≤5%", "3%"),
        (("管理指标", "预算编审管理", "绩效目标管理"), D(2), D("1.5"), "完成", "完成"),
        (("效果指标", "经济效益", "不产生经济效益"), D(0), D(0), None, None),  # "-": no weight, nothing scored
        (("满意度指标", "满意度", "社会公众或服务对象满意度"), D(10), D(10), "≥90%", "95%"),
    ]
    assert report.rows[2].basis == "目标设置不够细化"
    assert report.parent_weights[("管理指标",)] == 30 and report.parent_weights[("管理指标", "预算编审管理")] == 6


def test_jiangxi_table_in_excel_with_merged_cells(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["某县统计局2021年度部门整体支出绩效自评表"])
    sheet.append(["一级指标", "权重", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "偏差及原因分析"])
    sheet.append(["管理指标", 30, "预算执行管理（8分）", "预算完成率", "100%", "99.5%", 2, 1.99, "个别项目年底未支付"])
    sheet.append([None, None, None, "支付进度率", "≥95%", "98%", 2, 2, None])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("C3:C4")
    sheet.append(["合计", None, None, None, None, None, 4, 3.99, None])
    path = tmp_path / "自评表.xlsx"
    workbook.save(path)
    report = ingest(path)
    assert (report.department, report.year, report.stated_total) == ("某县统计局", 2021, D("3.99"))
    assert [(r.path, r.weight, r.score, r.target, r.actual) for r in report.rows] == [
        (("管理指标", "预算执行管理", "预算完成率"), D(2), D("1.99"), "100%", "99.5%"),
        (("管理指标", "预算执行管理", "支付进度率"), D(2), D(2), "≥95%", "98%"),
    ]
    assert report.rows[0].basis == "个别项目年底未支付" and report.rows[1].where.cell == "Sheet!4"
    assert report.parent_weights[("管理指标",)] == 30


def test_summary_table_shown_but_not_written_as_facts(cli, tmp_path):
    path = tmp_path / "汇总表.txt"
    path.write_text(SUMMARY, encoding="utf-8")
    code, out, err = cli("ingest", path, "-o", tmp_path / "汇总.yaml")
    assert "金额表与汇总表（4 行）" in out and "2600.00" in out  # the units and the 合计 row, shown
    assert code == 2 and "没有读出评分表" in err and not (tmp_path / "汇总.yaml").exists()
    code, out, _ = cli("check", path)  # checked without a scoring table
    assert code == 1 and "table-rate" in out and "table-total" in out


def test_jiangxi_export_without_blank_cells_read_by_weights(tmp_path):
    # the same 自评表 exported without the blanks of merged cells: rows no longer have one width, so the cells are
    # read as a stream (name, targets, weight, score; groups by their weights)
    cells = [
        "一级指标", "权重", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "偏差及原因分析",
        "管理指标", "30分", "预算编审管理（6分）", "预算编制完整性", "100%", "100%", "2", "2",
        "预算编制准确性", "≤5%", "3%", "2", "2",
        "绩效目标管理", "完成", "完成", "2", "1.5", "目标设置不够细化",
        "预算执行管理（8分）", "预算完成率", "100%", "99.5%", "2", "1.99",
    ]
    text = "某县统计局2021年度部门整体支出绩效自评表\n" + "".join(c + "\t\n" for c in cells)
    path = tmp_path / "jiangxi.txt"
    path.write_text(text, encoding="utf-8")
    report = ingest(path)
    assert [(r.path, r.weight, r.score) for r in report.rows] == [
        (("管理指标", "预算编审管理", "预算编制完整性"), D(2), D(2)),
        (("管理指标", "预算编审管理", "预算编制准确性"), D(2), D(2)),
        (("管理指标", "预算编审管理", "绩效目标管理"), D(2), D("1.5")),
        (("管理指标", "预算执行管理", "预算完成率"), D(2), D("1.99")),
    ]
    assert any("评分表不完整" in m for m, _w in report.notes)  # no 总分 row: the table is cut
