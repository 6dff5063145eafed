"""Who may see and do what in monitoring: as for submissions (a unit its own; a 主管部门 its units; a 财政局 its region)."""
from __future__ import annotations

from django.db.models import Q

from jixiao.web.orgs.access import orgs_with_role
from jixiao.web.orgs.models import Membership


def report_scope(user) -> Q:
    return (
        Q(unit__in=orgs_with_role(user, Membership.FILLER))
        | Q(unit__parent__in=orgs_with_role(user, Membership.REVIEWER))
        | Q(round__region__in=orgs_with_role(user, Membership.FINANCE))
    )


def can_fill(user, report) -> bool:
    return report.unit_id in orgs_with_role(user, Membership.FILLER)


def can_review(user, report) -> bool:
    return report.unit.parent_id in orgs_with_role(user, Membership.REVIEWER)


def is_finance(user, round_) -> bool:
    return round_.region_id in orgs_with_role(user, Membership.FINANCE)


def can_view(user, report) -> bool:
    return can_fill(user, report) or can_review(user, report) or is_finance(user, report.round)


def can_dispose(user, report) -> bool:
    return can_review(user, report) or is_finance(user, report.round)


def can_view_round(user, round_) -> bool:
    return is_finance(user, round_) or round_.reports.filter(report_scope(user)).exists()
