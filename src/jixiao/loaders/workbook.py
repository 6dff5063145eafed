"""Opening users' workbooks safely, and naming a value's cell in messages."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from jixiao.loaders.input_file import check_package, count_tags
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import dotted
from jixiao.model.result import Where

MAX_XLSX_BYTES = 20 * 1024 * 1024
# openpyxl keeps every cell as an object (a few hundred bytes each): a 填报表 has a few thousand
# cells and a published report's table some tens of thousands; these bounds keep memory in check.
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELLS = 100_000


def open_workbook_safely(path: Path):
    """openpyxl workbook, after refusing files that are too big, not zip, zip bombs, or huge sheets."""
    name = str(path)
    check_package(path, MAX_XLSX_BYTES, MAX_XML_BYTES, ".xlsx")
    sheets = lambda name: name.startswith("xl/worksheets/") and name.endswith(".xml")  # noqa: E731
    if count_tags(path, sheets, (b"<row",), MAX_ROWS) > MAX_ROWS or count_tags(path, sheets, (b"<c ", b"<c>"), MAX_CELLS) > MAX_CELLS:
        raise InputError([Problem(Where(name), f"工作表过大（超过 {MAX_ROWS:,} 行或 {MAX_CELLS:,} 个单元格），不像填报表或自评报告，已拒绝读取")])
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=True, read_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise InputError([Problem(Where(name), "无法读取 Excel 文件：文件已损坏，或内容不符合 Excel 格式")]) from None


def cell_locator(name: str, cells: dict[tuple, str]) -> Callable[[tuple], Where]:
    """A raw loc → the cell of its deepest recorded prefix."""

    def locate(loc: tuple) -> Where:
        for size in range(len(loc), 0, -1):
            if loc[:size] in cells:
                return Where(name, cell=cells[loc[:size]], field=dotted(loc))
        return Where(name, field=dotted(loc))

    return locate
