"""The demo region's monitoring round: every unit's 监控表 from the monitoring example, at different stages."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "demo-2024-1至6月-监控.yaml"
TITLE = "2024 年 1–6 月绩效运行监控"
SUBMITTED = ("dw2", "dw3", "dw4")  # submitted to their 主管部门; dw5's is approved; dw1's is a draft to look at and change
APPROVED = ("dw5",)
# dw1's two projects (examples/projects) monitored in the demo's evaluation year, so their year-end 自评 starts from it.
PROJECTS_EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "某县农业农村局-2023-1至6月-监控.yaml"
PROJECTS_TITLE = "{year} 年 1–6 月项目绩效运行监控"


def seed_demo_monitoring(region, finance_user, fillers: dict) -> None:
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.web.monitoring import services
    from jixiao.web.monitoring.models import Disposition, MonitoringReport, MonitoringRound

    if MonitoringRound.objects.filter(region=region, title=TITLE).exists() or not EXAMPLE.is_file():
        return
    round_ = services.open_monitoring_round(
        region, finance_user, title=TITLE, year=2024, as_of=dt.date(2024, 6, 30), due=dt.date(2024, 7, 15), units=list(fillers.values())
    )
    example = services._plain(load_yaml(EXAMPLE))
    for index, (filler, unit) in enumerate(fillers.items()):
        report = round_.reports.get(unit=unit)
        data = {**example, "department": unit.name, "projects": [dict(p) for p in example["projects"]]}
        # the units spent at different paces on the first project (90, 108, 126 … 万元 of 300), so the board varies
        first = data["projects"][0]
        first["budget"] = {**first["budget"], "执行数": str(90 + 18 * index)}
        services.store(report, data, finance_user)
        if filler in SUBMITTED or filler in APPROVED:
            services.transition(report, MonitoringReport.SUBMITTED, finance_user, "提交")
        if filler in APPROVED:
            services.transition(report, MonitoringReport.APPROVED, finance_user, "审核通过")
            Disposition.objects.create(
                report=report, project="校园安全提升工程", action="reallocate", amount=Decimal("60"), by=finance_user,
                reason="执行进度低于 6 月末 40% 的节点要求，调剂 60 万元至执行较快的项目。", decided_on=dt.date(2024, 7, 20),
            )


def seed_project_monitoring(region, unit, year: int) -> None:
    """An approved 1–6 月 监控表 of `unit`'s projects in `year` (the projects example's monitoring, its year moved)."""
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.web.monitoring import services
    from django.utils import timezone

    from jixiao.web.monitoring.models import MonitoringEvent, MonitoringReport, MonitoringRound

    title = PROJECTS_TITLE.format(year=year)
    if MonitoringRound.objects.filter(region=region, title=title).exists() or not PROJECTS_EXAMPLE.is_file():
        return
    round_ = services.open_monitoring_round(region, None, title=title, year=year, as_of=dt.date(year, 6, 30), due=dt.date(year, 7, 15), units=[unit])
    report = round_.reports.get(unit=unit)
    services.store(report, {**services._plain(load_yaml(PROJECTS_EXAMPLE)), "department": unit.name}, None)
    # submitted on 10 July, before the due date (the 绩效监控开展情况 figures count it as on time), approved on 12 July
    report.state = MonitoringReport.APPROVED
    report.save(update_fields=["state", "updated"])
    for action, day in (("提交", 10), ("审核通过", 12)):
        MonitoringEvent.objects.create(report=report, user=None, action=action, at=timezone.make_aware(dt.datetime(year, 7, day, 10)))
