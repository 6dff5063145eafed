"""结果应用规则: validation messages, proposals with exact amounts, ranking."""
from decimal import Decimal

import pytest

from jixiao.model.framework import DEFAULT_GRADES
from jixiao.results.apply import next_budget, propose, rank
from jixiao.results.rule import RuleError, default_rule_data, parse_rule

GRADES = tuple(g for g, _ in DEFAULT_GRADES)


def default():
    return parse_rule(default_rule_data(DEFAULT_GRADES), GRADES)


def test_default_rule_bands_follow_the_framework_grades():
    rule = default()
    assert [e.grade for e in rule.actions] == ["优", "良", "中", "差"]
    assert rule.for_score(Decimal("90")).grade == "优"
    assert rule.for_score(Decimal("89.99")).grade == "良"
    assert rule.for_score(Decimal("59.99")).grade == "差"
    assert rule.actions[2].describe() == "中（60 ≤ 分数 < 80）：压减；压减 10%–30%；限期整改；整改到位前不得申请同类资金"
    assert "压减 30% 以上直至取消" in rule.actions[3].describe()


def test_cut_amounts_are_exact_and_rounded_once_to_the_cent():
    rule = default()
    # 中: 1,234,567.89 × 10% = 123,456.789 → 123,456.79; × 30% = 370,370.367 → 370,370.37
    p = propose(rule, "甲", Decimal("72.5"), Decimal("1234567.89"))
    assert (p.grade, p.cut_low, p.cut_high, p.proposed) == ("中", Decimal("123456.79"), Decimal("370370.37"), Decimal("-123456.79"))
    assert "1,234,567.89 × 10% = 123,456.79 元" in p.basis
    # 差: 30% … 100% (cancellation): 200,000.05 × 30% = 60,000.015 → 60,000.02 (half up)
    p = propose(rule, "乙", Decimal("41"), Decimal("200000.05"))
    assert (p.cut_low, p.cut_high) == (Decimal("60000.02"), Decimal("200000.05"))
    p = propose(rule, "丙", Decimal("95"), Decimal("500"))
    assert (p.grade, p.proposed, p.entry.may_increase) == ("优", Decimal("0.00"), True)
    assert propose(rule, "丁", Decimal("85"), None).proposed is None


def _data(**changes):
    data = default_rule_data(DEFAULT_GRADES)
    for grade, fields in changes.items():
        entry = next(e for e in data["grades"] if e["grade"] == grade)
        entry.update(fields)
    return data


def test_overlapping_bands_are_refused_with_both_grades_named():
    with pytest.raises(RuleError) as refused:
        parse_rule(_data(良={"score_to": "95"}), GRADES)
    assert refused.value.messages == ["等级“良”（80 至 95）与“优”（自 90）的分数区间重叠"]


def test_a_grade_without_an_action_is_refused():
    data = _data(中={"action": ""})
    data["grades"] = [e for e in data["grades"] if e["grade"] != "差"]
    with pytest.raises(RuleError) as refused:
        parse_rule(data, GRADES)
    assert refused.value.messages == ["等级“中”的预算安排未填写", "等级“差”没有对应的预算安排"]


def test_bad_numbers_and_ranges_are_named():
    with pytest.raises(RuleError) as refused:
        parse_rule(_data(中={"cut_min": "四十", "cut_max": "30"}, 差={"cut_min": "50", "cut_max": "40"}), GRADES)
    assert refused.value.messages == ["等级“中”的压减比例下限应为数字，收到“四十”", "等级“差”的压减比例应满足 0 ≤ 下限 ≤ 上限 ≤ 100%，收到 50%–40%"]


def test_rule_round_trips_as_data():
    rule = default()
    assert parse_rule(rule.as_data(), GRADES) == rule


def test_ranking_top_and_bottom_ten_with_ties():
    scores = [(f"单位{i:02d}", Decimal(100 - i)) for i in range(25)]
    scores.append(("并列单位", Decimal(91)))  # ties 单位09 at rank 10: both in 前十
    ranked = rank(scores)
    top = [r.unit for r in ranked if r.top]
    bottom = [r.unit for r in ranked if r.bottom]
    assert top == [f"单位{i:02d}" for i in range(9)] + ["单位09", "并列单位"]
    assert [r.rank for r in ranked[9:12]] == [10, 10, 12]
    assert bottom == [f"单位{i:02d}" for i in range(15, 25)]
    # 6 units: halves
    small = rank([(str(i), Decimal(i)) for i in range(6)])
    assert [r.unit for r in small if r.top] == ["5", "4", "3"] and [r.unit for r in small if r.bottom] == ["2", "1", "0"]


def test_next_years_budget_from_the_decision_else_the_proposal():
    # a project of 11,500,000.00 元 at 中 (75): cut 10% = 1,150,000.00 proposed; decided −1,200,000.00 instead
    proposal = propose(default(), "高标准农田建设项目", Decimal("75"), Decimal("11500000"))
    assert proposal.proposed == Decimal("-1150000.00")
    assert next_budget(Decimal("11500000"), None, proposal) == Decimal("10350000.00")
    assert next_budget(Decimal("11500000"), Decimal("-1200000.00"), proposal) == Decimal("10300000.00")
    assert next_budget(None, Decimal("-1"), proposal) is None and next_budget(Decimal("1"), None, None) is None
