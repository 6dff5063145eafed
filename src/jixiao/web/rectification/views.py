"""整改 pages: a round's 台账 (region / department) and settings, a unit's items and feedback notice, one item's page."""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.web.orgs import access
from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds.models import Round, Submission
from jixiao.web.rounds.services import Refused
from jixiao.web.rounds.views_files import DOCX, XLSX, attachment
from jixiao.web.rounds.views_fill import load_submission
from jixiao.web.rectification import documents, services
from jixiao.web.rectification.models import Item, ItemEvidence


def _date(text: str, label: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"{label}应为日期（如 2026-03-31），收到“{text}”") from None


def _ledger(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.can_view_round(request.user, round_))
    items = services.visible_items(request.user, round_)
    department = None
    if request.GET.get("dept", "").isdigit():
        department = get_object_or_404(Organisation, pk=int(request.GET["dept"]), kind=Organisation.DEPARTMENT)
        items = items.filter(submission__unit__parent=department)
    return round_, department, list(items.prefetch_related("evidence"))


@login_required
def ledger(request, pk: int):
    round_, department, items = _ledger(request, pk)
    today = date.today()
    departments = sorted({i.submission.unit.parent for i in items if i.submission.unit.parent}, key=lambda d: d.name)
    return render(request, "rectification/ledger.html", {
        "round": round_, "department": department, "items": [(i, i.overdue(today)) for i in items], "departments": departments,
        "is_finance": access.is_finance_of(request.user, round_), "setting": services.setting(round_),
        "counts": {"all": len(items), "accepted": sum(i.state == Item.ACCEPTED for i in items), "overdue": sum(i.overdue(today) for i in items)},
    })


@login_required
def ledger_xlsx(request, pk: int):
    round_, department, items = _ledger(request, pk)
    scope = department.name if department else round_.region.name
    content = documents.ledger_xlsx(items, f"{scope} {round_.year} 年度绩效评价整改台账")
    return attachment(content, f"{round_.year}-{scope}-整改台账.xlsx", XLSX)


@login_required
@require_POST
def settings_save(request, pk: int):
    round_ = get_object_or_404(Round, pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    try:
        days = request.POST.get("days", "").strip()
        if not days.isdigit():
            raise Refused(f"整改期限应为天数，收到“{days}”")
        services.save_setting(round_, request.user, _date(request.POST.get("feedback_date", ""), "反馈日期"), int(days))
        messages.success(request, "整改设置已保存")
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("rectification_ledger", pk=pk)


def _can_see(user, submission) -> bool:
    return access.can_view(user, submission)


@login_required
def unit_items(request, sub: int):
    submission = load_submission(request, sub, _can_see)
    can_raise = services.can_raise(request.user, submission) and submission.state == Submission.APPROVED
    taken = set(submission.rectification_items.values_list("source_key", flat=True))
    return render(request, "rectification/unit.html", {
        "submission": submission, "items": list(submission.rectification_items.all()), "can_raise": can_raise,
        "candidates": [c for c in services.candidates(submission) if c.key not in taken] if can_raise else [],
        "setting": services.setting(submission.round), "sources": Item.SOURCES, "previous": list(services.open_items_before(submission)),
        "typed": request.POST if request.method == "POST" else {},
    })


@login_required
@require_POST
def raise_item(request, sub: int):
    submission = load_submission(request, sub, services.can_raise)
    try:
        item = services.raise_item(
            submission, request.user, source=request.POST.get("source", ""), key=request.POST.get("key", "")[:1000],
            problem=request.POST.get("problem", ""), required=request.POST.get("required", ""),
            deadline=_date(request.POST.get("deadline", ""), "整改期限"), feedback=_date(request.POST.get("feedback_date", ""), "反馈日期"),
        )
    except Refused as refused:
        messages.error(request, "未列入整改：" + "；".join(refused.reasons))
        return unit_items(request, sub)
    messages.success(request, f"已列为整改事项，期限 {item.deadline}")
    return redirect("rectification_unit", sub=sub)


@login_required
def feedback(request, sub: int):
    submission = load_submission(request, sub, _can_see)
    if submission.state != Submission.APPROVED:
        messages.error(request, "审核通过后才能生成评价结果反馈")
        return redirect("rectification_unit", sub=sub)
    issuer = submission.unit.parent.name if submission.unit.parent else submission.round.region.name
    content = documents.feedback_content(submission, issuer, _application(submission))
    return attachment(documents.feedback_docx(content), f"{submission.round.year}-{submission.unit.name}-评价结果反馈暨整改通知书.docx", DOCX)


def _application(submission) -> str:
    from jixiao.results.rule import RuleError
    from jixiao.web.results import services as results

    try:
        line = next((l for l in results.lines(submission.round) if l.brief.pk == submission.pk), None)
    except RuleError:  # a stored rule that no longer fits the framework: the notice goes out without that section
        return ""
    return "" if line is None or line.proposal is None else line.proposal.entry.describe()


def _item(request, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("submission", "submission__unit", "submission__unit__parent", "submission__round"), pk=pk)
    access.require(access.can_view(request.user, item.submission))
    return item


@login_required
def item_page(request, pk: int):
    item = _item(request, pk)
    user = request.user
    return render(request, "rectification/item.html", {
        "item": item, "overdue": item.overdue(), "evidence": list(item.evidence.all()),
        "can_fill": access.can_fill(user, item.submission) and item.state in Item.UNIT_EDITABLE,
        "can_close": services.can_raise(user, item.submission) and item.state == Item.REPORTED,
    })


@login_required
@require_POST
def measures(request, pk: int):
    item = _item(request, pk)
    access.require(access.can_fill(request.user, item.submission))
    try:
        upload = request.FILES.get("file")
        if upload is not None:
            if upload.size > store.settings.EVIDENCE_MAX_BYTES:
                raise Refused(f"{store.clean_name(upload.name)}：文件过大（上限 {store.settings.EVIDENCE_MAX_BYTES:,} 字节）")
            services.add_evidence(item, request.user, upload.name, upload.read())
        services.record_measures(item, request.user, request.POST.get("measures", ""), report=request.POST.get("report") == "1")
        messages.success(request, "整改情况已报送，待验收" if request.POST.get("report") == "1" else "整改措施已保存")
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("rectification_item", pk=pk)


@login_required
@require_POST
def close(request, pk: int):
    item = _item(request, pk)
    access.require(services.can_raise(request.user, item.submission))
    try:
        item = services.close(item, request.user, request.POST.get("decision") == "accept", request.POST.get("comment", ""))
        messages.success(request, f"整改事项{item.get_state_display()}")
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("rectification_item", pk=pk)


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(ItemEvidence.objects.select_related("item__submission__unit", "item__submission__round"), pk=pk)
    access.require(access.can_view(request.user, evidence.item.submission))
    if not store.exists(evidence.sha256):
        raise Http404("材料文件不在存储中")
    return FileResponse(store.open_file(evidence.sha256), as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)
