"""Read a framework from an xlsx laid out like the published 评分表.

Columns (found by their header text, in any order): 一级指标, 分值, 二级指标, 分值, 三级指标,
分值, 指标说明, 评分标准, 评分规则. Parent cells may be merged over their children or left
blank below the first child (carried down). The rule column holds a rule in YAML flow
form, e.g. `{kind: ratio, figure: 预算执行率}`, a bare kind such as `judgement`, or
`个性指标` for a slot the department fills. A row whose 三级指标 cell is empty but which has a rule is a
scored 二级 (or, both deeper names empty, 一级) indicator. Optional sheets: 基本信息 (编号/名称/总分/说明/
各级名称/取舍位数/取舍方式/使用共用数据项), 等级 (等级, 下限) and 数据项 (编号, 名称, 类型, 公式, 说明) — what
`jixiao frameworks export` writes.
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
    "加减分": "bonus",
}
WEIGHT_HEADERS = ("分值", "权重", "参考分值")
INFO_SHEET = "基本信息"
INFO_KEYS = {"编号": "id", "名称": "name", "总分": "total", "说明": "description"}
SLOT_WORDS = ("个性指标", "slot")
BONUS_WORDS = ("是", "加减分", "true", "True")
GRADES_SHEET = "等级"
FIGURES_SHEET = "数据项"
KIND_WORDS = {"金额": "money", "比率": "percent", "数量": "count"}
MODE_WORDS = {"四舍五入": "half_up", "四舍六入五成双": "half_even"}


def read_framework_xlsx(path: Path) -> tuple[dict, Callable[[tuple], Where]]:
    workbook = open_workbook_safely(path)
    name = str(path)
    sheets = [s for s in workbook.worksheets if s.title not in (INFO_SHEET, GRADES_SHEET, FIGURES_SHEET)]
    if not sheets:
        raise InputError([Problem(Where(name), "工作簿中没有指标表")])
    sheet = sheets[0]
    cells: dict[tuple, str] = {}
    raw: dict[str, Any] = {"id": path.stem, "name": path.stem, "indicators": []}
    if INFO_SHEET in workbook.sheetnames:
        _read_info(workbook, raw, cells)
    if GRADES_SHEET in workbook.sheetnames:
        _read_grades(workbook[GRADES_SHEET], raw, cells)
    if FIGURES_SHEET in workbook.sheetnames:
        _read_figures(workbook[FIGURES_SHEET], raw, cells)
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


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _read_tree(sheet, columns: dict[str, int], header_row: int, raw: dict, cells: dict, name: str) -> None:
    """One row per scored indicator: a 三级指标, or (its deeper name cells empty) a 二级 or 一级 one with a rule."""
    current: dict[str, dict | None] = {"l1": None, "l2": None}
    for row in range(header_row + 1, sheet.max_row + 1):
        l3 = sheet.cell(row=row, column=columns["l3"]).value
        rule_text = sheet.cell(row=row, column=columns["rule"]).value
        if _text(l3) in ("三级指标", "名称"):
            continue
        if _text(_merged_value(sheet, row, columns["l1"])) in ("总分", "合计"):
            continue
        if _text(l3):
            level = 3
        elif _text(rule_text) and "l2" in columns and _text(sheet.cell(row=row, column=columns["l2"]).value):
            level = 2
        elif _text(rule_text) and _text(sheet.cell(row=row, column=columns["l1"]).value):
            level = 1
        else:
            continue

        def where(column_key: str) -> Where:
            return Where(name, cell=f"{sheet.title}!{sheet.cell(row=row, column=columns[column_key]).coordinate}")

        def leaf(column_key: str, weight_key: str) -> dict[str, Any]:
            node: dict[str, Any] = {"name": _text(sheet.cell(row=row, column=columns[column_key]).value), "weight": _number(sheet.cell(row=row, column=columns[weight_key]).value, where(weight_key))}
            for key in ("explanation", "standard"):
                if key in columns and sheet.cell(row=row, column=columns[key]).value is not None:
                    node[key] = _text(sheet.cell(row=row, column=columns[key]).value)
            if rule_text is not None:
                node.update(_parse_rule(rule_text, where("rule")))
            if "bonus" in columns and _text(sheet.cell(row=row, column=columns["bonus"]).value) in BONUS_WORDS:
                node["bonus"] = True
            return node

        def record(loc: tuple, column_key: str, weight_key: str) -> None:
            cells[loc] = where(column_key).cell
            cells[loc + ("rule",)] = where("rule").cell
            cells[loc + ("slot",)] = where("rule").cell
            cells[loc + ("weight",)] = where(weight_key).cell

        if level == 1:
            raw["indicators"].append(leaf("l1", "l1_weight"))
            record(("indicators", len(raw["indicators"]) - 1), "l1", "l1_weight")
            current = {"l1": None, "l2": None}
            continue
        l1 = _merged_value(sheet, row, columns["l1"])
        if l1 is not None and (current["l1"] is None or current["l1"]["name"] != _text(l1)):
            node = {"name": _text(l1), "weight": _number(_merged_value(sheet, row, columns["l1_weight"]), where("l1_weight")), "children": []}
            raw["indicators"].append(node)
            cells[("indicators", len(raw["indicators"]) - 1)] = where("l1").cell
            cells[("indicators", len(raw["indicators"]) - 1, "weight")] = where("l1_weight").cell
            current = {"l1": node, "l2": None}
        if current["l1"] is None:
            raise InputError([Problem(where("l1"), "三级指标之前缺少一级指标")])
        parent = current["l1"]
        parent_loc = ("indicators", len(raw["indicators"]) - 1)
        l2_weight = "l2_weight" if "l2_weight" in columns else "l3_weight"
        if level == 2:
            parent["children"].append(leaf("l2", l2_weight))
            record(parent_loc + ("children", len(parent["children"]) - 1), "l2", l2_weight)
            current["l2"] = None
            continue
        if "l2" in columns:
            l2 = _merged_value(sheet, row, columns["l2"])
            if l2 is not None and _text(l2) and (current["l2"] is None or current["l2"]["name"] != _text(l2)):
                node = {"name": _text(l2), "weight": _number(_merged_value(sheet, row, columns[l2_weight]), where(l2_weight)), "children": []}
                parent["children"].append(node)
                cells[parent_loc + ("children", len(parent["children"]) - 1)] = where("l2").cell
                cells[parent_loc + ("children", len(parent["children"]) - 1, "weight")] = where(l2_weight).cell
                current["l2"] = node
            if current["l2"] is not None:
                parent_loc = parent_loc + ("children", len(parent["children"]) - 1)
                parent = current["l2"]
        parent["children"].append(leaf("l3", "l3_weight"))
        record(parent_loc + ("children", len(parent["children"]) - 1), "l3", "l3_weight")


def _read_info(workbook, raw: dict, cells: dict) -> None:
    """基本信息 (编号, 名称, 总分, 说明, 各级名称, 取舍位数, 取舍方式, 使用共用数据项)."""
    info = workbook[INFO_SHEET]
    for row in info.iter_rows(min_row=1):
        label, value = (row[0].value, row[1].value) if len(row) > 1 else (None, None)
        if not isinstance(label, str) or value is None:
            continue
        label = label.strip()
        cell = f"{INFO_SHEET}!{row[1].coordinate}"
        if label in INFO_KEYS:
            raw[INFO_KEYS[label]] = value if not isinstance(value, float) else to_decimal(value)
            cells[(INFO_KEYS[label],)] = cell
        elif label == "各级名称":
            raw["levels"] = [part.strip() for part in str(value).split("、") if part.strip()]
            cells[("levels",)] = cell
        elif label == "取舍位数":
            raw.setdefault("rounding", {})["places"] = value
            cells[("rounding", "places")] = cell
        elif label == "取舍方式":
            raw.setdefault("rounding", {})["mode"] = MODE_WORDS.get(_text(value), _text(value))
            cells[("rounding", "mode")] = cell
        elif label == "使用共用数据项":
            raw["common_figures"] = _text(value) not in ("否", "false", "False", "0")
            cells[("common_figures",)] = cell


def _read_grades(sheet, raw: dict, cells: dict) -> None:
    """等级: 等级 | 下限, one band a row."""
    grades = []
    for row in sheet.iter_rows(min_row=2):
        if len(row) < 2 or (row[0].value is None and row[1].value is None):
            continue
        minimum = row[1].value
        grades.append({"grade": _text(row[0].value), "min": minimum if not isinstance(minimum, float) else to_decimal(minimum)})
        cells[("grades", len(grades) - 1)] = f"{sheet.title}!{row[0].coordinate}"
        cells[("grades", len(grades) - 1, "min")] = f"{sheet.title}!{row[1].coordinate}"
    raw["grades"] = grades


def _read_figures(sheet, raw: dict, cells: dict) -> None:
    """数据项: 编号 | 名称 | 类型 | 公式 | 说明; a row with a formula is derived."""
    for row in sheet.iter_rows(min_row=2):
        values = [cell.value for cell in row[:5]] + [None] * (5 - len(row[:5]))
        key, label, kind, formula, note = values
        if not _text(key):
            continue
        entry: dict[str, Any] = {"name": _text(label) or _text(key), "kind": KIND_WORDS.get(_text(kind), _text(kind))}
        if _text(note):
            entry["note"] = _text(note)
        table = "figures"
        if _text(formula):
            entry["formula"], table = _text(formula), "derived"
        raw.setdefault(table, {})[_text(key)] = entry
        cells[(table, _text(key))] = f"{sheet.title}!{row[0].coordinate}"
        cells[(table, _text(key), "kind")] = f"{sheet.title}!{row[2].coordinate}"
        if table == "derived":
            cells[(table, _text(key), "formula")] = f"{sheet.title}!{row[3].coordinate}"
