"""Monitoring rounds, each unit's 监控表 (the raw data as a monitoring file holds it), dispositions and an append-only log.

The lights are never stored: jixiao.monitoring computes them from the data on every read, as the rounds app does scores.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from jixiao.web.orgs.models import Organisation


class MonitoringRound(models.Model):
    region = models.ForeignKey(Organisation, verbose_name="财政局", on_delete=models.PROTECT, related_name="monitoring_rounds")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    as_of = models.DateField("监控截止日期")
    due = models.DateField("填报截止日期", null=True, blank=True)
    # Overrides of the warning thresholds, written as in a monitoring file's `thresholds:` (docs/monitoring.md).
    thresholds = models.JSONField("预警阈值", default=dict, blank=True)
    created = models.DateTimeField("开启时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "监控批次"
        ordering = ("-year", "-as_of", "-id")

    def __str__(self) -> str:
        return self.title


class MonitoringReport(models.Model):
    DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
    STATES = ((DRAFT, "草稿"), (SUBMITTED, "已提交"), (RETURNED, "已退回"), (APPROVED, "已审核"))
    EDITABLE = (DRAFT, RETURNED)

    round = models.ForeignKey(MonitoringRound, verbose_name="监控批次", on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Organisation, verbose_name="预算单位", on_delete=models.PROTECT, related_name="monitoring_reports")
    data = models.JSONField("监控数据", default=dict)
    state = models.CharField("状态", max_length=12, choices=STATES, default=DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    updated = models.DateTimeField("最后修改", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "监控表"
        constraints = [models.UniqueConstraint(fields=("round", "unit"), name="one_monitoring_report_per_unit")]
        ordering = ("round", "unit")

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE


class Light(models.Model):
    """One row of the warnings board: a project (or 部门整体) of one report version, as jixiao.monitoring lit it.

    Written with the data (services.store) so the board filters, sorts and pages in the database instead of
    re-lighting a region's 50,000 projects per request; a cache, never the truth.
    """

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="lights")
    # The report's round and its unit's 主管部门, copied here so that the board filters, counts and sorts on this
    # table's own indexes (views_board.py) without joining 50,000 rows to the reports.
    round = models.ForeignKey(MonitoringRound, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    department = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False)
    position = models.PositiveIntegerField()
    name = models.CharField("项目", max_length=300)
    colour = models.CharField("灯", max_length=8)
    severity = models.PositiveSmallIntegerField()  # 0 red, 1 yellow, 2 blue, 3 green: the board's default order
    amount = models.DecimalField("预算（元）", max_digits=20, decimal_places=2, null=True)
    rate = models.CharField("执行率", max_length=16, blank=True)
    warned = models.JSONField("非绿灯的信号", default=list)  # [[颜色名, colour, 信号, 指标, 依据], …]

    @property
    def amount_wan(self):
        return None if self.amount is None else self.amount / 10_000

    class Meta:
        verbose_name = verbose_name_plural = "预警灯（缓存）"
        ordering = ("severity", "-amount", "id")
        # One per way the board is read (views_board.py), each giving its order with no sort: by colour (the default),
        # one colour or the count by colour, by amount; the same three within one 主管部门. Every one starts with the
        # round, and a 主管部门's with its department too, so that SQLite picks them without statistics (no ANALYZE).
        indexes = [
            models.Index(fields=("round", "severity", "-amount", "id"), name="light_board"),
            models.Index(fields=("round", "colour", "-amount", "id"), name="light_board_colour"),
            models.Index(fields=("round", "-amount", "id"), name="light_board_amount"),
            models.Index(fields=("round", "department", "severity", "-amount", "id"), name="light_board_department"),
            models.Index(fields=("round", "department", "colour", "-amount", "id"), name="light_board_department_colour"),
            models.Index(fields=("round", "department", "-amount", "id"), name="light_board_department_amount"),
        ]


class Disposition(models.Model):
    """What the 财政局 or 主管部门 decided for a warned project; the unit sees it."""

    ACTIONS = (("continue", "继续执行"), ("reallocate", "调剂"), ("cut", "调减预算"), ("suspend", "暂停"))

    report = models.ForeignKey(MonitoringReport, on_delete=models.PROTECT, related_name="dispositions")
    project = models.CharField("项目", max_length=300)
    action = models.CharField("处理", max_length=12, choices=ACTIONS)
    amount = models.DecimalField("金额（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    reason = models.TextField("理由")
    decided_on = models.DateField("日期")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "预警处理"
        ordering = ("at", "id")


class MonitoringEvent(models.Model):
    """The report's history: uploads, submit, return, approve, dispositions. Written once, never changed."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.PROTECT, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)
    action = models.CharField("事项", max_length=40)
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "监控历史记录"
        ordering = ("at", "id")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("历史记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("历史记录只能追加，不能删除")
