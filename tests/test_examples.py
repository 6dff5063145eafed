"""The shared reports, evaluated from their own figures, reproduce what a careful human computes."""
from decimal import Decimal

from conftest import DAPENG, GUANGZHOU, JIANGXI_DEMO
from jixiao.engine import evaluate
from jixiao.loaders.facts import load_facts


def run(path):
    facts, framework = load_facts(path)
    return evaluate(framework, facts), framework


def test_dapeng_2021_reproduces_every_row_and_the_total():
    result, _ = run(DAPENG)
    # Report 003 附件: 5, 5, 8, 5 | 2, 2, 3, 2, 2, 2, 1, 1, 1, 3 | 5, 6, 8, 5.76, 18, 3, 6 = 93.76
    expected = [5, 5, 8, 5, 2, 2, 3, 2, 2, 2, 1, 1, 1, 3, 5, 6, 8, "5.76", 18, 3, 6]
    assert [row.score for row in result.rows] == [Decimal(str(v)) for v in expected]
    assert result.total == Decimal("93.76")
    assert result.grade == "优"
    assert not any(f.blocking for f in result.findings)


def test_dapeng_mechanical_rows_are_computed_from_figures_not_typed():
    result, _ = run(DAPENG)
    rows = {row.path[-1]: row for row in result.rows}
    mechanical = {
        "财务合规性": "sum_of_parts",  # its 调整调剂 part: over_limit on 预算调整率 44.29%
        "公用经费控制率": "sum_of_parts",
        "预算执行率": "quarterly",
        "项目完成及时性": "completion",
        "公众或服务对象满意度": "tiers",
        "固定资产利用率": "tiers",
        "财政供养人员控制率": "tiers",
        "政府采购执行情况": "sum_of_parts",
        "重点工作完成情况": "deduction",
    }
    facts, _ = load_facts(DAPENG)
    for name, kind in mechanical.items():
        assert rows[name].rule == kind
        path = rows[name].path
        assert facts.rows.get(path) is None or facts.rows[path].judged is None, f"{name} 不应手填得分"
    assert "资金调整调剂率 44.29%" in rows["财务合规性"].basis
    assert "24 / 25 × 6 分" in rows["项目完成及时性"].basis
    assert "“三公”经费控制率 33.49%" in rows["公用经费控制率"].basis


def test_dapeng_basis_quotes_the_figures():
    result, _ = run(DAPENG)
    rows = {row.path[-1]: row for row in result.rows}
    assert "一季度 32.74%" in rows["预算执行率"].basis
    assert "服务对象满意度 99.91%" in rows["公众或服务对象满意度"].basis


def test_guangzhou_2021_total_is_the_sum_of_its_rows():
    result, _ = run(GUANGZHOU)
    rows = {row.path[-1]: row for row in result.rows}
    # 预算完成率 = 392,533,097.08 / 392,951,003.55 = 99.89% × 2 = 1.9979 → 2.00 (the report states 1.99)
    assert rows["预算完成率"].score == Decimal("2.00")
    assert rows["预算完成率"].stated_score == Decimal("1.99")
    # 政府采购执行率 169,725,206.40 / 190,800,467.90 = 88.95% × 2 = 1.78; 绩效目标完成率 16/17 × 2 = 1.88
    assert rows["政府采购执行率"].score == Decimal("1.78")
    assert rows["绩效目标完成率"].score == Decimal("1.88")
    assert rows["热线每月接通率"].score == Decimal("2.66")
    assert rows["工作受表彰或批评"].score == Decimal("2.5")
    # 管理效能 42.16 + 履职效能 49.70 (16 × 2.94 + 2.66) + 加减分 2.5 = 94.36
    assert result.total == Decimal("94.36")
    assert sum(row.score for row in result.rows) == result.total
    assert result.stated_total == Decimal("94.65")
    assert result.grade == "优"
    subtotals = {node.path: node.score for node in result.nodes}
    assert subtotals[("管理效能",)] == Decimal("42.16")
    assert subtotals[("履职效能",)] == Decimal("49.70")


def test_guangzhou_weights_add_up_with_the_department_rows():
    result, _ = run(GUANGZHOU)
    assert sum(row.weight for row in result.rows) == 100
    assert sum(row.weight for row in result.rows if row.path[0] == "履职效能") == 50


def test_jiangxi_demo_hand_calculation():
    result, _ = run(JIANGXI_DEMO)
    # 管理 28.99 (1.93 预算完成率 + 1.56 结转结余率 + 1.5 judged) + 产出 24.78 (3.78 按期完工率) + 效果 35 + 满意度 10
    assert result.total == Decimal("98.77")
    subtotals = {node.path: node.score for node in result.nodes}
    assert subtotals[("管理指标",)] == Decimal("28.99")
    assert subtotals[("产出指标",)] == Decimal("24.78")
    assert subtotals[("效果指标", "经济效益指标")] == 0


def test_no_score_exceeds_its_weight_in_any_example():
    for path in (DAPENG, GUANGZHOU, JIANGXI_DEMO):
        result, _ = run(path)
        for row in result.rows:
            low = -row.weight if row.bonus else 0
            assert low <= row.score <= row.weight, row.path
        for node in result.nodes:
            assert node.score <= node.weight, node.path
