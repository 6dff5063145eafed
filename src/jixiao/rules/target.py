"""target — 年度指标值对照实际完成值.

Targets are written as people write them (`≥700万次`, `≤5%`, `100%`, `是`, `140个`,
`提供20份以上`). Met → full weight. A missed quantitative target scores in proportion
(完成值/指标值 × 分值; for ≤ targets 指标值/完成值 × 分值) unless `mode: all_or_nothing`,
or the evaluator's judged score with its reason (Guangzhou 2021 接通率: ≥95%, actual
94.07%, judged 2.66 of 2.96). A qualitative target is met when the actual says the same
or affirms it (是、已完成、达标…); otherwise `met` must say so.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from jixiao.model.targets import TargetError, completion_fraction, parse_target, qualitative_met, read_actual
from jixiao.rules import ZERO, Outcome, RuleKind, ScoreContext, points


class TargetParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    target: str | None = None
    mode: Literal["proportional", "all_or_nothing"] = "proportional"


def score(params: TargetParams, ctx: ScoreContext) -> Outcome:
    facts = ctx.facts
    target_text = facts.target if facts.target is not None else params.target
    if target_text is None:
        return Outcome(ZERO, "缺少年度指标值", (("error", "target-missing", "缺少年度指标值（target）"),))
    if facts.actual is None and facts.met is None:
        return Outcome(ZERO, f"年度指标值 {target_text}，缺少实际完成值", (("error", "actual-missing", "缺少实际完成值（actual）"),))
    target = parse_target(target_text, ctx.name)
    stated = f"年度指标值 {target_text}，实际完成值 {facts.actual if facts.actual is not None else '未填'}"
    if target.quantitative:
        try:  # the actual with its qualifier and unit (未达到90%, ≥9个月), or a refusal saying why
            reading = read_actual(facts.actual, target) if facts.actual is not None else None
        except TargetError as error:
            return Outcome(ZERO, stated, (("error", "actual-unreadable", str(error)),))
        if reading is None:
            if facts.met is None:
                message = f"实际完成值“{facts.actual}”中读不出数值，无法与指标值 {target_text} 比较：请填写数值或 met"
                return Outcome(ZERO, stated, (("error", "actual-unreadable", message),))
            return _by_met(facts.met, stated, ctx.exact_weight)
        if reading.met:
            return Outcome(ctx.exact_weight, f"{stated}，已达到目标，得满分")
        if params.mode == "all_or_nothing":
            return Outcome(ZERO, f"{stated}，未达到目标，得 0 分")
        if not reading.exact:
            message = f"实际完成值“{facts.actual}”未达到指标值 {target_text}，但没有给出确切数值，无法按比例计分：请填写确切数值，或由评价人员评定得分（score 与 basis）"
            return Outcome(ZERO, f"{stated}，未达到目标", (("error", "actual-inexact", message),))
        actual = reading.value
        fraction = completion_fraction(target, actual)
        formula = (
            f"{target.display_value(target.value)} / {target.display_value(actual)}"  # type: ignore[arg-type]
            if target.op in ("≤", "<")
            else f"{target.display_value(actual)} / {target.display_value(target.value)}"  # type: ignore[arg-type]
        )
        return Outcome(fraction * ctx.exact_weight, f"{stated}，未达到目标，得分 = {formula} × {points(ctx.weight)} 分")
    met = facts.met if facts.met is not None else qualitative_met(target, str(facts.actual))
    if met is None:
        message = f"定性指标“{target_text}”的完成值“{facts.actual}”无法自动判定是否达成：请填写 met（是/否）或评定得分"
        return Outcome(ZERO, stated, (("error", "qualitative-undecided", message),))
    return _by_met(met, stated, ctx.exact_weight)


def _by_met(met: bool, stated: str, weight: Fraction) -> Outcome:
    if met:
        return Outcome(weight, f"{stated}，已达成，得满分")
    return Outcome(ZERO, f"{stated}，未达成，得 0 分（如部分达成，可由评价人员酌情评分）")


KIND = RuleKind(
    name="target",
    label="目标值对照",
    params_model=TargetParams,
    score=score,
    summary="年度指标值对照实际完成值：达到得满分，未达到按比例或酌情",
    inputs=("target", "actual", "met"),
    doc=__doc__ or "",
)
