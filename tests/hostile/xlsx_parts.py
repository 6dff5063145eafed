"""Hostile 填报表 packages made from a real one: a worksheet under a name that is not *.xml, and a zip whose
central directory lies about a part (what a careless or hostile tool writes)."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path

SHEET = "xl/worksheets/sheet4.xml"


def worksheet_renamed(template: Path, target: Path, cells: int, name: str = "xl/worksheets/sheet9.bin", prefix: str = "") -> Path:
    """The template with its last worksheet replaced by `cells` empty cells stored as `name`, which the
    workbook's relationships point to; small on disk (the cells compress to almost nothing)."""
    rows, per_row = divmod(cells, 100)
    p = (prefix + ":" if prefix else "").encode()
    row = b"<%brow>" % p + b"<%bc/>" % p * 100 + b"</%brow>" % p
    namespace = b"xmlns%b=" % ((b":" + prefix.encode()) if prefix else b"") + b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (
        b"<%bworksheet %b><%bsheetData>" % (p, namespace, p)
        + row * rows + (b"<%brow>" % p + b"<%bc/>" % p * per_row + b"</%brow>" % p if per_row else b"")
        + b"</%bsheetData></%bworksheet>" % (p, p)
    )
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET:
                out.writestr(name, sheet)
                continue
            if info.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"/" + SHEET.encode(), b"/" + name.encode()).replace(b'"' + SHEET.removeprefix("xl/").encode(), b'"' + name.removeprefix("xl/").encode())
            out.writestr(info, data)
    return target


def lying_crc(template: Path, target: Path) -> Path:
    """The template with one worksheet's CRC-32 wrong in both headers: the directory reads, unpacking fails
    (zipfile: “Bad CRC-32 for file …”)."""
    data = bytearray(template.read_bytes())
    with zipfile.ZipFile(template) as archive:
        info = archive.getinfo(SHEET)
    wrong = struct.pack("<I", (info.CRC ^ 0xFFFFFFFF) & 0xFFFFFFFF)
    good = struct.pack("<I", info.CRC)
    local = info.header_offset + 14
    assert data[local : local + 4] == good
    data[local : local + 4] = wrong
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        name_length = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if bytes(data[position + 46 : position + 46 + name_length]) == SHEET.encode():
            assert data[position + 16 : position + 20] == good
            data[position + 16 : position + 20] = wrong
            break
        position += 4
    else:
        raise AssertionError("worksheet not in the central directory")
    target.write_bytes(bytes(data))
    return target
