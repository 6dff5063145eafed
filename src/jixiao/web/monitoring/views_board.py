"""The warnings board of a monitoring round: a page of 50 rows, with the counts and amounts by colour beside it.

A region has tens of thousands of projects, so the board is read from the Light cache by the database alone: the rows
in scope are filtered, counted (one GROUP BY per request) and sorted on Light's own columns and indexes (round,
主管部门, colour, amount), and only the page's 50 rows are fetched, as plain values, with their unit's names joined.
"""
from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from jixiao.model.quantity import format_count
from jixiao.monitoring.thresholds import COLOUR_LABELS, COLOURS
from jixiao.web.monitoring import access
from jixiao.web.monitoring.models import Light, MonitoringReport, MonitoringRound
from jixiao.web.orgs.access import orgs_with_role, require
from jixiao.web.orgs.models import Membership, Organisation

BOARD_PAGE = 50
UNFILLED_SHOWN = 50
STATE_LABELS = dict(MonitoringReport.STATES)
ROW_FIELDS = ("id", "report_id", "name", "colour", "amount", "rate", "warned", "report__state", "report__unit__name", "report__unit__parent__name")


def _in_scope(user, round_) -> Q:
    """The board's rows a person may see, on Light's own columns (no join, so the indexes serve): the 财政局 every
    row of its round, a 主管部门 its units' (by the copied department), a unit its own report's."""
    if access.is_finance(user, round_):
        return Q()
    parts = []
    reviewing = orgs_with_role(user, Membership.REVIEWER)
    if reviewing:
        parts.append(Q(department_id__in=reviewing))
    filling = orgs_with_role(user, Membership.FILLER)
    if filling:
        parts.append(Q(report_id__in=list(round_.reports.filter(unit_id__in=filling).values_list("id", flat=True))))
    scope = Q(pk__in=[])
    for part in parts:
        scope |= part
    return scope


def _departments(user, round_) -> list[tuple[int, str]]:
    if access.is_finance(user, round_):
        found = Organisation.objects.filter(kind=Organisation.DEPARTMENT, parent_id=round_.region_id)
    else:
        found = Organisation.objects.filter(
            id__in=round_.reports.filter(access.report_scope(user)).values("unit__parent_id")
        )
    return list(found.order_by("name").values_list("id", "name"))


def _wan(amount) -> str:
    """元 → 万元 for the counts line, to the whole 万元."""
    return format_count((Decimal(amount or 0) / 10_000).quantize(Decimal(1)))


def _page_number(raw: str | None, pages: int) -> int:
    number = int(raw) if raw and raw.isdigit() else 1
    return min(max(number, 1), max(pages, 1))


def board(user, round_, query) -> dict:
    """What the board page shows for these filters (colour, department, sort, page)."""
    colour = query.get("colour", "")
    department = query.get("department", "")
    order = "amount" if query.get("sort") == "amount" else "colour"
    rows = Light.objects.filter(_in_scope(user, round_), round_id=round_.pk)
    if department.isdigit():
        rows = rows.filter(department_id=int(department))
    by_colour = {c["colour"]: c for c in rows.values("colour").annotate(count=Count("id"), amount=Sum("amount")).order_by()}
    counts = [
        {"colour": c, "label": COLOUR_LABELS[c], "count": by_colour.get(c, {}).get("count", 0),
         "amount": _wan(by_colour.get(c, {}).get("amount"))}
        for c in COLOURS
    ]
    if colour in COLOUR_LABELS:
        rows = rows.filter(colour=colour)
        total = by_colour.get(colour, {}).get("count", 0)
    else:
        total = sum(c["count"] for c in counts)
    # Plain "-amount", as the indexes are: a subject without a budget (no amount) sorts last on SQLite, first on
    # PostgreSQL; NULLS LAST would need an index SQLite cannot make.
    # One colour has one severity: by amount alone is the same order, and the colour's index gives it.
    by_amount = order == "amount" or colour in COLOUR_LABELS
    rows = rows.order_by("-amount", "id") if by_amount else rows.order_by("severity", "-amount", "id")
    pages = (total + BOARD_PAGE - 1) // BOARD_PAGE
    number = _page_number(query.get("page"), pages)
    # The page's ids first, from the index alone (a far page skips thousands of rows without joining them), then
    # those 50 rows with their unit's names.
    ids = list(rows.values_list("id", flat=True)[(number - 1) * BOARD_PAGE : number * BOARD_PAGE])
    found = {row["id"]: row for row in Light.objects.filter(id__in=ids).values(*ROW_FIELDS)}
    page = [found[i] for i in ids]
    for row in page:
        row["amount_wan"] = None if row["amount"] is None else row["amount"] / 10_000
        row["state_label"] = STATE_LABELS.get(row["report__state"], "")
    chosen = {"colour": colour, "department": department, "sort": order}
    return {"rows": page, "counts": counts, "total": total, "number": number, "pages": pages, "chosen": chosen,
            "query": urlencode({k: v for k, v in chosen.items() if v})}


def _unfilled(user, round_):
    reports = round_.reports.filter(access.report_scope(user)).filter(~Exists(Light.objects.filter(report_id=OuterRef("pk"))))
    return list(reports.values("pk", "unit__name")[:UNFILLED_SHOWN]), reports.count()


@login_required
def monitoring_round(request, pk):
    round_ = get_object_or_404(MonitoringRound, pk=pk)
    require(access.can_view_round(request.user, round_))
    shown = board(request.user, round_, request.GET)
    unfilled, unfilled_count = _unfilled(request.user, round_)
    return render(request, "monitoring/round.html", {
        "round": round_, **shown, "unfilled": unfilled, "unfilled_count": unfilled_count,
        "departments": _departments(request.user, round_), "colours": [(c, COLOUR_LABELS[c]) for c in ("red", "yellow", "blue", "green")],
        "has_previous": shown["number"] > 1, "has_next": shown["number"] < shown["pages"],
    })
