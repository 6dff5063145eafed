"""Test helper: fill a generated 填报表 from a facts YAML, as a finance officer would in Excel."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from jixiao.loaders.yaml_source import load_yaml
from jixiao.loaders.template_layout import INFO_FIELDS, PART_SEPARATOR, ROW_COLUMNS, SHEET_FIGURES, SHEET_INFO, SHEET_ROWS, SHEET_SLOTS, SLOT_COLUMNS


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def fill_template(template: Path, facts_yaml: Path, output: Path) -> None:
    facts = load_yaml(facts_yaml)
    workbook = load_workbook(template)
    info = workbook[SHEET_INFO]
    for row, (_label, key, _note) in enumerate(INFO_FIELDS, start=2):
        if key in facts and key != "framework":
            info.cell(row=row, column=2, value=_plain(facts[key]))
    figures = workbook[SHEET_FIGURES]
    for row in range(2, figures.max_row + 1):
        key = figures.cell(row=row, column=1).value
        if key in facts.get("figures", {}):
            value = facts["figures"][key]
            cell = figures.cell(row=row, column=4)
            if isinstance(value, str) and value.endswith("%"):
                cell.value = float(Decimal(value[:-1]) / 100)  # typed 99.8% into a 0.00% cell
            else:
                cell.value = _plain(value)
    rows = workbook[SHEET_ROWS]
    keys = [key for _t, key, _w in ROW_COLUMNS]
    by_leaf = {}
    for row in range(2, rows.max_row + 1):
        label = rows.cell(row=row, column=1).value
        if label:
            by_leaf[label] = row
    for name, entry in facts.get("rows", {}).items():
        leaf_label = next(label for label in by_leaf if PART_SEPARATOR not in label and ("/" + label).endswith("/" + name))
        targets = [(leaf_label, entry)] + [(leaf_label + PART_SEPARATOR + part, sub) for part, sub in entry.get("parts", {}).items()]
        for label, values in targets:
            for key, value in values.items():
                if key == "parts":
                    continue
                column_key = "deductions" if key == "penalties" else key
                if isinstance(value, list):
                    value = ("," if key == "unmet" else "\n").join(str(v) for v in value)
                rows.cell(row=by_leaf[label], column=keys.index(column_key) + 1, value=_plain(value))
    if facts.get("slots"):
        sheet = workbook[SHEET_SLOTS]
        slot_keys = [key for _t, key, _w in SLOT_COLUMNS]
        row = 3
        for slot, entries in facts["slots"].items():
            for entry in entries:
                sheet.cell(row=row, column=1, value=slot)
                for key, value in entry.items():
                    if key == "met":
                        value = "是" if value else "否"
                    sheet.cell(row=row, column=slot_keys.index(key) + 1, value=_plain(value))
                row += 1
    workbook.save(output)
