"""Each check fires on the slip it is for and stays quiet on correct input."""
from dataclasses import replace
from decimal import Decimal

import pytest

from conftest import ROOT, one_row_framework
from jixiao.checks import default_checks, run_checks
from jixiao.engine import evaluate
from jixiao.loaders.facts_build import build_facts
from jixiao.model.facts import Judged, RowFacts
from jixiao.model.result import Where
from jixiao.review import evaluate_and_check

RATIO = {"kind": "ratio", "figure": "预算执行率"}
SATISFACTION = {"kind": "tiers", "figure": "满意度", "tiers": [{"when": "≥95%", "score": 6}, {"when": "≥90%", "score": 4}, {"when": "≥80%", "score": 2}, {"score": 1}]}


def review(figures=None, row=None, rule=None, weight=10, **top):
    framework = one_row_framework(rule or RATIO, weight)
    raw = {"department": "测试单位", "year": 2021, "framework": "one-row", "unit": "万元", "figures": figures or {}, **top}
    if row is not None:
        raw["rows"] = {"指标": row}
    facts = build_facts(raw, lambda loc: Where("t.yaml", field=".".join(map(str, loc))), framework)
    return evaluate_and_check(framework, facts)


def codes(result):
    return {f.code for f in result.findings}


FULL = {"调整后预算": 100, "实际支出": 100}
EXPLAINED = {"reason": "原因", "improvement": "措施"}

CASES = [
    # code, firing input, quiet input (kwargs for review)
    ("stated-score-out-of-range", dict(figures=FULL, row={"stated_score": 11}), dict(figures=FULL, row={"stated_score": 10})),
    ("stated-total-sum", dict(figures=FULL, row={"stated_score": 10}, stated_total=9.5), dict(figures=FULL, row={"stated_score": 10}, stated_total=10)),
    ("stated-total", dict(figures=FULL, stated_total=9), dict(figures=FULL, stated_total=10)),
    ("stated-score", dict(figures={"调整后预算": 100, "实际支出": "99.89"}, row={"stated_score": 9.98, **EXPLAINED}), dict(figures={"调整后预算": 100, "实际支出": "99.89"}, row={"stated_score": 9.99, **EXPLAINED})),
    ("stated-grade", dict(figures=FULL, stated_grade="优"), dict(figures=FULL, stated_grade="差")),  # 10 points of 10 is 差 on absolute bands
    # 预算 200.00、执行 180.00 → 90.00%, stated 95.00%
    ("stated-rate", dict(figures={"调整后预算": 200, "实际支出": 180, "预算执行率": "95.00%"}, row=EXPLAINED), dict(figures={"调整后预算": 200, "实际支出": 180, "预算执行率": "90.00%"}, row=EXPLAINED)),
    # 大鹏 2021: 720.75 + 774.27 + 8335.33 + 69.51 = 9899.86 ≠ 9909.86
    ("parts-sum", dict(figures={**FULL, "总资产": "9909.86", "流动资产": "720.75", "固定资产": "774.27", "在建工程": "8335.33", "无形资产": "69.51"}), dict(figures={**FULL, "总资产": "9899.86", "流动资产": "720.75", "固定资产": "774.27", "在建工程": "8335.33", "无形资产": "69.51"})),
    ("part-above-whole", dict(figures={**FULL, "固定资产原值": "197273890.80元", "在用固定资产原值": "197823733.30元"}), dict(figures={**FULL, "固定资产原值": "197823733.30元", "在用固定资产原值": "197273890.80元"})),
    ("stated-differently", dict(figures={**FULL, "在编人数": 22}, also_stated={"在编人数": [{"value": 23, "source": "基本情况"}]}), dict(figures={**FULL, "在编人数": 22}, also_stated={"在编人数": [{"value": 22, "source": "基本情况"}]})),
    ("negative-amount", dict(figures={**FULL, "年末结转结余": "-12.50"}), dict(figures={**FULL, "年末结转结余": "12.50"})),
    ("rate-above-100", dict(figures={**FULL, "满意度": "101%"}), dict(figures={**FULL, "满意度": "99%"})),
    ("negative-rate", dict(figures={**FULL, "满意度": "-5%"}), dict(figures={**FULL, "满意度": "95%"})),
    # 大鹏 2021 reads 32.74% / 63.93%; a Q1 typed as 99% makes the cumulative progress fall
    ("quarterly-progress-decreasing", dict(figures={**FULL, "一季度支出进度": "99%", "二季度支出进度": "63.93%"}), dict(figures={**FULL, "一季度支出进度": "32.74%", "二季度支出进度": "63.93%"})),
    ("quarterly-progress-above-100", dict(figures={**FULL, "三季度支出进度": "80.12%", "四季度支出进度": "150%"}), dict(figures={**FULL, "三季度支出进度": "80.12%", "四季度支出进度": "99.8%"})),
    ("stated-total-out-of-range", dict(figures=FULL, stated_total=200), dict(figures=FULL, stated_total=10)),
    ("met-contradicts-actual", dict(rule={"kind": "target"}, row={"target": "健全", "actual": "不健全", "met": True}), dict(rule={"kind": "target"}, row={"target": "健全", "actual": "不健全", "met": False, **EXPLAINED})),
    ("execution-above-100", dict(figures={"调整后预算": 100, "实际支出": 105}), dict(figures={"调整后预算": 100, "实际支出": 105}, narrative={"超支说明": "追加的防汛资金先行支付"})),
    ("staff-above-establishment", dict(figures={**FULL, "核定编制": 24, "在编人数": 25}), dict(figures={**FULL, "核定编制": 24, "在编人数": 22})),
    ("unit-slip", dict(figures={"调整后预算": 76210500, "实际支出": "7606.15", "年初预算": "5281.87", "政府采购预算": "635.3"}), dict(figures={"调整后预算": "7621.05", "实际支出": "7606.15", "年初预算": "5281.87", "政府采购预算": "635.3"})),
    ("lost-points-without-reason", dict(figures={"调整后预算": 100, "实际支出": 90}), dict(figures={"调整后预算": 100, "实际支出": 90}, row=EXPLAINED)),
    ("quarterly-behind-schedule", dict(figures={**FULL, "一季度支出进度": "30%", "二季度支出进度": "40%"}), dict(figures={**FULL, "一季度支出进度": "32.74%", "二季度支出进度": "63.93%"})),
    # 大鹏's 满意度 tiers (≥95% 6, ≥90% 4, ≥80% 2, else 1): 0.985 is read as 0.985% and scores 1; "0.985%" said so itself
    ("percent-as-fraction", dict(rule=SATISFACTION, weight=6, figures={"满意度": "0.985"}), dict(rule=SATISFACTION, weight=6, figures={"满意度": "98.5"})),
    ("percent-as-fraction", dict(rule=RATIO, figures={**FULL, "预算执行率": Decimal("0.998")}), dict(rule=RATIO, figures={**FULL, "预算执行率": "0.998%"})),
    ("target-execution-gap", dict(figures={"调整后预算": 100, "实际支出": 99, "计划目标数": 10, "已实现目标数": 7}, row=EXPLAINED), dict(figures={"调整后预算": 100, "实际支出": 99, "计划目标数": 10, "已实现目标数": 9}, row=EXPLAINED)),
]


@pytest.mark.parametrize("code, firing, quiet", CASES, ids=[c[0] for c in CASES])
def test_check_fires_and_stays_quiet(code, firing, quiet):
    assert code in codes(review(**firing))
    assert code not in codes(review(**quiet))


def test_weights_add_up_on_a_broken_framework():
    framework = one_row_framework(RATIO, 10)
    facts = build_facts({"department": "x", "year": 2021, "framework": "one-row", "unit": "万元", "figures": FULL}, lambda loc: Where("t"), framework)
    good = evaluate(framework, facts)
    assert "weights-add-up" not in {f.code for f in run_checks(framework, facts, good)}
    leaf = framework.nodes[0].children[0]
    broken = replace(framework, nodes=(replace(framework.nodes[0], children=(replace(leaf, weight=Decimal(9)),)),))
    assert "weights-add-up" in {f.code for f in run_checks(broken, facts, evaluate(broken, facts))}


def test_not_applicable_weighted_slot_row():
    from jixiao.loaders.frameworks import load_framework

    framework = load_framework("jiangxi-2021")
    raw = {"department": "x", "year": 2021, "framework": "jiangxi-2021", "slots": {"效果指标": [{"name": "经济效益", "group": "经济效益指标", "weight": 5, "not_applicable": "不产生经济效益"}]}}
    facts = build_facts_lenient(raw, framework)
    assert "not-applicable-weighted" in {f.code for f in run_checks(framework, facts, evaluate(framework, facts))}
    quiet = replace(facts, slots={path: tuple(replace(r, weight=Decimal(0)) for r in rows) for path, rows in facts.slots.items()})
    assert "not-applicable-weighted" not in {f.code for f in run_checks(framework, quiet, evaluate(framework, quiet))}


def build_facts_lenient(raw, framework):
    """Facts that the loader would refuse (slot weights not adding up), built for a check to see."""
    from jixiao.loaders.problems import InputError

    try:
        return build_facts(raw, lambda loc: Where("t"), framework)
    except InputError as error:
        assert any("分值合计" in p.message or "缺少" in p.message for p in error.problems)
    from jixiao.model.facts import Facts, SlotRow

    path = framework.resolve("效果指标", slots=True)[0][0]
    row = raw["slots"]["效果指标"][0]
    slot_row = SlotRow(row["name"], Decimal(row["weight"]), RowFacts(not_applicable=row["not_applicable"]), row["group"], Where("t"))
    return Facts("x", 2021, "jiangxi-2021", {}, {}, {path: (slot_row,)})


@pytest.mark.parametrize("field, value", [("judged", Judged(Decimal(18), "")), ("exempt", " ")])
def test_process_checks_on_programmatic_facts(field, value):
    framework = one_row_framework({"kind": "judgement"}, 20)
    facts = build_facts({"department": "x", "year": 2021, "framework": "one-row", "rows": {"指标": {"score": 18, "basis": "依据"}}}, lambda loc: Where("t"), framework)
    path = next(iter(facts.rows))
    broken = replace(facts, rows={path: replace(facts.rows[path], **{field: value})})
    code = "judged-without-basis" if field == "judged" else "exemption-without-reason"
    assert code in {f.code for f in run_checks(framework, broken, evaluate(framework, broken))}
    assert code not in {f.code for f in run_checks(framework, facts, evaluate(framework, facts))}


def test_every_registered_check_is_documented_and_tested():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    tested = {c[0] for c in CASES} | {"weights-add-up", "not-applicable-weighted", "judged-without-basis", "exemption-without-reason"}
    tested |= {"table-rate", "table-total"}  # tests/ingest/test_money_tables.py
    tested |= {"sentence-rate", "sentence-growth", "sentence-parts", "sentence-count", "sentence-repeated-name"}  # tests/ingest/test_narrative_claims.py
    from projects.test_checks import CASES as PROJECT_CASES  # tests/projects/test_checks.py

    tested |= {c[0] for c in PROJECT_CASES} | {"project-target-differs", "project-attachment-missing"}
    tested |= {"project-forecast-contradicted"}  # tests/projects/test_monitored.py
    for check in default_checks().checks():
        section = text.split(f"## `{check.code}`")
        assert len(section) == 2, f"docs/checks.md 缺少检查 {check.code} 的说明"
        assert "例：" in section[1].split("\n## ")[0], f"docs/checks.md 中 {check.code} 没有例子"
        assert check.code in tested, f"检查 {check.code} 没有测试"


@pytest.mark.parametrize("spent, met, planned", [(100, 9, 10), (100, 8, 10), ("89.99", 10, 10), (90, 10, 10), ("76.66", 2, 3), ("56.66", 2, 3), (99, 7, 10)])
def test_target_execution_gap_at_its_bound(spent, met, planned):
    # fires only when |已实现/计划 − 执行率| > 10 个百分点 (decided in integers): 100% against 9/10 is exactly 10, quiet;
    # 89.99% against 10/10 is 10.01, fires; 76.66% against 2/3 (66.67%) is 9.99, quiet; 56.66% is 10.01, fires
    from fractions import Fraction

    result = review({"调整后预算": 100, "实际支出": spent, "计划目标数": planned, "已实现目标数": met}, row=EXPLAINED)
    expected = abs(Fraction(met, planned) - Fraction(str(spent)) / 100) > Fraction(1, 10)
    assert ("target-execution-gap" in codes(result)) == expected
    assert expected == ((spent, met, planned) in [(100, 8, 10), ("89.99", 10, 10), ("56.66", 2, 3), (99, 7, 10)])
