"""Monitoring completeness for the 部门整体 self-evaluation: which projects were monitored, and on time.

The 部门整体 frameworks score 绩效监控开展情况 (河南: 绩效监控完成率). Its figures come from the monitoring itself
rather than being typed: 应监控项目数 (the projects the department had to monitor: those in its 监控表 and those it
evaluates at year end), 已监控项目数 (in a 监控表 that was submitted) and 按时监控项目数 (submitted by the due date).
Each figure's 评分依据 names the projects missed, as jixiao.projects.links does for 绩效目标完成率; the figures go into
the department's facts through the same `with_project_figures`. Pure: the reports are given.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from jixiao.model.quantity import Quantity
from jixiao.projects.links import names_text

FIGURE_LABELS = {"应监控项目数": "应开展绩效监控的项目数", "已监控项目数": "已开展绩效监控的项目数", "按时监控项目数": "按时报送监控表的项目数"}


@dataclass(frozen=True)
class MonitoredReport:
    """One unit's 监控表 of a period: its projects, and when it was submitted (None: not submitted)."""

    unit: str
    projects: tuple[str, ...]
    submitted_on: dt.date | None


@dataclass(frozen=True)
class MonitoringFigures:
    period: str  # 1-6月
    expected: tuple[str, ...]
    monitored: tuple[str, ...]
    on_time: tuple[str, ...]
    due: dt.date | None = None
    narrative_key: str = "绩效监控情况"

    def figures(self) -> dict[str, Quantity]:
        count = lambda n: Quantity("count", Decimal(n))  # noqa: E731
        return {"应监控项目数": count(len(self.expected)), "已监控项目数": count(len(self.monitored)), "按时监控项目数": count(len(self.on_time))}

    def figure_label(self, figure: str) -> str:
        return FIGURE_LABELS.get(figure, figure)

    def basis(self, figure: str) -> str:
        missed = [p for p in self.expected if p not in self.monitored]
        late = [p for p in self.monitored if p not in self.on_time]
        due = f"（截止 {self.due.isoformat()}）" if self.due else ""
        return (
            f"取自{self.period}绩效监控：应监控 {len(self.expected)} 个项目，已监控 {len(self.monitored)} 个（未监控：{names_text(missed)}），"
            f"按时报送 {len(self.on_time)} 个{due}（逾期：{names_text(late)}）"
        )

    def paragraph(self) -> str:
        if not self.expected:
            return "本年度没有须开展绩效运行监控的项目。"
        return (
            f"本年度开展了{self.period}绩效运行监控，应监控项目 {len(self.expected)} 个，已监控 {len(self.monitored)} 个，"
            f"其中按时报送 {len(self.on_time)} 个。"
        )


def project_name(unit: str, project: str) -> str:
    """A project as the 评分依据 names it: two units of a department may each have a project of the same name."""
    return f"{project}（{unit}）" if unit else project


def monitoring_figures(
    reports: Iterable[MonitoredReport], period: str, due: dt.date | None, evaluated: Iterable[tuple[str, str]] = ()
) -> MonitoringFigures:
    """`evaluated`: (unit, project) self-evaluated at year end, which had to be monitored too."""
    expected: dict[str, None] = {}
    monitored: dict[str, None] = {}
    on_time: dict[str, None] = {}
    for report in reports:
        for project in report.projects:
            name = project_name(report.unit, project)
            expected[name] = None
            if report.submitted_on is not None:
                monitored[name] = None
                if due is None or report.submitted_on <= due:
                    on_time[name] = None
    expected.update(dict.fromkeys(project_name(unit, project) for unit, project in evaluated))
    return MonitoringFigures(period, tuple(expected), tuple(monitored), tuple(on_time), due)
