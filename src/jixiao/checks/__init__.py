"""Review checks (复核): what does not add up, contradicts itself or breaks a rule, with where.

Each check is a small function registered with its code, severity, Chinese title and a
documented example (docs/checks.md; a test fails when a registered check has none).
Built-in checks come through the `jixiao.checks` entry point, the same way a plugin's do.
A check yields (message, where, path); the runner turns these into findings.

A check about single rows may instead give `row`: a function of (context, row) returning
one hit or None, called for each scored row (or only the rows its `row_needs` names).
A check may declare what it reads (`needs`): the plan made once per framework (checks/plan.py)
then skips it, with one test, for a department that has none of it.
"""
from __future__ import annotations

import functools

from jixiao.checks.registry import Check, CheckContext, CheckRegistry, Hit, Needs
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import Evaluation, Finding
from jixiao.plugins import load_entry_points

__all__ = ["Check", "CheckContext", "CheckRegistry", "Hit", "Needs", "default_checks", "run_checks"]


@functools.lru_cache(maxsize=1)
def default_checks() -> CheckRegistry:
    registry = CheckRegistry()
    load_entry_points("jixiao.checks", registry, "jixiao.checks.builtin:register")
    return registry


def run_checks(framework: Framework, facts: Facts, evaluation: Evaluation, registry: CheckRegistry | None = None) -> list[Finding]:
    return (registry or default_checks()).plan_for(framework).run(facts, evaluation)
