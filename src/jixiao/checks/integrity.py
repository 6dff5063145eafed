"""Framework integrity: weights add up; stated scores within their weight and caps."""
from __future__ import annotations

import functools
from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.stated import _row_where
from jixiao.model.framework import Framework
from jixiao.model.result import RowResult, Where
from jixiao.rules import points


@functools.lru_cache(maxsize=64)
def _framework_weights(framework: Framework) -> tuple[Hit, ...]:
    """A framework's own weights are checked once, not once per department."""
    hits: list[Hit] = []
    top = sum((node.weight for node in framework.nodes), Decimal(0))
    if framework.nodes and top != framework.total:  # no indicators at all: a narrative report read without a table
        hits.append((f"一级指标分值合计 {points(top)}，与总分 {points(framework.total)} 不符", Where(framework.source), ()))
    for path, node in framework.walk():
        if node.children:
            subtotal = sum((c.weight for c in node.children), Decimal(0))
            if subtotal != node.weight:
                hits.append((f"下级指标分值合计 {points(subtotal)}，与其分值 {points(node.weight)} 不符", node.where, path))
    return tuple(hits)


def weights_add_up(ctx: CheckContext) -> Iterable[Hit]:
    yield from _framework_weights(ctx.framework)
    for path, rows in ctx.facts.slots.items():
        node = ctx.framework.node_at(path)
        if node is None:
            continue
        subtotal = sum((row.weight for row in rows), Decimal(0))
        if subtotal != node.weight:
            yield f"个性指标分值合计 {points(subtotal)}，与其分值 {points(node.weight)} 不符", Where(ctx.facts.source, field=f"slots.{path[-1]}"), path


def stated_score_out_of_range(ctx: CheckContext, row: RowResult) -> Hit | None:
    if row.stated_score is None:
        return None
    low = -row.weight if row.bonus else Decimal(0)
    if low <= row.stated_score <= row.weight:
        return None
    what = "加减分超过上限" if row.bonus else "得分超过分值或为负"
    return f"自评得分 {points(row.stated_score)} 不在 {points(low)} 至 {points(row.weight)} 之间（{what}）", _row_where(ctx, row.path), row.path


def not_applicable_weighted(ctx: CheckContext) -> Iterable[Hit]:
    for rows in ctx.facts.slots.values():
        for row in rows:
            if row.facts.not_applicable is not None and row.weight != 0:
                yield f"“{row.name}”标为不适用，却仍有分值 {points(row.weight)}", row.where, ()


def _weights_needs(framework: Framework) -> tuple[str, ...] | None:
    """A framework whose own weights do not add up is reported for every department; else only slots can differ."""
    return None if _framework_weights(framework) else ("slots",)


CHECKS = (
    Check("weights-add-up", "error", "分值合计不符", weights_add_up, "指标体系", needs=_weights_needs),
    Check("stated-score-out-of-range", "error", "自评得分超出分值范围", None, "指标体系", row=stated_score_out_of_range, row_needs="stated_score"),
    Check("not-applicable-weighted", "error", "不适用的指标仍有分值", not_applicable_weighted, "指标体系", needs=("slots",)),
)
