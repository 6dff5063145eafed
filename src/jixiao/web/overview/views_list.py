"""The round's unit list found and sorted (批次的单位列表：查找、筛选、排序、分页), also per 主管部门 (its 汇总表)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership, Organisation
from jixiao.web.overview import gather, hooks, listing
from jixiao.web.people.models import UnitCode
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import Round, Submission

STATE_CHOICES = [(key, label) for key, label in Submission.STATES]


def kept_page(request, round_: Round, departments: tuple[int, ...] | None, filters: listing.Filters, grades, today: date):
    """财政局 and 主管部门: the overview's kept entries of this scope, filtered, sorted and paged in memory;
    returns the paginator, the page and {submission id: (问题数, 逾期)} for the page's units."""
    kept = gather.scoped_overview(round_, departments, today)
    department = Organisation.objects.filter(pk=filters.department).values_list("name", flat=True).first() if filters.department else None
    coded = set(UnitCode.objects.filter(code__icontains=filters.q, organisation__submissions__round=round_).values_list("organisation__name", flat=True)) if filters.q else set()
    found = listing.search_entries(kept.entries, filters, grades, department, coded)
    paginator = Paginator(found, listing.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return paginator, page, {e.ref: (len(e.findings), e.late) for e in page.object_list}


def department_found(request, round_: Round, department: Organisation) -> dict:
    """A 主管部门 page's units found, sorted and paged as the unit list is (the department fixed): the template context."""
    filters = replace(listing.Filters.from_query(request.GET), department=None)
    framework = round_framework(round_)
    paginator, page, facts = kept_page(request, round_, (department.pk,), filters, framework.grades, date.today())
    rows = [(brief, *facts[brief.pk]) for brief in listing.page_briefs(list(facts), round_.submissions.filter(unit__parent=department))]
    return {"rows": rows, "page": page, "paginator": paginator, "filters": filters, "one_department": True, **_choices(framework, filters)}


def options(choices, chosen: str):
    """<option>s of (value, label) pairs, the chosen one selected: made here, as a region has 200 主管部门 and
    the template language would look up each option's parts one by one."""
    return format_html_join("", "<option value=\"{}\"{}>{}</option>", ((value, mark_safe(" selected") if str(value) == chosen else "", label) for value, label in choices))


def _choices(framework, filters: listing.Filters) -> dict:
    titles = gather.finding_titles()
    return {"states": STATE_CHOICES, "grades": [g for g, _m in framework.grades],
            "finding_options": options(sorted(titles.items(), key=lambda item: item[1]), filters.finding)}


@login_required
def unit_list(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.can_view_round(request.user, round_))
    # The region's 财政局 sees the whole round: no scope joins over its 5,000 submissions.
    visible = round_.submissions.all() if access.is_finance_of(request.user, round_) else round_.submissions.filter(access.submission_scope(request.user))
    filters = listing.Filters.from_query(request.GET)
    framework = round_framework(round_)
    today = date.today()
    if gather.can_see(request.user, round_):
        paginator, page, facts = kept_page(request, round_, gather.scope_departments(request.user, round_), filters, framework.grades, today)
    else:
        extended = hooks.due_dates(round_)
        listing.refresh_stale(visible)
        found = listing.search(visible, filters, framework.grades, round_.submit_deadline, extended)
        paginator = Paginator(found.values_list("pk", "findings_text", "state"), listing.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        facts = {}
        for pk, text, state in page.object_list:
            due = extended.get(pk, round_.submit_deadline)
            facts[pk] = ((text or "").count('"') // 2, state in Submission.EDITABLE and due is not None and due < today)
    rows = [(brief, *facts[brief.pk]) for brief in listing.page_briefs(list(facts), visible)]
    departments = Organisation.objects.filter(kind=Organisation.DEPARTMENT, id__in=visible.values("unit__parent_id")).order_by("name").values_list("pk", "name")
    return render(request, "overview/units.html", {
        "round": round_, "rows": rows, "page": page, "paginator": paginator, "filters": filters,
        "department_options": options(departments, str(filters.department or "")), **_choices(framework, filters),
        "can_overview": gather.can_see(request.user, round_), "is_finance": access.is_finance_of(request.user, round_),
        "can_batch": bool(access.orgs_with_role(request.user, Membership.REVIEWER)),
    })
