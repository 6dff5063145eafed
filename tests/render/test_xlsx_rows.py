"""FastRows (a region's 汇总表 written as XML text row by row) gives the cells XlsxWriter's own writers give."""
import io

import pytest
import xlsxwriter
from openpyxl import load_workbook

from jixiao.render.xlsx_rows import FastRows

ROWS = [
    [1, "高标准农田建设项目", 1150.0, 1080.0, ('=IF(AND(ISNUMBER(C3),C3>0),D3/C3,"")', 1080 / 1150), 98.56, "优"],
    [2, "=HYPERLINK(\"http://x\")", None, None, ('=IF(AND(ISNUMBER(C4),C4>0),D4/C4,"")', ""), None, ""],
    [3, "A&B <部门> \x07响铃", 0.1 + 0.2, 1e-7, ("=C5*2>1", "是"), 12345678901234567.0, "良"],
    ["合计", "", ("=SUM(C3:C5)", 0), ("=SUM(D3:D5)", 0), ('=IF(C6>0,D6/C6,"")', 0), None, ""],
]


def _book(fast: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("汇总表", worksheet_class=FastRows)
    formats = [workbook.add_format({"font_name": "宋体", "border": 1, **({"num_format": f} if f else {})}) for f in (None, None, "#,##0.00", "#,##0.00", "0.00%", "0.00", None)]
    bold = [workbook.add_format({"bold": True, "border": 1}) for _ in formats]
    sheet.merge_range(0, 0, 0, 6, "标题", bold[0])
    sheet.write_string(1, 0, "序号", bold[0])
    if fast:
        sheet.fast_rows(2, ROWS[:3], formats)
        sheet.fast_rows(5, ROWS[3:], bold)
    else:
        for row, values in enumerate(ROWS, start=2):
            for column, value in enumerate(values):
                cell_format = (bold if row == 5 else formats)[column]
                if value is None:
                    sheet.write_blank(row, column, None, cell_format)
                elif isinstance(value, tuple):
                    sheet.write_formula(row, column, value[0], cell_format, value[1])
                elif isinstance(value, str):
                    sheet.write_string(row, column, value.replace("\x07", ""), cell_format)
                else:
                    sheet.write_number(row, column, value, cell_format)
    sheet.write_string(7, 0, "说明：以上为示例", bold[0])  # a cell after the block, written the usual way
    workbook.close()
    return buffer.getvalue()


def _cells(content: bytes, data_only: bool) -> list:
    sheet = load_workbook(io.BytesIO(content), data_only=data_only).active
    return [
        (cell.coordinate, cell.value, cell.data_type, cell.number_format, cell.font.b, cell.font.name, cell.border.left.style)
        for row in sheet.iter_rows(min_row=1, max_row=8, max_col=7) for cell in row
    ]


def test_fast_rows_are_the_cells_xlsxwriter_writes():
    fast, usual = _book(True), _book(False)
    assert _cells(fast, False) == _cells(usual, False)  # values, formulas, types, formats
    assert _cells(fast, True) == _cells(usual, True)  # each formula's value as jixiao computed it
    sheet = load_workbook(io.BytesIO(fast)).active
    assert sheet["B4"].value == "=HYPERLINK(\"http://x\")" and sheet["B4"].data_type == "s"  # text, never a formula
    assert sheet["B5"].value == "A&B <部门> 响铃" and sheet["A8"].value == "说明：以上为示例"
    assert {str(cells) for cells in sheet.merged_cells.ranges} == {"A1:G1"}


def test_a_cell_written_the_usual_way_inside_the_block_is_refused():
    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    sheet = workbook.add_worksheet("汇总表", worksheet_class=FastRows)
    sheet.fast_rows(2, [[1, "a"], [2, "b"]], [None, None])
    sheet.write_string(3, 3, "夹在中间")  # would be lost among the block's rows
    with pytest.raises(ValueError):
        workbook.close()
