"""Registers the built-in rule kinds; a plugin's entry point looks exactly like this."""
from __future__ import annotations

from jixiao.rules import RuleRegistry
from jixiao.rules import (
    bonus,
    checklist,
    completion,
    deduction,
    indicator,
    judgement,
    not_applicable,
    over_limit,
    quarterly,
    ratio,
    sum_of_parts,
    target,
    tiers,
)

BUILTIN_KINDS = (ratio, tiers, sum_of_parts, quarterly, completion, deduction, checklist, over_limit, target, bonus, not_applicable, judgement, indicator)


def register(registry: RuleRegistry) -> None:
    for module in BUILTIN_KINDS:
        registry.register(module.KIND)
