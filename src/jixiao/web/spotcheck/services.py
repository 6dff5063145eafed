"""Drawing a 抽查 sample and assigning submissions to third-party evaluators, each with its history entry."""
from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import transaction

from jixiao.overview.sampling import SampleRefused, draw
from jixiao.web.rounds import summaries
from jixiao.web.rounds.models import HistoryEntry, Round, Submission
from jixiao.web.spotcheck.models import Assignment, Evaluator, SampleDraw

WAN = Decimal(10_000)
DRAWABLE = (Submission.SUBMITTED, Submission.APPROVED)


def population(round_: Round, amount_min: Decimal | None, amount_max: Decimal | None) -> list[str]:
    """Submitted or approved units whose 调整后预算 (in 万元) lies within the range, by name."""
    out = []
    for brief in summaries.briefs(round_.submissions.filter(state__in=DRAWABLE)):
        budget = None if brief.budget is None else brief.budget / WAN
        if amount_min is not None and (budget is None or budget < amount_min):
            continue
        if amount_max is not None and (budget is None or budget > amount_max):
            continue
        out.append(brief.unit)
    return sorted(out)


def draw_sample(round_: Round, user, *, amount_min=None, amount_max=None, ratio=None, count=None, seed: int | None = None) -> SampleDraw:
    from jixiao.web.rounds.services import log

    if amount_min is not None and amount_max is not None and amount_min > amount_max:
        raise SampleRefused("预算数下限大于上限")
    seed = secrets.randbelow(10**9) if seed is None else seed
    units = population(round_, amount_min, amount_max)
    if not units:
        raise SampleRefused("没有符合条件的单位（只从已提交、已审核的填报中抽取）")
    chosen = draw(units, seed, ratio=ratio, count=count)
    with transaction.atomic():
        record = SampleDraw.objects.create(round=round_, by=user, seed=seed, amount_min=amount_min, amount_max=amount_max, ratio=ratio, count=count, population=units, chosen=chosen)
        log(user, HistoryEntry.REVIEW, round_=round_, organisation=round_.region, field="抽查抽取", new=f"种子 {seed}，{len(units)} 个中抽取 {len(chosen)} 个", comment="、".join(chosen))
    return record


class AssignRefused(ValueError):
    pass


def assign(evaluator: Evaluator, submissions, user) -> list[Assignment]:
    """Assign submissions of the evaluator's own region; anything outside it refuses the whole assignment."""
    from jixiao.web.rounds.services import log

    submissions = list(submissions)
    outside = [s.unit.name for s in submissions if s.round.region_id != evaluator.region_id]
    if outside:
        raise AssignRefused(f"以下单位不属于{evaluator.region.name}，不能委托给{evaluator.agency}：{'、'.join(outside)}")
    made = []
    with transaction.atomic():
        for submission in submissions:
            assignment, created = Assignment.objects.get_or_create(evaluator=evaluator, submission=submission, defaults={"by": user})
            if created:
                log(user, HistoryEntry.REVIEW, submission=submission, field="委托第三方评价", new=evaluator.agency)
            made.append(assignment)
    return made
