"""A round's submissions as overview entries (jixiao.overview.stats.Entry), within what a person may see.

A fixed number of queries whatever the round's size: the 汇总表's briefs (scores from the kept summaries),
the versions, the findings kept with each summary and the 报送 of each 主管部门.
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db.models import CharField, Count, Max, Sum
from django.db.models.functions import Cast
from django.db.models.fields.json import KeyTextTransform

from jixiao.checks import default_checks
from jixiao.overview.finding_names import SCORING_FINDINGS
from jixiao.review import cycle_collector_paused
from jixiao.overview.stats import APPROVED, DRAFT, NOT_STARTED, REPORTED, RETURNED, SUBMITTED, Entry, Overview, ranked_refs
from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership
from jixiao.web.rounds import summaries
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import DepartmentReport, Round, ScoreSummary, Submission

PROGRESS_OF = {Submission.DRAFT: DRAFT, Submission.SUBMITTED: SUBMITTED, Submission.RETURNED: RETURNED, Submission.APPROVED: APPROVED}


def can_see(user, round_: Round) -> bool:
    """The 财政局 of the round's region, or a 主管部门 with units in it."""
    if access.is_finance_of(user, round_):
        return True
    departments = access.orgs_with_role(user, Membership.REVIEWER)
    return bool(departments) and round_.submissions.filter(unit__parent__in=departments).exists()


def scope_departments(user, round_: Round) -> tuple[int, ...] | None:
    """None for the region's 财政局 (every unit), else the 主管部门 whose units this person reviews."""
    if access.is_finance_of(user, round_):
        return None
    return tuple(sorted(access.orgs_with_role(user, Membership.REVIEWER)))


def scoped(round_: Round, departments: tuple[int, ...] | None):
    submissions = round_.submissions.all()
    return submissions if departments is None else submissions.filter(unit__parent__in=departments)


def scope(user, round_: Round):
    """The round's submissions the overview counts for this person: the region, or the 主管部门's units."""
    return scoped(round_, scope_departments(user, round_))


def previous_round(round_: Round) -> Round | None:
    """Last year's round of the same region (the latest opened, if there were several)."""
    return Round.objects.filter(region_id=round_.region_id, year=round_.year - 1).order_by("-id").first()


def _refresh_findings(missing: list[int], round_: Round) -> None:
    """Summaries kept before findings were kept with them: scored again once, and kept."""
    framework = round_framework(round_)
    for sid, facts in Submission.objects.filter(pk__in=missing).values_list("pk", "facts"):
        ScoreSummary.objects.filter(submission_id=sid).update(data=summaries.computed(facts, framework))


def finding_titles() -> dict[str, str]:
    return {**SCORING_FINDINGS, **{check.code: check.title for check in default_checks().checks()}}


# One row per submission without its summary's JSON; the total, budget and findings of each kept summary are read
# from the JSON once per summary version (SummaryFigures): after one unit saved, the round costs one light pass.
LIGHT = ("pk", "version", "state", "unit__name", "unit__own_level", "unit__parent__name", "score_summary__version", "score_summary__engine", "changed")


def _light(submissions):
    # The time of change as text: only compared, and 5,000 datetimes converted per pass cost more than the rest.
    return submissions.order_by().annotate(changed=Cast("updated", CharField()))
HEAVY_IN_ONE_PASS = 500  # more summaries to read than this: one pass over the scope instead of a list of ids


class SummaryFigures:
    """(submission, summary version, engine, submission's last change) → (total, budget, findings) as kept: a summary
    is computed from one version's facts, so these never change for that key (a new version, engine or change is a new
    key) and keeping them is only a cache. Summaries kept before findings were are not kept."""

    def __init__(self, limit: int = 200_000):
        self.limit, self.known = limit, {}

    def read(self, submissions, rows: list[tuple]) -> dict[int, tuple]:
        """rows: LIGHT tuples of these submissions → each (without its time of change) with (total, budget, findings)."""
        wanted = [r for r in rows if (r[0], r[6], r[7], r[8]) not in self.known]
        fresh = {}
        if wanted:
            source = submissions if len(wanted) > HEAVY_IN_ONE_PASS else submissions.filter(pk__in=[r[0] for r in wanted])
            keys = {name: KeyTextTransform(name, "score_summary__data") for name in ("total", "budget", "findings")}
            if len(self.known) + len(wanted) > self.limit:
                self.known.clear()
            read = _light(source).annotate(**keys).values_list("pk", "score_summary__version", "score_summary__engine", "changed", *keys)
            for pk, version, engine, updated, total, budget, found in read:
                fresh[pk] = (_kept(total), _kept(budget), None if _kept(found) is None else json.loads(found))
                if version is not None and fresh[pk][2] is not None:  # no summary yet, or one without findings: read again
                    self.known[(pk, version, engine, updated)] = fresh[pk]
        return {r[0]: (*r[:8], *(fresh.get(r[0]) or self.known.get((r[0], r[6], r[7], r[8]), (None, None, None)))) for r in rows}


FIGURES = SummaryFigures()  # per process, like the kept overviews below


def _rows(submissions) -> dict[int, tuple]:
    """submission id → (id, version, state, unit, 本级?, 主管部门, summary version, engine, total, budget, findings);
    total and budget as kept (text), findings a list (None: kept before findings were)."""
    return FIGURES.read(submissions, list(_light(submissions).values_list(*LIGHT)))


def _kept(text):
    """A value as read out of the JSON: SQLite gives a JSON null as the text 'null', PostgreSQL as NULL."""
    return None if text in (None, "null") else text


def entries(round_: Round, submissions, today: date | None = None, due: dict[int, date] | None = None) -> list[Entry]:
    """Each submission as an Entry; due maps a submission to its own (extended) due date, else the round's.

    Summaries missing or stale are brought up to date first (summaries.briefs); 复核分数 are left to
    reviewed_for, which only the ranked few need."""
    today = today or date.today()
    due = due or {}
    rows = _rows(submissions)
    stale = [r[0] for r in rows.values() if r[6] is None or r[6] != r[1] or r[7] != summaries.ENGINE]
    if stale:
        summaries.briefs(Submission.objects.filter(pk__in=stale).select_related("unit", "unit__parent", "round"))
    missing = [r[0] for r in rows.values() if r[0] not in stale and r[10] is None]
    if missing:
        _refresh_findings(missing, round_)
    if stale or missing:  # read again only those just scored (one unit saved: one row, not the round)
        rows.update(_rows(submissions.filter(pk__in=stale + missing)))
    reported = set(DepartmentReport.objects.filter(round=round_, state=DepartmentReport.REPORTED).values_list("department__name", flat=True))
    out = []
    for pk, version, state, unit, _own, department, _v, _e, total, budget, found in sorted(rows.values(), key=lambda r: (r[5] or "", not r[4], r[3])):
        progress = PROGRESS_OF[state]
        if progress == DRAFT and version == 1 and budget is None:
            progress = NOT_STARTED  # never saved and no amounts: nobody has begun
        elif progress == APPROVED and department in reported:
            progress = REPORTED
        deadline = due.get(pk, round_.submit_deadline)
        late = state in Submission.EDITABLE and deadline is not None and deadline < today
        total = None if total is None else Decimal(total)
        score = total if state not in Submission.EDITABLE else None
        codes = tuple(found) if found is not None else ()
        out.append(Entry(unit, department or "", progress, score, None, late, codes, pk, total))
    return out


def reviewed_for(overview: Overview) -> dict[int, Decimal | None]:
    """The 复核分数 of the ranked units (前十 / 后十), read fresh: the only ones the tables show it for."""
    wanted = ranked_refs(overview)
    if not wanted:
        return {}
    return {b.pk: b.summary_reviewed for b in summaries.briefs(Submission.objects.filter(pk__in=wanted).select_related("unit", "unit__parent", "round"))}


def overview(round_: Round, submissions, today: date | None = None, due: dict[int, date] | None = None) -> Overview:
    framework = round_framework(round_)
    return Overview(tuple(entries(round_, submissions, today, due)), framework.grades, finding_titles())


def fingerprint(submissions, round_: Round) -> tuple:
    """What the entries depend on, in two small aggregate queries: how many units in each state with the latest change
    among them, and the 报送 of the 主管部门. Equal fingerprints give equal entries (summaries follow versions)."""
    states = submissions.order_by().values("state").annotate(n=Count("id"), v=Sum("version"), at=Max("updated"))
    reports = tuple(DepartmentReport.objects.filter(round=round_).order_by("department_id").values_list("department_id", "state", "at"))
    return tuple(sorted(states.values_list("state", "n", "v", "at"))), reports, round_.submit_deadline


@lru_cache(maxsize=16)
def _cached(round_id: int, departments: tuple[int, ...] | None, key: tuple, today: date, due: tuple) -> Overview:
    """The overview of one scope of a round for one fingerprint (key): a 5,000-unit round is read once and served
    again (its computed figures kept with it) until something in it changes; each app server keeps its own few."""
    round_ = Round.objects.get(pk=round_id)
    # Kept, and made of ~5,000 entries without cycles: a full collection started while they are made would walk the
    # process's kept overviews and summaries for nothing (a third of the requests after a save took twice as long).
    with cycle_collector_paused(kept=True):
        return overview(round_, scoped(round_, departments), today, dict(due))


def scoped_overview(round_: Round, departments: tuple[int, ...] | None, today: date | None = None) -> Overview:
    from jixiao.web.overview import hooks

    today = today or date.today()
    submissions = scoped(round_, departments)
    key = fingerprint(submissions, round_)
    due = tuple(sorted(hooks.due_dates(round_).items()))
    return _cached(round_.pk, departments, key, today, due)


def for_person(user, round_: Round) -> tuple[Overview, Overview | None, Round | None]:
    """This year's overview and last year's, over the same 主管部门 for a 主管部门's reviewer."""
    departments = scope_departments(user, round_)
    now = scoped_overview(round_, departments)
    last_round = previous_round(round_)
    if last_round is None:
        return now, None, None
    return now, scoped_overview(last_round, departments), last_round
