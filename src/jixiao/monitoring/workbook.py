"""A filled 监控填报表.xlsx → the same raw mapping a monitoring YAML file gives, with each value's cell."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.workbook import open_workbook_safely
from jixiao.model.quantity import to_decimal
from jixiao.model.result import Where
from jixiao.monitoring.layout import (
    BUDGET_COLUMNS, DEPARTMENT, INFO_FIELDS, NO, SHEET_BUDGETS, SHEET_INFO, SHEET_REPORT, SHEET_TARGETS, SOURCE_PREFIX,
    TARGET_COLUMNS, TICK, YES,
)
from jixiao.monitoring.model import CAUSES

TARGET_KEYS = dict(zip(TARGET_COLUMNS[1:8], ("level1", "level2", "name", "target", "cumulative", "current", "forecast")))
TARGET_TAIL = {"完成目标可能性": "likelihood", "备注": "note", "纠偏措施": "measures"}
BUDGET_KEYS = dict(zip(BUDGET_COLUMNS[2:], ("年初预算数", "调整后预算", "执行数", "全年预计执行数", "调整说明")))


def _value(cell) -> Any:
    value = cell.value
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and "%" in (cell.number_format or ""):
        return f"{to_decimal(value) * 100}%"  # a percentage cell holds 0.45 for 45%
    if isinstance(value, float):
        return to_decimal(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _header(sheet, expected: tuple[str, ...], name: str, problems: list[Problem]) -> dict[str, int]:
    found = {}
    for cell in next(sheet.iter_rows(min_row=1, max_row=1), ()):
        title = str(cell.value or "").strip()
        for wanted in expected:
            if title == wanted or (wanted.startswith("1–N月") and title.endswith(wanted[4:]) and title.startswith("1–")) or (
                wanted == "执行数" and title.endswith("执行数") and title.startswith("1–")
            ):
                found.setdefault(wanted, cell.column - 1)
    missing = [w for w in expected if w not in found]
    if missing:
        problems.append(Problem(Where(name, cell=f"{sheet.title}!1"), f"表头缺少：{'、'.join(missing)}（请使用 jixiao monitor --template 生成的填报表）"))
    return found


def read_monitoring_xlsx(path: Path) -> tuple[dict, dict[tuple, str], list[Problem]]:
    """The raw mapping, each value's cell, and the problems of single cells (reported with the loader's own)."""
    workbook = open_workbook_safely(path)
    name = str(path)
    missing = [s for s in (SHEET_INFO, SHEET_BUDGETS, SHEET_TARGETS) if s not in workbook.sheetnames]
    if missing:
        raise InputError([Problem(Where(name), f"缺少工作表：{'、'.join(missing)}（请使用 jixiao monitor --template 生成的监控填报表）")])
    raw: dict[str, Any] = {}
    cells: dict[tuple, str] = {}
    problems: list[Problem] = []

    info = workbook[SHEET_INFO]
    labels = dict(INFO_FIELDS)
    for row in info.iter_rows(min_row=1, max_col=2):
        label = str(row[0].value or "").strip()
        if label in labels:
            key = labels[label]
            value = _value(row[1])
            if key == "year" and value is not None:
                try:
                    value = int(str(value))
                except ValueError:
                    pass
            raw[key] = value
            cells[(key,)] = f"{SHEET_INFO}!{row[1].coordinate}"

    budgets = workbook[SHEET_BUDGETS]
    columns = _header(budgets, BUDGET_COLUMNS, name, problems)
    if problems:
        raise InputError(problems)
    projects: list[dict] = []
    index_of: dict[str, int] = {}
    for row in budgets.iter_rows(min_row=2):
        owner = _value(row[columns["对象"]])
        if owner is None:
            continue
        owner = str(owner)
        block, loc = {}, None
        if owner == DEPARTMENT:
            loc = ("budget",)
            raw["budget"] = block
        elif SOURCE_PREFIX in owner and owner.split(SOURCE_PREFIX, 1)[0] in ("资金来源", "资金结构"):
            group, part = owner.split(SOURCE_PREFIX, 1)
            loc = ("sources", group, part)
            raw.setdefault("sources", {}).setdefault(group, {})[part] = block
        else:
            index_of[owner] = len(projects)
            loc = ("projects", len(projects))
            project = {"name": owner, "budget": block}
            implementer = _value(row[columns["实施单位"]])
            if implementer is not None:
                project["unit"] = implementer
            cells[(*loc, "unit")] = f"{SHEET_BUDGETS}!{row[columns['实施单位']].coordinate}"
            projects.append(project)
            cells[(*loc, "name")] = f"{SHEET_BUDGETS}!{row[columns['对象']].coordinate}"
            loc = (*loc, "budget")
        cells[loc] = f"{SHEET_BUDGETS}!{row[columns['对象']].coordinate}"
        for title, key in BUDGET_KEYS.items():
            cell = row[columns[title]]
            value = _value(cell)
            if value is not None:
                block[key] = value
            cells[(*loc, key)] = f"{SHEET_BUDGETS}!{cell.coordinate}"
    if projects:
        raw["projects"] = projects

    sheet = workbook[SHEET_TARGETS]
    columns = _header(sheet, TARGET_COLUMNS, name, problems)
    if problems:
        raise InputError(problems)
    for row in sheet.iter_rows(min_row=2):
        owner = _value(row[columns["对象"]])
        if owner is None:
            continue
        owner = str(owner)
        if owner == DEPARTMENT:
            entries, loc = raw.setdefault("targets", []), ("targets",)
        elif owner in index_of:
            project = projects[index_of[owner]]
            entries, loc = project.setdefault("targets", []), ("projects", index_of[owner], "targets")
        else:
            problems.append(Problem(Where(name, cell=f"{SHEET_TARGETS}!{row[columns['对象']].coordinate}"), f"对象“{owner}”不在“预算”页的项目中"))
            continue
        loc = (*loc, len(entries))
        cells[loc] = f"{SHEET_TARGETS}!{row[columns['三级指标']].coordinate}"
        entry = _target_entry(row, columns, loc, cells, problems, name)
        entries.append(entry)
    if SHEET_REPORT in workbook.sheetnames:
        narrative = {}
        for row in workbook[SHEET_REPORT].iter_rows(min_row=2, max_col=2):
            section, text = _value(row[0]), _value(row[1])
            if section and text:
                narrative[str(section)] = text
                cells[("narrative", str(section))] = f"{SHEET_REPORT}!{row[1].coordinate}"
        if narrative:
            raw["narrative"] = narrative
    return raw, cells, problems


def _target_entry(row, columns, loc, cells, problems, name) -> dict:
    entry: dict[str, Any] = {}
    for title, key in {**TARGET_KEYS, **TARGET_TAIL}.items():
        cell = row[columns[title]]
        cells[(*loc, key)] = f"{SHEET_TARGETS}!{cell.coordinate}"
        value = _value(cell)
        if value is None:
            continue
        if key == "cumulative":
            if value in (YES, NO):
                entry[key] = value == YES
            else:
                problems.append(Problem(Where(name, cell=cells[(*loc, key)], field="累计指标"), f"累计指标应为“{YES}”“{NO}”或留空，实际为“{value}”"))
            continue
        entry[key] = value if isinstance(value, str) else str(value)  # a typed 90 is the text 90, as in YAML
    causes = []
    for cause in CAUSES:
        cell = row[columns[cause]]
        mark = _value(cell)
        if mark is None:
            continue
        if str(mark) not in (TICK, "✓", "✔", "v", "V"):
            problems.append(Problem(Where(name, cell=f"{SHEET_TARGETS}!{cell.coordinate}", field=cause), f"偏差原因栏只能打 √ 或留空，实际为“{mark}”"))
            continue
        causes.append(cause)
    cells[(*loc, "causes")] = cells[(*loc, "cause_notes")] = f"{SHEET_TARGETS}!{row[columns['原因说明']].coordinate}"
    if causes:
        entry["causes"] = causes
        text = str(_value(row[columns["原因说明"]]) or "")
        entry["cause_notes"] = _split_notes(text, causes)
    return entry


def _split_notes(text: str, causes: list[str]) -> dict[str, str]:
    """`经费保障：……；人员保障：……` gives each ticked cause its own words; plain text is every ticked cause's."""
    if any(text.startswith(f"{cause}：") for cause in causes):
        notes, current = {}, None
        for part in text.split("；"):
            head = next((c for c in causes if part.startswith(f"{c}：")), None)
            if head is not None:
                current = head
                notes[head] = part[len(head) + 1:]
            elif current is not None:
                notes[current] += "；" + part
        return {cause: notes.get(cause, "") for cause in causes}
    return {cause: text for cause in causes}
