"""The monitoring web's work, over jixiao.monitoring: open a round, read an uploaded 监控填报表, review, transitions."""
from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where
from jixiao.monitoring.loader import build_monitoring
from jixiao.monitoring.review import MonitoringReview, review_monitoring
from jixiao.web.monitoring.models import Light, MonitoringEvent, MonitoringReport, MonitoringRound

MAX_UPLOAD = 5 * 1024 * 1024


def _plain(value):
    """The raw mapping as JSON keeps it: exact amounts as text, dates as 2024-06-30."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


@transaction.atomic
def open_monitoring_round(
    region, user, *, title: str, year: int, as_of: dt.date, due: dt.date | None, units, thresholds: dict | None = None
) -> MonitoringRound:
    round_ = MonitoringRound.objects.create(region=region, title=title, year=year, as_of=as_of, due=due, thresholds=thresholds or {})
    starts = starting_data_of(round_, units)
    for unit in units:
        report = MonitoringReport.objects.create(round=round_, unit=unit, data=starts[unit.pk])
        MonitoringEvent.objects.create(report=report, user=user, action="开启监控")
    return round_


def starting_data(round_: MonitoringRound, unit) -> dict:
    return starting_data_of(round_, [unit])[unit.pk]


def starting_data_of(round_: MonitoringRound, units) -> dict[int, dict]:
    """Each unit's 监控表 before it is filled in: its targets and budgets (jixiao.monitoring.prefill) — from its latest
    earlier period of the year, or else from its projects' 绩效目标表 of that year. Two queries for the whole region."""
    from jixiao.monitoring.prefill import carried_forward, from_target_tables
    from jixiao.web.projects.models import ProjectSubmission

    ids = [unit.pk for unit in units]
    earlier: dict[int, MonitoringReport] = {}
    for report in (
        MonitoringReport.objects.filter(unit_id__in=ids, round__year=round_.year, round__as_of__lt=round_.as_of)
        .exclude(round=round_).order_by("round__as_of", "id")
    ):
        earlier[report.unit_id] = report  # the latest one wins
    tables: dict[int, list[dict]] = {}
    for submission in ProjectSubmission.objects.filter(unit_id__in=ids, round__year=round_.year).order_by("project").only("unit_id", "project", "targets"):
        tables.setdefault(submission.unit_id, []).append({**submission.targets, "project": submission.project})
    out = {}
    for unit in units:
        data = {"department": unit.name, "year": round_.year, "as_of": round_.as_of.isoformat(), "unit": "万元"}
        if unit.pk in earlier:
            data["unit"] = earlier[unit.pk].data.get("unit", "万元")
            data.update(carried_forward(earlier[unit.pk].data))
        else:
            data.update(from_target_tables(tables.get(unit.pk, [])))
        out[unit.pk] = _plain(data)
    return out


def _with_round(report: MonitoringReport, data: dict) -> dict:
    """The round decides the period and the thresholds, whatever a file says."""
    merged = {**data, "year": report.round.year, "as_of": report.round.as_of.isoformat()}
    if report.round.thresholds:
        merged["thresholds"] = report.round.thresholds
    return merged


def review_report(report: MonitoringReport, require_progress: bool = True) -> MonitoringReview:
    monitoring, thresholds = build_monitoring(_with_round(report, report.data), "监控表", None, require_progress)
    return review_monitoring(monitoring, thresholds)


def try_review(report: MonitoringReport) -> tuple[MonitoringReview | None, list[Problem]]:
    """The lights of what can be read and every input problem, each named by its field of the web 监控表 (fill.places):
    a draft with one wrong figure is still lit, the wrong figure left out. None only when the period cannot be read."""
    from jixiao.monitoring.loader import read_monitoring
    from jixiao.web.monitoring.fill import places

    data = _with_round(report, report.data)
    monitoring, thresholds, problems = read_monitoring(data, "监控表", places(data))
    return (None if monitoring is None else review_monitoring(monitoring, thresholds)), problems


def missing(review: MonitoringReview | None, problems: list[Problem], months: int | None = None) -> list[str]:
    """What stops the submit, as the library words it: input problems at their fields, then what the lights require."""
    from jixiao.web.monitoring.fill import missing_list

    return missing_list(review, problems, months) or ([] if review is not None else ["监控数据无法读取"])


def last_monitored(unit, year: int) -> dict:
    """The unit's projects as its last submitted (or approved) 监控表 of the year left them, by name
    (jixiao.projects.monitored): where the year-end 自评 starts from and what it is checked against. {} when none."""
    from jixiao.projects.monitored import monitored_projects

    report = (
        MonitoringReport.objects.filter(unit=unit, round__year=year, state__in=(MonitoringReport.SUBMITTED, MonitoringReport.APPROVED))
        .select_related("round").order_by("-round__as_of", "-round_id").first()
    )
    if report is None:
        return {}
    try:
        monitoring, _thresholds = build_monitoring(_with_round(report, report.data), "监控表", None, True)
    except InputError:
        return {}
    return monitored_projects(monitoring, report.round.title)


def last_monitored_by_unit(units, year: int) -> dict[int, dict]:
    """last_monitored for many units: only those with a submitted 监控表 that year are read (one query finds
    them), so opening a round of thousands of units without monitoring costs one query."""
    monitored = set(
        MonitoringReport.objects.filter(unit__in=list(units), round__year=year, state__in=(MonitoringReport.SUBMITTED, MonitoringReport.APPROVED))
        .values_list("unit_id", flat=True)
    )
    return {unit.pk: last_monitored(unit, year) for unit in units if unit.pk in monitored}


def completeness(region_id: int, year: int, department_id: int, evaluated=()):
    """绩效监控开展情况 of one 主管部门 in the region's last monitoring round of the year
    (jixiao.monitoring.completeness): its units' projects, which were submitted, which by the due date. None when
    the year had no monitoring round. `evaluated`: (unit, project) self-evaluated at year end."""
    from django.utils import timezone

    from jixiao.monitoring.completeness import MonitoredReport, monitoring_figures
    from jixiao.projects.monitored import period_label

    round_ = MonitoringRound.objects.filter(region_id=region_id, year=year).order_by("-as_of", "-id").first()
    if round_ is None:
        return None
    reports = round_.reports.filter(unit__parent_id=department_id).select_related("unit")
    submitted = {}
    for event in MonitoringEvent.objects.filter(report__in=reports, action="提交").order_by("at").values("report_id", "at"):
        submitted.setdefault(event["report_id"], timezone.localtime(event["at"]).date())
    monitored = [
        MonitoredReport(
            report.unit.name, tuple(str(p.get("name", "")) for p in report.data.get("projects") or () if isinstance(p, dict)),
            submitted.get(report.pk) if report.state in (MonitoringReport.SUBMITTED, MonitoringReport.APPROVED) else None,
        )
        for report in reports
    ]
    return round_, monitoring_figures(monitored, period_label(round_.as_of), round_.due, evaluated)


def read_upload(report: MonitoringReport, upload) -> dict:
    """An uploaded 监控填报表.xlsx → the data to store; InputError (cells named) and nothing stored when it is wrong."""
    from jixiao.monitoring.workbook import read_monitoring_xlsx

    name = upload.name or "监控填报表.xlsx"
    if not name.lower().endswith(".xlsx"):
        raise InputError([Problem(Where(name), "请上传 jixiao 生成的 监控填报表.xlsx")])
    if upload.size > MAX_UPLOAD:
        raise InputError([Problem(Where(name), f"文件过大（超过 {MAX_UPLOAD // 1024 // 1024} MB）")])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.xlsx"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        raw, cells, problems = read_monitoring_xlsx(path)
    raw["department"] = report.unit.name
    build_monitoring(_with_round(report, raw), name, cells, True, problems)  # raises with every problem, by cell
    return _plain(raw)


def lights_of(report: MonitoringReport) -> list:
    """The board's rows of one report version, from jixiao.monitoring (the one place lights are computed)."""
    from jixiao.model.quantity import format_percent
    from jixiao.monitoring.signals import SIGNAL_LABELS
    from jixiao.monitoring.thresholds import COLOUR_LABELS, SEVERITY

    review, _problems = try_review(report)
    if review is None:
        return []
    rows = []
    department_id = report.unit.parent_id
    for position, lights in enumerate(review.lights):
        budget = lights.subject.budget
        rows.append(Light(
            report=report, round_id=report.round_id, department_id=department_id, position=position, name="部门整体" if lights.subject.kind == "department" else lights.subject.name,
            colour=lights.colour, severity=SEVERITY[lights.colour], amount=budget.base if budget else None,
            rate=format_percent(lights.execution_rate) if lights.execution_rate is not None else "",
            warned=[
                [COLOUR_LABELS[s.colour], s.colour, SIGNAL_LABELS[s.kind], s.target.split(" / ")[-1], s.basis]
                for s in lights.signals if s.colour != "green"
            ],
        ))
    return rows


@transaction.atomic
def store(report: MonitoringReport, data: dict, user, action: str = "上传监控表", comment: str = "") -> None:
    report.data = data
    report.version += 1
    report.save()
    report.lights.all().delete()
    Light.objects.bulk_create(lights_of(report))
    MonitoringEvent.objects.create(report=report, user=user, action=action, comment=f"第 {report.version} 版" + (f"：{comment}" if comment else ""))


def units_started(round_: MonitoringRound) -> bool:
    """A unit has saved or uploaded its 监控表 (each report starts at version 1): the thresholds are then fixed."""
    return round_.reports.filter(version__gt=1).exists()


@transaction.atomic
def transition(report: MonitoringReport, state: str, user, action: str, comment: str = "") -> None:
    report.state = state
    report.save(update_fields=["state", "updated"])
    MonitoringEvent.objects.create(report=report, user=user, action=action, comment=comment)
