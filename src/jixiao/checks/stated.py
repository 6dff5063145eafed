"""Arithmetic against what the department stated: totals, row scores, grades, rates."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.plan import FIGURE
from fractions import Fraction

from jixiao.model.quantity import exact_of, format_percent
from jixiao.model.result import RowResult, Where
from jixiao.rules import points

# A stated rate may differ from the recomputed one by half of its last shown digit (0.01%).
RATE_TOLERANCE = Decimal("0.00005")
COUNT_TOLERANCE = Decimal("0.005")


def _stated_rows_sum(ctx: CheckContext) -> Decimal | None:
    rows = ctx.evaluation.rows
    if not rows or any(row.stated_score is None for row in rows):
        return None
    return sum((row.stated_score for row in rows), Decimal(0))  # type: ignore[misc]


def stated_total_sum(ctx: CheckContext) -> Iterable[Hit]:
    stated, rows_sum = ctx.facts.stated_total, _stated_rows_sum(ctx)
    if stated is not None and rows_sum is not None and stated != rows_sum:
        yield (
            f"自评总分 {points(stated)} 与各行自评得分之和 {points(rows_sum)} 不符（按评分规则计算的总分为 {points(ctx.evaluation.total)}）",
            ctx.facts.place("stated_total"),
            (),
        )


def stated_total(ctx: CheckContext) -> Iterable[Hit]:
    stated, rows_sum = ctx.facts.stated_total, _stated_rows_sum(ctx)
    if stated is None or stated == ctx.evaluation.total or not ctx.evaluation.rows or ctx.evaluation.incomplete:
        return  # with no rows read, or some unscored (score-not-stated), there is no computed total to set beside it
    if rows_sum is not None and rows_sum != stated:
        return  # stated-total-sum already says it, with the computed total
    yield (f"自评总分 {points(stated)} 与按评分规则计算的总分 {points(ctx.evaluation.total)} 不符", ctx.facts.place("stated_total"), ())


def stated_score(ctx: CheckContext, row: RowResult) -> Hit | None:
    if row.stated_score is None or row.stated_score == row.score:
        return None
    return f"自评得分 {points(row.stated_score)} 与按评分规则计算的 {points(row.score)} 不符：{row.basis}", _row_where(ctx, row.path), row.path


def stated_grade(ctx: CheckContext) -> Iterable[Hit]:
    stated = ctx.facts.stated_grade
    if stated is None:
        return
    if ctx.facts.stated_total is None and (not ctx.evaluation.rows or ctx.evaluation.incomplete):
        return  # no total to grade, or only an incomplete one
    total = ctx.facts.stated_total if ctx.facts.stated_total is not None else ctx.evaluation.total
    expected = ctx.framework.grade_for(total)
    if stated != expected:
        yield (f"自评等级“{stated}”与总分 {points(total)} 对应的等级“{expected}”不符", ctx.facts.place("stated_grade"), ())


def stated_rate(ctx: CheckContext) -> Iterable[Hit]:
    for key, definition in ctx.framework.derived.items():
        stated = ctx.facts.figures.get(key)
        if stated is None:
            continue  # before reading the computed value: a derived figure's Quantity is made only when read
        computed = ctx.values.get(key)
        if computed is None or computed is stated.quantity:
            continue
        tolerance = exact_of(RATE_TOLERANCE if definition.kind == "percent" else COUNT_TOLERANCE)
        if abs(stated.quantity.exact - computed.exact) <= tolerance:  # exactly: a rate may sit on the tolerance
            continue
        message = f"填报的{definition.name} {stated.quantity.display()} 与按“{definition.formula.shown}”重新计算的 {computed.display()} 不符"
        if definition.kind == "percent" and computed.exact != 0 and abs(stated.quantity.exact - 1 / Fraction(computed.exact)) <= exact_of(RATE_TOLERANCE):
            message += f"（{format_percent(stated.quantity.value)} 恰为分子分母颠倒的结果）"
        yield message, stated.where, ()


def _row_where(ctx: CheckContext, path: tuple[str, ...]) -> Where:
    facts = ctx.facts.rows.get(path)
    if facts is not None and facts.where.file:
        return facts.where
    for slot_rows in ctx.facts.slots.values():
        for row in slot_rows:
            if row.name == path[-1]:
                return row.where
    return ctx.source


CHECKS = (
    Check("stated-total-sum", "error", "自评总分与各行得分之和不符", stated_total_sum, "算术", needs=("stated_total",)),
    Check("stated-total", "warning", "自评总分与计算总分不符", stated_total, "算术", needs=("stated_total",)),
    Check("stated-score", "warning", "自评得分与评分规则的结果不符", None, "算术", row=stated_score, row_needs="stated_score"),
    Check("stated-grade", "warning", "自评等级与总分不符", stated_grade, "算术", needs=("stated_grade",)),
    # a derived figure the department also stated; none for a framework without derived figures
    Check("stated-rate", "error", "填报的比率与按金额重算的不符", stated_rate, "算术", needs=lambda framework: tuple(FIGURE + key for key in framework.derived)),
)
