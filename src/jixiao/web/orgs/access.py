"""Who may see and do what: a unit its own; a 主管部门 its own and its units'; a 财政局 its region."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from jixiao.web.orgs.models import Membership, Organisation


def orgs_with_role(user, role: str) -> list[int]:
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_jixiao_roles", None)
    if cache is None:
        cache = {}
        for membership in Membership.objects.filter(user=user).values("role", "organisation_id"):
            cache.setdefault(membership["role"], []).append(membership["organisation_id"])
        user._jixiao_roles = cache
    return cache.get(role, [])


def submission_scope(user) -> Q:
    """The submissions a person can see, as a filter."""
    return (
        Q(unit__in=orgs_with_role(user, Membership.FILLER))
        | Q(unit__parent__in=orgs_with_role(user, Membership.REVIEWER))
        | Q(round__region__in=orgs_with_role(user, Membership.FINANCE))
    )


def can_fill(user, submission) -> bool:
    return submission.unit_id in orgs_with_role(user, Membership.FILLER)


def can_review(user, submission) -> bool:
    return submission.unit.parent_id in orgs_with_role(user, Membership.REVIEWER)


def can_spot_check(user, submission) -> bool:
    return submission.round.region_id in orgs_with_role(user, Membership.FINANCE)


def can_load_facts(user, submission) -> bool:
    """Replacing a draft's whole facts (upload, API, `jixiao push`): the unit, or its 主管部门 loading
    its units' files in bulk; submitting stays the unit's own act."""
    return can_fill(user, submission) or can_review(user, submission)


def can_view(user, submission) -> bool:
    return can_fill(user, submission) or can_review(user, submission) or can_spot_check(user, submission)


def can_view_department(user, round_, department: Organisation) -> bool:
    return department.id in orgs_with_role(user, Membership.REVIEWER) or (
        department.parent_id == round_.region_id and round_.region_id in orgs_with_role(user, Membership.FINANCE)
    )


def is_finance_of(user, round_) -> bool:
    return round_.region_id in orgs_with_role(user, Membership.FINANCE)


def can_view_round(user, round_) -> bool:
    if is_finance_of(user, round_):
        return True
    return round_.submissions.filter(submission_scope(user)).exists()


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("无权访问")
