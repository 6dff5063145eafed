"""Requesting the publication of a reviewed round (or chosen units), withdrawing it, and reading it back.

The request is checked whole and recorded in one transaction (排队中): the units chosen, their figures copied.
Its documents are made by the job (jixiao.web.disclosure.building, `jixiao publish`); a small request is made
at once, in the same web request (JIXIAO_PUBLISH_INLINE units at most).
"""
from __future__ import annotations

import os

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jixiao.disclosure.opendata import PublicationRecord, PublishedFileRecord, UnitRecord
from jixiao.web.rounds.models import HistoryEntry, Round, Submission
from jixiao.web.rounds.services import Refused, log
from jixiao.web.rounds.summaries import briefs
from jixiao.web.disclosure.figures import unit_figures
from jixiao.web.disclosure.models import Publication, PublishedFile, PublishedUnit

MAX_REASON = 300
INLINE = 10  # units whose documents are made within the web request (a few seconds); more go to the job


def inline_limit() -> int:
    text = os.environ.get("JIXIAO_PUBLISH_INLINE", "").strip()
    return int(text) if text.isdigit() else INLINE


def request_publication(round_: Round, user, *, place: str, units: list[int] | None = None, withheld: dict[int, str] | None = None,
                        pdf: bool = True) -> Publication:
    """Record a publication of the round's approved units (all, or the submission ids given), 排队中. Refused, with
    the list, when any chosen unit is not approved; a withheld unit needs its reason. pdf=False leaves out the
    自评报告 PDF (tests, no LibreOffice)."""
    withheld = withheld or {}
    place = place.strip()
    if not place:
        raise Refused("请填写公开渠道（如 某市人民政府门户网站·预决算公开专栏）")
    chosen = round_.submissions.select_related("unit", "unit__parent", "round")
    if units is not None:
        chosen = chosen.filter(pk__in=units)
    chosen = list(chosen)
    if not chosen:
        raise Refused("没有选择要公开的单位")
    pending = [f"{s.unit.name}（{s.get_state_display()}）" for s in chosen if s.state != Submission.APPROVED]
    if pending:
        raise Refused([f"以下单位尚未审核通过，不能公开：{'、'.join(pending)}"])
    missing = [s.unit.name for s in chosen if s.pk in withheld and not withheld[s.pk].strip()]
    if missing:
        raise Refused([f"不予公开须写明理由：{'、'.join(missing)}"])
    versions = {s.pk: s.version for s in chosen}
    with transaction.atomic():
        publication = Publication.objects.create(round=round_, region=round_.region.name, year=round_.year, title=round_.title, place=place[:300],
                                                 by=user, pdf=pdf, total=sum(1 for s in chosen if s.pk not in withheld))
        PublishedUnit.objects.bulk_create([
            PublishedUnit(publication=publication, submission_id=brief.pk, department=brief.department, unit=brief.unit, version=versions[brief.pk],
                          withheld=brief.pk in withheld, withheld_reason=withheld.get(brief.pk, "").strip()[:MAX_REASON], built=brief.pk in withheld,
                          **({} if brief.pk in withheld else unit_figures(brief, round_)))
            for brief in briefs(chosen)
        ], batch_size=500)
        counts = f"{publication.total} 个单位公开，{len(chosen) - publication.total} 个不予公开"
        log(user, HistoryEntry.TRANSITION, round_=round_, organisation=round_.region, field="公开", new=f"申请第 {publication.pk} 号公开：{counts}；{place}")
    return publication


def publish(round_: Round, user, *, place: str, units: list[int] | None = None, withheld: dict[int, str] | None = None, pdf: bool = True,
            inline: int | None = None) -> Publication:
    """Request the publication and, when it has at most `inline` units to make (JIXIAO_PUBLISH_INLINE), make it now."""
    from jixiao.web.disclosure import building

    publication = request_publication(round_, user, place=place, units=units, withheld=withheld, pdf=pdf)
    if publication.total <= (inline_limit() if inline is None else inline):
        publication = building.build(publication)
    return publication


def withdraw(publication: Publication, user, reason: str) -> Publication:
    reason = reason.strip()
    if not reason:
        raise Refused("撤回须写明理由")
    with transaction.atomic():
        fresh = Publication.objects.select_for_update().get(pk=publication.pk)
        if not fresh.live:
            raise Refused("该公开已撤回")
        fresh.withdrawn_at, fresh.withdrawn_reason, fresh.withdrawn_by = timezone.now(), reason[:2000], user
        fresh.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by"])  # not the job's progress, which it may be writing
        log(user, HistoryEntry.TRANSITION, round_=fresh.round, organisation=fresh.round.region, field="公开", old=f"第 {fresh.pk} 号公开", new="已撤回", comment=reason)
    return fresh


def publication_record(publication: Publication) -> PublicationRecord:
    return PublicationRecord(
        publication.pk, publication.region, publication.year, publication.title, publication.published_at.isoformat(timespec="seconds"),
        publication.place, publication.withdrawn_at.isoformat(timespec="seconds") if publication.withdrawn_at else None,
        publication.withdrawn_reason, reverse("public_publication", args=[publication.pk]),
    )


def unit_records(publication: Publication) -> list[UnitRecord]:
    """Every unit of the publication as open-data records, in two queries of plain rows whatever their number."""
    files: dict[int, list[PublishedFileRecord]] = {}
    for unit_id, kind, filename, sha256, size, pk in PublishedFile.objects.filter(publication=publication, unit__isnull=False).values_list(
            "unit_id", "kind", "filename", "sha256", "size", "pk"):
        files.setdefault(unit_id, []).append(PublishedFileRecord(kind, filename, sha256, size, f"/public/files/{pk}/"))
    rows = publication.units.order_by("department", "unit", "id").values_list(
        "pk", "department", "unit", "budget", "spent", "self_score", "reviewed_score", "final_score", "grade", "withheld", "withheld_reason")
    return [
        UnitRecord(department, unit, budget or None, spent or None, self_score or None, reviewed or None, final or None, grade, withheld, reason,
                   "" if withheld else f"/public/{publication.pk}/units/{pk}/", tuple(files.get(pk, ())))
        for pk, department, unit, budget, spent, self_score, reviewed, final, grade, withheld, reason in rows
    ]


def last_publication(submission: Submission) -> tuple[Publication, PublishedUnit] | None:
    """The latest live publication of this unit's previous year: its date and place are facts the 公开 rows can use."""
    unit = PublishedUnit.objects.filter(
        submission__unit=submission.unit, publication__year__lt=submission.round.year, publication__withdrawn_at__isnull=True, withheld=False,
        publication__state=Publication.PUBLISHED,
    ).select_related("publication").order_by("-publication__year", "-publication__published_at").first()
    return None if unit is None else (unit.publication, unit)
