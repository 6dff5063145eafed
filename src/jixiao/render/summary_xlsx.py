"""汇总表.xlsx: a supervising department's summary of its units' self-evaluations.

Columns as in the Jiangxi 汇总表: 序号, 预算单位, 全年预算数, 全年执行数, 执行率, 自评分数, 复核分数,
with a 合计 row (and a 状态 column where the lines carry one). Amounts are shown in 万元; 执行率 and the 合计 row are formulas, so an edited
amount carries through.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from jixiao.model.quantity import MONEY_UNITS
from jixiao.render.xml_text import xml_safe

HEADERS = (("序号", 6), ("预算单位", 36), ("全年预算数（万元）", 16), ("全年执行数（万元）", 16), ("执行率", 10), ("自评分数", 10), ("复核分数", 10))
FORMATS = (None, None, "#,##0.00", "#,##0.00", "0.00%", "0.00", "0.00")
STATE_HEADER = ("状态", 10)


class OwnFormula(str):
    """A formula jixiao wrote; any other string (a unit's name, a file name) is stored as text."""


@dataclass(frozen=True)
class SummaryLine:
    unit: str
    budget: Decimal | None  # 元
    spent: Decimal | None  # 元
    score: Decimal | None  # None: not final yet (the web's drafts), left empty
    reviewed: Decimal | None
    state: str | None = None  # the web's submission state (草稿, 已提交 …): a 状态 column when any line has one


@dataclass(frozen=True)
class SummaryWorkbook:
    """The 汇总表, written by save(path or binary stream). XlsxWriter streams a region's 5,000 rows in well under
    a second, where building them cell by cell in openpyxl took several (bench/web.py)."""

    lines: tuple[SummaryLine, ...]
    title: str

    def save(self, target: Path | str | BinaryIO) -> None:
        workbook = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        try:
            _write(workbook, self.lines, self.title)
        finally:
            workbook.close()


class _OwnFormulas(Worksheet):
    """A sheet whose formulas are all jixiao's own (IF, AND, ISNUMBER, SUM): nothing for XlsxWriter to expand into
    _xlfn. names, so its forty regular-expression passes per formula (a third of a 5,000-row 汇总表's time) are skipped."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


def build_summary(lines: list[SummaryLine], title: str) -> SummaryWorkbook:
    return SummaryWorkbook(tuple(lines), title)


def _write(workbook, lines: tuple[SummaryLine, ...], title: str) -> None:
    sheet = workbook.add_worksheet("汇总表", worksheet_class=_OwnFormulas)
    heading = workbook.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "align": "center"})
    header = workbook.add_format({"font_name": "黑体", "bold": True, "border": 1, "bg_color": "#D9E1F2"})
    with_state = any(line.state is not None for line in lines)
    headers, formats = (HEADERS + (STATE_HEADER,), FORMATS + (None,)) if with_state else (HEADERS, FORMATS)
    body = [workbook.add_format({"font_name": "宋体", "border": 1, **({"num_format": f} if f else {})}) for f in formats]
    total = [workbook.add_format({"font_name": "黑体", "bold": True, "border": 1, **({"num_format": f} if f else {})}) for f in formats]
    sheet.merge_range(0, 0, 0, len(headers) - 1, xml_safe(title), heading)
    for column, (text, width) in enumerate(headers):
        sheet.write_string(1, column, text, header)
        sheet.set_column(column, column, width)
    wan = MONEY_UNITS["万元"]
    budgets = spents = 0.0
    for index, line in enumerate(lines, start=1):
        row = index + 1  # zero-based; Excel row row + 1
        excel = row + 1
        values = (
            index, line.unit,
            None if line.budget is None else float(line.budget / wan),
            None if line.spent is None else float(line.spent / wan),
            (f'=IF(AND(ISNUMBER(C{excel}),C{excel}>0),D{excel}/C{excel},"")', _rate(line.budget, line.spent)),
            None if line.score is None else float(line.score),
            None if line.reviewed is None else float(line.reviewed),
        ) + ((line.state or "",) if with_state else ())
        budgets += values[2] or 0.0
        spents += values[3] or 0.0
        _row(sheet, row, values, body)
    total_row = len(lines) + 2
    last = total_row  # the Excel number of the last unit's row
    excel = total_row + 1
    rate = spents / budgets if budgets > 0 else ""
    sums = ((f"=SUM(C3:C{last})", budgets), (f"=SUM(D3:D{last})", spents), (f'=IF(C{excel}>0,D{excel}/C{excel},"")', rate))
    _row(sheet, total_row, ("合计", "", *sums, "", "") + (("",) if with_state else ()), total)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(1)


def _rate(budget: Decimal | None, spent: Decimal | None) -> float | str:
    return float(spent / budget) if budget is not None and spent is not None and budget > 0 else ""


def _row(sheet, row: int, values, formats) -> None:
    for column, (value, cell_format) in enumerate(zip(values, formats)):
        if value is None:
            sheet.write_blank(row, column, None, cell_format)
        elif isinstance(value, tuple):
            # A formula with its value as computed here: viewers that do not recalculate still show it.
            sheet.write_formula(row, column, value[0], cell_format, value[1])
        elif isinstance(value, str):
            sheet.write_string(row, column, xml_safe(value), cell_format)  # a unit's name is text even when it starts with "="
        else:
            sheet.write_number(row, column, value, cell_format)
