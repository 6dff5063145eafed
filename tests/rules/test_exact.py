"""Every rule kind against an independent exact reference (fractions.Fraction), ties included.

A row's score is its exact value rounded once, half-up, to 2 places. The reference below
computes each kind's exact value from the raw inputs by its published formula; hypothesis
draws inputs on small grids so that exact ties (x.xx5) come up often, and the tie tests
enumerate them outright. Before issue 11 these failed: 7/48 × 6 = 0.875 came out 0.87.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import one_row_framework

from jixiao.engine import evaluate
from jixiao.loaders.facts_build import build_facts
from jixiao.model.result import Where

SETTINGS = settings(max_examples=60, deadline=None)
QUARTERS = ["一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度"]
SCHEDULE = [Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1)]


def half_up(value: Fraction) -> Decimal:
    """The reference rounding: to 2 places, ties away from zero, with integers only."""
    cents, remainder = divmod(abs(value) * 100, 1)
    cents = int(cents) + (remainder >= Fraction(1, 2))
    return Decimal(cents if value >= 0 else -cents).scaleb(-2)


def is_tie(value: Fraction) -> bool:
    return (value * 1000).denominator == 1 and (value * 1000).numerator % 10 == 5


class Scorer:
    """One framework per rule, built once; many departments scored against it."""

    _frameworks: dict = {}

    def __call__(self, rule: dict, weight, figures: dict | None = None, row: dict | None = None, bonus: bool = False) -> Decimal:
        key = (repr(rule), str(weight), bonus)
        framework = self._frameworks.get(key) or self._frameworks.setdefault(key, one_row_framework(rule, weight, bonus))
        raw = {"department": "测试单位", "year": 2021, "framework": "one-row", "unit": "万元", "figures": figures or {}, "rows": {"指标": row} if row else {}}
        result = evaluate(framework, build_facts(raw, lambda loc: Where("test"), framework))
        assert not [f.message for f in result.findings if f.blocking]
        return result.rows[0].score


score = Scorer()
small = st.integers(min_value=1, max_value=64)
weights = st.sampled_from([Decimal(1), Decimal(2), Decimal(3), Decimal(6), Decimal("2.94"), Decimal("2.96"), Decimal("1.5")])
percent_hundredths = st.integers(min_value=0, max_value=12000)  # 0.00% … 120.00%


def pct(hundredths: int) -> str:
    return f"{Decimal(hundredths).scaleb(-2)}%"


# -- completion -----------------------------------------------------------------------------------

def test_issue_11_completion_tie():
    # 7 / 48 × 6 = 42/48 = 0.875 exactly → 0.88 (was 0.87)
    assert score({"kind": "completion", "done": "已完成项目数", "planned": "计划项目数"}, 6, {"已完成项目数": 7, "计划项目数": 48}) == Decimal("0.88")


@SETTINGS
@given(done=st.integers(0, 70), planned=small, weight=weights)
@example(done=47, planned=48, weight=Decimal(6))  # 5.875 → 5.88
def test_completion_against_fractions(done, planned, weight):
    expected = half_up(max(Fraction(0), min(Fraction(done, planned), Fraction(1))) * Fraction(weight))
    assert score({"kind": "completion", "done": "已完成项目数", "planned": "计划项目数"}, weight, {"已完成项目数": done, "计划项目数": planned}) == expected


def test_completion_every_tie_on_a_grid():
    rule = {"kind": "completion", "done": "已完成项目数", "planned": "计划项目数"}
    ties = [(done, planned) for planned in range(1, 65) for done in range(planned + 1) if is_tie(Fraction(done * 6, planned))]
    assert len(ties) > 20
    for done, planned in ties[::3]:
        assert score(rule, 6, {"已完成项目数": done, "计划项目数": planned}) == half_up(Fraction(done * 6, planned)), (done, planned)


# -- quarterly ------------------------------------------------------------------------------------

QUARTERLY = {"kind": "quarterly", "quarters": QUARTERS}


def quarterly_reference(hundredths: list[int]) -> Fraction:
    ratios = [max(Fraction(0), min(Fraction(h, 10000) / due, Fraction(1))) for h, due in zip(hundredths, SCHEDULE)]
    return sum(ratios, Fraction(0)) * 1 + sum(ratios, Fraction(0)) / 4 * 2


@pytest.mark.parametrize(
    "quarters, expected",
    [
        ([1397, 1912, 6274, 9056], "4.03"),  # Σ = 161/60 → × 1.5 = 161/40 = 4.025 (was 4.02)
        ([3004, 4626, 6430, 7008], "5.23"),  # 209/40 = 5.225 (was 5.22)
        ([3274, 6393, 8012, 9980], "6.00"),  # 大鹏 2021: 5.997
    ],
)
def test_issue_11_quarterly_ties(quarters, expected):
    assert half_up(quarterly_reference(quarters)) == Decimal(expected)  # the reference agrees with the hand calculation
    assert score(QUARTERLY, 6, dict(zip(QUARTERS, map(pct, quarters)))) == Decimal(expected)


@SETTINGS
@given(quarters=st.lists(percent_hundredths, min_size=4, max_size=4))
@example(quarters=[1397, 1912, 6274, 9056])
def test_quarterly_against_fractions(quarters):
    assert score(QUARTERLY, 6, dict(zip(QUARTERS, map(pct, quarters)))) == half_up(quarterly_reference(quarters))


def test_quarterly_generated_ties():
    import random

    rng = random.Random(11)
    ties = []
    while len(ties) < 12:
        quarters = sorted(rng.randint(1000, 10000) for _ in range(4))
        if is_tie(quarterly_reference(quarters)):
            ties.append(quarters)
    for quarters in ties:
        assert score(QUARTERLY, 6, dict(zip(QUARTERS, map(pct, quarters)))) == half_up(quarterly_reference(quarters)), quarters


# -- ratio, over_limit, tiers, sum_of_parts (over derived figures) ----------------------------------

@SETTINGS
@given(planned=small, actual=small, weight=weights, zero_above=st.booleans())
def test_ratio_against_fractions(planned, actual, weight, zero_above):
    rule = {"kind": "ratio", "figure": "政府采购执行率", **({"zero_above": "100%"} if zero_above else {})}
    rate = Fraction(actual, planned)
    expected = Fraction(0) if zero_above and rate > 1 else min(rate, Fraction(1)) * Fraction(weight)
    assert score(rule, weight, {"政府采购预算": planned, "实际采购金额": actual}) == half_up(expected)


@SETTINGS
@given(start=small, adjusted=st.integers(1, 128), per_point=st.sampled_from(["0.1", "0.05", "0.125"]))
def test_over_limit_against_fractions(start, adjusted, per_point):
    rule = {"kind": "over_limit", "figure": "预算调整率", "limit": "10%", "per_point": per_point}
    over = max(Fraction(0), (Fraction(abs(adjusted - start), start) - Fraction(1, 10)) * 100)
    expected = max(Fraction(0), 1 - over * Fraction(per_point))
    assert score(rule, 1, {"年初预算": start, "调整后预算": adjusted}) == half_up(expected)


TIERS = {"kind": "tiers", "figure": "编外人员控制率", "tiers": [{"when": "<5%", "score": 1}, {"when": "≤10%", "score": 0.5}, {"score": 0}]}


@SETTINGS
@given(staff=st.integers(1, 200), outside=st.integers(0, 40))
def test_tiers_against_fractions(staff, outside):
    rate = Fraction(outside, staff + outside)
    expected = Fraction(1) if rate < Fraction(1, 20) else Fraction(1, 2) if rate <= Fraction(1, 10) else Fraction(0)
    assert score(TIERS, 1, {"在编人数": staff, "编外人员": outside}) == half_up(expected)


PARTS = {
    "kind": "sum_of_parts",
    "parts": [
        {"name": "采购", "points": 1, "rule": {"kind": "ratio", "figure": "政府采购执行率"}},
        {"name": "完成", "points": 1, "rule": {"kind": "completion", "done": "已完成项目数", "planned": "计划项目数"}},
    ],
}


@SETTINGS
@given(planned=small, actual=small, done=st.integers(0, 64), projects=small)
@example(planned=3, actual=1, done=1, projects=24)  # 1/3 + 1/24 = 9/24 = 0.375: two repeating parts, one exact tie
def test_sum_of_parts_against_fractions(planned, actual, done, projects):
    expected = min(Fraction(actual, planned), Fraction(1)) + max(Fraction(0), min(Fraction(done, projects), Fraction(1)))
    figures = {"政府采购预算": planned, "实际采购金额": actual, "已完成项目数": done, "计划项目数": projects}
    assert score(PARTS, 2, figures) == half_up(expected)


# -- target, deduction, checklist, bonus, judgement, not_applicable ---------------------------------

@SETTINGS
@given(goal=st.integers(1, 10000), reached=percent_hundredths, weight=weights, direction=st.sampled_from(["≥", "≤"]))
@example(goal=9500, reached=9407, weight=Decimal("2.96"), direction="≥")  # 广州 接通率: 9407/9500 × 2.96 = 2.931… → 2.93
def test_target_against_fractions(goal, reached, weight, direction):
    target, actual = Fraction(goal, 10000), Fraction(reached, 10000)
    if direction == "≥":
        fraction = Fraction(1) if actual >= target else actual / target
    else:
        fraction = Fraction(1) if actual <= target else (target / actual if actual > 0 else Fraction(1))
    row = {"target": f"{direction}{pct(goal)}", "actual": pct(reached)}
    assert score({"kind": "target"}, weight, row=row) == half_up(max(Fraction(0), min(fraction, Fraction(1))) * Fraction(weight))


@SETTINGS
@given(n=st.integers(0, 12), per=st.sampled_from(["0.5", "1", "0.125", "4"]), weight=weights)
def test_deduction_against_fractions(n, per, weight):
    expected = max(Fraction(0), Fraction(weight) - n * Fraction(per))
    assert score({"kind": "deduction", "per_item": per}, weight, row={"deductions": [f"事项{i}" for i in range(n)]}) == half_up(expected)


CHECKLIST = {"kind": "checklist", "criteria": [{"name": "甲", "points": 2}, {"name": "乙", "points": 2}, {"name": "丙", "points": 1}, {"name": "丁", "points": 1}, {"name": "戊", "points": 1}]}


@SETTINGS
@given(unmet=st.sets(st.sampled_from(["甲", "乙", "丙"])), given_points=st.integers(0, 1000))
@example(unmet=set(), given_points=125)  # 戊 partly met at 0.125: 6.125 → 6.13
def test_checklist_against_fractions(unmet, given_points):
    partial = Fraction(given_points, 1000)
    points = {"甲": 2, "乙": 2, "丙": 1, "丁": 1, "戊": 1}
    expected = sum((Fraction(p) for name, p in points.items() if name not in unmet and name != "戊"), Fraction(0)) + partial
    row = {"unmet": sorted(unmet), "partial": {"戊": str(Decimal(given_points).scaleb(-3))}}
    assert score(CHECKLIST, 7, row=row) == half_up(expected)


@SETTINGS
@given(bonuses=st.integers(0, 5), penalties=st.integers(0, 5), per=st.sampled_from(["2.5", "0.125", "0.375"]))
@example(bonuses=0, penalties=1, per="0.125")  # −0.125 → −0.13 (half-up: away from zero, as Decimal's ROUND_HALF_UP)
def test_bonus_against_fractions(bonuses, penalties, per):
    cap = Fraction(5)
    expected = min(bonuses * Fraction(per), cap) - min(penalties * Fraction(per), cap)
    row = {"bonuses": [f"加{i}" for i in range(bonuses)], "penalties": [f"减{i}" for i in range(penalties)]}
    assert score({"kind": "bonus", "per_item": per, "cap": 5}, 5, row=row, bonus=True) == half_up(expected)


@SETTINGS
@given(thousandths=st.integers(0, 20000))
@example(thousandths=17875)  # 17.875 → 17.88
def test_judgement_is_rounded_half_up_from_its_exact_value(thousandths):
    judged = Decimal(thousandths).scaleb(-3)
    assert score({"kind": "judgement"}, 20, row={"score": str(judged), "basis": "按佐证材料评定"}) == half_up(Fraction(judged))


def test_not_applicable_scores_zero():
    assert score({"kind": "not_applicable", "reason": "不产生经济效益"}, 0) == Decimal("0.00")
