"""Evaluation: facts + framework → every row scored with its 评分依据, subtotals, total, grade.

Pure: no I/O. Problems are collected as findings, never raised. Order of work for a row:
not applicable → exemption → the rule → an evaluator's judged score overriding it → bounds
→ rounding (each row's exact score rounded once to the framework's places; parents and total
are sums of rounded rows).

A framework is compiled once into a plan (jixiao.plan): per row its weight as an exact
number, its rule kind's scoring function and parameters, the parents its score adds to; per
derived figure its compiled formula. Evaluating a department is then one walk over the plan. 评分依据 texts are
functions until read (RowResult.basis), figures' display texts likewise (FigureTexts).

The quick path: figures are held as exact integer pairs (FigureValues); a row whose kind gave the plan a
quick function (a row under a slot: the slot's, given the row's own name and weight), with nothing unusual
in its facts, is scored by that function in integers, bounded and rounded by integer arithmetic, with no
ScoreContext or Outcome. Whenever the quick function declines (or
a figure is missing, or the score falls outside its bounds) the row takes the full path, which says why.
Subtotals and the total are sums of whole units of 10^-places (every row is rounded to places).
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from jixiao.model.facts import Facts, RowFacts
from jixiao.model.formula import FormulaError
from jixiao.model.framework import Framework
from jixiao.model.quantity import Exact, Pair, exact_of, pair_of, round_exact, round_units, units_decimal
from jixiao.model.result import Evaluation, FigureTexts, FigureValues, Finding, NodeResult, RowResult, Where
from jixiao.plan import Plan, RowPlan, plan_for
from jixiao.rules import ZERO, Basis, MissingFigure, Outcome, RuleRegistry, ScoreContext, basis_text, default_registry, points

_NO_FACTS = RowFacts()
_NONE_FAILED: frozenset[str] = frozenset()
_SHARED_SUBTOTALS = 4096  # per parent: a few dozen values recur across thousands of departments


def evaluate(framework: Framework, facts: Facts, registry: RuleRegistry | None = None) -> Evaluation:
    plan = plan_for(framework, registry or default_registry())
    findings: list[Finding] = []
    failed: set[str] = set()
    figures = resolve_figures(framework, facts, findings, plan, failed)
    department = _Department(plan, figures, frozenset(failed) if failed else _NONE_FAILED)
    pairs, scale = figures.pairs, 2 * 10**plan.places
    rows: list[RowResult] = []
    # Sums of rounded rows in whole units of 10^-places (exact: every row is rounded to places).
    total, sums = 0, list(plan.empty_sums)
    groups: dict[tuple[str, ...], list[Decimal]] = {}  # a slot's 二级 groups: [weight, score]
    given = facts.rows
    for row in plan.rows:
        if row.slot is not None:
            for slot_row in facts.slots.get(row.path, ()):
                row_path = row.path + ((slot_row.group,) if slot_row.group else ()) + (slot_row.name,)
                exact = exact_of(slot_row.weight)
                quick = _quick_slot_row(department, row, row_path, slot_row, exact, pairs, scale) if row.slot_quick is not None else None
                if quick is None:
                    result, units = _score_row(department, row, row_path, slot_row.name, slot_row.weight, exact, slot_row.facts, slot_row.where, findings)
                else:
                    result, units = quick
                rows.append(result)
                total += units
                for index in row.ancestors:
                    sums[index] = (sums[index] or 0) + units
                if slot_row.group:
                    group = groups.setdefault(row.path + (slot_row.group,), [Decimal(0), Decimal(0)])
                    group[0] += result.weight
                    group[1] += result.score
            continue
        row_facts = given.get(row.path, _NO_FACTS)
        quick = _quick_row(department, row, row_facts, pairs, scale) if row.quick is not None else None
        if quick is None:
            result, units = _score_row(department, row, row.path, row.name, row.weight, row.exact_weight, row_facts, row.where, findings)
        else:
            result, units = quick
        rows.append(result)
        total += units
        for index in row.ancestors:
            sums[index] += units
    total_score = units_decimal(total, plan.places) if rows else Decimal(0)
    return Evaluation(
        department=facts.department,
        year=facts.year,
        framework=framework.id,
        framework_name=framework.name,
        total=total_score,
        grade=framework.grade_for(total_score),
        rows=tuple(rows),
        nodes=_subtotals(plan, sums, groups),
        findings=tuple(findings),
        stated_total=facts.stated_total,
        stated_grade=facts.stated_grade,
        figures=FigureTexts(figures),
        values=figures,
    )


def resolve_figures(framework: Framework, facts: Facts, findings: list[Finding], plan: Plan | None = None, failed: set[str] | None = None) -> FigureValues:
    """Raw figures as given; derived ones computed exactly by their formulas (a stated value is checked by the checks).

    `failed` receives the derived figures that could not be computed because a formula failed (already reported).
    """
    failed = set() if failed is None else failed
    plan = plan or plan_for(framework, default_registry())
    kinds = plan.derived_kinds
    pairs: dict[str, Pair] = {}
    for key, value in facts.figures.items():
        if key not in kinds:
            pairs[key] = value.quantity.pair
    computed: dict[str, object] = {}
    for derived in plan.derived:
        if derived.names <= pairs.keys():
            try:
                pairs[derived.key] = derived.formula.pair(pairs)
            except FormulaError as error:
                stated = facts.figures.get(derived.key)
                # Point at the figure that broke it (a zero divisor), not at the top of the file.
                zeros = [facts.figures[k].where for k in sorted(derived.names) if k in facts.figures and not pairs[k][0]]
                where = stated.where if stated else zeros[-1] if zeros else facts.where
                findings.append(Finding("error", "formula-failed", f"无法计算{derived.name}：{error}", where, blocking=True))
                failed.add(derived.key)
                continue
            computed[derived.key] = derived.kind
            continue
        stated = facts.figures.get(derived.key)
        if stated is not None:
            missing = sorted(derived.names - pairs.keys())
            pairs[derived.key] = stated.quantity.pair
            findings.append(Finding("info", "derived-as-stated", f"{derived.name} 采用填报值 {stated.quantity.display()}（未提供计算所需的 {'、'.join(missing)}）", stated.where))
        elif failed and derived.names & failed:  # built on a figure whose formula failed: that failure is the one message
            failed.add(derived.key)
    return FigureValues(pairs, facts.figures, computed)


class _Department:
    """What every row of one department's evaluation shares."""

    __slots__ = ("plan", "figures", "failed")

    def __init__(self, plan: Plan, figures: FigureValues, failed: frozenset[str] = frozenset()):
        self.plan, self.figures, self.failed = plan, figures, failed

    def context(self, name: str, weight: Decimal, exact_weight: Exact, facts: RowFacts) -> ScoreContext:
        return ScoreContext(name, weight, facts, self.figures, self.plan.framework, self.plan.registry, exact_weight)


class _RuleRow(RowResult):
    """A leaf whose 评分依据 is its rule's own: the rule runs again (pure, so the same) when the text is first read.

    The row itself carries what that needs, rather than a separate function object per row:
    what an evaluation retains (and the garbage collector must walk) stays small.
    """

    __slots__ = ("_department", "_row", "_facts")

    @property
    def basis(self) -> str:
        text = self._basis
        if text is None:
            name, exact_weight = self._rule_name_and_weight()
            context = self._department.context(name, self.weight, exact_weight, self._facts)
            text = self._row.score(self._row.rule.params, context).text
            if self._facts.basis:
                text = f"{text}。{self._facts.basis}"
            self._basis = text
        return text

    def _rule_name_and_weight(self) -> tuple[str, Exact]:
        return self._row.name, self._row.exact_weight


class _SlotRuleRow(_RuleRow):
    """A department's own row under a slot: its name and weight are its own, not the slot's."""

    __slots__ = ("_name", "_exact_weight")

    def _rule_name_and_weight(self) -> tuple[str, Exact]:
        return self._name, self._exact_weight


def _unusual(row: RowPlan, facts: RowFacts) -> bool:
    """Facts that ask for the full path: an absent score, 不适用, 免于扣分, a judged override."""
    return facts is not _NO_FACTS and (
        facts.score_missing is not None
        or facts.not_applicable is not None
        or facts.exempt is not None
        or (facts.judged is not None and row.rule.kind != "judgement")
    )


def _quick_row(department: _Department, row: RowPlan, facts: RowFacts, pairs: dict[str, Pair], scale: int) -> tuple[RowResult, int] | None:
    """The row scored by its kind's quick function in integers, with its units of 10^-places; None when the
    facts (absent score, 不适用, 免于扣分, a judged override) or the rule (a finding, a missing figure, a score
    out of range) ask for the full path."""
    if _unusual(row, facts):
        return None
    try:
        got = row.quick(pairs, facts)  # type: ignore[misc]
    except KeyError:  # a figure not given: the full path says which
        return None
    units = _quick_units(department.plan, got, row.weight_pair, row.bonus, scale)
    if units is None:
        return None
    result = _RuleRow(row.path, row.weight, _score_of(department.plan, units), None, row.rule.kind, facts.stated_score, facts.target, facts.actual, facts.reason, facts.improvement, row.bonus)
    result._department, result._row, result._facts = department, row, facts
    return result, units


def _quick_slot_row(department: _Department, row: RowPlan, path: tuple[str, ...], slot_row, exact: Exact, pairs: dict[str, Pair], scale: int) -> tuple[RowResult, int] | None:
    """A row under a slot, by the slot's quick function given the row's own name and weight; None as _quick_row."""
    facts = slot_row.facts
    if _unusual(row, facts):
        return None
    weight_pair = pair_of(exact)
    try:
        got = row.slot_quick(slot_row.name, weight_pair, pairs, facts)  # type: ignore[misc]
    except KeyError:
        return None
    units = _quick_units(department.plan, got, weight_pair, False, scale)
    if units is None:
        return None
    result = _SlotRuleRow(path, slot_row.weight, _score_of(department.plan, units), None, row.rule.kind, facts.stated_score, facts.target, facts.actual, facts.reason, facts.improvement, False)
    result._department, result._row, result._facts = department, row, facts
    result._name, result._exact_weight = slot_row.name, exact
    return result, units


def _quick_units(plan: Plan, got: Pair | None, weight_pair: Pair, bonus: bool, scale: int) -> int | None:
    """A quick score rounded to units of 10^-places; None when there is none or it falls outside its bounds."""
    if got is None:
        return None
    numerator, denominator = got
    weight_n, weight_d = weight_pair
    if numerator * weight_d > weight_n * denominator or (numerator < 0 and not (bonus and -numerator * weight_d <= weight_n * denominator)):
        return None
    if plan.mode != "half_up":
        return round_units(numerator, denominator, plan.places, plan.mode)
    if numerator >= 0:  # half-up is one integer division: ⌊n·10^p/d + 1/2⌋ = ⌊(2n·10^p + d) / 2d⌋
        return (numerator * scale + denominator) // (2 * denominator)
    return -((-numerator * scale + denominator) // (2 * denominator))


def _score_of(plan: Plan, units: int) -> Decimal:
    scores = plan.scores
    return scores[units] if 0 <= units < len(scores) else units_decimal(units, plan.places)


def _score_row(
    department: _Department,
    row: RowPlan,
    path: tuple[str, ...],
    name: str,
    weight: Decimal,
    exact_weight: Exact,
    facts: RowFacts,
    where: Where,
    findings: list[Finding],
) -> tuple[RowResult, int]:
    """The full path: the row's result and its score in units of 10^-places."""
    plan = department.plan
    place = facts.where if facts.where.file else where
    outcome, by_rule = _outcome(department, row, path, name, weight, exact_weight, facts, place, findings)
    score = outcome.score
    low = -exact_weight if row.bonus else 0
    if type(score) is Fraction:  # compared by its integer numerator and denominator (> 0): no Fraction arithmetic
        numerator, denominator = score.numerator, score.denominator
        outside = numerator > exact_weight * denominator or numerator < low * denominator
    else:
        if type(score) is not int:
            score = exact_of(score)  # a plugin's Decimal, exactly
        outside = score > exact_weight or score < low
    if outside:
        high = exact_weight
        findings.append(Finding("error", "score-out-of-range", f"得分 {points(score)} 超出 {points(low)} 至 {points(high)} 的范围，按边界计", place, path, blocking=True))
        score = min(max(score, low), high)
    numerator, denominator = pair_of(score)
    units = round_units(numerator, denominator, plan.places, plan.mode)
    rounded = units_decimal(units, plan.places)
    if by_rule:
        slot = row.slot is not None
        result = (_SlotRuleRow if slot else _RuleRow)(path, weight, rounded, None, row.rule.kind, facts.stated_score, facts.target, facts.actual, facts.reason, facts.improvement, row.bonus, facts.score_missing is not None)  # type: ignore[arg-type]
        result._department, result._row, result._facts = department, row, facts
        if slot:
            result._name, result._exact_weight = name, exact_weight  # type: ignore[attr-defined]
        return result, units
    basis = _with_extra(outcome.basis, facts.basis) if facts.basis else outcome.basis
    return RowResult(path, weight, rounded, basis, row.rule.kind, facts.stated_score, facts.target, facts.actual, facts.reason, facts.improvement, row.bonus, facts.score_missing is not None), units


def _with_extra(basis: Basis, extra: str) -> Basis:
    """The rule's 评分依据 followed by the department's own words."""
    return lambda: f"{basis_text(basis)}。{extra}"


def _outcome(department: _Department, row: RowPlan, path, name, weight, exact_weight, facts: RowFacts, place: Where, findings: list[Finding]) -> tuple[Outcome, bool]:
    """The row's outcome, and whether it is the rule's own (its text can then be written again later)."""
    plan = department.plan
    if facts.score_missing is not None:  # absent, never judged: 0 only as a placeholder the total says it holds
        findings.append(Finding("warning", "score-not-stated", f"“{path[-1]}”未列得分（{facts.score_missing}）：按 0 分占位，总分与等级不完整", place, path))
        return Outcome(ZERO, f"未列得分：{facts.score_missing}"), False
    if facts.not_applicable is not None:
        if weight != 0:
            findings.append(Finding("error", "not-applicable-weighted", f"标为不适用的指标仍有分值 {points(weight)}：不适用的指标分值应为 0", place, path, blocking=True))
        return Outcome(ZERO, f"不适用：{facts.not_applicable}"), False
    if facts.exempt is not None:
        findings.append(Finding("info", "exempted", f"免于扣分：{facts.exempt}", place, path))
        return Outcome(exact_weight, f"免于扣分，得满分：{facts.exempt}"), False
    try:
        computed: Outcome | None = row.score(row.rule.params, department.context(name, weight, exact_weight, facts))
    except MissingFigure as missing:
        computed = None
        if facts.judged is None:
            if missing.figure_id not in department.failed:  # its formula's failure is already reported, with its place
                findings.append(_missing_figure(plan.framework, missing.figure_id, place, path))
            return Outcome(ZERO, "缺少数据，未能计分"), False
    if computed is not None and facts.judged is None:  # a judged score settles what the rule could not
        for severity, code, message in computed.findings:
            findings.append(Finding(severity, code, message, place, path, blocking=severity == "error"))
    if facts.judged is not None and row.rule.kind != "judgement":
        return _judged_override(plan, facts, computed, place, path, findings), False
    assert computed is not None
    return computed, True


def _missing_figure(framework: Framework, figure_id: str, place: Where, path: tuple[str, ...]) -> Finding:
    field = f"figures.{figure_id}"
    message = f"缺少数据“{framework.figure_name(figure_id)}”（{field}），无法计算本指标"
    derived = framework.derived.get(figure_id)
    if derived is not None:
        message += f"；它按“{derived.formula.shown}”计算，请填写其中各项或直接填写该比率"
    return Finding("error", "missing-figure", message, Where(place.file, field=field), path, blocking=True)


def _judged_override(plan: Plan, facts: RowFacts, computed: Outcome | None, place: Where, path, findings: list[Finding]) -> Outcome:
    judged = facts.judged
    assert judged is not None
    undecided = computed is None or any(severity == "error" for severity, _c, _m in computed.findings)
    note = "（规则无法自动计分）" if undecided else f"（按规则计算为 {points(round_exact(computed.score, plan.places, plan.mode))} 分：{computed.text}）"  # type: ignore[union-attr]
    findings.append(Finding("info", "judged-override", f"采用评价人员评定分 {points(judged.score)}{note}", place, path))
    basis = f"评价人员评定 {points(judged.score)} 分：{judged.basis}"
    if computed is not None:
        basis = f"{computed.text}；{basis}"
    return Outcome(exact_of(judged.score), basis)


def _subtotals(plan: Plan, sums: list[int | None], groups: dict[tuple[str, ...], list[Decimal]]) -> tuple[NodeResult, ...]:
    """Each parent with its sum of rounded rows, in the framework's order; a slot's groups after it."""
    out = []
    for (path, weight, slot_groups), units, seen in zip(plan.parents, sums, plan.subtotals_seen):
        if units is None:
            node = NodeResult(path, weight, Decimal(0))
        else:
            node = seen.get(units)
            if node is None:
                node = NodeResult(path, weight, units_decimal(units, plan.places))
                if len(seen) < _SHARED_SUBTOTALS:
                    seen[units] = node
        out.append(node)
        for group in slot_groups:
            found = groups.get(path + (group,))
            if found is not None:
                out.append(NodeResult(path + (group,), found[0], found[1]))
    return tuple(out)
