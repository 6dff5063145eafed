"""Opening users' workbooks safely, and naming a value's cell in messages."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable

from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import dotted
from jixiao.model.result import Where

MAX_XLSX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def open_workbook_safely(path: Path):
    """openpyxl workbook, after refusing files that are too big, not zip, or zip bombs."""
    name = str(path)
    if not path.exists():
        raise InputError([Problem(Where(name), "文件不存在")])
    if path.stat().st_size > MAX_XLSX_BYTES:
        raise InputError([Problem(Where(name), f"文件过大（上限 {MAX_XLSX_BYTES // 1024 // 1024} MB）")])
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise InputError([Problem(Where(name), "不是有效的 .xlsx 文件（文件损坏，或并非 Excel 2007 以上格式）")]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError([Problem(Where(name), "文件解压后过大，疑似损坏或恶意文件，已拒绝读取")])
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=True, read_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise InputError([Problem(Where(name), f"无法读取 Excel 文件：{type(error).__name__}")]) from None


def cell_locator(name: str, cells: dict[tuple, str]) -> Callable[[tuple], Where]:
    """A raw loc → the cell of its deepest recorded prefix."""

    def locate(loc: tuple) -> Where:
        for size in range(len(loc), 0, -1):
            if loc[:size] in cells:
                return Where(name, cell=cells[loc[:size]], field=dotted(loc))
        return Where(name, field=dotted(loc))

    return locate
