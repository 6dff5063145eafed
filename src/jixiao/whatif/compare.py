"""A past round under a new framework: how many departments change grade, whose score moves most, the
grade and score distributions old and new.

The round is scored once under its own framework row by row (a Baseline: each department's figures as
exact pairs and each row's units of 10^-places, from the compiled code of jixiao.whatif.compiled). A new
framework with the same rounding and derived figures then re-scores only the rows it changes: a row whose
path, rule, weight and 加减分 flag are the old one's keeps its units (a row's score depends on nothing else),
so the new total is the old one minus the changed rows' old units plus their new units. A new rounding re-scores
every row on the figures the baseline worked out; a new formula, or a department whose rows the compiled code
declines, is scored in full (by the compiled code or the engine), so every total is the engine's.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from jixiao.engine import evaluate
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.quantity import units_decimal
from jixiao.plan import Plan, RowPlan
from jixiao.rules import RuleRegistry, default_registry
from jixiao.whatif.compiled import compile_rows, grade_floors, grade_of, total_scorer

# Score bands for the distribution, from the top: [90, 100], [80, 90), … as in the default grades.
BAND_WIDTH = 10


@dataclass(frozen=True, eq=False)
class Baseline:
    """A round scored under its own framework: per department its figures' pairs and row units (None: the engine scored it)."""

    framework: Framework
    plan: Plan
    pairs: tuple[dict | None, ...]
    row_units: tuple[tuple[int, ...] | None, ...]
    totals: tuple[Decimal, ...]
    grades: tuple[str, ...]


def score_baseline(framework: Framework, facts: Sequence[Facts], registry: RuleRegistry | None = None) -> Baseline:
    registry = registry or default_registry()
    scorer = total_scorer(framework, registry)
    plan = scorer.plan
    each = compile_rows(plan, each=True)
    floors = grade_floors(framework, plan.places)
    pairs, row_units, totals, grades = [], [], [], []
    for department in facts:
        values = scorer.pairs(department) if each is not None else None
        got = each(values, department.rows, department.slots) if each is not None else None
        if got is None:
            result = evaluate(framework, department, registry)
            pairs.append(None)
            row_units.append(None)
            totals.append(result.total)
            grades.append(result.grade)
            continue
        units = sum(got)  # type: ignore[arg-type]
        pairs.append(values)
        row_units.append(got)  # type: ignore[arg-type]
        totals.append(units_decimal(units, plan.places))
        grades.append(grade_of(floors, units))
    return Baseline(framework, plan, tuple(pairs), tuple(row_units), tuple(totals), tuple(grades))


def _row_key(row: RowPlan) -> tuple:
    return (row.path, row.rule, row.weight_pair, row.bonus, row.slot)


def _same_figures(old: Plan, new: Plan) -> bool:
    """Whether a department's figures come out the same under both (given ones as written, the same formulas)."""
    return [(d.key, d.formula.text) for d in old.derived] == [(d.key, d.formula.text) for d in new.derived]


def _same_rounding(old: Plan, new: Plan) -> bool:
    return old.places == new.places and old.mode == new.mode


def rescore(baseline: Baseline, framework: Framework, facts: Sequence[Facts], registry: RuleRegistry | None = None) -> tuple[list[Decimal], list[str]]:
    """Every department's total and grade under `framework` (facts as the baseline's, in the same order)."""
    registry = registry or default_registry()
    scorer = total_scorer(framework, registry)
    plan = scorer.plan
    totals: list[Decimal] = []
    grades: list[str] = []
    old_rows = {row.path: (index, _row_key(row)) for index, row in enumerate(baseline.plan.rows)}  # paths are unique
    same = {index: old_rows[row.path][0] for index, row in enumerate(plan.rows) if row.path in old_rows and old_rows[row.path][1] == _row_key(row)}
    kept = set(same.values())
    changed = [index for index, row in enumerate(plan.rows) if index not in same and row.slot is None]
    dropped = [index for index in range(len(baseline.plan.rows)) if index not in kept]
    same_figures = _same_figures(baseline.plan, plan)
    delta = compile_rows(plan, changed) if same_figures and _same_rounding(baseline.plan, plan) else None
    # Rounding changed but not the formulas: every row again, on the figures the baseline already worked out.
    full = scorer.units if same_figures and delta is None else None
    for department, values, old_units in zip(facts, baseline.pairs, baseline.row_units):
        if values is not None and old_units is not None and (delta is not None or full is not None):
            got = (delta or full)(values, department.rows, department.slots)  # type: ignore[operator]
            if got is not None:
                units = sum(old_units) - sum(old_units[i] for i in dropped) + got if delta is not None else got  # type: ignore[operator]
                totals.append(units_decimal(units, plan.places))
                grades.append(grade_of(scorer.floors, units))
                continue
        total, grade = scorer.total_and_grade(department)
        totals.append(total)
        grades.append(grade)
    return totals, grades


@dataclass(frozen=True)
class Move:
    department: str
    old_total: Decimal
    new_total: Decimal
    old_grade: str
    new_grade: str

    @property
    def change(self) -> Decimal:
        return self.new_total - self.old_total


@dataclass(frozen=True)
class WhatIf:
    """The comparison: every department's move, and the distributions old and new."""

    old_framework: str
    new_framework: str
    moves: tuple[Move, ...]  # in the facts' order
    grade_order: tuple[str, ...]  # the new framework's grades, then any old grade it lacks

    @property
    def count(self) -> int:
        return len(self.moves)

    @property
    def grade_changes(self) -> int:
        return sum(1 for move in self.moves if move.old_grade != move.new_grade)

    @property
    def score_changes(self) -> int:
        return sum(1 for move in self.moves if move.change)

    def largest_moves(self, count: int = 10) -> list[Move]:
        """The departments whose total moves most (either way), largest first; ties in the facts' order."""
        moved = [move for move in self.moves if move.change]
        return sorted(moved, key=lambda move: -abs(move.change))[:count]

    def grade_distribution(self) -> list[tuple[str, int, int]]:
        """(grade, departments before, after), in grade order."""
        before = Counter(move.old_grade for move in self.moves)
        after = Counter(move.new_grade for move in self.moves)
        return [(grade, before.get(grade, 0), after.get(grade, 0)) for grade in self.grade_order]

    def band_distribution(self) -> list[tuple[str, int, int]]:
        """(score band, before, after): 90 分及以上, 80–90, …, 60 分以下, over the totals."""
        def band(total: Decimal) -> int:
            return min(9, max(5, int(total // BAND_WIDTH)))

        before = Counter(band(move.old_total) for move in self.moves)
        after = Counter(band(move.new_total) for move in self.moves)
        labels = {9: "90 分及以上", 8: "80–90 分", 7: "70–80 分", 6: "60–70 分", 5: "60 分以下"}
        return [(labels[b], before.get(b, 0), after.get(b, 0)) for b in (9, 8, 7, 6, 5)]

    def mean(self, new: bool) -> Decimal | None:
        if not self.moves:
            return None
        total = sum((move.new_total if new else move.old_total for move in self.moves), Decimal(0))
        return total / len(self.moves)


def what_if(
    old: Framework, new: Framework, facts: Sequence[Facts], registry: RuleRegistry | None = None, baseline: Baseline | None = None,
    new_facts: Sequence[Facts] | None = None,
) -> WhatIf:
    """The round's departments (facts read against `old`) scored under `old` and under `new`.

    Rows are matched by their path: a row of `new` at a path `old` does not have gets no facts (its score is what an
    unfilled row scores) — unless `new_facts` gives the same departments read against `new` (for a tree whose rows
    were renamed or moved), which are then scored in full. A baseline already computed for these facts under `old`
    may be passed to save that half."""
    baseline = baseline if baseline is not None and baseline.framework is old else score_baseline(old, facts, registry)
    if new_facts is not None:
        scorer = total_scorer(new, registry or default_registry())
        scored = [scorer.total_and_grade(department) for department in new_facts]
        totals, grades = [total for total, _ in scored], [grade for _, grade in scored]
    else:
        totals, grades = rescore(baseline, new, facts, registry)
    moves = tuple(
        Move(department.department, old_total, new_total, old_grade, new_grade)
        for department, old_total, new_total, old_grade, new_grade in zip(facts, baseline.totals, totals, baseline.grades, grades)
    )
    order = [grade for grade, _ in new.grades] + [grade for grade, _ in old.grades if grade not in {g for g, _ in new.grades}]
    return WhatIf(old.id, new.id, moves, tuple(order))
