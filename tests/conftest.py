"""Shared fixtures: paths to the examples, a CLI runner, and a one-row framework builder."""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import settings

# Properties are about values, not speed: a shared 2-core machine under load made a 200 ms deadline flaky
# (test_execution_colour_monotone_in_spending once). Speed is measured in bench/, never by a test's deadline.
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # test helpers such as xlsx_fill

EXAMPLES = ROOT / "examples"
DAPENG = EXAMPLES / "dapeng-2021.yaml"
GUANGZHOU = EXAMPLES / "guangzhou-2021.yaml"
JIANGXI_DEMO = EXAMPLES / "jiangxi-demo-2021.yaml"
# Examples of the 部门整体 self-evaluation (monitoring examples, 监控 in their names, are another kind of file).
DEPARTMENT_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml") if "监控" not in p.name)


@pytest.fixture
def cli():
    """Invoke the CLI in-process; returns (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(app, [str(a) for a in args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def one_row_framework(rule: dict, weight, bonus: bool = False):
    """A framework with a single leaf carrying the rule; total = weight."""
    from jixiao.loaders.framework_build import build_framework
    from jixiao.loaders.frameworks import _common_figures
    from jixiao.model.result import Where
    from jixiao.rules import default_registry

    raw = {
        "id": "one-row",
        "name": "单行测试",
        "total": weight,
        "indicators": [{"name": "一级", "weight": weight, "children": [{"name": "指标", "weight": weight, "bonus": bonus, "rule": rule}]}],
    }
    return build_framework(raw, lambda loc: Where("test"), default_registry(), common=_common_figures())


def score_one(rule: dict, weight, figures: dict | None = None, row: dict | None = None, bonus: bool = False) -> Decimal:
    """Evaluate one row and return its rounded score; fails the test on a blocking finding."""
    from jixiao.engine import evaluate
    from jixiao.loaders.facts_build import build_facts
    from jixiao.model.result import Where

    framework = one_row_framework(rule, weight, bonus)
    raw = {"department": "测试单位", "year": 2021, "framework": "one-row", "unit": "万元", "figures": figures or {}, "rows": {"指标": row} if row else {}}
    facts = build_facts(raw, lambda loc: Where("test"), framework)
    result = evaluate(framework, facts)
    blocking = [f.message for f in result.findings if f.blocking]
    assert not blocking, blocking
    return result.rows[0].score
