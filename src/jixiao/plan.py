"""A framework compiled once into a scoring plan: data plus each rule kind's small function.

Everything the engine would otherwise look up or convert for every department is done here
once per (framework, registry): the rows in order with their exact weights and their kind's
scoring function, the derived figures with their compiled formulas, the parents for subtotals.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from jixiao.model.formula import Formula
from jixiao.model.framework import CompiledRule, Framework
from jixiao.model.quantity import Exact, exact_of
from jixiao.model.result import Where
from jixiao.rules import Outcome, RuleRegistry


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
    return Plan(framework, registry, tuple(rows), derived, tuple(parents), framework.rounding.places, framework.rounding.mode)


def _row(path, name, weight, rule: CompiledRule, bonus: bool, where: Where, registry: RuleRegistry, slot: bool | None, ancestors: tuple[int, ...]) -> RowPlan:
    kind = registry.get(rule.kind)
    assert kind is not None, rule.kind  # the framework was compiled with this registry's kinds
    return RowPlan(path, name, weight, exact_of(weight), rule, kind.score, bonus, where, slot, ancestors)
