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

from jixiao.loaders.problems import Problem
from jixiao.model.quantity import format_percent
from jixiao.monitoring.signals import SubjectLights
from jixiao.monitoring.thresholds import COLOUR_LABELS, Thresholds


CAUSE_LIST = "、".join(("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"))


def requirements(lights: SubjectLights, thresholds: Thresholds) -> list[Problem]:
    """Every requirement of one subject as a located Problem (what the page and the CLI list)."""
    return [need_problem(need, thresholds) for need in needs_of(lights, thresholds)]


def needs_of(lights: SubjectLights, thresholds: Thresholds) -> list[tuple]:
    """The requirements as short tuples (owner, item, what, detail), no text: a region's 300,000 requirements are found
    in well under a second, and a Problem with its message is made only for those someone reads (need_problem)."""
    needs: list[tuple] = []
    add = needs.append
    owner = lights.subject.name
    colours = lights.target_colours
    required = thresholds.cause_required
    # current > goal × (1 + far_above), cross-multiplied: far_n / far_d = 1 + far_above
    far_n = thresholds.far_above.numerator + thresholds.far_above.denominator
    far_d = thresholds.far_above.denominator
    for item in lights.subject.targets:
        colour = colours.get(item.path, "green")
        causes = item.causes
        if not causes and colour in required:
            add((owner, item, "cause", colour))
        for cause in causes:
            if not item.cause_notes.get(cause, "").strip():
                add((owner, item, "note", cause))
        likelihood = item.likelihood
        if not likelihood:
            add((owner, item, "likelihood", None))
        elif likelihood != "确定能":
            if not item.forecast.strip():
                add((owner, item, "forecast", likelihood))
            if not causes:
                add((owner, item, "causes", likelihood))
        goal, current = item.goal, item.current_pair
        if (
            goal is not None and goal[0] > 0 and current is not None and item.target.op not in ("≤", "<")
            and current[0] * goal[1] * far_d > goal[0] * far_n * current[1]
            and not item.note.strip()
        ):
            add((owner, item, "far_above", None))
    return needs


def need_problem(need: tuple, thresholds: Thresholds) -> Problem:
    owner, item, what, detail = need
    if what == "cause":
        message = f"亮{COLOUR_LABELS[detail]}灯，须勾选偏差原因（{CAUSE_LIST}）并写明原因说明"
    elif what == "note":
        message = f"勾选了偏差原因“{detail}”，须写明其原因说明"
    elif what == "likelihood":
        message = "未填写完成目标可能性（确定能 / 有可能 / 完全不可能）"
    elif what == "forecast":
        message = f"完成目标可能性为“{detail}”，须填写全年预计完成情况"
    elif what == "causes":
        message = f"完成目标可能性为“{detail}”，须勾选偏差原因并说明"
    else:
        target = item.target
        message = (
            f"当前完成值 {target.display_value(item.current_value)} 已超过年度指标值 {target.display()} 的 "
            f"{format_percent(thresholds.far_above)} 以上，须在备注中说明（指标值是否偏低）"
        )
    return Problem(item.where, f"{owner}：{item.path}：{message}")


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
