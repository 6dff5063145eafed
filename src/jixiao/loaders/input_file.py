"""Input files bounded before they are read: only regular files, only up to a size.

A FIFO named f.yaml would block a reader forever and /dev/zero never ends; both are refused
from their stat, before anything is opened. The size is checked again while reading, so a
file that grows meanwhile cannot get past the limit.
"""
from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import Callable

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where
from jixiao.loaders.os_messages import os_message


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(Where(str(path)), message)])


def is_folder(path: Path) -> bool:
    """Path.is_dir without its OSError (a name too long for the system): such a path is no folder, and
    reading it as a file then says why."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def regular_file_size(path: Path, limit: int) -> int:
    """The size of a regular file within the limit; anything else raises InputError."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _refuse(path, "文件不存在") from None
    except OSError as error:
        raise _refuse(path, f"无法读取文件：{os_message(error)}") from None
    except ValueError:  # a NUL byte in the name
        raise _refuse(path, "文件名无效") from None
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "这是一个目录，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "这不是普通文件（是设备、管道或套接字），已拒绝读取")
    if info.st_size > limit:
        raise _refuse(path, f"文件过大（{info.st_size:,} 字节，上限 {limit:,} 字节）")
    return info.st_size


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes."""
    regular_file_size(path, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise _refuse(path, f"无法读取文件：{os_message(error)}") from None
    if len(data) > limit:
        raise _refuse(path, f"文件过大（上限 {limit:,} 字节）")
    return data


MAX_PACKAGE_ENTRIES = 5_000


def check_package(path: Path, max_bytes: int, max_xml_bytes: int, kind: str) -> None:
    """An Office file (zip) within bounds, judged from its directory before anything is unpacked:
    the XML parts are what the readers hold in memory, many times their size."""
    regular_file_size(path, max_bytes)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(path, f"不是有效的 {kind} 文件（文件已损坏，或并非 Office 2007 以上格式）") from None
    if len(entries) > MAX_PACKAGE_ENTRIES:
        raise _refuse(path, f"文件内部含有 {len(entries):,} 个部件，疑似损坏或恶意文件，已拒绝读取")
    xml = sum(e.file_size for e in entries if e.filename.lower().endswith((".xml", ".rels", ".vml")))
    if xml > max_xml_bytes:
        raise _refuse(path, f"文件解压后过大（文字与表格部分 {xml // 2**20:,} MB，上限 {max_xml_bytes // 2**20} MB），疑似损坏或恶意文件，已拒绝读取")


def count_tags(path: Path, member: Callable[[str], bool], tags: tuple[bytes, ...], stop_at: int) -> int:
    """How many of the tags the chosen parts of a package contain, counted by streaming their XML
    (so before any reader builds it in memory); stops counting once past stop_at."""
    count = 0
    longest = max(len(tag) for tag in tags)
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not member(info.filename):
                continue
            tail = b""
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    data = tail + chunk
                    count += sum(data.count(tag) - tail.count(tag) for tag in tags)
                    tail = data[-(longest - 1) :]
                    if count > stop_at:
                        return count
    return count
