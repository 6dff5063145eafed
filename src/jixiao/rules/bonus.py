"""bonus — 加减分.

Each 加分事项 adds `per_item`, each 减分事项 deducts it; added points are capped at `cap`
and deducted points at `cap` (default: the row's weight). Guangzhou 2021 工作受表彰或批评
(5分): one commendation → +2.5. The score may be negative; the row counts in the total.
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Exact, exact_of, pair_of
from jixiao.rules import Outcome, QuickScore, RuleKind, ScoreContext, points
from jixiao.rules.params import Points


class BonusParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    per_item: Points
    cap: Points | None = None


def score(params: BonusParams, ctx: ScoreContext) -> Outcome:
    cap = exact_of(params.cap if params.cap is not None else ctx.weight)
    per_item = exact_of(params.per_item)
    added = min(len(ctx.facts.bonuses) * per_item, cap)
    deducted = min(len(ctx.facts.penalties) * per_item, cap)

    def basis() -> str:
        lines = []
        if ctx.facts.bonuses:
            lines.append("加分事项：" + "；".join(ctx.facts.bonuses) + f"（加 {points(added)} 分）")
        if ctx.facts.penalties:
            lines.append("减分事项：" + "；".join(ctx.facts.penalties) + f"（减 {points(deducted)} 分）")
        return ("；".join(lines) if lines else "无加减分事项") + f"，每项 {points(params.per_item)} 分，加减分各不超过 {points(cap)} 分"

    return Outcome(added - deducted, basis)


def quick(params: BonusParams, weight: Exact, _registry) -> QuickScore:
    """min(k × 每项, 上限) for each side, in whole numbers of 1/(p_d·c_d)."""
    per_n, per_d = pair_of(exact_of(params.per_item))
    cap_n, cap_d = pair_of(exact_of(params.cap) if params.cap is not None else weight)
    per, cap, denominator = per_n * cap_d, cap_n * per_d, per_d * cap_d

    def score(_values, facts):
        return (min(len(facts.bonuses) * per, cap) - min(len(facts.penalties) * per, cap), denominator)

    return score


def check_weight(params: BonusParams, weight: Decimal) -> list[str]:
    if params.cap is not None and params.cap > weight:
        return [f"加减分上限 {points(params.cap)} 超过分值 {points(weight)}"]
    return []


KIND = RuleKind(
    name="bonus",
    label="加减分",
    params_model=BonusParams,
    score=score,
    summary="每项加分或减分，合计各有上限",
    inputs=("bonuses", "penalties"),
    check_weight=check_weight,
    doc=__doc__ or "",
    quick=quick,
)
