"""Process rules: lost points explained, judged scores based, spending on schedule."""
from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.plan import VALUE
from jixiao.checks.stated import _row_where
from jixiao.model.facts import RowFacts
from jixiao.model.quantity import format_percent, pair_of
from jixiao.model.result import RowResult
from jixiao.model.targets import TargetError, parse_target, read_actual
from jixiao.rules import points

# Each quarter's figure, its 序时进度, and that as written in a message.
QUARTERS = tuple((key, due, format_percent(due)) for key, due in (("一季度支出进度", Decimal("0.25")), ("二季度支出进度", Decimal("0.5")), ("三季度支出进度", Decimal("0.75"))))
GAP_LIMIT = Fraction(1, 10)
# What a row that lost points leaves unsaid, by (no 未达标原因, no 改进措施).
UNSAID = {(True, True): "未达标原因和改进措施", (True, False): "未达标原因", (False, True): "改进措施"}


def lost_points_without_reason(ctx: CheckContext, row: RowResult) -> Hit | None:
    if row.bonus or row.score >= row.weight:
        return None
    facts = ctx.facts.rows.get(row.path)
    if facts is not None and facts.exempt:
        return None
    if ctx.framework.project is not None and row.path == (ctx.framework.project.funds_row,):
        return None  # a project's 执行率 needs its reason only below the threshold (project-execution-reason-missing)
    unsaid = UNSAID.get((not (row.reason or "").strip(), not (row.improvement or "").strip()))
    if unsaid is None:
        return None
    where = facts.where if facts is not None and facts.where.file else _row_where(ctx, row.path)
    return f"{_lost_points(row.weight, str(row.score))}，未写明{unsaid}", where, row.path


# A few weights and scores again and again. Keyed by the score as written: a new Decimal's hash costs
# more than writing it out (the weights are the plan's own, hashed once).
@functools.lru_cache(maxsize=4096)
def _lost_points(weight: Decimal, score_text: str) -> str:
    score = Decimal(score_text)
    return f"失分 {points(weight - score)}（得 {points(score)} / {points(weight)}）"


def judged_without_basis(ctx: CheckContext) -> Iterable[Hit]:
    for path, facts in ctx.facts.rows.items():
        if facts.judged is not None or facts.parts:  # most rows are not judged: nothing to look at
            yield from _judged_without_basis(facts, path)
    for rows in ctx.facts.slots.values():
        for row in rows:
            if row.facts.judged is not None or row.facts.parts:
                yield from _judged_without_basis(row.facts, ())


def _judged_without_basis(facts: RowFacts, path: tuple[str, ...]) -> list[Hit]:
    """The row's own judged score, then its parts' (the labels written only for a hit)."""
    hits = []
    if facts.judged is not None and not facts.judged.basis.strip():
        hits.append((f"评定得分 {points(facts.judged.score)} 没有评分依据", facts.where, path))
    for name, part in facts.parts.items():
        if part.judged is not None and not part.judged.basis.strip():
            hits.append((f"分项“{name}”评定得分 {points(part.judged.score)} 没有评分依据", part.where, path))
    return hits


def exemption_without_reason(ctx: CheckContext) -> Iterable[Hit]:
    for path, facts in ctx.facts.rows.items():
        if facts.exempt is None and facts.not_applicable is None:
            continue
        for label, text in (("免于扣分", facts.exempt), ("不适用", facts.not_applicable)):
            if text is not None and not text.strip():
                yield f"{label}没有写明理由", facts.where, path


def quarterly_behind_schedule(ctx: CheckContext) -> Iterable[Hit]:
    # The fourth quarter is the year's execution rate, which its own indicator already scores.
    values = ctx.values
    for key, due, shown in QUARTERS:
        progress = values.get(key)
        if progress is not None and progress.value < due:
            yield f"{ctx.name(key)} {progress.display()}，低于序时进度 {shown}", ctx.where_of(key), ()


def _target_completion(ctx: CheckContext) -> Fraction | int | None:
    rate = ctx.values.get("绩效目标完成率")
    if rate is not None:
        return rate.exact
    met = total = 0
    for rows in ctx.facts.slots.values():
        for row in rows:
            facts = row.facts
            if row.weight <= 0 or facts.target is None or facts.actual is None:
                continue
            reached = _reading_met(facts.target, row.name, facts.actual)
            if reached is None:
                continue
            total += 1
            met += reached
    return Fraction(met, total) if total else None


@functools.lru_cache(maxsize=8192)  # one lookup keyed by three texts (their hashes kept by the strings) per row
def _reading_met(target_text: str, name: str, actual: str) -> bool | None:
    """Whether a quantitative row's 完成值 meets its target; None for a qualitative or unreadable one (its own finding says why)."""
    target = parse_target(target_text, name)
    if not target.quantitative:
        return None
    try:
        reading = read_actual(actual, target)
    except TargetError:
        return None
    return None if reading is None else reading.met


def target_execution_gap(ctx: CheckContext) -> Iterable[Hit]:
    execution, completion = ctx.values.get("预算执行率"), _target_completion(ctx)
    if execution is None or completion is None:
        return
    (n, d), (en, ed) = pair_of(completion), pair_of(execution.exact)
    # |n/d − en/ed| > GAP_LIMIT, decided in integers; the gap as a Fraction only for the message
    if abs(n * ed - en * d) * GAP_LIMIT.denominator > GAP_LIMIT.numerator * d * ed:
        gap = abs(completion - execution.exact)
        yield (
            f"绩效目标完成率 {format_percent(completion)} 与预算执行率 {execution.display()} 相差 {format_percent(gap)}，超过 10 个百分点（绩效运行监控预警）",
            ctx.where_of("全年执行数" if ctx.framework.project is not None else "实际支出"),  # a project's spending figure
            (),
        )


CHECKS = (
    Check("lost-points-without-reason", "warning", "失分未写明原因或改进措施", None, "流程", row=lost_points_without_reason, row_needs="lost"),
    Check("judged-without-basis", "error", "评定得分没有评分依据", judged_without_basis, "流程", needs=("rows", "slots")),
    Check("exemption-without-reason", "error", "免于扣分或不适用没有理由", exemption_without_reason, "流程", needs=("rows",)),
    Check("quarterly-behind-schedule", "warning", "季度支出低于序时进度", quarterly_behind_schedule, "流程", needs=tuple(VALUE + key for key, _due, _shown in QUARTERS)),
    Check("target-execution-gap", "warning", "目标完成率与预算执行率相差超过 10 个百分点", target_execution_gap, "流程", needs=(VALUE + "预算执行率",)),
)
