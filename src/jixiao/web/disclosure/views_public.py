"""Public pages (no login): publications by region and year, a publication's units with search and grade filter,
each unit's page and files, the open data. They read only the published snapshot, never live submissions, and only complete publications (visible())."""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jixiao.disclosure import opendata
from jixiao.web.rounds import evidence as store
from jixiao.web.disclosure import services
from jixiao.web.disclosure.models import Publication, PublishedFile, PublishedUnit
from jixiao.web.disclosure.ratelimit import limited
from jixiao.web.disclosure.snapshot import snapshot

PAGE = 50
CACHE_SECONDS = 600


def _snapshot_page(request, item: Publication, make) -> HttpResponse:
    """A publication's pages depend only on its frozen snapshot and whether it was withdrawn, so the rendered page
    is kept (per app server) under the address and that state; rendering 50 rows takes tens of milliseconds."""
    key = "jixiao-public-page:" + hashlib.sha256(f"{request.get_full_path()}|{item.pk}|{item.published_at.isoformat()}|{item.withdrawn_at}".encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = make().content
        cache.set(key, content, CACHE_SECONDS)
    return HttpResponse(content, content_type="text/html; charset=utf-8")


def _file(content: bytes, filename: str, content_type: str, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@limited
def index(request):
    # one query: a region has a few publications a year, filtered here rather than asked for three times
    every = list(Publication.objects.visible().only("id", "region", "year", "title", "place", "published_at", "withdrawn_at"))
    region, year = request.GET.get("region", "").strip(), request.GET.get("year", "").strip()
    shown = [p for p in every if (not region or p.region == region) and (not year.isdigit() or p.year == int(year))]
    return render(request, "disclosure/public_index.html", {
        "publications": shown, "regions": sorted({p.region for p in every}), "years": sorted({p.year for p in every}, reverse=True),
        "region": region, "year": year,
    })


@require_GET
@limited
def publication(request, pk: int):
    item = get_object_or_404(Publication.objects.visible(), pk=pk)
    return _snapshot_page(request, item, lambda: _publication(request, item))


def _publication(request, item: Publication):
    q, grade, department = request.GET.get("q", "").strip()[:100], request.GET.get("grade", "").strip()[:10], request.GET.get("department", "").strip()[:200]
    kept = snapshot(item)
    page = Paginator(kept.matching(q, grade, department), PAGE).get_page(request.GET.get("page"))
    return render(request, "disclosure/public_publication.html", {
        "publication": item, "page": page, "q": q, "grade": grade, "department": department, "summary": kept.summary if item.live else None,
        "grades": [g for g in ("优", "良", "中", "差")], "departments": kept.departments,
    })


@require_GET
@limited
def unit(request, pk: int, unit_pk: int):
    item = get_object_or_404(Publication.objects.visible(), pk=pk)
    return _snapshot_page(request, item, lambda: _unit(request, item, unit_pk))


def _unit(request, item: Publication, unit_pk: int):
    published = get_object_or_404(PublishedUnit, pk=unit_pk, publication=item)
    return render(request, "disclosure/public_unit.html", {
        "publication": item, "unit": published, "files": list(published.files.all()) if item.live and not published.withheld else [],
    })


@require_GET
@limited
def download(request, pk: int):
    item = get_object_or_404(PublishedFile.objects.select_related("publication", "unit"), pk=pk, publication__state=Publication.PUBLISHED)
    if not item.publication.live:
        return HttpResponse(f"该公开已于 {item.publication.withdrawn_at:%Y-%m-%d} 撤回：{item.publication.withdrawn_reason}", status=410, content_type="text/plain; charset=utf-8")
    if item.unit is not None and item.unit.withheld:
        raise Http404("不予公开")
    if not store.exists(item.sha256):
        raise Http404("文件不在存储中")
    content = store.read(item.sha256)
    return _file(content, item.filename, item.content_type, attachment=item.kind != PublishedFile.REPORT_PDF)


def _export(request, pk: int, make, filename: str, content_type: str, attachment: bool = True) -> HttpResponse:
    """An open-data file of a live publication, made once per app server from its frozen snapshot and then kept."""
    item = get_object_or_404(Publication.objects.visible(), pk=pk)
    if not item.live:
        return _withdrawn(item)
    key = "jixiao-public-data:" + hashlib.sha256(f"{request.path}|{item.pk}|{item.published_at.isoformat()}".encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = make(item, services.unit_records(item))
        cache.set(key, content, CACHE_SECONDS)
    return _file(content, filename.format(year=item.year, region=item.region), content_type, attachment)


def _withdrawn(item: Publication) -> HttpResponse:
    return HttpResponse(f"该公开已于 {item.withdrawn_at:%Y-%m-%d} 撤回：{item.withdrawn_reason}", status=410, content_type="text/plain; charset=utf-8")


@require_GET
@limited
def data_csv(request, pk: int):
    return _export(request, pk, lambda item, records: opendata.to_csv(records), "{year}-{region}-绩效自评结果.csv", "text/csv; charset=utf-8")


@require_GET
@limited
def data_json(request, pk: int):
    return _export(request, pk, lambda item, records: opendata.to_json(services.publication_record(item), records),
                   "{year}-{region}-绩效自评结果.json", "application/json", attachment=False)


def _xlsx(item: Publication, records) -> bytes:
    return opendata.to_xlsx(f"{item.region} {item.year} 年度部门整体支出绩效自评结果（公开于 {item.published_at:%Y-%m-%d}）", records)


@require_GET
@limited
def data_xlsx(request, pk: int):
    return _export(request, pk, _xlsx, "{year}-{region}-绩效自评结果.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
