"""Write one evaluation's documents: 评分表.xlsx, 自评报告.docx and, when asked, 自评报告.pdf."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import Evaluation
from jixiao.render.atomic import write_all
from jixiao.render.report_content import build_content
from jixiao.render.report_docx import build_report, render_template
from jixiao.render.scoresheet_xlsx import write_scoresheet

SCORESHEET, REPORT, REPORT_PDF = "评分表.xlsx", "自评报告.docx", "自评报告.pdf"
CONVERT_SECONDS = 180


class PdfUnavailable(Exception):
    """No converter, or the conversion failed; the message is for end users."""


def find_converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_documents(out_dir: Path, framework: Framework, facts: Facts, result: Evaluation, pdf: bool = False, template: Path | None = None) -> list[Path]:
    """All files or none of them; a PDF that cannot be made raises PdfUnavailable after the others are written."""
    content = build_content(framework, facts, result)
    with tempfile.TemporaryDirectory(prefix="jixiao-docs-") as scratch:
        docx = Path(scratch) / REPORT
        if template is not None:
            render_template(template, content, docx)  # an unusable template stops before anything is written
        else:
            build_report(content).save(str(docx))
        targets = {out_dir / SCORESHEET: lambda path: write_scoresheet(path, framework, facts, result), out_dir / REPORT: lambda path: shutil.copyfile(docx, path)}
        problem = None
        if pdf:
            try:
                made = convert_to_pdf(docx, Path(scratch))
                targets[out_dir / REPORT_PDF] = lambda path: shutil.copyfile(made, path)
            except PdfUnavailable as error:
                problem = error
        write_all(targets)
    if problem is not None:
        raise problem
    return list(targets)


def convert_to_pdf(docx: Path, scratch: Path) -> Path:
    converter = find_converter()
    if converter is None:
        raise PdfUnavailable("未安装 PDF 转换程序（LibreOffice）：评分表和报告的 .docx 已写出；安装 libreoffice-writer 后可加 --pdf 生成 PDF")
    profile = scratch / "lo-profile"
    command = [converter, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(scratch), str(docx)]
    try:
        subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False, env={**os.environ, "HOME": str(scratch)})
    except subprocess.TimeoutExpired:
        raise PdfUnavailable(f"PDF 转换超过 {CONVERT_SECONDS} 秒未完成，已放弃；.docx 与 .xlsx 已写出") from None
    made = scratch / (docx.stem + ".pdf")
    if not made.exists() or made.stat().st_size == 0:
        raise PdfUnavailable("LibreOffice 未能生成 PDF；.docx 与 .xlsx 已写出")
    return made
