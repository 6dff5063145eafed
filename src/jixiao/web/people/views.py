"""A 财政局's people and units: a 单位名单 joined to an open round, and the people of its region (add, deactivate, re-role)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.loaders.problems import InputError
from jixiao.people.rules import one_time_password
from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership, Organisation
from jixiao.web.people import mail, roster
from jixiao.web.people.models import FirstLogin
from jixiao.web.rounds.models import Round
from jixiao.web.rounds.services import log


@login_required
def roster_page(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    problems, result = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if not round_.is_open:
            problems = ["该批次已结束，不能再加入单位"]
        elif upload is None or not upload.name.lower().endswith(".xlsx") or upload.size > settings.UPLOAD_MAX_BYTES:
            problems = ["请上传不超过 5 MB 的 .xlsx 单位名单"]
        else:
            name = Path(upload.name).name
            with tempfile.TemporaryDirectory(prefix="jixiao-roster-") as scratch:
                path = Path(scratch) / "roster.xlsx"
                path.write_bytes(upload.read())
                try:
                    result = roster.join(round_, roster.read(path, name), request.user, name, send_mail=mail.password_mailer())
                except roster.RosterRefused as refused:
                    problems = refused.problems
                except InputError as error:
                    problems = [p.describe().replace(str(path), name) for p in error.problems]
    # The result (with one-time passwords) is rendered once in this response, never stored or redirected.
    response = render(request, "people/roster.html", {"round": round_, "columns": roster.COLUMNS, "problems": problems, "result": result}, status=400 if problems else 200)
    response["Cache-Control"] = "no-store"
    return response


def _regions(user) -> list[int]:
    return access.orgs_with_role(user, Membership.FINANCE)


def _region_orgs(regions: list[int]):
    return Organisation.objects.filter(Q(id__in=regions) | Q(parent_id__in=regions) | Q(parent__parent_id__in=regions))


def _people(regions: list[int]):
    User = get_user_model()
    return User.objects.filter(memberships__organisation__in=_region_orgs(regions)).distinct().order_by("username").prefetch_related("memberships__organisation")


@login_required
def people_page(request):
    regions = _regions(request.user)
    access.require(bool(regions))
    issued = None
    errors: dict[str, str] = {}
    typed = request.POST if request.method == "POST" else {}
    orgs = _region_orgs(regions).order_by("kind", "parent__name", "name")
    if request.method == "POST":
        username, full_name, org_id = typed.get("username", "").strip(), typed.get("full_name", "").strip(), typed.get("organisation", "")
        org = orgs.filter(pk=int(org_id)).first() if org_id.isdigit() else None
        if not roster.USERNAME.fullmatch(username):
            errors["username"] = "用户名只能由字母、数字和 _ . @ + - 组成（3 至 150 位）"
        elif get_user_model().objects.filter(username=username).exists():
            errors["username"] = f"用户名“{username}”已被使用"
        if not full_name:
            errors["full_name"] = "请填写姓名"
        if org is None:
            errors["organisation"] = "请选择本地区的单位"
        if not errors:
            password = one_time_password()
            with transaction.atomic():
                person = get_user_model().objects.create_user(username, password=password, first_name=full_name, email=typed.get("email", "").strip())
                Membership.objects.create(user=person, organisation=org, role=Membership.ROLE_FOR_KIND[org.kind])
                FirstLogin.objects.create(user=person)
                log(request.user, "change", organisation=org, field="人员", new=f"{username}（{Membership.ROLE_FOR_KIND[org.kind]}）", comment="新增")
            issued = (username, full_name, org.name, password)
            typed = {}
    response = render(request, "people/people.html", {"people": _people(regions), "orgs": orgs, "errors": errors, "typed": typed, "issued": issued}, status=400 if errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def person_change(request, pk: int):
    """Deactivate, reactivate, or move a person to another organisation of the region (its role follows the kind)."""
    regions = _regions(request.user)
    access.require(bool(regions))
    person = get_object_or_404(_people(regions), pk=pk)
    region_orgs = _region_orgs(regions)
    if person.is_staff or person.memberships.exclude(organisation__in=region_orgs).exists() or person.pk == request.user.pk:
        messages.error(request, f"{person.username} 不能在此修改（系统管理员、本人或兼任其他地区的人员）")
        return redirect("people")
    action = request.POST.get("action", "")
    with transaction.atomic():
        if action in ("deactivate", "activate"):
            person.is_active = action == "activate"
            person.save(update_fields=["is_active"])
            log(request.user, "change", field="人员", old=person.username, new="启用" if person.is_active else "停用")
            messages.success(request, f"已{'启用' if person.is_active else '停用'} {person.username}")
        elif action == "move":
            org_id = request.POST.get("organisation", "")
            org = region_orgs.filter(pk=int(org_id)).first() if org_id.isdigit() else None
            if org is None:
                messages.error(request, "请选择本地区的单位")
                return redirect("people")
            old = "、".join(f"{m.organisation.name}（{m.get_role_display()}）" for m in person.memberships.select_related("organisation"))
            person.memberships.all().delete()
            membership = Membership.objects.create(user=person, organisation=org, role=Membership.ROLE_FOR_KIND[org.kind])
            log(request.user, "change", organisation=org, field="人员", old=f"{person.username}：{old}", new=f"{org.name}（{membership.get_role_display()}）")
            messages.success(request, f"{person.username} 改为 {org.name}（{membership.get_role_display()}）")
        else:
            messages.error(request, "未知的操作")
    return redirect("people")
