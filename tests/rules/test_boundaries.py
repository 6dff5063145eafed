"""Each rule kind at its boundaries; expected values are hand calculations shown beside them."""
from decimal import Decimal

import pytest

from conftest import score_one

FIXED_ASSETS = {
    "kind": "tiers",
    "figure": "固定资产利用率",
    "tiers": [{"when": "≥90%", "score": 1}, {"when": "≥75%", "score": 0.7}, {"when": "≥60%", "score": 0.4}, {"score": 0}],
}
STAFF_OUTSIDE = {"kind": "tiers", "figure": "编外人员控制率", "tiers": [{"when": "<5%", "score": 1}, {"when": "≤10%", "score": 0.5}, {"score": 0}]}


@pytest.mark.parametrize(
    "in_use, expected",
    [(900, "1"), (899.99, "0.7"), (750, "0.7"), (749.99, "0.4"), (600, "0.4"), (599.99, "0")],
)
def test_tiers_boundary_belongs_to_the_side_written(in_use, expected):
    # 固定资产利用率 = 在用 / 1000：exactly 90% is "≥90%" → 1; 89.999% → 0.7
    figures = {"固定资产原值": 1000, "在用固定资产原值": Decimal(str(in_use))}
    assert score_one(FIXED_ASSETS, 1, figures) == Decimal(expected)


@pytest.mark.parametrize("outside, expected", [(4, "1"), (5, "0.5"), (10, "0.5"), (11, "0")])
def test_staff_outside_establishment_tiers(outside, expected):
    # 编外 / (在编 + 编外) with 在编 + 编外 = 100: 4% → <5% → 1; 5% → 0.5; 10% → 0.5 (5%≤x≤10%); 11% → 0
    figures = {"在编人数": 100 - outside, "编外人员": outside}
    assert score_one(STAFF_OUTSIDE, 1, figures) == Decimal(expected)


def test_ratio_is_capped_and_zero_above_limit():
    rule = {"kind": "ratio", "figure": "政府采购执行率", "zero_above": "100%"}
    assert score_one(rule, 1, {"政府采购预算": 100, "实际采购金额": 100}) == 1  # exactly 100% is not above
    assert score_one(rule, 1, {"政府采购预算": 100, "实际采购金额": Decimal("100.01")}) == 0
    capped = {"kind": "ratio", "figure": "年度平均执行率"}
    # 广州 2021: 941.41% / 9 = 104.60% → capped at 100% → 2
    assert score_one(capped, 2, {"累计执行进度": "941.41%", "执行进度通报次数": 9}) == 2


def test_over_limit_exactly_at_limit_and_floor():
    rule = {"kind": "over_limit", "figure": "预算调整率", "limit": "10%", "per_point": 0.1}
    assert score_one(rule, 1, {"年初预算": 1000, "调整后预算": 1100}) == 1  # 10% is within the limit
    # 大鹏 2021: |7621.05 - 5281.87| / 5281.87 = 44.29%, 34.29 points over → 1 - 3.43 < 0 → 0
    assert score_one(rule, 1, {"年初预算": "5281.87", "调整后预算": "7621.05"}) == 0


def test_quarterly_behind_schedule():
    rule = {"kind": "quarterly", "quarters": ["一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度"]}
    figures = {"一季度支出进度": "20%", "二季度支出进度": "40%", "三季度支出进度": "60%", "四季度支出进度": "100%"}
    # ratios 0.8, 0.8, 0.8, 1 → 3.4; average 0.85 × 2 = 1.7; total 5.1
    assert score_one(rule, 6, figures) == Decimal("5.1")


def test_deduction_floors_at_zero():
    rule = {"kind": "deduction", "per_item": 1}
    assert score_one(rule, 5, row={"deductions": [f"问题{i}" for i in range(7)]}) == 0
    assert score_one(rule, 5, row={}) == 5


def test_checklist_by_name_and_number():
    rule = {"kind": "checklist", "criteria": [{"name": "甲", "points": 0.5}, {"name": "乙", "points": 1.5}, {"name": "丙", "points": 1}]}
    assert score_one(rule, 3, row={"unmet": ["乙"]}) == Decimal("1.5")
    assert score_one(rule, 3, row={"unmet": [1, 3]}) == Decimal("1.5")


def test_target_all_or_nothing_and_qualitative():
    assert score_one({"kind": "target", "mode": "all_or_nothing"}, 2, row={"target": "≥95%", "actual": "94.9%"}) == 0
    assert score_one({"kind": "target"}, 2, row={"target": "是", "actual": "否"}) == 0
    assert score_one({"kind": "target"}, 2, row={"target": "健全", "actual": "不完全健全", "met": True}) == 2


def test_exemption_gives_full_marks_with_reason():
    # 湛江 2022: 支出完成率 33.61% “不作为扣分项”
    rule = {"kind": "ratio", "figure": "预算执行率"}
    row = {"exempt": "市财政冻结资金，支出完成率不作为扣分项"}
    assert score_one(rule, 5, {"调整后预算": 100, "实际支出": "33.61"}, row) == 5


def test_bonus_caps_each_side():
    rule = {"kind": "bonus", "per_item": 2.5, "cap": 5}
    assert score_one(rule, 5, row={"bonuses": ["甲", "乙", "丙"]}, bonus=True) == 5  # 7.5 capped at 5
    assert score_one(rule, 5, row={"penalties": ["甲"]}, bonus=True) == Decimal("-2.5")


def test_judged_override_of_a_target_row():
    # 广州 2021 接通率: rule gives 2.93, the evaluator judged 2.66 with a reason
    row = {"target": "≥95%", "actual": "94.07%", "score": 2.66, "basis": "服务量为合同约定的 2.37 倍，部分月份接通率不达标"}
    assert score_one({"kind": "target"}, Decimal("2.96"), row=row) == Decimal("2.66")
