"""Optional OCR of a scanned PDF: poppler's pdftoppm renders each page, Debian's tesseract (with its chi_sim data)
reads it. Both run as child processes under time limits; without them a scanned PDF is reported as such. OCR text
has no table cells, so its score table is read as a stream (jixiao.ingest.stream), as OCR text from elsewhere is.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where

PAGE_SECONDS = 60
OCR_PAGES = 30  # a scanned report is rarely longer; each page costs seconds
LANGUAGE = "chi_sim"


def ocr_available() -> bool:
    tesseract = shutil.which("tesseract")
    if tesseract is None or shutil.which("pdftoppm") is None:
        return False
    try:
        done = subprocess.run([tesseract, "--list-langs"], capture_output=True, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        return False
    return LANGUAGE in done.stdout.decode("utf-8", errors="replace").split()


def read_by_ocr(path: Path, pages: int) -> list[tuple[str, Where]]:
    """Each recognised line's text and place (ingest.source makes them Lines: no import back into it)."""
    name = str(path)
    lines: list[tuple[str, Where]] = []
    with tempfile.TemporaryDirectory() as work:
        try:
            subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-l", str(min(pages, OCR_PAGES)), name, f"{work}/page"],
                           capture_output=True, timeout=PAGE_SECONDS * 2, check=True)
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
            raise InputError([Problem(Where(name), "PDF 没有文字层，且无法转为图片进行文字识别（文件可能已损坏）")]) from None
        for number, image in enumerate(sorted(Path(work).glob("page*.png")), start=1):
            try:
                done = subprocess.run(["tesseract", str(image), "-", "-l", LANGUAGE, "--psm", "6"], capture_output=True, timeout=PAGE_SECONDS, check=True)
            except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
                raise InputError([Problem(Where(name), f"第 {number} 页文字识别失败或超时")]) from None
            for line_number, raw in enumerate(done.stdout.decode("utf-8", errors="replace").splitlines(), start=1):
                if raw.strip():
                    lines.append((raw.strip(), Where(name, field=f"第 {number} 页第 {line_number} 行（文字识别）")))
    if not lines:
        raise InputError([Problem(Where(name), "PDF 没有文字层，文字识别也没有读出任何文字")])
    return lines
