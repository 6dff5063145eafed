"""The whole pipeline for one facts file: load → evaluate → check, findings together."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jixiao.checks import run_checks
from jixiao.ingest.source import REPORT_SUFFIXES
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


def is_facts_file(path: Path) -> bool:
    """YAML facts, or a filled 填报表; anything else is a published report to ingest."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return True
    if suffix in (".xlsx", ".xlsm"):
        from jixiao.loaders.workbook import open_workbook_safely
        from jixiao.template_layout import SHEET_INFO, SHEET_ROWS

        names = open_workbook_safely(path).sheetnames
        return SHEET_INFO in names and SHEET_ROWS in names
    return False


def review_file(path: Path, framework_reference: str | None = None) -> tuple[Facts, Framework, Evaluation]:
    """Facts files are loaded; published reports are ingested first. Raises InputError for unreadable input."""
    if not is_facts_file(path) and path.suffix.lower() in REPORT_SUFFIXES:
        from jixiao.ingest.report import facts_for_check, ingest

        facts, framework = facts_for_check(ingest(path))
        return facts, framework, evaluate_and_check(framework, facts)
    chosen = load_framework(framework_reference) if framework_reference else None
    facts, framework = load_facts(path, chosen)
    return facts, framework, evaluate_and_check(framework, facts)
