"""One project's self-evaluation in a round: its approved targets (from the 绩效目标表) and what the unit filled."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds.models import Round, Submission


class ProjectSubmission(models.Model):
    DRAFT, SUBMITTED, RETURNED, APPROVED = Submission.DRAFT, Submission.SUBMITTED, Submission.RETURNED, Submission.APPROVED
    STATES = Submission.STATES
    EDITABLE = Submission.EDITABLE

    round = models.ForeignKey(Round, verbose_name="评价批次", on_delete=models.PROTECT, related_name="project_submissions")
    unit = models.ForeignKey(Organisation, verbose_name="预算单位", on_delete=models.PROTECT, related_name="project_submissions")
    project = models.CharField("项目名称", max_length=200)
    framework_id = models.CharField("指标体系", max_length=100, default="national-2020-project")
    targets = models.JSONField("绩效目标", default=dict)  # the 目标表's entry for the project (jixiao.projects.load.RawProjectTargets)
    facts = models.JSONField("填报数据", default=dict)  # funds, what each indicator achieved, reasons, text blocks
    state = models.CharField("状态", max_length=12, choices=STATES, default=DRAFT)
    comment = models.TextField("退回意见", blank=True)
    score = models.DecimalField("自评分", max_digits=8, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等级", max_length=10, blank=True)
    # What the round's lists need, kept at each save so that they never score every project again (services.summary_of).
    summary = models.JSONField("评分摘要", default=dict, blank=True)
    updated = models.DateTimeField("最后修改", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "项目自评"
        constraints = [models.UniqueConstraint(fields=("round", "unit", "project"), name="one_submission_per_project")]
        ordering = ("round", "unit", "project")

    def __str__(self) -> str:
        return f"{self.round.year} {self.unit} {self.project}"

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE
