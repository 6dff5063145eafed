"""A round's submissions as overview entries (jixiao.overview.stats.Entry), within what a person may see.

A fixed number of queries whatever the round's size: the 汇总表's briefs (scores from the kept summaries),
the versions, the findings kept with each summary and the 报送 of each 主管部门.
"""
from __future__ import annotations

import json
from datetime import date

from django.db.models.fields.json import KT

from jixiao.checks import default_checks
from jixiao.overview.finding_names import SCORING_FINDINGS
from jixiao.overview.stats import APPROVED, DRAFT, NOT_STARTED, REPORTED, RETURNED, SUBMITTED, Entry, Overview
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


def scope(user, round_: Round):
    """The round's submissions the overview counts for this person: the region, or the 主管部门's units."""
    submissions = round_.submissions.all()
    if access.is_finance_of(user, round_):
        return submissions
    return submissions.filter(unit__parent__in=access.orgs_with_role(user, Membership.REVIEWER))


def previous_round(round_: Round) -> Round | None:
    """Last year's round of the same region (the latest opened, if there were several)."""
    return Round.objects.filter(region_id=round_.region_id, year=round_.year - 1).order_by("-id").first()


def _findings(submissions) -> dict[int, tuple[str, ...] | None]:
    found = {}
    rows = ScoreSummary.objects.filter(submission_id__in=submissions.order_by().values("id")).values_list("submission_id", KT("data__findings"))
    for sid, text in rows:
        found[sid] = None if text in (None, "null") else tuple(json.loads(text))
    return found


def _refresh_findings(submissions, missing: list[int], round_: Round) -> dict[int, tuple[str, ...]]:
    """Summaries kept before findings were kept with them: scored again once, and kept."""
    framework = round_framework(round_)
    out = {}
    for sid, facts in Submission.objects.filter(pk__in=missing).values_list("pk", "facts"):
        data = summaries.computed(facts, framework)
        ScoreSummary.objects.filter(submission_id=sid).update(data=data)
        out[sid] = tuple(data["findings"])
    return out


def finding_titles() -> dict[str, str]:
    return {**SCORING_FINDINGS, **{check.code: check.title for check in default_checks().checks()}}


def entries(round_: Round, submissions, today: date | None = None, due: dict[int, date] | None = None) -> list[Entry]:
    """Each submission as an Entry; due maps a submission to its own (extended) due date, else the round's."""
    today = today or date.today()
    due = due or {}
    briefs = summaries.briefs(submissions)
    versions = dict(submissions.order_by().values_list("id", "version"))
    findings = _findings(submissions)
    missing = [pk for pk, codes in findings.items() if codes is None]
    if missing:
        findings.update(_refresh_findings(submissions, missing, round_))
    reported = set(DepartmentReport.objects.filter(round=round_, state=DepartmentReport.REPORTED).values_list("department__name", flat=True))
    out = []
    for brief in briefs:
        progress = PROGRESS_OF[brief.state]
        if progress == DRAFT and versions.get(brief.pk) == 1 and brief.budget is None:
            progress = NOT_STARTED  # never saved and no amounts: nobody has begun
        elif progress == APPROVED and brief.department in reported:
            progress = REPORTED
        deadline = due.get(brief.pk, round_.submit_deadline)
        late = brief.state in Submission.EDITABLE and deadline is not None and deadline < today
        score = brief.total if brief.final else None
        out.append(Entry(brief.unit, brief.department, progress, score, brief.summary_reviewed, late, findings.get(brief.pk) or ()))
    return out


def overview(round_: Round, submissions, today: date | None = None, due: dict[int, date] | None = None) -> Overview:
    framework = round_framework(round_)
    return Overview(tuple(entries(round_, submissions, today, due)), framework.grades, finding_titles())


def for_person(user, round_: Round) -> tuple[Overview, Overview | None, Round | None]:
    """This year's overview and last year's, over the same 主管部门 for a 主管部门's reviewer."""
    from jixiao.web.overview import hooks

    now = overview(round_, scope(user, round_), due=hooks.due_dates(round_))
    last_round = previous_round(round_)
    if last_round is None:
        return now, None, None
    last = last_round.submissions.all()
    if not access.is_finance_of(user, round_):
        last = last.filter(unit__parent__in=access.orgs_with_role(user, Membership.REVIEWER))
    return now, overview(last_round, last, due=hooks.due_dates(last_round)), last_round
