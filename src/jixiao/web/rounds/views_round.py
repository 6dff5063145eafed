"""Home, rounds (open one, see its units), a 主管部门's page with 报送, the 财政局's 退回."""
from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.loaders.frameworks import builtin_ids, load_framework
from jixiao.loaders.problems import InputError
from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership, Organisation
from jixiao.web.rounds import scoring, services
from jixiao.web.rounds.attention import latest_returns
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.summaries import briefs
from jixiao.web.rounds.models import DepartmentReport, HistoryEntry, Round, Submission


@login_required
def home(request):
    user = request.user
    # The units one fills or reviews; a 财政局's thousands of units are listed on each round's page instead.
    reviewing = access.orgs_with_role(user, Membership.REVIEWER)
    submissions = Submission.objects.filter(Q(unit_id__in=access.orgs_with_role(user, Membership.FILLER)) | Q(unit__parent_id__in=reviewing))
    submissions = submissions.select_related("round", "unit", "unit__parent").defer("facts", "explanations", "round__framework_text").order_by("-round__year", "unit__name")
    departments = Organisation.objects.filter(id__in=reviewing)
    regions = Organisation.objects.filter(id__in=access.orgs_with_role(user, Membership.FINANCE))
    rounds = Round.objects.filter(region__in=regions) | Round.objects.filter(submissions__in=submissions)
    rounds = list(rounds.distinct().order_by("-year", "-id"))
    submissions = list(submissions)
    # The latest 退回意见 beside each returned submission: one query for all of them.
    returns = latest_returns([s.pk for s in submissions if s.state == Submission.RETURNED])
    return render(request, "jixiao/home.html", {
        "submissions": [(s, returns.get(s.pk)) for s in submissions], "departments": departments, "regions": regions, "rounds": rounds,
        "round_rows": [(r, round_framework(r).name) for r in rounds],
    })


class RoundForm(forms.Form):
    region = forms.ModelChoiceField(label="财政局", queryset=Organisation.objects.none(), empty_label=None)
    title = forms.CharField(label="批次名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    framework_id = forms.ChoiceField(label="指标体系", required=False)
    framework_file = forms.FileField(label="或上传指标体系文件（YAML / xlsx）", required=False)
    units = forms.ModelMultipleChoiceField(label="参评单位", queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple)
    submit_deadline = forms.DateField(label="填报截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    review_deadline = forms.DateField(label="审核截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, regions, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels as written, never with Django's ASCII ":"
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].initial = regions.first()
        self.fields["framework_id"].choices = [("", "（上传文件）")] + [(i, f"{load_framework(i).name}（{i}）") for i in builtin_ids()]
        self.fields["units"].queryset = Organisation.objects.filter(kind=Organisation.UNIT, parent__parent__in=regions).order_by("parent__name", "-own_level", "name")
        self.fields["units"].initial = list(self.fields["units"].queryset)

    def clean(self):
        data = super().clean()
        region = data.get("region")
        foreign = [u.name for u in data.get("units") or () if region is not None and u.parent.parent_id != region.id]
        if foreign:
            raise forms.ValidationError(f"以下单位不属于{region.name}：{'、'.join(foreign)}")
        upload = data.get("framework_file")
        if not data.get("framework_id") and upload is None:
            raise forms.ValidationError("请选择内置指标体系或上传指标体系文件")
        if upload is not None:
            if upload.size > settings.UPLOAD_MAX_BYTES:
                raise forms.ValidationError(f"指标体系文件过大（上限 {settings.UPLOAD_MAX_BYTES // 1048576} MB）")
            content = upload.read()
            try:
                scoring.read_framework_upload(content, upload.name)
            except InputError as error:
                raise forms.ValidationError([scoring.framework_problem(p, content) for p in error.problems[:30]]) from None
            data["framework_bytes"] = content
        return data


@login_required
def round_new(request):
    regions = Organisation.objects.filter(id__in=access.orgs_with_role(request.user, Membership.FINANCE)).order_by("name")
    access.require(regions.exists())
    form = RoundForm(regions, request.POST or None, request.FILES or None, initial={"year": date.today().year - 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("framework_file")
        round_ = services.open_round(
            data["region"], request.user, year=data["year"], title=data["title"], framework_id="" if upload else data["framework_id"], units=list(data["units"]),
            framework_file=data.get("framework_bytes", b""), framework_filename=upload.name if upload else "",
            submit_deadline=data.get("submit_deadline"), review_deadline=data.get("review_deadline"),
        )
        messages.success(request, f"已开启“{round_.title}”，{round_.submissions.count()} 个单位")
        return redirect("round", pk=round_.pk)
    return render(request, "jixiao/round_new.html", {"form": form})


@login_required
def round_page(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.can_view_round(request.user, round_))
    visible = round_.submissions.filter(access.submission_scope(request.user)).select_related("unit", "unit__parent", "round")
    rows = briefs(visible)
    departments = Organisation.objects.filter(kind=Organisation.DEPARTMENT, children__submissions__round=round_).distinct().order_by("name")
    departments = [d for d in departments if access.can_view_department(request.user, round_, d)]
    reports = {r.department_id: r for r in round_.reports.all()}
    return render(request, "jixiao/round.html", {
        "round": round_, "rows": rows, "departments": [(d, reports.get(d.id)) for d in departments],
        "framework_name": round_framework(round_).name, "is_finance": access.is_finance_of(request.user, round_),
    })


def _department(request, pk: int, dept: int) -> tuple[Round, Organisation]:
    round_ = get_object_or_404(Round, pk=pk)
    department = get_object_or_404(Organisation, pk=dept, kind=Organisation.DEPARTMENT)
    access.require(access.can_view_department(request.user, round_, department))
    return round_, department


@login_required
def department_page(request, pk: int, dept: int):
    from jixiao.web.overview.views_list import department_found  # the unit list's finder (the overview app builds on this one)

    round_, department = _department(request, pk, dept)
    report = DepartmentReport.objects.filter(round=round_, department=department).first()
    history = HistoryEntry.objects.filter(round=round_, organisation=department, submission=None).select_related("user").order_by("-at", "-id")
    is_reviewer = department.id in access.orgs_with_role(request.user, Membership.REVIEWER)
    return render(request, "jixiao/department.html", {
        "round": round_, "department": department, "report": report, "history": history, **department_found(request, round_, department),
        "is_reviewer": is_reviewer, "can_batch": is_reviewer, "is_finance": access.is_finance_of(request.user, round_),
    })


@login_required
@require_POST
def department_report(request, pk: int, dept: int):
    round_, department = _department(request, pk, dept)
    access.require(department.id in access.orgs_with_role(request.user, Membership.REVIEWER))
    try:
        services.report_department(round_, department, request.user)
        messages.success(request, "汇总表已报送财政局")
    except services.Refused as refused:
        messages.error(request, "不能报送：" + "；".join(refused.reasons))
    return redirect("department", pk=pk, dept=dept)


@login_required
@require_POST
def department_return(request, pk: int, dept: int):
    round_, department = _department(request, pk, dept)
    access.require(access.is_finance_of(request.user, round_))
    try:
        services.return_report(round_, department, request.user, request.POST.get("comment", ""))
        messages.success(request, "已退回主管部门")
    except services.Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    return redirect("department", pk=pk, dept=dept)
