"""Which parts of an xlsx package openpyxl will parse, found as openpyxl finds them, and bounded before it does.

openpyxl reaches a worksheet through the workbook's relationships, whatever the part is called: a sheet stored
as xl/worksheets/sheet9.bin is read like sheet9.xml. So the parts to bound are found by walking the
relationships from the package root (and the content types and the few fixed names openpyxl opens), never by
their names' endings; every such part is unpacked once here, streamed, so that its size, its CRC and its cells
are checked before anything builds it in memory.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where

# Parts openpyxl opens by their fixed names (openpyxl/xml/constants.py) rather than through a relationship.
FIXED_PARTS = ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/custom.xml", "xl/styles.xml", "xl/theme/theme1.xml")
SHEET_TYPES = ("/worksheet", "/chartsheet", "/dialogsheet", "/xlMacrosheet")
MAX_RELS_BYTES = 2**20  # a relationships or content-types part lists some parts; a megabyte is thousands of them
# A row or cell element, with or without a namespace prefix (<x:c …>), empty or not (<c/>).
ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]")
_LONGEST_TAG = 64  # a match never spans more than this many bytes (a prefix is short)


def _broken(name: str) -> InputError:
    return InputError([Problem(Where(name), "不是有效的 .xlsx 文件（文件已损坏：压缩包内容与目录不符），已拒绝读取")])


def _small_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str):
    if info.file_size > MAX_RELS_BYTES:
        raise InputError([Problem(Where(name), f"文件内部的目录部件“{info.filename}”过大，疑似损坏或恶意文件，已拒绝读取")])
    data = archive.read(info)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # Office never writes one; entity tricks are refused outright
        raise InputError([Problem(Where(name), "文件内部含有不允许的 XML 声明，疑似恶意文件，已拒绝读取")])
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise InputError([Problem(Where(name), "不是有效的 .xlsx 文件（内部目录无法读取），已拒绝读取")]) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels_of(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def parsed_parts(archive: zipfile.ZipFile, name: str) -> dict[str, bool]:
    """Every part openpyxl may parse → whether it is a sheet (rows and cells to count)."""
    infos = {info.filename: info for info in archive.infolist()}
    parts: dict[str, bool] = {part: False for part in FIXED_PARTS if part in infos}
    # Whatever sits where worksheets go is counted too, referred to or not (as before this walk).
    parts.update({part: True for part in infos if part.startswith("xl/worksheets/") and "/_rels/" not in part and not part.endswith("/")})
    types = infos.get("[Content_Types].xml")
    if types is not None:
        for node in _small_xml(archive, types, name).iter():
            if _local(node.tag) == "Override":
                part = _resolve("", node.get("PartName", ""))
                if part in infos:
                    kind = node.get("ContentType", "")
                    parts[part] = parts.get(part, False) or "worksheet" in kind or "chartsheet" in kind
    waiting = [""] + list(parts)  # "" is the package itself, whose relationships are _rels/.rels
    seen = set()
    while waiting:
        source = waiting.pop()
        rels = "_rels/.rels" if source == "" else _rels_of(source)
        if source in seen or rels not in infos:
            continue
        seen.add(source)
        parts.setdefault(rels, False)
        for node in _small_xml(archive, infos[rels], name).iter():
            if _local(node.tag) != "Relationship" or node.get("TargetMode") == "External":
                continue
            part = _resolve(source if source else "/", node.get("Target", ""))
            if part not in infos:
                continue
            sheet = node.get("Type", "").endswith(SHEET_TYPES)
            if part not in parts or (sheet and not parts[part]):
                parts[part] = parts.get(part, False) or sheet
                waiting.append(part)
    return parts


def check_parsed_parts(path: Path, max_bytes: int, max_rows: int, max_cells: int) -> None:
    """Refuse the workbook unless every part openpyxl will parse unpacks intact (sizes and CRC as the zip's
    directory says), together within max_bytes, its sheets within max_rows rows and max_cells cells."""
    name = str(path)
    too_big = InputError([Problem(Where(name), f"工作表过大（超过 {max_rows:,} 行或 {max_cells:,} 个单元格），不像填报表或自评报告，已拒绝读取")])
    try:
        with zipfile.ZipFile(path) as archive:
            parts = parsed_parts(archive, name)
            infos = [archive.getinfo(part) for part in parts]
            unpacked = sum(info.file_size for info in infos)
            if unpacked > max_bytes:
                raise InputError([Problem(Where(name), f"文件解压后过大（要读取的部分 {unpacked // 2**20:,} MB，上限 {max_bytes // 2**20} MB），疑似损坏或恶意文件，已拒绝读取")])
            rows = cells = 0
            for info in infos:
                sheet = parts[info.filename]
                tail = b""
                with archive.open(info) as stream:  # zipfile stops at the directory's size and checks the CRC at the end
                    while chunk := stream.read(1 << 20):
                        if not sheet:
                            continue
                        data = tail + chunk
                        cut = max(len(data) - _LONGEST_TAG, 0)
                        for match in ROW_OR_CELL.finditer(data, 0, cut):
                            if match.group(1) == b"c":
                                cells += 1
                            else:
                                rows += 1
                        tail = data[cut:]
                        if rows > max_rows or cells > max_cells:
                            raise too_big
                    for match in ROW_OR_CELL.finditer(tail):
                        rows, cells = (rows, cells + 1) if match.group(1) == b"c" else (rows + 1, cells)
                if rows > max_rows or cells > max_cells:
                    raise too_big
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, KeyError, ValueError):
        raise _broken(name) from None
