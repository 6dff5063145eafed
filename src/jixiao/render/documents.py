"""Write one evaluation's documents: 评分表.xlsx, 自评报告.docx and, when asked, 自评报告.pdf."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import Evaluation
from jixiao.render.atomic import check_destinations, write_all
from jixiao.render.report_content import build_content
from jixiao.render.custom_template import render_template
from jixiao.render.report_docx import build_report
from jixiao.render.scoresheet_xlsx import write_scoresheet

SCORESHEET, REPORT, REPORT_PDF = "评分表.xlsx", "自评报告.docx", "自评报告.pdf"
CONVERT_SECONDS = 180
# The conversion's font setup (render/fonts/fonts.conf: each GB/T 9704 font named by the report → an installed
# Simplified Chinese face); PDF_SETUP names this setup, so a PDF kept from another setup is never reused.
FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
PDF_SETUP = "fonts.conf:" + hashlib.sha256(FONTS_CONF.read_bytes()).hexdigest()[:16]


class PdfUnavailable(Exception):
    """No converter, or the conversion failed; the message is for end users."""


def find_converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_documents(out_dir: Path, framework: Framework, facts: Facts, result: Evaluation, pdf: bool = False, template: Path | None = None) -> list[Path]:
    """All files or none of them: every destination and the PDF converter are checked, and every
    document made in a scratch folder, before the first file is moved into place."""
    targets = preflight(out_dir, pdf)
    content = build_content(framework, facts, result)
    with tempfile.TemporaryDirectory(prefix="jixiao-docs-") as scratch:
        docx = Path(scratch) / REPORT
        if template is not None:
            render_template(template, content, docx)  # an unusable template stops before anything is written
        else:
            build_report(content).save(str(docx))
        writers = {targets[0]: lambda path: write_scoresheet(path, framework, facts, result), targets[1]: lambda path: shutil.copyfile(docx, path)}
        if pdf:
            made = convert_to_pdf(docx, Path(scratch))
            writers[targets[2]] = lambda path: shutil.copyfile(made, path)
        write_all(writers)
    return targets


def preflight(out_dir: Path, pdf: bool) -> list[Path]:
    """The documents' paths, after checking that each can be written and that a PDF can be made;
    raises OSError or PdfUnavailable before anything is written."""
    targets = [out_dir / SCORESHEET, out_dir / REPORT] + ([out_dir / REPORT_PDF] if pdf else [])
    check_destinations(targets)
    if pdf and find_converter() is None:
        raise PdfUnavailable("未安装 PDF 转换程序（LibreOffice），未写出任何文件：安装 libreoffice-writer 后再加 --pdf，或去掉 --pdf 只生成 .xlsx 和 .docx")
    return targets


def convert_to_pdf(docx: Path, scratch: Path) -> Path:
    return convert_all_to_pdf([docx], scratch)[0]


def convert_all_to_pdf(docxs: list[Path], scratch: Path) -> list[Path]:
    """Each .docx (distinct names) as a PDF in scratch, by one LibreOffice run: a round's archive starts it once, not per unit."""
    converter = find_converter()
    if converter is None:
        raise PdfUnavailable("未安装 PDF 转换程序（LibreOffice），未写出任何文件：安装 libreoffice-writer 后再加 --pdf")
    profile = scratch / "lo-profile"
    command = [converter, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(scratch), *map(str, docxs)]
    seconds = CONVERT_SECONDS + 20 * (len(docxs) - 1)
    try:
        environment = {**os.environ, "HOME": str(scratch), "FONTCONFIG_FILE": str(FONTS_CONF)}
        subprocess.run(command, capture_output=True, timeout=seconds, check=False, env=environment)
    except subprocess.TimeoutExpired:
        raise PdfUnavailable(f"PDF 转换超过 {seconds} 秒未完成，已放弃，未写出任何文件") from None
    made = [scratch / (docx.stem + ".pdf") for docx in docxs]
    if not all(path.exists() and path.stat().st_size > 0 for path in made):
        raise PdfUnavailable("LibreOffice 未能生成 PDF，未写出任何文件")
    return made
