"""The check plan: what checks declare they read only skips them, never changes a finding."""
from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest

from checks import varied
from checks.test_checks import CASES
from conftest import ROOT, one_row_framework
from jixiao.checks import Check, CheckRegistry, default_checks, run_checks
from jixiao.checks.builtin import register
from jixiao.checks.plan import DEPARTMENT_NEEDS, ROW_NEEDS, CheckPlan
from jixiao.engine import evaluate
from jixiao.loaders.facts_build import build_facts
from jixiao.model.result import Where
from jixiao.review import checked


def _corpus():
    yield from varied.files()
    yield from varied.cases(CASES)
    yield from varied.generated(400)
    yield from varied.jiangxi(60)
    yield from varied.projects()


def test_the_plan_finds_exactly_what_every_check_on_every_row_finds():
    checks = default_checks().checks()
    fired: Counter = Counter()
    plans: dict = {}
    for framework, facts in _corpus():
        if framework not in plans:
            plans[framework] = (CheckPlan.build(checks, framework), CheckPlan.build(checks, framework, guarded=False))
        guarded, unguarded = plans[framework]
        evaluation = evaluate(framework, facts)
        found = guarded.run(facts, evaluation)
        assert found == unguarded.run(facts, evaluation), facts.department
        fired.update(f.code for f in found)
    # the comparison means something only if every check found something somewhere
    assert {c.code for c in checks} <= set(fired), {c.code for c in checks} - set(fired)


def _department(framework, **top):
    raw = {"department": "测试单位", "year": 2021, "framework": "one-row", "unit": "万元", "figures": {"调整后预算": 100, "实际支出": 90}, **top}
    facts = build_facts(raw, lambda loc: Where("t.yaml"), framework)
    return facts, evaluate(framework, facts)


def test_a_plugin_check_that_declares_nothing_always_runs():
    registry = CheckRegistry()
    register(registry)  # the built-ins, as the entry point registers them
    seen = []
    registry.register(Check("plugin-every-department", "info", "插件", lambda ctx: [("插件检查", ctx.source, ())]))
    registry.register(Check("plugin-every-row", "info", "插件行", None, row=lambda ctx, row: seen.append(row.path) or None))
    framework = one_row_framework({"kind": "ratio", "figure": "预算执行率"}, 10)
    facts, evaluation = _department(framework)  # no stated total, grade, slots, tables: most built-ins are skipped
    found = run_checks(framework, facts, evaluation, registry)
    assert [f.code for f in found if f.code.startswith("plugin")] == ["plugin-every-department"]
    assert seen == [row.path for row in evaluation.rows]  # 90 / 100 × 10 = 9: a row that lost a point, and the plugin saw it


def test_a_declared_need_skips_the_check_only_when_the_department_lacks_it():
    calls = []

    def spy(ctx):
        calls.append(ctx.facts.stated_total)
        return ()

    registry = CheckRegistry()
    registry.register(Check("spy", "info", "读取自评总分", spy, needs=("stated_total",)))
    registry.register(Check("never", "info", "不适用于此体系", lambda ctx: calls.append("never") or (), needs=lambda framework: ()))
    framework = one_row_framework({"kind": "ratio", "figure": "预算执行率"}, 10)
    assert [step.check.code for step in registry.plan_for(framework).steps] == ["spy"]  # left out of this framework's plan
    for stated in (None, 0, 9):
        facts, evaluation = _department(framework, **({"stated_total": stated} if stated is not None else {}))
        run_checks(framework, facts, evaluation, registry)
    assert calls == [Decimal(0), Decimal(9)]  # a stated total of 0 is stated


def test_a_new_registration_makes_the_plan_anew():
    registry = CheckRegistry()
    framework = one_row_framework({"kind": "ratio", "figure": "预算执行率"}, 10)
    assert registry.plan_for(framework).steps == ()
    registry.register(Check("late", "info", "后注册", lambda ctx: ()))
    assert [step.check.code for step in registry.plan_for(framework).steps] == ["late"]


@pytest.mark.parametrize(
    "check, message",
    [
        (Check("x", "info", "x", lambda ctx: (), needs=("stated_totals",)), "“stated_totals”未知"),
        (Check("x", "info", "x", lambda ctx: (), needs="stated_total"), "应为元组"),
        (Check("x", "info", "x", None, row=lambda ctx, row: None, row_needs="lost_points"), "“lost_points”未知"),
    ],
)
def test_an_unknown_need_is_refused_when_the_plan_is_made(check, message):
    registry = CheckRegistry()
    registry.register(check)
    with pytest.raises(ValueError, match=message):
        registry.plan_for(one_row_framework({"kind": "ratio", "figure": "预算执行率"}, 10))


def test_checked_gives_what_replace_would():
    framework = one_row_framework({"kind": "ratio", "figure": "预算执行率"}, 10)
    facts, evaluation = _department(framework, stated_total=9.5, stated_grade="优")
    result = checked(framework, facts, evaluation)
    expected = sorted([*evaluation.findings, *run_checks(framework, facts, evaluation)], key=lambda f: ("error", "warning", "info").index(f.severity))
    assert result == replace(evaluation, findings=tuple(expected)) and type(result) is type(evaluation)
    assert result.values is evaluation.values and result.findings and evaluation.findings == ()
    quiet_facts, quiet = _department(one_row_framework({"kind": "judgement"}, 10), rows={"指标": {"score": 10, "basis": "依据"}})
    assert checked(framework, quiet_facts, quiet) is quiet  # nothing found: the evaluation itself


def test_every_need_is_documented():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for need in [*DEPARTMENT_NEEDS, *(k for k in ROW_NEEDS if k), "figure:", "value:"]:
        assert f"`{need}" in text, f"docs/checks.md 没有说明读取项 {need}"


def test_the_plugin_example_in_the_docs_runs():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(code, "docs/checks.md", "exec"), namespace)  # our own docs, not user text
    registry = CheckRegistry()
    registry.register(namespace["CHECK"])
    framework = one_row_framework({"kind": "judgement"}, 10)
    for budget, expected in ((2_000_000, ["big-budget"]), (100, []), (None, [])):  # 万元: 200 亿元 is above 100 亿元
        figures = {"调整后预算": budget} if budget is not None else {}
        facts = build_facts({"department": "x", "year": 2021, "framework": "one-row", "unit": "万元", "figures": figures}, lambda loc: Where("t"), framework)
        assert [f.code for f in run_checks(framework, facts, evaluate(framework, facts), registry)] == expected
