"""评价结果反馈暨整改通知书.docx: a unit's result, grade, the score at each stage, the problems found, the
corrections required and their deadlines, in the same official-document typography as the 自评报告."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from jixiao.render.report_docx import BODY_FONT, HEADING1_FONT, TITLE_FONT, _font, _page_number_footer, _paragraph
from jixiao.render.xml_text import xml_safe


@dataclass(frozen=True)
class Correction:
    problem: str
    required: str
    deadline: date


@dataclass(frozen=True)
class FeedbackContent:
    issuer: str  # who sends it: the 主管部门 or the 财政局
    unit: str
    round_title: str
    year: int
    stages: tuple[tuple[str, Decimal | None], ...]  # (自评分数 / 主管部门复核分数 / 财政局抽查分数, score)
    final: Decimal
    grade: str
    application: str  # the 结果应用 rule's line for this grade, or ""
    corrections: tuple[Correction, ...]
    feedback_date: date
    days: int


def _d(day: date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def _table(document, rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)  # the grid LibreOffice and WPS lay out by
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm(widths[c])
            paragraph = cell.paragraphs[0]
            _font(paragraph.add_run(xml_safe(text)), HEADING1_FONT if r == 0 else BODY_FONT, 12)


def build_feedback(content: FeedbackContent) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _page_number_footer(section)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _paragraph(document, "绩效评价结果反馈暨整改通知书", TITLE_FONT, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "", indent=False)
    _paragraph(document, f"{content.unit}：", indent=False)
    _paragraph(document, f"根据{content.round_title}的安排，经审核，现将你单位 {content.year} 年度部门整体支出绩效自评结果反馈如下。")
    _paragraph(document, "一、评价结果", HEADING1_FONT, indent=True)
    _paragraph(document, f"你单位 {content.year} 年度部门整体支出绩效评价最终得分 {content.final:f} 分，等级为“{content.grade}”。各阶段得分如下：")
    _table(document, [("阶段", "得分")] + [(label, "—" if score is None else f"{score:f}") for label, score in content.stages], (90, 60))
    if content.application:
        _paragraph(document, "二、结果应用", HEADING1_FONT)
        _paragraph(document, f"按本批次结果应用规则，{content.application}。评价结果将作为 {content.year + 1} 年度预算安排的重要依据。")
    number = "三" if content.application else "二"
    _paragraph(document, f"{number}、存在的问题及整改要求", HEADING1_FONT)
    if content.corrections:
        _table(document, [("序号", "存在的问题", "整改要求", "整改期限")] + [
            (str(i), c.problem, c.required, _d(c.deadline)) for i, c in enumerate(content.corrections, start=1)
        ], (14, 70, 44, 28))
        last = max(c.deadline for c in content.corrections)
        _paragraph(document, f"请你单位自收到本通知之日起 {content.days} 日内制定整改措施并组织整改，于 {_d(last)}前将整改情况及佐证材料报送，逾期未整改的将在下一年度预算安排中予以调整。")
    else:
        _paragraph(document, "审核未发现需要整改的问题。请继续加强预算绩效管理。")
    _paragraph(document, "", indent=False)
    _paragraph(document, content.issuer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, _d(content.feedback_date), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return document
