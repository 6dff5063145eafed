"""Organisations (财政局 → 主管部门 → 所属单位) and who holds which role in which of them."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Organisation(models.Model):
    FINANCE, DEPARTMENT, UNIT = "finance", "department", "unit"
    KINDS = ((FINANCE, "财政局"), (DEPARTMENT, "主管部门"), (UNIT, "预算单位"))

    name = models.CharField("单位名称", max_length=200, unique=True)
    kind = models.CharField("类别", max_length=12, choices=KINDS)
    # unit → its 主管部门; 主管部门 → its 财政局 (the region); 财政局 → none.
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    own_level = models.BooleanField("本级", default=False, help_text="主管部门本级：列在汇总表所属单位之前")
    contact = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("手机", max_length=30, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ("kind", "-own_level", "name")
        # Scope and round forms list a region's departments and units by kind under a parent.
        indexes = [models.Index(fields=("kind", "parent"), name="organisation_kind_parent")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = {self.FINANCE: None, self.DEPARTMENT: self.FINANCE, self.UNIT: self.DEPARTMENT}[self.kind]
        actual = self.parent.kind if self.parent_id else None
        if expected != actual:
            raise ValidationError({"parent": "上级单位类别不对：财政局无上级，主管部门的上级是财政局，预算单位的上级是主管部门"})

    @property
    def region(self) -> "Organisation":
        """The 财政局 at the top of this organisation's line."""
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node

    @property
    def department(self) -> "Organisation | None":
        if self.kind == self.DEPARTMENT:
            return self
        return self.parent if self.kind == self.UNIT else None


class Membership(models.Model):
    FINANCE, REVIEWER, FILLER = "finance", "reviewer", "filler"
    ROLES = ((FINANCE, "财政局"), (REVIEWER, "主管部门审核"), (FILLER, "单位填报"))
    ROLE_FOR_KIND = {Organisation.FINANCE: FINANCE, Organisation.DEPARTMENT: REVIEWER, Organisation.UNIT: FILLER}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, verbose_name="单位", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=12, choices=ROLES)

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=("user", "organisation", "role"), name="one_role_per_org")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.ROLE_FOR_KIND.get(self.organisation.kind) != self.role:
            raise ValidationError({"role": "角色与单位类别不符：财政局—财政局，主管部门—主管部门审核，预算单位—单位填报"})
