"""序时进度 and the lights: budget execution, checkpoints, target progress, the gap between them, the forecast.

Every light keeps the exact figures that gave it; its text (`basis`, basis.py) and its value against the bands
(`points`) are made from them only when read. Colours are decided exactly, on integer pairs (numerator,
denominator) compared by cross-multiplying — a region's 50,000 projects are lit in a few seconds, with no
Fraction or text per light unless someone looks at it.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from jixiao.model.result import Where
from jixiao.monitoring.basis import basis_text, points_of
from jixiao.monitoring.model import QUALITATIVE_STATES, Monitoring, Subject, TargetProgress
from jixiao.monitoring.thresholds import COLOUR_LABELS, SEVERITY, Thresholds, worst

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
REVERSE = ("≤", "<")
_NOWHERE = Where()

Pair = tuple[int, int]


@dataclass(slots=True)  # read-only by convention: a frozen dataclass costs four times as much to make, per light
class Signal:
    kind: str  # a key of SIGNAL_LABELS
    colour: str
    target: str = ""  # the indicator's path; "" for the budget
    where: Where = _NOWHERE
    figures: tuple = ()  # the exact figures the colour came from, by kind (see basis.py)

    @property
    def basis(self) -> str:
        """The figures that gave the colour, in Chinese."""
        return basis_text(self)

    @property
    def points(self) -> Fraction | None:
        """The value compared with the bands, where there is one."""
        return points_of(self)


@dataclass(slots=True)  # read-only by convention, like Signal
class SubjectLights:
    subject: Subject
    rate: Pair | None  # 执行率 as an exact pair
    signals: tuple[Signal, ...]
    target_colours: dict  # indicator path → its worst signal's colour

    @property
    def execution_rate(self) -> Fraction | None:
        return None if self.rate is None else Fraction(*self.rate)

    @property
    def colour(self) -> str:
        return worst(signal.colour for signal in self.signals)

    @property
    def target_colour(self) -> str:
        return worst(self.target_colours.values())

    @property
    def budget_colour(self) -> str:
        return worst(s.colour for s in self.signals if not s.target)

    def colour_of(self, target: TargetProgress) -> str:
        return self.target_colours.get(target.path, "green")


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def time_progress(as_of: date, basis: str = "days") -> Fraction:
    """序时进度: days elapsed since 1 January (the as-of day counted) / days in the year; or N / 12."""
    return Fraction(*_progress_pair(as_of, basis))


def _progress_pair(as_of: date, basis: str) -> Pair:
    if basis == "months":
        last = calendar.monthrange(as_of.year, as_of.month)[1]
        return (as_of.month - 1) * last + as_of.day, 12 * last
    return as_of.timetuple().tm_yday, days_in_year(as_of.year)


def is_cumulative(target: TargetProgress) -> bool:
    """A count or amount builds up over the year; a rate (合格率 95%) is already a whole-year measure."""
    if target.cumulative is not None:
        return target.cumulative
    return not target.target.percent


def _meets(op: str | None, value: Pair, goal: Pair) -> bool:
    left, right = value[0] * goal[1], goal[0] * value[1]
    if op in ("≥", None):
        return left >= right
    return {">": left > right, "≤": left <= right, "<": left < right, "=": left == right}[op]


def due_checkpoint(as_of: date, thresholds: Thresholds) -> tuple[int, Fraction] | None:
    """The last checkpoint whose month has ended by the as-of date (6 月末 40% once 30 June is reached)."""
    due = None
    if not thresholds.uses_checkpoints:
        return due
    for month, share in thresholds.checkpoints:
        if as_of.month > month or (as_of.month == month and as_of.day == calendar.monthrange(as_of.year, month)[1]):
            due = month, share
    return due


def budget_signals(subject: Subject, as_of: date, progress: Pair, thresholds: Thresholds, due=False) -> tuple[Pair | None, list[Signal]]:
    budget = subject.budget
    rate = None if budget is None else budget.rate
    if rate is None:
        return None, []
    signals = []
    if thresholds.uses_ratio:
        colour = thresholds.execution.colour_of_pair(rate[0] * progress[1] * 100, rate[1] * progress[0])
        signals.append(Signal("execution", colour, "", budget.where, (rate, progress)))
    if due is False:
        due = due_checkpoint(as_of, thresholds)
    if due is not None:
        month, share = due
        ok = rate[0] * share.denominator >= share.numerator * rate[1]
        signals.append(Signal("checkpoint", "green" if ok else "red", "", budget.where, (month, share, rate)))
    return rate, signals


def target_signals(item: TargetProgress, progress: Pair, thresholds: Thresholds) -> list[Signal]:
    signals: list[Signal] = []
    goal = item.goal
    if goal is None:  # qualitative: the state chosen is the light
        if item.current in STATE_COLOURS:
            signals.append(Signal("progress", STATE_COLOURS[item.current], item.path, item.where, (item.current,)))
        if item.forecast in STATE_COLOURS and item.forecast != "达成目标":
            signals.append(Signal("forecast", STATE_COLOURS[item.forecast], item.path, item.where, (item.forecast,)))
    elif item.current_pair is not None:
        signals.append(_progress_signal(item, goal, item.current_pair, progress, thresholds))
        forecast = item.forecast_pair
        if forecast is not None and not _meets(item.target.op, forecast, goal):
            signals.append(Signal("forecast", "red", item.path, item.where, (item.target, item.forecast_value)))
    likelihood = item.likelihood
    if likelihood and likelihood != "确定能" and likelihood in LIKELIHOOD_COLOURS:
        signals.append(Signal("likelihood", LIKELIHOOD_COLOURS[likelihood], item.path, item.where, (likelihood,)))
    return signals


def _progress_signal(item: TargetProgress, goal: Pair, current: Pair, progress: Pair, thresholds: Thresholds) -> Signal:
    target = item.target
    if target.op in REVERSE:  # 反向: within the target is on track, beyond it is not
        ok = _meets(target.op, current, goal)
        return Signal("progress", "green" if ok else "red", item.path, item.where, ("reverse", target, item.current_value, ok))
    cumulative = is_cumulative(item)
    # points = current / (goal × progress) × 100 for a cumulative target, current / goal × 100 for a rate
    numerator, denominator = current[0] * goal[1] * 100, current[1] * goal[0]
    if cumulative:
        numerator, denominator = numerator * progress[1], denominator * progress[0]
    figures = ("forward", target, item.current_value, progress if cumulative else None, (numerator, denominator))
    if denominator <= 0:
        return Signal("progress", "green", item.path, item.where, figures)
    return Signal("progress", thresholds.progress.colour_of_pair(numerator, denominator), item.path, item.where, figures)


def gap_signal(subject: Subject, rate: Pair | None, thresholds: Thresholds) -> Signal | None:
    """Target progress (share of the annual value reached, cumulative 正向 targets, at most 100%) against 执行率."""
    if rate is None:
        return None
    total_n, total_d, count = 0, 1, 0
    for t in subject.targets:
        goal, current = t.goal, t.current_pair
        if goal is None or goal[0] <= 0 or current is None or t.target.op in REVERSE or not is_cumulative(t):
            continue
        share_n, share_d = current[0] * goal[1], current[1] * goal[0]
        if share_n >= share_d:
            share_n = share_d = 1
        total_n, total_d = total_n * share_d + share_n * total_d, total_d * share_d
        count += 1
    if not count:
        return None
    average = (total_n, total_d * count)
    # |average − rate| × 100 > gap_points, cross-multiplied
    difference = abs(average[0] * rate[1] - rate[0] * average[1])
    limit = thresholds.gap_points
    colour = "yellow" if difference * 100 * limit.denominator > limit.numerator * average[1] * rate[1] else "green"
    where = subject.budget.where if subject.budget else subject.where
    return Signal("gap", colour, "", where, (average, rate, count, limit))


def subject_lights(subject: Subject, as_of: date, thresholds: Thresholds, progress: Pair | None = None, due=False) -> SubjectLights:
    """`progress` and `due` (the checkpoint) are the same for every subject of a period: found once by monitoring_lights."""
    if progress is None:
        progress = _progress_pair(as_of, thresholds.time_basis)
    rate, signals = budget_signals(subject, as_of, progress, thresholds, due)
    colours: dict[str, str] = {}
    rank = SEVERITY
    for item in subject.targets:
        own = target_signals(item, progress, thresholds)
        signals.extend(own)
        colour = "green"
        for signal in own:  # the worst of the indicator's few signals, without a key function per indicator
            if rank[signal.colour] < rank[colour]:
                colour = signal.colour
        colours[item.path] = colour
    gap = gap_signal(subject, rate, thresholds)
    if gap is not None:
        signals.append(gap)
    return SubjectLights(subject, rate, tuple(signals), colours)


def monitoring_lights(monitoring: Monitoring, thresholds: Thresholds) -> list[SubjectLights]:
    progress = _progress_pair(monitoring.as_of, thresholds.time_basis)
    due = due_checkpoint(monitoring.as_of, thresholds)
    return [subject_lights(subject, monitoring.as_of, thresholds, progress, due) for subject in monitoring.subjects]


def colour_label(colour: str) -> str:
    return COLOUR_LABELS[colour]
