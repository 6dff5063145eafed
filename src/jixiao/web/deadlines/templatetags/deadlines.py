"""`submission|unit_due`: the unit's own 填报截止日期 (an extension, else the round's), for the fill page's header."""
from __future__ import annotations

from datetime import date

from django import template

register = template.Library()


@register.filter
def unit_due(submission):
    deadline = submission.round.submit_deadline
    if deadline is None or deadline >= date.today():
        return deadline  # not passed: an extension cannot matter yet, and no query is made
    from jixiao.web.deadlines.services import due_date

    return due_date(submission)
