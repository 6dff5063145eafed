"""A read 项目支出绩效自评表 (ingest/project_table.py) as what the rest of jixiao reads: the ingest report (the keys
`ingest --json` has always had: department, year, rows with weight and score, stated_total, stated_grade, figures),
project facts in the YAML format of docs/projects.md (which `jixiao evaluate` / `check` take), and the facts the
check scores, every entry placed at the line of the report it came from.

The table's own figures are scored by national-2020-project: its 得分 become stated scores, so a score the rule does
not give (a met target below full marks, 执行率 × 10 against the printed 得分) is a finding, never overwritten. A row
the rule cannot score from what was printed (a 完成值 "完成" against a number, a qualitative row) keeps its printed
得分 as the evaluator's, with the reason in its 评分依据. A table cut off before a level's rows keeps the weights it
shows: its framework is national-2020-project with those 一级 weights, written beside the facts with the reason.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from jixiao.ingest.ingested import IngestedReport, IngestedRow
from jixiao.ingest.narrative import Found
from jixiao.ingest.project_table import IndicatorRow, ProjectTable
from jixiao.loaders.framework_build import build_framework
from jixiao.loaders.frameworks import load_framework, project_framework_path
from jixiao.loaders.yaml_source import load_yaml
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.quantity import format_count, parse_money
from jixiao.model.result import Where
from jixiao.model.stated_tables import StatedRow
from jixiao.model.targets import TargetError, parse_target, read_actual
from jixiao.rules import default_registry

FRAMEWORK = "national-2020-project"
FUNDS_ROW = "预算执行率"
_REACHED = ("达成预期指标", "达成年度指标", "达成", "已完成", "完成", "已达成", "效果明显", "达到预期")


def project_report(source: str, table: ProjectTable, claims: list):
    """The ingest report of a project table: its rows are the funds row and the indicators, as printed."""
    rows: list[IngestedRow] = []
    total = table.funds_total()
    if total is not None and total.weight is not None:  # the funds row is scored (预算执行率, 10 分): its weight and score
        rows.append(IngestedRow((FUNDS_ROW,), total.weight, total.score, total.where, basis=f"项目资金“{total.label}”一行"))
    for row in table.indicators:
        rows.append(IngestedRow((row.level1, row.level2, row.name), row.weight, row.score, row.where, row.target, row.actual, basis=row.reason))
    figures: dict[str, list[Found]] = {}
    if total is not None and table.unit:
        for key, value in (("年初预算", total.initial), ("调整后预算", total.budget), ("实际支出", total.spent)):
            if value is not None:
                text = f"{value}{table.unit}"
                figures.setdefault(key, []).append(Found(parse_money(text, None), text, total.where))
    stated = [StatedRow("项目资金", r.label, r.budget, r.spent, r.rate, unit=table.unit, part=r.source != "年度资金总额", where=r.where,
                        initial=r.initial, weight=r.weight, score=r.score) for r in table.funds]
    notes = list(table.notes)
    for row in rows:
        if row.score is None:
            notes.append((f"“{row.path[-1]}”一行分值 {format_count(row.weight)}，未列得分，得分记为空", row.where))
    for label, value in (("项目名称", table.project), ("主管部门", table.department), ("年度", table.year)):
        if not value:
            notes.append((f"未能读出{label}", None))
    # `department` is the unit that reports, as for every report (实施单位); the 主管部门 is in the project facts
    report = IngestedReport(source, table.implementer or table.department or None, table.year, None,
                            table.stated_total if table.complete else None, table.stated_grade, rows, figures, dict(table.places), notes=notes)
    report.stated_rows, report.claims, report.table_complete, report.project = stated, claims, table.complete, table
    report.parent_weights = {(name,): weight for name, (weight, _where) in table.level_weights.items()}
    report.framework_id = FRAMEWORK
    if table.implementer and "implementer" in table.places:
        report.places["department"] = table.places["implementer"]
    project_facts(report, report.notes)  # what reading them as facts decides is said once, with the rest
    return report


def project_facts(report, notes: list | None = None) -> tuple[dict, Framework, dict[tuple, Where], dict | None]:
    """Raw project facts, the framework they are scored by, where each entry was read, and that framework's file
    content when it is not the built-in one (a cut table's weights). What had to be decided is added to `notes`."""
    table: ProjectTable = report.project
    notes = [] if notes is None else notes
    places: dict[tuple, Where] = {(key,): where for key, where in table.places.items()}
    raw: dict = {"project": table.project or Path(report.source).stem, "department": table.department or table.implementer or Path(report.source).stem}
    if table.implementer:
        raw["implementer"] = table.implementer
    raw["year"] = table.year
    raw["framework"] = FRAMEWORK
    if table.unit:
        raw["unit"] = table.unit
    raw["funds"] = _funds(table, places, notes)
    total = table.funds_total()
    if total is not None and total.score is not None:
        raw["funds_score"] = total.score
        places[("funds_score",)] = total.where
    if total is not None and total.reason and total.rate is not None and total.rate < Decimal("0.9"):
        raw["execution_reason"] = total.reason
    if table.goal:
        raw["goal"], raw["goal_achieved"] = table.goal, table.goal_achieved
    raw["indicators"] = [_indicator(row, index, places, notes) for index, row in enumerate(table.indicators)]
    if table.complete and table.stated_total is not None:
        raw["stated_total"] = table.stated_total
    if table.stated_grade:
        raw["stated_grade"] = table.stated_grade
    framework, written = _framework(table, report)
    if written is not None:
        raw["framework"] = framework.id
    return raw, framework, places, written


def _funds(table: ProjectTable, places: dict, notes: list) -> dict:
    out: dict = {}
    total = table.funds_total()
    parts = [r for r in table.funds if r is not total]
    zero_total = total is not None and not total.budget and any(r.budget for r in parts)
    if zero_total:  # 池州: 年度资金总额 0 | 0 | 0 above 其中 90 | 89.974 | 89.974; the sources are the amounts
        notes.append((f"“{total.label}”一行的金额为 0，而其中各行有金额：按各资金来源之和计算预算执行率", total.where))
    for row in table.funds:
        if row is total and zero_total:
            continue
        entry = {key: getattr(row, key) for key in ("initial", "budget", "spent") if getattr(row, key) is not None}
        if row.rate is not None:
            entry["rate"] = f"{format_count(row.rate * 100)}%"
        key = row.source if row.source not in out else row.label
        out[key] = entry
        places[("funds", key)] = row.where
    if total is not None:
        places[("funds",)] = total.where
    return out


def _state(actual: str) -> str | None:
    text = actual.replace(" ", "")
    if "部分" in text:
        return "部分达成"
    if text.startswith("未"):
        return "未达成"
    return "达成" if text in _REACHED else None


def _indicator(row: IndicatorRow, index: int, places: dict, notes: list) -> dict:
    places[("indicators", index)] = row.where
    entry: dict = {"level1": row.level1, "level2": row.level2, "name": row.name}
    nature = row.nature
    if nature is None:  # no 指标性质 column and no sign: a number to reach (10号: 完成值 ≥ 指标值 gets full marks)
        nature = "≥"
        notes.append((f"指标“{row.name}”：表中没有指标性质，年度指标值 {row.value}{row.unit} 按正向（≥）计分", row.where))
    entry.update(nature=nature, value=row.value)
    if row.unit:
        entry["unit"] = row.unit
    entry["weight"] = row.weight
    if row.reason:
        entry["reason"] = row.reason
    stated = row.score
    if stated is not None:
        entry["stated_score"] = stated
    why = None
    if nature == "定性":
        state = _state(row.actual) if row.actual else None
        if row.actual:
            entry["actual"] = row.actual
        if state is not None:
            entry["state"] = state
        why = f"定性指标，完成情况“{row.actual or '未填'}”"
    elif not row.actual:
        why = "未列实际完成值"
    else:
        try:
            parsed = parse_target(f"{nature}{row.value}{row.unit}", row.name)
            actual = row.actual if not row.unit or not _bare(row.actual) else f"{row.actual}{row.unit}"
            if read_actual(actual, parsed) is None:
                raise TargetError(f"完成值“{row.actual}”不是数值")
            entry["actual"] = row.actual
        except TargetError as error:
            why = f"完成值“{row.actual}”无法按规则计分：{error}"
    if why is None:
        return entry
    if stated is None:
        entry["score_missing"] = "报告未列得分和实际完成值" if not row.actual else f"报告未列得分（{why}）"
    elif stated > row.weight:  # kept only as stated: the check says it is above its 分值
        entry["score_missing"] = f"报告所列得分 {format_count(stated)} 超过分值 {format_count(row.weight)}，未采用（{why}）"
        entry.pop("state", None)
    elif "state" in entry and stated == row.weight:
        pass  # 达成 at full marks: the rule gives that itself
    else:
        entry["score"] = stated
        entry["basis"] = f"报告所列得分（{why}）"
        if "state" in entry and not _in_band(entry["state"], stated, row.weight):
            notes.append((f"指标“{row.name}”的完成情况“{row.actual}”与所列得分 {format_count(stated)} 不在同一档", row.where))
            entry.pop("state")
    return entry


def _bare(text: str) -> bool:
    try:
        Decimal(text.strip())
    except ArithmeticError:
        return False
    return True


def _in_band(state: str, score: Decimal, weight: Decimal) -> bool:
    from jixiao.model.quantity import exact_of
    from jixiao.rules.indicator import in_band, state_name

    return in_band(state_name(state), exact_of(score), exact_of(weight)) if weight else True


def _framework(table: ProjectTable, report) -> tuple[Framework, dict | None]:
    """national-2020-project; or, when the 一级 weights read do not add up to its standard ones (a cut table, a form
    that moved weights), the same framework with the weights read and the reason, to be written beside the facts."""
    standard = load_framework(FRAMEWORK)
    sums: dict[str, Decimal] = {}
    for row in table.indicators:
        sums[row.level1] = sums.get(row.level1, Decimal(0)) + row.weight
    differing = {path[0]: sums.get(path[0], Decimal(0)) for path, node in standard.walk() if node.slot is not None and len(path) == 1
                 and sums.get(path[0], Decimal(0)) != node.weight}
    if not differing:
        return standard, None
    raw = _plain(load_yaml(project_framework_path(FRAMEWORK)))
    cut = "表在中途截断" if not table.complete else "表中所列分值与标准不同"
    shown = "、".join(f"{name} {format_count(weight)}" for name, weight in differing.items())
    raw["indicators"] = [dict(node, weight=differing[node["name"]]) if node["name"] in differing else node
                         for node in raw["indicators"] if differing.get(node["name"], 1) != 0]
    raw["total"] = sum((Decimal(str(node["weight"])) for node in raw["indicators"]), Decimal(0))
    stem = Path(report.source).stem
    raw["id"] = f"report-{stem}"
    raw["name"] = f"{table.project or stem}项目支出绩效自评表（据报告读取）"
    raw["project"] = dict(raw.get("project") or {}, weights_reason=f"据已发布的自评表读取（{cut}）：各一级指标按表中读出的分值 {shown}")
    raw.pop("description", None)
    places = Where(report.source)
    framework = build_framework(raw, lambda loc: places, default_registry(), common=None, source=report.source)
    return framework, raw


def _plain(value):
    """The loaded YAML as plain dicts and lists (the loader's own mappings keep their lines; the writer wants none)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def facts_for_check(report) -> tuple[Facts, Framework]:
    from jixiao.projects.load import build_project

    raw, framework, places, _written = project_facts(report)

    def locate(loc: tuple) -> Where:
        found = next((places[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in places), Where(report.source))
        field = ".".join(str(part) for part in loc)
        return replace(found, field=f"{found.field}（{field}）" if found.field else field)

    facts = build_project(raw, locate, framework, source=report.source)
    return replace(facts, source=report.source, stated_claims=tuple(report.claims)), framework
