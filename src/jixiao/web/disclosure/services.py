"""Publishing a reviewed round (or chosen units) as a frozen snapshot, withdrawing it, and reading it back.

Every document is made before anything is written; then one transaction records the publication, so a
refusal or a failed PDF leaves nothing half-published.
"""
from __future__ import annotations

import io
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jixiao.disclosure.opendata import PublicationRecord, PublishedFileRecord, UnitRecord
from jixiao.render.documents import CONVERT_SECONDS, find_converter
from jixiao.render.summary_xlsx import build_summary
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import HistoryEntry, Round, Submission
from jixiao.web.rounds.services import Refused, log
from jixiao.web.rounds.summaries import Brief, briefs
from jixiao.web.rounds.views_files import DOCUMENTS, XLSX, document_bytes
from jixiao.web.disclosure.models import Publication, PublishedFile, PublishedUnit

MAX_REASON = 300


def _text(value) -> str:
    return "" if value is None else format(value, "f")


@dataclass
class _Made:
    brief: Brief
    withheld: str | None  # the reason, or None when published
    files: list[tuple[str, str, str, bytes]]  # (kind, filename, content type, content)


def publish(round_: Round, user, *, place: str, units: list[int] | None = None, withheld: dict[int, str] | None = None, pdf: bool = True) -> Publication:
    """Publish the round's approved units (all, or the submission ids given). Refused, with the list, when any chosen
    unit is not approved; a withheld unit needs its reason. pdf=False leaves out the 自评报告 PDF (tests, no LibreOffice)."""
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
    by_pk = {s.pk: s for s in chosen}
    framework = round_framework(round_)
    made: list[_Made] = []
    for brief in briefs(chosen):
        submission = by_pk[brief.pk]
        if brief.pk in withheld:
            made.append(_Made(brief, withheld[brief.pk].strip()[:MAX_REASON], []))
            continue
        prefix = f"{round_.year}-{brief.unit}"
        files = []
        for which, kind in (("scoresheet", PublishedFile.SCORESHEET),) + ((("docx", PublishedFile.REPORT_PDF),) if pdf else ()):
            content = document_bytes(submission, which)
            if content is None:
                raise Refused(f"{brief.unit}：未能生成{DOCUMENTS[which][0]}（数据未能评分），未公开任何内容")
            files.append((kind, f"{prefix}-{DOCUMENTS['pdf' if which == 'docx' else which][0]}", DOCUMENTS["pdf" if which == "docx" else which][1], content))
        made.append(_Made(brief, None, files))
    if pdf:
        _to_pdf(made)
    published = [m.brief.summary_line() for m in made if m.withheld is None]
    summary = None
    if published:
        buffer = io.BytesIO()
        build_summary(published, f"{round_.region.name} {round_.year} 年度部门整体支出绩效自评汇总表（公开）").save(buffer)
        summary = buffer.getvalue()
    with transaction.atomic():
        publication = Publication.objects.create(round=round_, region=round_.region.name, year=round_.year, title=round_.title, place=place[:300],
                                                 published_at=timezone.now(), by=user)
        for item in made:
            brief = item.brief
            # the last stage's score: the 财政局's 抽查 where there is one, else the 主管部门's 复核, else the 自评
            final = next((s for s in (brief.finance_checked, brief.summary_reviewed, brief.total) if s is not None), None)
            unit = PublishedUnit.objects.create(
                publication=publication, submission_id=brief.pk, department=brief.department, unit=brief.unit,
                withheld=item.withheld is not None, withheld_reason=item.withheld or "",
                **({} if item.withheld is not None else {
                    "budget": _text(brief.budget), "spent": _text(brief.spent), "self_score": _text(brief.total),
                    "reviewed_score": _text(brief.summary_reviewed), "final_score": _text(final), "grade": framework.grade_for(final),
                }),
            )
            for kind, filename, content_type, content in item.files:
                PublishedFile.objects.create(publication=publication, unit=unit, kind=kind, filename=filename, content_type=content_type,
                                             sha256=store.store(content), size=len(content))
        if summary is not None:
            PublishedFile.objects.create(publication=publication, kind=PublishedFile.SUMMARY, filename=f"{round_.year}-{round_.region.name}-汇总表.xlsx",
                                         content_type=XLSX, sha256=store.store(summary), size=len(summary))
        counts = f"{sum(m.withheld is None for m in made)} 个单位公开，{sum(m.withheld is not None for m in made)} 个不予公开"
        log(user, HistoryEntry.TRANSITION, round_=round_, organisation=round_.region, field="公开", new=f"第 {publication.pk} 号公开：{counts}；{place}")
    return publication


def _to_pdf(made: list[_Made]) -> None:
    """Every 自评报告.docx converted in one LibreOffice run (starting it costs seconds; a round has thousands)."""
    reports = [(m, i) for m in made for i, f in enumerate(m.files) if f[0] == PublishedFile.REPORT_PDF]
    if not reports:
        return
    converter = find_converter()
    if converter is None:
        raise Refused("未安装 PDF 转换程序（LibreOffice），不能生成自评报告 PDF，未公开任何内容")
    with tempfile.TemporaryDirectory(prefix="jixiao-publish-") as scratch:
        folder = Path(scratch)
        names = []
        for number, (item, index) in enumerate(reports):
            path = folder / f"{number}.docx"
            path.write_bytes(item.files[index][3])
            names.append(str(path))
        command = [converter, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *names]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS + 10 * len(names), check=False, env={**os.environ, "HOME": scratch})
        except subprocess.TimeoutExpired:
            raise Refused("PDF 转换超时，未公开任何内容") from None
        for number, (item, index) in enumerate(reports):
            made_pdf = folder / "pdf" / f"{number}.pdf"
            if not made_pdf.is_file() or made_pdf.stat().st_size == 0:
                raise Refused(f"{item.brief.unit}：LibreOffice 未能生成自评报告 PDF，未公开任何内容")
            kind, filename, content_type, _docx = item.files[index]
            item.files[index] = (kind, filename, content_type, made_pdf.read_bytes())


def withdraw(publication: Publication, user, reason: str) -> Publication:
    reason = reason.strip()
    if not reason:
        raise Refused("撤回须写明理由")
    with transaction.atomic():
        fresh = Publication.objects.select_for_update().get(pk=publication.pk)
        if not fresh.live:
            raise Refused("该公开已撤回")
        fresh.withdrawn_at, fresh.withdrawn_reason, fresh.withdrawn_by = timezone.now(), reason[:2000], user
        fresh.save()
        log(user, HistoryEntry.TRANSITION, round_=fresh.round, organisation=fresh.round.region, field="公开", old=f"第 {fresh.pk} 号公开", new="已撤回", comment=reason)
    return fresh


def publication_record(publication: Publication) -> PublicationRecord:
    return PublicationRecord(
        publication.pk, publication.region, publication.year, publication.title, publication.published_at.isoformat(timespec="seconds"),
        publication.place, publication.withdrawn_at.isoformat(timespec="seconds") if publication.withdrawn_at else None,
        publication.withdrawn_reason, reverse("public_publication", args=[publication.pk]),
    )


def unit_records(publication: Publication, units=None) -> list[UnitRecord]:
    """Every unit of the publication as open-data records, in two queries whatever their number."""
    units = list(units if units is not None else publication.units.all())
    files: dict[int, list[PublishedFileRecord]] = {}
    for unit_id, kind, filename, sha256, size, pk in PublishedFile.objects.filter(publication=publication, unit__isnull=False).values_list(
            "unit_id", "kind", "filename", "sha256", "size", "pk"):
        files.setdefault(unit_id, []).append(PublishedFileRecord(kind, filename, sha256, size, f"/public/files/{pk}/"))
    return [
        UnitRecord(u.department, u.unit, u.budget or None, u.spent or None, u.self_score or None, u.reviewed_score or None, u.final_score or None,
                   u.grade, u.withheld, u.withheld_reason, "" if u.withheld else f"/public/{publication.pk}/units/{u.pk}/", tuple(files.get(u.pk, ())))
        for u in units
    ]


def last_publication(submission: Submission) -> tuple[Publication, PublishedUnit] | None:
    """The latest live publication of this unit's previous year: its date and place are facts the 公开 rows can use."""
    unit = PublishedUnit.objects.filter(
        submission__unit=submission.unit, publication__year__lt=submission.round.year, publication__withdrawn_at__isnull=True, withheld=False,
    ).select_related("publication").order_by("-publication__year", "-publication__published_at").first()
    return None if unit is None else (unit.publication, unit)
