"""Reports as users have them: .docx (python-docx tables) and .pdf (LibreOffice's conversion of that .docx) versions
of development reports, built by tests/fixtures/reports/office/build.py, read the same as the text they were built
from; a PDF without a text layer is reported as such, and read by OCR when tesseract (chi_sim) is installed."""
import functools
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from jixiao.ingest.ocr import ocr_available
from jixiao.ingest.report import facts_for_check, ingest
from jixiao.review import evaluate_and_check

OFFICE = ROOT / "tests" / "fixtures" / "reports" / "office"
sys.path.insert(0, str(OFFICE))
from build import SOURCES, docx_of  # noqa: E402


@functools.lru_cache(maxsize=None)
def read(path):
    return ingest(path)  # each PDF is parsed once for the tests here (a second or more each)


def reading(report):
    """Everything read except where (paragraph and page numbers differ by format)."""
    return {
        "header": (report.department, report.year, report.stated_total, report.stated_grade, report.report_date),
        "rows": [(r.path, r.weight, r.score, r.target, r.actual) for r in report.rows],
        "tables": [(t.table, t.label, t.initial, t.budget, t.spent, t.rate, t.weight, t.score, t.unit) for t in report.stated_rows],
        "figures": {key: [f.value.display() for f in found] for key, found in report.figures.items()},
        "claims": [(c.kind, c.stated, c.amounts) for c in report.claims],
    }


def findings(report):
    facts, framework = facts_for_check(report)
    return sorted((f.code, f.message) for f in evaluate_and_check(framework, facts).findings)


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_office_versions_read_the_same_as_the_text(name, suffix):
    text = read(SOURCES[name])
    office = read(OFFICE / (name + suffix))
    assert reading(office) == reading(text)
    assert [code for code, _ in findings(office)] == [code for code, _ in findings(text)]


def test_the_pdf_tables_are_read_from_the_layout():
    # 广州 2021 (002) in a 14-column Word table: on the PDF page every cell's text wraps every few characters, and rows
    # break over page breaks (page 21-22: "四、2、反映平" | "台汇聚“四标四实”基础信息数量…"); pdftotext's columns cannot
    # put those back, the table finder does
    report = read(OFFICE / "002-guangzhou-2021.pdf")
    row = next(r for r in report.rows if r.path[-1].startswith("四、2、"))
    assert row.path[-1].startswith("四、2、反映平台汇聚“四标四实”基础信息数量") and (row.weight, row.score) == (row.weight.__class__("2.94"),) * 2
    assert report.stated_total == report.stated_total.__class__("94.65") and report.department == "广州市政务服务数据管理局"


def test_a_docx_built_now_reads_like_the_fixture(tmp_path):
    built = tmp_path / "jinzhai.docx"
    docx_of(SOURCES["jinzhai-2023"], built)
    assert reading(ingest(built)) == reading(ingest(OFFICE / "jinzhai-2023.docx"))


def _scanned(tmp_path):
    """The 汇总表 report's PDF as a scan: the top of its page (title and 汇总表: OCR costs seconds a page) rendered to an
    image, the image made a PDF with no text layer."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(OFFICE / "summary-before-table.pdf"), str(tmp_path / "page")], check=True)
    scan = tmp_path / "scan.pdf"
    page = Image.open(tmp_path / "page.png").convert("RGB")
    page.crop((0, 0, page.width, page.height // 6)).save(scan, resolution=150)
    return scan


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="需要 poppler-utils")
def test_scanned_pdf_is_said_to_be_a_scan_without_ocr(tmp_path, monkeypatch, cli):
    import jixiao.ingest.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    code, _out, err = cli("ingest", _scanned(tmp_path))
    assert code == 2 and "没有文字层" in err and "扫描件" in err


@pytest.mark.skipif(not ocr_available(), reason="OCR 未安装（make ocr：tesseract-ocr 与 tesseract-ocr-chi-sim）")
def test_scanned_pdf_read_by_ocr(tmp_path):
    report = ingest(_scanned(tmp_path))
    # the scan of summary-before-table: its title "部门整体支出绩效自评汇总表（2022年度）" and the 评分表's 总分 92
    assert (report.year, report.places["year"].field) == (2022, "第 1 页第 1 行（文字识别）")


def test_pages_without_a_table_are_read_from_pdftotext_and_the_others_by_the_table_finder(monkeypatch):
    from jixiao.ingest import pdf_layout, source

    # slips-planted.pdf: one narrative page, its lines one above the other from the left margin: pdfplumber's child
    # process (most of a PDF's reading time) is not started at all, and the report reads the same as its text
    def no_child(*args, **kwargs):
        raise AssertionError("pdfplumber was started for a page without a table")

    monkeypatch.setattr(pdf_layout, "read_layout", no_child)
    assert reading(ingest(OFFICE / "slips-planted.pdf")) == reading(read(SOURCES["slips-planted"]))
    # 广州 002: every page holds part of its 14-column table; page 4 only its one column of wrapped text in the middle
    # of the page (x 244-262 of 612), which is a table's too, and page 24 its 总分 row: all 24 go to the table finder
    pages = source._poppler_lines(OFFICE / "002-guangzhou-2021.pdf")
    assert len(pages) == 24 and all(table for table, _lines in pages)
    # "某县民政局" "2022" "年度…": words 1.8 pt apart (a font change) join as written, "人员" "23" "人" 2.9 pt apart keep
    # their spaces
    lines = source._poppler_lines(OFFICE / "slips-planted.pdf")[0][1]
    assert lines[0] == "某县民政局2022年度部门整体支出绩效自评报告" and lines[2].startswith("年末在编人员 23 人，")
