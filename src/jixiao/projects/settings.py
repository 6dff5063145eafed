"""A project framework's settings (the `project:` section of a framework file), validated against its tree.

10号 第十三条: 预算执行率 10, 产出指标 50, 效益指标 30, 满意度指标 10 "in principle"; a framework may set other
一级 weights only with a stated reason. Rows may require an attachment before submitting; a 执行率 below a threshold
(90% on the published forms) needs its reason. Grade bands are the framework's ordinary `grades`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, ValidationError

from jixiao.model.quantity import format_count
from jixiao.rules.params import PercentParam, Points

FUNDS_ROW = "预算执行率"
STANDARD_WEIGHTS = ((FUNDS_ROW, Decimal(10)), ("产出指标", Decimal(50)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10)))
# 二级 groups seen on the published forms, by 一级.
STANDARD_GROUPS = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


@dataclass(frozen=True)
class ProjectSettings:
    funds_row: str = FUNDS_ROW  # the 一级 row scored from the funds block
    standard_weights: tuple[tuple[str, Decimal], ...] = STANDARD_WEIGHTS
    weights_reason: str = ""  # why the 一级 weights differ from the standard ones
    reason_below: Decimal = Decimal("0.9")  # 执行率 below this needs 偏差原因 (and a mid-year adjustment its own)
    attachments: tuple[str, ...] = ()  # 一级 names (or the funds row) whose rows need an attachment before submitting
    timeliness_group: str = "时效指标"  # the 二级 whose indicators tell whether a project finished on time


class RawProjectSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    funds_row: str = FUNDS_ROW
    standard_weights: dict[str, Points] | None = None
    weights_reason: str = ""
    reason_below: PercentParam = Decimal("0.9")
    attachments: list[str] = []
    timeliness_group: str = "时效指标"


Problem = tuple[tuple, str]  # (loc inside the framework file, message)


def build_settings(raw: Any, top_weights: dict[str, Decimal], validation_messages: Callable) -> tuple[ProjectSettings | None, list[Problem]]:
    """The settings and the problems found, each with its loc under `project`."""
    try:
        spec = RawProjectSettings.model_validate(raw if raw is not None else {})
    except ValidationError as error:
        return None, [(("project",) + tuple(loc), message) for loc, message in validation_messages(error)]
    problems: list[Problem] = []
    standard = tuple(spec.standard_weights.items()) if spec.standard_weights is not None else STANDARD_WEIGHTS
    if spec.funds_row not in top_weights:
        problems.append((("project", "funds_row"), f"一级指标中没有“{spec.funds_row}”：预算执行率一行须是一级指标"))
    for name in spec.attachments:
        if name not in top_weights:
            problems.append((("project", "attachments"), f"需要附件的“{name}”不是一级指标（一级指标：{'、'.join(top_weights)}）"))
    differing = [
        f"{name} {format_count(top_weights.get(name, Decimal(0)))}（标准 {format_count(weight)}）"
        for name, weight in standard
        if top_weights.get(name, Decimal(0)) != weight
    ] + [f"{name} {format_count(weight)}（标准中没有）" for name, weight in top_weights.items() if name not in dict(standard)]
    if differing and not spec.weights_reason.strip():
        problems.append((("project", "weights_reason"), f"一级指标分值与标准（{'、'.join(f'{n} {format_count(w)}' for n, w in standard)}）不同：{'、'.join(differing)}；调整一级指标分值须写明理由（weights_reason）"))
    settings = ProjectSettings(spec.funds_row, standard, spec.weights_reason.strip(), spec.reason_below, tuple(spec.attachments), spec.timeliness_group)
    return settings, problems
