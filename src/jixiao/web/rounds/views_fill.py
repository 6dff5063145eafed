"""The submission page: fill-in (live re-scoring with htmx), uploads of facts, explanations, submit."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.loaders.problems import InputError
from jixiao.web.orgs import access
from jixiao.web.rounds import scoring, services, summaries
from jixiao.web.rounds.context import state_of
from jixiao.web.rounds.models import HistoryEntry, Submission
from jixiao.web.rounds.attention import explanation_items, explanations_shown, latest_return, todo_items
from jixiao.web.rounds.sheet import build_sheet, live_update

RESERVED = {"csrfmiddlewaretoken", "version"}
FACTS_UPLOAD_SUFFIXES = (".xlsx", ".yaml", ".yml")


def load_submission(request, pk: int, check) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("round", "unit", "unit__parent", "round__region"), pk=pk)
    access.require(check(request.user, submission))
    return submission


def _version(request) -> str | None:
    """The version the page was loaded at, as sent; services.parse_version refuses a missing or malformed one."""
    return request.POST.get("version")


def bad_version(request, error: services.BadVersion) -> HttpResponse:
    """400: a write without a valid version is never saved unchecked (it could overwrite someone's save)."""
    if request.htmx:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    return render(request, "400.html", {"message": str(error)}, status=400)


def _sheet(state):
    return build_sheet(state.framework, state.submission.facts, state.scored, state.reviews, state.finance_reviews)


def page_context(request, submission: Submission, **extra) -> dict:
    state = state_of(submission)
    sheet = _sheet(state)
    user = request.user
    return {
        "submission": submission,
        "state": state,
        "sheet": sheet,
        "can_edit": access.can_fill(user, submission) and submission.editable,
        "can_fill": access.can_fill(user, submission),
        "can_review": access.can_review(user, submission),
        "can_spot_check": access.can_spot_check(user, submission),
        "blocking": state.scored.blocking(),
        "explanations": explanation_items(state.scored, submission.explanations),
        "todo": todo_items(sheet, state.scored, submission.explanations),
        "latest_return": latest_return(submission),
        "evidence": submission.evidence.select_related("uploaded_by"),
        "history": submission.history.select_related("user").order_by("-at", "-id")[:200],
        "row_choices": [line for line in sheet.lines if line.kind in ("leaf", "slotrow")],
        "evidence_max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        **extra,
    }


@login_required
def submission_page(request, pk: int):
    submission = load_submission(request, pk, access.can_view)
    return render(request, "jixiao/submission.html", page_context(request, submission))


@login_required
@require_POST
def save(request, pk: int):
    """One or more fields typed on the page; answers with the live parts to swap (htmx), or redirects."""
    submission = load_submission(request, pk, access.can_fill)
    changes = {key: value for key, value in request.POST.items() if key not in RESERVED}
    status, conflict = "", None
    # The page as the person sees it, so that the answer carries only what the save changed.
    shown = state_of(submission) if request.htmx else None
    before = (_sheet(shown), shown.scored.blocking()) if shown else None
    # The 待处理 list, the 问题说明 list and which rows lose points, as shown: re-sent only when the save changes them.
    attention = (todo_items(before[0], shown.scored, submission.explanations), explanations_shown(explanation_items(shown.scored, submission.explanations)),
                 {line.id: line.loses_points for line in before[0].lines}) if shown else None
    hints = {f.key: f.hint for f in before[0].all_fields} if shown else {}
    try:
        submission = services.save_fields(submission, request.user, changes, _version(request))
        status = f"已保存（{timezone.localtime(submission.updated):%H:%M:%S}）"
    except services.BadVersion as error:
        return bad_version(request, error)
    except services.Stale as stale:
        # The page was loaded from an older version: bring all of its live parts up to date.
        submission, conflict, before, attention = stale.current, _conflict(stale), None, None
    except services.Refused as refused:
        status = "；".join(refused.reasons)
    if not request.htmx:
        if conflict:
            messages.error(request, str(conflict["message"]))
        return redirect("submission", pk=submission.pk)
    context = page_context(request, submission, status=status, conflict=conflict)
    summaries.remember(submission, context["state"].evaluation)  # scored anyway for the live parts
    context["live"] = live_update(before, context["sheet"], context["blocking"])
    todo, shown_explanations, losing = attention or (None, None, {})
    context["live_todo"] = todo != context["todo"]
    context["live_explanations"] = shown_explanations != explanations_shown(context["explanations"])
    # Only where a row starts or stops losing points: its reason boxes are never swapped while typed in.
    context["live_reasons"] = [line for line in context["sheet"].lines if line.id in losing and losing[line.id] != line.loses_points]
    context["live_hints"] = [f for f in context["sheet"].all_fields if f.hint and f.key in hints and hints[f.key] != f.hint]
    return render(request, "jixiao/live.html", context)


def _conflict(stale: services.Stale) -> dict:
    last = stale.current.history.filter(action=HistoryEntry.CHANGE).select_related("user").order_by("-id").first()
    rows = [(scoring.field_title(key), text, scoring.get_value(stale.current.facts, key)) for key, text in stale.attempted.items()]
    return {"message": str(stale), "rows": rows, "by": last.user if last else None, "at": last.at if last else None}


@login_required
@require_POST
def slot_add(request, pk: int):
    submission = load_submission(request, pk, access.can_fill)
    node = state_of(submission).framework.node_at(tuple(request.POST.get("slot", "").split("/")))
    if node is None or node.slot is None:
        messages.error(request, "指标体系中没有这个个性指标位置")
        return redirect("submission", pk=pk)
    try:
        services.add_slot_row(submission, request.user, request.POST.get("slot", ""), request.POST.get("group") or None, _version(request))
    except services.BadVersion as error:
        return bad_version(request, error)
    except (services.Stale, services.Refused) as problem:
        messages.error(request, str(problem))
    return redirect("submission", pk=pk)


@login_required
@require_POST
def slot_remove(request, pk: int):
    submission = load_submission(request, pk, access.can_fill)
    index = request.POST.get("index", "")
    try:
        services.remove_slot_row(submission, request.user, request.POST.get("slot", ""), int(index) if index.isdigit() else -1, _version(request))
    except services.BadVersion as error:
        return bad_version(request, error)
    except (services.Stale, services.Refused) as problem:
        messages.error(request, str(problem))
    return redirect("submission", pk=pk)


@login_required
@require_POST
def explain(request, pk: int):
    """A 问题说明 saved; in place (htmx): the answer marks the item 已说明 and updates the 待处理 list."""
    submission = load_submission(request, pk, access.can_fill)
    key = request.POST.get("key", "")
    try:
        submission = services.explain(submission, request.user, key, request.POST.get("text", ""))
        status, saved = f"说明已保存（{timezone.localtime():%H:%M:%S}）", True
    except services.Refused as refused:
        status, saved = str(refused), False
    if not request.htmx:
        (messages.success if saved else messages.error)(request, "说明已保存" if saved else status)
        return redirect("submission", pk=pk)
    context = page_context(request, submission, status=status)
    context["explained"] = next((item for item in context["explanations"] if item.key == key), None)
    return render(request, "jixiao/explained.html", context)


@login_required
@require_POST
def submit(request, pk: int):
    submission = load_submission(request, pk, access.can_fill)
    try:
        services.submit(submission, request.user, state_of(submission).framework)
        messages.success(request, "已提交，等待主管部门审核")
    except services.Refused as refused:
        messages.error(request, "不能提交：" + "；".join(scoring.on_page(reason) for reason in refused.reasons))
    return redirect("submission", pk=pk)


@login_required
@require_POST
def upload_facts(request, pk: int):
    """A filled 填报表 or a YAML facts file replaces the draft: all of it or, on any problem, none."""
    submission = load_submission(request, pk, access.can_fill)
    try:
        services.parse_version(_version(request))  # before reading the file: nothing is parsed for a write that cannot be saved
    except services.BadVersion as error:
        return bad_version(request, error)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件")
        return redirect("submission", pk=pk)
    name = Path(upload.name).name
    suffix = Path(name).suffix.lower()
    if suffix not in FACTS_UPLOAD_SUFFIXES or upload.size > settings.UPLOAD_MAX_BYTES:
        messages.error(request, f"{name}：只接受不超过 {settings.UPLOAD_MAX_BYTES // 1048576} MB 的 .xlsx 填报表或 .yaml 数据文件")
        return redirect("submission", pk=pk)
    framework = state_of(submission).framework
    try:
        raw = read_facts_upload(upload.read(), name, framework)
        # The round decides who, which year and which framework; the file gives the figures.
        raw.update(department=submission.unit.name, year=submission.round.year, framework=submission.facts.get("framework", framework.id))
        services.replace_facts(submission, request.user, raw, name, _version(request))
        messages.success(request, f"已导入 {name}")
    except InputError as error:
        messages.error(request, "未导入，文件有误：" + "；".join(p.describe() for p in error.problems[:30]))
    except services.BadVersion as error:
        return bad_version(request, error)
    except (services.Stale, services.Refused) as problem:
        messages.error(request, str(problem))
    return redirect("submission", pk=pk)


def read_facts_upload(content: bytes, name: str, framework) -> dict:
    """The raw facts of an upload, checked with the loaders (problems by cell or line, named after the upload)."""
    from jixiao.loaders.facts import load_facts
    from jixiao.loaders.facts_xlsx import read_facts_xlsx
    from jixiao.loaders.yaml_source import load_yaml

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="jixiao-upload-") as scratch:
        path = Path(scratch) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            load_facts(path, framework)  # every located problem at once, or nothing
            raw = read_facts_xlsx(path)[0] if suffix == ".xlsx" else load_yaml(path)
        except InputError as error:
            raise scoring.renamed(error, str(path), name) from None
    return scoring.normalise(scoring.plain(raw), framework)
