"""Registers the built-in checks; a plugin's entry point looks exactly like this."""
from __future__ import annotations

from jixiao.checks import CheckRegistry
from jixiao.checks import consistency, impossible, integrity, narrative, percent_scale, plausibility, process, projects, stated, stated_tables

MODULES = (integrity, stated, stated_tables, narrative, consistency, plausibility, percent_scale, impossible, process, projects)


def register(registry: CheckRegistry) -> None:
    for module in MODULES:
        for check in module.CHECKS:
            registry.register(check)
