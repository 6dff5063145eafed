"""Demo 整改 items for a reviewed round: each 抽查 finding raised, one item reported and accepted, one overdue."""
from __future__ import annotations

from datetime import date, timedelta

from jixiao.web.orgs.models import Membership
from jixiao.web.rounds.models import Round, Submission
from jixiao.web.rectification import services
from jixiao.web.rectification.models import Item


def seed_demo(round_: Round) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    finance = users.filter(memberships__organisation=round_.region, memberships__role=Membership.FINANCE).first()
    feedback = date.today() - timedelta(days=75)  # so the 60-day deadline has passed: the 台账 shows what is overdue
    services.save_setting(round_, finance, feedback, 60)
    approved = list(round_.submissions.filter(state=Submission.APPROVED).select_related("unit", "unit__parent", "round").order_by("unit__name"))
    for submission in approved:
        if Item.objects.filter(submission=submission).exists():
            continue
        for candidate in services.candidates(submission):
            if candidate.source == Item.SPOT_CHECK:
                services.raise_item(submission, finance, source=candidate.source, key=candidate.key, problem=candidate.problem,
                                    required="补充效益指标的佐证材料，完善绩效目标的效益指标")
    first = approved[0] if approved else None
    if first is not None and not Item.objects.filter(submission=first).exists():
        reviewer = users.filter(memberships__organisation=first.unit.parent, memberships__role=Membership.REVIEWER).first()
        filler = users.filter(memberships__organisation=first.unit, memberships__role=Membership.FILLER).first()
        item = services.raise_item(first, reviewer, source=Item.MONITORING, key="", problem="部分项目绩效运行监控表未按季度填报",
                                   required="建立季度监控台账，按时填报运行监控表")
        services.record_measures(item, filler, "已建立季度监控台账，补报了第三、四季度监控表", report=True)
        services.close(item, reviewer, True, "已核实，整改到位")
