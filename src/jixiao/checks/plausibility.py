"""Impossible or suspicious values: negative amounts, rates above 100%, 万元 that look like 元."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.plan import FIGURE, VALUE
from jixiao.model.quantity import MONEY_UNITS

# Rates that by their nature cannot exceed 100% when stated directly.
CAPPED_RATES = ("满意度",)
UNIT_SLIP_FACTOR = Decimal(10_000)


def negative_amount(ctx: CheckContext) -> Iterable[Hit]:
    for key, stated in ctx.facts.figures.items():
        if stated.quantity.value < 0 and stated.quantity.kind in ("money", "count"):  # the rare case tested first
            yield f"{ctx.name(key)} 为负数：{stated.quantity.display()}", stated.where, ()


def rate_above_100(ctx: CheckContext) -> Iterable[Hit]:
    for key in CAPPED_RATES:
        stated = ctx.facts.figures.get(key)
        if stated is not None and stated.quantity.value > 1:
            yield f"{ctx.name(key)} {stated.quantity.display()} 超过 100%，不可能成立", stated.where, ()


def execution_above_100(ctx: CheckContext) -> Iterable[Hit]:
    rate = ctx.values.get("预算执行率")
    if rate is None or rate.exact <= 1:
        return
    explained = any(row.reason for row in ctx.facts.rows.values()) or "超支说明" in ctx.facts.narrative
    if not explained:
        yield f"预算执行率 {rate.display()} 超过 100%，未说明原因（可在 narrative 的“超支说明”或相关指标的 reason 中说明）", ctx.where_of("实际支出"), ()


def staff_above_establishment(ctx: CheckContext) -> Iterable[Hit]:
    staff, quota = ctx.values.get("在编人数"), ctx.values.get("核定编制")
    if staff is not None and quota is not None and staff.value > quota.value:
        yield f"在编人数 {staff.display()} 超过核定编制 {quota.display()}", ctx.where_of("在编人数"), ()


def _median_without(ordered: list[Decimal], index: int) -> Decimal:
    """The median of a sorted list with one item left out, without building the shorter list."""
    size = len(ordered) - 1

    def at(position: int) -> Decimal:
        return ordered[position if position < index else position + 1]

    return at(size // 2) if size % 2 else (at(size // 2 - 1) + at(size // 2)) / 2


def unit_slip(ctx: CheckContext) -> Iterable[Hit]:
    """A value in 万元 ten thousand times the report's other amounts was probably typed in 元."""
    amounts = [(k, v) for k, v in ctx.facts.figures.items() if (q := v.quantity).unit == "万元" and q.kind == "money" and q.value > 0]
    if len(amounts) < 3:
        return
    values = [v.quantity.value for _k, v in amounts]
    # Leaving out a larger value leaves a smaller (or equal) median of the others: when the largest is not
    # ten thousand times the median of the rest (nor, before sorting, the smallest), no value is.
    if max(values) < min(values) * UNIT_SLIP_FACTOR:
        return
    ordered = sorted(values)
    if ordered[-1] < _median_without(ordered, ordered.index(ordered[-1])) * UNIT_SLIP_FACTOR:
        return
    for key, stated in amounts:
        typical = _median_without(ordered, ordered.index(stated.quantity.value))
        if typical > 0 and stated.quantity.value >= typical * UNIT_SLIP_FACTOR:
            shown = stated.quantity.value / MONEY_UNITS["万元"]
            yield f"{ctx.name(key)} {stated.quantity.display()} 约为本报告其他金额的一万倍以上，疑似把“元”填成了“万元”（如按元计为 {shown / MONEY_UNITS['万元']:,.2f} 万元）", stated.where, ()


CHECKS = (
    Check("negative-amount", "error", "金额或数量为负数", negative_amount, "不可能的数值", needs=("negative_figure",)),
    Check("rate-above-100", "error", "比率超过 100%", rate_above_100, "不可能的数值", needs=tuple(FIGURE + key for key in CAPPED_RATES)),
    Check("execution-above-100", "warning", "预算执行率超过 100% 且未说明原因", execution_above_100, "可疑的数值", needs=(VALUE + "预算执行率",)),
    # both are needed; either one is enough to rule the check out
    Check("staff-above-establishment", "warning", "在编人数超过核定编制", staff_above_establishment, "可疑的数值", needs=(VALUE + "在编人数",)),
    Check("unit-slip", "warning", "疑似金额单位错误", unit_slip, "可疑的数值", needs=("figures",)),
)
