"""自评报告.docx in official-document typography (GB/T 9704 conventions), or a user's template.

Title in 方正小标宋简体 2号, body 仿宋_GB2312 3号 with 28-point lines and a two-character first
line indent, 一级 headings 黑体, 二级 headings 楷体_GB2312, page numbers “— 1 —” at the foot,
A4 with the standard margins; the appendix 评分表 on landscape pages with merged parent cells.
"""
from __future__ import annotations

import copy

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from jixiao.render.report_content import ReportContent
from jixiao.render.xml_text import xml_safe

TITLE_FONT, BODY_FONT, HEADING1_FONT, HEADING2_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
OUTLINE = ("一、部门（单位）基本情况", "二、自评结论", "三、绩效分析", "四、主要绩效", "五、存在问题", "六、改进措施")
TABLE_HEADERS = ("一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "评分依据")


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str = BODY_FONT, size: float = 16, bold: bool = False, indent: bool = True, align=None):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(xml_safe(text)), font, size, bold)
    return paragraph


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), "宋体", 14)


def build_report(content: ReportContent) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _page_number_footer(section)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _paragraph(document, content.title, TITLE_FONT, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "", indent=False)
    _heading1(document, OUTLINE[0])
    for item in content.basics:
        _heading2(document, item.heading)
        _paragraph(document, item.text)  # report_content says plainly what the unit left empty
    _heading1(document, OUTLINE[1])
    _paragraph(document, content.conclusion)
    _heading1(document, OUTLINE[2])
    for analysis in content.analysis:
        _heading2(document, analysis.heading)
        for text in analysis.items:
            _paragraph(document, text)
    for heading, items in ((OUTLINE[3], content.achievements), (OUTLINE[4], content.problems), (OUTLINE[5], content.measures)):
        _heading1(document, heading)
        for number, text in enumerate(items or ["无。"], start=1):
            _paragraph(document, f"{number}. {text}" if items else text)
    _appendix(document, content)
    return document


def _heading1(document, text: str) -> None:
    _paragraph(document, text, HEADING1_FONT, 16)


def _heading2(document, text: str) -> None:
    _paragraph(document, text, HEADING2_FONT, 16)


def _appendix(document, content: ReportContent) -> None:
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    _paragraph(document, "附件", HEADING1_FONT, 16, indent=False)
    _paragraph(document, content.table_title, TITLE_FONT, 18, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _table_style(document)
    table = document.add_table(rows=1, cols=len(TABLE_HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(18), Mm(10), Mm(20), Mm(10), Mm(36), Mm(10), Mm(22), Mm(22), Mm(16), Mm(97))
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(int(width.twips)))  # the grid is what LibreOffice and WPS lay out by
    for cell, text in zip(table.rows[0].cells, TABLE_HEADERS):
        _cell(cell, text, bold=True)
    _repeat_header(table.rows[0])
    # One body row made with its widths and cell style, then copied per row: python-docx's add_row and
    # cell-by-cell formatting were most of a report's time (the same XML either way).
    blank = table.add_row()._tr
    for tc, width in zip([*table.rows[0]._tr.tc_lst, *blank.tc_lst], widths * 2):
        tc.width = width
    for tc in blank.tc_lst:
        tc.p_lst[0].style = TABLE_TEXT  # by id: assigning by name scans every style, each time
    table._tbl.remove(blank)
    previous = None
    for row in content.table:
        values = [row.level1, row.weight1, row.level2, row.weight2, row.level3, row.weight3, row.target, row.actual, row.score, row.basis]
        if previous is not None and previous.level1 == row.level1:
            values[0:2] = ["", ""]  # the merged cell above carries the name
            if previous.level2 == row.level2 and row.level2:
                values[2:4] = ["", ""]
        _copied_row(table, blank, values)
        previous = row
    _copied_row(table, blank, ["总分", "", "", "", "", "", "", "", content.total, f"等级：{content.grade}"], bold=True)
    _merge_parents(table, content)


def _copied_row(table, blank, values: list[str], bold: bool = False) -> None:
    tr = copy.deepcopy(blank)
    table._tbl.append(tr)
    for tc, text in zip(tr.tc_lst, values):
        if text:
            run = tc.p_lst[0].add_r()
            run.text = xml_safe(text)
            if bold:
                run.get_or_add_rPr().get_or_add_b()  # <w:b/>, as run.bold = True writes it


TABLE_TEXT = "表格文字"


def _table_style(document) -> None:
    """One paragraph style for every table cell: fonts set once, not on each of hundreds of runs."""
    style = document.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    style.font.name, style.font.size = "宋体", Pt(9)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.first_line_indent = Pt(0)
    assert style.style_id == TABLE_TEXT


def _cell(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.style = TABLE_TEXT  # by id: assigning by name scans every style, each time
    if text:
        paragraph.add_run(xml_safe(text)).bold = bold or None


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _merge_parents(table, content: ReportContent) -> None:
    """Merge 一级/二级 name and weight cells over the rows they cover (table rows start at 1).

    Marked directly as Word stores it (w:vMerge restart/continue on each cell): python-docx's
    cell-by-cell merge recomputes the whole grid on every call."""
    rows = content.table
    trs = [row._tr for row in table.rows]
    for key, columns in ((lambda r: r.level1, (0, 1)), (lambda r: (r.level1, r.level2), (2, 3))):
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or key(rows[index]) != key(rows[start]):
                if index - 1 > start and (columns[0] == 0 or rows[start].level2):
                    for column in columns:
                        for offset, tr in enumerate(trs[start + 1 : index + 1]):
                            tr.tc_lst[column].vMerge = "restart" if offset == 0 else "continue"
                start = index
