"""汇总表.xlsx: a supervising department's summary of its units' self-evaluations.

Columns as in the Jiangxi 汇总表: 序号, (主管部门,) 预算单位, 全年预算数, 全年执行数, 执行率, 自评分数, 复核分数,
(财政局抽查分数,) 等级, (状态,) with a 合计 row; the bracketed ones appear where the lines carry them. Amounts are
shown in 万元; 执行率 and the 合计 row are formulas, so an edited amount carries through.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from jixiao.model.quantity import MONEY_UNITS
from jixiao.render.xlsx_rows import FastRows
from jixiao.render.xml_text import xml_safe

# (header, width, number format) of each column; the optional ones appear when any line has a value for them.
INDEX, DEPARTMENT, UNIT = ("序号", 6, None), ("主管部门", 28, None), ("预算单位", 36, None)
BUDGET, SPENT, RATE = ("全年预算数（万元）", 16, "#,##0.00"), ("全年执行数（万元）", 16, "#,##0.00"), ("执行率", 10, "0.00%")
SCORE, REVIEWED, CHECKED = ("自评分数", 10, "0.00"), ("复核分数", 10, "0.00"), ("财政局抽查分数", 12, "0.00")
GRADE, STATE = ("等级", 8, None), ("状态", 10, None)


class OwnFormula(str):
    """A formula jixiao wrote; any other string (a unit's name, a file name) is stored as text."""


@dataclass(frozen=True)
class SummaryLine:
    unit: str
    budget: Decimal | None  # 元
    spent: Decimal | None  # 元
    score: Decimal | None  # None: not final yet (the web's drafts), left empty
    reviewed: Decimal | None  # 复核分数 (the web: the 主管部门's, as it reported it)
    state: str | None = None  # the web's submission state (草稿, 已提交 …): a 状态 column when any line has one
    department: str | None = None  # the unit's 主管部门: a column when any line has one
    spot_checked: Decimal | None = None  # 财政局抽查分数: a column when any line has one
    grade: str | None = None  # 等级 of the last stage's score


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


def build_summary(lines: list[SummaryLine], title: str) -> SummaryWorkbook:
    return SummaryWorkbook(tuple(lines), title)


def _columns(lines: tuple[SummaryLine, ...]) -> list[tuple]:
    with_department = any(line.department for line in lines)
    columns = [INDEX] + ([DEPARTMENT] if with_department else []) + [UNIT, BUDGET, SPENT, RATE, SCORE]
    # Where the 主管部门 is known (the web system), its 复核分数 is named as its own stage beside the 财政局's.
    columns.append(("主管部门复核分数", 12, "0.00") if with_department else REVIEWED)
    if any(line.spot_checked is not None for line in lines):
        columns.append(CHECKED)
    columns.append(GRADE)
    if any(line.state is not None for line in lines):
        columns.append(STATE)
    return columns


def _write(workbook, lines: tuple[SummaryLine, ...], title: str) -> None:
    sheet = workbook.add_worksheet("汇总表", worksheet_class=FastRows)  # the lines and 合计: one block of fast rows
    heading = workbook.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "align": "center"})
    header = workbook.add_format({"font_name": "黑体", "bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True, "valign": "vcenter"})
    columns = _columns(lines)
    letter = {column: xl_col_to_name(index) for index, column in enumerate(columns)}
    body = [workbook.add_format({"font_name": "宋体", "border": 1, **({"num_format": c[2]} if c[2] else {})}) for c in columns]
    total = [workbook.add_format({"font_name": "黑体", "bold": True, "border": 1, **({"num_format": c[2]} if c[2] else {})}) for c in columns]
    sheet.merge_range(0, 0, 0, len(columns) - 1, xml_safe(title), heading)
    for index, (text, width, _format) in enumerate(columns):
        sheet.write_string(1, index, text, header)
        sheet.set_column(index, index, width)
    wan = MONEY_UNITS["万元"]
    budgets = spents = 0.0
    b, d = letter[BUDGET], letter[SPENT]
    reviewed_column = columns[columns.index(SCORE) + 1]
    cells = []
    for index, line in enumerate(lines, start=1):
        row = index + 1  # zero-based; Excel row row + 1
        excel = row + 1
        budget = None if line.budget is None else float(line.budget / wan)
        spent = None if line.spent is None else float(line.spent / wan)
        values = {
            INDEX: index, DEPARTMENT: line.department or "", UNIT: line.unit, BUDGET: budget, SPENT: spent,
            RATE: (f'=IF(AND(ISNUMBER({b}{excel}),{b}{excel}>0),{d}{excel}/{b}{excel},"")', _rate(line.budget, line.spent)),
            SCORE: _float(line.score), reviewed_column: _float(line.reviewed), CHECKED: _float(line.spot_checked), GRADE: line.grade,
            STATE: line.state or "",
        }
        budgets += budget or 0.0
        spents += spent or 0.0
        cells.append([values[column] for column in columns])
    sheet.fast_rows(2, cells, body)
    total_row = len(lines) + 2
    last = total_row  # the Excel number of the last unit's row
    excel = total_row + 1
    rate = spents / budgets if budgets > 0 else ""
    sums = {BUDGET: (f"=SUM({b}3:{b}{last})", budgets), SPENT: (f"=SUM({d}3:{d}{last})", spents), RATE: (f'=IF({b}{excel}>0,{d}{excel}/{b}{excel},"")', rate)}
    sheet.fast_rows(total_row, [["合计" if column is INDEX else sums.get(column, "") for column in columns]], total)
    # Printed on A4 landscape, every column on one page's width, the header rows on every page.
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    sheet.print_area(0, 0, total_row, len(columns) - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rate(budget: Decimal | None, spent: Decimal | None) -> float | str:
    return float(spent / budget) if budget is not None and spent is not None and budget > 0 else ""
