"""The overview's tables as xlsx (one sheet per table) and the region's 自评情况分析报告.docx with the charts as images."""
from __future__ import annotations

import io
from decimal import Decimal

from jixiao.overview.charts import charts_for, png
from jixiao.overview.finding_names import UNNAMED
from jixiao.overview.stats import FINAL, Overview, Table, all_tables, mean, median
from jixiao.render.xml_text import xml_safe


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def tables_xlsx(tables: list[Table], heading: str) -> bytes:
    """Each table on its own sheet; every text written as text (write_string), never as a formula."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#eef3f8", "border": 1})
    plain = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "0.00"})
    for table in tables:
        sheet = book.add_worksheet(table.title[:31])
        sheet.write_string(0, 0, xml_safe(f"{heading} · {table.title}"))
        if table.note:
            sheet.write_string(1, 0, xml_safe(table.note))
        for column, header in enumerate(table.headers):
            sheet.write_string(2, column, header, bold)
            sheet.set_column(column, column, 34 if column == 0 or header in ("预算单位", "主管部门", "问题") else 12)
        for row_index, row in enumerate(table.rows, start=3):
            for column, value in enumerate(row):
                value = _cell(value)
                if isinstance(value, str):
                    sheet.write_string(row_index, column, xml_safe(value), plain)
                else:
                    sheet.write_number(row_index, column, value, number if isinstance(value, float) else plain)
    book.close()
    return buffer.getvalue()


def _font(run, size: float = 10.5, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size, run.font.bold = Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _paragraph(document, text: str, size: float = 10.5, bold: bool = False):
    paragraph = document.add_paragraph()
    _font(paragraph.add_run(xml_safe(text)), size, bold)
    return paragraph


def _table(document, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, table.headers):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(header), 9, True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(xml_safe("" if value is None else str(value))), 9)


def summary_sentences(now: Overview, before: Overview | None, region: str, title: str) -> list[str]:
    scores = [e.score for e in now.final]
    counts = now.progress_counts()
    done = sum(counts[key] for key in FINAL)
    out = [
        f"{region}组织开展“{title}”，共 {len(now.entries)} 个预算单位参评，已提交及以后 {done} 个，"
        f"未开始 {counts['not_started']} 个、草稿 {counts['draft']} 个、已退回 {counts['returned']} 个，逾期未提交 {len(now.late)} 个。",
    ]
    if scores:
        grades = "、".join(f"{grade} {count} 个" for grade, count in now.grade_counts().items())
        out.append(f"已评 {len(scores)} 个单位自评分数平均 {mean(scores)} 分、中位数 {median(scores)} 分，最高 {max(scores)} 分、最低 {min(scores)} 分；等级：{grades}。")
    if before is not None and before.final:
        last = [e.score for e in before.final]
        out.append(f"上年同期 {len(before.entries)} 个单位参评，平均 {mean(last)} 分、中位数 {median(last)} 分。")
    frequent = now.frequent_findings(3)
    if frequent:
        out.append("复核检查中最常见的问题：" + "；".join(f"{now.finding_titles.get(code, UNNAMED)}（{count} 个单位）" for code, count in frequent) + "。")
    return out


def report_docx(now: Overview, before: Overview | None, region: str, title: str, reviewed: dict | None = None) -> bytes:
    """自评情况分析报告: the summary in sentences, then each chart (as an image) with its table, then the rankings."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    tables = all_tables(now, before, reviewed)
    document = Document()
    heading = _paragraph(document, f"{region}{title}自评情况分析报告", 16, True)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "一、总体情况", 12, True)
    for sentence in summary_sentences(now, before, region, title):
        _paragraph(document, sentence)
    charted = {chart.key: chart for chart in charts_for(tables)}
    numbers = "二三四五六七八九十"
    for index, table in enumerate(tables):
        _paragraph(document, f"{numbers[index % len(numbers)]}、{table.title}", 12, True)
        if table.key in charted:
            document.add_picture(io.BytesIO(png(charted[table.key])), width=Cm(15.5))
        if table.note:
            _paragraph(document, table.note, 9)
        if table.rows:
            _table(document, table)
        else:
            _paragraph(document, "无。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
