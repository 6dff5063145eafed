"""In-app notices, each made once per person and occasion (its key), and mailed at most once."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class Notice(models.Model):
    RETURNED, SUBMITTED, DUE_SOON, OVERDUE, REPORTED = "returned", "submitted", "due_soon", "overdue", "reported"
    RECTIFY_SOON, RECTIFY_OVERDUE = "rectify_soon", "rectify_late"  # a 整改 item's 整改期限
    KINDS = (
        (RETURNED, "退回"), (SUBMITTED, "待审核"), (DUE_SOON, "即将截止"), (OVERDUE, "已逾期"), (REPORTED, "汇总表已报送"),
        (RECTIFY_SOON, "整改即将到期"), (RECTIFY_OVERDUE, "整改已逾期"),
    )

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("类别", max_length=12, choices=KINDS)
    key = models.CharField(max_length=120)  # the occasion: a history entry, or a submission (a 整改 item) and its due date
    text = models.TextField("内容")
    url = models.CharField("链接", max_length=300, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    read = models.BooleanField("已读", default=False)
    mailed = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ("-at", "-id")
        constraints = [models.UniqueConstraint(fields=("user", "key"), name="one_notice_per_occasion")]
        indexes = [models.Index(fields=("user", "read"), name="notice_user_read")]
