"""Parameter types shared by rule kinds: percentages and tier conditions as people write them."""
from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator

from jixiao.model.quantity import QuantityError, normalise_text, parse_percent, to_decimal


def _percent(raw: object) -> Decimal:
    try:
        return parse_percent(raw).value
    except QuantityError as error:
        raise ValueError(str(error)) from None


def _number(raw: object) -> Decimal:
    try:
        return to_decimal(raw)
    except QuantityError as error:
        raise ValueError(str(error)) from None


# "90%" or 90 (percentage points) -> Decimal("0.9")
PercentParam = Annotated[Decimal, BeforeValidator(_percent)]
# 1, 0.5, "2.5" -> Decimal, never through float
Points = Annotated[Decimal, BeforeValidator(_number)]

_CONDITION = re.compile(r"^(>=|<=|≥|≤|>|<|=)\s*([+-]?\d+(?:\.\d+)?)\s*(%?)$")
_OPS = {">=": "≥", "<=": "≤"}


def parse_condition(text: str) -> tuple[str, Decimal, bool]:
    """`≥90%` -> ("≥", 0.9, True); `<5` -> ("<", 5, False)."""
    match = _CONDITION.match(normalise_text(str(text)))
    if not match:
        raise ValueError(f"条件“{text}”无法识别：应写成 ≥90%、<5%、≤100% 这样的形式")
    op = _OPS.get(match.group(1), match.group(1))
    value = Decimal(match.group(2))
    percent = bool(match.group(3))
    return op, value / 100 if percent else value, percent


COMPARISONS = {"≥": operator.ge, "≤": operator.le, ">": operator.gt, "<": operator.lt, "=": operator.eq}


def holds(op: str, left, right) -> bool:
    """`left op right`, for Decimals or (exactly) Fractions."""
    return COMPARISONS[op](left, right)
