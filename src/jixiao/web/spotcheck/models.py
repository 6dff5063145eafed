"""抽查 draws (recorded with their seed and population, so anyone can redo them) and third-party evaluators."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds.models import Round, Submission


class SampleDraw(models.Model):
    round = models.ForeignKey(Round, verbose_name="评价批次", on_delete=models.PROTECT, related_name="sample_draws")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    seed = models.PositiveBigIntegerField("随机种子")
    amount_min = models.DecimalField("预算数不低于（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField("预算数不高于（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    ratio = models.DecimalField("抽取比例（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    count = models.PositiveIntegerField("抽取个数", null=True, blank=True)
    population = models.JSONField("符合条件的单位", default=list)  # unit names, as drawn
    chosen = models.JSONField("抽中的单位", default=list)  # unit names, in lot order

    class Meta:
        verbose_name = verbose_name_plural = "抽查抽取"
        ordering = ("-at", "-id")


class Evaluator(models.Model):
    """A third-party evaluator (第三方机构 or expert) engaged by one 财政局: sees only what is assigned to it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="evaluator")
    agency = models.CharField("机构名称", max_length=200)
    region = models.ForeignKey(Organisation, verbose_name="财政局", on_delete=models.PROTECT, related_name="evaluators", limit_choices_to={"kind": Organisation.FINANCE})

    class Meta:
        verbose_name = verbose_name_plural = "第三方评价人员"

    def __str__(self) -> str:
        return f"{self.agency}（{self.user.username}）"


class Assignment(models.Model):
    evaluator = models.ForeignKey(Evaluator, verbose_name="第三方", on_delete=models.CASCADE, related_name="assignments")
    submission = models.ForeignKey(Submission, verbose_name="填报", on_delete=models.CASCADE, related_name="evaluator_assignments")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="委托人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "委托评价"
        constraints = [models.UniqueConstraint(fields=("evaluator", "submission"), name="one_assignment_per_evaluator")]
