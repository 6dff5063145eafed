"""Departments that give the checks something to find: the examples, the reports, the firing and quiet
cases of test_checks, and generated shenzhen-2019 / jiangxi-2021 departments with slips put in.

Seeded, so two runs (or two versions of the checks) see the same departments.
"""
from __future__ import annotations

import random
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from conftest import DEPARTMENT_EXAMPLES, EXAMPLES, ROOT, one_row_framework
from jixiao.loaders.facts import load_facts
from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.frameworks import load_framework
from jixiao.loaders.problems import InputError
from jixiao.model.facts import Facts, Judged
from jixiao.model.framework import Framework
from jixiao.model.result import Where
from jixiao.model.stated_tables import StatedRow

sys.path.insert(0, str(ROOT / "bench"))
from generate import department  # noqa: E402

REPORTS = ROOT / "tests" / "fixtures" / "reports"
MONEY = ("年初预算", "调整后预算", "实际支出", "政府采购预算", "三公经费预算", "日常公用经费预算", "固定资产原值")
STATED_ROWS = ("预算执行率", "政府采购执行情况", "绩效目标完整性", "资产管理安全性", "公众或服务对象满意度", "社会效益、经济效益、生态效益及可持续影响等")


def _locate(source: str):
    return lambda loc: Where(source, field=".".join(map(str, loc)))


def files() -> Iterator[tuple[Framework, Facts]]:
    """The examples as loaded, and the reports as `jixiao check` ingests them."""
    from jixiao.ingest.report import facts_for_check, ingest

    for path in DEPARTMENT_EXAMPLES:
        facts, framework = load_facts(path)
        yield framework, facts
    for path in sorted(REPORTS.glob("*.txt")) + sorted((REPORTS / "extra").glob("*.txt")) + sorted((REPORTS / "narrative").glob("*.txt")):
        try:
            facts, framework = facts_for_check(ingest(path))
        except InputError:
            continue  # a report the ingest refuses says why itself; no checks run on it
        yield framework, facts


def cases(case_list) -> Iterator[tuple[Framework, Facts]]:
    """test_checks' firing and quiet inputs on the one-row framework."""
    for _code, firing, quiet in case_list:
        for given in (firing, quiet):
            given = dict(given)
            framework = one_row_framework(given.pop("rule", {"kind": "ratio", "figure": "预算执行率"}), given.pop("weight", 10))
            row = given.pop("row", None)
            raw = {"department": "测试单位", "year": 2021, "framework": "one-row", "unit": "万元", "figures": given.pop("figures", {}), **given}
            if row is not None:
                raw["rows"] = {"指标": row}
            yield framework, build_facts(raw, _locate("t.yaml"), framework)


def _percent(rng: random.Random, low: float, high: float) -> str:
    return f"{round(rng.uniform(low, high), 2)}%"


def _vary(raw: dict, rng: random.Random) -> None:
    """Put a few slips (and their explanations) into a generated shenzhen-2019 department."""
    figures, rows, p = raw["figures"], raw["rows"], lambda: rng.random() < 0.15
    if p():
        raw["stated_total"] = rng.choice([Decimal("85.5"), Decimal("90"), 200, 0, 100])
    if p():
        raw["stated_grade"] = rng.choice(["优", "良", "中", "差"])
    if p():
        for name in rng.sample(STATED_ROWS, rng.randint(1, 3)):
            rows.setdefault(name, {})["stated_score"] = rng.choice([0, 1, 2, Decimal("5.33"), 6, Decimal("7.5"), 20])
    if p():
        figures["年末结转结余"] = rng.choice(["-12.50", "12.50"])
    if p():
        figures["满意度"] = rng.choice(["101%", "-5%", "100%", "0%"])
    if p():
        key = rng.choice(MONEY)
        figures[key] = figures[key] * 10_000
    if p():
        one, two = rng.sample(("一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度"), 2)
        figures[one], figures[two] = figures[two], figures[one]
    if p():
        figures[rng.choice(("三季度支出进度", "四季度支出进度"))] = rng.choice(["150%", "100.01%", "100%"])
    if p():
        figures["在编人数"] = figures["核定编制"] + rng.choice([0, 2])
    if p():
        figures["实际支出"] = (figures["调整后预算"] * Decimal("1.05")).quantize(Decimal("0.01"))
        if rng.random() < 0.5:
            raw["narrative"] = {"超支说明": "追加资金先行支付"}
    if p():
        figures["已完成项目数"] = figures["计划项目数"] + rng.choice([0, 1])
    if p():
        figures["预算执行率"] = rng.choice([_percent(rng, 80, 100), f"{(figures['实际支出'] / figures['调整后预算'] * 100).quantize(Decimal('0.01'))}%"])
    if p():
        figures["固定资产利用率"] = f"{(figures['固定资产原值'] / figures['在用固定资产原值'] * 100).quantize(Decimal('0.01'))}%"  # inverted
    if p():
        raw["also_stated"] = {"在编人数": [{"value": figures["在编人数"] + rng.choice([0, 1]), "source": "基本情况"}]}
    if p():
        spent = figures["实际支出"]
        figures["基本支出"], figures["项目支出"] = (spent * Decimal("0.4")).quantize(Decimal("0.01")), (spent * Decimal("0.6")).quantize(Decimal("0.01")) + rng.choice([0, 0, 10])
    if p():
        figures["计划目标数"], figures["已实现目标数"] = 10, rng.choice([6, 9, 10])
    if p():
        figures["绩效目标完成率"] = _percent(rng, 60, 100)
    for name in STATED_ROWS:  # lost points explained, in part, or not at all
        if rng.random() < 0.2:
            rows.setdefault(name, {}).update(rng.choice([{"reason": "原因", "improvement": "措施"}, {"reason": "原因"}, {"improvement": " "}]))


def _programmatic(facts: Facts, rng: random.Random) -> Facts:
    """What no file can say (the loader refuses it) but a program or an ingested report can."""
    rows = dict(facts.rows)
    for path, row in list(rows.items()):
        if rng.random() < 0.03:
            rows[path] = replace(row, exempt=rng.choice(["", " ", "已说明"]))
        if rng.random() < 0.03:
            rows[path] = replace(row, not_applicable=rng.choice(["", "不涉及"]))
        if row.judged is not None and rng.random() < 0.05:
            rows[path] = replace(row, judged=Judged(row.judged.score, rng.choice(["", "依据"])))
        if row.parts and rng.random() < 0.05:
            name = next(iter(row.parts))
            part = row.parts[name]
            judged = Judged(part.judged.score if part.judged else Decimal(1), "")
            rows[path] = replace(row, parts={**row.parts, name: replace(part, judged=judged)})
    tables: tuple[StatedRow, ...] = ()
    if rng.random() < 0.1:
        budget, spent = Decimal(500), Decimal(450)
        rate = rng.choice([Decimal("0.9"), Decimal("0.95")])
        total = rng.choice([Decimal(1000), Decimal(1100)])
        tables = (
            StatedRow("汇总表", "甲单位", budget, spent, rate, where=Where("t.yaml", line=3)),
            StatedRow("汇总表", "乙单位", budget, spent, Decimal("0.9")),
            StatedRow("汇总表", "其中：丙", Decimal(100), None, part=True),
            StatedRow("汇总表", "合计", total, Decimal(900), total=True),
        )
    return replace(facts, rows=rows, stated_rows=tables)


def generated(count: int, seed: int = 11) -> Iterator[tuple[Framework, Facts]]:
    framework = load_framework("shenzhen-2019")
    rng = random.Random(seed)
    for index in range(count):
        raw = department(index, rng)
        _vary(raw, rng)
        try:
            facts = build_facts(raw, _locate(f"dept-{index}.yaml"), framework)
        except InputError:
            continue  # a slip the loader itself refuses (exit 2) never reaches the checks
        yield framework, _programmatic(facts, rng)


def jiangxi(count: int, seed: int = 12) -> Iterator[tuple[Framework, Facts]]:
    """The jiangxi demo with its own rows' targets, `met` and slot weights changed."""
    facts, framework = load_facts(EXAMPLES / "jiangxi-demo-2021.yaml")
    rng = random.Random(seed)
    for _ in range(count):
        rows = {path: replace(row, met=rng.choice([None, True, False])) if row.actual is not None else row for path, row in facts.rows.items()}
        slots = {
            path: tuple(
                replace(
                    slot_row,
                    weight=slot_row.weight + rng.choice([0, 0, 0, 1]),
                    facts=replace(slot_row.facts, met=rng.choice([None, True, False]), stated_score=rng.choice([None, None, Decimal(3), Decimal(9)])),
                )
                for slot_row in slot_rows
            )
            for path, slot_rows in facts.slots.items()
        }
        yield framework, _programmatic(replace(facts, rows=rows, slots=slots, stated_total=rng.choice([None, Decimal("98.77"), Decimal(97)])), rng)


def projects() -> Iterator[tuple[Framework, Facts]]:
    """Project 自评表 (jixiao.projects): the examples, the published fixtures, and tests/projects' firing and quiet cases."""
    from jixiao.loaders.framework_build import build_framework
    from jixiao.loaders.frameworks import project_framework_path
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.projects.load import build_project, load_project, load_targets
    from jixiao.rules import default_registry
    from projects.builders import project, raw_project
    from projects.test_checks import CASES

    for path in sorted((EXAMPLES / "projects").glob("*项目.yaml")) + sorted((ROOT / "tests" / "fixtures" / "projects").glob("*.yaml")):
        facts, framework = load_project(path)
        yield framework, facts
    for _code, firing, quiet in CASES:
        for given in (firing, quiet):
            facts, framework = project(**given)
            yield framework, facts
    from dataclasses import replace

    from jixiao.monitoring.loader import load_monitoring
    from jixiao.projects.monitored import monitored_projects

    monitored = monitored_projects(load_monitoring(EXAMPLES / "某县农业农村局-2023-1至6月-监控.yaml")[0])
    for path in sorted((EXAMPLES / "projects").glob("*项目.yaml")):  # with their last monitoring: 确定能 not borne out
        facts, framework = load_project(path)
        yield framework, replace(facts, project=replace(facts.project, monitored=monitored[facts.project.project]))
    table = load_targets(EXAMPLES / "projects" / "目标表.yaml")
    planned = table.project("农村人居环境整治项目")
    rows = [{"name": i.name, "actual": "100" if i.unit == "%" else "20", **({"state": "达成"} if not i.quantitative else {})} for i in planned.indicators]
    rows[0].update({"level1": "产出指标", "level2": "数量指标", "nature": "≥", "value": 18, "unit": "个", "weight": 25})
    facts, framework = project(rows, table=table, project=planned.project)
    yield framework, facts
    raw = load_yaml(project_framework_path("national-2020-project"))
    raw["id"], raw["project"]["attachments"] = "with-attachments", ["产出指标"]
    framework = build_framework(raw, _locate("f.yaml"), default_registry(), source="f.yaml")
    for extra in ({}, {"attachments": {"产出指标": ["签到表.pdf"]}}):
        yield framework, build_project(raw_project(**extra), _locate("p.yaml"), framework)
