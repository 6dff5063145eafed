"""Read a framework from an xlsx laid out like the published 评分表.

Columns (found by their header text, in any order): 一级指标, 分值, 二级指标, 分值, 三级指标,
分值, 指标说明, 评分标准, 评分规则. Parent cells may be merged over their children or left
blank below the first child (carried down). The rule column holds a rule in YAML flow
form, e.g. `{kind: ratio, figure: 预算执行率}`, a bare kind such as `judgement`, or
`个性指标` for a slot the department fills. An optional sheet 基本信息 gives 编号/名称/总分.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml

from jixiao.loaders.workbook import cell_locator, open_workbook_safely
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import _Loader
from jixiao.model.quantity import QuantityError, to_decimal
from jixiao.model.result import Where

HEADERS = {
    "一级指标": "l1", "二级指标": "l2", "三级指标": "l3",
    "指标说明": "explanation", "指标解释": "explanation",
    "评分标准": "standard", "参考评分标准": "standard",
    "评分规则": "rule",
}
WEIGHT_HEADERS = ("分值", "权重", "参考分值")
INFO_SHEET = "基本信息"
INFO_KEYS = {"编号": "id", "名称": "name", "总分": "total", "说明": "description"}
SLOT_WORDS = ("个性指标", "slot")


def read_framework_xlsx(path: Path) -> tuple[dict, Callable[[tuple], Where]]:
    workbook = open_workbook_safely(path)
    name = str(path)
    sheets = [s for s in workbook.worksheets if s.title != INFO_SHEET]
    if not sheets:
        raise InputError([Problem(Where(name), "工作簿中没有指标表")])
    sheet = sheets[0]
    cells: dict[tuple, str] = {}
    raw: dict[str, Any] = {"id": path.stem, "name": path.stem, "indicators": []}
    if INFO_SHEET in workbook.sheetnames:
        info = workbook[INFO_SHEET]
        for row in info.iter_rows(min_row=1):
            label, value = (row[0].value, row[1].value) if len(row) > 1 else (None, None)
            if isinstance(label, str) and label.strip() in INFO_KEYS and value is not None:
                raw[INFO_KEYS[label.strip()]] = value if not isinstance(value, float) else to_decimal(value)
                cells[(INFO_KEYS[label.strip()],)] = f"{INFO_SHEET}!{row[1].coordinate}"
    columns, header_row = _find_columns(sheet, name)
    _read_tree(sheet, columns, header_row, raw, cells, name)

    return raw, cell_locator(name, cells)


def _find_columns(sheet, name: str) -> tuple[dict[str, int], int]:
    for row in sheet.iter_rows(min_row=1, max_row=10):
        columns: dict[str, int] = {}
        last_level = None
        for cell in row:
            text = str(cell.value).strip() if cell.value is not None else ""
            if text in HEADERS:
                key = HEADERS[text]
                columns.setdefault(key, cell.column)
                last_level = key if key in ("l1", "l2", "l3") else last_level
            elif text in WEIGHT_HEADERS and last_level is not None:
                columns.setdefault(last_level + "_weight", cell.column)
        if {"l1", "l3", "l1_weight", "l3_weight"} <= set(columns):
            if "rule" not in columns:
                raise InputError([Problem(Where(name, cell=f"{sheet.title}!1"), "指标表缺少“评分规则”列")])
            return columns, row[0].row
    raise InputError([Problem(Where(name, cell=sheet.title), "找不到表头：需要 一级指标、分值、二级指标、分值、三级指标、分值、评分规则 等列")])


def _merged_value(sheet, row: int, column: int) -> Any:
    value = sheet.cell(row=row, column=column).value
    if value is None:
        for merged in sheet.merged_cells.ranges:
            if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
                return sheet.cell(row=merged.min_row, column=merged.min_col).value
    return value


def _number(value: Any, where: Where) -> Any:
    if value is None:
        return None
    try:
        return to_decimal(value if not isinstance(value, str) else value.rstrip("分"))
    except QuantityError:
        raise InputError([Problem(where, f"分值应为数字，实际为“{value}”")]) from None


def _parse_rule(text: Any, where: Where) -> dict[str, Any]:
    source = str(text).strip()
    if source in SLOT_WORDS:
        return {"slot": {}}
    if "{" not in source and ":" not in source:
        return {"rule": {"kind": source}}
    try:
        rule = yaml.load(source, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except yaml.YAMLError:
        raise InputError([Problem(where, f"评分规则“{source}”无法解析：应写成 {{kind: ratio, figure: 预算执行率}} 这样的形式")]) from None
    if isinstance(rule, dict) and rule.get("slot") is not None:
        slot = rule["slot"] if isinstance(rule["slot"], dict) else {}
        return {"slot": slot}
    return {"rule": rule}


def _read_tree(sheet, columns: dict[str, int], header_row: int, raw: dict, cells: dict, name: str) -> None:
    current: dict[str, dict | None] = {"l1": None, "l2": None}
    for row in range(header_row + 1, sheet.max_row + 1):
        l3 = sheet.cell(row=row, column=columns["l3"]).value
        if l3 is None or str(l3).strip() in ("", "三级指标", "名称"):
            continue
        if str(_merged_value(sheet, row, columns["l1"]) or "").strip() in ("总分", "合计"):
            continue

        def where(column_key: str) -> Where:
            return Where(name, cell=f"{sheet.title}!{sheet.cell(row=row, column=columns[column_key]).coordinate}")

        l1 = _merged_value(sheet, row, columns["l1"])
        if l1 is not None and (current["l1"] is None or current["l1"]["name"] != str(l1).strip()):
            node = {"name": str(l1).strip(), "weight": _number(_merged_value(sheet, row, columns["l1_weight"]), where("l1_weight")), "children": []}
            raw["indicators"].append(node)
            cells[("indicators", len(raw["indicators"]) - 1)] = where("l1").cell
            current = {"l1": node, "l2": None}
        if current["l1"] is None:
            raise InputError([Problem(where("l1"), "三级指标之前缺少一级指标")])
        parent = current["l1"]
        parent_loc = ("indicators", len(raw["indicators"]) - 1)
        if "l2" in columns:
            l2 = _merged_value(sheet, row, columns["l2"])
            if l2 is not None and (current["l2"] is None or current["l2"]["name"] != str(l2).strip()):
                weight_column = "l2_weight" if "l2_weight" in columns else "l3_weight"
                node = {"name": str(l2).strip(), "weight": _number(_merged_value(sheet, row, columns[weight_column]), where(weight_column)), "children": []}
                parent["children"].append(node)
                cells[parent_loc + ("children", len(parent["children"]) - 1)] = where("l2").cell
                current["l2"] = node
            if current["l2"] is not None:
                parent_loc = parent_loc + ("children", len(parent["children"]) - 1)
                parent = current["l2"]
        leaf: dict[str, Any] = {"name": str(l3).strip(), "weight": _number(sheet.cell(row=row, column=columns["l3_weight"]).value, where("l3_weight"))}
        for key in ("explanation", "standard"):
            if key in columns and sheet.cell(row=row, column=columns[key]).value is not None:
                leaf[key] = str(sheet.cell(row=row, column=columns[key]).value).strip()
        rule_text = sheet.cell(row=row, column=columns["rule"]).value
        if rule_text is not None:
            leaf.update(_parse_rule(rule_text, where("rule")))
        parent["children"].append(leaf)
        loc = parent_loc + ("children", len(parent["children"]) - 1)
        cells[loc] = where("l3").cell
        cells[loc + ("rule",)] = where("rule").cell
        cells[loc + ("slot",)] = where("rule").cell
        cells[loc + ("weight",)] = where("l3_weight").cell
