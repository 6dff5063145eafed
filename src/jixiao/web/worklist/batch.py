"""Approve or return several submissions with one comment: each one still checked on its own (scope, state, 报送)."""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.web.orgs import access
from jixiao.web.rounds import services
from jixiao.web.rounds.models import Submission

APPROVE, RETURN = "approve", "return"
LIMIT = 500  # one request; a region reviews in pages


@dataclass(frozen=True)
class Outcome:
    unit: str
    done: bool
    reason: str = ""


def run(user, round_, ids: list[int], action: str, comment: str) -> list[Outcome]:
    """Each chosen submission approved or returned through services (its own transaction and history entry)."""
    if action not in (APPROVE, RETURN):
        raise services.Refused("请选择“批量审核通过”或“批量退回”")
    if action == RETURN and not comment.strip():
        raise services.Refused("退回须写明意见")
    if not ids:
        raise services.Refused("请先勾选单位")
    if len(ids) > LIMIT:
        raise services.Refused(f"一次最多 {LIMIT} 个单位")
    chosen = Submission.objects.filter(round=round_, pk__in=ids).select_related("round", "unit", "unit__parent").order_by("unit__name")
    out = []
    for submission in chosen:
        if not access.can_review(user, submission):
            out.append(Outcome(submission.unit.name, False, "不是本部门所属单位，无权审核"))
            continue
        try:
            if action == APPROVE:
                services.approve(submission, user, comment)
            else:
                services.return_submission(submission, user, comment)
            out.append(Outcome(submission.unit.name, True))
        except services.Refused as refused:
            out.append(Outcome(submission.unit.name, False, "；".join(refused.reasons)))
    return out
