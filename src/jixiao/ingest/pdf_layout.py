"""A PDF's text layer with its tables read from the page layout (pdfplumber's table finder): a ruled table's cells
come out whole even where their text wraps over several lines inside the cell, which text laid out by columns
(pdftotext -layout) breaks into fragments; the text outside the tables comes out line by line, in page order.

Parsing runs in a child process (`python -m jixiao.ingest.pdf_layout FILE`) under a time and memory limit, so a
hostile PDF costs at most that; the child prints one JSON array per line: [page, cells...].
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

SECONDS = 60
MEMORY = 2 * 1024**3  # bytes of address space for the child
MISSING = 3  # the child's exit status when pdfplumber is not installed
_WRAP = re.compile(r"\s*\n\s*")


def _cell(text: str | None) -> str:
    """A cell's text with its wrapped lines joined (Chinese wraps anywhere, so the pieces join without a space)."""
    return _WRAP.sub("", text or "").strip()


def _page_lines(page) -> list[tuple[float, list[str | None] | None, str]]:
    """(top, a table row's cells with None for merged ones, or None for a text line, the text line)."""
    # a ruled table is drawn: a page without lines or rectangles has none, and the finder (most of the time) is skipped
    tables = page.find_tables() if page.lines or page.rects or page.curves else []
    out: list[tuple[float, list[str | None] | None, str]] = []
    for table in tables:
        for row, cells in zip(table.rows, table.extract()):
            cells = [None if c is None else _cell(c) for c in cells]
            if any(cells):
                out.append((row.bbox[1], cells, ""))
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)

    for line in page.filter(outside).extract_text_lines():
        text = line["text"].strip()
        if text:
            out.append((line["top"], None, text))
    out.sort(key=lambda item: item[0])
    return out


_NUMBER = re.compile(r"^[\d.,，%％-]+$")


def _continues(previous: list[str], first: list[str]) -> bool:
    """A table row broken over a page break: the new page's first row has the same columns and only text in cells
    that the row before it also fills with text, never a number of its own (a new row would show its 分值 / 得分)."""
    if len(previous) != len(first):
        return False
    filled = [i for i, c in enumerate(first) if c]
    return bool(filled) and all(previous[i] and not _NUMBER.match(first[i] or "") and not _NUMBER.match(previous[i] or "") for i in filled)


def _child(path: str, pages: int, only: set[int] | None = None) -> int:
    try:
        import pdfplumber
    except ImportError:
        return MISSING
    rows: list[list] = []  # [page, cells]; a merged cell once (as in a Word table), a text line as one cell
    last_row: list | None = None
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages[:pages], start=1):
            if only is not None and number not in only:
                continue  # a page without a table, read from pdftotext's layout by the caller
            for position, (_top, cells, text) in enumerate(_page_lines(page)):
                kept = [c for c in cells if c is not None] if cells is not None else None
                # the grid may differ from page to page (a merged cell split differently): compare the cells kept
                if kept is not None and position == 0 and last_row is not None and last_row[0] == number - 1 and _continues(last_row[1], kept):
                    last_row[1] = [a if not b else a + b for a, b in zip(last_row[1], kept)]
                    continue
                rows.append([number, kept if kept is not None else [text]])
                if kept is not None:
                    last_row = rows[-1]
                elif len(text) > 12:  # text after the table (not a page number or footer): a new page starts afresh
                    last_row = None
    for number, cells in rows:
        sys.stdout.write(json.dumps([number, *cells], ensure_ascii=False) + "\n")
    return 0


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


class Unavailable(Exception):
    """pdfplumber is not installed: the caller falls back to pdftotext's layout."""


class Failed(Exception):
    """The PDF could not be parsed within the limits (broken, encrypted, hostile)."""


def read_layout(path: Path, pages: int, max_bytes: int, only: list[int] | None = None) -> list[tuple[int, tuple[str, ...]]]:
    """(page, cells) for each table row and text line of the PDF (of the pages in only, when given), in page order."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "jixiao.ingest.pdf_layout", str(path), str(pages), *([",".join(map(str, only))] if only is not None else [])],
            capture_output=True, timeout=SECONDS, check=False, preexec_fn=_limit,
        )
    except subprocess.TimeoutExpired:
        raise Failed(f"超过 {SECONDS} 秒") from None
    if done.returncode == MISSING:
        raise Unavailable()
    if done.returncode != 0:
        raise Failed("无法解析")
    if len(done.stdout) > max_bytes:
        raise Failed("文字过多")
    out = []
    for raw in done.stdout.decode("utf-8", errors="replace").splitlines():
        item = json.loads(raw)
        out.append((int(item[0]), tuple(str(c) for c in item[1:])))
    return out


if __name__ == "__main__":
    raise SystemExit(_child(sys.argv[1], int(sys.argv[2]), {int(n) for n in sys.argv[3].split(",")} if len(sys.argv) > 3 else None))
