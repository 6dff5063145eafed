"""自评报告.pdf made once per report content and kept in the data folder.

Converting with LibreOffice takes 2–4 s; a report cannot change without its docx changing, so the PDF is
kept under a digest of the docx's parts (their names and bytes: the zip's own timestamps differ on every
build, the parts do not) and of the font setup it was made with. Any app server on the same data folder
finds it; the oldest files beyond a bound are removed so the folder never grows without limit.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

from django.conf import settings

KEEP = 2_000  # about 300 KB each: at most some hundreds of MB for a region's round, kept or made again


def folder() -> Path:
    return Path(settings.DATA_DIR) / "cache" / "pdf"


def key_of(docx: bytes, salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for info in archive.infolist():
            digest.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    return digest.hexdigest()


def cached_pdf(docx: bytes, salt: str, convert: Callable[[bytes], bytes]) -> bytes:
    """The PDF of this docx: from the cache, or made by `convert` (which may raise) and kept."""
    path = folder() / f"{key_of(docx, salt)}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    pdf = convert(docx)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".pdf-", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(pdf)
    os.replace(name, path)  # whole or not at all, for a reader in another worker
    _prune(path.parent)
    return pdf


def _prune(where: Path) -> None:
    files = list(where.glob("*.pdf"))
    if len(files) <= KEEP:
        return
    files.sort(key=lambda p: p.stat().st_mtime)
    for old in files[: len(files) - KEEP]:
        old.unlink(missing_ok=True)
