"""A framework written as the xlsx that jixiao.loaders.framework_xlsx reads back to the same framework.

Sheet 指标体系 is laid out like a published 评分表 (一级指标 分值 二级指标 分值 三级指标 分值 指标说明 评分标准
评分规则 加减分), one row per scored indicator with its parents' names repeated; a leaf or 个性指标 above the
third level leaves the deeper name cells empty. 基本信息, 等级 and 数据项 hold the rest. Every text is written
as text (a name beginning with "=" stays a name, never a formula).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.authoring.raw import DEFAULT_SLOT_RULE, ExportError, figures_raw, flow_yaml, rule_spec
from jixiao.model.framework import DEFAULT_GRADES, Framework, Node, Rounding

SHEET = "指标体系"
HEADER = ("一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标说明", "评分标准", "评分规则", "加减分")
KIND_LABELS = {"money": "金额", "percent": "比率", "count": "数量"}
MODE_LABELS = {"half_up": "四舍五入", "half_even": "四舍六入五成双"}
WIDTHS = (16, 7, 18, 7, 24, 7, 40, 50, 40, 8)


def rule_cell(node: Node) -> str:
    if node.slot is not None:
        slot: dict[str, Any] = {"rule": rule_spec(node.slot.rule)}
        if node.slot.groups:
            slot["groups"] = list(node.slot.groups)
        return "个性指标" if slot == {"rule": DEFAULT_SLOT_RULE} else flow_yaml({"slot": slot})
    assert node.rule is not None
    spec = rule_spec(node.rule)
    return spec["kind"] if list(spec) == ["kind"] else flow_yaml(spec)


def scored_rows(framework: Framework) -> list[tuple[tuple[Node, ...], Node]]:
    """Each leaf or slot with its ancestors, in the framework's order."""
    out = []
    for path, node in framework.walk():
        if node.children or (node.rule is None and node.slot is None):
            continue
        if len(path) > 3:
            raise ExportError(f"指标“{'/'.join(path)}”在第 {len(path)} 级：Excel 评分表只能表示三级指标，请写出 YAML")
        chain = tuple(framework.node_at(path[:depth]) for depth in range(1, len(path) + 1))
        out.append((chain, node))  # type: ignore[arg-type]
    return out


def _check_writable(framework: Framework) -> None:
    for path, node in framework.walk():
        label = "/".join(path)
        if node.children and (node.explanation or node.standard or node.bonus):
            raise ExportError(f"上级指标“{label}”有指标说明、评分标准或加减分标记：Excel 评分表只能为末级指标写出，请写出 YAML")
        if not node.children and node.rule is None and node.slot is None:
            raise ExportError(f"末级指标“{label}”没有评分规则")


def _number(value: Decimal) -> int | float | str:
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value, "f")


def write_framework_xlsx(framework: Framework, path: Path, common: dict | None = None) -> None:
    """Write the workbook (to a temporary file beside it first: nothing half-written)."""
    from jixiao.render.atomic import write_all

    book = framework_workbook(framework, common)  # an ExportError before any file is touched
    write_all({path: lambda scratch: book.save(scratch)})


def framework_xlsx_bytes(framework: Framework, common: dict | None = None) -> bytes:
    import io

    buffer = io.BytesIO()
    framework_workbook(framework, common).save(buffer)
    return buffer.getvalue()


def framework_workbook(framework: Framework, common: dict | None = None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    _check_writable(framework)
    rows = scored_rows(framework)
    include, figures, derived = figures_raw(framework, common)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def put(target, row: int, column: int, value: Any, font=None) -> None:
        cell = target.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, even "=…": user text is never a formula
        if font is not None:
            cell.font = font

    for column, title in enumerate(HEADER, start=1):
        put(sheet, 1, column, title, bold)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    for index, (chain, node) in enumerate(rows, start=2):
        for depth, member in enumerate(chain):
            put(sheet, index, 1 + 2 * depth, member.name)
            put(sheet, index, 2 + 2 * depth, _number(member.weight))
        put(sheet, index, 7, node.explanation or None)
        put(sheet, index, 8, node.standard or None)
        put(sheet, index, 9, rule_cell(node))
        put(sheet, index, 10, "是" if node.bonus else None)
        for column in (7, 8, 9):
            sheet.cell(row=index, column=column).alignment = wrap
    sheet.freeze_panes = "A2"

    info = book.create_sheet("基本信息")
    entries: list[tuple[str, Any]] = [("编号", framework.id), ("名称", framework.name), ("总分", _number(framework.total))]
    if framework.description:
        entries.append(("说明", framework.description))
    entries.append(("各级名称", "、".join(framework.levels)))
    if framework.rounding != Rounding():
        entries += [("取舍位数", framework.rounding.places), ("取舍方式", MODE_LABELS[framework.rounding.mode])]
    entries.append(("使用共用数据项", "是" if include else "否"))
    for index, (label, value) in enumerate(entries, start=1):
        put(info, index, 1, label, bold)
        put(info, index, 2, value)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 16, 60

    if tuple(framework.grades) != DEFAULT_GRADES:
        grades = book.create_sheet("等级")
        put(grades, 1, 1, "等级", bold)
        put(grades, 1, 2, "下限", bold)
        for index, (grade, minimum) in enumerate(framework.grades, start=2):
            put(grades, index, 1, grade)
            put(grades, index, 2, _number(minimum))
    if figures or derived:
        table = book.create_sheet("数据项")
        for column, title in enumerate(("编号", "名称", "类型", "公式", "说明"), start=1):
            put(table, 1, column, title, bold)
        entries_ = [(k, v) for k, v in figures.items()] + [(k, v) for k, v in derived.items()]
        for index, (key, value) in enumerate(entries_, start=2):
            put(table, index, 1, key)
            put(table, index, 2, value["name"])
            put(table, index, 3, KIND_LABELS[value["kind"]])
            put(table, index, 4, value.get("formula"))
            put(table, index, 5, value.get("note") or None)
        for column, width in zip("ABCDE", (20, 24, 8, 40, 30)):
            table.column_dimensions[column].width = width
    return book
