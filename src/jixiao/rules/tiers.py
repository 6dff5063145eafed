"""tiers — 分档计分.

The first tier whose condition holds gives the score; the conditions say exactly
which side of a boundary belongs where (`≥90%` versus `>90%`). A tier without `when`
is the fallback. 固定资产利用率: ≥90% → 1；≥75% → 0.7；≥60% → 0.4；否则 0.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, field_validator

from jixiao.model.quantity import Exact, exact_of, pair_of
from jixiao.rules import ExcelContext, number, Outcome, QuickScore, RuleKind, ScoreContext, points
from jixiao.rules.params import COMPARISONS, Points, parse_condition


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


# A tier ready to test: (comparison, exact bound or None for the fallback, score, exact score, condition text).
_Ready = tuple[Callable[[Any, Any], bool] | None, Any, Decimal, Exact, str]
_NONE_HOLDS: _Ready = (None, None, Decimal(0), 0, "不在任何档次内")


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

    @functools.cached_property
    def ready(self) -> tuple[_Ready, ...]:
        """The tiers with their comparisons and exact bounds and scores, made once per rule."""
        ready = []
        for tier in self.tiers:
            if tier.when is None:
                ready.append((None, None, tier.score, exact_of(tier.score), "其他情形"))
                break
            op, bound, _percent = tier.condition  # type: ignore[misc]
            ready.append((COMPARISONS[op], exact_of(bound), tier.score, exact_of(tier.score), tier.when))
        return tuple(ready)


def _pick(params: TiersParams, value) -> _Ready:
    for tier in params.ready:
        if tier[0] is None or tier[0](value, tier[1]):
            return tier
    return _NONE_HOLDS


def pick_tier(params: TiersParams, value) -> tuple[Decimal, str]:
    """The first tier whose condition holds for the value (a Decimal or, exactly, a Fraction)."""
    _compare, _bound, result, _exact, condition = _pick(params, value)
    return result, condition


def score(params: TiersParams, ctx: ScoreContext) -> Outcome:
    _compare, _bound, result, exact, condition = _pick(params, ctx.exact(params.figure))
    return Outcome(exact, lambda: f"{ctx.quote(params.figure)}，属“{condition}”档，得 {points(result)} 分")


def quick(params: TiersParams, _weight: Exact, _registry) -> QuickScore:
    """The same first tier, tested by cross-multiplying: value op bound ⟺ n·bd op bn·d (d, bd > 0)."""
    figure = params.figure
    tiers = tuple((compare, pair_of(bound) if compare else (0, 1), pair_of(exact)) for compare, bound, _score, exact, _text in params.ready)

    def score(values, _facts):
        n, d = values[figure]
        for compare, (bound_n, bound_d), result in tiers:
            if compare is None or compare(n * bound_d, bound_n * d):
                return result
        return (0, 1)

    return score


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
    quick=quick,
)
