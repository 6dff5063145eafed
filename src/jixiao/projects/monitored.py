"""The last monitoring period carried into the year end: the 自评表 starts from it, and a result that contradicts it is found.

The 监控表 and the 自评表 hold the same indicators (三级指标 of the 绩效目标表). From the last monitoring period of a
project this module gives (pure, no I/O):

- `prefill`: each indicator's starting 实际完成值 — the period's 全年预计完成情况, or its 1–N月执行情况 where no
  forecast was given — with a 评分依据 saying where it came from ("取自1-6月监控……"), and the funds block from the
  budget (年初预算数; 调整后预算 as 全年预算数; 全年预计执行数 as 全年执行数). Only a starting point: whatever the unit
  types replaces it, and a value that does not read against the year-end target is left for the unit to fill.
- `contradictions`: the indicators the unit said it would certainly reach (完成目标可能性 确定能) and did not reach at
  the year end, for the check `project-forecast-contradicted` (checks/projects.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.quantity import MONEY_UNITS
from jixiao.model.targets import TargetError, parse_target, read_actual
from jixiao.monitoring.model import Monitoring, TargetProgress
from jixiao.projects.targets import IndicatorTarget, ProjectTargets

# A qualitative 1–N月执行情况 (the 监控表's three states) as the 自评表's 完成状态.
STATE_OF_PROGRESS = {"达成目标": "达成", "部分达成目标并具有一定效果": "部分达成", "未达成目标且效果较差": "未达成"}


def period_label(as_of: dt.date) -> str:
    """The monitoring period as the forms name it: 1-6月 for data to 30 June."""
    return f"1-{as_of.month}月"


@dataclass(frozen=True)
class Forecast:
    """One indicator as the last monitoring period left it."""

    indicator: str  # 三级指标
    current: str  # 1–N月执行情况 as written
    forecast: str  # 全年预计完成情况 as written ("" when not given)
    likelihood: str  # 完成目标可能性

    @property
    def expected(self) -> str:
        """What the year end was expected to be: the forecast, else what had been done by then."""
        return self.forecast or self.current


@dataclass(frozen=True)
class MonitoredProject:
    project: str
    as_of: dt.date
    source: str  # the monitoring file or round, as the messages name it
    initial: Decimal | None = None  # 年初预算数, 元
    adjusted: Decimal | None = None  # 调整后预算, 元
    spent: Decimal | None = None  # 1–N月执行数, 元
    forecast: Decimal | None = None  # 全年预计执行数, 元
    adjustment: str = ""  # 调整说明 of the budget
    indicators: tuple[Forecast, ...] = ()

    @property
    def period(self) -> str:
        return period_label(self.as_of)

    def of(self, indicator: str) -> Forecast | None:
        return next((f for f in self.indicators if f.indicator == indicator), None)


def _forecast(item: TargetProgress) -> Forecast:
    return Forecast(item.name, item.current, item.forecast, item.likelihood)


def monitored_projects(monitoring: Monitoring, source: str = "") -> dict[str, MonitoredProject]:
    """Each project of a monitoring period, by name."""
    out = {}
    for subject in monitoring.projects:
        budget = subject.budget
        out[subject.name] = MonitoredProject(
            subject.name, monitoring.as_of, source or monitoring.source,
            budget.initial if budget else None, budget.adjusted if budget else None,
            budget.spent if budget else None, budget.forecast if budget else None, budget.adjustment_note if budget else "",
            tuple(_forecast(item) for item in subject.targets),
        )
    return out


def _reads(text: str, target: IndicatorTarget) -> bool:
    """Whether a monitoring value can stand as this target's 实际完成值 (same unit, one number)."""
    try:
        return read_actual(text, parse_target(target.text(), target.name)) is not None
    except TargetError:
        return False


def indicator_note(monitored: MonitoredProject, forecast: Forecast) -> str:
    """The 评分依据 of a prefilled value: where it came from."""
    period = monitored.period
    if forecast.forecast:
        said = f"全年预计完成情况 {forecast.forecast}（{period}执行情况 {forecast.current}"
    else:
        said = f"{period}执行情况 {forecast.current}（未填全年预计完成情况"
    likelihood = f"，完成目标可能性：{forecast.likelihood}" if forecast.likelihood else ""
    return f"取自{period}监控：{said}{likelihood}），请按年底实际完成情况核实"


def _amount(value: Decimal | None, unit: str) -> str:
    """An amount in `unit` as plain text (1100, 12.5): what a unit would type, read back exactly."""
    if value is None:
        return ""
    text = format(value / MONEY_UNITS[unit], "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def prefill(targets: ProjectTargets, monitored: MonitoredProject, unit: str = "万元") -> dict:
    """The starting 自评 facts of one project: {"funds": {年度资金总额: {initial, budget, spent}}, "indicators":
    {三级指标: {"actual" or "state", "basis"}}, "texts": {"adjustment": 调整说明}, "notes": [...]}, amounts as text in `unit`."""
    indicators: dict[str, dict[str, str]] = {}
    for target in targets.indicators:
        forecast = monitored.of(target.name)
        if forecast is None or not forecast.expected:
            continue
        note = indicator_note(monitored, forecast)
        if target.quantitative:
            if _reads(forecast.expected, target):
                indicators[target.name] = {"actual": forecast.expected, "basis": note}
        elif forecast.expected in STATE_OF_PROGRESS:
            indicators[target.name] = {"state": STATE_OF_PROGRESS[forecast.expected], "basis": note}
    notes = []
    funds: dict[str, str] = {}
    if monitored.initial is not None:
        base = monitored.adjusted if monitored.adjusted is not None else monitored.initial
        funds = {"initial": _amount(monitored.initial, unit), "budget": _amount(base, unit), "spent": _amount(monitored.forecast, unit)}
        if monitored.forecast is not None:
            notes.append(f"全年执行数取自{monitored.period}监控的全年预计执行数 {funds['spent']} {unit}，请按年底实际执行数改写")
    texts = {"adjustment": monitored.adjustment} if monitored.adjustment else {}
    return {"funds": {"年度资金总额": funds} if funds else {}, "indicators": indicators, "texts": texts, "notes": notes}


def without_stale_notes(indicators: dict, targets: ProjectTargets, monitored: MonitoredProject) -> dict:
    """The typed indicators with a prefilled "取自…监控" 评分依据 dropped where its value was typed over: the note
    would otherwise say a typed year-end value came from the monitoring."""
    start = prefill(targets, monitored)["indicators"]
    out = {}
    for name, given in indicators.items():
        first = start.get(name)
        if first is not None and given.get("basis") == first["basis"]:
            key = "actual" if "actual" in first else "state"
            if (given.get(key) or "") != first[key]:
                given = {**given, "basis": ""}
        out[name] = given
    return out


def contradictions(project) -> list[tuple[object, Forecast]]:
    """(indicator, its last forecast) for each indicator forecast as 确定能 and not reached at the year end."""
    monitored: MonitoredProject | None = project.monitored
    if monitored is None:
        return []
    out = []
    for indicator in project.indicators:
        forecast = monitored.of(indicator.target.name)
        if forecast is not None and forecast.likelihood == "确定能" and indicator.reached is False:
            out.append((indicator, forecast))
    return out
