"""A department's facts for one year: figures, per-row inputs, its own rows, stated scores."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.framework import Framework
from jixiao.model.quantity import Quantity, format_count
from jixiao.model.result import Where
from jixiao.model.stated_claims import StatedClaim
from jixiao.model.stated_tables import StatedRow


@dataclass(frozen=True, slots=True)
class Judged:
    """An evaluator's score with its basis (酌情评分, or a judged override of a rule)."""

    score: Decimal
    basis: str


@dataclass(frozen=True)
class RowFacts:
    """What the department says about one row; which fields matter depends on the rule kind."""

    judged: Judged | None = None
    basis: str = ""  # extra 评分依据 text, quoted after the computed one
    target: str | None = None
    actual: str | None = None
    met: bool | None = None  # for qualitative targets a person decides
    unmet: tuple[str, ...] = ()  # checklist criteria not met
    partial: dict[str, Decimal] = field(default_factory=dict)  # checklist criteria partly met
    deductions: tuple[str, ...] = ()  # 扣分事项
    bonuses: tuple[str, ...] = ()  # 加分事项
    penalties: tuple[str, ...] = ()  # 减分事项
    exempt: str | None = None  # reason for 免于扣分
    not_applicable: str | None = None
    reason: str | None = None  # 未达标原因
    improvement: str | None = None  # 改进措施
    stated_score: Decimal | None = None
    score_missing: str | None = None  # the report left the row's 得分 blank: absent, not 0
    parts: dict[str, "RowFacts"] = field(default_factory=dict)
    where: Where = field(default_factory=Where)
    state: str | None = None  # a qualitative project indicator's chosen state (达成年度指标…), rule kind indicator


@dataclass(frozen=True)
class SlotRow:
    """A department's own row (个性指标) under a framework slot."""

    name: str
    weight: Decimal
    facts: RowFacts
    group: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True)
class FigureValue:
    quantity: Quantity
    where: Where
    bare: bool = False  # a percentage written as a plain number (0.985 is read as 0.985%), not with “%”


@dataclass(frozen=True)
class Statement:
    """The same figure stated again elsewhere in the report (正文, another table)."""

    quantity: Quantity
    source: str
    where: Where


@dataclass(frozen=True)
class Facts:
    department: str
    year: int
    framework: str
    figures: dict[str, FigureValue]
    rows: dict[tuple[str, ...], RowFacts]  # keyed by the indicator's full path
    slots: dict[tuple[str, ...], tuple[SlotRow, ...]]  # keyed by the slot's full path
    money_unit: str | None = None
    stated_total: Decimal | None = None
    stated_grade: str | None = None
    reviewed_total: Decimal | None = None  # 复核分数 given by the supervising department
    source: str = ""
    where: Where = field(default_factory=Where)
    # Free narrative for the report (基本情况, 主要绩效, 存在问题…), kept as given.
    narrative: dict[str, str] = field(default_factory=dict)
    also_stated: dict[str, tuple[Statement, ...]] = field(default_factory=dict)
    places: dict[str, Where] = field(default_factory=dict)  # where top-level fields stand (stated_total…)
    stated_rows: tuple[StatedRow, ...] = ()  # money tables as the report printed them (汇总表, 预算资金)
    stated_claims: tuple[StatedClaim, ...] = ()  # relations a report's sentences state (rate, growth, parts, count)
    project: Any = None  # a project self-evaluation's own facts (jixiao.projects.facts.ProjectFacts), else None

    def place(self, key: str) -> Where:
        return self.places.get(key) or Where(self.source, field=key)


def total_bounds(framework: Framework) -> tuple[Decimal, Decimal]:
    """The lowest and highest total a department can score: only 加减分 rows go below zero."""
    bonus = sum((node.weight for _path, node in framework.walk() if node.is_leaf and node.bonus), Decimal(0))
    return -bonus, framework.total


def total_out_of_range(value: Decimal, framework: Framework) -> str | None:
    """Why a stated or reviewed total cannot be a total under this framework, or None."""
    if not value.is_finite():
        return f"“{value}”不是有限的数值"
    low, high = total_bounds(framework)
    if low <= value <= high:
        return None
    return f"{format_count(value)} 不在 {format_count(low)} 至 {format_count(high)} 分之间（指标体系“{framework.id}”满分 {format_count(high)} 分）"
