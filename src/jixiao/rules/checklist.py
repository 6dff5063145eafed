"""checklist — 评分要点逐条计分.

A row made of criteria, each worth some points. The department lists the criteria it
did not meet (`unmet`, by name or 1-based number) and any met only in part (`partial`,
name → points given, 酌情). 大鹏 2021 绩效指标明确性 (7分 = 2+2+1+1+1): criteria 3 and 4
unmet → 5.
"""
from __future__ import annotations

import functools
import math
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, field_validator

from jixiao.model.quantity import Exact, exact_of, pair_of
from jixiao.rules import Outcome, QuickScore, RuleKind, ScoreContext, points
from jixiao.rules.params import Points


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    points: Points


class ChecklistParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    criteria: list[Criterion]

    @functools.cached_property
    def full(self) -> Exact:
        """All criteria met: the sum of their points, exactly (computed once)."""
        return sum((exact_of(c.points) for c in self.criteria), 0)

    @field_validator("criteria")
    @classmethod
    def _distinct(cls, criteria: list[Criterion]) -> list[Criterion]:
        names = [c.name for c in criteria]
        if not criteria:
            raise ValueError("至少需要一条评分要点")
        if len(set(names)) != len(names):
            raise ValueError("评分要点名称重复")
        return criteria


def resolve(params: ChecklistParams, reference: str) -> Criterion | None:
    text = str(reference).strip()
    if text.isdigit() and 1 <= int(text) <= len(params.criteria):
        return params.criteria[int(text) - 1]
    return next((c for c in params.criteria if c.name == text), None)


def score(params: ChecklistParams, ctx: ScoreContext) -> Outcome:
    if not ctx.facts.unmet and not ctx.facts.partial:  # every criterion met: the common case, said briefly
        return Outcome(params.full, lambda: f"{len(params.criteria)} 项评分要点中 {len(params.criteria)} 项达到，得满分")
    findings = []
    unmet: dict[str, Criterion] = {}
    for reference in ctx.facts.unmet:
        criterion = resolve(params, reference)
        if criterion is None:
            findings.append(("error", "unknown-criterion", f"评分要点“{reference}”不在本指标的要点中"))
        elif criterion.name in unmet:  # [3, 3] was probably meant as [3, 4]: refused, not merged
            findings.append(("error", "repeated-criterion", f"评分要点“{criterion.name}”在未达到的要点（unmet）中重复列出"))
        else:
            unmet[criterion.name] = criterion
    partial: dict[str, Decimal] = {}
    for reference, given in ctx.facts.partial.items():
        criterion = resolve(params, reference)
        if criterion is None:
            findings.append(("error", "unknown-criterion", f"评分要点“{reference}”不在本指标的要点中"))
        elif criterion.name in unmet:
            findings.append(("error", "repeated-criterion", f"评分要点“{criterion.name}”同时列为未达到（unmet）和部分达到（partial）"))
        elif not 0 <= given <= criterion.points:
            findings.append(("error", "partial-out-of-range", f"评分要点“{criterion.name}”的部分得分 {points(given)} 不在 0 至 {points(criterion.points)} 之间"))
        else:
            partial[criterion.name] = given
    result = sum((exact_of(partial.get(c.name, c.points)) for c in params.criteria if c.name not in unmet), exact_of(0))

    def basis() -> str:
        lines = []
        for criterion in params.criteria:
            if criterion.name in unmet:
                lines.append(f"“{criterion.name}”未达到，扣 {points(criterion.points)} 分")
            elif criterion.name in partial:
                lines.append(f"“{criterion.name}”部分达到，得 {points(partial[criterion.name])} 分")
        met_count = len(params.criteria) - len(unmet) - len(partial)
        return f"{len(params.criteria)} 项评分要点中 {met_count} 项达到" + ("；" + "；".join(lines) if lines else "，得满分")

    return Outcome(result, basis, tuple(findings))


def quick(params: ChecklistParams, _weight: Exact, _registry) -> QuickScore:
    """Unmet criteria named once each are counted in integers over one denominator; partly met ones
    (酌情), unknown or repeated references take the full path with its findings."""
    full = pair_of(params.full)
    common = math.lcm(*(pair_of(exact_of(c.points))[1] for c in params.criteria))
    units = {c.name: int(exact_of(c.points) * common) for c in params.criteria}  # whole numbers of 1/common
    full_units = sum(units.values())

    def score(_values, facts):
        unmet = facts.unmet
        if facts.partial:
            return None
        if not unmet:
            return full
        names = set()
        for reference in unmet:
            criterion = resolve(params, reference)
            if criterion is None or criterion.name in names:
                return None
            names.add(criterion.name)
        return (full_units - sum(units[name] for name in names), common)

    return score


def check_facts(params: ChecklistParams, facts) -> list[tuple[str, str]]:
    """Every unmet or partly met reference must name one criterion, once: “34” for [3, 4] would
    otherwise score the row in full (the engine's findings above stay for facts built elsewhere)."""
    count = len(params.criteria)
    problems: list[tuple[str, str]] = []
    unmet: set[str] = set()
    for reference in facts.unmet:
        criterion = resolve(params, str(reference))
        if criterion is None:
            problems.append(("unmet", f"评分要点“{reference}”不在本指标的要点中（本指标有 {count} 项：填 1–{count} 的序号，多项以逗号分隔，如 3,4）"))
        elif criterion.name in unmet:
            problems.append(("unmet", f"评分要点“{criterion.name}”在未达到的要点（unmet）中重复列出"))
        unmet.add(criterion.name if criterion else "")
    for reference, given in facts.partial.items():
        criterion = resolve(params, str(reference))
        if criterion is None:
            problems.append(("partial", f"评分要点“{reference}”不在本指标的要点中（本指标有 {count} 项）"))
        elif criterion.name in unmet:
            problems.append(("partial", f"评分要点“{criterion.name}”同时列为未达到（unmet）和部分达到（partial）"))
        elif given.is_finite() and not 0 <= given <= criterion.points:
            problems.append(("partial", f"评分要点“{criterion.name}”的部分得分 {points(given)} 不在 0 至 {points(criterion.points)} 之间"))
    return problems


def check_weight(params: ChecklistParams, weight: Decimal) -> list[str]:
    total = sum((c.points for c in params.criteria), Decimal(0))
    return [] if total == weight else [f"评分要点分值合计 {points(total)}，与指标分值 {points(weight)} 不符"]


KIND = RuleKind(
    name="checklist",
    label="评分要点",
    params_model=ChecklistParams,
    score=score,
    summary="逐条评分要点，未达到的扣除该条分值，部分达到的酌情给分",
    inputs=("unmet", "partial"),
    check_weight=check_weight,
    check_facts=check_facts,
    doc=__doc__ or "",
    quick=quick,
)
