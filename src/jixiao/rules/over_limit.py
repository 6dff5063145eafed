"""over_limit — 超限扣分.

资金调整调剂 ≤ 10% of the budget → full points; each percentage point over the limit
deducts `per_point`, floored at 0. 大鹏 2021: 年初预算 5,281.87 万元 adjusted to 7,621.05 万元,
调整率 44.29%, 34.29 points over → 1 − 3.43 → 0.
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Exact, format_percent, round_exact, exact_of, pair_of
from jixiao.rules import ZERO, ExcelContext, number, Outcome, QuickScore, RuleKind, ScoreContext, points
from jixiao.rules.params import PercentParam, Points


class OverLimitParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    figure: str
    limit: PercentParam
    per_point: Points


def score(params: OverLimitParams, ctx: ScoreContext) -> Outcome:
    rate = ctx.exact(params.figure)
    over_points = max(ZERO, (rate - exact_of(params.limit)) * 100)
    result = max(ZERO, ctx.exact_weight - over_points * exact_of(params.per_point))
    if over_points == 0:
        return Outcome(result, lambda: f"{ctx.quote(params.figure)}，未超过 {format_percent(params.limit)}，得满分")
    return Outcome(
        result,
        lambda: f"{ctx.quote(params.figure)}，超过 {format_percent(params.limit)} 共 {round_exact(over_points, 2)} 个百分点，"
        f"每个百分点扣 {points(params.per_point)} 分，扣完为止，得 {points(result)} 分",
    )


def quick(params: OverLimitParams, weight: Exact, _registry) -> QuickScore:
    """over = max(0, (rate − limit) × 100) = o_n / o_d; score = max(0, w − over × per) over one denominator."""
    figure = params.figure
    limit_n, limit_d = pair_of(exact_of(params.limit))
    per_n, per_d = pair_of(exact_of(params.per_point))
    weight = pair_of(weight)

    def score(values, _facts):
        n, d = values[figure]
        over_n = (n * limit_d - limit_n * d) * 100
        if over_n <= 0:
            return weight if weight[0] > 0 else (0, 1)
        over_d = d * limit_d
        numerator = weight[0] * over_d * per_d - over_n * per_n * weight[1]
        return (numerator, weight[1] * over_d * per_d) if numerator > 0 else (0, 1)

    return score


def check_weight(params: OverLimitParams, weight: Decimal) -> list[str]:
    """A negative limit or deduction turns the rule around (a negative per_point adds points)."""
    problems = []
    if params.limit < 0:
        problems.append(f"超限扣分的限额（limit）{format_percent(params.limit)} 不能为负数")
    if params.per_point <= 0:
        problems.append(f"超限扣分的每个百分点扣分（per_point）{points(params.per_point)} 应大于 0")
    return problems


def excel(params: OverLimitParams, ctx: ExcelContext) -> str:
    over = f"MAX(0,({ctx.ref(params.figure)}-{number(params.limit)})*100)"
    return f"MAX(0,{number(ctx.weight)}-{over}*{number(params.per_point)})"


KIND = RuleKind(
    name="over_limit",
    label="超限扣分",
    params_model=OverLimitParams,
    score=score,
    summary="比率超过限额的，每超一个百分点扣若干分",
    figures_used=lambda p, r: [p.figure],
    rates_used=lambda p, r: [p.figure],
    check_weight=check_weight,
    excel=excel,
    doc=__doc__ or "",
    quick=quick,
)
