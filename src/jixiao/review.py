"""The whole pipeline for one facts file: load → evaluate → check, findings together."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jixiao.checks import run_checks
from jixiao.engine import evaluate
from jixiao.loaders.facts import load_facts
from jixiao.loaders.frameworks import load_framework
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import SEVERITIES, Evaluation


def evaluate_and_check(framework: Framework, facts: Facts) -> Evaluation:
    result = evaluate(framework, facts)
    findings = list(result.findings) + run_checks(framework, facts, result)
    findings.sort(key=lambda f: SEVERITIES.index(f.severity))  # stable: errors first, then in check order
    return replace(result, findings=tuple(findings))


def review_file(path: Path, framework_reference: str | None = None) -> tuple[Facts, Framework, Evaluation]:
    """Raises InputError for input that cannot be read."""
    chosen = load_framework(framework_reference) if framework_reference else None
    facts, framework = load_facts(path, chosen)
    return facts, framework, evaluate_and_check(framework, facts)
