"""ratio — 比率 × 分值.

政府采购执行率得分 = 政府采购执行率 × 分值; with `zero_above: 100%` a rate above the
limit scores 0 (如实际采购金额大于采购计划金额，本项得0分). The ratio is capped at
`cap` (default 100%), so the score never exceeds the weight.
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Exact, format_percent, exact_of, pair_of
from jixiao.rules import ZERO, ExcelContext, number, Outcome, QuickScore, RuleKind, ScoreContext, points
from jixiao.rules.params import PercentParam


class RatioParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    figure: str
    cap: PercentParam = Decimal(1)
    zero_above: PercentParam | None = None


def score(params: RatioParams, ctx: ScoreContext) -> Outcome:
    rate = ctx.exact(params.figure)
    if params.zero_above is not None and rate > exact_of(params.zero_above):
        return Outcome(ZERO, lambda: f"{ctx.quote(params.figure)}，超过 {format_percent(params.zero_above)}，本项得 0 分")
    cap = exact_of(params.cap)
    used = max(ZERO, min(rate, cap))
    capped = "（按上限计）" if rate > cap else ""
    return Outcome(used * ctx.exact_weight, lambda: f"{ctx.quote(params.figure)}{capped}，得分 = {format_percent(used)} × {points(ctx.weight)} 分")


def quick(params: RatioParams, weight: Exact, _registry) -> QuickScore:
    """The same score on integer pairs: min/max by cross-multiplying, no Fraction."""
    figure = params.figure
    cap_n, cap_d = pair_of(exact_of(params.cap))
    weight_n, weight_d = pair_of(weight)
    limit_n, limit_d = pair_of(exact_of(params.zero_above)) if params.zero_above is not None else (None, 1)

    def score(values, _facts):
        n, d = values[figure]
        if limit_n is not None and n * limit_d > limit_n * d:
            return (0, 1)
        if n * cap_d > cap_n * d:
            n, d = cap_n, cap_d
        return (n * weight_n, d * weight_d) if n > 0 else (0, 1)

    return score


def excel(params: RatioParams, ctx: ExcelContext) -> str:
    rate = ctx.ref(params.figure)
    body = f"MIN(MAX({rate},0),{number(params.cap)})*{number(ctx.weight)}"
    if params.zero_above is not None:
        return f"IF({rate}>{number(params.zero_above)},0,{body})"
    return body


KIND = RuleKind(
    name="ratio",
    label="比率×分值",
    params_model=RatioParams,
    score=score,
    summary="得分 = 比率 × 分值（比率封顶，可设超限得零）",
    figures_used=lambda p, r: [p.figure],
    rates_used=lambda p, r: [p.figure],
    excel=excel,
    doc=__doc__ or "",
    quick=quick,
)
