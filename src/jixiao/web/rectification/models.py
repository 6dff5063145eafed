"""整改 items: a confirmed problem of a reviewed unit, its deadline, the unit's measures and evidence, the closing."""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from jixiao.web.rounds.models import Round, Submission

DEFAULT_DAYS = 60  # 河南、郑州: 整改措施 within 60 days of receiving the result


class RoundSetting(models.Model):
    """A round's 反馈日期 (when results go back to the units) and the default 整改期限 in days from it."""

    round = models.OneToOneField(Round, primary_key=True, on_delete=models.CASCADE, related_name="rectification_setting")
    feedback_date = models.DateField("反馈日期", null=True, blank=True)
    days = models.PositiveIntegerField("整改期限（天）", default=DEFAULT_DAYS)

    class Meta:
        verbose_name = verbose_name_plural = "整改设置"


class Item(models.Model):
    CHECK, REVIEW, SPOT_CHECK, MONITORING = "check", "review", "spot_check", "monitoring"
    SOURCES = ((CHECK, "复核检查"), (REVIEW, "主管部门复核"), (SPOT_CHECK, "财政局抽查"), (MONITORING, "运行监控及其他"))
    OPEN, REPORTED, RETURNED, ACCEPTED = "open", "reported", "returned", "accepted"
    STATES = ((OPEN, "待整改"), (REPORTED, "已报整改情况"), (RETURNED, "已退回重新整改"), (ACCEPTED, "已验收"))
    UNIT_EDITABLE = (OPEN, RETURNED)

    submission = models.ForeignKey(Submission, verbose_name="填报", on_delete=models.PROTECT, related_name="rectification_items")
    source = models.CharField("来源", max_length=12, choices=SOURCES)
    source_key = models.CharField("来源位置", max_length=1000, blank=True, help_text="检查发现问题的代码与位置，或复核的指标")
    problem = models.TextField("问题")
    required = models.TextField("整改要求")
    feedback_date = models.DateField("反馈日期")
    deadline = models.DateField("整改期限")
    state = models.CharField("状态", max_length=12, choices=STATES, default=OPEN)
    measures = models.TextField("整改措施", blank=True)
    comment = models.TextField("验收意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    closed = models.DateField("验收日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改事项"
        ordering = ("submission__unit__parent__name", "submission__unit__name", "id")
        indexes = [models.Index(fields=("submission", "state"), name="rectification_sub_state")]

    def __str__(self) -> str:
        return f"{self.submission.unit.name}：{self.problem[:30]}"

    def overdue(self, today: date | None = None) -> bool:
        """Past its deadline and not yet accepted (an item reported on time but not yet checked is still counted)."""
        return self.state != self.ACCEPTED and (today or date.today()) > self.deadline


class ItemEvidence(models.Model):
    """整改佐证材料, stored by hash like the round's evidence (jixiao.web.rounds.evidence)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField("原文件名", max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改佐证材料"
        ordering = ("at",)
