"""What a check is (code, severity, title, function, what it reads) and what it sees of one department.

Kept apart from the registry so that checks/plan.py (which runs checks) and checks/registry.py (which keeps
them and their plans) both build on this module and never on each other.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Union

from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.quantity import Quantity
from jixiao.model.result import Evaluation, RowResult, Where

Hit = tuple[str, Where, tuple[str, ...]]
# What a check reads (docs/checks.md, “检查读取什么”): None runs it for every department; a tuple runs it only
# for a department that has one of them; a function of the framework gives either, once per framework.
Needs = Union[tuple[str, ...], Callable[[Framework], "tuple[str, ...] | None"], None]


class CheckContext:
    """One department as the checks see it: its framework, facts and evaluation.

    Made once per department and read by every check: a plain slotted class, cheaper to make than a
    frozen dataclass, with the facts file as a place made only when a finding needs it.
    """

    __slots__ = ("framework", "facts", "evaluation", "values", "_source")

    def __init__(self, framework: Framework, facts: Facts, evaluation: Evaluation):
        self.framework, self.facts, self.evaluation = framework, facts, evaluation
        self.values: dict[str, Quantity] = evaluation.values
        self._source: Where | None = None

    def where_of(self, figure: str) -> Where:
        stated = self.facts.figures.get(figure)
        return stated.where if stated else Where(self.facts.source, field=f"figures.{figure}")

    def name(self, figure: str) -> str:
        return self.framework.figure_name(figure)

    @property
    def source(self) -> Where:
        """The facts file as a place, for findings about rows it does not locate (one per department)."""
        if self._source is None:
            self._source = Where(self.facts.source)
        return self._source

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
    needs: Needs = None  # what the department must have for the check to find anything (None: always run)
    row_needs: str | None = None  # for a `row` check: which rows it can find something in (None: every scored row)
