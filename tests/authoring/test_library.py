"""The indicator library: every indicator's suggested rule, formula and figures make a valid framework row,
which scores the library's example unit from its figures (no figure missing)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.authoring.library import example_figures, library, library_figures
from jixiao.engine import evaluate
from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.framework_build import build_framework
from jixiao.loaders.frameworks import common_catalogue
from jixiao.model.result import Where
from jixiao.rules import default_registry


def one_row(key: str, weight: Decimal):
    indicator = library()[key]
    rule = indicator.rule_for(weight)
    used = {rule[name] for name in ("figure", "done", "planned") if name in rule}
    figures, derived = library_figures(used, common_catalogue())
    raw = {"id": "lib", "name": "指标库", "total": weight, "figures": figures, "derived": derived,
           "indicators": [{"name": key.replace("/", "／"), "weight": weight, "explanation": indicator.explanation, "rule": rule}]}
    return build_framework(raw, lambda loc: Where("library", field=str(loc)), default_registry(), common=common_catalogue())


def test_the_library_holds_53s_common_indicators():
    keys = set(library())
    assert {"预算完成率", "政府采购执行率", "“三公经费”控制率", "固定资产利用率", "重点工作办结率", "社会公众或服务对象满意度", "在职人员控制率"} <= keys
    assert library()["政府采购执行率"].formula == "实际采购金额 / 政府采购预算"  # from the shared catalogue: the rule reads it
    assert library()["支付进度率"].formula == "实际支付进度 / 既定支付进度"


@pytest.mark.parametrize("key", sorted(library()))
def test_each_indicator_makes_a_valid_row_that_scores_the_example(key):
    framework = one_row(key, Decimal(6))
    given = {k: str(v) for k, v in example_figures().items() if k in framework.figures}
    facts = build_facts({"department": "示例单位", "year": 2024, "framework": "lib", "unit": "万元", "figures": given}, lambda loc: Where(), framework)
    result = evaluate(framework, facts)
    assert not [f for f in result.findings if f.code == "missing-figure"], key
    assert Decimal(0) <= result.rows[0].score <= Decimal(6)


def test_tier_scores_follow_the_weight():
    # 固定资产利用率 for 3 points: ≥90% → 3, ≥75% → 1.5, else 0; the example's 1012.8 / 1063.4 = 95.24% → 3
    framework = one_row("固定资产利用率", Decimal(3))
    tiers = framework.nodes[0].rule.params.tiers
    assert [t.score for t in tiers] == [Decimal(3), Decimal("1.5"), Decimal(0)]
