"""Per-unit extensions of a round's 填报截止日期, each with its reason; the latest one applies, none is ever changed."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.rounds.models import Submission


class Extension(models.Model):
    submission = models.ForeignKey(Submission, verbose_name="填报", on_delete=models.CASCADE, related_name="extensions")
    due = models.DateField("延长至")
    reason = models.TextField("理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期"
        ordering = ("submission", "at", "id")
        indexes = [models.Index(fields=("submission", "at"), name="extension_submission_at")]
