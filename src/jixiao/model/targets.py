"""年度指标值 and 实际完成值 written as people write them.

`≥700万次`, `≤5%`, `100%`, `是`, `140个`, `提供20份以上的数据质量报告`, `三、2、≥95%`.
A target with a number is quantitative (an operator, a value, percent or a unit word);
one without is qualitative and is met when the actual says the same or affirms it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from jixiao.model.quantity import COUNT_MULTIPLIERS, format_count, format_percent, normalise_text

# Numbering that published tables put in front of a target: 三、2、≥95%
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(?:\d+[、.．]\s*)?|^\d+、\s*")
_SYMBOL_OPS = [(">=", "≥"), ("≥", "≥"), ("≧", "≥"), ("<=", "≤"), ("≤", "≤"), ("≦", "≤"), (">", ">"), ("<", "<"), ("=", "=")]
_WORD_OPS = [
    ("不低于", "≥"), ("不少于", "≥"), ("至少", "≥"), ("不小于", "≥"), ("以上", "≥"),
    ("不高于", "≤"), ("不超过", "≤"), ("不大于", "≤"), ("以下", "≤"), ("以内", "≤"),
    ("大于", ">"), ("超过", ">"), ("高于", ">"), ("小于", "<"), ("低于", "<"),
]
_NUMBER_RE = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*([万亿])?\s*(%|[^\d\s%，,。；;、（）()]{0,2})")
AFFIRMATIVE = frozenset(
    "是 完成 已完成 全部完成 按期完成 达成 已达成 达到 已达到 达标 已达标 健全 规范 合规 及时 有效 符合 良好 实现 已实现".split()
)


@dataclass(frozen=True, slots=True)
class Target:
    text: str
    op: str | None = None  # ≥ ≤ > < = ; None for qualitative
    value: Decimal | None = None  # fraction when percent
    percent: bool = False
    unit: str = ""

    @property
    def quantitative(self) -> bool:
        return self.value is not None

    def display_value(self, value: Decimal) -> str:
        return format_percent(value) if self.percent else f"{format_count(value)}{self.unit}"


def strip_enumeration(text: str) -> str:
    return _ENUMERATION.sub("", text, count=1).strip()


def parse_target(raw: object) -> Target:
    text = strip_enumeration(normalise_text(str(raw))).rstrip("。.;；")
    number = _NUMBER_RE.search(text)
    if number is None:
        return Target(text=text)
    op = next((o for sym, o in _SYMBOL_OPS if text.startswith(sym)), None)
    if op is None:
        op = next((o for word, o in _WORD_OPS if word in text), None)
    value, percent, unit = _read_number(number)
    return Target(text=text, op=op or "≥", value=value, percent=percent, unit=unit)


def parse_actual(raw: object, target: Target) -> Decimal | None:
    """The actual as a number on the target's scale, or None when it states none."""
    if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        value = Decimal(raw)
        return value / 100 if target.percent else value
    if isinstance(raw, float):
        value = Decimal(repr(raw))
        return value / 100 if target.percent else value
    text = strip_enumeration(normalise_text(str(raw)))
    number = _NUMBER_RE.search(text)
    if number is None:
        return None
    value, percent, _unit = _read_number(number)
    if target.percent and not percent:
        value = value / 100  # "0" against "≤5%" means 0%
    return value


def _read_number(match: re.Match[str]) -> tuple[Decimal, bool, str]:
    value = Decimal(match.group(1)) * COUNT_MULTIPLIERS.get(match.group(2) or "", Decimal(1))
    suffix = match.group(3) or ""
    if suffix == "%":
        return value / 100, True, ""
    return value, False, suffix


def is_met(target: Target, actual: Decimal) -> bool:
    assert target.value is not None
    return {
        "≥": actual >= target.value,
        ">": actual > target.value,
        "≤": actual <= target.value,
        "<": actual < target.value,
        "=": actual == target.value,
    }[target.op or "≥"]


def completion_fraction(target: Target, actual: Decimal) -> Fraction:
    """How much of a missed quantitative target was reached, in [0, 1], exactly."""
    assert target.value is not None
    goal, reached = Fraction(target.value), Fraction(actual)
    if target.op in ("≤", "<"):
        if reached <= 0:
            return Fraction(1)
        fraction = goal / reached if goal > 0 else Fraction(0)
    else:
        if goal <= 0:
            return Fraction(1) if reached >= goal else Fraction(0)
        fraction = reached / goal
    return max(Fraction(0), min(Fraction(1), fraction))


def qualitative_met(target: Target, actual_text: str) -> bool | None:
    """True/False when the actual text decides it, None when a person must say."""
    actual = strip_enumeration(normalise_text(actual_text)).rstrip("。.;；")
    if actual == target.text:
        return True
    if actual in AFFIRMATIVE and target.text not in ("否", "无"):
        return True
    if actual in ("否", "未完成", "未达成", "未达到", "未达标", "不健全", "不规范"):
        return False
    return None
