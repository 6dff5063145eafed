"""A submission's current state put together: framework, scored facts, review scores and totals.

Everything here is computed from the stored raw facts through jixiao.review on each request.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.framework import Framework
from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds import scoring
from jixiao.web.rounds.models import ReviewScore, Round, Submission


def round_framework(round_: Round) -> Framework:
    return scoring.framework_for(round_.framework_id, bytes(round_.framework_text or b""), round_.framework_filename)


@dataclass
class State:
    submission: Submission
    framework: Framework
    scored: scoring.Scored
    reviews: dict[str, ReviewScore]  # 主管部门 复核得分 by row path
    finance_reviews: dict[str, ReviewScore]  # 财政局 抽查

    @property
    def evaluation(self):
        return self.scored.evaluation

    def _total(self, overrides: dict[str, ReviewScore]) -> Decimal | None:
        if self.evaluation is None:
            return None
        return scoring.reviewed_total(self.framework, self.evaluation, {path: r.score for path, r in overrides.items()})

    @property
    def review_total(self) -> Decimal | None:
        """主管部门 复核分数: its 复核得分 where given, else the computed row score."""
        return self._total(self.reviews)

    @property
    def finance_total(self) -> Decimal | None:
        """财政局 抽查 复核分数: its own scores over the 主管部门's."""
        return self._total({**self.reviews, **self.finance_reviews}) if self.finance_reviews else None

    @property
    def summary_reviewed(self) -> Decimal | None:
        """The 汇总表's 主管部门复核分数: the department's stage only; a 财政局 抽查 is its own column (finance_total)."""
        if self.reviews or self.submission.state == Submission.APPROVED:
            return self.review_total
        return None


def state_of(submission: Submission) -> State:
    framework = round_framework(submission.round)
    reviews: dict[str, dict[str, ReviewScore]] = {ReviewScore.DEPARTMENT: {}, ReviewScore.FINANCE: {}}
    for review in submission.review_scores.all():
        reviews[review.stage][review.path] = review
    return State(submission, framework, scoring.score(submission.facts, framework), reviews[ReviewScore.DEPARTMENT], reviews[ReviewScore.FINANCE])


def summary_order(submissions) -> list[Submission]:
    """As the published 汇总表: by 主管部门, its 本级 first, then its 所属单位."""
    return sorted(submissions, key=lambda s: (s.unit.parent.name if s.unit.parent else "", not s.unit.own_level, s.unit.name))


def department_submissions(round_: Round, department: Organisation):
    # Units looked up by parent first: filtering on the joined unit's parent made SQLite walk the round's 5,000 submissions.
    units = Organisation.objects.filter(parent=department).values("id")
    return round_.submissions.filter(unit__in=units).select_related("unit", "unit__parent", "round")
