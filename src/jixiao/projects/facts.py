"""A project's year-end self-evaluation facts, beside the engine's Facts (Facts.project holds one).

The engine scores the Facts built from these (figures 年初预算数/全年预算数/全年执行数, the funds row, one slot row per
indicator); what only the 自评表 shows or the checks compare is kept here: the funds block by source, the
年度总体目标, each indicator's 指标性质/年度指标值/度量单位 as planned (目标表) and as the 自评表 stated them, the
reasons, attachments and the three text blocks.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any
from decimal import Decimal

from jixiao.model.quantity import Quantity
from jixiao.model.result import Where
from jixiao.model.targets import TargetError, parse_target, read_actual
from jixiao.projects.targets import IndicatorTarget, ProjectTargets

TOTAL_LINE = "年度资金总额"
SOURCE_LINES = ("财政拨款", "上年结转资金", "其他资金")


@dataclass(frozen=True)
class FundsLine:
    """A row of the funds block: 年度资金总额, or one source of it (财政拨款, 上年结转资金, 其他资金…)."""

    source: str
    initial: Quantity | None = None  # 年初预算数
    budget: Quantity | None = None  # 全年预算数（调整后预算数）
    spent: Quantity | None = None  # 全年执行数
    where: Where = field(default_factory=Where)


@dataclass(frozen=True)
class IndicatorFacts:
    """One indicator of the 自评表: its target as scored, as the 自评表 itself stated it, and what was achieved."""

    target: IndicatorTarget  # the approved target scored against (from the 目标表 when there is one)
    stated: IndicatorTarget | None = None  # the target as the 自评表 wrote it, when a 目标表 also gave one
    actual: str | None = None  # 实际完成值 as written (with its unit)
    state: str | None = None  # 定性: the chosen state
    reason: str = ""  # 偏差原因分析及改进措施
    attachments: tuple[str, ...] = ()
    where: Where = field(default_factory=Where)
    row: Any = None  # the engine's RowFacts for this indicator (what its slot row holds)
    # Whether the target was reached, as the loader found when it read the 完成值 (None: not known then).
    reached_when_read: bool | None = None

    @functools.cached_property
    def path(self) -> tuple[str, ...]:
        """The row's path in the evaluation: 一级, 二级, 三级."""
        target = self.target
        return (target.level1,) + ((target.level2,) if target.level2 else ()) + (target.name,)

    def met(self) -> bool | None:
        return self.reached

    @functools.cached_property
    def reached(self) -> bool | None:
        """Whether the target was reached (定性: the state 达成年度指标), None when it cannot be told."""
        if self.reached_when_read is not None:
            return self.reached_when_read
        target = self.target
        if not target.quantitative:
            return None if self.state is None else self.state == "达成年度指标"
        if self.actual is None:
            return None
        parsed = parse_target(target.text(), target.name)
        try:
            reading = read_actual(self.actual, parsed)
        except TargetError:
            return None  # the rule says why
        if reading is None:
            return None
        return reading.met or (parsed.op == "=" and reading.value >= parsed.value)


@dataclass(frozen=True)
class ProjectFacts:
    project: str
    department: str  # 主管部门
    implementer: str = ""  # 实施单位
    carried_over: bool = False  # 结转项目
    funds: tuple[FundsLine, ...] = ()
    adjustment: str = ""  # the reason for a mid-year 追加/调减
    execution_reason: str = ""  # 偏差原因 for the funds row (执行率 below the framework's threshold)
    goal: str = ""  # 年度总体目标: 预期目标
    goal_achieved: str = ""  # 年度总体目标: 实际完成情况
    indicators: tuple[IndicatorFacts, ...] = ()
    conclusion: str = ""  # 评价结论
    problems: str = ""  # 存在问题
    improvements: str = ""  # 改进措施
    attachments: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by 一级 (or the funds row)
    targets: ProjectTargets | None = None  # the 目标表 entry the indicators came from
    targets_source: str = ""
    where: Where = field(default_factory=Where)
    # The project as the last monitoring period left it (jixiao.projects.monitored.MonitoredProject), when known.
    monitored: Any = None

    @functools.cached_property
    def scored(self) -> tuple[tuple[IndicatorFacts, Any, tuple[str, ...]], ...]:
        """Each indicator with its engine row facts and path, made once for the checks that read them all."""
        return tuple((indicator, indicator.row, indicator.path) for indicator in self.indicators if indicator.row is not None)

    def line(self, source: str) -> FundsLine | None:
        for line in self.funds:
            if line.source == source:
                return line
        return None

    def total_line(self) -> FundsLine | None:
        """年度资金总额 as stated, or None (then the sources' sums stand for it)."""
        return self.line(TOTAL_LINE)

    def sources(self) -> tuple[FundsLine, ...]:
        return tuple(line for line in self.funds if line.source != TOTAL_LINE)


def summed(lines: tuple[FundsLine, ...], attribute: str) -> Decimal | None:
    """The sum (in 元) of one column over lines that state it, or None when none does."""
    values = [getattr(line, attribute).value for line in lines if getattr(line, attribute) is not None]
    return sum(values, Decimal(0)) if values else None
