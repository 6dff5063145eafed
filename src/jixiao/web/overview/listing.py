"""Find and sort a round's submissions in the database: name or code, 主管部门, state, score, grade, finding, lateness.

The filters and the order run on the kept score summaries (ScoreSummary) so a page of 50 out of 5,000 costs a
count, one page of ids and the 50 briefs; stale summaries are brought up to date first (summaries.briefs).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from jixiao.web.rounds import summaries
from jixiao.web.rounds.models import Submission

STATE_ORDER = {Submission.DRAFT: 0, Submission.RETURNED: 1, Submission.SUBMITTED: 2, Submission.APPROVED: 3}
SORTS = {
    "unit": ("unit__name",), "-unit": ("-unit__name",),
    "department": ("unit__parent__name", "-unit__own_level", "unit__name"), "-department": ("-unit__parent__name", "unit__name"),
    "state": ("state_order", "unit__name"), "-state": ("-state_order", "unit__name"),
    "score": (F("score").asc(nulls_first=True), "unit__name"), "-score": (F("score").desc(nulls_last=True), "unit__name"),
    "findings": ("finding_count", "unit__name"), "-findings": ("-finding_count", "unit__name"),
}
DEFAULT_SORT = "department"
PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    q: str = ""
    department: int | None = None
    state: str = ""
    grade: str = ""
    finding: str = ""
    late: bool = False
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, query) -> "Filters":
        def number(name):
            try:
                return Decimal(query.get(name, "").strip()) if query.get(name, "").strip() else None
            except ArithmeticError:
                return None

        def integer(name):
            text = query.get(name, "").strip()
            return int(text) if text.isdigit() else None

        sort = query.get("sort", DEFAULT_SORT)
        return cls(
            q=query.get("q", "").strip()[:100], department=integer("department"), state=query.get("state", "").strip(),
            grade=query.get("grade", "").strip(), finding=query.get("finding", "").strip()[:80], late=query.get("late") == "1",
            score_min=number("score_min"), score_max=number("score_max"), sort=sort if sort in SORTS else DEFAULT_SORT,
        )


def refresh_stale(submissions) -> None:
    """Score summaries that are missing or older than the submission: scored again before the database sorts on them."""
    # One LEFT JOIN on the summary's key, no subquery over the round.
    stale = submissions.order_by().filter(Q(score_summary__isnull=True) | ~Q(score_summary__version=F("version")) | ~Q(score_summary__engine=summaries.ENGINE))
    if stale.exists():
        summaries.briefs(stale.select_related("unit", "unit__parent"))


def _late_q(deadline: date | None, extended: dict[int, date], today: date) -> Q:
    """Not yet submitted and past the due date: the round's, or the unit's extension."""
    editable = Q(state__in=Submission.EDITABLE)
    if deadline is None or deadline >= today:
        still_late = [pk for pk, due in extended.items() if due < today]
        return editable & Q(pk__in=still_late)
    kept_open = [pk for pk, due in extended.items() if due >= today]
    return editable & ~Q(pk__in=kept_open)


def search(submissions, filters: Filters, grades: tuple, deadline: date | None, extended: dict[int, date], today: date | None = None):
    """The submissions matching the filters, in the order asked (a queryset of ids and sort keys)."""
    today = today or date.today()
    score = Cast(KeyTextTransform("total", "score_summary__data"), FloatField())
    found = KeyTextTransform("findings", "score_summary__data")
    qs = submissions.annotate(score=score, findings_text=found)
    if filters.q:
        qs = qs.filter(Q(unit__name__icontains=filters.q) | Q(unit__unit_code__code__icontains=filters.q))
    if filters.department:
        qs = qs.filter(unit__parent_id=filters.department)
    if filters.state in STATE_ORDER:
        qs = qs.filter(state=filters.state)
    if filters.late:
        qs = qs.filter(_late_q(deadline, extended, today))
    bands = {grade: (minimum, grades[index - 1][1] if index else None) for index, (grade, minimum) in enumerate(grades)}
    if filters.grade in bands:
        low, high = bands[filters.grade]
        qs = qs.filter(score__gte=float(low), state__in=(Submission.SUBMITTED, Submission.APPROVED))
        if high is not None:
            qs = qs.filter(score__lt=float(high))
    if filters.score_min is not None:
        qs = qs.filter(score__gte=float(filters.score_min))
    if filters.score_max is not None:
        qs = qs.filter(score__lte=float(filters.score_max))
    if filters.finding:
        qs = qs.filter(findings_text__contains=f'"{filters.finding}"')
    if filters.sort in ("state", "-state"):
        qs = qs.annotate(state_order=Case(*(When(state=s, then=Value(n)) for s, n in STATE_ORDER.items()), output_field=IntegerField()))
    if filters.sort in ("findings", "-findings"):
        # A finding code is one quoted word in the kept list: the count of quotes / 2.
        from django.db.models.functions import Length, Replace

        qs = qs.annotate(finding_count=(Length("findings_text") - Length(Replace("findings_text", Value('"'), Value("")))) / 2)
    return qs.order_by(*SORTS[filters.sort])


def page_briefs(ids: list[int], submissions) -> list:
    """The briefs of one page's submissions, in the page's order."""
    by_id = {b.pk: b for b in summaries.briefs(submissions.filter(pk__in=ids).select_related("unit", "unit__parent", "round"))}
    return [by_id[pk] for pk in ids if pk in by_id]


# --- the same, over the overview's kept entries (财政局 and 主管部门: no database scan per page) --------------

PROGRESS_FOR_STATE = {
    Submission.DRAFT: ("not_started", "draft"), Submission.SUBMITTED: ("submitted",),
    Submission.RETURNED: ("returned",), Submission.APPROVED: ("approved", "reported"),
}
PROGRESS_RANK = {"not_started": 0, "draft": 0, "returned": 1, "submitted": 2, "approved": 3, "reported": 3}
FINAL_PROGRESS = ("submitted", "approved", "reported")


def search_entries(entries, filters: Filters, grades: tuple, department_name: str | None, coded: set[str] = frozenset()) -> list:
    """The entries (in 汇总表 order) that match, in the order asked; the same rules as search() above.
    coded: the units whose 单位代码 contains the text searched for (looked up fresh: codes are not kept)."""
    found = list(entries)
    if filters.q:
        needle = filters.q.lower()
        found = [e for e in found if needle in e.unit.lower() or e.unit in coded]
    if filters.department:
        found = [e for e in found if e.department == department_name]
    if filters.state in PROGRESS_FOR_STATE:
        wanted = PROGRESS_FOR_STATE[filters.state]
        found = [e for e in found if e.progress in wanted]
    if filters.late:
        found = [e for e in found if e.late]
    bands = {grade: (minimum, grades[index - 1][1] if index else None) for index, (grade, minimum) in enumerate(grades)}
    if filters.grade in bands:
        low, high = bands[filters.grade]
        found = [e for e in found if e.progress in FINAL_PROGRESS and e.total is not None and e.total >= low and (high is None or e.total < high)]
    if filters.score_min is not None:
        found = [e for e in found if e.total is not None and e.total >= filters.score_min]
    if filters.score_max is not None:
        found = [e for e in found if e.total is not None and e.total <= filters.score_max]
    if filters.finding:
        found = [e for e in found if filters.finding in e.findings]
    sort, reverse = filters.sort.lstrip("-"), filters.sort.startswith("-")
    sign = -1 if reverse else 1  # one sort on (key, unit): ties by name ascending either way, as the database orders them
    if sort == "unit":
        return sorted(found, key=lambda e: e.unit, reverse=reverse)
    if sort == "department":
        return sorted(found, key=lambda e: e.department, reverse=True) if reverse else found
    if sort == "state":
        return sorted(found, key=lambda e: (sign * PROGRESS_RANK[e.progress], e.unit))
    if sort == "score":
        # By name, then by score (a stable sort keeps the names' order among equal scores; no Decimal made per key).
        scored = sorted(sorted((e for e in found if e.total is not None), key=lambda e: e.unit), key=lambda e: e.total, reverse=reverse)
        unscored = sorted((e for e in found if e.total is None), key=lambda e: e.unit)
        return scored + unscored if reverse else unscored + scored
    if sort == "findings":
        return sorted(found, key=lambda e: (sign * len(e.findings), e.unit))
    return found
