"""A region's own frameworks and their saved versions (each a YAML framework file, valid when saved).

A round opened with a version copies that version's file into the round (Round.framework_text), so the
round keeps scoring by the version it was opened with whatever is saved later.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.orgs.models import Organisation


class EditedFramework(models.Model):
    region = models.ForeignKey(Organisation, verbose_name="财政局", on_delete=models.PROTECT, related_name="edited_frameworks", limit_choices_to={"kind": Organisation.FINANCE})
    created = models.DateTimeField("建立时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "编写的指标体系"
        ordering = ("-id",)

    def latest(self) -> "FrameworkVersion":
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(EditedFramework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本")
    name = models.CharField("名称", max_length=200)
    framework_key = models.CharField("编号", max_length=200)
    text = models.TextField("指标体系（YAML）")
    note = models.CharField("修改说明", max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标体系版本"
        constraints = [models.UniqueConstraint(fields=("framework", "number"), name="one_number_per_framework_version")]
        ordering = ("framework", "-number")

    @property
    def filename(self) -> str:
        return f"{self.framework_key}-第{self.number}版.yaml"
