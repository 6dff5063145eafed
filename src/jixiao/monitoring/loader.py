"""A monitoring file (YAML) → Monitoring, every problem collected with its line and the form's field name.

    department: 某区教育局
    year: 2024
    as_of: 2024-06-30          # 监控截止日期：1–6 月
    unit: 万元
    budget: {年初预算数: 1200, 调整后预算: 1250, 执行数: 560, 全年预计执行数: 1240}
    sources:                   # optional: 资金来源 / 资金结构, each like budget
      资金来源: {财政性资金: {...}, 其他资金: {...}}
    targets: [...]             # the department's own indicators (部门整体监控表)
    projects:
      - name: 校园安全提升工程
        unit: 区教育装备中心
        budget: {年初预算数: 300, 执行数: 90, 全年预计执行数: 300}
        targets:
          - {level1: 产出指标, level2: 数量指标, name: 改造校舍面积, target: ≥12000平方米, current: 5000平方米,
             forecast: 12000平方米, likelihood: 确定能}
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import line_at, load_yaml
from jixiao.model.quantity import MONEY_UNITS, QuantityError, parse_money
from jixiao.model.result import Where
from jixiao.model.targets import TargetError, parse_target, read_actual
from jixiao.monitoring.model import CAUSES, LIKELIHOODS, QUALITATIVE_STATES, Budget, Monitoring, Subject, TargetProgress
from jixiao.monitoring.thresholds import Thresholds, read_thresholds

BUDGET_KEYS = {"年初预算数": "initial", "调整后预算": "adjusted", "执行数": "spent", "全年预计执行数": "forecast", "调整说明": "adjustment_note"}
TARGET_KEYS = {
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值", "current": "1–N月执行情况",
    "forecast": "全年预计完成情况", "causes": "偏差原因", "cause_notes": "原因说明", "likelihood": "完成目标可能性",
    "note": "备注", "measures": "纠偏措施", "cumulative": "累计指标",
}
TOP_KEYS = ("department", "year", "as_of", "unit", "budget", "sources", "targets", "projects", "thresholds", "narrative")
NARRATIVE_SECTIONS = ("组织实施情况", "预算执行进度情况及趋势分析", "绩效目标实现程度及趋势分析", "存在的主要问题及原因分析", "下一步改进措施")
MAX_PROJECTS = 2000
MAX_TARGETS = 200


class _Reader:
    """Reads the raw mapping (from YAML, or from a workbook with each value's cell in `cells`) and collects problems."""

    def __init__(self, raw: dict, path: str, cells: dict[tuple, str] | None = None, require_progress: bool = True):
        self.raw = raw
        self.path = path
        self.cells = cells
        self.require_progress = require_progress  # False for a targets-only file made into a 监控填报表
        self.problems: list[Problem] = []

    def where(self, loc: tuple, label: str) -> Where:
        if self.cells is None:
            return Where(self.path, line=line_at(self.raw, loc), field=label)
        for size in range(len(loc), 0, -1):
            if loc[:size] in self.cells:
                return Where(self.path, cell=self.cells[loc[:size]], field=label)
        return Where(self.path, field=label)

    def bad(self, loc: tuple, label: str, message: str) -> None:
        self.problems.append(Problem(self.where(loc, label), message))

    def text(self, value: object, loc: tuple, label: str) -> str:
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.bad(loc, label, "应为文字")
            return ""
        return str(value).strip()


MONITORING_SUFFIXES = (".yaml", ".yml", ".xlsx")


def load_monitoring(path: Path, require_progress: bool = True) -> tuple[Monitoring, Thresholds]:
    """A monitoring YAML file or a filled 监控填报表.xlsx; require_progress=False reads targets and budgets alone."""
    suffix = path.suffix.lower()
    if suffix not in MONITORING_SUFFIXES:
        raise InputError([Problem(Where(str(path)), f"不支持的文件类型“{suffix or '无扩展名'}”：请提供 .yaml 监控数据或 .xlsx 监控填报表")])
    if suffix == ".xlsx":
        from jixiao.monitoring.workbook import read_monitoring_xlsx

        raw, cells, problems = read_monitoring_xlsx(path)
        return build_monitoring(raw, str(path), cells, require_progress, problems)
    return build_monitoring(load_yaml(path), str(path), None, require_progress)


def build_monitoring(
    raw: dict, path: str, cells: dict[tuple, str] | None, require_progress: bool = True, problems: list[Problem] | None = None
) -> tuple[Monitoring, Thresholds]:
    monitoring, thresholds, found = read_monitoring(raw, path, cells, require_progress, problems)
    if found:
        raise InputError(found)
    assert monitoring is not None
    return monitoring, thresholds


def read_monitoring(
    raw: dict, path: str, cells: dict[tuple, str] | None, require_progress: bool = True, problems: list[Problem] | None = None
) -> tuple[Monitoring | None, Thresholds, list[Problem]]:
    """Like build_monitoring, but returns the problems with what could be read (a wrong value left out, the rest kept):
    the web's field-by-field 监控表 lights a half-corrected draft and shows each problem at its field.
    The Monitoring is None only when the period itself (年度, 截止日期) cannot be read."""
    reader = _Reader(raw, path, cells, require_progress)
    reader.problems.extend(problems or ())
    for key in raw:
        if key not in TOP_KEYS:
            reader.bad((key,), str(key), f"未知的字段“{key}”（可用：{'、'.join(TOP_KEYS)}）")
    thresholds, threshold_problems = read_thresholds(raw.get("thresholds"), lambda loc: reader.where(loc, "阈值 " + str(loc[-1])))
    reader.problems.extend(threshold_problems)
    department = reader.text(raw.get("department"), ("department",), "部门名称")
    if not department:
        reader.bad(("department",), "部门名称", "缺少部门名称（department）")
    year = raw.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        reader.bad(("year",), "年度", f"年度应为四位整数的年份，实际为“{year}”")
        year = None
    as_of = _date(reader, raw.get("as_of"), year)
    unit = raw.get("unit", "万元")
    if unit not in MONEY_UNITS:
        reader.bad(("unit",), "金额单位", f"金额单位“{unit}”无法识别（只接受 元、万元、亿元）")
        unit = "万元"
    budget = _budget(reader, raw.get("budget"), ("budget",), unit, "部门预算")
    sources: dict[str, dict[str, Budget]] = {}
    raw_sources = raw.get("sources") or {}
    if not isinstance(raw_sources, dict):
        reader.bad(("sources",), "资金来源与结构", "应为映射（资金来源 / 资金结构）")
        raw_sources = {}
    for group, parts in raw_sources.items():
        if group not in ("资金来源", "资金结构") or not isinstance(parts, dict):
            reader.bad(("sources", group), str(group), "应为“资金来源”或“资金结构”，其下为各项的预算块")
            continue
        sources[group] = {}
        for name, block in parts.items():
            read = _budget(reader, block, ("sources", group, name), unit, f"{group} {name}")
            if read is not None:
                sources[group][str(name)] = read
    department_targets = _targets(reader, raw.get("targets"), ("targets",), department or "部门整体")
    department_subject = Subject("department", department, department, budget, department_targets, reader.where((), "部门整体"))
    projects = _projects(reader, raw.get("projects"), unit)
    narrative = _narrative(reader, raw.get("narrative"))
    if year is None or as_of is None:
        return None, thresholds, reader.problems
    return Monitoring(department, year, as_of, department_subject, projects, path, sources, narrative), thresholds, reader.problems


def _narrative(reader: _Reader, raw: object) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.bad(("narrative",), "监控报告文字", f"narrative 应为映射，键为：{'、'.join(NARRATIVE_SECTIONS)}")
        return {}
    result = {}
    for key, value in raw.items():
        if key not in NARRATIVE_SECTIONS:
            reader.bad(("narrative", key), f"监控报告 {key}", f"未知的报告部分“{key}”（可用：{'、'.join(NARRATIVE_SECTIONS)}）")
        else:
            result[key] = reader.text(value, ("narrative", key), f"监控报告 {key}")
    return result


def _date(reader: _Reader, value: object, year: int | None) -> dt.date | None:
    loc, label = ("as_of",), "监控截止日期"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            reader.bad(loc, label, f"日期应写成 2024-06-30，实际为“{value}”")
            return None
    if not isinstance(value, dt.date):
        reader.bad(loc, label, "缺少监控截止日期（as_of，如 2024-06-30）" if value is None else f"日期应写成 2024-06-30，实际为“{value}”")
        return None
    if year is not None and value.year != year:
        reader.bad(loc, label, f"监控截止日期 {value.isoformat()} 不在 {year} 年度内")
        return None
    return value


def _money(reader: _Reader, raw: object, loc: tuple, label: str, unit: str) -> Decimal | None:
    try:
        quantity = parse_money(raw, unit)
    except QuantityError as error:
        reader.bad(loc, label, str(error))
        return None
    if quantity.value < 0:
        reader.bad(loc, label, f"金额不能为负数（{raw}）")
        return None
    return quantity.value


def _budget(reader: _Reader, raw: object, loc: tuple, unit: str, label: str) -> Budget | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        reader.bad(loc, label, "预算块应为映射：年初预算数、调整后预算、执行数、全年预计执行数")
        return None
    values: dict[str, object] = {}
    for key, value in raw.items():
        field = BUDGET_KEYS.get(key)
        if field is None:
            reader.bad((*loc, key), f"{label} {key}", f"未知的预算项“{key}”（可用：{'、'.join(BUDGET_KEYS)}）")
        elif field == "adjustment_note":
            values[field] = reader.text(value, (*loc, key), f"{label} {key}")
        elif value not in (None, ""):
            values[field] = _money(reader, value, (*loc, key), f"{label} {key}", unit)
    for required in ("年初预算数", "执行数") if reader.require_progress else ("年初预算数",):
        if BUDGET_KEYS[required] not in values:
            reader.bad((*loc, required), f"{label} {required}", f"缺少{required}")  # at the figure's own place where it has one
    if values.get("initial") is None or (values.get("spent") is None and reader.require_progress):
        return None
    budget = Budget(
        values["initial"], values.get("spent"), values.get("forecast"), values.get("adjusted"),  # type: ignore[arg-type]
        values.get("adjustment_note", ""), unit, reader.where(loc, label),  # type: ignore[arg-type]
    )
    if budget.spent is not None and budget.spent > budget.base and not budget.adjustment_note:
        reader.bad((*loc, "执行数"), f"{label} 执行数", "执行数超过预算，且未写调整说明（调整说明：追加预算的文号或原因）")
    if budget.forecast is not None and budget.spent is not None and budget.forecast < budget.spent:
        reader.bad((*loc, "全年预计执行数"), f"{label} 全年预计执行数", "全年预计执行数小于已执行数")
    return budget


def _projects(reader: _Reader, raw: object, unit: str) -> tuple[Subject, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        reader.bad(("projects",), "项目", "projects 应为项目的列表")
        return ()
    if len(raw) > MAX_PROJECTS:
        reader.bad(("projects",), "项目", f"项目过多（{len(raw):,} 个，上限 {MAX_PROJECTS:,}）")
        return ()
    result, seen = [], set()
    for index, entry in enumerate(raw):
        loc = ("projects", index)
        if not isinstance(entry, dict):
            reader.bad(loc, f"第 {index + 1} 个项目", "项目应为映射（name、unit、budget、targets）")
            continue
        name = reader.text(entry.get("name"), (*loc, "name"), "项目名称")
        if not name:
            reader.bad(loc, f"第 {index + 1} 个项目", "缺少项目名称（name）")
            continue
        if name in seen:
            reader.bad((*loc, "name"), "项目名称", f"项目“{name}”重复")
        seen.add(name)
        for key in entry:
            if key not in ("name", "unit", "budget", "targets"):
                reader.bad((*loc, key), f"项目“{name}” {key}", f"未知的字段“{key}”（可用：name、unit、budget、targets）")
        budget = _budget(reader, entry.get("budget"), (*loc, "budget"), unit, f"项目“{name}”预算")
        if entry.get("budget") is None:
            reader.bad(loc, f"项目“{name}”预算", "缺少项目预算（budget）")
        targets = _targets(reader, entry.get("targets"), (*loc, "targets"), name)
        result.append(Subject("project", name, reader.text(entry.get("unit"), (*loc, "unit"), "实施单位"), budget, targets, reader.where(loc, f"项目“{name}”")))
    return tuple(result)


def _targets(reader: _Reader, raw: object, loc: tuple, owner: str) -> tuple[TargetProgress, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_TARGETS:
        reader.bad(loc, f"{owner} 绩效指标", f"targets 应为指标的列表（至多 {MAX_TARGETS} 项）")
        return ()
    result = []
    for index, entry in enumerate(raw):
        here = (*loc, index)
        if not isinstance(entry, dict):
            reader.bad(here, f"{owner} 第 {index + 1} 项指标", "指标应为映射（level1、level2、name、target、current……）")
            continue
        item = _target(reader, entry, here, owner, index)
        if item is not None:
            result.append(item)
    return tuple(result)


def _target(reader: _Reader, entry: dict, loc: tuple, owner: str, index: int) -> TargetProgress | None:
    name = reader.text(entry.get("name"), (*loc, "name"), "三级指标")
    label = f"{owner} / {name or f'第 {index + 1} 项指标'}"
    for key in entry:
        if key not in TARGET_KEYS:
            reader.bad((*loc, key), f"{label} {key}", f"未知的字段“{key}”（可用：{'、'.join(TARGET_KEYS)}）")

    def field(key: str) -> tuple[tuple, str]:
        return (*loc, key), f"{label} {TARGET_KEYS[key]}"

    if not name:
        reader.bad(*field("name"), "缺少三级指标名称（name）")
    raw_target = entry.get("target")
    if raw_target in (None, ""):
        reader.bad(*field("target"), "缺少年度指标值（target）")
        return None
    target = parse_target(raw_target, name)
    current = reader.text(entry.get("current"), *field("current"))
    forecast = reader.text(entry.get("forecast"), *field("forecast"))
    current_value = forecast_value = None
    if target.value is None:
        for key, text in (("current", current), ("forecast", forecast)):
            if text and text not in QUALITATIVE_STATES:
                reader.bad(*field(key), f"定性指标的{TARGET_KEYS[key]}应为：{' / '.join(QUALITATIVE_STATES)}，实际为“{text}”")
        if not current and reader.require_progress:
            reader.bad(*field("current"), "未填写 1–N月执行情况")
    else:
        current_value = _reading(reader, entry.get("current"), target, field("current"), required=reader.require_progress)
        forecast_value = _reading(reader, entry.get("forecast"), target, field("forecast"), required=False)
    cumulative = entry.get("cumulative")
    if cumulative is not None and not isinstance(cumulative, bool):
        reader.bad(*field("cumulative"), "累计指标应为 true 或 false")
        cumulative = None
    if (
        current_value is not None and forecast_value is not None and target.op not in ("≤", "<")
        and (cumulative if cumulative is not None else not target.percent) and forecast_value < current_value
    ):
        reader.bad(*field("forecast"), f"累计指标的全年预计完成情况（{forecast}）小于已完成的 {current}")
    causes = _causes(reader, entry.get("causes"), field("causes"))
    notes = entry.get("cause_notes") or {}
    if not isinstance(notes, dict) or any(k not in CAUSES for k in notes):
        reader.bad(*field("cause_notes"), f"原因说明应为 偏差原因: 说明 的映射（偏差原因为 {'、'.join(CAUSES)}）")
        notes = {}
    for cause in causes:
        if not str(notes.get(cause) or "").strip():
            # located at the cause's own 原因说明 (the web's field; a YAML file gets the line of cause_notes or of the target)
            reader.bad((*loc, "cause_notes", cause), f"{label} {cause} 原因说明", f"勾选了偏差原因“{cause}”，须写明其原因说明")
    likelihood = reader.text(entry.get("likelihood"), *field("likelihood"))
    if likelihood and likelihood not in LIKELIHOODS:
        reader.bad(*field("likelihood"), f"完成目标可能性应为 {' / '.join(LIKELIHOODS)}，实际为“{likelihood}”")
        likelihood = ""
    return TargetProgress(
        reader.text(entry.get("level1"), *field("level1")), reader.text(entry.get("level2"), *field("level2")), name, target,
        current, forecast, current_value, forecast_value, causes, {str(k): str(v or "") for k, v in notes.items()}, likelihood,
        reader.text(entry.get("note"), *field("note")), reader.text(entry.get("measures"), *field("measures")), cumulative,
        reader.where(loc, label),
    )


def _reading(reader: _Reader, raw: object, target, place: tuple[tuple, str], required: bool) -> Decimal | None:
    if raw in (None, ""):
        if required:
            reader.bad(*place, "未填写")
        return None
    try:
        reading = read_actual(raw, target)
    except TargetError as error:
        reader.bad(*place, str(error).replace("实际完成值（actual）", "所填"))
        return None
    if reading is None:
        reader.bad(*place, f"“{raw}”中没有可与年度指标值 {target.display()} 比较的数值")
        return None
    return reading.value


def _causes(reader: _Reader, raw: object, place: tuple[tuple, str]) -> tuple[str, ...]:
    if raw in (None, ""):
        return ()
    items = raw if isinstance(raw, list) else [raw]
    unknown = [str(c) for c in items if c not in CAUSES]
    if unknown:
        reader.bad(*place, f"未知的偏差原因“{'、'.join(unknown)}”（可选：{'、'.join(CAUSES)}）")
    return tuple(dict.fromkeys(c for c in items if c in CAUSES))
