"""Per-person API tokens: only a prefix (for lookup) and the SHA-256 of the secret are kept."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("标识", max_length=16, unique=True)
    digest = models.CharField("摘要", max_length=64)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"{self.user} · {self.name}（{self.prefix}）"

    @property
    def active(self) -> bool:
        return self.revoked is None
