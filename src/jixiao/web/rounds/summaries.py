"""What the lists and 汇总表 show of many submissions at once, from a cache kept per submission version.

Scoring one submission takes milliseconds; a region's 汇总表 of 5,000 units would take a minute if
every row were re-scored on every request. The computed part (total, budget, spent, each row's score)
is kept in ScoreSummary with the version it came from and rebuilt when either the submission or the
scoring code changed; review scores are read fresh and applied with the framework's rounding, exactly
as State.summary_reviewed does for one submission.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.db.models.fields.json import KT

from jixiao import __version__
from jixiao.model.framework import Framework
from jixiao.render.summary_xlsx import SummaryLine
from jixiao.web.rounds import scoring
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import ReviewScore, Round, ScoreSummary, Submission

ENGINE = f"jixiao-{__version__}"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def computed(facts: dict, framework: Framework) -> dict:
    return from_evaluation(scoring.score(facts, framework).evaluation)


def from_evaluation(evaluation) -> dict:
    if evaluation is None:
        return {"total": None, "budget": None, "spent": None, "rows": {}, "findings": []}
    values = evaluation.values
    budget, spent = values.get("调整后预算"), values.get("实际支出")
    return {
        "total": _text(evaluation.total),
        "budget": _text(None if budget is None else budget.value),
        "spent": _text(None if spent is None else spent.value),
        "rows": {"/".join(row.path): _text(row.score) for row in evaluation.rows},
        # Check codes found, once each: the round overview's most frequent findings (jixiao.web.overview).
        "findings": sorted({finding.code for finding in evaluation.findings}),
    }


STATE_LABELS = dict(Submission.STATES)


@dataclass(frozen=True)
class Brief:
    """One submission as a list row: its unit, state, 自评分数 and the 汇总表's 复核分数 (None where there is none).

    Plain values, not model instances: a region's list has 5,000 of them."""

    pk: int
    unit: str
    own_level: bool
    department: str  # the unit's 主管部门
    state: str
    total: Decimal | None
    summary_reviewed: Decimal | None  # 主管部门复核分数: the department's own 复核得分 only, as it reported them
    budget: Decimal | None
    spent: Decimal | None
    finance_checked: Decimal | None = None  # 财政局抽查分数: its 抽查 scores over the department's, where it gave any
    grade: str | None = None  # of the last stage's score (抽查, else 复核, else 自评)

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def final(self) -> bool:
        """A draft's (草稿, 已退回) 自评分数 is still being filled in: not shown in the 汇总表 as if final."""
        return self.state not in Submission.EDITABLE

    def summary_line(self) -> SummaryLine:
        score = (self.total if self.total is not None else Decimal(0)) if self.final else None
        grade = self.grade if self.final or self.summary_reviewed is not None or self.finance_checked is not None else None
        return SummaryLine(self.unit, self.budget, self.spent, score, self.summary_reviewed, self.state_label,
                           department=self.department, spot_checked=self.finance_checked, grade=grade)


def _reviewed(framework: Framework, rows: dict, overrides: dict[str, Decimal]) -> Decimal:
    return sum((framework.rounding.apply(overrides.get(path, Decimal(score))) for path, score in rows.items()), Decimal(0))


# What a list row needs of a submission, in this order (values_list), and the 汇总表's order of them.
LISTED = ("id", "version", "state", "round_id", "unit__name", "unit__own_level", "unit__parent__name")


def _listed(submissions) -> list[tuple]:
    """(id, version, state, round id, unit, 本级?, 主管部门) of each, as the published 汇总表 orders them:
    by 主管部门, its 本级 first, then its 所属单位 (context.summary_order)."""
    if hasattr(submissions, "values_list"):
        rows = list(submissions.order_by().values_list(*LISTED))
    else:
        rows = [(s.pk, s.version, s.state, s.round_id, s.unit.name, s.unit.own_level, s.unit.parent.name if s.unit.parent else None) for s in submissions]
    return sorted(rows, key=lambda r: (r[6] or "", not r[5], r[4]))


def _matching(model, submissions, ids: list[int]):
    """model's rows for these submissions: by subquery for a queryset (no 5,000 parameters), else by id."""
    if hasattr(submissions, "values"):
        return model.objects.filter(submission_id__in=submissions.order_by().values("id"))
    return model.objects.filter(submission_id__in=ids)


def _summaries(submissions, ids: list[int]) -> dict[int, tuple]:
    """submission id → (version, engine, data) of its kept summary; data's row scores are read only where a 复核分数
    needs them (review scores given, or approved), so a region's 5,000 summaries are not all decoded."""
    amounts = (KT("data__total"), KT("data__budget"), KT("data__spent"))
    found = {
        sid: (version, engine, {"total": _kept(total), "budget": _kept(budget), "spent": _kept(spent), "rows": None})
        for sid, version, engine, total, budget, spent in _matching(ScoreSummary, submissions, ids).values_list("submission_id", "version", "engine", *amounts)
    }
    reviewed = _matching(ScoreSummary, submissions, ids).filter(Q(submission__state=Submission.APPROVED) | Q(submission__review_scores__isnull=False)).distinct()
    for sid, data in reviewed.values_list("submission_id", "data"):
        found[sid][2]["rows"] = data["rows"]
    return found


def _kept(text: str | None) -> str | None:
    """An amount as read out of the JSON: SQLite gives a JSON null as the text 'null', PostgreSQL as NULL."""
    return None if text in (None, "null") else text


def briefs(submissions) -> list[Brief]:
    """Each submission (a queryset, or loaded instances with unit and unit's parent) in 汇总表 order, its cache
    refreshed where stale. A fixed number of queries whatever the number of units."""
    listed = _listed(submissions)
    ids = [row[0] for row in listed]
    cached = _summaries(submissions, ids) if ids else {}
    rounds = Round.objects.in_bulk({row[3] for row in listed})
    frameworks: dict[int, Framework] = {pk: round_framework(round_) for pk, round_ in rounds.items()}
    stale = [row for row in listed if (entry := cached.get(row[0])) is None or entry[0] != row[1] or entry[1] != ENGINE]
    fresh: list[ScoreSummary] = []
    for start in range(0, len(stale), 500):
        batch = stale[start:start + 500]
        # Facts are read only where the cache is stale.
        facts = dict(Submission.objects.filter(pk__in=[row[0] for row in batch]).values_list("pk", "facts"))
        for sid, version, _state, round_id, *_unit in batch:
            entry = ScoreSummary(submission_id=sid, version=version, engine=ENGINE, data=computed(facts[sid], frameworks[round_id]))
            cached[sid] = (version, ENGINE, entry.data)
            fresh.append(entry)
    if fresh:
        ScoreSummary.objects.bulk_create(fresh, batch_size=500, update_conflicts=True, unique_fields=["submission"], update_fields=["version", "engine", "data"])
    reviews: dict[int, dict[str, dict[str, Decimal]]] = {}
    if ids:
        for sid, stage, path, value in _matching(ReviewScore, submissions, ids).values_list("submission_id", "stage", "path", "score"):
            reviews.setdefault(sid, {ReviewScore.DEPARTMENT: {}, ReviewScore.FINANCE: {}})[stage][path] = value
    # Reviewed or approved between the queries above (another person's click): their row scores, read now.
    late = [row[0] for row in listed if (row[0] in reviews or row[2] == Submission.APPROVED) and cached[row[0]][2]["rows"] is None]
    for sid, data in ScoreSummary.objects.filter(submission_id__in=late).values_list("submission_id", "data") if late else ():
        cached[sid][2]["rows"] = data["rows"]
    out = []
    for sid, _version, state, round_id, unit, own_level, department in listed:
        data = cached[sid][2]
        stages = reviews.get(sid)
        framework = frameworks[round_id]
        reviewed = checked = None
        if data["total"] is not None and (stages or state == Submission.APPROVED):
            department_scores, finance = (stages[ReviewScore.DEPARTMENT], stages[ReviewScore.FINANCE]) if stages else ({}, {})
            # Each stage kept apart: a 财政局 抽查 never replaces what the 主管部门 reported.
            if department_scores or state == Submission.APPROVED:
                reviewed = _reviewed(framework, data["rows"], department_scores)
            if finance:
                checked = _reviewed(framework, data["rows"], {**department_scores, **finance})
        total = _number(data["total"])
        last = next((score for score in (checked, reviewed, total) if score is not None), None)
        grade = None if last is None else framework.grade_for(last)
        out.append(Brief(sid, unit, own_level, department or "", state, total, reviewed, _number(data["budget"]), _number(data["spent"]), checked, grade))
    return out


def summary_lines(submissions) -> list[SummaryLine]:
    return [brief.summary_line() for brief in briefs(submissions)]


def remember(submission: Submission, evaluation) -> None:
    """Keep the summary of a version just scored for its page, so the next 汇总表 need not score it again."""
    ScoreSummary.objects.update_or_create(submission_id=submission.pk, defaults={"version": submission.version, "engine": ENGINE, "data": from_evaluation(evaluation)})
