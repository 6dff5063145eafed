"""The registered checks made ready for one framework: which run at all, and a cheap guard for each.

A check may declare what it reads (`needs`, `row_needs`; docs/checks.md “检查读取什么”). The plan turns
each declaration, once per framework, into one test on the department: a department without any of
it costs that test, not a call. A declaration is a necessary condition only (the check still decides),
so the plan never changes a finding; a check that declares nothing, such as most plugins, always runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from jixiao.checks.check import Check, CheckContext
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import Evaluation, Finding, RowResult

Guard = Callable[[Facts, Evaluation], bool]
ZERO = Decimal(0)  # a Decimal compares with a Decimal at half the cost of with an int


def _negative_figure(facts: Facts, _evaluation: Evaluation) -> bool:
    for stated in facts.figures.values():
        if stated.quantity.value < ZERO:
            return True
    return False


# What a department may have, by name: each a test of its facts (or evaluation).
DEPARTMENT_NEEDS: dict[str, Guard] = {
    "stated_total": lambda facts, _evaluation: facts.stated_total is not None,
    "stated_grade": lambda facts, _evaluation: facts.stated_grade is not None,
    "figures": lambda facts, _evaluation: bool(facts.figures),
    "rows": lambda facts, _evaluation: bool(facts.rows),
    "slots": lambda facts, _evaluation: bool(facts.slots),
    "also_stated": lambda facts, _evaluation: bool(facts.also_stated),
    "stated_rows": lambda facts, _evaluation: bool(facts.stated_rows),
    "stated_claims": lambda facts, _evaluation: bool(facts.stated_claims),
    "narrative": lambda facts, _evaluation: bool(facts.narrative),
    "negative_figure": _negative_figure,  # a stated figure below zero: one pass shared by the checks that need it
}
FIGURE, VALUE = "figure:", "value:"  # a stated figure; a figure stated or derived (evaluation.values)

# Which scored rows a row check can find something in, each chosen in one pass per department.
ROW_NEEDS: dict[str | None, Callable[[tuple[RowResult, ...]], list[RowResult]]] = {
    None: lambda rows: [row for row in rows if not row.unscored],
    "stated_score": lambda rows: [row for row in rows if row.stated_score is not None and not row.unscored],
    "lost": lambda rows: [row for row in rows if row.score < row.weight and not row.bonus and not row.unscored],
}


@dataclass(frozen=True, slots=True)
class Step:
    check: Check
    guard: Guard | None  # None: the check runs for every department
    rows: str | None = None  # for a row check: its ROW_NEEDS
    shared: bool = False  # the same guard as another step's: tested once per department


@dataclass(frozen=True)
class CheckPlan:
    framework: Framework
    steps: tuple[Step, ...]  # in registration order; checks that cannot fire under this framework left out

    @classmethod
    def build(cls, checks: Iterable[Check], framework: Framework, guarded: bool = True) -> "CheckPlan":
        """`guarded=False` runs every check on every department and row, as if none declared what it reads."""
        steps = []
        guards: dict[tuple[str, ...], Guard] = {}  # one guard per declaration, so checks that declare the same share it
        for check in checks:
            if check.row is not None and check.row_needs not in ROW_NEEDS:
                raise ValueError(f"检查“{check.code}”的 row_needs “{check.row_needs}”未知（可用：{'、'.join(k for k in ROW_NEEDS if k)}）")
            needs = check.needs(framework) if callable(check.needs) else check.needs
            if isinstance(needs, str):
                raise ValueError(f"检查“{check.code}”的 needs 应为元组，如 (\"{needs}\",)")
            if not guarded:
                steps.append(Step(check, None))
            elif needs is None:
                steps.append(Step(check, None, check.row_needs))
            elif needs:  # reads nothing this framework can have: left out
                key = tuple(sorted(set(needs)))
                if key not in guards:
                    guards[key] = guard_of(check.code, key)
                steps.append(Step(check, guards[key], check.row_needs))
        uses = [step.guard for step in steps if step.guard is not None]
        steps = [Step(step.check, step.guard, step.rows, uses.count(step.guard) > 1) for step in steps]
        return cls(framework, tuple(steps))

    def run(self, facts: Facts, evaluation: Evaluation) -> list[Finding]:
        """Every planned check's findings, each check's together, in registration order."""
        context = CheckContext(self.framework, facts, evaluation)
        findings: list[Finding] = []
        append = findings.append
        chosen: dict[str | None, list[RowResult]] = {}  # each kind of rows chosen once per department
        known: dict[Guard, bool] = {}  # shared guards' answers for this department
        for step in self.steps:
            guard = step.guard
            if guard is not None:
                if step.shared:
                    found = known.get(guard)
                    if found is None:
                        found = known[guard] = guard(facts, evaluation)
                else:
                    found = guard(facts, evaluation)
                if not found:
                    continue
            check = step.check
            severity, code = check.severity, check.code
            if check.row is not None:
                rows = chosen.get(step.rows)
                if rows is None:
                    rows = chosen[step.rows] = ROW_NEEDS[step.rows](evaluation.rows)
                for row in rows:
                    hit = check.row(context, row)
                    if hit is not None:
                        append(Finding(severity, code, hit[0], hit[1], hit[2]))
            if check.run is not None:
                for message, where, path in check.run(context):
                    append(Finding(severity, code, message, where, path))
        return findings


def guard_of(code: str, needs: tuple[str, ...]) -> Guard:
    """One test for “the department has one of these”: figures and values by a set test, the rest by name."""
    tests: list[Guard] = []
    figures = frozenset(need[len(FIGURE):] for need in needs if need.startswith(FIGURE))
    values = frozenset(need[len(VALUE):] for need in needs if need.startswith(VALUE))
    if figures:
        tests.append(lambda facts, _evaluation: not facts.figures.keys().isdisjoint(figures))
    if values:
        tests.append(lambda _facts, evaluation: not evaluation.values.keys().isdisjoint(values))
    for need in needs:
        if need.startswith((FIGURE, VALUE)):
            continue
        if need not in DEPARTMENT_NEEDS:
            known = "、".join([*DEPARTMENT_NEEDS, FIGURE + "数据项", VALUE + "数据项"])
            raise ValueError(f"检查“{code}”声明读取的“{need}”未知（可用：{known}）")
        tests.append(DEPARTMENT_NEEDS[need])
    if len(tests) == 1:
        return tests[0]

    def any_of(facts: Facts, evaluation: Evaluation) -> bool:
        for test in tests:
            if test(facts, evaluation):
                return True
        return False

    return any_of
