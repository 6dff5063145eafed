"""A monitoring period's facts: the budget block and each target's 1–N月 progress, as the 监控情况表 has them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from jixiao.model.result import Where
from jixiao.model.targets import Target

# The published tick columns, in the order of the 河南 监控情况表.
CAUSES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOODS = ("确定能", "有可能", "完全不可能")
# A qualitative target's 1–N月执行情况 is one of these three states.
QUALITATIVE_STATES = ("达成目标", "部分达成目标并具有一定效果", "未达成目标且效果较差")


@dataclass(frozen=True, slots=True)
class Budget:
    """Amounts in 元 (exact Decimals); `adjusted` is the 调整后预算 when one was stated."""

    initial: Decimal
    spent: Decimal | None  # None only in a targets-only file (before the period is filled in)
    forecast: Decimal | None = None
    adjusted: Decimal | None = None
    adjustment_note: str = ""
    unit: str = "万元"  # the unit the amounts were written in, for display
    where: Where = field(default_factory=Where)
    # 执行率 = spent / base as an exact integer pair, made once here (signals.py compares integers only); None
    # when nothing was spent yet or there is no budget to measure against.
    rate: tuple[int, int] | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        base = self.base
        if self.spent is not None and base > 0:
            spent_n, spent_d = self.spent.as_integer_ratio()
            base_n, base_d = base.as_integer_ratio()
            object.__setattr__(self, "rate", (spent_n * base_d, spent_d * base_n))

    @property
    def base(self) -> Decimal:
        """What execution is measured against: the adjusted budget when there is one."""
        return self.adjusted if self.adjusted is not None else self.initial


@dataclass(frozen=True, slots=True)
class TargetProgress:
    level1: str
    level2: str
    name: str
    target: Target
    current: str  # 1–N月执行情况 as written
    forecast: str = ""  # 全年预计完成情况
    # Read once at load time, on the target's scale (a fraction for a percentage); None for a qualitative target.
    current_value: Decimal | None = None
    forecast_value: Decimal | None = None
    causes: tuple[str, ...] = ()
    cause_notes: dict[str, str] = field(default_factory=dict)
    likelihood: str = ""
    note: str = ""  # 备注
    measures: str = ""  # 纠偏措施
    cumulative: bool | None = None  # None: decided from the target (a rate is not cumulative)
    where: Where = field(default_factory=Where)
    path: str = field(init=False, default="")  # 一级 / 二级 / 三级, as the page and the documents name the row
    # The annual value, the current value and the forecast as exact integer pairs (numerator, denominator), made once
    # here so that lighting a region compares integers only (signals.py); None where there is no number.
    goal: tuple[int, int] | None = field(init=False, default=None, repr=False, compare=False)
    current_pair: tuple[int, int] | None = field(init=False, default=None, repr=False, compare=False)
    forecast_pair: tuple[int, int] | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "path", " / ".join(part for part in (self.level1, self.level2, self.name) if part))
        value = self.target.value
        set_(self, "goal", None if value is None else value.as_integer_ratio())
        set_(self, "current_pair", None if self.current_value is None else self.current_value.as_integer_ratio())
        set_(self, "forecast_pair", None if self.forecast_value is None else self.forecast_value.as_integer_ratio())


@dataclass(frozen=True, slots=True)
class Subject:
    """A project, or the department as a whole (kind "department")."""

    kind: str  # project | department
    name: str
    unit: str
    budget: Budget | None
    targets: tuple[TargetProgress, ...]
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class Monitoring:
    department: str
    year: int
    as_of: date
    department_subject: Subject
    projects: tuple[Subject, ...]
    source: str = ""
    sources: dict[str, dict[str, Budget]] = field(default_factory=dict)  # 资金来源 / 资金结构 → name → budget
    narrative: dict[str, str] = field(default_factory=dict)  # the unit's own words per section of the 监控报告

    @property
    def months(self) -> int:
        return self.as_of.month

    @property
    def subjects(self) -> tuple[Subject, ...]:
        return (self.department_subject, *self.projects)
