"""Read a filled 填报表 back into the raw facts mapping, remembering each value's cell."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from jixiao.loaders.list_fields import LIST_FIELDS, parse_list
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.workbook import cell_locator, open_workbook_safely
from jixiao.model.quantity import to_decimal
from jixiao.model.result import Where
from jixiao.loaders.template_layout import (
    FIGURE_VALUE_COLUMN,
    INFO_FIELDS,
    NARRATIVE_PREFIX,
    PART_SEPARATOR,
    ROW_COLUMNS,
    SHEET_FIGURES,
    SHEET_INFO,
    SHEET_ROWS,
    SHEET_SLOTS,
    SLOT_COLUMNS,
)

def _cell_value(cell) -> Any:
    value = cell.value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and "%" in (cell.number_format or ""):
        return f"{to_decimal(value) * 100}%"  # a percentage cell holds 0.998 for 99.8%
    if isinstance(value, float):
        return to_decimal(value)
    return value


def read_facts_xlsx(path: Path) -> tuple[dict, Callable[[tuple], Where]]:
    workbook = open_workbook_safely(path)
    name = str(path)
    missing = [s for s in (SHEET_INFO, SHEET_FIGURES, SHEET_ROWS) if s not in workbook.sheetnames]
    if missing:
        raise InputError([Problem(Where(name), f"缺少工作表：{'、'.join(missing)}（请使用 jixiao template 生成的填报表）")])
    _refuse_uncomputed_formulas(path, workbook)
    cells: dict[tuple, str] = {}
    raw: dict[str, Any] = {"figures": {}, "rows": {}, "slots": {}, "narrative": {}}
    _read_info(workbook[SHEET_INFO], raw, cells)
    _read_figures(workbook[SHEET_FIGURES], raw, cells, name)
    _read_rows(workbook[SHEET_ROWS], raw, cells)
    if SHEET_SLOTS in workbook.sheetnames:
        _read_slots(workbook[SHEET_SLOTS], raw, cells)

    return raw, cell_locator(name, cells)


def _refuse_uncomputed_formulas(path: Path, values) -> None:
    """A formula typed into an input cell is read by its result, as Excel or WPS saved it; a formula
    with no saved result (the file was written by a program) cannot be read, and is named by cell."""
    from openpyxl import load_workbook

    formulas = load_workbook(path, data_only=False, read_only=True)  # streamed: no second copy in memory
    problems = []
    for sheet in values.worksheets:
        if sheet.title not in (SHEET_INFO, SHEET_FIGURES, SHEET_ROWS, SHEET_SLOTS):
            continue
        for row in formulas[sheet.title].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f" and sheet[cell.coordinate].value is None:
                    problems.append(Problem(Where(str(path), cell=f"{sheet.title}!{cell.coordinate}"), "单元格中是公式，但文件没有保存其计算结果：请直接填写数值，或在 Excel / WPS 中打开后保存"))
    formulas.close()
    if problems:
        raise InputError(problems)


def _ref(sheet, row: int, column: int) -> str:
    return f"{sheet.title}!{sheet.cell(row=row, column=column).coordinate}"


def _read_info(sheet, raw: dict, cells: dict) -> None:
    labels = {label: key for label, key, _note in INFO_FIELDS}
    for row in range(2, sheet.max_row + 1):
        label = _cell_value(sheet.cell(row=row, column=1))
        value = _cell_value(sheet.cell(row=row, column=2))
        if isinstance(label, str) and label in labels:
            cells.setdefault((labels[label],), _ref(sheet, row, 2))  # even left blank: "缺少…" names the cell
        if not isinstance(label, str) or value is None:
            continue
        if label in labels:
            key = labels[label]
            if key == "year" and isinstance(value, Decimal) and value == value.to_integral_value():
                value = int(value)
            if key == "stated_total" or key == "year":
                value = value if not isinstance(value, str) else value.rstrip("年分")
            raw[key] = value
            cells[(key,)] = _ref(sheet, row, 2)
        elif label.startswith(NARRATIVE_PREFIX):
            key = label[len(NARRATIVE_PREFIX) :]
            raw["narrative"][key] = str(value)
            cells[("narrative", key)] = _ref(sheet, row, 2)


def _read_figures(sheet, raw: dict, cells: dict, name: str) -> None:
    for row in range(2, sheet.max_row + 1):
        key = _cell_value(sheet.cell(row=row, column=1))
        value = _cell_value(sheet.cell(row=row, column=FIGURE_VALUE_COLUMN))
        if key is None or value is None:
            continue
        key = str(key)
        if key in raw["figures"]:
            raise InputError([Problem(Where(name, cell=_ref(sheet, row, 1)), f"数据项“{key}”重复")])
        raw["figures"][key] = value
        cells[("figures", key)] = _ref(sheet, row, FIGURE_VALUE_COLUMN)


def _as_cell_text(value: Any) -> str:
    """A list cell's text: a number Excel kept as a number (a lone 评分要点 3) as written, not 3.0."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) and value == value.to_integral_value() else str(value)


def _read_rows(sheet, raw: dict, cells: dict) -> None:
    keys = [key for _title, key, _width in ROW_COLUMNS]
    kinds: dict[str, str] = {}
    for row in range(2, sheet.max_row + 1):
        label = _cell_value(sheet.cell(row=row, column=1))
        if not isinstance(label, str):
            continue
        kinds.setdefault(label.split(PART_SEPARATOR)[0], str(_cell_value(sheet.cell(row=row, column=3)) or ""))
        if PART_SEPARATOR not in label:
            cells.setdefault(("rows", label), _ref(sheet, row, 1))  # even unfilled: messages name its cell
        entry: dict[str, Any] = {}
        for column, key in enumerate(keys, start=1):
            if key is None:
                continue
            value = _cell_value(sheet.cell(row=row, column=column))
            if value is None:
                continue
            if key in LIST_FIELDS:
                value = parse_list(key, _as_cell_text(value))
            elif key not in ("score", "stated_score"):
                value = str(value) if not isinstance(value, Decimal) else value
            entry[key] = value
            cells[("rows", label.split(PART_SEPARATOR)[0]) + (("parts", label.split(PART_SEPARATOR)[1]) if PART_SEPARATOR in label else ()) + (key,)] = _ref(sheet, row, column)
        if not entry:
            continue
        if PART_SEPARATOR in label:
            leaf, part = label.split(PART_SEPARATOR, 1)
            raw["rows"].setdefault(leaf, {}).setdefault("parts", {})[part] = entry
            cells.setdefault(("rows", leaf), _ref(sheet, row, 1))
            cells[("rows", leaf, "parts", part)] = _ref(sheet, row, 1)
        else:
            if kinds.get(label) == "加减分" and "deductions" in entry:
                entry["penalties"] = entry.pop("deductions")
            raw["rows"].setdefault(label, {}).update(entry)
            cells[("rows", label)] = _ref(sheet, row, 1)


def _read_slots(sheet, raw: dict, cells: dict) -> None:
    keys = [key for _title, key, _width in SLOT_COLUMNS]
    for row in range(3, sheet.max_row + 1):
        values = {key: _cell_value(sheet.cell(row=row, column=column)) for column, key in enumerate(keys, start=1)}
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            continue
        slot = str(values.pop("slot", "") or "")
        slot_rows = raw["slots"].setdefault(slot, [])
        index = len(slot_rows)
        if "met" in values:
            values["met"] = {"是": True, "否": False}.get(str(values["met"]), values["met"])
        for key in ("name", "target", "actual", "basis", "reason", "improvement", "not_applicable", "group"):
            if key in values and not isinstance(values[key], str):
                values[key] = str(values[key])
        slot_rows.append(values)
        cells[("slots", slot)] = _ref(sheet, row, 1)
        cells[("slots", slot, index)] = _ref(sheet, row, 3)
        for column, key in enumerate(keys, start=1):
            cells[("slots", slot, index, key)] = _ref(sheet, row, column)
