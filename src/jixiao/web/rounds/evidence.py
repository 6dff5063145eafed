"""佐证材料 storage: type decided by the content's magic bytes, files kept once by SHA-256.

Files go through Django's storages API (the "evidence" entry of settings.STORAGES): the data folder by
default, an S3-compatible store (django-storages) when JIXIAO_EVIDENCE_STORAGE=s3 — see docs/deploy.md.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages

# (what it is, MIME type, allowed name endings)
KINDS = {
    "pdf": ("PDF", "application/pdf", (".pdf",)),
    "png": ("PNG 图片", "image/png", (".png",)),
    "jpeg": ("JPEG 图片", "image/jpeg", (".jpg", ".jpeg")),
    "gif": ("GIF 图片", "image/gif", (".gif",)),
    "docx": ("Word 文档", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("Excel 工作簿", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
}
ALLOWED_TEXT = "PDF、PNG/JPEG/GIF 图片、Word（.docx）、Excel（.xlsx）"
_HEX = re.compile(r"^[0-9a-f]{64}$")


class EvidenceRejected(Exception):
    pass


def sniff(head: bytes, content: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def clean_name(name: str) -> str:
    """The original name as shown and offered on download: no folders, no control characters."""
    base = Path(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"/\\')
    return base[:200] or "材料"


def check(name: str, content: bytes) -> tuple[str, str]:
    """(kind, MIME type) of an acceptable upload, or EvidenceRejected with the reason."""
    if not content:
        raise EvidenceRejected(f"{name}：文件为空")
    if len(content) > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(f"{name}：文件过大（{len(content):,} 字节，上限 {settings.EVIDENCE_MAX_BYTES:,} 字节）")
    kind = sniff(content[:16], content)
    if kind is None:
        raise EvidenceRejected(f"{name}：文件内容不是可接受的类型（{ALLOWED_TEXT}）")
    if not name.lower().endswith(KINDS[kind][2]):
        raise EvidenceRejected(f"{name}：文件内容是 {KINDS[kind][0]}，与扩展名不符")
    return kind, KINDS[kind][1]


class EvidenceFolder(FileSystemStorage):
    """The evidence folder under the data folder; settings.EVIDENCE_DIR is read on each use (tests point it elsewhere)."""

    @property
    def base_location(self) -> str:
        return str(settings.EVIDENCE_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def storage():
    return storages["evidence"]


def name_for(sha256: str) -> str:
    """The stored name of content with this hash; only a hex digest makes a name, so nothing escapes the store."""
    if not _HEX.match(sha256 or ""):
        raise EvidenceRejected("无效的文件标识")
    return f"{sha256[:2]}/{sha256}"


def path_for(sha256: str) -> Path:
    """Where content with this hash lives in the evidence folder (file-system storage only)."""
    name = name_for(sha256)
    root = Path(settings.EVIDENCE_DIR).resolve()
    path = (root / name).resolve()
    if root not in path.parents:
        raise EvidenceRejected("无效的文件标识")
    return path


def read(sha256: str) -> bytes:
    with storage().open(name_for(sha256), "rb") as handle:
        return handle.read()


def open_file(sha256: str):
    return storage().open(name_for(sha256), "rb")


def exists(sha256: str) -> bool:
    return storage().exists(name_for(sha256))


def store(content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    name = name_for(digest)
    target = storage()
    if not target.exists(name):
        saved = target.save(name, ContentFile(content))
        if saved != name:
            # Another request stored the same content at the same moment: its copy is the one kept.
            target.delete(saved)
    return digest
