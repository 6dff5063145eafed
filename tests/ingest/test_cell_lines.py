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
