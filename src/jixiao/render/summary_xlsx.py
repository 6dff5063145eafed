"""汇总表.xlsx: a supervising department's summary of its units' self-evaluations.

Columns as in the Jiangxi 汇总表: 序号, 预算单位, 全年预算数, 全年执行数, 执行率, 自评分数, 复核分数,
with a 合计 row. Amounts are shown in 万元; 执行率 and the 合计 row are formulas, so an edited
amount carries through.
"""
from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from jixiao.model.quantity import MONEY_UNITS

HEADERS = (("序号", 6), ("预算单位", 36), ("全年预算数（万元）", 16), ("全年执行数（万元）", 16), ("执行率", 10), ("自评分数", 10), ("复核分数", 10))
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class SummaryLine:
    unit: str
    budget: Decimal | None  # 元
    spent: Decimal | None  # 元
    score: Decimal
    reviewed: Decimal | None


def build_summary(lines: list[SummaryLine], title: str) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总表"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.cell(row=1, column=1, value=title).font = Font(name="黑体", size=14, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for column, (header, width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=2, column=column, value=header)
        cell.font, cell.border = Font(name="黑体", bold=True), BORDER
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        sheet.column_dimensions[get_column_letter(column)].width = width
    wan = MONEY_UNITS["万元"]
    for index, line in enumerate(lines, start=1):
        row = index + 2
        values = (
            index, line.unit,
            None if line.budget is None else float(line.budget / wan),
            None if line.spent is None else float(line.spent / wan),
            f'=IF(AND(ISNUMBER(C{row}),C{row}>0),D{row}/C{row},"")',
            float(line.score),
            None if line.reviewed is None else float(line.reviewed),
        )
        _row(sheet, row, values)
    total_row = len(lines) + 3
    last = total_row - 1
    _row(sheet, total_row, ("合计", "", f"=SUM(C3:C{last})", f"=SUM(D3:D{last})", f'=IF(C{total_row}>0,D{total_row}/C{total_row},"")', "", ""))
    for column in range(1, len(HEADERS) + 1):
        sheet.cell(row=total_row, column=column).font = Font(name="黑体", bold=True)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "2:2"
    return workbook


BODY_FONT = Font(name="宋体")
FORMATS = (None, None, "#,##0.00", "#,##0.00", "0.00%", "0.00", "0.00")


def _row(sheet, row: int, values) -> None:
    for column, (value, number_format) in enumerate(zip(values, FORMATS), start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        if column == 2 and isinstance(value, str):
            cell.data_type = "s"  # a unit's name is text even when it starts with "="
        if row > 3:
            # The same style as the first body row, copied as it is stored: a region's 5,000 rows would
            # otherwise spend seconds hashing one font and border per cell.
            cell._style = copy(sheet.cell(row=3, column=column)._style)
            continue
        cell.font, cell.border = BODY_FONT, BORDER
        if number_format:
            cell.number_format = number_format
