"""tiers — 分档计分.

The first tier whose condition holds gives the score; the conditions say exactly
which side of a boundary belongs where (`≥90%` versus `>90%`). A tier without `when`
is the fallback. 固定资产利用率: ≥90% → 1；≥75% → 0.7；≥60% → 0.4；否则 0.
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, field_validator

from jixiao.model.quantity import exact_of
from jixiao.rules import ExcelContext, number, Outcome, RuleKind, ScoreContext, points
from jixiao.rules.params import Points, holds, parse_condition


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    when: str | None = None
    score: Points
    condition: tuple[str, Decimal, bool] | None = None  # parsed once when the framework loads

    @field_validator("when")
    @classmethod
    def _condition(cls, value: str | None) -> str | None:
        if value is not None:
            parse_condition(value)
        return value

    def model_post_init(self, _context: object) -> None:
        if self.when is not None and self.condition is None:
            object.__setattr__(self, "condition", parse_condition(self.when))


class TiersParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    figure: str
    tiers: list[Tier]

    @field_validator("tiers")
    @classmethod
    def _fallback_last(cls, tiers: list[Tier]) -> list[Tier]:
        if not tiers:
            raise ValueError("至少需要一个档次")
        if any(t.when is None for t in tiers[:-1]):
            raise ValueError("没有条件的档次（否则）只能放在最后")
        return tiers


def pick_tier(params: TiersParams, value) -> tuple[Decimal, str]:
    """The first tier whose condition holds for the value (a Decimal or, exactly, a Fraction)."""
    for tier in params.tiers:
        if tier.when is None:
            return tier.score, "其他情形"
        op, bound, _percent = tier.condition  # type: ignore[misc]
        if holds(op, value, exact_of(bound)):
            return tier.score, tier.when
    return Decimal(0), "不在任何档次内"


def score(params: TiersParams, ctx: ScoreContext) -> Outcome:
    result, condition = pick_tier(params, ctx.exact(params.figure))
    return Outcome(exact_of(result), lambda: f"{ctx.quote(params.figure)}，属“{condition}”档，得 {points(result)} 分")


def check_weight(params: TiersParams, weight: Decimal) -> list[str]:
    return [f"档次得分 {points(t.score)} 超过分值 {points(weight)}" for t in params.tiers if t.score > weight or t.score < 0]


_EXCEL_OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}


def excel(params: TiersParams, ctx: ExcelContext) -> str:
    value = ctx.ref(params.figure)
    expression = "0"
    for tier in reversed(params.tiers):
        if tier.when is None:
            expression = number(tier.score)
            continue
        op, bound, _percent = parse_condition(tier.when)
        expression = f"IF({value}{_EXCEL_OPS[op]}{number(bound)},{number(tier.score)},{expression})"
    return expression


KIND = RuleKind(
    name="tiers",
    label="分档计分",
    params_model=TiersParams,
    score=score,
    summary="按条件分档，命中的第一档给分",
    figures_used=lambda p, r: [p.figure],
    check_weight=check_weight,
    excel=excel,
    doc=__doc__ or "",
)
