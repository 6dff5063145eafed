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

from jixiao import __version__
from jixiao.model.framework import Framework
from jixiao.render.summary_xlsx import SummaryLine
from jixiao.web.rounds import scoring
from jixiao.web.rounds.context import round_framework, summary_order
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
        return {"total": None, "budget": None, "spent": None, "rows": {}}
    values = evaluation.values
    budget, spent = values.get("调整后预算"), values.get("实际支出")
    return {
        "total": _text(evaluation.total),
        "budget": _text(None if budget is None else budget.value),
        "spent": _text(None if spent is None else spent.value),
        "rows": {"/".join(row.path): _text(row.score) for row in evaluation.rows},
    }


@dataclass(frozen=True)
class Brief:
    """One submission as a list row: 自评分数 and the 汇总表's 复核分数 (None where there is none)."""

    submission: Submission
    total: Decimal | None
    summary_reviewed: Decimal | None
    budget: Decimal | None
    spent: Decimal | None

    @property
    def final(self) -> bool:
        """A draft's (草稿, 已退回) 自评分数 is still being filled in: not shown in the 汇总表 as if final."""
        return self.submission.state not in Submission.EDITABLE

    def summary_line(self) -> SummaryLine:
        score = (self.total if self.total is not None else Decimal(0)) if self.final else None
        return SummaryLine(self.submission.unit.name, self.budget, self.spent, score, self.summary_reviewed, self.submission.get_state_display())


def _reviewed(framework: Framework, rows: dict, overrides: dict[str, Decimal]) -> Decimal:
    return sum((framework.rounding.apply(overrides.get(path, Decimal(score))) for path, score in rows.items()), Decimal(0))


def briefs(submissions) -> list[Brief]:
    """Each submission (round, unit and unit's parent loaded) in 汇总表 order, its cache refreshed where stale."""
    if hasattr(submissions, "defer"):
        # Facts are read below only where the cache is stale; the round's framework file once per round.
        submissions = submissions.select_related(None).select_related("unit", "unit__parent").only(
            "id", "version", "state", "round_id", "unit_id", "unit__name", "unit__own_level", "unit__parent_id", "unit__parent__name",
        )
    ordered = summary_order(submissions)
    ids = [s.pk for s in ordered]
    cached = {c.submission_id: c for c in ScoreSummary.objects.filter(submission_id__in=ids)} if ids else {}
    rounds = Round.objects.in_bulk({s.round_id for s in ordered})
    frameworks: dict[int, Framework] = {pk: round_framework(round_) for pk, round_ in rounds.items()}
    stale = [s for s in ordered if (entry := cached.get(s.pk)) is None or entry.version != s.version or entry.engine != ENGINE]
    fresh: list[ScoreSummary] = []
    for start in range(0, len(stale), 500):
        batch = stale[start:start + 500]
        facts = dict(Submission.objects.filter(pk__in=[s.pk for s in batch]).values_list("pk", "facts"))
        for submission in batch:
            entry = ScoreSummary(submission_id=submission.pk, version=submission.version, engine=ENGINE, data=computed(facts[submission.pk], frameworks[submission.round_id]))
            cached[submission.pk] = entry
            fresh.append(entry)
    if fresh:
        ScoreSummary.objects.bulk_create(fresh, batch_size=500, update_conflicts=True, unique_fields=["submission"], update_fields=["version", "engine", "data"])
    reviews: dict[int, dict[str, dict[str, Decimal]]] = {}
    for sid, stage, path, value in ReviewScore.objects.filter(submission_id__in=ids).values_list("submission_id", "stage", "path", "score"):
        reviews.setdefault(sid, {ReviewScore.DEPARTMENT: {}, ReviewScore.FINANCE: {}})[stage][path] = value
    out = []
    for submission in ordered:
        data = cached[submission.pk].data
        framework = frameworks[submission.round_id]
        stages = reviews.get(submission.pk, {ReviewScore.DEPARTMENT: {}, ReviewScore.FINANCE: {}})
        department, finance = stages[ReviewScore.DEPARTMENT], stages[ReviewScore.FINANCE]
        reviewed = None
        if data["total"] is not None:
            if finance:
                reviewed = _reviewed(framework, data["rows"], {**department, **finance})
            elif department or submission.state == Submission.APPROVED:
                reviewed = _reviewed(framework, data["rows"], department)
        out.append(Brief(submission, _number(data["total"]), reviewed, _number(data["budget"]), _number(data["spent"])))
    return out


def summary_lines(submissions) -> list[SummaryLine]:
    return [brief.summary_line() for brief in briefs(submissions)]


def remember(submission: Submission, evaluation) -> None:
    """Keep the summary of a version just scored for its page, so the next 汇总表 need not score it again."""
    ScoreSummary.objects.update_or_create(submission_id=submission.pk, defaults={"version": submission.version, "engine": ENGINE, "data": from_evaluation(evaluation)})
