"""The field-by-field 监控表 (live lights with htmx, as the 部门整体 fill page) and a round's thresholds form."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.model.quantity import format_percent
from jixiao.monitoring.thresholds import read_thresholds
from jixiao.web.monitoring import access, services
from jixiao.web.monitoring.fill import apply, build_sheet
from jixiao.web.monitoring.forms import ThresholdsForm
from jixiao.web.monitoring.models import MonitoringReport, MonitoringRound
from jixiao.web.monitoring.views import _report
from jixiao.web.orgs.access import require


def _context(request, report: MonitoringReport, **extra) -> dict:
    review, problems = services.try_review(report)
    sheet = build_sheet(report.data, review, problems, report.round.as_of.month)
    return {
        "report": report, "sheet": sheet, "review": review,
        "progress": format_percent(review.time_progress) if review else "",
        "can_fill": access.can_fill(request.user, report) and report.editable, **extra,
    }


@login_required
def report_fill(request, pk):
    report = _report(request, pk)
    return render(request, "monitoring/fill.html", _context(request, report))


@login_required
@require_POST
def report_save(request, pk):
    """The whole form as typed (htmx posts it on every change): stored as typed, so a wrong figure stays at its field
    with its message; the answer re-sends the lights, the field messages and the list of what is missing."""
    report = _report(request, pk)
    require(access.can_fill(request.user, report))
    status = ""
    if not report.editable:
        status = "监控表已提交，不能再修改"
    elif request.POST.get("version") != str(report.version):
        status = f"未保存：监控表已在别处修改（现为第 {report.version} 版），请刷新页面后再填"
    else:
        data, changed = apply(report.data, request.POST)
        if changed:
            services.store(report, data, request.user, action="填报监控表", comment="、".join(changed[:20]))
        status = f"已保存（{timezone.localtime():%H:%M:%S}）" if changed else "没有改动"
    if not request.htmx:
        messages.info(request, status)
        return redirect("monitoring_fill", pk)
    return render(request, "monitoring/fill_live.html", _context(request, report, status=status))


@login_required
def round_thresholds(request, pk):
    """The finance bureau sets a round's thresholds until a unit has started filling in (then the lights would move);
    whoever sees the round sees them."""
    round_ = get_object_or_404(MonitoringRound, pk=pk)
    require(access.can_view_round(request.user, round_))
    finance = access.is_finance(request.user, round_)
    require(finance or request.method != "POST")
    current, _problems = read_thresholds(round_.thresholds or None, lambda loc: None)
    locked = services.units_started(round_) or not finance
    form = ThresholdsForm(request.POST or None, thresholds=current)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        if locked:
            messages.error(request, "已有单位开始填报，阈值不能再改")
        elif form.is_valid():
            round_.thresholds = form.mapping
            round_.save(update_fields=["thresholds"])
            messages.success(request, "已保存预警阈值")
            return redirect("monitoring_round", pk)
    return render(request, "monitoring/thresholds.html", {"round": round_, "form": form, "locked": locked, "finance": finance})
