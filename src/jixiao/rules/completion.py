"""completion — 完成比例.

得分 = 已完成数 / 计划数 × 分值 (capped at the weight). 大鹏 2021 项目完成及时性:
24 / 25 × 6 = 5.76.
"""
from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Exact, pair_of
from jixiao.rules import ONE, ZERO, ExcelContext, number, Outcome, QuickScore, RuleKind, ScoreContext, points


class CompletionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    done: str
    planned: str


def score(params: CompletionParams, ctx: ScoreContext) -> Outcome:
    done, planned = ctx.figure(params.done), ctx.figure(params.planned)
    if planned.exact <= 0:
        return Outcome(ZERO, f"{ctx.quote(params.planned)}，无法计算完成比例", (("error", "zero-denominator", f"{ctx.quote(params.planned)}，不能为 0"),))
    # 24.5 of 25 projects scored 5.88 without a word: items are counted whole.
    halves = [key for key, quantity in ((params.done, done), (params.planned, planned)) if quantity.kind == "count" and not isinstance(quantity.exact, int)]
    if halves:
        message = f"{ctx.quote(halves[0])}，不是整数：完成比例按件数计算，件数不能有小数"
        return Outcome(ZERO, message, (("error", "fractional-count", message),))
    fraction = max(ZERO, min(Fraction(done.exact, planned.exact), ONE))
    return Outcome(
        fraction * ctx.exact_weight,
        lambda: f"{ctx.quote(params.done)}，{ctx.quote(params.planned)}，得分 = {done.display()} / {planned.display()} × {points(ctx.weight)} 分",
    )


def quick(params: CompletionParams, weight: Exact, _registry) -> QuickScore:
    """Whole counts only (a denominator of 1); anything else, or a plan of 0, takes the full path."""
    done_key, planned_key = params.done, params.planned
    weight_n, weight_d = pair_of(weight)

    def score(values, _facts):
        (done, done_d), (planned, planned_d) = values[done_key], values[planned_key]
        if planned <= 0 or done_d != 1 or planned_d != 1:
            return None
        if done <= 0:
            return (0, 1)
        return (min(done, planned) * weight_n, planned * weight_d)

    return score


def excel(params: CompletionParams, ctx: ExcelContext) -> str:
    return f"MIN(MAX({ctx.ref(params.done)}/{ctx.ref(params.planned)},0),1)*{number(ctx.weight)}"


KIND = RuleKind(
    name="completion",
    label="完成比例",
    params_model=CompletionParams,
    score=score,
    summary="得分 = 已完成数 / 计划数 × 分值",
    figures_used=lambda p, r: [p.done, p.planned],
    excel=excel,
    doc=__doc__ or "",
    quick=quick,
)
