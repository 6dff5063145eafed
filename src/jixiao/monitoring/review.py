"""load → lights → requirements for one monitoring file: what the CLI, the documents and the bench use."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Iterable

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where
from jixiao.monitoring.loader import load_monitoring
from jixiao.monitoring.model import Monitoring
from jixiao.monitoring.requirements import need_problem, needs_of, source_problems
from jixiao.monitoring.signals import SubjectLights, monitoring_lights, time_progress
from jixiao.monitoring.thresholds import Thresholds


@dataclass(slots=True)
class MonitoringReview:
    monitoring: Monitoring
    thresholds: Thresholds
    lights: tuple[SubjectLights, ...]
    sums: tuple[Problem, ...]  # 资金来源 / 资金结构 that do not add up
    needs: tuple[tuple, ...]  # what each light obliges the unit to fill in, without its text (requirements.needs_of)
    _problems: tuple[Problem, ...] | None = None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What must still be filled in or corrected before submitting, each located and worded (made when first read)."""
        if self._problems is None:
            self._problems = self.sums + tuple(need_problem(need, self.thresholds) for need in self.needs)
        return self._problems

    @property
    def problem_count(self) -> int:
        return len(self.sums) + len(self.needs)

    @property
    def time_progress(self) -> Fraction:
        return time_progress(self.monitoring.as_of, self.thresholds.time_basis)


def review_monitoring(monitoring: Monitoring, thresholds: Thresholds) -> MonitoringReview:
    lights = tuple(monitoring_lights(monitoring, thresholds))
    needs: list[tuple] = []
    for subject_lights in lights:
        needs.extend(needs_of(subject_lights, thresholds))
    return MonitoringReview(monitoring, thresholds, lights, tuple(source_problems(monitoring)), tuple(needs))


def review_monitorings(monitorings: Iterable[Monitoring], thresholds: Thresholds) -> list[MonitoringReview]:
    """Many periods (a region's units) with Python's cycle collector paused, as jixiao.review.evaluate_and_check_all
    does for scoring: lighting makes no reference cycles (tests/monitoring/test_fast_path.py), yet a batch that keeps
    50,000 projects' lights sets off full collections that walk every live object, the loaded data too — measured
    at about two thirds of the time of 5,000 units × 10 projects. The collector's state is restored afterwards."""
    from jixiao.review import cycle_collector_paused

    with cycle_collector_paused():
        return [review_monitoring(monitoring, thresholds) for monitoring in monitorings]


def review_monitoring_file(path: Path, as_of: dt.date | None = None) -> MonitoringReview:
    monitoring, thresholds = load_monitoring(path)
    if as_of is not None:
        if as_of.year != monitoring.year:
            raise InputError([Problem(Where(str(path), field="--as-of"), f"截止日期 {as_of.isoformat()} 不在 {monitoring.year} 年度内")])
        monitoring = replace(monitoring, as_of=as_of)
    return review_monitoring(monitoring, thresholds)
