"""Values that cannot be true and facts that contradict themselves.

A stated total above full marks, a negative rate, cumulative quarterly progress that goes down,
`met: true` beside an actual that says the target was missed. Each names the field it is about.
"""
from __future__ import annotations

import functools
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.plan import FIGURE
from jixiao.model.facts import RowFacts, total_out_of_range
from jixiao.model.framework import Framework
from jixiao.model.result import Where
from jixiao.model.targets import TargetError, parse_target, qualitative_met, read_actual, says_not_met

# Rates that may fall below zero by their nature: growth and change.
SIGNED_RATE_WORDS = ("增长", "变动", "增减", "变化", "下降", "降低", "节约")
QUARTER_FIGURES = ("一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度")


def stated_total_out_of_range(ctx: CheckContext) -> Iterable[Hit]:
    stated = ctx.facts.stated_total
    if stated is not None and (message := total_out_of_range(stated, ctx.framework)):
        yield f"自评总分（stated_total）{message}，不可能成立", ctx.facts.place("stated_total"), ()


def negative_rate(ctx: CheckContext) -> Iterable[Hit]:
    for key, stated in ctx.facts.figures.items():
        if stated.quantity.value >= 0 or stated.quantity.kind != "percent":  # the common case, decided by one test
            continue
        name = ctx.name(key)
        if not any(w in key or w in name for w in SIGNED_RATE_WORDS):
            yield f"{name}（figures.{key}）为负数：{stated.quantity.display()}，比率不可能为负", stated.where, ()


@functools.lru_cache(maxsize=64)  # a framework's own sequences: found once, not once per department
def _quarter_sequences(framework: Framework) -> tuple[tuple[str, ...], ...]:
    """The framework's quarterly rules' figures, and the common 一至四季度支出进度."""
    sequences = [QUARTER_FIGURES]
    for _path, node in framework.walk():
        quarters = getattr(node.rule.params, "quarters", None) if node.rule is not None and node.rule.kind == "quarterly" else None
        if quarters and tuple(quarters) not in sequences:
            sequences.append(tuple(quarters))
    return tuple(sequences)


def quarterly_progress_decreasing(ctx: CheckContext) -> Iterable[Hit]:
    for sequence in _quarter_sequences(ctx.framework):
        given = [(key, ctx.facts.figures[key]) for key in sequence if key in ctx.facts.figures]
        for (before_key, before), (key, stated) in zip(given, given[1:]):
            if stated.quantity.value < before.quantity.value:
                yield (
                    f"{ctx.name(key)}（figures.{key}）{stated.quantity.display()} 低于{ctx.name(before_key)} {before.quantity.display()}："
                    f"支出进度是累计数，不会下降，请核对",
                    stated.where,
                    (),
                )


def quarterly_progress_above_100(ctx: CheckContext) -> Iterable[Hit]:
    seen = set()  # a figure in two sequences is reported once
    for sequence in _quarter_sequences(ctx.framework):
        for key in sequence:
            stated = ctx.facts.figures.get(key)
            if stated is not None and stated.quantity.value > 1 and stated.quantity.kind == "percent" and key not in seen:
                seen.add(key)
                yield (
                    f"{ctx.name(key)}（figures.{key}）{stated.quantity.display()} 超过 100%："
                    f"累计支出进度是已支出占全年预算的比例，超过 100% 即超支，请核对（多为录入错误）",
                    stated.where,
                    (),
                )


def _rows_with_targets(ctx: CheckContext) -> Iterable[tuple[str, str | None, RowFacts, tuple[str, ...], Where]]:
    """Each row that says both met and actual, with its target: the department's, else the one its framework rule sets (≤100%)."""
    for path, facts in ctx.facts.rows.items():
        if facts.met is not None and facts.actual is not None:  # most rows say neither: no framework lookup for them
            node = ctx.framework.node_at(path)
            yield path[-1], facts.target or _rule_target(node.rule if node else None), facts, path, facts.where
    for slot_path, rows in ctx.facts.slots.items():
        node = ctx.framework.node_at(slot_path)
        ruled = _rule_target(node.slot.rule if node is not None and node.slot is not None else None)
        for row in rows:
            if row.facts.met is not None and row.facts.actual is not None:
                yield row.name, row.facts.target or ruled, row.facts, slot_path + ((row.group,) if row.group else ()) + (row.name,), row.where


def _rule_target(rule) -> str | None:
    return getattr(rule.params, "target", None) if rule is not None and rule.kind == "target" else None


def _actual_says(name: str, target_text: str, actual: str) -> bool | None:
    """What the actual alone says about the target: met, missed, or undecided (None)."""
    target = parse_target(target_text, name)
    if target.quantitative:
        try:
            reading = read_actual(actual, target)
        except TargetError:
            reading = None  # refused by the target rule with its own message
        if reading is not None:
            return reading.met
    decided = qualitative_met(target, actual)
    return False if decided is None and says_not_met(target, actual) else decided


def met_contradicts_actual(ctx: CheckContext) -> Iterable[Hit]:
    for name, target, facts, path, where in _rows_with_targets(ctx):
        if not isinstance(target, str):
            continue
        says = _actual_says(name, target, facts.actual)
        if says is not None and says != facts.met:
            claimed, actually = ("已达成（met: true）", "未达到") if facts.met else ("未达成（met: false）", "已达到")
            yield f"填写为{claimed}，而实际完成值“{facts.actual}”表明{actually}年度指标值“{target}”", where, path


def _quarter_needs(framework: Framework) -> tuple[str, ...]:
    return tuple(FIGURE + key for sequence in _quarter_sequences(framework) for key in sequence)


CHECKS = (
    Check("stated-total-out-of-range", "error", "自评总分超出满分或为负", stated_total_out_of_range, "不可能的数值", needs=("stated_total",)),
    Check("negative-rate", "error", "比率为负数", negative_rate, "不可能的数值", needs=("negative_figure",)),
    Check("quarterly-progress-decreasing", "error", "累计季度支出进度下降", quarterly_progress_decreasing, "不可能的数值", needs=_quarter_needs),
    Check("quarterly-progress-above-100", "warning", "累计季度支出进度超过 100%", quarterly_progress_above_100, "不可能的数值", needs=_quarter_needs),
    Check("met-contradicts-actual", "error", "是否达成与实际完成值矛盾", met_contradicts_actual, "不可能的数值", needs=("rows", "slots")),
)
