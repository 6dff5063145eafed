"""Template helpers of the submission pages.

`{{ message|on_page }}`: an engine message with the page's field labels instead of YAML names (scoring.on_page).
`{% sheet_fields fields %}`, `{% sheet_lines lines %}`, `{% live_score line %}`, `{% live_basis line %}`,
`{% live_errors field %}`, `{% live_reasons line %}`, `{% review_rows lines stage typed %}`, `{% live_review_row line stage typed %}`:
the fill-in and review pages' fields and rows, written by rounds/sheet_html.py.
"""
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jixiao.web.rounds import sheet_html
from jixiao.web.rounds.scoring import on_page as _on_page

register = template.Library()


@register.filter
def on_page(message: object) -> str:
    return _on_page(str(message))


def _row_page(context) -> sheet_html.RowPage:
    """One per page render: the rows share its CSRF token and the evidence list the page shows below."""
    page = context.render_context.get("jixiao_row_page")
    if page is None:
        token = context.get("csrf_token")
        csrf_input = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token) if token and token != "NOTPROVIDED" else ""
        submission = context["submission"]
        page = sheet_html.RowPage(bool(context.get("can_edit")), submission.pk, submission.version, csrf_input, list(context.get("evidence") or ()))
        context.render_context["jixiao_row_page"] = page
    return page


@register.simple_tag(takes_context=True)
def sheet_fields(context, fields):
    return mark_safe(sheet_html.fields_html(fields, _row_page(context)))


@register.simple_tag(takes_context=True)
def sheet_lines(context, lines):
    return sheet_html.lines_html(lines, _row_page(context))


@register.simple_tag(takes_context=True)
def review_rows(context, lines, stage, typed):
    return sheet_html.review_rows_html(lines, _row_page(context), stage, context["submission"].state, typed)


@register.simple_tag
def live_score(line):
    return mark_safe(sheet_html.score_html(line, oob=True))


@register.simple_tag
def live_basis(line):
    return mark_safe(sheet_html.basis_html(line, oob=True))


@register.simple_tag
def live_errors(field):
    return mark_safe(sheet_html.errors_html(field, oob=True))


@register.simple_tag(takes_context=True)
def live_reasons(context, line):
    return mark_safe(sheet_html.reasons_html(line, _row_page(context), oob=True))


@register.simple_tag(takes_context=True)
def live_review_row(context, line, stage, typed):
    scoring_open = sheet_html.review_open(stage, context["submission"].state)
    return mark_safe(sheet_html.review_row_html(line, _row_page(context), stage, scoring_open, typed, oob=True))


@register.simple_tag
def live_hint(field):
    return mark_safe(sheet_html.hint_html(field, oob=True))
