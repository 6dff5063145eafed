"""序时进度 and the lights: budget execution, checkpoints, target progress, the gap between them, the forecast.

Every light carries the figures that gave it (`basis`), so a reader sees why a project is red.
Ratios are exact (Fraction); a light's colour is decided on exact values, the text rounds for display.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from jixiao.model.quantity import format_percent, round_exact
from jixiao.model.result import Where
from jixiao.monitoring.model import QUALITATIVE_STATES, Monitoring, Subject, TargetProgress
from jixiao.monitoring.thresholds import COLOUR_LABELS, Thresholds, points_text, worst

STATE_COLOURS = dict(zip(QUALITATIVE_STATES, ("green", "yellow", "red")))
LIKELIHOOD_COLOURS = {"确定能": "green", "有可能": "yellow", "完全不可能": "red"}
SIGNAL_LABELS = {
    "execution": "预算执行",
    "checkpoint": "执行节点",
    "progress": "目标进度",
    "gap": "目标与执行偏离",
    "forecast": "全年预计",
    "likelihood": "完成可能性",
}


@dataclass(frozen=True, slots=True)
class Signal:
    kind: str  # a key of SIGNAL_LABELS
    colour: str
    basis: str  # the figures that gave the colour, in Chinese
    target: str = ""  # the indicator's path; "" for the budget
    where: Where = Where()
    points: Fraction | None = None  # the value compared with the bands, where there is one


@dataclass(frozen=True, slots=True)
class SubjectLights:
    subject: Subject
    execution_rate: Fraction | None
    signals: tuple[Signal, ...]

    @property
    def colour(self) -> str:
        return worst(signal.colour for signal in self.signals)

    @property
    def target_colour(self) -> str:
        return worst(s.colour for s in self.signals if s.target)

    @property
    def budget_colour(self) -> str:
        return worst(s.colour for s in self.signals if not s.target)

    def colour_of(self, target: TargetProgress) -> str:
        return worst(s.colour for s in self.signals if s.target == target.path)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def time_progress(as_of: date, basis: str = "days") -> Fraction:
    """序时进度: days elapsed since 1 January (the as-of day counted) / days in the year; or N / 12."""
    if basis == "months":
        last = calendar.monthrange(as_of.year, as_of.month)[1]
        return Fraction(as_of.month - 1, 12) + Fraction(as_of.day, last * 12)
    return Fraction(as_of.timetuple().tm_yday, days_in_year(as_of.year))


def is_cumulative(target: TargetProgress) -> bool:
    """A count or amount builds up over the year; a rate (合格率 95%) is already a whole-year measure."""
    if target.cumulative is not None:
        return target.cumulative
    return not target.target.percent


def _pct(value: Fraction) -> str:
    return format_percent(value)


def _pts(value: Fraction) -> str:
    return format_percent(value / 100)[:-1]


def budget_signals(subject: Subject, as_of: date, progress: Fraction, thresholds: Thresholds) -> tuple[Fraction | None, list[Signal]]:
    budget = subject.budget
    if budget is None or budget.base <= 0:
        return None, []
    rate = Fraction(budget.spent) / Fraction(budget.base)
    points = rate / progress * 100
    colour = thresholds.execution.colour(points)
    signals = [
        Signal(
            "execution", colour,
            f"执行率 {_pct(rate)}，序时进度 {_pct(progress)}，执行率与序时进度之比 {_pts(points)}",
            where=budget.where, points=points,
        )
    ]
    due = [(month, share) for month, share in thresholds.checkpoints if as_of >= _month_end(as_of.year, month)]
    if due:
        month, share = due[-1]
        ok = rate >= share
        signals.append(
            Signal(
                "checkpoint", "green" if ok else "red",
                f"{month} 月末累计执行率应不低于 {_pct(share)}，实际 {_pct(rate)}" + ("" if ok else "，低于节点要求"),
                where=budget.where,
            )
        )
    return rate, signals


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def target_signals(item: TargetProgress, progress: Fraction, thresholds: Thresholds) -> list[Signal]:
    signals: list[Signal] = []
    target = item.target
    here = {"target": item.path, "where": item.where}
    if target.value is None:  # qualitative: the state chosen is the light
        if item.current in STATE_COLOURS:
            signals.append(Signal("progress", STATE_COLOURS[item.current], f"当前：{item.current}", **here))
        if item.forecast in STATE_COLOURS and item.forecast != "达成目标":
            signals.append(Signal("forecast", STATE_COLOURS[item.forecast], f"全年预计：{item.forecast}", **here))
    elif item.current_value is not None:
        signals.append(_progress_signal(item, progress, thresholds))
        if item.forecast_value is not None and not _meets(target.op, Fraction(item.forecast_value), Fraction(target.value)):
            signals.append(
                Signal("forecast", "red", f"全年预计 {target.display_value(item.forecast_value)}，达不到年度指标值 {target.display()}", **here)
            )
    if item.likelihood in LIKELIHOOD_COLOURS and item.likelihood != "确定能":
        signals.append(Signal("likelihood", LIKELIHOOD_COLOURS[item.likelihood], f"单位判断完成目标可能性为“{item.likelihood}”", **here))
    return signals


def _meets(op: str | None, value: Fraction, goal: Fraction) -> bool:
    return {"≥": value >= goal, ">": value > goal, "≤": value <= goal, "<": value < goal, "=": value == goal}[op or "≥"]


def _progress_signal(item: TargetProgress, progress: Fraction, thresholds: Thresholds) -> Signal:
    target = item.target
    goal, current = Fraction(target.value), Fraction(item.current_value)
    shown = f"当前 {target.display_value(item.current_value)}，年度指标值 {target.display()}"
    here = {"target": item.path, "where": item.where}
    if target.op in ("≤", "<"):  # 反向: within the target is on track, beyond it is not
        ok = _meets(target.op, current, goal)
        return Signal("progress", "green" if ok else "red", shown + ("，在指标值以内" if ok else "，已超出指标值"), **here)
    if is_cumulative(item):
        expected = goal * progress
        text = f"{shown}，按序时进度 {_pct(progress)} 应完成约 {target.display_value(round_exact(expected, 2 if not target.percent else 4))}"
    else:
        expected = goal
        text = shown
    if expected <= 0:
        return Signal("progress", "green", text, **here)
    points = current / expected * 100
    return Signal("progress", thresholds.progress.colour(points), f"{text}，完成程度 {_pts(points)}", points=points, **here)


def gap_signal(subject: Subject, rate: Fraction | None, thresholds: Thresholds) -> Signal | None:
    """Target progress (share of the annual value reached, cumulative 正向 targets) against budget execution."""
    if rate is None:
        return None
    shares = [
        min(Fraction(1), Fraction(t.current_value) / Fraction(t.target.value))
        for t in subject.targets
        if t.target.value and t.target.value > 0 and t.current_value is not None and t.target.op not in ("≤", "<") and is_cumulative(t)
    ]
    if not shares:
        return None
    share = sum(shares) / len(shares)
    gap = abs(share - rate) * 100
    colour = "yellow" if gap > thresholds.gap_points else "green"
    return Signal(
        "gap", colour,
        f"目标完成程度 {_pct(share)}（{len(shares)} 项累计指标的平均），预算执行率 {_pct(rate)}，相差 {_pts(gap)} 个百分点"
        + (f"，超过 {points_text(thresholds.gap_points)} 个百分点" if colour != "green" else ""),
        where=subject.budget.where if subject.budget else subject.where, points=gap,
    )


def subject_lights(subject: Subject, as_of: date, thresholds: Thresholds) -> SubjectLights:
    progress = time_progress(as_of, thresholds.time_basis)
    rate, signals = budget_signals(subject, as_of, progress, thresholds)
    for item in subject.targets:
        signals.extend(target_signals(item, progress, thresholds))
    gap = gap_signal(subject, rate, thresholds)
    if gap is not None:
        signals.append(gap)
    return SubjectLights(subject, rate, tuple(signals))


def monitoring_lights(monitoring: Monitoring, thresholds: Thresholds) -> list[SubjectLights]:
    return [subject_lights(subject, monitoring.as_of, thresholds) for subject in monitoring.subjects]


def colour_label(colour: str) -> str:
    return COLOUR_LABELS[colour]
