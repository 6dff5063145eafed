"""The what-if's compiled totals are exactly the engine's: a differential test on generated departments
(bench/generate.py) under the built-in framework and changed versions of it, including departments whose
rows the compiled code must decline (不适用, 免于扣分, a missing figure, a zero divisor, a judged override)."""
from __future__ import annotations

import copy
import random
import sys
from decimal import Decimal

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import departments  # noqa: E402

from jixiao.authoring.raw import framework_raw  # noqa: E402
from jixiao.engine import evaluate  # noqa: E402
from jixiao.loaders.facts import load_facts  # noqa: E402
from jixiao.loaders.facts_build import build_facts  # noqa: E402
from jixiao.loaders.framework_build import build_framework  # noqa: E402
from jixiao.loaders.frameworks import common_catalogue, load_framework  # noqa: E402
from jixiao.model.result import Where  # noqa: E402
from jixiao.rules import default_registry  # noqa: E402
from jixiao.whatif.compare import score_baseline, what_if  # noqa: E402
from jixiao.whatif.compiled import total_scorer  # noqa: E402

N = 400


def build(raw: dict):
    return build_framework(raw, lambda loc: Where("test", field=str(loc)), default_registry(), common=common_catalogue())


def leaves(raw: dict) -> list[dict]:
    out = []

    def walk(nodes):
        for node in nodes:
            if node.get("children"):
                walk(node["children"])
            else:
                out.append(node)

    walk(raw["indicators"])
    return out


def variants() -> dict[str, object]:
    """shenzhen-2019 and versions a bureau might try: weights moved, a tier changed, bands, rounding, a formula."""
    base = framework_raw(load_framework("shenzhen-2019"), common_catalogue())
    out = {}
    tiered = copy.deepcopy(base)
    for leaf in leaves(tiered):
        if leaf["rule"]["kind"] == "tiers":
            leaf["rule"]["tiers"][0]["when"] = leaf["rule"]["tiers"][0]["when"].replace("9", "8", 1)
    out["tiers"] = build(tiered)
    bands = copy.deepcopy(base)
    bands["grades"] = [{"grade": "优", "min": Decimal("92.5")}, {"grade": "良", "min": 85}, {"grade": "合格", "min": 60}, {"grade": "差", "min": 0}]
    out["bands"] = build(bands)
    rounding = copy.deepcopy(base)
    rounding["rounding"] = {"places": 1, "mode": "half_even"}
    out["rounding"] = build(rounding)
    formula = copy.deepcopy(base)
    # 固定资产利用率 (a tiers row reads it) over the assets' value less 10%
    formula["derived"] = {"固定资产利用率": {"name": "固定资产利用率", "kind": "percent", "formula": "在用固定资产原值 / (固定资产原值 * 0.9)"}}
    out["formula"] = build(formula)
    reweighted = copy.deepcopy(base)
    # a checklist row's criteria split differently (same weight): unmet criteria now cost more or less
    for leaf in leaves(reweighted):
        if leaf["rule"]["kind"] == "checklist" and len(leaf["rule"]["criteria"]) >= 2:
            first, second = leaf["rule"]["criteria"][:2]
            first["points"], second["points"] = Decimal(str(first["points"])) + Decimal("0.5"), Decimal(str(second["points"])) - Decimal("0.5")
            break
    out["criteria"] = build(reweighted)
    return out


def unusual(raws: list[dict], seed: int = 7) -> list[dict]:
    """Some departments with what the quick path declines."""
    rng = random.Random(seed)
    out = copy.deepcopy(raws)
    for raw in out:
        pick = rng.random()
        if pick < 0.05:
            raw["rows"]["固定资产利用率"] = {"not_applicable": "本单位无固定资产"}
        elif pick < 0.10:
            raw["rows"]["预算编制规范性"] = {"exempt": "上级统一安排", "deductions": ["项目库管理不规范"]}
        elif pick < 0.15:
            del raw["figures"]["满意度"]
        elif pick < 0.20:
            raw["figures"]["调整后预算"] = 0
        elif pick < 0.25:
            raw["rows"]["项目完成及时性"] = {"score": 3, "basis": "评价人员核定"}
    return out


@pytest.fixture(scope="module")
def facts():
    framework = load_framework("shenzhen-2019")
    raws = unusual(departments(N, seed=23))
    return [build_facts(raw, lambda loc: Where(), framework) for raw in raws]


def test_compiled_totals_are_the_engines(facts):
    framework = load_framework("shenzhen-2019")
    scorer = total_scorer(framework)
    assert scorer.units is not None  # every row of shenzhen-2019 has a quick function
    declined = sum(scorer.declined(f) for f in facts)
    assert 40 < declined < N // 2  # the unusual ones, and only about them: both paths are exercised
    for department in facts:
        result = evaluate(framework, department)
        assert scorer.total_and_grade(department) == (result.total, result.grade), department.department


@pytest.mark.parametrize("name", ["tiers", "bands", "rounding", "formula", "criteria"])
def test_what_if_new_totals_are_the_engines(name, facts):
    old = load_framework("shenzhen-2019")
    new = variants()[name]
    result = what_if(old, new, facts)
    for move, department in zip(result.moves, facts):
        before, after = evaluate(old, department), evaluate(new, department)
        assert (move.old_total, move.old_grade) == (before.total, before.grade)
        assert (move.new_total, move.new_grade) == (after.total, after.grade), (name, department.department)
    assert result.score_changes > 0 or name == "bands"
    if name == "bands":  # same scores, new bands: only grades move
        assert result.score_changes == 0 and result.grade_changes > 0


def test_what_if_summary_numbers(facts):
    old = load_framework("shenzhen-2019")
    new = variants()["bands"]
    result = what_if(old, new, facts)
    # 优 now needs 92.5 instead of 90: exactly the departments with 90 ≤ total < 92.5 and grade 优 move to 良,
    # 良 needs 85 instead of 80: those with 80 ≤ total < 85 move to 合格; and 中 (60 ≤ total < 80) is now called 合格.
    expected = sum(1 for m in result.moves if Decimal(90) <= m.old_total < Decimal("92.5") or Decimal(60) <= m.old_total < Decimal(85))
    assert result.grade_changes == expected > 0
    distribution = {grade: (before, after) for grade, before, after in result.grade_distribution()}
    assert sum(b for b, _a in distribution.values()) == sum(a for _b, a in distribution.values()) == N
    assert distribution["合格"][0] == 0 and distribution["中"][1] == 0  # 中 is an old grade only
    tiers = what_if(old, variants()["tiers"], facts)
    top = tiers.largest_moves(5)
    assert [abs(m.change) for m in top] == sorted((abs(m.change) for m in tiers.moves), reverse=True)[:5]


def test_baseline_is_reused_and_slots_take_the_engine():
    framework = load_framework("guangzhou-2021")
    facts = [load_facts(ROOT / "examples" / "guangzhou-2021.yaml", framework)[0]]
    baseline = score_baseline(framework, facts)
    assert baseline.totals[0] == evaluate(framework, facts[0]).total == Decimal("94.36")  # README: 94.36
    raw = framework_raw(framework, common_catalogue())
    raw["grades"] = [{"grade": "优", "min": 95}, {"grade": "良", "min": 0}]
    result = what_if(framework, build(raw), facts, baseline=baseline)
    assert [(m.old_grade, m.new_grade, m.new_total) for m in result.moves] == [("优", "良", Decimal("94.36"))]


def test_generated_source_holds_no_user_text():
    hostile = '"); __import__("os").system("echo hacked") #'
    raw = {"id": "h", "name": hostile, "total": 10, "figures": {hostile: {"name": hostile, "kind": "percent"}},
           "indicators": [{"name": hostile.replace("/", ""), "weight": 10, "rule": {"kind": "ratio", "figure": hostile}}]}
    framework = build(raw)
    scorer = total_scorer(framework)
    assert hostile not in scorer.units.source and "__import__" not in scorer.units.source
    facts = build_facts({"department": "甲", "year": 2024, "framework": "h", "figures": {hostile: "75%"}}, lambda loc: Where(), framework)
    assert scorer.total_and_grade(facts) == (Decimal("7.50"), evaluate(framework, facts).grade)  # 75% × 10 = 7.5


def test_bonus_rows_below_zero_match_the_engine():
    # A 加减分 row as guangzhou-2021's 工作受表彰或批评 (2.5 per item, ±5) beside a ratio row: penalties make the row
    # negative; the new version's 1.25 per item with 1 place half-even rounding makes half-way negative scores
    # (-1.25 → -1.2, -3.75 → -3.8), which the compiled code must round as the engine does.
    def framework(per_item: str, rounding: dict | None = None):
        raw = {"id": "b", "name": "加减分", "total": 10, "indicators": [
            {"name": "预算执行率", "weight": 5, "rule": {"kind": "ratio", "figure": "满意度"}},
            {"name": "工作受表彰或批评", "weight": 5, "bonus": True, "rule": {"kind": "bonus", "per_item": Decimal(per_item), "cap": 5}}]}
        if rounding:
            raw["rounding"] = rounding
        return build(raw)

    old, new = framework("2.5"), framework("1.25", {"places": 1, "mode": "half_even"})
    facts = [
        build_facts({"department": f"单位{b}{p}", "year": 2024, "framework": "b", "figures": {"满意度": "93.3%"},
                     "rows": {"工作受表彰或批评": {"bonuses": ["表扬"] * b, "penalties": ["批评"] * p}}}, lambda loc: Where(), old)
        for b in range(3) for p in range(4)
    ]
    assert not any(total_scorer(old).declined(f) or total_scorer(new).declined(f) for f in facts)
    result = what_if(old, new, facts)
    for move, department in zip(result.moves, facts):
        assert (move.old_total, move.new_total) == (evaluate(old, department).total, evaluate(new, department).total)
    # 单位03: 93.3% × 5 = 4.665 → 4.67 and 3 penalties × 2.5 = -5 (capped): 4.67 - 5 = -0.33; new: 4.665 → 4.7 (1 place), -3.75 → -3.8
    by_name = {m.department: m for m in result.moves}
    assert (by_name["单位03"].old_total, by_name["单位03"].new_total) == (Decimal("-0.33"), Decimal("0.9"))
