"""Tables exported one cell per line whose cells do not divide into rows (tests/fixtures/reports/layouts)."""
from decimal import Decimal as D

from conftest import ROOT
from jixiao.ingest.report import ingest

LAYOUTS = ROOT / "tests" / "fixtures" / "reports" / "layouts"


def test_names_broken_over_lines_group_labels_and_blank_cells():
    report = ingest(LAYOUTS / "cells-broken.txt")
    assert [(r.path, r.weight, r.score, r.where.line) for r in report.rows] == [
        (("投入", "预算配置", "在职人员控制率"), D(5), D(5), 10),  # "在职人员" / "控制率" on lines 10-11
        (("投入", "预算配置", "重点支出安排率"), D(5), D(4), 16),
        (("投入", "预算执行", "预算执行率"), D(10), D(9), 22),
        (("过程", "资产管理", "资产管理安全性"), D(3), D(3), 28),  # "资产管理（3分）" is the group, its weight 3
        (("过程", "制度执行", "管理制度健全性"), D(2), D(2), 37),
    ]
    assert report.rows[1].basis == "重点支出安排不足，扣1分。"
    # the group weights as printed: 投入 20 = 预算配置 10 + 预算执行 10; 过程 5 = 3 + 2
    assert (report.parent_weights[("投入",)], report.parent_weights[("过程", "资产管理")]) == (D(20), D(3))
    assert report.stated_total == D(23)  # 合计 100 | 23: the last number is the score, 100 the weights' column
    # lines 34-35 "10" / "10" with no name before them: never a row, and said
    assert any("之前没有指标名称" in m and w.line == 34 for m, w in report.notes)


def test_explanation_column_between_the_weight_and_the_score():
    # 广州 002's real rows 26-33 one cell per line: 二级指标 | 分值 | 三级指标 | 分值 | 指标解释 | 得分/自评分 | 评分依据
    report = ingest(LAYOUTS / "cells-explained.txt")
    assert [(r.path, r.weight, r.score, r.where.line) for r in report.rows] == [
        (("绩效管理", "绩效监控和绩效评价开展情况"), D(4), D(4), 11),  # "绩效管理" / "15.00": the group and its weight
        (("绩效管理", "绩效管理制度建设"), D(3), D(3), 16),  # its 指标解释 wraps over lines 18-19
        (("绩效管理", "绩效目标合理性"), D(2), D(2), 23),  # "第 1 页" on line 22 is no part of its name
        (("绩效管理", "绩效指标明确性"), D(2), D(2), 28),
        (("绩效管理", "绩效目标完成率"), D(2), D("1.88"), 33),
        (("绩效管理", "绩效结果应用"), D(2), D(2), 38),
        (("信息公开管理", "预决算信息公开合规性"), D(2), D(2), 45),
        (("信息公开管理", "绩效信息公开情况"), D(2), D(2), 50),  # a short 指标解释 "反映部门（单位）…情况" is not a name
    ]
    # 4 + 3 + 2 + 2 + 2 + 2 = 15 = 绩效管理's printed weight; 2 + 2 = 4 = 信息公开管理's
    assert report.parent_weights == {("绩效管理",): D(15), ("信息公开管理",): D(4)}
    assert report.rows[1].explanation.startswith("反映部门对机关和下属单位")
    assert report.rows[0].basis.startswith("评分依据：2021年度，我局能严格按市财政局通知精神")
    assert not report.table_complete  # an excerpt: no 合计 row, said in the notes
    assert report.department == "广州市政务服务数据管理局" and report.year == 2021


def test_two_text_columns_between_and_level_weights_in_their_own_cells():
    # 深圳大鹏 003's real rows 324-331: 参考分值 | 指标说明 | 参考评分标准 (one criterion a line) | 得分
    report = ingest(LAYOUTS / "cells-criteria.txt")
    assert [(r.path, r.weight, r.score) for r in report.rows] == [
        (("部门决策", "预算编制", "预算编制合理性"), D(5), D(5)),
        (("部门决策", "预算编制", "预算编制规范性"), D(5), D(5)),
        (("部门决策", "目标设置", "绩效目标完整性"), D(8), D(8)),
        (("部门决策", "目标设置", "绩效指标明确性"), D(7), D(5)),  # as in 003: 5 of 7
    ]
    # 25 = 预算编制 10 (5 + 5) + 目标设置 15 (8 + 7): "部门决策" / "25" and "预算编制" / "10" are groups, not rows
    assert report.parent_weights == {("部门决策",): D(25), ("部门决策", "预算编制"): D(10), ("部门决策", "目标设置"): D(15)}
    # the "(2分)" inside the 评分标准 lines never becomes a weight; both text columns are the row's explanation
    assert report.rows[3].explanation.startswith("部门(单位)设定的绩效指标是否清晰") and "\n1.绩效指标将部门整体绩效目标" in report.rows[3].explanation


def test_score_before_weight_with_a_serial_column():
    # 广州 002's rows 32-34 with the columns reordered: 序号 | 二级指标 | 权重 | 三级指标 | 自评得分 | 权重 | 评分依据
    report = ingest(LAYOUTS / "cells-score-first.txt")
    assert [(r.path, r.weight, r.score, r.where.line) for r in report.rows] == [
        (("信息公开管理", "预决算信息公开合规性"), D(2), D(2), 12),
        (("信息公开管理", "绩效信息公开情况"), D(2), D(2), 18),
        (("采购管理", "政府采购执行率"), D(2), D("1.78"), 25),  # 得分 1.78 first, then 权重 2.00: never weight 1.78
    ]
    assert report.parent_weights == {("信息公开管理",): D(4), ("采购管理",): D(2)}
    # 合计 | 5.78 | 6.00 in 得分-first order: the total is 5.78 (= 2 + 2 + 1.78), 6.00 the weights' sum
    assert report.stated_total == D("5.78") and report.table_complete
    # the stray "8" (line 16) and the 序号 after it are no row and no part of a name
    assert any("之前没有指标名称" in m and w.line == 16 for m, w in report.notes)


def test_new_layouts_find_what_their_reports_do_and_nothing_else():
    from jixiao.ingest.report import facts_for_check
    from jixiao.review import evaluate_and_check

    # the same rows lose points without a 未达标原因 in the reports themselves (expectations.yaml: 002 lines 30 and 34,
    # 003 line 331): here on the lines those rows stand on; nothing else is found
    expected = {"cells-explained.txt": [33], "cells-criteria.txt": [42], "cells-score-first.txt": [25]}
    for name, lines in expected.items():
        facts, framework = facts_for_check(ingest(LAYOUTS / name))
        found = [(f.code, f.where.line) for f in evaluate_and_check(framework, facts).findings if f.severity in ("error", "warning")]
        assert found == [("lost-points-without-reason", line) for line in lines], name
