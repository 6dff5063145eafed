"""绩效目标表 as data: each project's (and the department as a whole's) approved targets, and how they changed.

Pure model, no I/O (loading is jixiao.projects.load, the Excel 目标表 jixiao.projects.targets_xlsx). Written once at
budget time and carried into the year-end 自评表, so a target is never typed twice. A target is changed only
through `ProjectTargets.changed`, which needs who, when and why (调整目标须说明理由) and keeps the change in
`history`, oldest first; what the 自评表 scores against is always the current value.

An indicator's target is its 指标性质 (≥ 正向, ≤ 反向, = 等于, 定性), 年度指标值 and 度量单位; `text()` joins them
into the target as the rest of jixiao reads it (`≥95%`, `≤30天`, `=12个`, or the qualitative value itself), parsed
by jixiao.model.targets.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.model.quantity import Quantity, format_count

QUALITATIVE = "定性"
# 指标性质 as written on the forms and in the vendor systems' exports.
NATURE_WORDS = {
    "≥": "≥", ">=": "≥", "正向": "≥", "＞＝": "≥",
    "≤": "≤", "<=": "≤", "反向": "≤", "＜＝": "≤",
    "=": "=", "＝": "=", "等于": "=",
    ">": ">", "<": "<",
    "定性": QUALITATIVE,
}
CHANGEABLE = ("nature", "value", "unit", "weight")
FIELD_LABELS = {"nature": "指标性质", "value": "年度指标值", "unit": "度量单位", "weight": "分值"}


def nature_of(raw: object) -> str | None:
    """The 指标性质 written one of the usual ways, or None."""
    return NATURE_WORDS.get(str(raw).strip()) if raw is not None else None


class TargetChangeError(ValueError):
    """A change of target that cannot be recorded (no reason, unknown indicator or field); message for users."""


@dataclass(frozen=True)
class IndicatorTarget:
    level1: str  # 一级指标: 产出指标, 效益指标, 满意度指标
    level2: str  # 二级指标: 数量指标…
    name: str  # 三级指标
    nature: str  # ≥ ≤ = > < or 定性
    value: str  # 年度指标值 as written: 95, 2.5, 明显改善
    unit: str = ""  # 度量单位: %, 个, 万亩, 天
    weight: Decimal = Decimal(0)  # 分值

    @property
    def quantitative(self) -> bool:
        return self.nature != QUALITATIVE

    def text(self) -> str:
        """The target as one text: `≥95%`, `≤30天`, or the qualitative value."""
        return self.value if not self.quantitative else f"{self.nature}{self.value}{self.unit}"

    def value_of(self, field: str) -> str:
        return format_count(self.weight) if field == "weight" else getattr(self, field)


@dataclass(frozen=True)
class TargetChange:
    """One change to one field of an indicator's target: 调整目标 with who, when and why."""

    indicator: str
    field: str  # nature, value, unit or weight
    before: str
    after: str
    by: str
    at: str  # when, as the person wrote it (2023-07-15)
    reason: str


@dataclass(frozen=True)
class ProjectTargets:
    project: str
    department: str = ""  # 主管部门
    implementer: str = ""  # 实施单位
    year: int = 0
    budget: Quantity | None = None  # 年度资金总额 at budget time
    goal: str = ""  # 年度总体目标
    carried_over: bool = False  # 结转 project: evaluated like the others, shown as such
    indicators: tuple[IndicatorTarget, ...] = ()
    history: tuple[TargetChange, ...] = ()

    def indicator(self, name: str) -> IndicatorTarget | None:
        for indicator in self.indicators:
            if indicator.name == name:
                return indicator
        return None

    def weight_of(self, level1: str) -> Decimal:
        return sum((i.weight for i in self.indicators if i.level1 == level1), Decimal(0))

    def changed(self, name: str, field: str, value: str | Decimal, by: str, at: str, reason: str) -> "ProjectTargets":
        """These targets with one field of one indicator changed, the change kept in history."""
        indicator = self.indicator(name)
        if indicator is None:
            raise TargetChangeError(f"项目“{self.project}”的绩效目标中没有指标“{name}”")
        if field not in CHANGEABLE:
            raise TargetChangeError(f"不能调整“{field}”：可调整的是{'、'.join(FIELD_LABELS.values())}")
        if not reason.strip():
            raise TargetChangeError(f"调整指标“{name}”的{FIELD_LABELS[field]}须说明理由")
        if not by.strip() or not str(at).strip():
            raise TargetChangeError(f"调整指标“{name}”的{FIELD_LABELS[field]}须写明调整人和调整时间")
        new_value: object = Decimal(value) if field == "weight" else str(value).strip()
        if field == "nature":
            new_value = nature_of(value)
            if new_value is None:
                raise TargetChangeError(f"指标性质“{value}”无法识别：应为 ≥、≤、= 或 定性")
        updated = replace(indicator, **{field: new_value})
        change = TargetChange(name, field, indicator.value_of(field), updated.value_of(field), by.strip(), str(at).strip(), reason.strip())
        indicators = tuple(updated if i is indicator else i for i in self.indicators)
        return replace(self, indicators=indicators, history=self.history + (change,))

    def original(self, name: str) -> IndicatorTarget | None:
        """The indicator as first approved, before any change in history."""
        indicator = self.indicator(name)
        if indicator is None:
            return None
        for change in reversed([c for c in self.history if c.indicator == name]):
            before: object = Decimal(change.before) if change.field == "weight" else change.before
            indicator = replace(indicator, **{change.field: before})
        return indicator


@dataclass(frozen=True)
class TargetsTable:
    """A department's 绩效目标表 for one year: every project's targets, and the department's own (部门整体)."""

    department: str
    year: int
    projects: tuple[ProjectTargets, ...] = ()
    whole: tuple[IndicatorTarget, ...] = ()  # 部门整体绩效目标
    source: str = ""

    def project(self, name: str) -> ProjectTargets | None:
        for project in self.projects:
            if project.project == name:
                return project
        return None

    def with_project(self, targets: ProjectTargets) -> "TargetsTable":
        projects = tuple(targets if p.project == targets.project else p for p in self.projects)
        if self.project(targets.project) is None:
            projects += (targets,)
        return replace(self, projects=projects)
