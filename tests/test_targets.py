from decimal import Decimal
from fractions import Fraction

import pytest

from jixiao.model.targets import completion_fraction, is_met, parse_actual, parse_target, qualitative_met


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


def test_actuals_on_the_targets_scale():
    assert parse_actual("805万次", parse_target("≥700万次")) == Decimal("8050000")
    assert parse_actual("0", parse_target("≤5%")) == 0  # report 002: 有效投诉 0
    assert parse_actual("≥9个月", parse_target("≥6个月")) == 9
    assert parse_actual("提供了31份数据质量报告", parse_target("提供20份以上")) == 31
    assert parse_actual("没有数字", parse_target("≥1个")) is None


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
