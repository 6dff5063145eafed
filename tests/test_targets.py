from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model.targets import TargetError, completion_fraction, is_met, parse_target, qualitative_met, read_actual


@pytest.mark.parametrize(
    "text, op, value, percent",
    [
        ("≥700万次", "≥", Decimal("7000000"), False),
        ("≤5%", "≤", Decimal("0.05"), True),
        ("100%", "≥", Decimal("1"), True),
        ("140个", "≥", Decimal("140"), False),
        ("提供20份以上的数据质量报告", "≥", Decimal("20"), False),
        ("三、2、≥95%", "≥", Decimal("0.95"), True),  # numbering as printed in report 002
        ("四、3、≥6个月", "≥", Decimal("6"), False),
        ("不超过10%", "≤", Decimal("0.1"), True),
        (">=90%", "≥", Decimal("0.9"), True),
    ],
)
def test_targets_as_written_in_reports(text, op, value, percent):
    target = parse_target(text)
    assert (target.op, target.value, target.percent) == (op, value, percent)


def value(actual, target):
    reading = read_actual(actual, parse_target(target))
    return None if reading is None else reading.value


def test_actuals_on_the_targets_scale():
    assert value("805万次", "≥700万次") == Decimal("8050000")
    assert value("0", "≤5%") == 0  # report 002: 有效投诉 0
    assert value("提供了31份数据质量报告", "提供20份以上") == 31
    assert value("没有数字", "≥1个") is None
    assert value("7000000次", "≥700万次") == 7000000
    assert value("179", "140个") == 179  # a bare number takes the target's unit
    bound = read_actual("≥9个月", parse_target("≥6个月"))  # report 002: 日志存储能力, a bound that meets the target
    assert (bound.op, bound.value, bound.met) == ("≥", 9, True)


def test_boundaries_of_met():
    assert is_met(parse_target("≥95%"), Decimal("0.95"))
    assert not is_met(parse_target(">95%"), Decimal("0.95"))
    assert is_met(parse_target("≤5%"), Decimal("0.05"))
    assert not is_met(parse_target("<5%"), Decimal("0.05"))


def test_completion_fraction_for_both_directions():
    # Exact now (issue 11): the old expectation was the 28-digit Decimal quotient, not the value.
    # ≥ : 94.07 / 95 = 9407/9500
    assert completion_fraction(parse_target("≥95%"), Decimal("0.9407")) == Fraction(9407, 9500)
    # ≤ : 5 / 6.4 = 25/32 = 0.78125
    assert completion_fraction(parse_target("≤5%"), Decimal("0.064")) == Fraction(25, 32)


def test_qualitative_targets():
    assert qualitative_met(parse_target("是"), "是") is True
    assert qualitative_met(parse_target("健全"), "已完成") is True
    assert qualitative_met(parse_target("规范"), "不规范") is False
    assert qualitative_met(parse_target("规范"), "审计发现 1 项问题") is None


@pytest.mark.parametrize("target, actual, op, met", [
    ("≥90%", "未达到90%", "<", False),  # the campaign's reproducer, read as met before
    ("≥90%", "不足90%", "<", False),
    ("≥90%", "低于90%", "<", False),
    ("≥90%", "95%以上", "≥", True),
    ("≥90%", "不低于95%", "≥", True),
    ("≥90%", "超过90%", ">", True),
    ("≤5%", "低于5%", "<", True),
    ("≤5%", "5%以内", "≤", True),
    ("≥100个", "300多个", ">", True),
    ("≥20份", "30余份", ">", True),
    ("≥90%", "满意度达到96%", "=", True),  # 达到 states the value
])
def test_qualified_actuals(target, actual, op, met):
    reading = read_actual(actual, parse_target(target))
    assert (reading.op, reading.met) == (op, met)


@pytest.mark.parametrize("target, actual, words", [
    ("≥90%", "93.5个", "单位不同"),
    ("≥6个月", "1年", "单位不同"),
    ("≥90%", "约93%", "约数或预计值"),
    ("≥90%", "93%左右", "约数或预计值"),
    ("≥90%", "-5%", "为负数"),
    ("≥90%", "0.935", "是 0.935% 还是 93.50%"),  # an Excel fraction typed without %
    ("≥90%", "计划95%，完成93%", "多个数值"),
    ("≤5%", "未达到90%", "不能判定"),
    ("100%", "超过100%", "没有写明是下限还是上限"),
    ("≥100万元", "120", "是 120元 还是 120万元"),
    ("约90%", "93%", "年度指标值“约90%”是约数"),
    ("90%左右", "93%", "年度指标值“90%左右”是约数"),
])
def test_actuals_refused(target, actual, words):
    with pytest.raises(TargetError, match=words):
        read_actual(actual, parse_target(target))


def test_shares_cannot_exceed_100_percent():
    for actual in ("101%", "超过100%"):
        with pytest.raises(TargetError, match="不可能超过 100%"):
            read_actual(actual, parse_target("≥90%", "群众满意度"))
    assert read_actual("120%", parse_target("≥100%", "年度任务完成率")).met  # a plan may be exceeded


def test_direction_of_a_bare_percentage_from_the_indicator_name():
    assert parse_target("100%", "在职人员控制率").op == "≤"
    assert parse_target("100%", "预算完成率").op == "≥"
    assert not parse_target("100%", "某项比例").directed
    assert parse_target("140个").directed  # a count: more is better
    assert read_actual("超过100%", parse_target("100%", "“三公经费”控制率")).met is False


OPS = st.sampled_from(["≥", ">", "≤", "<"])
POINTS = st.integers(min_value=0, max_value=200)


@settings(max_examples=150, deadline=None)
@given(target_op=OPS, target=POINTS, bound_op=OPS, bound=POINTS)
def test_a_decided_bound_agrees_with_every_value_it_allows(target_op, target, bound_op, bound):
    """When a bound (≥95%, 未达到90%…) decides a target, each exact value inside it decides the same way."""
    parsed = parse_target(f"{target_op}{target}%")
    try:
        reading = read_actual(f"{bound_op}{bound}%", parsed)
    except TargetError:
        reading = None
    # Values the bound allows, near both edges of the target and far away.
    probes = {Decimal(x) + step for x in (bound, target) for step in (Decimal("-5"), Decimal("-0.01"), Decimal(0), Decimal("0.01"), Decimal(5))}
    outcomes = {is_met(parsed, v / 100) for v in probes if v >= 0 and _allows(bound_op, bound, v)}
    if reading is not None:
        assert outcomes <= {reading.met}
    else:
        assert len(outcomes) == 2  # refused only when the bound really straddles the target


def _allows(op, bound, value):
    return {"≥": value >= bound, ">": value > bound, "≤": value <= bound, "<": value < bound}[op]
