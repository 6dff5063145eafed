"""Files of the 整改 app: the 整改台账.xlsx and a unit's 评价结果反馈暨整改通知书.docx."""
from __future__ import annotations

import io
from datetime import date

import xlsxwriter

from jixiao.render.feedback_docx import Correction, FeedbackContent, build_feedback
from jixiao.web.rounds.context import state_of
from jixiao.web.rounds.models import Submission
from jixiao.web.rectification.models import Item
from jixiao.web.rectification.services import setting

LEDGER = (("序号", 6), ("主管部门", 26), ("预算单位", 28), ("问题来源", 12), ("存在的问题", 50), ("整改要求", 40), ("反馈日期", 12),
          ("整改期限", 12), ("状态", 14), ("是否逾期", 9), ("整改措施", 50), ("佐证材料", 10), ("验收意见", 30), ("验收日期", 12))


def ledger_xlsx(items, title: str, today: date | None = None) -> bytes:
    """整改台账: one row per item; all user text written as text (never a formula)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("整改台账")
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    late = book.add_format({"border": 1, "font_color": "#C00000", "bold": True})
    for column, (text, width) in enumerate(LEDGER):
        sheet.write_string(1, column, text, head)
        sheet.set_column(column, column, width)
    for row, item in enumerate(items, start=2):
        overdue = item.overdue(today)
        values = (str(row - 1), item.submission.unit.parent.name if item.submission.unit.parent else "", item.submission.unit.name,
                  item.get_source_display(), item.problem, item.required, item.feedback_date.isoformat(), item.deadline.isoformat(),
                  item.get_state_display(), "逾期" if overdue else "", item.measures, str(item.evidence.count()), item.comment,
                  item.closed.isoformat() if item.closed else "")
        for column, text in enumerate(values):
            sheet.write_string(row, column, text, late if column == 9 and overdue else cell)
    book.close()
    return buffer.getvalue()


def feedback_content(submission: Submission, issuer: str, application: str = "") -> FeedbackContent:
    state = state_of(submission)
    rule = setting(submission.round)
    items = list(Item.objects.filter(submission=submission).order_by("deadline", "id"))
    total = state.evaluation.total if state.evaluation else None
    stages = (("自评分数", total), ("主管部门复核分数", state.review_total if (state.reviews or submission.state == Submission.APPROVED) else None),
              ("财政局抽查分数", state.finance_total))
    final = next((s for s in (state.finance_total, state.summary_reviewed, total) if s is not None), None)  # the last stage's
    feedback = min((i.feedback_date for i in items), default=rule.feedback_date or date.today())
    return FeedbackContent(
        issuer=issuer, unit=submission.unit.name, round_title=submission.round.title, year=submission.round.year, stages=stages,
        final=final, grade=state.framework.grade_for(final), application=application,
        corrections=tuple(Correction(i.problem, i.required, i.deadline) for i in items), feedback_date=feedback, days=rule.days,
    )


def feedback_docx(content: FeedbackContent) -> bytes:
    buffer = io.BytesIO()
    build_feedback(content).save(buffer)
    return buffer.getvalue()
