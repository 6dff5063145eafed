"""The overview's tables as HTML, written directly (as rounds/sheet_html.py does): a region of 200 主管部门 and
thousands of late units would cost a template tag per cell."""
from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jixiao.overview.stats import Table

PAGE_ROWS = 100  # the page shows this many rows of a unit table (late, returned); the xlsx has them all


def _numeric(value) -> bool:
    return isinstance(value, (int, Decimal)) or (isinstance(value, str) and value.endswith("%"))


def table_html(table: Table, more_url: str = "") -> SafeString:
    """The whole table; one with a more_url (the unit list holding all its rows) cut at PAGE_ROWS."""
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = table.rows[:PAGE_ROWS] if more_url else table.rows
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{escape(value)}</td>' if _numeric(value) else f"<td>{'—' if value is None else escape(value)}</td>"
            for value in row
        )
        body.append(f"<tr>{cells}</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(table.headers)}">无。</td></tr>')
    more = ""
    if more_url and len(table.rows) > PAGE_ROWS:
        link = f'，<a href="{escape(more_url)}">在单位列表中查看逾期的单位</a>'
        more = f'<p class="meta">共 {len(table.rows)} 行，此处列出前 {PAGE_ROWS} 行（下载的 xlsx 中为全部）{link}。</p>'
    return mark_safe(f'<table class="list small" id="table-{escape(table.key)}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}')
