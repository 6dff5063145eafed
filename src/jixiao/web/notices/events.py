"""Notices made as things happen, from the history log every state change already writes (rounds.services.log):
returned → the unit's fillers; submitted → the 主管部门's reviewers; a 汇总表 reported → the region's 财政局."""
from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from jixiao.web.orgs.models import Membership
from jixiao.web.rounds.models import HistoryEntry


def _people(organisation_id: int, role: str) -> list[int]:
    return list(Membership.objects.filter(organisation_id=organisation_id, role=role, user__is_active=True).values_list("user_id", flat=True))


def notices_for(entry: HistoryEntry) -> list[tuple[int, str, str, str]]:
    """(user id, kind, text, url) for one history entry."""
    from jixiao.web.notices.models import Notice

    if entry.action != HistoryEntry.TRANSITION:
        return []
    if entry.field == "状态" and entry.submission_id is not None:
        submission = entry.submission
        unit = submission.unit
        if entry.new == "已退回":
            text = f"{unit.name}的填报（{submission.round.title}）已被退回：{entry.comment}"
            return [(u, Notice.RETURNED, text, f"/submissions/{submission.pk}/") for u in _people(unit.id, Membership.FILLER)]
        if entry.new == "已提交" and unit.parent_id:
            text = f"{unit.name}已提交填报（{submission.round.title}），待您审核"
            return [(u, Notice.SUBMITTED, text, f"/submissions/{submission.pk}/review/") for u in _people(unit.parent_id, Membership.REVIEWER)]
    if entry.field == "汇总表" and entry.new == "已报送" and entry.round_id and entry.organisation_id:
        round_ = entry.round
        text = f"{entry.organisation.name}已报送汇总表（{round_.title}）"
        return [(u, Notice.REPORTED, text, f"/rounds/{round_.pk}/departments/{entry.organisation_id}/") for u in _people(round_.region_id, Membership.FINANCE)]
    return []


@receiver(post_save, sender=HistoryEntry)
def _on_history(sender, instance: HistoryEntry, created: bool, **kwargs):
    if not created:
        return
    from jixiao.web.notices.models import Notice

    made = [Notice(user_id=u, kind=kind, key=f"h{instance.pk}", text=text, url=url) for u, kind, text, url in notices_for(instance)]
    if made:
        Notice.objects.bulk_create(made, ignore_conflicts=True)
