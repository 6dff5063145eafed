"""A framework compiled once into a scoring plan: data plus each rule kind's small function.

Everything the engine would otherwise look up or convert for every department is done here
once per (framework, registry): the rows in order with their exact weights and their kind's
scoring function, the derived figures with their compiled formulas, the parents for subtotals.
A row whose kind gives a quick function (see jixiao.rules) carries it, built once here with its
parameters and exact weight: the engine scores such a row in plain integers when nothing is unusual;
a slot carries its kind's slot quick function, given each row's own name and weight (a project's indicators).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from jixiao.model.formula import Formula
from jixiao.model.framework import CompiledRule, Framework
from jixiao.model.quantity import units_decimal, Exact, Pair, exact_of, pair_of
from jixiao.model.result import Where
from jixiao.rules import Outcome, QuickScore, RuleRegistry, SlotQuickScore


@dataclass(frozen=True, slots=True)
class RowPlan:
    """A leaf to score, or a slot whose rows the department supplies (weights then come from the facts)."""

    path: tuple[str, ...]
    name: str
    weight: Decimal
    exact_weight: Exact
    rule: CompiledRule
    score: Callable[..., Outcome]  # the rule kind's scoring function, called with (params, context)
    bonus: bool
    where: Where
    slot: bool | None = None  # True for a slot; None for a leaf
    ancestors: tuple[int, ...] = ()  # indices into Plan.parents whose subtotal includes this row
    quick: QuickScore | None = None  # the kind's quick function for this leaf, if it has one
    weight_pair: Pair = (0, 1)  # exact_weight as integers, for the quick path's bounds
    slot_quick: SlotQuickScore | None = None  # for a slot: its kind's quick function for the rows under it


@dataclass(frozen=True, slots=True)
class DerivedPlan:
    key: str
    name: str
    kind: str
    formula: Formula
    names: frozenset[str]


@dataclass(frozen=True)
class Plan:
    framework: Framework
    registry: RuleRegistry
    rows: tuple[RowPlan, ...]
    derived: tuple[DerivedPlan, ...]  # in dependency order
    parents: tuple[tuple[tuple[str, ...], Decimal, tuple[str, ...]], ...]  # path, weight, slot groups
    places: int
    mode: str
    derived_kinds: dict[str, str]  # each derived figure's kind (money, percent, count)
    # Each parent's subtotal before any row is added: 0 (in units of 10^-places) when fixed rows add to it,
    # None when only a slot's rows may (it stays Decimal(0), as a sum of no rows, if the department gives none).
    empty_sums: tuple[int | None, ...]
    # Per parent, its subtotals met so far (units -> NodeResult, immutable): departments share them, so an
    # evaluation holds fewer objects for the garbage collector to walk. Bounded; a cache, not state.
    subtotals_seen: tuple[dict, ...] = ()
    # Every row score from 0 to the largest row weight as a Decimal (units of 10^-places -> Decimal), made once:
    # a row's score is then a lookup, and equal scores are one shared immutable object. Empty when too many.
    scores: tuple[Decimal, ...] = ()


MAX_SHARED_SCORES = 100_000


@functools.lru_cache(maxsize=64)  # frameworks and registries are shared objects, keyed by identity
def plan_for(framework: Framework, registry: RuleRegistry) -> Plan:
    rows = []
    parents: list[tuple[tuple[str, ...], Decimal, tuple[str, ...]]] = []
    index: dict[tuple[str, ...], int] = {}
    for path, node in framework.walk():  # parents before children, so a row's ancestors are known
        ancestors = tuple(index[path[:depth]] for depth in range(1, len(path)))
        if node.is_leaf:
            assert node.rule is not None
            rows.append(_row(path, node.name, node.weight, node.rule, node.bonus, node.where, registry, None, ancestors))
            continue
        index[path] = len(parents)
        parents.append((path, node.weight, node.slot.groups if node.slot is not None else ()))
        if node.slot is not None:
            rows.append(_row(path, node.name, node.weight, node.slot.rule, False, node.where, registry, True, ancestors + (index[path],)))
    derived = tuple(
        DerivedPlan(key, definition.name, definition.kind, definition.formula, frozenset(definition.formula.names))
        for key, definition in ((key, framework.derived[key]) for key in framework.derived_order)
    )
    fixed = {index for row in rows if row.slot is None for index in row.ancestors}
    empty_sums = tuple(0 if index in fixed else None for index in range(len(parents)))
    kinds = {key: definition.kind for key, definition in framework.derived.items()}
    seen = tuple({} for _ in parents)
    places = framework.rounding.places
    # A row under a slot weighs at most its slot (weights add up within it): its scores are shared too.
    top = int(max((row.weight for row in rows), default=0) * 10**places)
    scores = tuple(units_decimal(units, places) for units in range(top + 1)) if top <= MAX_SHARED_SCORES else ()
    return Plan(framework, registry, tuple(rows), derived, tuple(parents), places, framework.rounding.mode, kinds, empty_sums, seen, scores)


def _row(path, name, weight, rule: CompiledRule, bonus: bool, where: Where, registry: RuleRegistry, slot: bool | None, ancestors: tuple[int, ...]) -> RowPlan:
    kind = registry.get(rule.kind)
    assert kind is not None, rule.kind  # the framework was compiled with this registry's kinds
    exact = exact_of(weight)
    quick = registry.quick(rule, exact) if slot is None else None  # a slot's rows bring their own weights
    slot_quick = registry.slot_quick(rule) if slot else None
    return RowPlan(path, name, weight, exact, rule, kind.score, bonus, where, slot, ancestors, quick, pair_of(exact), slot_quick)
