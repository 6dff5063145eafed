"""The daily reminder (`jixiao remind`): due in 3 days and overdue notices for units not yet submitted and for 整改
items still waiting for the unit's measures, then every notice not yet mailed is mailed once (when mail is on).
Run it as often as you like: nothing is doubled."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from jixiao.web.notices.models import Notice
from jixiao.web.orgs.models import Membership
from jixiao.web.rounds.models import Round, Submission

SOON_DAYS = 3


@dataclass
class Report:
    made: int = 0
    mailed: int = 0


def _fillers() -> dict[int, list[int]]:
    """Each unit's active fillers (the people a unit's notices go to)."""
    fillers: dict[int, list[int]] = {}
    for user_id, org_id in Membership.objects.filter(role=Membership.FILLER, user__is_active=True).values_list("user_id", "organisation_id"):
        fillers.setdefault(org_id, []).append(user_id)
    return fillers


def rectification_notices(today: date, fillers: dict[int, list[int]]) -> list[Notice]:
    """整改 items the unit still has to act on (待整改, or 退回重新整改) whose 整改期限 is within 3 days or past:
    one notice per person, item and deadline for each of the two (a changed deadline is a new occasion)."""
    from jixiao.web.rectification.models import Item

    out = []
    waiting = Item.objects.filter(state__in=Item.UNIT_EDITABLE, deadline__lte=today + timedelta(days=SOON_DAYS))
    for pk, deadline, problem, unit_id, unit_name in waiting.values_list("pk", "deadline", "problem", "submission__unit_id", "submission__unit__name"):
        brief = problem if len(problem) <= 30 else problem[:30] + "…"
        if deadline < today:
            kind, text = Notice.RECTIFY_OVERDUE, f"{unit_name}的整改事项“{brief}”已过整改期限 {deadline:%Y-%m-%d}，尚未报送整改情况"
        else:
            kind, text = Notice.RECTIFY_SOON, f"{unit_name}的整改事项“{brief}”将于 {deadline:%Y-%m-%d} 到期，尚未报送整改情况"
        for user_id in fillers.get(unit_id, ()):
            out.append(Notice(user_id=user_id, kind=kind, key=f"{kind}:{pk}:{deadline:%Y%m%d}", text=text, url=f"/rectification/items/{pk}/"))
    return out


def due_notices(today: date, fillers: dict[int, list[int]] | None = None) -> list[Notice]:
    from jixiao.web.overview.hooks import due_dates

    fillers = _fillers() if fillers is None else fillers
    out = []
    for round_ in Round.objects.filter(is_open=True):
        extended = due_dates(round_)
        for pk, unit_id, unit_name in round_.submissions.filter(state__in=Submission.EDITABLE).values_list("pk", "unit_id", "unit__name"):
            due = extended.get(pk, round_.submit_deadline)
            if due is None:
                continue
            if due < today:
                kind, text = Notice.OVERDUE, f"{unit_name}的填报（{round_.title}）已过填报截止日期 {due:%Y-%m-%d}，尚未提交"
            elif due <= today + timedelta(days=SOON_DAYS):
                kind, text = Notice.DUE_SOON, f"{unit_name}的填报（{round_.title}）将于 {due:%Y-%m-%d} 截止，尚未提交"
            else:
                continue
            for user_id in fillers.get(unit_id, ()):
                out.append(Notice(user_id=user_id, kind=kind, key=f"{kind}:{pk}:{due:%Y%m%d}", text=text, url=f"/submissions/{pk}/"))
    return out


def run(today: date | None = None, mail=None) -> Report:
    """mail(to, subject, body) sends one message (None: mail is off, notices stay in-app only)."""
    report = Report()
    today = today or timezone.localdate()
    fillers = _fillers()
    made = due_notices(today, fillers) + rectification_notices(today, fillers)
    if made:
        before = Notice.objects.count()
        Notice.objects.bulk_create(made, ignore_conflicts=True)
        report.made = Notice.objects.count() - before
    if mail is None:
        return report
    for notice in Notice.objects.filter(mailed__isnull=True).exclude(user__email="").select_related("user").order_by("id"):
        mail(notice.user.email, f"jixiao 绩效：{notice.get_kind_display()}", f"{notice.user.first_name or notice.user.username}：\n\n{notice.text}\n\n{notice.url}\n")
        Notice.objects.filter(pk=notice.pk).update(mailed=timezone.now())
        report.mailed += 1
    return report
