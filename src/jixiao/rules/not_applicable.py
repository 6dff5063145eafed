"""not_applicable — 不适用.

A row that carries no weight, such as 经济效益指标 “不产生经济效益” in the Jiangxi
framework. It scores 0 of 0 and says why; a not-applicable row with a weight is an error
in the framework (or, when a department marks a weighted row 不适用, in its facts).
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Exact
from jixiao.rules import ZERO, Outcome, QuickScore, RuleKind, ScoreContext, points


class NotApplicableParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    reason: str = ""


def score(params: NotApplicableParams, ctx: ScoreContext) -> Outcome:
    reason = ctx.facts.not_applicable or params.reason or "不适用"
    return Outcome(ZERO, f"不适用：{reason}")


def check_weight(params: NotApplicableParams, weight: Decimal) -> list[str]:
    return [] if weight == 0 else [f"不适用的指标不应有分值（当前 {points(weight)} 分）"]


def quick(_params: NotApplicableParams, _weight: Exact, _registry) -> QuickScore:
    return lambda _values, _facts: (0, 1)


KIND = RuleKind(
    name="not_applicable",
    label="不适用",
    params_model=NotApplicableParams,
    score=score,
    summary="不适用的指标，不占分值",
    check_weight=check_weight,
    doc=__doc__ or "",
    quick=quick,
)
