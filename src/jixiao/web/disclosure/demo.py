"""Demo publication of a reviewed round: all its approved units, with their PDFs, on the public pages."""
from __future__ import annotations

from jixiao.render.documents import find_converter
from jixiao.web.orgs.models import Membership
from jixiao.web.rounds.models import Round, Submission
from jixiao.web.disclosure import services
from jixiao.web.disclosure.models import Publication


def seed_demo(round_: Round) -> Publication | None:
    from django.contrib.auth import get_user_model

    if round_.publications.exists():
        return round_.publications.first()
    finance = get_user_model().objects.filter(memberships__organisation=round_.region, memberships__role=Membership.FINANCE).first()
    approved = list(round_.submissions.filter(state=Submission.APPROVED).values_list("pk", flat=True))
    if not approved:
        return None
    # made at once, whatever JIXIAO_PUBLISH_INLINE says; without LibreOffice on this machine: without the PDFs rather than not at all
    return services.publish(round_, finance, place=f"{round_.region.name}门户网站·财政预决算公开专栏", units=approved, pdf=find_converter() is not None,
                            inline=len(approved))
