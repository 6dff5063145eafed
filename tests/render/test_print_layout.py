"""Issue 18 §11: every generated workbook prints on A4 one page wide, with its print area and its header row on
every page; the 评分表's rows are tall enough for their text in print."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import DAPENG, GUANGZHOU, JIANGXI_DEMO
from jixiao.review import review_file

# Measured on the server's PDF (LibreOffice, render/fonts/fonts.conf): a line of 10-point Noto Serif CJK SC is
# 1.448 em = 14.5 points tall, and a 40-unit column (评分标准) holds 28 CJK characters a line, a 60-unit one 42.
LINE = 14.5
PER_LINE = {40: 28, 60: 42, 22: 15, 12: 7}


def _needed_lines(text: str, width: int) -> int:
    per_line = PER_LINE[width]
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    out = tmp_path_factory.mktemp("print")
    runner = CliRunner()
    for name, path in (("dapeng", DAPENG), ("guangzhou", GUANGZHOU), ("jiangxi", JIANGXI_DEMO)):
        assert runner.invoke(app, ["evaluate", str(path), "--out", str(out / name)]).exit_code == 0
    assert runner.invoke(app, ["template", "-f", "jiangxi-2021", "-o", str(out / "填报表.xlsx")]).exit_code == 0
    assert runner.invoke(app, ["summary", str(DAPENG), str(GUANGZHOU), str(JIANGXI_DEMO), "-o", str(out / "汇总表.xlsx")]).exit_code == 0
    return out


def _widths(sheet) -> float:
    from openpyxl.utils import get_column_letter

    return sum(sheet.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, sheet.max_column + 1))


def test_every_generated_workbook_prints_one_page_wide(workbooks):
    files = [workbooks / "填报表.xlsx", workbooks / "汇总表.xlsx"] + [workbooks / n / "评分表.xlsx" for n in ("dapeng", "guangzhou", "jiangxi")]
    for path in files:
        for sheet in load_workbook(path).worksheets:
            where = f"{path.name}:{sheet.title}"
            assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4), where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1), where
            assert int(sheet.page_setup.fitToHeight) == 0, where  # as many pages down as needed
            assert sheet.print_area and sheet.print_area.endswith(f"{sheet.max_row}"), where  # every row written
            if _widths(sheet) > 100:  # wider than A4 portrait takes at a readable scale
                assert sheet.page_setup.orientation == "landscape", where
            if sheet.title != "填报说明":
                assert sheet.print_title_rows, where


def test_summary_has_department_and_grade_columns(workbooks):
    sheet = load_workbook(workbooks / "汇总表.xlsx")["汇总表"]
    header = [c.value for c in sheet[2]]
    assert header == ["序号", "预算单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评分数", "复核分数", "等级"]
    # 93.76, 94.36 and 98.77 are each 优 (≥ 90) under their frameworks.
    assert [sheet.cell(row=r, column=8).value for r in (3, 4, 5)] == ["优", "优", "优"]


def test_scoresheet_rows_are_tall_enough_for_their_text(workbooks):
    # Before: 13 points a line (+4), below the 14.5 a printed line takes: a 评分标准 of several lines was cut off.
    from jixiao.render.scoresheet_xlsx import COLUMNS

    checked = 0
    for name in ("dapeng", "guangzhou", "jiangxi"):
        sheet = load_workbook(workbooks / name / "评分表.xlsx")["评分表"]
        for row in range(4, sheet.max_row + 1):
            if sheet.cell(row=row, column=1).value in ("总分", "等级"):
                break
            for column in (5, 7, 11):  # 三级指标, 指标说明 / 评分标准, 评分依据
                text = sheet.cell(row=row, column=column).value
                if isinstance(text, str) and text:
                    width = COLUMNS[column - 1][1]
                    assert sheet.row_dimensions[row].height >= LINE * _needed_lines(text, width), (name, row, column, text[:30])
                    checked += 1
    assert checked > 100
