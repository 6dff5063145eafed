"""The 填报表 (render/template_xlsx) pre-filled with a draft's current facts, for offline work."""
from __future__ import annotations

from openpyxl import Workbook

from jixiao.loaders.list_fields import criteria_text
from jixiao.model.framework import Framework
from jixiao.render.template_xlsx import build_template, print_setup
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
from jixiao.rules.checklist import ChecklistParams
from jixiao.web.rounds.scoring import get_value


def put_text(cell, text: str) -> None:
    """User text goes in as text: a leading "=" never becomes a formula."""
    cell.value = text
    if isinstance(text, str):
        cell.data_type = "s"


def prefilled_template(framework: Framework, raw: dict) -> Workbook:
    workbook = build_template(framework)
    info = workbook[SHEET_INFO]
    keys = {label: key for label, key, _note in INFO_FIELDS}
    for row in range(2, info.max_row + 1):
        label = info.cell(row=row, column=1).value
        key = keys.get(label) or (("narrative|" + label[len(NARRATIVE_PREFIX):]) if isinstance(label, str) and label.startswith(NARRATIVE_PREFIX) else None)
        if key and key != "framework" and get_value(raw, key):
            put_text(info.cell(row=row, column=2), get_value(raw, key))
    figures = workbook[SHEET_FIGURES]
    for row in range(2, figures.max_row + 1):
        key = figures.cell(row=row, column=1).value
        if isinstance(key, str) and get_value(raw, f"figures|{key}"):
            put_text(figures.cell(row=row, column=FIGURE_VALUE_COLUMN), get_value(raw, f"figures|{key}"))
    _rows(workbook[SHEET_ROWS], framework, raw)
    if SHEET_SLOTS in workbook.sheetnames:
        _slots(workbook[SHEET_SLOTS], framework, raw)
    print_setup(workbook)  # over the rows filled in as well
    return workbook


def _unmet_text(framework: Framework, raw: dict, leaf: str, part: str) -> str | None:
    """A row's (or part's) unmet 评分要点 by number, as the column asks; None where they are no list of a checklist."""
    node = framework.node_at(tuple(leaf.split("/")))
    rule = node.rule if node is not None else None
    entry = (raw.get("rows") or {}).get(leaf)
    if part:
        rule = next((p.rule for p in getattr(rule.params, "parts", ()) if p.name == part), None) if rule else None
        entry = (entry.get("parts") or {}).get(part) if isinstance(entry, dict) else None
    items = entry.get("unmet") if isinstance(entry, dict) else None
    if rule is None or not isinstance(rule.params, ChecklistParams) or not isinstance(items, list):
        return None
    return criteria_text(items, [c.name for c in rule.params.criteria])


def _rows(sheet, framework: Framework, raw: dict) -> None:
    columns = [(column, key) for column, (_title, key, _w) in enumerate(ROW_COLUMNS, start=1) if key is not None]
    for row in range(2, sheet.max_row + 1):
        label = sheet.cell(row=row, column=1).value
        if not isinstance(label, str):
            continue
        leaf, _, part = label.partition(PART_SEPARATOR)
        base = f"rows|{leaf}" + (f"|parts|{part}" if part else "")
        for column, key in columns:
            text = get_value(raw, f"{base}|{key}") or (get_value(raw, f"{base}|penalties") if key == "deductions" else "")
            if key == "unmet" and text:
                text = _unmet_text(framework, raw, leaf, part) or text
            if text:
                put_text(sheet.cell(row=row, column=column), text)


def _slots(sheet, framework: Framework, raw: dict) -> None:
    row = 3
    for slot_path, entries in (raw.get("slots") or {}).items():
        for entry in entries if isinstance(entries, list) else ():
            for column, (_title, key, _w) in enumerate(SLOT_COLUMNS, start=1):
                text = slot_path.split("/")[-1] if key == "slot" else get_value({"v": entry.get(key)}, "v")
                if text:
                    put_text(sheet.cell(row=row, column=column), text)
            row += 1
