"""sum_of_parts — 分项计分求和.

A row whose standard is several parts, each scored by its own rule against its own
points; the row's score is their sum. 公用经费控制率 (6分) = “三公”经费控制率 part (3分,
tiers) + 日常公用经费控制率 part (3分, tiers). A part's row facts (a judged score, unmet
criteria…) are given under the row's `parts`, keyed by the part's name.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from jixiao.model.framework import CompiledRule
from jixiao.model.quantity import Exact, exact_of
from jixiao.model.facts import RowFacts
from jixiao.rules import ZERO, ExcelContext, number, Outcome, QuickScore, RuleKind, RuleRegistry, RuleSpecError, ScoreContext, basis_text, points
from jixiao.rules.params import Points


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    points: Points
    rule: dict[str, Any]


class PartsParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    parts: list[Part]

    @field_validator("parts")
    @classmethod
    def _distinct(cls, parts: list[Part]) -> list[Part]:
        if not parts:
            raise ValueError("至少需要一个分项")
        if len({p.name for p in parts}) != len(parts):
            raise ValueError("分项名称重复")
        return parts


@dataclass(frozen=True)
class CompiledPart:
    name: str
    points: Decimal
    rule: CompiledRule
    exact_points: Exact = None  # type: ignore[assignment]  # the points exactly, found once

    def __post_init__(self) -> None:
        if self.exact_points is None:
            object.__setattr__(self, "exact_points", exact_of(self.points))


_NO_FACTS = RowFacts()


@dataclass(frozen=True)
class CompiledParts:
    parts: tuple[CompiledPart, ...]


def prepare(params: PartsParams, registry: RuleRegistry) -> CompiledParts:
    compiled = []
    for index, part in enumerate(params.parts):
        try:
            rule = registry.compile(part.rule)
        except RuleSpecError as error:
            raise RuleSpecError(("parts", index, "rule", *error.loc), f"分项“{part.name}”：{error.message}") from None
        for problem in registry.check_weight(rule, part.points):
            raise RuleSpecError(("parts", index), f"分项“{part.name}”：{problem}")
        compiled.append(CompiledPart(part.name, part.points, rule))
    return CompiledParts(tuple(compiled))


def score(params: CompiledParts, ctx: ScoreContext) -> Outcome:
    total, outcomes, findings = ZERO, [], []
    for part in params.parts:
        outcome = ctx.registry.score(part.rule, ctx.for_part(part.name, part.points, part.exact_points))
        total += outcome.score
        outcomes.append(outcome)
        findings.extend(outcome.findings)

    def basis() -> str:
        return "。".join(
            # A judged part's own basis often ends a sentence: no “。；” where its score follows.
            f"{part.name}（{points(part.points)}分）：{basis_text(outcome.basis).rstrip('。；;，,. ')}；该项得 {points(outcome.score)} 分"
            for part, outcome in zip(params.parts, outcomes)
        )

    return Outcome(total, basis, tuple(findings))


def quick(params: CompiledParts, _weight: Exact, registry: RuleRegistry) -> QuickScore | None:
    """Each part's own quick function on the part's facts, summed; none when a part's kind has none."""
    parts = tuple((part.name, registry.quick(part.rule, part.exact_points)) for part in params.parts)
    if any(part_quick is None for _name, part_quick in parts):
        return None

    def score(values, facts):
        given = facts.parts
        numerator, denominator = 0, 1
        for name, part_quick in parts:
            got = part_quick(values, given.get(name) or _NO_FACTS)
            if got is None:
                return None
            if got[1] == denominator:
                numerator += got[0]
            else:
                numerator, denominator = numerator * got[1] + got[0] * denominator, denominator * got[1]
        return (numerator, denominator)

    return score


def check_weight(params: CompiledParts, weight: Decimal) -> list[str]:
    total = sum((p.points for p in params.parts), Decimal(0))
    return [] if total == weight else [f"分项分值合计 {points(total)}，与指标分值 {points(weight)} 不符"]


def figures_used(params: CompiledParts, registry: RuleRegistry) -> list[str]:
    return [f for part in params.parts for f in registry.figures_used(part.rule)]


def excel(params: CompiledParts, ctx: ExcelContext) -> str:
    terms = []
    for part in params.parts:
        formula = ctx.registry.excel(part.rule, ctx.for_part(part.name, part.points))
        terms.append(f"({formula})" if formula else number(ctx.constant(part.name, part.rule, part.points)))
    return "+".join(terms)


KIND = RuleKind(
    name="sum_of_parts",
    label="分项求和",
    params_model=PartsParams,
    score=score,
    summary="若干分项各按自己的规则计分，求和",
    inputs=("parts",),
    figures_used=figures_used,
    rates_used=lambda params, registry: [f for part in params.parts for f in registry.rates_used(part.rule)],
    check_weight=check_weight,
    prepare=prepare,
    excel=excel,
    doc=__doc__ or "",
    quick=quick,
)
