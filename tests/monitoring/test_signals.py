"""Monitoring lights computed by hand on the example and on small cases (thresholds: the published defaults)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES
from jixiao.model.targets import parse_target
from jixiao.monitoring.model import Budget, Subject, TargetProgress
from jixiao.monitoring.review import review_monitoring_file
from jixiao.monitoring.signals import subject_lights, time_progress
from jixiao.monitoring.thresholds import DEFAULT_THRESHOLDS, SEVERITY

EXAMPLE = EXAMPLES / "demo-2024-1至6月-监控.yaml"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2024, 6, 30), Fraction(182, 366)),  # leap year: 31+29+31+30+31+30 days
        (dt.date(2023, 6, 30), Fraction(181, 365)),
        (dt.date(2024, 2, 29), Fraction(60, 366)),  # the leap day itself
        (dt.date(2023, 2, 28), Fraction(59, 365)),
        (dt.date(2024, 1, 1), Fraction(1, 366)),
        (dt.date(2023, 12, 31), Fraction(1)),
        (dt.date(2024, 12, 31), Fraction(1)),
        (dt.date(2024, 4, 30), Fraction(121, 366)),
    ],
)
def test_time_progress_by_days(as_of, expected):
    assert time_progress(as_of) == expected


def test_time_progress_by_months():
    assert time_progress(dt.date(2024, 6, 30), "months") == Fraction(1, 2)
    assert time_progress(dt.date(2023, 2, 28), "months") == Fraction(2, 12)  # end of February, not a leap year
    assert time_progress(dt.date(2024, 6, 15), "months") == Fraction(5, 12) + Fraction(15, 30 * 12)


def _lights_by_name():
    review = review_monitoring_file(EXAMPLE)
    return review, {lights.subject.name: lights for lights in review.lights}


def test_example_lights_by_hand():
    review, lights = _lights_by_name()
    assert review.time_progress == Fraction(182, 366)
    school = lights["校园安全提升工程"]
    # 执行率 90 / 300 = 30%; 30% / (182/366) × 100 = 60.33 → yellow (60–80)
    assert school.execution_rate == Fraction(3, 10)
    execution = next(s for s in school.signals if s.kind == "execution")
    assert execution.points == Fraction(3, 10) * Fraction(366, 182) * 100
    assert execution.colour == "yellow"
    # the 6 月末 checkpoint is 40%: 30% is below → red
    assert next(s for s in school.signals if s.kind == "checkpoint").colour == "red"
    devices = [s for s in school.signals if s.target.endswith("安防设备安装数")]
    # 90 台 against 300 × 182/366 = 149.18 台 expected → 60.33 → yellow; forecast 280 < 300 → red; 有可能 → yellow
    assert {s.kind: s.colour for s in devices} == {"progress": "yellow", "forecast": "red", "likelihood": "yellow"}
    assert school.colour == "red" and school.budget_colour == "red" and school.target_colour == "red"
    # 工程验收合格率 is a rate, not cumulative: 100% / 95% × 100 = 105.26 → green
    rate = next(s for s in school.signals if s.target.endswith("工程验收合格率"))
    assert rate.points == Fraction(100, 95) * 100 and rate.colour == "green"
    # gap: cumulative targets 5000/12000 and 90/300 average 35.83% against 执行率 30% → 5.83 points ≤ 10 → green
    gap = next(s for s in school.signals if s.kind == "gap")
    assert gap.points == (Fraction(5000, 12000) / 2 + Fraction(90, 300) / 2 - Fraction(3, 10)) * 100
    assert gap.colour == "green"

    training = lights["中小学教师培训"]
    # 执行率 70 / 100 (调整后预算) = 70% → 140.77 → green; 2600 人次 against 2000 × 182/366 → 261.43 → blue
    assert training.execution_rate == Fraction(7, 10)
    people = next(s for s in training.signals if s.target.endswith("培训教师人次"))
    assert people.colour == "blue"
    # 2600 ≥ 2000 → share capped at 100%, against 70% → 30 points > 10 → yellow
    assert next(s for s in training.signals if s.kind == "gap").colour == "yellow"
    # 人均培训成本 ≤400元 with 380元: within the target → green
    assert next(s for s in training.signals if s.target.endswith("人均培训成本")).colour == "green"
    assert training.colour == "yellow"

    assert lights["学生营养改善计划"].colour == "green"
    department = review.lights[0]
    # 560 / 1250 = 44.8% ≥ 40% at 6 月末; 重点工作计划完成率 marked cumulative: 45% / (100% × 182/366) = 90.49 → green
    assert department.execution_rate == Fraction(560, 1250)
    assert department.colour == "green"
    assert review.problems == ()  # the example fills in everything its lights require


def _subject(spent, budget=Decimal(100), targets=()):
    return Subject("project", "p", "u", Budget(budget, spent), tuple(targets))


def _target(text, current_value, **extra):
    target = parse_target(text, extra.pop("name", "指标"))
    return TargetProgress("产出指标", "数量指标", extra.pop("label", "指标"), target, str(current_value), current_value=current_value, **extra)


def test_band_limits_are_inclusive_lower_bounds():
    as_of = dt.date(2023, 12, 31)  # 序时进度 100%: the ratio equals the execution rate
    colours = {spent: subject_lights(_subject(Decimal(spent)), as_of, DEFAULT_THRESHOLDS).signals[0].colour for spent in (59, 60, 79, 80)}
    assert colours == {59: "red", 60: "yellow", 79: "yellow", 80: "green"}
    progress = {
        v: subject_lights(_subject(Decimal(100), targets=[_target("≥100个", Decimal(v))]), as_of, DEFAULT_THRESHOLDS).colour_of(
            _target("≥100个", Decimal(v))
        )
        for v in (59, 60, 80, 119, 120)
    }
    assert progress == {59: "red", 60: "yellow", 80: "green", 119: "green", 120: "blue"}


def test_reverse_target_within_is_green_beyond_is_red():
    as_of = dt.date(2023, 6, 30)
    within = _target("≤400元", Decimal(380))
    beyond = _target("≤400元", Decimal(401))
    lights = subject_lights(_subject(Decimal(50), targets=[within]), as_of, DEFAULT_THRESHOLDS)
    assert lights.colour_of(within) == "green"
    lights = subject_lights(_subject(Decimal(50), targets=[beyond]), as_of, DEFAULT_THRESHOLDS)
    assert lights.colour_of(beyond) == "red"


def test_qualitative_states_map_to_colours():
    as_of = dt.date(2023, 6, 30)
    for state, colour in (("达成目标", "green"), ("部分达成目标并具有一定效果", "yellow"), ("未达成目标且效果较差", "red")):
        item = TargetProgress("产出指标", "质量指标", "培训质量", parse_target("培训质量良好"), state)
        assert subject_lights(_subject(Decimal(50), targets=[item]), as_of, DEFAULT_THRESHOLDS).colour_of(item) == colour


ORDER = {"red": 0, "yellow": 1, "green": 2, "blue": 3}  # by value: more spending or progress never goes back down this list


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_execution_colour_monotone_in_spending(a, b, as_of):
    low, high = sorted((a, b))
    colour = lambda spent: subject_lights(_subject(Decimal(spent), Decimal(10_000)), as_of, DEFAULT_THRESHOLDS).signals[0].colour  # noqa: E731
    assert ORDER[colour(low)] <= ORDER[colour(high)]


@given(st.integers(0, 5_000), st.integers(0, 5_000), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_progress_colour_monotone_in_current_value(a, b, as_of):
    low, high = sorted((a, b))

    def colour(value):
        item = _target("≥1000个", Decimal(value))
        return subject_lights(_subject(Decimal(1), targets=[item]), as_of, DEFAULT_THRESHOLDS).colour_of(item)

    assert ORDER[colour(low)] <= ORDER[colour(high)]


def test_worst_order():
    assert sorted(SEVERITY, key=SEVERITY.get) == ["red", "yellow", "blue", "green"]
