"""What the 单位名单 adds to an organisation and a person: the unit's code, and a password to change at first login."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.orgs.models import Organisation


class UnitCode(models.Model):
    """单位代码 (统一社会信用代码 or the bureau's own code): unique, searched in the unit lists."""

    organisation = models.OneToOneField(Organisation, verbose_name="单位", on_delete=models.CASCADE, related_name="unit_code")
    code = models.CharField("单位代码", max_length=40, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位代码"

    def __str__(self) -> str:
        return f"{self.code} {self.organisation}"


class FirstLogin(models.Model):
    """A person whose password was issued (shown once or mailed) and must be changed before anything else."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="first_login")
    issued = models.DateTimeField("发放时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "待修改的初始密码"
