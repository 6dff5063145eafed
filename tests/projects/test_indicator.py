"""The rule kind indicator (10号 第十六条) on a project's own rows: 正向, 等于, 反向, far above, 定性 bands."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from jixiao.engine import evaluate
from jixiao.rules.indicator import STATES, in_band
from projects.builders import project, score_of, with_row


def _score(index, name, **changes):
    facts, framework = project(with_row(index, **changes))
    evaluation = evaluate(framework, facts)
    return score_of(facts, evaluation, name), evaluation


def test_base_project_scores_full_marks_but_the_funds_row():
    facts, framework = project()
    evaluation = evaluate(framework, facts)
    # 执行率 95 / 100 = 95% × 10 = 9.5; every indicator met → 50 + 30 + 10; total 99.5 (优)
    assert score_of(facts, evaluation, "预算执行率") == Decimal("9.50")
    assert evaluation.total == Decimal("99.50") and evaluation.grade == "优"
    assert not [f for f in evaluation.findings if f.severity == "error"]


def test_positive_missed_is_proportional():
    # 180 / 200 × 30 = 27
    score, _ = _score(0, "培训人次", actual=180)
    assert score == Decimal("27.00")


def test_reverse_ratio_and_linear():
    # 指标值 / 完成值: 10 / 12 × 20 = 16.666… → 16.67
    score, _ = _score(1, "完成时间", actual=12)
    assert score == Decimal("16.67")


def test_reverse_linear_reaches_zero_at_twice_the_target(tmp_path):
    from jixiao.loaders.frameworks import load_framework_file, project_framework_path
    from jixiao.projects.load import build_project
    from jixiao.model.result import Where
    from projects.builders import raw_project

    text = (project_framework_path("national-2020-project")).read_text(encoding="utf-8")
    path = tmp_path / "linear.yaml"
    path.write_text(text.replace("id: national-2020-project", "id: linear-project").replace("reverse: ratio", "reverse: linear"), encoding="utf-8")
    framework = load_framework_file(path)
    for actual, expected in ((12, "16.00"), (15, "10.00"), (20, "0.00"), (25, "0.00")):
        # (1 − (12 − 10) / 10) × 20 = 16; (1 − 5/10) × 20 = 10; at 2× and beyond: 0
        raw = raw_project(with_row(1, actual=actual))
        facts = build_project(raw, lambda loc: Where("p.yaml"), framework)
        assert score_of(facts, evaluate(framework, facts), "完成时间") == Decimal(expected), actual


def test_equal_target_scores_as_positive_and_zero_target():
    score, _ = _score(0, "培训人次", nature="=", actual=200)
    assert score == Decimal("30.00")
    score, _ = _score(0, "培训人次", nature="=", actual=150)  # 150 / 200 × 30 = 22.5
    assert score == Decimal("22.50")
    score, _ = _score(0, "培训人次", nature="=", value=0, actual=0)
    assert score == Decimal("30.00")
    score, _ = _score(0, "培训人次", nature="=", value=0, actual=3)
    assert score == Decimal("0.00")


def test_far_above_target_is_flagged_until_noted():
    # 250 / 200 = 125%: 25% above, beyond the 20% setting
    score, evaluation = _score(0, "培训人次", actual=250)
    assert score == Decimal("30.00")
    assert [f.code for f in evaluation.findings if f.code.startswith("far-above")] == ["far-above-target"]
    _score_noted, noted = _score(0, "培训人次", actual=250, reason="年中追加培训任务")
    assert [f.code for f in noted.findings if f.code.startswith("far-above")] == ["far-above-noted"]
    reduced, judged = _score(0, "培训人次", actual=250, score=28, basis="指标值设定偏低，按偏离程度扣 2 分")
    assert reduced == Decimal("28.00")
    # 240 is exactly 20% above: not flagged
    _s, at_limit = _score(0, "培训人次", actual=240)
    assert not [f for f in at_limit.findings if f.code.startswith("far-above")]


def test_qualitative_states():
    full, _ = _score(2, "服务水平", state="达成", actual="明显提升")
    assert full == Decimal("30.00")
    partial, evaluation = _score(2, "服务水平", state="部分达成", actual="有所提升", score=20, basis="部分达成")
    assert partial == Decimal("20.00")


def test_qualitative_partial_without_score_is_an_error():
    _s, evaluation = _score(2, "服务水平", state="部分达成", actual="有所提升")
    assert "band-score-missing" in {f.code for f in evaluation.findings if f.blocking}


@pytest.mark.parametrize("state, low, high, high_in", [("达成年度指标", "0.8", "1", True), ("部分达成年度指标并具有一定效果", "0.6", "0.8", False), ("未达成年度指标且效果较差", "0", "0.6", False)])
def test_band_limits(state, low, high, high_in):
    weight = Fraction(30)
    assert in_band(state, Fraction(low) * weight, weight)
    assert in_band(state, Fraction(high) * weight, weight) is high_in
    assert not in_band(state, Fraction(low) * weight - Fraction(1, 100), weight)


@settings(max_examples=200, deadline=None)
@given(state=st.sampled_from(sorted(STATES)), hundredths=st.integers(0, 3000), weight=st.sampled_from(["0", "10", "12.5", "15", "30", "7.33"]))
def test_band_test_in_integers_is_the_fraction_one(state, hundredths, weight):
    # in_band cross-multiplies the Decimals' integer ratios: the same answer as the bands written as Fractions
    score, exact_weight = Decimal(hundredths).scaleb(-2), Fraction(weight)
    low, high, high_in = STATES[state]
    exact = Fraction(score)
    expected = low * exact_weight <= exact and (exact <= high * exact_weight if high_in else exact < high * exact_weight)
    assert in_band(state, score, Decimal(weight)) is expected
    assert in_band(state, exact, exact_weight) is expected


weights = st.integers(min_value=1, max_value=50)
values = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("100000"), places=2)


@settings(max_examples=60, deadline=None)
@given(weight=weights, target=values, actual=st.decimals(min_value=Decimal(0), max_value=Decimal("200000"), places=2), nature=st.sampled_from(["≥", "≤", "="]))
def test_score_never_exceeds_weight_met_is_full_and_missed_is_proportional(weight, target, actual, nature):
    from jixiao.engine import evaluate
    from jixiao.model.facts import RowFacts, SlotRow
    from dataclasses import replace

    facts, framework = project()
    rows = dict(facts.slots)
    row = SlotRow("指标", Decimal(50), RowFacts(target=f"{nature}{target}个", actual=f"{actual}个"), "数量指标")
    rows[("产出指标",)] = (row,)
    evaluation = evaluate(framework, replace(facts, slots=rows))
    score = score_of(None, evaluation, "指标")
    assert Decimal(0) <= score <= Decimal(50)
    reached = actual >= target if nature in ("≥", "=") else actual <= target
    if reached:
        assert score == Decimal(50)
    elif nature in ("≥", "="):
        assert score == (actual / target * 50).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") or abs(score - actual / target * 50) <= Decimal("0.005")
    else:
        assert abs(score - target / actual * 50) <= Decimal("0.005")
