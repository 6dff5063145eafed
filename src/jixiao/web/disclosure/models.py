"""Publications: a frozen snapshot of a reviewed round (or some of its units) as it was approved.

Nothing here points back at live data for what it shows: names, amounts and scores are copied, and each
document is stored once by its SHA-256 in the content-addressed store (jixiao.web.rounds.evidence), so a
later edit of a unit's facts changes nothing published. Withdrawing keeps the record and leaves a notice.

Publishing is a job (jixiao.web.disclosure.building): the request records the units and their figures (排队中),
`jixiao publish` makes each unit's documents once (生成中 n/N) and the publication is shown only when all are
made (已公开): public pages read `Publication.objects.visible()` only.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from jixiao.web.rounds.models import Round, Submission


class PublicationQuerySet(models.QuerySet):
    def visible(self):
        """What the public pages may show: complete publications (withdrawn ones too, for their notice)."""
        return self.filter(state=Publication.PUBLISHED)


class Publication(models.Model):
    QUEUED, BUILDING, PUBLISHED, FAILED = "queued", "building", "published", "failed"
    STATES = ((QUEUED, "排队中"), (BUILDING, "生成中"), (PUBLISHED, "已公开"), (FAILED, "未能生成"))

    round = models.ForeignKey(Round, verbose_name="评价批次", on_delete=models.PROTECT, related_name="publications")
    region = models.CharField("财政局", max_length=200)
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=300)
    place = models.CharField("公开渠道", max_length=300, help_text="如 某市人民政府门户网站·财政预决算公开专栏")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)  # set when complete
    state = models.CharField("状态", max_length=12, choices=STATES, default=QUEUED)
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    pdf = models.BooleanField("含自评报告 PDF", default=True)
    total = models.PositiveIntegerField("需生成材料的单位数", default=0)
    built = models.PositiveIntegerField("已生成材料的单位数", default=0)
    error = models.TextField("未能生成的原因", blank=True)
    # A worker holds the job until then; a worker that died leaves it to the next run after this time.
    claimed_until = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公开"
        ordering = ("-year", "-published_at", "-id")

    def __str__(self) -> str:
        return self.title

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None

    @property
    def progress(self) -> str:
        """排队中 / 生成中（n/N）/ 已公开 / 未能生成, as the 财政局's page shows it."""
        if self.state == self.BUILDING:
            return f"生成中（{self.built}/{self.total}）"
        return self.get_state_display()


class PublishedUnit(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="units")
    submission = models.ForeignKey(Submission, null=True, on_delete=models.SET_NULL, related_name="+")  # provenance only; never read for display
    department = models.CharField("主管部门", max_length=200)
    unit = models.CharField("预算单位", max_length=200)
    budget = models.CharField("预算数（元）", max_length=40, blank=True)
    spent = models.CharField("执行数（元）", max_length=40, blank=True)
    self_score = models.CharField("自评分数", max_length=20, blank=True)
    reviewed_score = models.CharField("复核分数", max_length=20, blank=True)
    final_score = models.CharField("最终得分", max_length=20, blank=True)
    grade = models.CharField("等级", max_length=10, blank=True)
    withheld = models.BooleanField("不予公开", default=False)
    withheld_reason = models.CharField("不予公开理由", max_length=300, blank=True)
    version = models.PositiveIntegerField("填报版本", null=True)  # the submission's version the figures were copied from
    built = models.BooleanField("材料已生成", default=False)  # its files are recorded; the job never makes them again

    class Meta:
        verbose_name = verbose_name_plural = "公开的单位"
        ordering = ("department", "unit")
        # A publication's list in its order (主管部门, 单位) and its 主管部门 filter; by grade.
        indexes = [models.Index(fields=("publication", "grade"), name="published_unit_grade"),
                   models.Index(fields=("publication", "department", "unit"), name="published_unit_order")]


class PublishedFile(models.Model):
    REPORT_PDF, SCORESHEET, SUMMARY = "report_pdf", "scoresheet", "summary"
    KINDS = ((REPORT_PDF, "自评报告（PDF）"), (SCORESHEET, "评分表"), (SUMMARY, "汇总表"))

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="files")
    unit = models.ForeignKey(PublishedUnit, null=True, on_delete=models.CASCADE, related_name="files")  # none: the region's 汇总表
    kind = models.CharField("类别", max_length=12, choices=KINDS)
    filename = models.CharField("文件名", max_length=300)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = verbose_name_plural = "公开的文件"
        ordering = ("kind",)
        indexes = [models.Index(fields=("publication", "kind"), name="published_file_kind")]
