"""load → lights → requirements for one monitoring file: what the CLI, the documents and the bench use."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where
from jixiao.monitoring.loader import load_monitoring
from jixiao.monitoring.model import Monitoring
from jixiao.monitoring.requirements import requirements, source_problems
from jixiao.monitoring.signals import SubjectLights, monitoring_lights, time_progress
from jixiao.monitoring.thresholds import Thresholds


@dataclass(frozen=True, slots=True)
class MonitoringReview:
    monitoring: Monitoring
    thresholds: Thresholds
    lights: tuple[SubjectLights, ...]
    problems: tuple[Problem, ...]  # what must still be filled in or corrected before submitting

    @property
    def time_progress(self) -> Fraction:
        return time_progress(self.monitoring.as_of, self.thresholds.time_basis)


def review_monitoring(monitoring: Monitoring, thresholds: Thresholds) -> MonitoringReview:
    lights = tuple(monitoring_lights(monitoring, thresholds))
    problems = [*source_problems(monitoring)]
    for subject_lights in lights:
        problems.extend(requirements(subject_lights, thresholds))
    return MonitoringReview(monitoring, thresholds, lights, tuple(problems))


def review_monitoring_file(path: Path, as_of: dt.date | None = None) -> MonitoringReview:
    monitoring, thresholds = load_monitoring(path)
    if as_of is not None:
        if as_of.year != monitoring.year:
            raise InputError([Problem(Where(str(path), field="--as-of"), f"截止日期 {as_of.isoformat()} 不在 {monitoring.year} 年度内")])
        monitoring = replace(monitoring, as_of=as_of)
    return review_monitoring(monitoring, thresholds)
