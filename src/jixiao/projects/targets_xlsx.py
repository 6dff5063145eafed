"""The Excel 目标表: a 绩效目标表 written as a workbook to fill (or as filled), read back to the same table.

Sheets: 基本信息 (主管部门, 年度, 指标体系, 金额单位), 绩效目标 (one row per indicator; a project's own columns are written
on its first row and may be left blank below it, as people fill such sheets), 调整记录 (who changed which target,
when and why). `write_targets_xlsx(table)` then `read_targets_xlsx` gives the same TargetsTable back; every value is
written as text, so nothing typed becomes a formula.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.workbook import cell_locator, open_workbook_safely
from jixiao.model.framework import Framework
from jixiao.model.quantity import MONEY_UNITS, format_count
from jixiao.model.result import Where
from jixiao.projects.targets import TargetsTable

SHEET_INFO, SHEET_TARGETS, SHEET_HISTORY = "基本信息", "绩效目标", "调整记录"
INFO_FIELDS = (("主管部门", "department"), ("年度", "year"), ("指标体系", "framework"), ("金额单位", "unit"))
PROJECT_COLUMNS = (("项目名称", "project"), ("实施单位", "implementer"), ("年度资金总额", "budget"), ("年度总体目标", "goal"), ("结转项目", "carried_over"))
INDICATOR_COLUMNS = (("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "nature"), ("年度指标值", "value"), ("度量单位", "unit"), ("分值", "weight"))
HISTORY_COLUMNS = (("项目名称", "project"), ("指标", "indicator"), ("调整项", "field"), ("调整前", "before"), ("调整后", "after"), ("调整人", "by"), ("调整时间", "at"), ("理由", "reason"))
FIELD_WORDS = {"指标性质": "nature", "年度指标值": "value", "度量单位": "unit", "分值": "weight"}
YES = {"是": True, "否": False, "": False}


def _amount(quantity, unit: str) -> str:
    return "" if quantity is None else format_count(quantity.value / MONEY_UNITS[unit])


def write_targets_xlsx(path: Path, table: TargetsTable | None = None, framework: Framework | None = None, unit: str = "万元") -> None:
    """The 目标表 of `table`, or an empty one to fill (with the framework's 一级/二级 as choices)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    info = workbook.active
    info.title = SHEET_INFO
    values = {"department": table.department if table else "", "year": str(table.year) if table else "", "framework": framework.id if framework else "national-2020-project", "unit": unit}
    for row, (label, key) in enumerate(INFO_FIELDS, start=1):
        info.cell(row, 1, label).font = Font(bold=True)
        info.cell(row, 2).value = values[key]
        info.cell(row, 2).data_type = "s"
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 12, 40
    sheet = workbook.create_sheet(SHEET_TARGETS)
    headers = [label for label, _ in PROJECT_COLUMNS + INDICATOR_COLUMNS]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(1, column, header)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
        sheet.column_dimensions[cell.column_letter].width = 30 if header in ("项目名称", "年度总体目标", "三级指标") else 12
    row = 2
    for project in table.projects if table else ():
        for index, indicator in enumerate(project.indicators or (None,)):
            own = (project.project, project.implementer, _amount(project.budget, unit), project.goal, "是" if project.carried_over else "否") if index == 0 else ("",) * 5
            rest = (indicator.level1, indicator.level2, indicator.name, indicator.nature, indicator.value, indicator.unit, format_count(indicator.weight)) if indicator else ("",) * 7
            for column, value in enumerate(own + rest, start=1):
                cell = sheet.cell(row, column)
                cell.value, cell.data_type = value, "s"
            row += 1
    natures = DataValidation(type="list", formula1='"≥,≤,=,定性"', allow_blank=True)
    sheet.add_data_validation(natures)
    natures.add(f"I2:I{max(row, 200)}")
    history = workbook.create_sheet(SHEET_HISTORY)
    for column, (label, _key) in enumerate(HISTORY_COLUMNS, start=1):
        history.cell(1, column, label).font = Font(bold=True)
    field_labels = {v: k for k, v in FIELD_WORDS.items()}
    row = 2
    for project in table.projects if table else ():
        for change in project.history:
            for column, value in enumerate((project.project, change.indicator, field_labels[change.field], change.before, change.after, change.by, change.at, change.reason), start=1):
                cell = history.cell(row, column)
                cell.value, cell.data_type = value, "s"
            row += 1
    workbook.save(path)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "date") and not isinstance(value, str):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def read_targets_xlsx(path: Path):
    """The raw 绩效目标表 mapping (as jixiao.projects.load.build_targets reads) and where each value stands."""
    name = str(path)
    workbook = open_workbook_safely(path)
    missing = [s for s in (SHEET_INFO, SHEET_TARGETS) if s not in workbook.sheetnames]
    if missing:
        raise InputError([Problem(Where(name), f"不是绩效目标表：缺少工作表“{'、'.join(missing)}”（请用 jixiao template 生成目标表）")])
    cells: dict[tuple, str] = {}
    raw: dict = {}
    info = workbook[SHEET_INFO]
    labels = {label: key for label, key in INFO_FIELDS}
    for row in info.iter_rows(min_row=1, max_col=2):
        label, value = _cell_text(row[0].value), _cell_text(row[1].value)
        if label in labels and value:
            key = labels[label]
            raw[key] = int(value) if key == "year" and value.isdigit() else value
            cells[(key,)] = f"{SHEET_INFO}!B{row[0].row}"
    sheet = workbook[SHEET_TARGETS]
    header = [_cell_text(c.value) for c in sheet[1]]
    columns = {key: header.index(label) for label, key in PROJECT_COLUMNS + INDICATOR_COLUMNS if label in header}
    absent = [label for label, key in PROJECT_COLUMNS[:1] + INDICATOR_COLUMNS if key not in columns]
    if absent:
        raise InputError([Problem(Where(name, cell=f"{SHEET_TARGETS}!A1"), f"绩效目标表缺少列：{'、'.join(absent)}")])
    projects: list[dict] = []
    for row in sheet.iter_rows(min_row=2):
        texts = {key: _cell_text(row[index].value) if index < len(row) else "" for key, index in columns.items()}
        letter = lambda key: f"{SHEET_TARGETS}!{row[columns[key]].column_letter}{row[0].row}"  # noqa: E731
        if not any(texts.values()):
            continue
        if texts["project"]:
            project = {"project": texts["project"], "indicators": [], "history": []}
            cells[("projects", len(projects))] = letter("project")
            cells[("projects", len(projects), "project")] = letter("project")
            for key in ("implementer", "budget", "goal", "carried_over"):
                if key in columns and texts[key]:
                    project[key] = YES.get(texts[key], texts[key]) if key == "carried_over" else texts[key]
                    cells[("projects", len(projects), key)] = letter(key)
            projects.append(project)
        elif not projects:
            raise InputError([Problem(Where(name, cell=letter("name")), "第一行指标之前须写明项目名称")])
        if texts["name"]:
            current = projects[-1]
            loc = ("projects", len(projects) - 1, "indicators", len(current["indicators"]))
            indicator = {key: texts[key] for _label, key in INDICATOR_COLUMNS if texts[key] or key in ("name",)}
            current["indicators"].append(indicator)
            cells[loc] = letter("name")
            for _label, key in INDICATOR_COLUMNS:
                cells[loc + (key,)] = letter(key)
    raw["projects"] = projects
    if SHEET_HISTORY in workbook.sheetnames:
        by_name = {p["project"]: i for i, p in enumerate(projects)}
        history = workbook[SHEET_HISTORY]
        for row in history.iter_rows(min_row=2):
            values = [_cell_text(c.value) for c in row[: len(HISTORY_COLUMNS)]]
            if not any(values):
                continue
            values += [""] * (len(HISTORY_COLUMNS) - len(values))
            entry = dict(zip((key for _l, key in HISTORY_COLUMNS), values))
            where = f"{SHEET_HISTORY}!A{row[0].row}"
            index = by_name.get(entry.pop("project"))
            if index is None:
                raise InputError([Problem(Where(name, cell=where), f"调整记录中的项目“{values[0]}”不在绩效目标表中")])
            entry["field"] = FIELD_WORDS.get(entry["field"], entry["field"])
            changes = projects[index]["history"]
            cells[("projects", index, "history", len(changes))] = where
            changes.append(entry)
    return raw, cell_locator(name, cells)
