"""The daily reminder (`jixiao remind`): due in 3 days and overdue notices for units not yet submitted, then
every notice not yet mailed is mailed once (when mail is on). Run it as often as you like: nothing is doubled."""
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


def due_notices(today: date) -> list[Notice]:
    from jixiao.web.overview.hooks import due_dates

    fillers: dict[int, list[int]] = {}
    for user_id, org_id in Membership.objects.filter(role=Membership.FILLER, user__is_active=True).values_list("user_id", "organisation_id"):
        fillers.setdefault(org_id, []).append(user_id)
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
    made = due_notices(today or timezone.localdate())
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
