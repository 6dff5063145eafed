"""Review checks (复核): what does not add up, contradicts itself or breaks a rule, with where.

Each check is a small function registered with its code, severity, Chinese title and a
documented example (docs/checks.md; a test fails when a registered check has none).
Built-in checks come through the `jixiao.checks` entry point, the same way a plugin's do.
A check yields (message, where, path); the runner turns these into findings.

A check about single rows may instead give `row`: a function of (context, row) returning
one hit or None. The runner then walks the rows once for all such checks (one pass),
keeping each check's findings together in registration order.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Iterable

from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.quantity import Quantity
from jixiao.model.result import Evaluation, Finding, RowResult, Where
from jixiao.plugins import load_entry_points

Hit = tuple[str, Where, tuple[str, ...]]


@dataclass(frozen=True)
class CheckContext:
    framework: Framework
    facts: Facts
    evaluation: Evaluation

    @property
    def values(self) -> dict[str, Quantity]:
        return self.evaluation.values

    def where_of(self, figure: str) -> Where:
        stated = self.facts.figures.get(figure)
        return stated.where if stated else Where(self.facts.source, field=f"figures.{figure}")

    def name(self, figure: str) -> str:
        return self.framework.figure_name(figure)

    @functools.cached_property
    def source(self) -> Where:
        """The facts file as a place, for findings about rows it does not locate (one per department)."""
        return Where(self.facts.source)

    def quote(self, figure: str) -> str:
        return f"{self.name(figure)} {self.values[figure].display()}"


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    title: str
    run: Callable[[CheckContext], Iterable[Hit]] | None  # None for a check given as `row`
    category: str = ""
    row: Callable[[CheckContext, RowResult], Hit | None] | None = None


@dataclass
class CheckRegistry:
    _checks: dict[str, Check] = field(default_factory=dict)

    def register(self, check: Check) -> None:
        if check.code in self._checks:
            raise ValueError(f"检查“{check.code}”重复注册")
        self._checks[check.code] = check

    def checks(self) -> list[Check]:
        return list(self._checks.values())


@functools.lru_cache(maxsize=1)
def default_checks() -> CheckRegistry:
    registry = CheckRegistry()
    load_entry_points("jixiao.checks", registry, "jixiao.checks.builtin:register")
    return registry


def run_checks(framework: Framework, facts: Facts, evaluation: Evaluation, registry: CheckRegistry | None = None) -> list[Finding]:
    context = CheckContext(framework, facts, evaluation)
    checks = (registry or default_checks()).checks()
    by_check: list[list[Finding]] = [[] for _ in checks]
    row_checks = [(check, by_check[i]) for i, check in enumerate(checks) if check.row is not None]
    for row in evaluation.rows:  # one pass over the rows for every row check
        if row.unscored:
            continue  # nothing stated to check; the engine's score-not-stated finding names it
        for check, found in row_checks:
            hit = check.row(context, row)  # type: ignore[misc]
            if hit is not None:
                found.append(Finding(check.severity, check.code, hit[0], hit[1], hit[2]))
    for check, found in zip(checks, by_check):
        if check.run is not None:
            found.extend(Finding(check.severity, check.code, message, where, path) for message, where, path in check.run(context))
    return [finding for found in by_check for finding in found]
