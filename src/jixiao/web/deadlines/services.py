"""Due dates per unit: the round's 填报截止日期 unless the 财政局 extended it; submitting after it is refused."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from jixiao.web.deadlines.models import Extension
from jixiao.web.rounds.models import HistoryEntry, Round, Submission


class Refused(Exception):
    def __init__(self, reason: str):
        self.reasons = [reason]
        super().__init__(reason)


def due_dates(round_: Round) -> dict[int, date]:
    """submission id → its latest extension's date (one query for the whole round)."""
    out: dict[int, date] = {}
    for sid, due in Extension.objects.filter(submission__round=round_).order_by("at", "id").values_list("submission_id", "due"):
        out[sid] = due
    return out


def due_date(submission: Submission) -> date | None:
    latest = submission.extensions.order_by("-at", "-id").first()
    return latest.due if latest is not None else submission.round.submit_deadline


def check_open(submission: Submission, today: date | None = None) -> None:
    """Raise Refused when the unit's due date has passed (the day itself still counts)."""
    due = due_date(submission)
    today = today or date.today()
    if due is not None and due < today:
        raise Refused(f"已过填报截止日期（{due:%Y-%m-%d}），不能提交；如需延期，请联系财政局")


def extend(submission: Submission, user, due: date, reason: str, today: date | None = None) -> Extension:
    reason = reason.strip()
    if not reason:
        raise Refused("延期须写明理由")
    if due < (today or date.today()):
        raise Refused("延长后的截止日期不能早于今天")
    with transaction.atomic():
        old = due_date(submission)
        extension = Extension.objects.create(submission=submission, due=due, reason=reason, by=user)
        # written here, not through rounds.services.log: rounds.services imports this module to check due dates
        HistoryEntry.objects.create(user=user, action=HistoryEntry.TRANSITION, submission=submission, round=submission.round, organisation=submission.unit, version=submission.version, field="填报截止日期", old="" if old is None else f"{old:%Y-%m-%d}", new=f"{due:%Y-%m-%d}", comment=reason)
    return extension
