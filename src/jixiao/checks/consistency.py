"""Parts against their whole, a part above its whole, one figure stated twice differently."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.plan import FIGURE
from jixiao.model.quantity import MONEY_UNITS, Quantity

# whole = sum of parts, checked when the whole and at least two parts are stated
PARTS_OF = (
    ("总资产", ("流动资产", "固定资产", "在建工程", "无形资产", "其他资产")),
    ("调整后预算", ("基本支出预算", "项目支出预算")),
    ("实际支出", ("基本支出", "项目支出")),
)
# part ≤ whole: the first can never exceed the second
PART_NOT_ABOVE = (
    ("在用固定资产原值", "固定资产原值"),
    ("已完成项目数", "计划项目数"),
    ("已实现目标数", "计划目标数"),
    ("设置绩效目标项目数", "项目总数"),
    ("已完成重点工作数", "重点工作数"),
)


def _raw(ctx: CheckContext, key: str) -> Quantity | None:
    stated = ctx.facts.figures.get(key)
    return stated.quantity if stated else None


def _tolerance(quantity: Quantity) -> Decimal:
    """Half of the last shown digit (0.01) in the unit the amount was written in."""
    return Decimal("0.005") * MONEY_UNITS.get(quantity.unit, Decimal(1)) if quantity.kind == "money" else Decimal("0.005")


def parts_sum(ctx: CheckContext) -> Iterable[Hit]:
    for whole_key, part_keys in PARTS_OF:
        whole = _raw(ctx, whole_key)
        parts = [(k, _raw(ctx, k)) for k in part_keys if _raw(ctx, k) is not None]
        if whole is None or len(parts) < 2:
            continue
        total = sum((q.value for _k, q in parts), Decimal(0))
        if abs(total - whole.value) > _tolerance(whole):
            shown = Quantity(whole.kind, total, whole.unit).display()
            listing = " + ".join(f"{ctx.name(k)} {q.display()}" for k, q in parts)
            yield f"{listing} = {shown}，而{ctx.name(whole_key)}为 {whole.display()}，相差 {Quantity(whole.kind, abs(total - whole.value), whole.unit).display()}", ctx.where_of(whole_key), ()


def part_above_whole(ctx: CheckContext) -> Iterable[Hit]:
    figures = ctx.facts.figures
    for part_key, whole_key in PART_NOT_ABOVE:
        part, whole = figures.get(part_key), figures.get(whole_key)
        if part is not None and whole is not None and part.quantity.value > whole.quantity.value:
            yield f"{ctx.name(part_key)} {part.quantity.display()} 大于{ctx.name(whole_key)} {whole.quantity.display()}，不可能成立", part.where, ()


def stated_differently(ctx: CheckContext) -> Iterable[Hit]:
    for key, statements in ctx.facts.also_stated.items():
        first = ctx.facts.figures.get(key)
        reference = first.quantity if first else None
        for statement in statements:
            if reference is None:
                reference = statement.quantity
                continue
            if abs(statement.quantity.value - reference.value) > _tolerance(reference) / (100 if reference.kind == "percent" else 1):
                source = f"（{statement.source}）" if statement.source else ""
                yield f"{ctx.name(key)} 前后不一：一处为 {reference.display()}，另一处{source}为 {statement.quantity.display()}", statement.where, ()


CHECKS = (
    # a whole is checked against two or more parts: a department that states no part has nothing to add up
    Check("parts-sum", "error", "分项之和与合计不符", parts_sum, "算术", needs=tuple(FIGURE + key for _whole, parts in PARTS_OF for key in parts)),
    Check("part-above-whole", "error", "部分大于整体", part_above_whole, "不可能的数值", needs=tuple(FIGURE + part for part, _whole in PART_NOT_ABOVE)),
    Check("stated-differently", "error", "同一数据前后不一", stated_differently, "自相矛盾", needs=("also_stated",)),
)
