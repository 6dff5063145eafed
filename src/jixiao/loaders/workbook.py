"""Opening users' workbooks safely, and naming a value's cell in messages."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from jixiao.loaders.input_file import check_package
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.xlsx_parts import check_parsed_parts
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
    check_parsed_parts(path, MAX_XML_BYTES, MAX_ROWS, MAX_CELLS)  # every part openpyxl will read, by its relationships
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
