"""A round's 结果应用规则 and the 财政局's decision per unit and per project (confirmed or overridden, history in HistoryEntry)."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.projects.models import ProjectSubmission
from jixiao.web.rounds.models import Round, Submission


class RoundRule(models.Model):
    """The rule as data (jixiao.results.rule); a round without one uses the default for its framework's grades."""

    round = models.OneToOneField(Round, primary_key=True, on_delete=models.CASCADE, related_name="results_rule")
    data = models.JSONField("规则", default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "结果应用规则"


class DecisionFields(models.Model):
    """What the 财政局 decided on one proposal: the same for a unit and for a project."""

    CONFIRMED, OVERRIDDEN = "confirmed", "overridden"
    KINDS = ((CONFIRMED, "确认建议"), (OVERRIDDEN, "调整"))

    kind = models.CharField("确定方式", max_length=12, choices=KINDS)
    proposed = models.DecimalField("建议调整（元）", max_digits=18, decimal_places=2, null=True)
    amount = models.DecimalField("确定调整（元）", max_digits=18, decimal_places=2)
    basis = models.TextField("依据")
    reason = models.TextField("理由", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Decision(DecisionFields):
    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE, related_name="results_decision")

    class Meta:
        verbose_name = verbose_name_plural = "结果应用决定"


class ProjectDecision(DecisionFields):
    project = models.OneToOneField(ProjectSubmission, primary_key=True, on_delete=models.CASCADE, related_name="results_decision")

    class Meta:
        verbose_name = verbose_name_plural = "项目结果应用决定"
