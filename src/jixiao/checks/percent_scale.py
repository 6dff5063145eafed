"""A fraction typed into a percentage: 满意度 0.985 is read as 0.985%, and scores 1 instead of 6.

A bare number (no “%”) in a percentage figure means percentage points (99.8 is 99.8%); someone who
copies 0.985 from a spreadsheet meant 98.5%. Both readings are possible, so this is a warning that
names both, and only where the framework compares the figure with levels well above 1% (tiers at
80/90/95%, a rate scored against 100%, a 10% limit, a quarter's 25% schedule).
"""
from __future__ import annotations

import functools
from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.plan import FIGURE
from jixiao.model.framework import CompiledRule, Framework

ONE_PERCENT = Decimal("0.01")
WELL_ABOVE = Decimal("0.1")  # a level of 10% or more: a value of 1% or less is then a hundred times off


def _levels(rule: CompiledRule | None) -> Iterable[tuple[str, Decimal]]:
    """(figure, level) pairs a rule compares percentage figures with; kinds it does not know give none."""
    if rule is None:
        return
    params = rule.params
    if rule.kind == "tiers":
        yield from ((params.figure, t.condition[1]) for t in params.tiers if t.condition is not None and t.condition[2])
    elif rule.kind == "ratio":
        yield params.figure, params.cap
    elif rule.kind == "over_limit":
        yield params.figure, params.limit
    elif rule.kind == "quarterly":
        yield from zip(params.quarters, params.schedule)
    for part in getattr(params, "parts", ()):
        yield from _levels(part.rule)


@functools.lru_cache(maxsize=64)
def typical_levels(framework: Framework) -> dict[str, Decimal]:
    """Each percentage figure's highest level in the framework's rules, where it is well above 1% (once per framework)."""
    out: dict[str, Decimal] = {}
    for _path, node in framework.walk():
        for rule in (node.rule, node.slot.rule if node.slot else None):
            for figure, level in _levels(rule):
                if framework.figure_kind(figure) == "percent" and isinstance(level, Decimal) and level >= WELL_ABOVE:
                    out[figure] = max(level, out.get(figure, level))
    return out


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def percent_as_fraction(ctx: CheckContext) -> Iterable[Hit]:
    for key, level in typical_levels(ctx.framework).items():
        stated = ctx.facts.figures.get(key)
        if stated is None or not stated.bare or not 0 < stated.quantity.value <= ONE_PERCENT:
            continue
        typed = stated.quantity.value * 100  # the number as written: 0.985
        meant = _number(typed * 100)
        yield (
            f"{ctx.name(key)}填的是 {_number(typed)}%，如指 {meant}% 请填 {meant}%"
            f"（评分标准中的界限达 {_number(level * 100)}%；不带“%”的数按百分点读）",
            stated.where,
            (),
        )


CHECKS = (
    Check(
        "percent-as-fraction", "warning", "比率疑似填成了小数", percent_as_fraction, "可疑的数值",
        needs=lambda framework: tuple(FIGURE + key for key in typical_levels(framework)),
    ),
)
