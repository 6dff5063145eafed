"""The fast path (integer pairs made once per target, requirements found as short tuples and worded when read, the
cycle collector paused for a batch) gives exactly what the straightforward computation gives.

`_reference_*` below are the plain computations as they stood before the fast path (Decimal and Fraction
arithmetic, one Problem per requirement at once): every light, colour, figure and requirement must be the same.
"""
from __future__ import annotations

import datetime as dt
import gc
import random
from decimal import Decimal
from fractions import Fraction

from conftest import EXAMPLES
from jixiao.loaders.problems import Problem
from jixiao.model.quantity import format_percent
from jixiao.model.targets import parse_target
from jixiao.monitoring.loader import load_monitoring
from jixiao.monitoring.model import QUALITATIVE_STATES, Budget, Monitoring, Subject, TargetProgress
from jixiao.monitoring.review import review_monitoring, review_monitorings
from jixiao.monitoring.signals import LIKELIHOOD_COLOURS, REVERSE, STATE_COLOURS, is_cumulative
from jixiao.monitoring.thresholds import COLOUR_LABELS, DEFAULT_THRESHOLDS, SEVERITY, Thresholds

TARGETS = ("≥1000人次", "≥300台", "≤400元", "≥95%", "=12个", "培训质量良好")


def _reference_colour(bands, points: Fraction) -> str:
    chosen = bands.limits[0][1]
    for lower, colour in bands.limits:
        if points >= lower:
            chosen = colour
    return chosen


def _reference_meets(op, value: Decimal, goal: Decimal) -> bool:
    return {"≥": value >= goal, None: value >= goal, ">": value > goal, "≤": value <= goal, "<": value < goal, "=": value == goal}[op]


def _reference_target(item: TargetProgress, progress: Fraction, thresholds: Thresholds) -> list[tuple]:
    out, target = [], item.target
    if target.value is None:
        if item.current in STATE_COLOURS:
            out.append(("progress", STATE_COLOURS[item.current]))
        if item.forecast in STATE_COLOURS and item.forecast != "达成目标":
            out.append(("forecast", STATE_COLOURS[item.forecast]))
    elif item.current_value is not None:
        if target.op in REVERSE:
            out.append(("progress", "green" if _reference_meets(target.op, item.current_value, target.value) else "red"))
        else:
            whole = Fraction(target.value) * (progress if is_cumulative(item) else 1)
            points = Fraction(item.current_value) / whole * 100 if whole > 0 else None
            out.append(("progress", "green" if points is None else _reference_colour(thresholds.progress, points)))
        if item.forecast_value is not None and not _reference_meets(target.op, item.forecast_value, target.value):
            out.append(("forecast", "red"))
    if item.likelihood in LIKELIHOOD_COLOURS and item.likelihood != "确定能":
        out.append(("likelihood", LIKELIHOOD_COLOURS[item.likelihood]))
    return out


def _reference_requirements(subject: Subject, colours: dict, thresholds: Thresholds) -> list[Problem]:
    problems = []
    far_above = 1 + Decimal(thresholds.far_above.numerator) / Decimal(thresholds.far_above.denominator)
    for item in subject.targets:
        need = lambda message: problems.append(Problem(item.where, f"{subject.name}：{item.path}：{message}"))  # noqa: E731
        colour = colours[item.path]
        if colour in thresholds.cause_required and not item.causes:
            need(f"亮{COLOUR_LABELS[colour]}灯，须勾选偏差原因（经费保障、制度保障、人员保障、硬件条件保障、其他）并写明原因说明")
        for cause in item.causes:
            if not item.cause_notes.get(cause, "").strip():
                need(f"勾选了偏差原因“{cause}”，须写明其原因说明")
        if not item.likelihood:
            need("未填写完成目标可能性（确定能 / 有可能 / 完全不可能）")
        elif item.likelihood != "确定能":
            if not item.forecast.strip():
                need(f"完成目标可能性为“{item.likelihood}”，须填写全年预计完成情况")
            if not item.causes:
                need(f"完成目标可能性为“{item.likelihood}”，须勾选偏差原因并说明")
        target = item.target
        if (target.value is not None and target.value > 0 and item.current_value is not None and target.op not in ("≤", "<")
                and not item.note.strip() and item.current_value > target.value * far_above):
            need(f"当前完成值 {target.display_value(item.current_value)} 已超过年度指标值 {target.display()} 的 "
                 f"{format_percent(thresholds.far_above)} 以上，须在备注中说明（指标值是否偏低）")
    return problems


def _reference_review(monitoring: Monitoring, thresholds: Thresholds):
    day = monitoring.as_of.timetuple().tm_yday
    progress = Fraction(day, 366 if monitoring.as_of.year % 4 == 0 else 365)
    out = []
    for subject in monitoring.subjects:
        signals, colours = [], {}
        budget = subject.budget
        if budget is not None and budget.spent is not None and budget.base > 0:
            rate = Fraction(budget.spent) / Fraction(budget.base)
            signals.append(("execution", _reference_colour(thresholds.execution, rate / progress * 100)))
        for item in subject.targets:
            own = _reference_target(item, progress, thresholds)
            signals += own
            colours[item.path] = min((c for _k, c in own), key=SEVERITY.__getitem__, default="green")
        out.append((signals, colours, _reference_requirements(subject, colours, thresholds)))
    return out


def _item(rng: random.Random, index: int) -> TargetProgress:
    target = parse_target(rng.choice(TARGETS), f"指标{index}")
    causes = rng.choice(((), ("经费保障",), ("人员保障", "其他")))
    notes = {c: rng.choice(("资金下达较晚", "", " ")) for c in causes}
    if target.value is None:
        return TargetProgress("产出指标", "质量指标", f"指标{index}", target, rng.choice(QUALITATIVE_STATES), rng.choice(("", *QUALITATIVE_STATES)),
                              causes=causes, cause_notes=notes, likelihood=rng.choice(("", "确定能", "有可能", "完全不可能")))
    current = target.value * Decimal(rng.randint(0, 160)) / 100
    forecast = rng.choice((None, target.value * Decimal(rng.randint(60, 140)) / 100))
    return TargetProgress(
        "产出指标", "数量指标", f"指标{index}", target, str(current), "" if forecast is None else str(forecast), current, forecast, causes, notes,
        rng.choice(("", "确定能", "有可能", "完全不可能")), rng.choice(("", "", "指标值偏低")),
    )


def _generated(count: int, seed: int = 7) -> list[Monitoring]:
    rng = random.Random(seed)
    out = []
    for unit in range(count):
        projects = []
        for p in range(4):
            budget = Decimal(rng.randint(0, 500)) * 10_000
            spent = None if rng.random() < 0.1 else budget * Decimal(rng.randint(0, 110)) / 100
            projects.append(Subject("project", f"项目{p}", "", Budget(budget, spent), tuple(_item(rng, i) for i in range(6))))
        as_of = dt.date(rng.choice((2023, 2024)), rng.randint(1, 12), 28)
        out.append(Monitoring(f"单位{unit}", as_of.year, as_of, Subject("department", f"单位{unit}", "", None, ()), tuple(projects)))
    return out


def test_the_fast_path_equals_the_reference_computation():
    thresholds = [DEFAULT_THRESHOLDS, load_monitoring(EXAMPLES / "demo-2024-1至6月-监控.yaml")[1]]
    compared = 0
    for monitoring in _generated(60):
        for chosen in thresholds:
            review = review_monitoring(monitoring, chosen)
            reference = _reference_review(monitoring, chosen)
            for lights, (signals, colours, problems) in zip(review.lights, reference):
                fast = [(s.kind, s.colour) for s in lights.signals if s.kind in ("execution", "progress", "forecast", "likelihood")]
                assert fast == signals
                assert lights.target_colours == colours
                compared += len(signals)
            assert list(review.problems) == [p for _s, _c, problems in reference for p in problems]
            assert review.problem_count == len(review.problems)
    assert compared > 1000


def test_a_batch_makes_no_reference_cycles_and_restores_the_collector():
    many = _generated(20, seed=11)
    assert gc.isenabled()
    batch = review_monitorings(many, DEFAULT_THRESHOLDS)
    assert gc.isenabled()
    assert [[l.colour for l in r.lights] for r in batch] == [[l.colour for l in review_monitoring(m, DEFAULT_THRESHOLDS).lights] for m in many]
    gc.collect()
    gc.disable()
    try:
        reviews = review_monitorings(many, DEFAULT_THRESHOLDS)
        for review in reviews:  # everything read: texts, points, worded requirements
            [(s.basis, s.points) for lights in review.lights for s in lights.signals]
            review.problems
        del reviews
        unreachable = gc.collect()  # what only the cycle collector could free: there must be nothing
    finally:
        gc.enable()
    assert unreachable == 0
