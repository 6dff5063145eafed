"""Rows of money tables a report publishes (预算资金 / 资金结构 rows, a 汇总表's units and its 合计 row),
kept as stated so that their rates and totals can be checked."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.result import Where


@dataclass(frozen=True)
class StatedRow:
    table: str  # 汇总表 | 预算资金
    label: str  # 预算单位 or the row's name (年度资金总额, 合计…)
    budget: Decimal | None = None  # 全年预算数
    spent: Decimal | None = None  # 全年执行数
    rate: Decimal | None = None  # 执行率 as a fraction (102.59% → 1.0259)
    self_score: Decimal | None = None  # 自评分数
    reviewed: Decimal | None = None  # 复核分数
    unit: str | None = None  # 元 | 万元 | None when the table does not say
    total: bool = False  # the 合计 row
    part: bool = False  # "其中:" rows: a part of the row above, not summed into the 合计
    where: Where = field(default_factory=Where)
    initial: Decimal | None = None  # 年初预算数
    weight: Decimal | None = None  # 分值 of a 预算资金 row that is itself scored (预算执行率, 10 分)
    score: Decimal | None = None  # its 得分, None when the cell is blank
