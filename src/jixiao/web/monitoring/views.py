"""Monitoring pages (the warnings board is views_board.py): rounds, a unit's 监控表 (download, upload, submit), review and dispositions."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.loaders.problems import InputError
from jixiao.model.quantity import format_percent
from jixiao.monitoring.signals import SIGNAL_LABELS
from jixiao.monitoring.thresholds import COLOUR_LABELS
from jixiao.web.monitoring import access, services
from jixiao.web.monitoring.forms import ThresholdsForm
from jixiao.web.monitoring.models import Disposition, MonitoringEvent, MonitoringReport, MonitoringRound
from jixiao.web.orgs.access import orgs_with_role, require
from jixiao.web.orgs.models import Membership, Organisation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RoundForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Django's default is an ASCII ":" after each Chinese label
        super().__init__(*args, **kwargs)
    title = forms.CharField(label="监控批次名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    as_of = forms.DateField(label="监控截止日期（数据截至）", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    due = forms.DateField(label="填报截止日期", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("as_of") and data.get("year") and data["as_of"].year != data["year"]:
            self.add_error("as_of", f"监控截止日期应在 {data['year']} 年度内")
        if data.get("due") and data.get("as_of") and data["due"] < data["as_of"]:
            self.add_error("due", "填报截止日期不能早于监控截止日期")
        return data


class DispositionForm(forms.Form):
    project = forms.ChoiceField(label="项目")
    action = forms.ChoiceField(label="处理", choices=Disposition.ACTIONS)
    amount = forms.DecimalField(label="金额（万元，调剂或调减时填写）", required=False, min_value=0, max_digits=16, decimal_places=2)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label="日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, projects, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p, p) for p in projects]

    def clean(self):
        data = super().clean()
        if data.get("action") in ("reallocate", "cut") and data.get("amount") is None:
            self.add_error("amount", "调剂或调减预算须填写金额")
        return data


@login_required
def monitoring_home(request):
    regions = Organisation.objects.filter(id__in=orgs_with_role(request.user, Membership.FINANCE))
    form = RoundForm(request.POST or None, initial={"year": dt.date.today().year})
    thresholds_form = ThresholdsForm(request.POST or None, prefix="t")  # the defaults shown, changed here or later (views_fill)
    if request.method == "POST":
        require(regions.exists())
        if all([form.is_valid(), thresholds_form.is_valid()]):
            region = regions.first()
            units = Organisation.objects.filter(kind=Organisation.UNIT, parent__parent=region)
            round_ = services.open_monitoring_round(region, request.user, units=list(units), thresholds=thresholds_form.mapping, **form.cleaned_data)
            messages.success(request, f"已开启监控批次“{round_.title}”，{units.count()} 个单位")
            return redirect("monitoring_round", round_.pk)
    scope = access.report_scope(request.user)
    rounds = (MonitoringRound.objects.filter(region__in=regions) | MonitoringRound.objects.filter(reports__in=MonitoringReport.objects.filter(scope))).distinct()
    mine = MonitoringReport.objects.filter(unit__in=orgs_with_role(request.user, Membership.FILLER)).select_related("round", "unit")
    return render(request, "monitoring/home.html", {"rounds": rounds, "form": form if regions.exists() else None, "thresholds_form": thresholds_form, "mine": mine})


@login_required
def warnings_xlsx(request, pk):
    from jixiao.render.monitoring_xlsx import write_warning_list

    round_ = get_object_or_404(MonitoringRound, pk=pk)
    require(access.can_view_round(request.user, round_))
    reviews = [r for r in (services.try_review(report)[0] for report in round_.reports.filter(access.report_scope(request.user))) if r is not None]
    return _file(lambda path: write_warning_list(reviews, path), f"{round_.title}-预警清单.xlsx")


def _file(write, filename: str) -> FileResponse:
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "out.xlsx"
    write(path)
    handle = path.open("rb")
    folder.cleanup()  # the open handle keeps the data readable until the response is sent
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def _report(request, pk) -> MonitoringReport:
    report = get_object_or_404(MonitoringReport.objects.select_related("round", "unit", "unit__parent"), pk=pk)
    require(access.can_view(request.user, report))
    return report


@login_required
def report_page(request, pk, upload_problems=None, disposition_form=None):
    report = _report(request, pk)
    review, problems = services.try_review(report)
    warned = [l.subject.name for l in review.lights if l.subject.kind == "project" and l.colour != "green"] if review else []
    can_dispose = access.can_dispose(request.user, report)
    if disposition_form is None and can_dispose and warned:
        disposition_form = DispositionForm(warned, initial={"decided_on": dt.date.today()})
    returned = report.events.filter(action="退回").order_by("-at").first() if report.state == MonitoringReport.RETURNED else None
    review_rows = []
    if review is not None:
        for lights in review.lights:
            review_rows.append({
                "name": "部门整体" if lights.subject.kind == "department" else lights.subject.name,
                "colour": lights.colour, "label": COLOUR_LABELS[lights.colour],
                "rate": format_percent(lights.execution_rate) if lights.execution_rate is not None else "—",
                "signals": [(COLOUR_LABELS[s.colour], s.colour, SIGNAL_LABELS[s.kind], s.target.split(" / ")[-1], s.basis) for s in lights.signals],
            })
    return render(request, "monitoring/report.html", {
        "report": report, "review": review, "review_rows": review_rows, "problems": problems, "missing": services.missing(review, problems, report.round.as_of.month),
        "progress": format_percent(review.time_progress) if review else "", "upload_problems": upload_problems or [],
        "can_fill": access.can_fill(request.user, report) and report.editable,
        "can_review": access.can_review(request.user, report) and report.state == MonitoringReport.SUBMITTED,
        "disposition_form": disposition_form if can_dispose and warned else None,
        "dispositions": report.dispositions.select_related("by"), "events": report.events.select_related("user"),
        "returned": returned, "signal_labels": SIGNAL_LABELS, "colour_labels": COLOUR_LABELS,
    })


@login_required
def report_template(request, pk):
    from jixiao.render.monitoring_template import write_monitoring_template

    report = _report(request, pk)
    try:
        monitoring = services.review_report(report, require_progress=False).monitoring
    except InputError:
        from jixiao.monitoring.loader import build_monitoring

        monitoring, _ = build_monitoring(services.starting_data(report.round, report.unit), "监控表", None, False)
    return _file(lambda path: write_monitoring_template(monitoring, path), f"{report.unit.name}-监控填报表.xlsx")


@login_required
@require_POST
def report_upload(request, pk):
    report = _report(request, pk)
    require(access.can_fill(request.user, report))
    if not report.editable:
        messages.error(request, "监控表已提交，不能再上传")
        return redirect("monitoring_report", pk)
    upload = request.FILES.get("file")
    if upload is None:
        return report_page(request, pk, upload_problems=["请选择要上传的 监控填报表.xlsx"])
    try:
        data = services.read_upload(report, upload)
    except InputError as error:
        return report_page(request, pk, upload_problems=[p.describe() for p in error.problems])
    services.store(report, data, request.user)
    messages.success(request, "已读取监控填报表，预警已重新计算")
    return redirect("monitoring_report", pk)


@login_required
@require_POST
def report_submit(request, pk):
    report = _report(request, pk)
    require(access.can_fill(request.user, report))
    missing = services.missing(*services.try_review(report), report.round.as_of.month)
    if not report.editable:
        messages.error(request, "监控表已提交")
    elif missing:
        messages.error(request, f"还有 {len(missing)} 处须补填或更正，未提交（见下方列表）")
    else:
        services.transition(report, MonitoringReport.SUBMITTED, request.user, "提交")
        messages.success(request, "已提交，等待主管部门审核")
    return redirect("monitoring_fill" if request.POST.get("from") == "fill" else "monitoring_report", pk)


def _review(request, pk, state: str, action: str, needs_comment: bool):
    """The 主管部门's decision on a submitted 监控表: 退回 (with its comment) or 审核通过."""
    report = _report(request, pk)
    require(access.can_review(request.user, report))
    comment = request.POST.get("comment", "").strip()
    if report.state != MonitoringReport.SUBMITTED:
        messages.error(request, f"只有已提交的监控表可以{action}")
    elif needs_comment and not comment:
        messages.error(request, f"{action}须写明意见")
    else:
        services.transition(report, state, request.user, action, comment)
        messages.success(request, f"已{action}")
    return redirect("monitoring_report", pk)


@login_required
@require_POST
def report_return(request, pk):
    return _review(request, pk, MonitoringReport.RETURNED, "退回", needs_comment=True)


@login_required
@require_POST
def report_approve(request, pk):
    return _review(request, pk, MonitoringReport.APPROVED, "审核通过", needs_comment=False)


@login_required
@require_POST
def report_dispose(request, pk):
    report = _report(request, pk)
    require(access.can_dispose(request.user, report))
    review, _ = services.try_review(report)
    warned = [l.subject.name for l in review.lights if l.subject.kind == "project" and l.colour != "green"] if review else []
    form = DispositionForm(warned, request.POST)
    if not form.is_valid():
        return report_page(request, pk, disposition_form=form)
    disposition = Disposition.objects.create(report=report, by=request.user, **form.cleaned_data)
    amount = f"，{disposition.amount} 万元" if disposition.amount is not None else ""
    MonitoringEvent.objects.create(
        report=report, user=request.user, action="预警处理",
        comment=f"{disposition.project}：{disposition.get_action_display()}{amount}（{disposition.decided_on}）：{disposition.reason}",
    )
    messages.success(request, f"已记录对“{disposition.project}”的处理：{disposition.get_action_display()}")
    return redirect("monitoring_report", pk)
