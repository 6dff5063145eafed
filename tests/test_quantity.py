from decimal import Decimal

import pytest

from jixiao.model.quantity import QuantityError, parse_count, parse_money, parse_percent, parse_quantity


def test_money_in_wan_and_yuan_convert_exactly():
    # 7,621.05 万元 = 76,210,500 元, exactly
    assert parse_money("7,621.05万元", None).value == Decimal("76210500")
    assert parse_money("392951003.55元", "万元").value == Decimal("392951003.55")
    assert parse_money(Decimal("7621.05"), "万元").value == Decimal("76210500")
    assert parse_money(Decimal("7621.05"), "万元").display() == "7,621.05 万元"


def test_full_width_digits_and_separators():
    assert parse_money("７，６２１．０５万元", None).value == Decimal("76210500")
    assert parse_percent("９９．８％").value == Decimal("0.998")


def test_percent_forms():
    assert parse_percent("99.8%").value == Decimal("0.998")
    assert parse_percent(Decimal("99.8")).value == Decimal("0.998")  # bare number = percentage points
    assert parse_percent("33.51%").display() == "33.51%"


def test_counts_with_units_and_multipliers():
    assert parse_count("24人").value == 24
    assert parse_count("805万次").value == Decimal("8050000")


@pytest.mark.parametrize(
    "kind, raw, unit, message",
    [
        ("money", "123.45", None, "没有注明单位"),
        ("money", 100, None, "没有注明单位"),
        ("money", "100美元", "万元", "单位无法识别"),
        ("money", "七千万", "万元", "应为金额"),
        ("percent", "12万元", None, "应为百分比，实际为金额"),
        ("count", "12元", None, "应为数量"),
        ("money", "", "万元", "值为空"),
        ("money", True, "万元", "应为数值"),
    ],
)
def test_bad_values_are_refused_with_a_reason(kind, raw, unit, message):
    with pytest.raises(QuantityError, match=message):
        parse_quantity(kind, raw, unit)
