"""The whole pipeline for one facts file: load → evaluate → check, findings together; and for many at once."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterable, Iterator
from pathlib import Path

from jixiao.checks import run_checks
from jixiao.ingest.source import REPORT_SUFFIXES
from jixiao.engine import evaluate
from jixiao.loaders.facts import load_facts
from jixiao.loaders.frameworks import load_framework
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import SEVERITIES, Evaluation, Finding

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def evaluate_and_check(framework: Framework, facts: Facts) -> Evaluation:
    return checked(framework, facts, evaluate(framework, facts))


def evaluate_and_check_all(framework: Framework, many: Iterable[Facts]) -> list[Evaluation]:
    """Many departments under one framework, with Python's cycle collector paused while they are scored.

    Scoring makes no reference cycles (tests/test_review_batch.py proves it on every example and generated
    department), so reference counting frees everything and the cycle collector has nothing to find; yet a batch
    that keeps its results (10,000 departments: ~450,000 objects) can set off a full collection that walks every
    live object, the loaded inputs too: ~0.7 s beside ~1.4 s of scoring, measured right after loading 10,000
    departments. The collector's state is restored afterwards.
    """
    with cycle_collector_paused(kept=True):
        return [evaluate_and_check(framework, facts) for facts in many]


@contextmanager
def cycle_collector_paused(kept: bool = False) -> Iterator[None]:
    """`kept`: what was made meanwhile is kept (a batch's results), so it goes straight to the oldest generation.

    Switched on again, the collector would first walk every object made while it was off (its youngest
    generation: a batch of 10,000 projects makes ~500,000, a quarter of the batch's time) only to find them
    alive. gc.freeze() then gc.unfreeze() moves every tracked object to the oldest generation at once, where a
    later full collection sees them as it would have anyway; done only when nothing else had objects frozen.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if kept and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def checked(framework: Framework, facts: Facts, result: Evaluation) -> Evaluation:
    """The evaluation with the checks' findings after its own, errors first, then in check order."""
    findings = [*result.findings, *run_checks(framework, facts, result)]
    if not findings:
        return result
    findings.sort(key=lambda finding: SEVERITY_RANK[finding.severity])  # stable
    return _with_findings(result, tuple(findings))


def _with_findings(result: Evaluation, findings: tuple[Finding, ...]) -> Evaluation:
    """`replace` runs the frozen dataclass's __init__ again, field by field (6 µs a department); copying
    the fields as they are is a seventh of that. The same object either way (tests/checks/test_check_plan.py)."""
    if not hasattr(result, "__dict__"):  # a slotted Evaluation has no fields to copy at once
        return replace(result, findings=findings)
    copy = object.__new__(type(result))
    copy.__dict__.update(result.__dict__)
    copy.__dict__["findings"] = findings
    return copy


def is_facts_file(path: Path) -> bool:
    """YAML facts, or a filled 填报表; anything else is a published report to ingest."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return True
    if suffix in (".xlsx", ".xlsm"):
        from jixiao.loaders.workbook import open_workbook_safely
        from jixiao.loaders.template_layout import SHEET_INFO, SHEET_ROWS

        names = open_workbook_safely(path).sheetnames
        return SHEET_INFO in names and SHEET_ROWS in names
    return False


def is_project_file(path: Path) -> bool:
    """A project self-evaluation (jixiao.projects): YAML that names its project and gives its funds."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.projects.load import is_project_mapping

    return is_project_mapping(load_yaml(path))


def review_file(path: Path, framework_reference: str | None = None) -> tuple[Facts, Framework, Evaluation]:
    """Facts files are loaded; published reports are ingested first. Raises InputError for unreadable input."""
    if not is_facts_file(path) and path.suffix.lower() in REPORT_SUFFIXES:
        from jixiao.ingest.report import facts_for_check, ingest

        facts, framework = facts_for_check(ingest(path))
        return facts, framework, evaluate_and_check(framework, facts)
    chosen = load_framework(framework_reference) if framework_reference else None
    if is_project_file(path):
        from jixiao.projects.load import load_project

        facts, framework = load_project(path, chosen)
        return facts, framework, evaluate_and_check(framework, facts)
    facts, framework = load_facts(path, chosen)
    return facts, framework, evaluate_and_check(framework, facts)
