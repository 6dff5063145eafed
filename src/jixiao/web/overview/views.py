"""The round overview page (财政局: its region; 主管部门: its units), its tables as xlsx and the 自评情况分析报告.docx."""
from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from jixiao.overview import charts as chart_module
from jixiao.overview import documents
from jixiao.overview.stats import PROGRESS, all_tables
from jixiao.web.orgs import access
from jixiao.web.overview import gather
from jixiao.web.overview.tables_html import table_html
from jixiao.web.rounds.models import Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _round(request, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    access.require(gather.can_see(request.user, round_))
    return round_


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def overview_page(request, pk: int):
    round_ = _round(request, pk)
    now, before, last_round = gather.for_person(request.user, round_)
    tables = all_tables(now, before, gather.reviewed_for(now))
    charts = {chart.key: chart_module.echarts_option(chart) for chart in chart_module.charts_for(tables)}
    counts = now.progress_counts()
    return render(request, "overview/overview.html", {
        "round": round_, "last_round": last_round, "tables": [(t, charts.get(t.key), table_html(t, f"/rounds/{round_.pk}/units/?late=1" if t.key == "attention" else "")) for t in tables],
        "counts": [(label, counts[key]) for key, label in PROGRESS], "total": len(now.entries),
        "late": len(now.late), "returned": len(now.returned), "is_finance": access.is_finance_of(request.user, round_),
    })


@login_required
def overview_xlsx(request, pk: int):
    """All tables, one sheet each; ?table=<key> only that one (the link beside each chart)."""
    round_ = _round(request, pk)
    now, before, _last = gather.for_person(request.user, round_)
    tables = all_tables(now, before, gather.reviewed_for(now))
    wanted = request.GET.get("table")
    if wanted:
        tables = [t for t in tables if t.key == wanted]
        if not tables:
            raise Http404("没有这张表")
    name = f"{round_.title}·{tables[0].title if wanted else '总览'}.xlsx"
    return _download(documents.tables_xlsx(tables, round_.title), name, XLSX)


@login_required
def overview_docx(request, pk: int):
    round_ = _round(request, pk)
    now, before, _last = gather.for_person(request.user, round_)
    content = documents.report_docx(now, before, round_.region.name, round_.title, gather.reviewed_for(now))
    return _download(content, f"{round_.region.name}{round_.year}年度自评情况分析报告.docx", DOCX)
