"""quarterly — 季度序时进度.

Σ 各季度 min(季度支出进度 / 序时进度, 1) × 每季分值 + 全年平均执行率 × 平均分值, where
全年平均执行率 is the mean of the four capped quarter ratios. Shenzhen 2019 预算执行率 (6分):
大鹏 2021 32.74%/63.93%/80.12%/99.8% → 1+1+1+0.998 + 0.9995×2 = 5.997 → 6.00.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, field_validator

from jixiao.model.quantity import Exact, Pair, format_percent, exact_of, pair_of
from jixiao.rules import ZERO, ExcelContext, number, Outcome, QuickScore, RuleKind, ScoreContext, points
from jixiao.rules.params import PercentParam, Points

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


class QuarterlyParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    quarters: list[str]
    schedule: list[PercentParam] = [Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1)]
    per_quarter: Points = Decimal(1)
    average_points: Points = Decimal(2)

    @field_validator("quarters", "schedule")
    @classmethod
    def _four(cls, value: list) -> list:
        if len(value) != 4:
            raise ValueError("应列出四个季度")
        if any(isinstance(v, Decimal) and v <= 0 for v in value):
            raise ValueError("序时进度必须大于 0")
        return value

    @functools.cached_property
    def exact_schedule(self) -> tuple[Fraction | int, ...]:
        """The schedule as exact values, found once per rule."""
        return tuple(exact_of(due) for due in self.schedule)

    @functools.cached_property
    def schedule_pairs(self) -> tuple[Pair, ...]:
        return tuple(pair_of(due) for due in self.exact_schedule)

    @functools.cached_property
    def factor(self) -> Pair:
        """每季分值 + 平均分值 / 4: what Σ r is multiplied by."""
        return pair_of(Fraction(exact_of(self.per_quarter)) + Fraction(exact_of(self.average_points), 4))


def score(params: QuarterlyParams, ctx: ScoreContext) -> Outcome:
    progress = [ctx.exact(figure) for figure in params.quarters]
    schedule = params.exact_schedule
    per_quarter = exact_of(params.per_quarter)
    result = Fraction(*_weighted_sum([pair_of(value) for value in progress], params))

    def basis() -> str:
        ratios = [_capped(value, due) for value, due in zip(progress, schedule)]
        average = sum(ratios, ZERO) / 4
        parts = [
            f"{name} {format_percent(value)}（序时 {format_percent(due)}，得 {points(ratio * per_quarter)} 分）"
            for name, value, due, ratio in zip(QUARTER_NAMES, progress, params.schedule, ratios)
        ]
        return "；".join(parts) + f"；全年平均执行率 {format_percent(average)} × {points(params.average_points)} 分"

    return Outcome(result, basis)


def _weighted_sum(progress: list[Pair], params: QuarterlyParams) -> Pair:
    """Σ r × 每季分值 + (Σ r / 4) × 平均分值 = Σ r × factor, r = min(progress / due, 1) at least 0.

    The capped ratios are summed over one common denominator in plain integers, unreduced.
    """
    numerator, denominator = 0, 1
    for (value_n, value_d), (due_n, due_d) in zip(progress, params.schedule_pairs):
        if value_n * due_d >= due_n * value_d:
            top, bottom = 1, 1
        elif value_n > 0:
            top, bottom = value_n * due_d, value_d * due_n
        else:
            continue
        numerator, denominator = numerator * bottom + top * denominator, denominator * bottom
    factor_n, factor_d = params.factor
    return (numerator * factor_n, denominator * factor_d)


def quick(params: QuarterlyParams, _weight: Exact, _registry) -> QuickScore:
    quarters = tuple(params.quarters)

    def score(values, _facts):
        return _weighted_sum([values[key] for key in quarters], params)

    return score


def _capped(progress, due) -> Fraction | int:
    """min(progress / due, 1), at least 0; the division only when it is below 1."""
    if progress >= due:
        return 1
    return Fraction(progress, due) if progress > 0 else 0


def check_weight(params: QuarterlyParams, weight: Decimal) -> list[str]:
    full = params.per_quarter * 4 + params.average_points
    return [] if full == weight else [f"四季度分值与平均分值合计 {points(full)}，与指标分值 {points(weight)} 不符"]


def excel(params: QuarterlyParams, ctx: ExcelContext) -> str:
    ratios = "+".join(f"MIN(MAX({ctx.ref(q)}/{number(s)},0),1)" for q, s in zip(params.quarters, params.schedule))
    return f"({ratios})*{number(params.per_quarter)}+({ratios})/4*{number(params.average_points)}"


KIND = RuleKind(
    name="quarterly",
    label="季度序时进度",
    params_model=QuarterlyParams,
    score=score,
    summary="各季度支出进度对照序时进度计分，加全年平均执行率",
    figures_used=lambda p, r: list(p.quarters),
    check_weight=check_weight,
    excel=excel,
    doc=__doc__ or "",
    quick=quick,
)
