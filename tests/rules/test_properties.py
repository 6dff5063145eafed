"""Properties that must hold whatever the figures: a non-bonus score lies in [0, weight]."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import score_one

percent = st.decimals(min_value=0, max_value=300, places=2, allow_nan=False, allow_infinity=False)
amount = st.decimals(min_value=Decimal("0.01"), max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
weight = st.sampled_from([Decimal("1"), Decimal("2"), Decimal("2.94"), Decimal("6"), Decimal("20")])
SETTINGS = settings(max_examples=60, deadline=None)


def within(score, top):
    return Decimal(0) <= score <= top


@SETTINGS
@given(planned=amount, actual=amount, w=weight)
def test_ratio_within_weight(planned, actual, w):
    rule = {"kind": "ratio", "figure": "政府采购执行率"}
    assert within(score_one(rule, w, {"政府采购预算": planned, "实际采购金额": actual}), w)


@SETTINGS
@given(q=st.lists(percent, min_size=4, max_size=4))
def test_quarterly_within_weight(q):
    rule = {"kind": "quarterly", "quarters": ["一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度"]}
    figures = dict(zip(["一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度"], [f"{v}%" for v in q]))
    assert within(score_one(rule, 6, figures), Decimal(6))


@SETTINGS
@given(done=st.integers(0, 500), planned=st.integers(1, 500), w=weight)
def test_completion_within_weight(done, planned, w):
    assert within(score_one({"kind": "completion", "done": "已完成项目数", "planned": "计划项目数"}, w, {"已完成项目数": done, "计划项目数": planned}), w)


@SETTINGS
@given(start=amount, adjusted=amount)
def test_over_limit_within_weight(start, adjusted):
    rule = {"kind": "over_limit", "figure": "预算调整率", "limit": "10%", "per_point": 0.1}
    assert within(score_one(rule, 1, {"年初预算": start, "调整后预算": adjusted}), Decimal(1))


@SETTINGS
@given(target=percent, actual=percent, direction=st.sampled_from(["≥", "≤", ">", "<", ""]), w=weight)
def test_target_within_weight(target, actual, direction, w):
    row = {"target": f"{direction}{target}%", "actual": f"{actual}%"}
    assert within(score_one({"kind": "target"}, w, row=row), w)


@SETTINGS
@given(n=st.integers(0, 20), per=st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(4)]), w=weight)
def test_deduction_within_weight(n, per, w):
    assert within(score_one({"kind": "deduction", "per_item": per}, w, row={"deductions": [f"事项{i}" for i in range(n)]}), w)


@SETTINGS
@given(rate=percent)
def test_tiers_within_weight(rate):
    rule = {"kind": "tiers", "figure": "满意度", "tiers": [{"when": "≥95%", "score": 6}, {"when": "≥90%", "score": 4}, {"when": "≥80%", "score": 2}, {"score": 1}]}
    assert within(score_one(rule, 6, {"满意度": f"{rate}%"}), Decimal(6))


@SETTINGS
@given(bonuses=st.integers(0, 5), penalties=st.integers(0, 5))
def test_bonus_within_plus_minus_cap(bonuses, penalties):
    row = {"bonuses": [f"加{i}" for i in range(bonuses)], "penalties": [f"减{i}" for i in range(penalties)]}
    score = score_one({"kind": "bonus", "per_item": 2.5, "cap": 5}, 5, row=row, bonus=True)
    assert Decimal(-5) <= score <= Decimal(5)
