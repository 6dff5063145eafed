"""Rounds, submissions (facts as the loaders read them), review scores, evidence, 报送 and the history log.

A submission keeps the raw facts mapping (the same structure as a YAML facts file, values as
typed); scores are never stored as truth, they are recomputed by jixiao.review on every read.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from jixiao.web.orgs.models import Organisation


class Round(models.Model):
    region = models.ForeignKey(Organisation, verbose_name="财政局", on_delete=models.PROTECT, related_name="rounds", limit_choices_to={"kind": Organisation.FINANCE})
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    framework_id = models.CharField("指标体系", max_length=100, help_text="内置指标体系编号；上传的体系为空")
    framework_text = models.BinaryField("上传的指标体系文件", blank=True, default=b"")
    framework_filename = models.CharField("上传文件名", max_length=200, blank=True)
    submit_deadline = models.DateField("填报截止日期", null=True, blank=True)
    review_deadline = models.DateField("审核截止日期", null=True, blank=True)
    is_open = models.BooleanField("进行中", default=True)
    created = models.DateTimeField("开启时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价批次"
        ordering = ("-year", "-id")

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
    STATES = ((DRAFT, "草稿"), (SUBMITTED, "已提交"), (RETURNED, "已退回"), (APPROVED, "已审核"))
    EDITABLE = (DRAFT, RETURNED)

    round = models.ForeignKey(Round, verbose_name="评价批次", on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(Organisation, verbose_name="预算单位", on_delete=models.PROTECT, related_name="submissions")
    facts = models.JSONField("填报数据", default=dict)
    explanations = models.JSONField("问题说明", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    state = models.CharField("状态", max_length=12, choices=STATES, default=DRAFT)
    updated = models.DateTimeField("最后修改", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "填报"
        constraints = [models.UniqueConstraint(fields=("round", "unit"), name="one_submission_per_unit")]
        # The round's lists and 汇总表 filter a round's submissions by state.
        indexes = [models.Index(fields=("round", "state"), name="submission_round_state")]
        ordering = ("round", "unit")

    def __str__(self) -> str:
        return f"{self.round.year} {self.unit}"

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE


class ReviewScore(models.Model):
    """复核得分 for one row, by the 主管部门 (review) or the 财政局 (抽查)."""

    DEPARTMENT, FINANCE = "department", "finance"
    STAGES = ((DEPARTMENT, "主管部门复核"), (FINANCE, "财政局抽查"))

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="review_scores")
    stage = models.CharField("复核方", max_length=12, choices=STAGES)
    path = models.CharField("指标", max_length=500)
    score = models.DecimalField("复核得分", max_digits=8, decimal_places=4)
    reason = models.TextField("理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "复核得分"
        constraints = [models.UniqueConstraint(fields=("submission", "stage", "path"), name="one_review_score_per_row")]


class DepartmentReport(models.Model):
    """A 主管部门's 报送 of its 汇总表 for a round, which the 财政局 may return."""

    REPORTED, RETURNED = "reported", "returned"
    STATES = ((REPORTED, "已报送"), (RETURNED, "已退回"))

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports")
    department = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField("状态", max_length=12, choices=STATES)
    comment = models.TextField("意见", blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "报送"
        constraints = [models.UniqueConstraint(fields=("round", "department"), name="one_report_per_department")]


class Evidence(models.Model):
    """佐证材料: stored once by content hash under the data folder, original name kept."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="evidence")
    path = models.CharField("指标", max_length=500, blank=True, help_text="空：整份填报的材料")
    original_name = models.CharField("原文件名", max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ("path", "at")


class AppendOnly(Exception):
    """History entries are written once; nothing updates or deletes them."""


class HistoryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("历史记录只能追加，不能修改")

    def delete(self):
        raise AppendOnly("历史记录只能追加，不能删除")


class HistoryEntry(models.Model):
    CHANGE, TRANSITION, DOWNLOAD, LOGIN, UPLOAD, REVIEW = "change", "transition", "download", "login", "upload", "review"
    ACTIONS = ((CHANGE, "修改"), (TRANSITION, "流转"), (DOWNLOAD, "下载"), (LOGIN, "登录"), (UPLOAD, "上传"), (REVIEW, "复核"))

    # Set on insert (not auto_now_add, so `round import` can insert an archived entry with its own time: never updated after).
    at = models.DateTimeField("时间", default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("类别", max_length=12, choices=ACTIONS)
    round = models.ForeignKey(Round, null=True, on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey(Submission, null=True, on_delete=models.PROTECT, related_name="history")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    field = models.CharField("字段", max_length=500, blank=True)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)
    comment = models.TextField("说明", blank=True)
    version = models.PositiveIntegerField("版本", null=True)

    objects = HistoryQuerySet.as_manager()

    @property
    def field_label(self) -> str:
        """The field as the page labels it (“部门决策/…/预算编制合理性：未达到的评分要点”), never the stored key."""
        from jixiao.web.rounds.scoring import history_title

        return history_title(self.field)

    class Meta:
        verbose_name = verbose_name_plural = "历史记录"
        ordering = ("at", "id")
        # A submission's history in order; a department's 汇总表 history (round, organisation, no submission).
        indexes = [
            models.Index(fields=("submission", "at"), name="history_submission_at"),
            models.Index(fields=("round", "organisation", "at"), name="history_round_org_at"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnly("历史记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("历史记录只能追加，不能删除")


class ScoreSummary(models.Model):
    """What the lists and 汇总表 show of one submission version, kept so 5,000 units are not re-scored per page.

    A cache, never the truth: rebuilt by jixiao.web.rounds.summaries whenever the submission's version or
    the scoring code (engine) differs from the one it was computed with.
    """

    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE, related_name="score_summary")
    version = models.PositiveIntegerField()
    engine = models.CharField(max_length=40)
    # Exact decimals as text: total, budget and spent (元) or null, and rows (row path → computed score)
    # for the 复核分数 with review overrides.
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "评分摘要（缓存）"
