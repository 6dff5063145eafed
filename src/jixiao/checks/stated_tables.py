"""Money tables as printed (a 汇总表, a 预算资金 / 资金结构 row): stated 执行率 against 执行数 / 预算数, and the
合计 row against the sum of the rows above it."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.checks.stated import RATE_TOLERANCE
from jixiao.model.quantity import format_percent

# Amounts are printed to 2 places: a 合计 may differ from the sum of printed rows by rounding only.
AMOUNT_TOLERANCE = Decimal("0.005")


def _amount(value: Decimal, unit: str | None) -> str:
    return f"{value:,.2f}" + (f" {unit}" if unit else "")


def table_rate(ctx: CheckContext) -> Iterable[Hit]:
    for row in ctx.facts.stated_rows:
        if row.rate is None or not row.budget or row.spent is None:
            continue
        computed = row.spent / row.budget
        if abs(row.rate - computed) > RATE_TOLERANCE:
            yield (
                f"{row.table}“{row.label}”一行所列执行率 {format_percent(row.rate)} 与 执行数 / 预算数 = "
                f"{_amount(row.spent, row.unit)} / {_amount(row.budget, row.unit)} = {format_percent(computed)} 不符",
                row.where, (),
            )


def table_total(ctx: CheckContext) -> Iterable[Hit]:
    for total in (r for r in ctx.facts.stated_rows if r.total):
        rows = [r for r in ctx.facts.stated_rows if r.table == total.table and not r.total and not r.part]
        for field, name in (("budget", "全年预算数"), ("spent", "全年执行数")):
            stated, values = getattr(total, field), [getattr(r, field) for r in rows]
            if stated is None or not values or any(v is None for v in values):
                continue
            added = sum(values, Decimal(0))
            if abs(added - stated) > AMOUNT_TOLERANCE:
                yield (
                    f"{total.table}合计行的{name} {_amount(stated, total.unit)} 与各行之和 {_amount(added, total.unit)} 不符（{len(rows)} 行）",
                    total.where, (),
                )


CHECKS = (
    Check("table-rate", "error", "表中执行率与执行数 / 预算数不符", table_rate, "算术", needs=("stated_rows",)),
    Check("table-total", "error", "表中合计行与各行之和不符", table_total, "算术", needs=("stated_rows",)),
)
