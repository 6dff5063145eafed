"""deduction — 逐项扣分，扣完为止.

得分 = max(0, 分值 − 扣分项数 × 每项扣分). The items are the row's `deductions` (each a
sentence saying what was wrong), or a count figure (`count`), e.g. 重点工作完成情况:
一项重点工作没有完成扣 4 分 with 未完成重点工作数 computed from the figures.
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Exact, exact_of, pair_of
from jixiao.rules import ZERO, ExcelContext, number, Outcome, QuickScore, RuleKind, ScoreContext, points
from jixiao.rules.params import Points


class DeductionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    per_item: Points
    count: str | None = None


def score(params: DeductionParams, ctx: ScoreContext) -> Outcome:
    n = ctx.exact(params.count) if params.count is not None else len(ctx.facts.deductions)
    result = max(ZERO, ctx.exact_weight - n * exact_of(params.per_item))

    def basis() -> str:
        if params.count is not None:
            described = ctx.quote(params.count)
        else:
            described = "扣分事项：" + "；".join(ctx.facts.deductions) if ctx.facts.deductions else "未发现扣分事项"
        return f"{described}，每项扣 {points(params.per_item)} 分，扣完为止，得 {points(result)} 分"

    return Outcome(result, basis)


def quick(params: DeductionParams, weight: Exact, _registry) -> QuickScore:
    """max(0, 分值 − n × 每项扣分) over one denominator: (w·p_d·n_d − n·p_n·w_d) / (w_d·p_d·n_d)."""
    count = params.count
    per_n, per_d = pair_of(exact_of(params.per_item))
    weight_n, weight_d = pair_of(weight)

    def score(values, facts):
        n, d = values[count] if count is not None else (len(facts.deductions), 1)
        numerator = weight_n * per_d * d - n * per_n * weight_d
        return (numerator, weight_d * per_d * d) if numerator > 0 else (0, 1)

    return score


def excel(params: DeductionParams, ctx: ExcelContext) -> str | None:
    if params.count is None:
        return None  # the items are sentences, not a figure
    return f"MAX(0,{number(ctx.weight)}-{ctx.ref(params.count)}*{number(params.per_item)})"


def check_weight(params: DeductionParams, weight: Decimal) -> list[str]:
    # A negative per_item adds points; it was caught only when a department was scored.
    return [] if params.per_item > 0 else [f"逐项扣分的每项扣分（per_item）{points(params.per_item)} 应大于 0"]


KIND = RuleKind(
    name="deduction",
    label="逐项扣分",
    params_model=DeductionParams,
    score=score,
    summary="每发现一项扣若干分，扣完为止",
    inputs=("deductions",),
    figures_used=lambda p, r: [p.count] if p.count else [],
    excel=excel,
    check_weight=check_weight,
    doc=__doc__ or "",
    quick=quick,
)
