"""Published reports in any of their formats, read as lines of cells with where each came from.

A paragraph is a line of one cell; a table row is a line of several. Text files give their
tab-separated or Markdown (`| a | b |`) rows; .docx its paragraphs and tables in order (a
merged cell once); .xlsx its sheets' rows (a merged range's value in its first cell only);
.pdf its text layer laid out by poppler's pdftotext, cells split at wide gaps. Hostile or
broken files are refused with a reason before they can cost much time or memory.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jixiao.loaders.input_file import check_package, count_tags, read_bounded, regular_file_size
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 15 * 1024 * 1024  # of a .docx's XML: python-docx holds it in memory several times over
MAX_LINES = 10_000  # a long report has a few thousand; reading costs about a millisecond a line
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a text report of 10,000 long lines
MAX_DOCX_BLOCKS = MAX_LINES  # paragraphs and table rows, counted before python-docx parses them
PDF_SECONDS = 30
PDF_PAGES = 300  # a report has tens of pages; later pages are not read
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
REPORT_SUFFIXES = TEXT_SUFFIXES + (".docx", ".xlsx", ".xlsm", ".pdf")
# Only real tags: "<90%的 … >100%" in a scoring standard is a comparison, not markup.
_TAG = re.compile(r"</?(?:p|br|span|div|td|tr|th|table|tbody|thead|b|i|u|strong|em|font|sup|sub|li|ul|ol)\b[^<>]{0,200}>", re.I)
_WIDE_GAP = re.compile(r"\s{2,}")


@dataclass(frozen=True, slots=True)
class Line:
    cells: tuple[str, ...]
    where: Where

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


@dataclass(frozen=True)
class Source:
    name: str
    lines: tuple[Line, ...]


def clean(text: str) -> str:
    """HTML fragments out, LaTeX-ish ≥ ≤ from converted PDFs restored, spaces folded."""
    text = text.replace("$\\geq$", "≥").replace("$\\leq$", "≤").replace("$<$", "<").replace("$>$", ">")
    text = html.unescape(_TAG.sub(" ", text))
    return re.sub(r"[ \t\u3000]+", " ", text).strip()


def read_source(path: Path) -> Source:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise InputError([Problem(Where(name), f"不支持的报告格式“{suffix or '无扩展名'}”：可读取 .txt .md .docx .xlsx .pdf")])
    regular_file_size(path, MAX_BYTES)  # not a FIFO or device, not too big: refused before it is opened
    if suffix == ".docx":
        check_package(path, MAX_BYTES, MAX_UNPACKED, ".docx")
        if count_tags(path, lambda member: member == "word/document.xml", (b"<w:p>", b"<w:p ", b"<w:tr>", b"<w:tr "), MAX_DOCX_BLOCKS) > MAX_DOCX_BLOCKS:
            raise InputError([Problem(Where(name), f"内容过多（超过 {MAX_DOCX_BLOCKS:,} 个段落和表格行），不像一份自评报告")])
    reader = {".docx": _read_docx, ".xlsx": _read_xlsx, ".xlsm": _read_xlsx, ".pdf": _read_pdf}.get(suffix, _read_text)
    lines = reader(path)
    if len(lines) > MAX_LINES:
        raise InputError([Problem(Where(name), f"内容过多（超过 {MAX_LINES:,} 行），不像一份自评报告")])
    if not any(line.text for line in lines):
        raise InputError([Problem(Where(name), "文件中没有可读的文字")])
    return Source(name, tuple(lines))


def _decode(path: Path) -> str:
    data = read_bounded(path, MAX_TEXT_BYTES)
    if data.count(b"\n") > MAX_LINES:  # before splitting: 20 MB of newlines would be 20 million lines
        raise InputError([Problem(Where(str(path)), f"内容过多（超过 {MAX_LINES:,} 行），不像一份自评报告")])
    if b"\x00" in data[:65536]:
        raise InputError([Problem(Where(str(path)), "这不是文本文件（含有二进制内容）")])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:65536] if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
        if controls > 0.01 * min(len(text), 65536) + 5:
            break
        return text
    raise InputError([Problem(Where(str(path)), "无法识别文件编码，或这不是文本文件")])


def split_cells(raw: str) -> tuple[str, ...]:
    stripped = raw.strip()
    if "\t" in raw:
        return tuple(clean(c) for c in raw.rstrip("\n").split("\t"))
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return tuple(clean(c) for c in stripped[1:-1].split("|"))
    if (stripped.count("|") >= 2 or stripped.endswith("|")) and "://" not in stripped:  # a web table's row without its outer bars: "部门 | 金寨县… | |||"
        cells = [clean(c) for c in stripped.strip("|").split("|")]
        while cells and not cells[-1]:
            cells.pop()
        return tuple(cells) if len(cells) > 1 else (cells[0] if cells else "",)
    return (clean(raw),)


def _read_text(path: Path) -> list[Line]:
    name = str(path)
    lines = []
    for number, raw in enumerate(_decode(path).splitlines(), start=1):
        cells = split_cells(raw)
        joined = "".join(cells)
        if joined and set(joined) <= set("-: ") and ("|" in raw or len(joined) >= 3):
            continue  # a Markdown separator row; blank lines stay (an empty cell in a one-cell-per-line table)
        lines.append(Line(cells, Where(name, line=number)))
    return lines


def _read_docx(path: Path) -> list[Line]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    name = str(path)
    try:
        document = Document(str(path))
    except Exception as error:  # noqa: BLE001 - a broken package raises many kinds
        raise InputError([Problem(Where(name), "无法读取 Word 文件：文件内部结构不完整或已损坏，请用 Word / WPS 打开后另存为 .docx 再试")]) from None
    lines: list[Line] = []
    paragraph_number = table_number = 0
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            paragraph_number += 1
            text = clean(Paragraph(block, document).text)
            if text:
                lines.append(Line((text,), Where(name, field=f"第 {paragraph_number} 段")))
        elif block.tag.endswith("}tbl"):
            table_number += 1
            for row_number, row in enumerate(Table(block, document).rows, start=1):
                cells, previous = [], None
                for cell in row.cells:
                    if cell._tc is previous:
                        continue  # a horizontally merged cell appears once
                    previous = cell._tc
                    cells.append(clean(cell.text))
                lines.append(Line(tuple(cells), Where(name, field=f"表 {table_number} 第 {row_number} 行")))
    return lines


def _read_xlsx(path: Path) -> list[Line]:
    from jixiao.loaders.workbook import open_workbook_safely

    workbook = open_workbook_safely(path)
    lines = []
    for sheet in workbook.worksheets:
        covered = {
            (row, column)
            for merged in sheet.merged_cells.ranges
            for row in range(merged.min_row, merged.max_row + 1)
            for column in range(merged.min_col, merged.max_col + 1)
            if (row, column) != (merged.min_row, merged.min_col)
        }
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                value = None if (cell.row, cell.column) in covered else cell.value
                if isinstance(value, float):
                    value = f"{value:.10f}".rstrip("0").rstrip(".")
                cells.append(clean(str(value)) if value is not None else "")
            if any(cells):
                lines.append(Line(tuple(cells), Where(str(path), cell=f"{sheet.title}!{row[0].row}")))
    return lines


def _read_pdf(path: Path) -> list[Line]:
    """Tables from the page layout (pdfplumber, in a bounded child process) on the pages that hold a table; the other
    pages' lines, and everything when pdfplumber is missing, from pdftotext's layout, run once for the whole file."""
    from jixiao.ingest.pdf_layout import Failed, Unavailable, read_layout

    name = str(path)
    try:
        pages = _poppler_lines(path)
    except InputError:
        pages = None  # pdfplumber may still read what pdftotext could not; if not, it says why
    # a page whose layout has no line of two cells or more (narrative: a paragraph a line) has no table to find, and
    # pdfplumber's parse of it (most of a PDF's reading time) is spared; its lines are pdftotext's
    tabular = None if pages is None else [n for n, (wide, _lines) in enumerate(pages, start=1) if wide]
    found: list[tuple[int, tuple[str, ...]]] = []
    if tabular is None or tabular:
        try:
            found = read_layout(path, PDF_PAGES, MAX_TEXT_BYTES, tabular)
        except Unavailable:
            return _read_pdf_text(path)
        except Failed as error:
            if "秒" in str(error):
                raise InputError([Problem(Where(name), f"PDF 读取{error}，已放弃")]) from None
            return _read_pdf_text(path)  # pdftotext says why, or reads what pdfplumber could not
    by_page: dict[int, list[tuple[str, ...]]] = {}
    for page, cells in found:
        by_page.setdefault(page, []).append(cells)
    for number, (_wide, texts) in enumerate(pages or [], start=1):
        if number not in (tabular or ()):
            by_page[number] = [(text,) for text in texts]
    lines = []
    for page in sorted(by_page):
        for number, cells in enumerate(by_page[page], start=1):
            lines.append(Line(tuple(clean(c) for c in cells), Where(name, field=f"第 {page} 页第 {number} 行")))
    if not any(line.text for line in lines):
        return _scanned(path)
    return lines


_PAGE = re.compile(r"<page\b.*?</page>", re.S)
_LINE = re.compile(r"<line\b.*?</line>", re.S)
_LINE_BOX = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')
_PAGE_WIDTH = re.compile(r'<page width="([\d.]+)"')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S)


def _table_like(lines: list[tuple[float, ...]], width: float) -> bool:
    """Lines side by side (a table's cells), or a line standing alone in the middle of the page, neither centred nor
    from the left margin (a table's one column of text, the others empty on this page): a page for the table finder.
    A narrative page's lines stand one above the other from the left margin, its titles and page numbers centred."""
    lines = sorted(lines, key=lambda b: b[1])
    for index, (x0, y0, x1, y1) in enumerate(lines):
        if x0 > width * 0.3 and abs((x0 + x1) / 2 - width / 2) > width * 0.05:
            return True
        for a0, b0, a1, b1 in lines[index + 1 :]:
            if b0 >= y1:
                break
            if min(y1, b1) - max(y0, b0) > min(y1 - y0, b1 - b0) / 2 and (a0 >= x1 or x0 >= a1):
                return True
    return False


def _poppler_lines(path: Path) -> list[tuple[bool, list[str]]]:
    """Each page's lines from pdftotext's word boxes (-bbox-layout, run once for the file), and whether any line has
    a gap wider than its text is high (cells side by side: a table, for pdfplumber to read). Words join without a
    space when the gap between them is what a font change leaves (under a fifth of the height, "2022年"), with one
    when it is a space's width or more ("人员 23 人"), as the text was written."""
    out = []
    for page in _PAGE.findall(_run_pdftotext(path, "-bbox-layout").decode("utf-8", errors="replace")):
        width = float(_PAGE_WIDTH.search(page).group(1)) if _PAGE_WIDTH.search(page) else 612.0  # type: ignore[union-attr]
        wide, texts = _table_like([tuple(map(float, box)) for box in _LINE_BOX.findall(page)], width), []
        for line in _LINE.findall(page):
            words = [(float(x0), float(x1), float(y1) - float(y0), html.unescape(t)) for x0, y0, x1, y1, t in _WORD.findall(line)]
            text = ""
            for index, (x0, _x1, height, word) in enumerate(words):
                gap = x0 - words[index - 1][1] if index else 0
                wide |= gap > height
                text += (" " if index and gap >= height / 5 else "") + word
            if text.strip():
                texts.append(text.strip())
        out.append((wide, texts))
    return out


def _scanned(path: Path) -> list[Line]:
    """A PDF without a text layer: read by OCR when tesseract (with chi_sim) is installed, else said so."""
    from jixiao.ingest.ocr import ocr_available, read_by_ocr

    if ocr_available():
        return [Line((text,), where) for text, where in read_by_ocr(path, PDF_PAGES)]
    raise InputError([Problem(Where(str(path)), "PDF 没有文字层（可能是扫描件），无法读取：请先进行文字识别（OCR），或安装 tesseract-ocr 与 tesseract-ocr-chi-sim 后重试")])


def _poppler_pages(path: Path) -> list[str]:
    """The text of each page as pdftotext lays it out (-layout), within the time, page and size limits."""
    pages = _run_pdftotext(path, "-layout").decode("utf-8", errors="replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages  # the form feed after the last page


def _run_pdftotext(path: Path, mode: str) -> bytes:
    name = str(path)
    converter = shutil.which("pdftotext")
    if converter is None:
        raise InputError([Problem(Where(name), "读取 PDF 需要 pdftotext（Debian 软件包 poppler-utils）")])
    try:
        done = subprocess.run([converter, mode, "-enc", "UTF-8", "-l", str(PDF_PAGES), str(path), "-"], capture_output=True, timeout=PDF_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise InputError([Problem(Where(name), f"PDF 读取超过 {PDF_SECONDS} 秒，已放弃")]) from None
    if done.returncode != 0:
        raise InputError([Problem(Where(name), "PDF 文件已损坏或已加密，无法读取")])
    if len(done.stdout) > MAX_TEXT_BYTES * (8 if mode == "-bbox-layout" else 1):  # each word's box is in the XML
        raise InputError([Problem(Where(name), f"PDF 的文字过多（超过 {MAX_TEXT_BYTES // 2**20} MB），不像一份自评报告")])
    return done.stdout


def _read_pdf_text(path: Path) -> list[Line]:
    name = str(path)
    pages = _poppler_pages(path)
    if not any(page.strip() for page in pages):
        return _scanned(path)
    lines = []
    for page_number, page in enumerate(pages, start=1):
        for line_number, raw in enumerate(page.splitlines(), start=1):
            cells = tuple(clean(c) for c in _WIDE_GAP.split(raw.strip()))
            if any(cells):
                lines.append(Line(cells, Where(name, field=f"第 {page_number} 页第 {line_number} 行")))
    return lines
