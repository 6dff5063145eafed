"""Org list import for a 财政局."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from jixiao.loaders.problems import InputError
from jixiao.web.orgs import access
from jixiao.web.orgs.importer import COLUMNS, import_orgs as run_import, read_org_list
from jixiao.web.orgs.models import Membership, Organisation


@login_required
def import_orgs(request):
    regions = Organisation.objects.filter(id__in=access.orgs_with_role(request.user, Membership.FINANCE)).order_by("name")
    access.require(regions.exists())
    chosen = request.POST.get("region") or request.GET.get("region") or ""
    region = regions.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    region = region or regions.first()
    problems: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith(".xlsx") or upload.size > settings.UPLOAD_MAX_BYTES:
            problems = ["请上传不超过 5 MB 的 .xlsx 单位名单"]
        else:
            name = Path(upload.name).name
            with tempfile.TemporaryDirectory(prefix="jixiao-orgs-") as scratch:
                path = Path(scratch) / "orgs.xlsx"
                path.write_bytes(upload.read())
                try:
                    made = run_import(read_org_list(path, name, region), region, name)
                    messages.success(request, f"已导入 {len(made)} 个单位")
                    return redirect("import_orgs")
                except InputError as error:
                    problems = [p.describe().replace(str(path), name) for p in error.problems]
    units = Organisation.objects.filter(parent__parent=region) | Organisation.objects.filter(parent=region)
    return render(request, "jixiao/import_orgs.html", {"region": region, "regions": regions, "problems": problems, "columns": COLUMNS, "orgs": units.order_by("kind", "name")})
