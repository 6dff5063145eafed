"""Files out and in: 填报表, documents of the saved state, evidence, history export, 汇总表, a round's zip."""
from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jixiao.web.orgs import access
from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds import services
from jixiao.web.rounds.context import department_submissions, state_of
from jixiao.web.rounds.summaries import summary_lines
from jixiao.web.rounds.models import Evidence, HistoryEntry, Round, Submission
from jixiao.web.rounds.prefill import prefilled_template
from jixiao.web.rounds.views_fill import load_submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _prefix(submission: Submission) -> str:
    return f"{submission.round.year}-{submission.unit.name}"


@login_required
def template_xlsx(request, pk: int):
    submission = load_submission(request, pk, access.can_view)
    framework = state_of(submission).framework
    content = _workbook_bytes(prefilled_template(framework, submission.facts))
    return attachment(content, f"{_prefix(submission)}-填报表.xlsx", XLSX)


def document_bytes(submission: Submission, which: str) -> bytes | None:
    """评分表.xlsx, 自评报告.docx or .pdf of the saved state; None while the facts cannot be scored."""
    from jixiao.render.documents import PDF_SETUP, PdfUnavailable, convert_to_pdf
    from jixiao.web.rounds.pdf_cache import cached_pdf
    from jixiao.render.report_content import build_content
    from jixiao.render.report_docx import build_report
    from jixiao.render.scoresheet_xlsx import write_scoresheet
    from jixiao.web.rounds.scoring import finding_place

    state = state_of(submission)
    if state.scored.facts is None or state.evaluation is None:
        return None
    with tempfile.TemporaryDirectory(prefix="jixiao-web-docs-") as scratch:
        folder = Path(scratch)
        if which == "scoresheet":
            write_scoresheet(folder / "评分表.xlsx", state.framework, state.scored.facts, state.evaluation, place=finding_place)
            return (folder / "评分表.xlsx").read_bytes()
        docx = folder / "自评报告.docx"
        build_report(build_content(state.framework, state.scored.facts, state.evaluation, unit_explanations(state, submission))).save(str(docx))
        if which == "docx":
            return docx.read_bytes()
        try:
            return cached_pdf(docx.read_bytes(), PDF_SETUP, lambda _docx: convert_to_pdf(docx, folder).read_bytes())
        except PdfUnavailable:
            return None


def unit_explanations(state, submission: Submission) -> tuple[tuple[str, str], ...]:
    """The unit's 问题说明, each with the finding it answers (its indicator and message), for the 自评报告."""
    from jixiao.web.rounds.attention import explanation_items

    return tuple((item.label, item.text) for item in explanation_items(state.scored, submission.explanations) if item.text.strip())


DOCUMENTS = {"scoresheet": ("评分表.xlsx", XLSX), "docx": ("自评报告.docx", DOCX), "pdf": ("自评报告.pdf", "application/pdf")}


@login_required
def document(request, pk: int, which: str):
    submission = load_submission(request, pk, access.can_view)
    if which not in DOCUMENTS:
        raise Http404("没有这种文书")
    filename, content_type = DOCUMENTS[which]
    content = document_bytes(submission, which)
    if content is None:
        messages.error(request, f"暂不能生成{filename}：填报数据有误未能评分，或未安装 PDF 转换程序（LibreOffice）")
        return redirect("submission", pk=pk)
    services.log(request.user, HistoryEntry.DOWNLOAD, submission=submission, field=filename)
    return attachment(content, f"{_prefix(submission)}-{filename}", content_type)


@login_required
@require_POST
def evidence_upload(request, pk: int):
    submission = load_submission(request, pk, access.can_fill)
    upload = request.FILES.get("file")
    path = request.POST.get("path", "").strip()
    if upload is None:
        messages.error(request, "请选择要上传的佐证材料")
        return redirect("submission", pk=pk)
    try:
        name = services.attach_evidence(submission, request.user, upload.name, upload.size, upload.read, path, state_of(submission)).original_name
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect("submission", pk=pk)
    messages.success(request, f"已上传 {name}")
    return redirect("submission", pk=pk)


@login_required
def evidence_download(request, pk: int):
    item = get_object_or_404(Evidence.objects.select_related("submission", "submission__unit", "submission__round"), pk=pk)
    access.require(access.can_view(request.user, item.submission))
    if not store.exists(item.sha256):
        raise Http404("材料文件不在存储中（数据目录或备份是否完整恢复？）")
    services.log(request.user, HistoryEntry.DOWNLOAD, submission=item.submission, field=f"佐证材料|{item.path or '整份填报'}", new=item.original_name)
    response = FileResponse(store.open_file(item.sha256), as_attachment=True, filename=item.original_name, content_type=item.content_type)
    return response


HISTORY_COLUMNS = ("时间（北京时间）", "人员", "类别", "字段", "原值", "新值", "说明", "版本")


def _shanghai(moment) -> str:
    """A history time as the region reads it: in the configured zone (Asia/Shanghai), its offset written out."""
    return timezone.localtime(moment).isoformat(sep=" ", timespec="seconds")


def history_rows(entries) -> list[tuple]:
    return [
        (_shanghai(e.at), e.user.username if e.user else "", e.get_action_display(), e.field_label, e.old, e.new, e.comment, e.version or "")
        for e in entries
    ]


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula


def history_csv_text(entries) -> str:
    """历史记录.csv (BOM first, for Excel): the one writer for the download and the round's archive. A cell of user
    text that a spreadsheet would run as a formula is written with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HISTORY_COLUMNS)
    for row in history_rows(entries):
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(FORMULA_LEADS) else v for v in row])
    return "\ufeff" + buffer.getvalue()


@login_required
def history_csv(request, pk: int):
    submission = load_submission(request, pk, access.can_view)
    text = history_csv_text(submission.history.select_related("user").order_by("at", "id"))
    return attachment(text.encode("utf-8"), f"{_prefix(submission)}-历史记录.csv", "text/csv; charset=utf-8")


@lru_cache(maxsize=4)
def summary_file(lines: tuple, title: str) -> bytes:
    """汇总表.xlsx of these lines. A pure function of every value the file shows, so a region's file (0.3 s to write
    5,000 rows) is built once and served again until any of them changes; each app server keeps its own few, never stale."""
    from jixiao.render.summary_xlsx import build_summary

    return _workbook_bytes(build_summary(list(lines), title))


def _summary_response(round_: Round, submissions, title: str, filename: str) -> HttpResponse:
    return attachment(summary_file(tuple(summary_lines(submissions)), title), filename, XLSX)


@login_required
def department_summary(request, pk: int, dept: int):
    round_ = get_object_or_404(Round, pk=pk)
    department = get_object_or_404(Organisation, pk=dept, kind=Organisation.DEPARTMENT)
    access.require(access.can_view_department(request.user, round_, department))
    services.log(request.user, HistoryEntry.DOWNLOAD, round_=round_, organisation=department, field="汇总表")
    title = f"{department.name} {round_.year} 年度部门整体支出绩效自评汇总表"
    return _summary_response(round_, department_submissions(round_, department), title, f"{round_.year}-{department.name}-汇总表.xlsx")


@login_required
def region_summary(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    services.log(request.user, HistoryEntry.DOWNLOAD, round_=round_, organisation=round_.region, field="汇总表")
    submissions = round_.submissions.select_related("unit", "unit__parent", "round")
    title = f"{round_.region.name} {round_.year} 年度部门整体支出绩效自评汇总表"
    return _summary_response(round_, submissions, title, f"{round_.year}-{round_.region.name}-汇总表.xlsx")


@login_required
def round_archive(request, pk: int):
    """Every submission's facts (YAML), 评分表, 自评报告 (.docx and .pdf), evidence and history, and the 汇总表, in one zip."""
    import yaml

    from jixiao.render.summary_xlsx import build_summary

    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    submissions = list(round_.submissions.select_related("unit", "unit__parent", "round").prefetch_related("review_scores", "evidence"))
    buffer = io.BytesIO()
    reports: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("汇总表.xlsx", _workbook_bytes(build_summary(summary_lines(submissions), f"{round_.region.name} {round_.year} 年度汇总表")))
        for submission in submissions:
            folder = f"{submission.unit.parent.name if submission.unit.parent else ''}/{submission.unit.name}"
            archive.writestr(f"{folder}/填报数据.yaml", yaml.safe_dump(submission.facts, allow_unicode=True, sort_keys=False))
            for which in ("scoresheet", "docx"):
                content = document_bytes(submission, which)
                if content is not None:
                    archive.writestr(f"{folder}/{DOCUMENTS[which][0]}", content)
                    reports += [(folder, content)] if which == "docx" else []
            for item in submission.evidence.all():
                archive.writestr(f"{folder}/佐证材料/{item.sha256[:8]}-{item.original_name}", store.read(item.sha256))
            archive.writestr(f"{folder}/历史记录.csv", history_csv_text(submission.history.select_related("user").order_by("at", "id")))
        for folder, pdf in _report_pdfs(reports):
            archive.writestr(f"{folder}/{DOCUMENTS['pdf'][0]}", pdf)
    services.log(request.user, HistoryEntry.DOWNLOAD, round_=round_, organisation=round_.region, field="批次压缩包")
    return attachment(buffer.getvalue(), f"{archive_name(round_)}.zip", "application/zip")


def _report_pdfs(reports: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Every 自评报告.docx as a PDF, converted together; none where LibreOffice is not installed or fails."""
    from jixiao.render.documents import PdfUnavailable, convert_all_to_pdf

    if not reports:
        return []
    with tempfile.TemporaryDirectory(prefix="jixiao-web-archive-") as scratch:
        folder = Path(scratch)
        docxs = []
        for number, (_unit, content) in enumerate(reports):
            docxs.append(folder / f"report-{number}.docx")
            docxs[-1].write_bytes(content)
        try:
            made = convert_all_to_pdf(docxs, folder)
        except PdfUnavailable:
            return []
        return [(unit, pdf.read_bytes()) for (unit, _content), pdf in zip(reports, made)]


def archive_name(round_: Round) -> str:
    """The round's title led by its year once: “2021 年度部门整体支出绩效自评”, never “2021-2021 年度…”."""
    title = round_.title.strip()
    return title if title.startswith(str(round_.year)) else f"{round_.year}-{title}"
