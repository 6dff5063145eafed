"""The publishing job: a requested publication's documents made unit by unit, shown only when all are made.

A region publishes thousands of units; converting every 自评报告 to PDF takes seconds each, far more than one
web request may take. So the request only records the units and their figures (services.request_publication),
and `jixiao publish` (a worker run by cron or systemd, docs/deploy.md) makes the documents here:

- in batches, each batch's reports converted by one LibreOffice run, then its files recorded in one transaction
  with the units marked built: a unit's documents are made once, however often the job is interrupted and run again;
- the publication turns 已公开 (with its 汇总表) in one last transaction once every unit is built: an interrupted
  job leaves a publication no public page shows, and the next run goes on from the first unit not built;
- a unit whose submission changed since the request (returned, edited, re-scored) stops the job: what would be
  published would not be what was approved when the 财政局 asked for it.
"""
from __future__ import annotations

import io
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jixiao.render.documents import PdfUnavailable, convert_all_to_pdf
from jixiao.render.summary_xlsx import build_summary
from jixiao.web.disclosure.figures import unit_figures
from jixiao.web.disclosure.models import Publication, PublishedFile, PublishedUnit
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds.models import HistoryEntry, Submission
from jixiao.web.rounds.services import Refused, log
from jixiao.web.rounds.summaries import briefs
from jixiao.web.rounds.views_files import DOCUMENTS, XLSX, document_bytes

BATCH = 20  # units per LibreOffice run: its start-up is paid once per batch, and a batch is redone at most once
LEASE = timedelta(minutes=10)  # a worker that died leaves the job to the next run after this (renewed per batch)

Progress = Callable[[int, int], None]


class Changed(Refused):
    """The round's data changed since the request: the publication cannot be made as requested (未能生成)."""


def pending(round_id: int | None = None):
    """Publications waiting for the job (排队中, or 生成中 and not held by a live worker), oldest first."""
    waiting = Publication.objects.filter(state__in=(Publication.QUEUED, Publication.BUILDING), withdrawn_at__isnull=True)
    if round_id is not None:
        waiting = waiting.filter(round_id=round_id)
    return waiting.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=timezone.now())).order_by("requested_at", "id")


def build(publication: Publication, progress: Progress | None = None, batch: int = BATCH) -> Publication:
    """Make what is left of the publication's documents and complete it; returns it as it now stands.

    A publication another worker holds is left alone. A missing or failing LibreOffice leaves it 生成中 with the
    reason, to be tried again; a changed unit makes it 未能生成 (Changed). Interrupted (even by Ctrl-C), it keeps
    the units built so far and is let go at once, so the next run takes it up."""
    claimed = Publication.objects.filter(pk=publication.pk).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=timezone.now()), state__in=(Publication.QUEUED, Publication.BUILDING), withdrawn_at__isnull=True,
    ).update(state=Publication.BUILDING, claimed_until=timezone.now() + LEASE, error="")
    if not claimed:
        return Publication.objects.get(pk=publication.pk)
    try:
        _build_units(publication, progress, batch)
        _complete(publication)
    except Changed as changed:
        Publication.objects.filter(pk=publication.pk).update(state=Publication.FAILED, error="；".join(changed.reasons))
    except (Refused, PdfUnavailable) as error:
        text = "；".join(error.reasons) if isinstance(error, Refused) else str(error)
        Publication.objects.filter(pk=publication.pk).update(error=text + "（下次运行时重试）")
    finally:
        Publication.objects.filter(pk=publication.pk).update(claimed_until=None)
    return Publication.objects.get(pk=publication.pk)


def _build_units(publication: Publication, progress: Progress | None, batch: int) -> None:
    todo = list(publication.units.filter(built=False, withheld=False).order_by("id"))
    done = publication.units.filter(built=True, withheld=False).count()
    if progress:
        progress(done, publication.total)
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        made = [(unit, _documents(unit, publication)) for unit in chunk]
        if publication.pdf:
            _to_pdf(made)
        with transaction.atomic():
            for unit, files in made:
                for kind, filename, content_type, content in files:
                    PublishedFile.objects.get_or_create(publication=publication, unit=unit, kind=kind, defaults={
                        "filename": filename, "content_type": content_type, "sha256": store.store(content), "size": len(content)})
            PublishedUnit.objects.filter(pk__in=[unit.pk for unit, _files in made]).update(built=True)
            done += len(made)
            Publication.objects.filter(pk=publication.pk).update(built=done, claimed_until=timezone.now() + LEASE)
        if progress:
            progress(done, publication.total)


def _source(unit: PublishedUnit) -> Submission:
    """The unit's submission, still as it was when publishing was requested."""
    submission = Submission.objects.select_related("unit", "unit__parent", "round").filter(pk=unit.submission_id).first()
    if submission is None or submission.state != Submission.APPROVED or submission.version != unit.version:
        raise Changed(f"{unit.unit}的填报在申请公开之后已退回或修改，未公开任何内容：请重新申请公开")
    return submission


def _documents(unit: PublishedUnit, publication: Publication) -> list[tuple[str, str, str, bytes]]:
    """(kind, filename, content type, content) of the unit's 评分表 and 自评报告 (.docx until converted)."""
    submission = _source(unit)
    prefix = f"{publication.year}-{unit.unit}"
    files = []
    for which, kind in (("scoresheet", PublishedFile.SCORESHEET),) + ((("docx", PublishedFile.REPORT_PDF),) if publication.pdf else ()):
        content = document_bytes(submission, which)
        if content is None:
            raise Changed(f"{unit.unit}：未能生成{DOCUMENTS[which][0]}（数据未能评分），未公开任何内容")
        shown = "pdf" if which == "docx" else which
        files.append((kind, f"{prefix}-{DOCUMENTS[shown][0]}", DOCUMENTS[shown][1], content))
    return files


def _to_pdf(made: list[tuple[PublishedUnit, list]]) -> None:
    """The batch's 自评报告.docx converted in one LibreOffice run, put in place of the docx."""
    reports = [(files, index) for _unit, files in made for index, item in enumerate(files) if item[0] == PublishedFile.REPORT_PDF]
    with tempfile.TemporaryDirectory(prefix="jixiao-publish-") as scratch:
        folder = Path(scratch)
        docxs = []
        for number, (files, index) in enumerate(reports):
            docxs.append(folder / f"{number}.docx")
            docxs[-1].write_bytes(files[index][3])
        for (files, index), pdf in zip(reports, convert_all_to_pdf(docxs, folder) if docxs else []):
            kind, filename, content_type, _docx = files[index]
            files[index] = (kind, filename, content_type, pdf.read_bytes())


def _complete(publication: Publication) -> None:
    """The region's 汇总表 of the published units, then 已公开 — in one transaction, after a last check that the
    figures copied at the request are still the units' own."""
    units = list(publication.units.filter(withheld=False).order_by("id"))
    by_submission = {u.submission_id: u for u in units}
    submissions = list(Submission.objects.filter(pk__in=list(by_submission)).select_related("unit", "unit__parent", "round"))
    lines = []
    for brief in briefs(submissions):
        unit, figures = by_submission[brief.pk], unit_figures(brief, publication.round)
        if figures != {key: getattr(unit, key) for key in figures}:
            raise Changed(f"{unit.unit}的分数或金额在申请公开之后有变化，未公开任何内容：请重新申请公开")
        lines.append(brief.summary_line())
    if len(lines) != len(units):
        raise Changed("有单位的填报在申请公开之后已删除，未公开任何内容：请重新申请公开")
    summary = None
    if lines:
        buffer = io.BytesIO()
        build_summary(lines, f"{publication.region} {publication.year} 年度部门整体支出绩效自评汇总表（公开）").save(buffer)
        summary = buffer.getvalue()
    with transaction.atomic():
        if summary is not None:
            PublishedFile.objects.get_or_create(publication=publication, unit=None, kind=PublishedFile.SUMMARY, defaults={
                "filename": f"{publication.year}-{publication.region}-汇总表.xlsx", "content_type": XLSX, "sha256": store.store(summary), "size": len(summary)})
        Publication.objects.filter(pk=publication.pk).update(state=Publication.PUBLISHED, published_at=timezone.now(), built=len(units), error="")
        log(publication.by, HistoryEntry.TRANSITION, round_=publication.round, organisation=publication.round.region, field="公开",
            new=f"第 {publication.pk} 号公开已生成：{len(units)} 个单位公开，{publication.units.filter(withheld=True).count()} 个不予公开；{publication.place}")
