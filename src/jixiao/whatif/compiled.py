"""A framework's total score compiled once into one straight-line Python function over integers.

The engine walks its plan row by row for every department, building a RowResult with its 评分依据 for
each; a what-if needs only each department's total. Here the plan's rows become one generated function:
per row, the facts test that sends a row down the engine's full path, a call of the row's quick function
(jixiao.rules: the kind's own exact integer scorer, built once per row), the bounds test and the
rounding, written out in sequence with the row's weight and scale as constants. The source is made from
the plan's structure only: every name in it is generated here (P3, Q3, …) and bound to a value in the
function's namespace — no indicator name, figure name or formula text is ever part of the source, and
formulas stay the safe compiler's (jixiao.model.formula). Whenever a row's quick path would decline,
the function returns None and the department is scored by jixiao.engine.evaluate itself: the totals are
the engine's, always (tests/whatif/test_compiled.py compares them on generated departments).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Sequence

from jixiao.engine import evaluate, resolve_figures
from jixiao.model.facts import Facts, RowFacts
from jixiao.model.formula import FormulaError
from jixiao.model.framework import Framework
from jixiao.model.quantity import round_units, units_decimal
from jixiao.plan import Plan, plan_for
from jixiao.rules import RuleRegistry, default_registry

_NO_FACTS = RowFacts()

# Per row: the engine's reasons for its full path (_quick_row), then the quick function, bounds and rounding.
_ROW = """\
    f = get(P{i}, NO)
    if f is not NO and (f.score_missing is not None or f.not_applicable is not None or f.exempt is not None{judged}):
        return None
    try:
        g = Q{i}(pairs, f)
    except KeyError:
        return None
    if g is None:
        return None
    n, d = g
    if n * WD{i} > WN{i} * d:
        return None
    if n < 0:
{negative}
    else:
        {target} = {rounded}
"""
_HALF_UP = "(n * SCALE + d) // (2 * d)"  # ⌊n·10^p/d + 1/2⌋ in one integer division, as the engine does
_HALF_UP_NEGATIVE = "-((-n * SCALE + d) // (2 * d))"
_OTHER_MODE = "ROUND(n, d, PLACES, MODE)"


def _row_source(i: int, kind: str, bonus: bool, half_up: bool, target: str) -> str:
    judged = " or f.judged is not None" if kind != "judgement" else ""
    if bonus:  # a 加减分 row may go down to -weight
        negative = f"        if -n * WD{i} > WN{i} * d:\n            return None\n        {target} = {_HALF_UP_NEGATIVE if half_up else _OTHER_MODE}"
    else:
        negative = "        return None"
    return _ROW.format(i=i, judged=judged, negative=negative, target=target, rounded=_HALF_UP if half_up else _OTHER_MODE)


RowUnits = Callable[[dict, dict, dict], "tuple[int, ...] | int | None"]


def compile_rows(plan: Plan, indices: Sequence[int] | None = None, each: bool = False) -> RowUnits | None:
    """The plan's rows (all, or those at `indices`) as one function (pairs, rows, slots) -> their units of
    10^-places summed (each=False) or one per row (each=True; a slot counts 0), or None when a row must take
    the engine's full path. None instead of a function when some row's kind has no quick function.

    Every slot is tested whatever the indices: a department with rows of its own under a slot takes the engine."""
    half_up = plan.mode == "half_up"
    namespace: dict[str, object] = {"NO": _NO_FACTS, "SCALE": 2 * 10**plan.places, "PLACES": plan.places, "MODE": plan.mode, "ROUND": round_units}
    body = ["def units(pairs, rows, slots):", "    get = rows.get", "    t = 0"]
    chosen = range(len(plan.rows)) if indices is None else indices
    outputs = []
    for i, row in enumerate(plan.rows):
        if row.slot is not None:
            namespace[f"S{i}"] = row.path
            body.append(f"    if slots.get(S{i}):\n        return None")
    for i in chosen:
        row = plan.rows[i]
        if row.slot is not None:
            outputs.append("0")
            continue
        if row.quick is None:
            return None
        namespace[f"P{i}"], namespace[f"Q{i}"] = row.path, row.quick
        namespace[f"WN{i}"], namespace[f"WD{i}"] = row.weight_pair
        body.append(_row_source(i, row.rule.kind, row.bonus, half_up, f"u{i}"))
        if not each:
            body.append(f"    t += u{i}")
        outputs.append(f"u{i}")
    if each:
        body.append(f"    return ({', '.join(outputs)}{',' if len(outputs) == 1 else ''})")
    else:
        body.append("    return t")
    source = "\n".join(body) + "\n"
    exec(compile(source, "<jixiao.whatif.compiled>", "exec"), namespace)  # noqa: S102 - generated above from the plan's shape; no user text in it
    function = namespace["units"]
    function.source = source  # type: ignore[attr-defined]  # kept for inspection (tests check what it holds)
    return function  # type: ignore[return-value]


def grade_floors(framework: Framework, places: int) -> tuple[tuple[str, int], ...]:
    """Each grade with the fewest units of 10^-places that reach it (total ≥ min ⟺ units ≥ ⌈min·10^p⌉)."""
    return tuple((grade, math.ceil(minimum * 10**places)) for grade, minimum in framework.grades)


def grade_of(floors: tuple[tuple[str, int], ...], units: int) -> str:
    for grade, floor in floors:
        if units >= floor:
            return grade
    return floors[-1][0]


def figure_pairs(plan: Plan, facts: Facts, formulas: tuple) -> dict:
    """The department's figures as exact pairs, derived ones computed: jixiao.engine.resolve_figures' values.

    When every derived figure can be computed (the usual case) that is one pass over its compiled formulas;
    otherwise (a figure missing, a zero divisor) resolve_figures itself decides what each one is."""
    kinds = plan.derived_kinds
    pairs = {key: value.quantity.pair for key, value in facts.figures.items() if key not in kinds}
    try:
        for key, formula in formulas:
            pairs[key] = formula(pairs)
    except (KeyError, ZeroDivisionError, FormulaError):
        return resolve_figures(plan.framework, facts, [], plan, set()).pairs
    return pairs


def derived_formulas(plan: Plan) -> tuple:
    """(key, compiled formula) for each derived figure, in the plan's dependency order: what figure_pairs runs."""
    return tuple((derived.key, derived.formula.compiled) for derived in plan.derived)


@dataclass(frozen=True, eq=False)
class TotalScorer:
    """A framework's totals and grades, computed by its compiled function (or, when that declines, the engine)."""

    framework: Framework
    registry: RuleRegistry
    plan: Plan
    units: RowUnits | None
    floors: tuple[tuple[str, int], ...]
    formulas: tuple  # derived_formulas(plan)

    def pairs(self, facts: Facts) -> dict:
        return figure_pairs(self.plan, facts, self.formulas)

    def total_and_grade(self, facts: Facts) -> tuple[Decimal, str]:
        if self.units is not None:
            got = self.units(self.pairs(facts), facts.rows, facts.slots)
            if got is not None:
                return units_decimal(got, self.plan.places), grade_of(self.floors, got)  # type: ignore[arg-type]
        result = evaluate(self.framework, facts, self.registry)
        return result.total, result.grade

    def declined(self, facts: Facts) -> bool:
        """Whether this department's total comes from the engine rather than the compiled function (for tests and the bench)."""
        return self.units is None or self.units(self.pairs(facts), facts.rows, facts.slots) is None


@functools.lru_cache(maxsize=32)  # frameworks and registries are shared objects, keyed by identity
def total_scorer(framework: Framework, registry: RuleRegistry | None = None) -> TotalScorer:
    registry = registry or default_registry()
    plan = plan_for(framework, registry)
    return TotalScorer(framework, registry, plan, compile_rows(plan), grade_floors(framework, plan.places), derived_formulas(plan))
