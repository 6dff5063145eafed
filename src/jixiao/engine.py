"""Evaluation: facts + framework → every row scored with its 评分依据, subtotals, total, grade.

Pure: no I/O. Problems are collected as findings, never raised. Order of work for a row:
not applicable → exemption → the rule → an evaluator's judged score overriding it → bounds
→ rounding (each row to the framework's places; parents and total are sums of rounded rows).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from jixiao.model.facts import Facts, RowFacts
from jixiao.model.formula import FormulaError
from jixiao.model.framework import CompiledRule, Framework
from jixiao.model.quantity import Quantity
from jixiao.model.result import Evaluation, Finding, NodeResult, RowResult, Where
from jixiao.rules import MissingFigure, Outcome, RuleRegistry, ScoreContext, default_registry, points

def evaluate(framework: Framework, facts: Facts, registry: RuleRegistry | None = None) -> Evaluation:
    registry = registry or default_registry()
    findings: list[Finding] = []
    figures = resolve_figures(framework, facts, findings)
    rows: list[RowResult] = []
    for path, node in framework.walk():
        if node.is_leaf:
            assert node.rule is not None
            rows.append(_score_row(path, node.name, node.weight, node.rule, node.bonus, facts.rows.get(path, RowFacts()), node.where, figures, framework, registry, findings))
        elif node.slot is not None:
            for slot_row in facts.slots.get(path, ()):
                row_path = path + ((slot_row.group,) if slot_row.group else ()) + (slot_row.name,)
                rows.append(_score_row(row_path, slot_row.name, slot_row.weight, node.slot.rule, False, slot_row.facts, slot_row.where, figures, framework, registry, findings))
    nodes = _subtotals(framework, rows)
    total = sum((row.score for row in rows), Decimal(0))
    return Evaluation(
        department=facts.department,
        year=facts.year,
        framework=framework.id,
        framework_name=framework.name,
        total=total,
        grade=framework.grade_for(total),
        rows=tuple(rows),
        nodes=tuple(nodes),
        findings=tuple(findings),
        stated_total=facts.stated_total,
        stated_grade=facts.stated_grade,
        figures={key: quantity.display() for key, quantity in figures.items()},
        values=figures,
    )


def resolve_figures(framework: Framework, facts: Facts, findings: list[Finding]) -> dict[str, Quantity]:
    """Raw figures as given; derived ones computed by their formulas (a stated value is checked by the checks)."""
    figures = {key: value.quantity for key, value in facts.figures.items() if key not in framework.derived}
    for key in framework.derived_order:
        definition = framework.derived[key]
        stated = facts.figures.get(key)
        missing = sorted(name for name in definition.formula.names if name not in figures)
        if missing:
            if stated is not None:
                figures[key] = stated.quantity
                findings.append(Finding("info", "derived-as-stated", f"{definition.name} 采用填报值 {stated.quantity.display()}（未提供计算所需的 {'、'.join(missing)}）", stated.where))
            continue
        try:
            value = definition.formula.evaluate(lambda name: figures[name].value)
        except FormulaError as error:
            where = stated.where if stated else facts.where
            findings.append(Finding("error", "formula-failed", f"无法计算{definition.name}：{error}", where, blocking=True))
            continue
        figures[key] = Quantity(definition.kind, value)
    return figures


def _score_row(
    path: tuple[str, ...],
    name: str,
    weight: Decimal,
    rule: CompiledRule,
    bonus: bool,
    facts: RowFacts,
    where: Where,
    figures: dict[str, Quantity],
    framework: Framework,
    registry: RuleRegistry,
    findings: list[Finding],
) -> RowResult:
    place = facts.where if facts.where.file else where
    outcome = _outcome(path, name, weight, rule, facts, figures, framework, registry, place, findings)
    low, high = (-weight, weight) if bonus else (Decimal(0), weight)
    score = outcome.score
    if not low <= score <= high:
        findings.append(Finding("error", "score-out-of-range", f"得分 {points(score)} 超出 {points(low)} 至 {points(high)} 的范围，按边界计", place, path, blocking=True))
        score = min(max(score, low), high)
    score = framework.rounding.apply(score)
    basis = outcome.basis + (f"。{facts.basis}" if facts.basis else "")
    return RowResult(path, weight, score, basis, rule.kind, facts.stated_score, facts.target, facts.actual, facts.reason, facts.improvement, bonus)


def _outcome(path, name, weight, rule, facts, figures, framework, registry, place, findings) -> Outcome:
    if facts.not_applicable is not None:
        if weight != 0:
            findings.append(Finding("error", "not-applicable-weighted", f"标为不适用的指标仍有分值 {points(weight)}：不适用的指标分值应为 0", place, path, blocking=True))
        return Outcome(Decimal(0), f"不适用：{facts.not_applicable}")
    if facts.exempt is not None:
        findings.append(Finding("info", "exempted", f"免于扣分：{facts.exempt}", place, path))
        return Outcome(weight, f"免于扣分，得满分：{facts.exempt}")
    context = ScoreContext(name, weight, facts, figures, framework, registry)
    try:
        computed: Outcome | None = registry.score(rule, context)
    except MissingFigure as missing:
        computed = None
        if facts.judged is None:
            field = f"figures.{missing.figure_id}"
            message = f"缺少数据“{framework.figure_name(missing.figure_id)}”（{field}），无法计算本指标"
            derived = framework.derived.get(missing.figure_id)
            if derived is not None:
                message += f"；它按“{derived.formula.text}”计算，请填写其中各项或直接填写该比率"
            findings.append(Finding("error", "missing-figure", message, Where(place.file, field=field), path, blocking=True))
            return Outcome(Decimal(0), "缺少数据，未能计分")
    if computed is not None and facts.judged is None:  # a judged score settles what the rule could not
        for severity, code, message in computed.findings:
            findings.append(Finding(severity, code, message, place, path, blocking=severity == "error"))
    if facts.judged is not None and rule.kind != "judgement":
        judged = facts.judged
        undecided = computed is None or any(severity == "error" for severity, _c, _m in computed.findings)
        note = "（规则无法自动计分）" if undecided else f"（按规则计算为 {points(framework.rounding.apply(computed.score))} 分：{computed.basis}）"
        findings.append(Finding("info", "judged-override", f"采用评价人员评定分 {points(judged.score)}{note}", place, path))
        basis = f"评价人员评定 {points(judged.score)} 分：{judged.basis}"
        if computed is not None:
            basis = f"{computed.basis}；{basis}"
        return Outcome(judged.score, basis)
    assert computed is not None
    return computed


def _subtotals(framework: Framework, rows: Iterable[RowResult]) -> list[NodeResult]:
    """Each parent's sum of rounded rows, in one pass over the rows."""
    scores: dict[tuple[str, ...], Decimal] = {}
    weights: dict[tuple[str, ...], Decimal] = {}
    for row in rows:
        for depth in range(1, len(row.path)):
            prefix = row.path[:depth]
            scores[prefix] = scores.get(prefix, Decimal(0)) + row.score
            weights[prefix] = weights.get(prefix, Decimal(0)) + row.weight
    out = []
    for path, node in framework.walk():
        if node.is_leaf:
            continue
        out.append(NodeResult(path, node.weight, scores.get(path, Decimal(0))))
        if node.slot is not None and node.slot.groups:
            for group in node.slot.groups:
                if path + (group,) in scores:
                    out.append(NodeResult(path + (group,), weights[path + (group,)], scores[path + (group,)]))
    return out
