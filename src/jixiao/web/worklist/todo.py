"""What waits for one person, soonest due first: units to fill or fix, submissions to review, 汇总表 received."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership
from jixiao.web.rounds.models import DepartmentReport, Submission


@dataclass(frozen=True)
class Item:
    what: str  # 填报 / 修改退回的填报 / 审核 / 查看报送的汇总表
    title: str
    url: str
    due: date | None
    round_title: str

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < date.today()


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.title))


def items_for(user) -> list[Item]:
    from jixiao.web.overview.hooks import due_dates

    out: list[Item] = []
    fillers = access.orgs_with_role(user, Membership.FILLER)
    own = Submission.objects.filter(unit_id__in=fillers, round__is_open=True, state__in=Submission.EDITABLE).select_related("round", "unit")
    extended: dict[int, dict[int, date]] = {}
    for s in own:
        due = extended.setdefault(s.round_id, due_dates(s.round)).get(s.pk, s.round.submit_deadline)
        what = "修改退回的填报" if s.state == Submission.RETURNED else "填报"
        out.append(Item(what, s.unit.name, f"/submissions/{s.pk}/", due, s.round.title))
    reviewing = access.orgs_with_role(user, Membership.REVIEWER)
    waiting = Submission.objects.filter(unit__parent_id__in=reviewing, round__is_open=True, state=Submission.SUBMITTED).select_related("round", "unit")
    for s in waiting.defer("facts", "explanations", "round__framework_text"):
        out.append(Item("审核", s.unit.name, f"/submissions/{s.pk}/review/", s.round.review_deadline, s.round.title))
    regions = access.orgs_with_role(user, Membership.FINANCE)
    reports = DepartmentReport.objects.filter(round__region_id__in=regions, round__is_open=True, state=DepartmentReport.REPORTED).select_related("round", "department")
    for r in reports:
        out.append(Item("查看报送的汇总表", r.department.name, f"/rounds/{r.round_id}/departments/{r.department_id}/", r.round.review_deadline, r.round.title))
    return _sorted(out)
