"""The 财政局 extends one unit's 填报截止日期 (with a reason) and sees the extensions so far."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from jixiao.web.deadlines import services
from jixiao.web.orgs import access
from jixiao.web.rounds.models import Submission


class ExtendForm(forms.Form):
    due = forms.DateField(label="延长至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


@login_required
def deadline_page(request, pk: int):
    submission = get_object_or_404(Submission.objects.select_related("round", "unit", "unit__parent"), pk=pk)
    access.require(access.can_spot_check(request.user, submission))
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extend(submission, request.user, form.cleaned_data["due"], form.cleaned_data["reason"])
            messages.success(request, f"已将{submission.unit.name}的填报截止日期延长至 {form.cleaned_data['due']:%Y-%m-%d}")
            return redirect("deadline", pk=pk)
        except services.Refused as refused:
            form.add_error(None, refused.reasons[0])
    return render(request, "deadlines/deadline.html", {
        "submission": submission, "form": form, "due": services.due_date(submission),
        "extensions": submission.extensions.select_related("by").order_by("-at", "-id"),
    })
