"""What a light obliges the unit to fill in before the 监控表 can be submitted (the published provincial rules).

- a target whose light is one of `thresholds.cause_required` (red and yellow by default) needs a 偏差原因;
- every ticked cause needs its 原因说明;
- 完成可能性 有可能 / 完全不可能 needs the 全年预计完成情况 and a 偏差原因;
- a current value already above the annual value by more than `thresholds.far_above` needs a 备注 saying why;
- every target needs its 完成目标可能性.
Each requirement is a Problem at the target's place, so the CLI and the page show it where it is to be filled.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from jixiao.loaders.problems import Problem
from jixiao.model.quantity import format_percent
from jixiao.monitoring.signals import SubjectLights
from jixiao.monitoring.thresholds import COLOUR_LABELS, Thresholds


def requirements(lights: SubjectLights, thresholds: Thresholds) -> list[Problem]:
    problems: list[Problem] = []
    far_above = 1 + _decimal(thresholds.far_above)
    owner = lights.subject.name

    def need(message: str) -> None:
        problems.append(Problem(item.where, f"{owner}：{item.path}：{message}"))

    for item in lights.subject.targets:
        colour = lights.colour_of(item)
        if colour in thresholds.cause_required and not item.causes:
            need(f"亮{COLOUR_LABELS[colour]}灯，须勾选偏差原因（{'、'.join(('经费保障', '制度保障', '人员保障', '硬件条件保障', '其他'))}）并写明原因说明")
        for cause in item.causes:
            if not item.cause_notes.get(cause, "").strip():
                need(f"勾选了偏差原因“{cause}”，须写明其原因说明")
        if not item.likelihood:
            need("未填写完成目标可能性（确定能 / 有可能 / 完全不可能）")
        elif item.likelihood != "确定能":
            if not item.forecast.strip():
                need(f"完成目标可能性为“{item.likelihood}”，须填写全年预计完成情况")
            if not item.causes:
                need(f"完成目标可能性为“{item.likelihood}”，须勾选偏差原因并说明")
        target = item.target
        if (
            target.value is not None and target.value > 0 and item.current_value is not None
            and target.op not in ("≤", "<")
            and not item.note.strip()
            and item.current_value > target.value * far_above
        ):
            need(
                f"当前完成值 {target.display_value(item.current_value)} 已超过年度指标值 {target.display()} 的 "
                f"{format_percent(thresholds.far_above)} 以上，须在备注中说明（指标值是否偏低）"
            )
    return problems


def _decimal(share: Fraction) -> Decimal:
    return Decimal(share.numerator) / Decimal(share.denominator)


def source_problems(monitoring) -> list[Problem]:
    """资金来源 and 资金结构 must each add up to the department's budget (年初预算数 and 执行数)."""
    budget = monitoring.department_subject.budget
    problems: list[Problem] = []
    if budget is None:
        return problems
    for group, parts in monitoring.sources.items():
        for field, label in (("initial", "年初预算数"), ("spent", "执行数")):
            values = [getattr(part, field) for part in parts.values()]
            if not parts or getattr(budget, field) is None or None in values:
                continue
            total = sum(values, start=Decimal(0))
            if total != getattr(budget, field):
                shown = " + ".join(f"{name} {_amount(getattr(part, field), budget.unit)}" for name, part in parts.items())
                problems.append(
                    Problem(budget.where, f"{group}各项的{label}之和 {shown} = {_amount(total, budget.unit)}，与部门预算的{label} {_amount(getattr(budget, field), budget.unit)} 不符")
                )
    return problems


def _amount(value, unit: str) -> str:
    from jixiao.model.quantity import Quantity

    return Quantity("money", value, unit).display()
