"""indicator — 项目绩效指标（财预〔2020〕10号 第十六条）.

A project's own indicator with its 指标性质, 年度指标值 and 度量单位, written as one target (`≥95%`, `=12个`,
`≤30天`), and its 实际完成值:
- 正向 (≥, >): met → full weight; not met → 完成值 / 指标值 × 分值.
- 等于 (=): as 正向 (below → proportional, at or above → full); a target of 0 scores full only at 完成值 ≤ 0.
- 反向 (≤, <): met → full; not met → `reverse: ratio` (default, the local forms) 指标值 / 完成值 × 分值, or
  `reverse: linear` (the vendor rule) (1 − (完成值 − 指标值) / 指标值) × 分值, reaching 0 at twice the target.
- far above the target (`far_above`, default 20%, `null` turns it off): still full, with a warning that the
  target may have been set too low; the evaluator reduces the score (score, basis) or notes why (reason or basis).
- 定性 (a target without a number): the chosen `state` fixes a band of the weight — 达成年度指标 [80%, 100%],
  部分达成年度指标并具有一定效果 [60%, 80%), 未达成年度指标且效果较差 [0, 60%); 达成 without a score is full
  marks, the other two need the evaluator's score (score, basis) inside the band.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Pair, format_percent
from jixiao.model.targets import Target, TargetError, parse_target, qualitative_met, read_actual, says_not_met
from jixiao.rules import ONE, ZERO, Outcome, RuleKind, ScoreContext, SlotQuickScore, points
from jixiao.rules.params import PercentParam

# The three states of a qualitative indicator and their bands of the weight: (low, high, high included).
STATES = {
    "达成年度指标": (Fraction(4, 5), ONE, True),
    "部分达成年度指标并具有一定效果": (Fraction(3, 5), Fraction(4, 5), False),
    "未达成年度指标且效果较差": (ZERO, Fraction(3, 5), False),
}
# Short names people write for them.
STATE_WORDS = {"达成": "达成年度指标", "部分达成": "部分达成年度指标并具有一定效果", "未达成": "未达成年度指标且效果较差"}


def state_name(raw: str) -> str | None:
    text = raw.strip()
    return text if text in STATES else STATE_WORDS.get(text)


def band_of(state: str) -> tuple[Fraction, Fraction, bool]:
    return STATES[state]


def in_band(state: str, score: Decimal | Fraction | int, weight: Decimal | Fraction | int) -> bool:
    """Whether the score lies in the state's band of the weight, exactly (cross-multiplied integers, no Fraction made)."""
    low, high, high_in = STATES[state]
    score_n, score_d = score.as_integer_ratio()
    weight_n, weight_d = weight.as_integer_ratio()
    scaled, base = score_n * weight_d, weight_n * score_d  # score / weight = scaled / base (base may be 0)
    if low.numerator * base > scaled * low.denominator:
        return False
    top, bottom = high.numerator * base, scaled * high.denominator
    return bottom <= top if high_in else bottom < top


def band_text(state: str) -> str:
    low, high, high_in = STATES[state]
    return f"{format_percent(Decimal(low.numerator) / low.denominator)}–{format_percent(Decimal(high.numerator) / high.denominator)}{'' if high_in else '（不含）'}"


class IndicatorParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    reverse: Literal["ratio", "linear"] = "ratio"
    far_above: PercentParam | None = Decimal("0.2")


def nature_of(target: Target) -> str:
    """正向, 等于, 反向 or 定性, as the 指标性质 column names them."""
    if not target.quantitative:
        return "定性"
    return {"≥": "正向", ">": "正向", "=": "等于", "≤": "反向", "<": "反向"}.get(target.op or "≥", "正向")


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a quantitative row's target and 完成值 give, whatever its weight: made once per distinct text."""

    fraction: Fraction  # of the weight
    status: str  # met | far | missed | zero-target | error
    message: str = ""  # the error's, or how far above the target (far)
    formula: str = ""  # missed: the proportion as written in the 评分依据


@functools.lru_cache(maxsize=8192)  # pure; the same few texts recur across thousands of rows
def _quantitative(text: str, name: str, actual: str, reverse: str, far_above: Decimal | None) -> _Reading:
    target = parse_target(text, name)
    try:
        reading = read_actual(actual, target)
    except TargetError as error:
        return _Reading(ZERO, "error", str(error))
    if reading is None:
        return _Reading(ZERO, "error", f"实际完成值“{actual}”中读不出数值，无法与年度指标值 {text} 比较")
    goal, reached, op = target.value, reading.value, target.op
    assert goal is not None
    if op == "=" and goal == 0:
        return _Reading(ONE if reached <= 0 else ZERO, "zero-target")
    if reading.met or (op == "=" and reached >= goal):
        if far_above is None or goal <= 0 or op in ("≤", "<") or reached <= goal * (1 + far_above):
            return _Reading(ONE, "met")
        return _Reading(ONE, "far", format_percent(Fraction(reached) / Fraction(goal) - 1))
    if not reading.exact:
        return _Reading(ZERO, "error", f"实际完成值“{actual}”未达到年度指标值 {text}，但没有给出确切数值，无法按比例计分：请填写确切数值")
    nature = nature_of(target)
    exact_goal, exact_reached = Fraction(goal), Fraction(reached)
    shown_goal, shown_reached = target.display_value(goal), target.display_value(reached)
    if nature != "反向":
        fraction, formula = (exact_reached / exact_goal if goal > 0 else ZERO), f"{shown_reached} / {shown_goal}"
    elif reverse == "linear":
        fraction, formula = (1 - (exact_reached - exact_goal) / exact_goal if goal > 0 else ZERO), f"(1 − ({shown_reached} − {shown_goal}) / {shown_goal})"
    else:
        fraction, formula = (exact_goal / exact_reached if reached > 0 else ZERO), f"{shown_goal} / {shown_reached}"
    fraction = max(ZERO, min(ONE, fraction))
    return _Reading(fraction, "missed", "", f"（{nature}指标），得分 = {formula}")


def score(params: IndicatorParams, ctx: ScoreContext) -> Outcome:
    facts = ctx.facts
    text = facts.target
    if text is None:
        return Outcome(ZERO, "缺少年度指标值", (("error", "target-missing", "缺少年度指标值（value）"),))
    target = parse_target(text, ctx.name)
    if not target.quantitative:
        return _qualitative(target, ctx)
    actual = facts.actual
    if actual is None:
        return Outcome(ZERO, f"年度指标值 {text}，缺少实际完成值", (("error", "actual-missing", "缺少实际完成值（actual）"),))
    reading = _quantitative(text, ctx.name, actual, params.reverse, params.far_above)
    status = reading.status
    if status == "met":
        return Outcome(ctx.exact_weight, lambda: f"年度指标值 {text}，实际完成值 {actual}，已达到目标，得满分")
    if status == "missed":
        weight = ctx.weight
        floor = "，按 0 计" if reading.fraction == 0 else ""
        return Outcome(reading.fraction * ctx.exact_weight, lambda: f"年度指标值 {text}，实际完成值 {actual}，未达到目标{reading.formula} × {points(weight)} 分{floor}")
    stated = f"年度指标值 {text}，实际完成值 {actual}"
    if status == "error":
        code = "actual-inexact" if "无法按比例计分" in reading.message else "actual-unreadable"
        return Outcome(ZERO, stated + ("，未达到目标" if code == "actual-inexact" else ""), (("error", code, reading.message),))
    if status == "zero-target":
        met = reading.fraction == ONE
        return Outcome(ctx.exact_weight if met else ZERO, f"{stated}，指标值为 0，{'已达到，得满分' if met else '未达到，得 0 分'}")
    far = format_percent(params.far_above)  # type: ignore[arg-type]
    basis = f"{stated}，已达到目标，得满分；完成值超出指标值 {reading.message}（超过 {far}）"
    noted = (facts.reason or "").strip() or facts.basis.strip()
    if noted:
        return Outcome(ctx.exact_weight, basis, (("info", "far-above-noted", f"完成值超出指标值 {reading.message}，已说明：{noted}"),))
    message = f"实际完成值超出年度指标值 {reading.message}（超过 {far}），指标值可能设定偏低：请按偏离程度酌情扣分（score 与 basis），或在偏差原因（reason）中说明"
    return Outcome(ctx.exact_weight, basis, (("warning", "far-above-target", message),))


def _qualitative(target: Target, ctx: ScoreContext) -> Outcome:
    facts = ctx.facts
    actual = facts.actual if facts.actual is not None else "未填"
    stated = f"年度指标值 {facts.target}，实际完成情况 {actual}"
    state = facts.state
    if state is None:
        decided = facts.met
        if decided is None and facts.actual is not None:
            decided = False if says_not_met(target, facts.actual) else qualitative_met(target, facts.actual)
        if decided is None:
            message = f"定性指标“{facts.target}”的完成情况“{actual}”无法判定达成程度：请选择完成状态（state：达成 / 部分达成 / 未达成）"
            return Outcome(ZERO, stated, (("error", "qualitative-undecided", message),))
        state = "达成年度指标" if decided else "未达成年度指标且效果较差"
    if state == "达成年度指标":
        return Outcome(ctx.exact_weight, f"{stated}，{state}，得满分")
    message = f"完成状态“{state}”的得分须由评价人员在分值的 {band_text(state)} 之间评定（score 与 basis）"
    return Outcome(ZERO, f"{stated}，{state}", (("error", "band-score-missing", message),))


def slot_quick(params: IndicatorParams, _registry) -> SlotQuickScore:
    """A quantitative row reached (full) or missed (its proportion), a 定性 row 达成年度指标 (full), as `score` gives
    them; anything else (a finding to make: far above, unreadable, zero target, missing; a state to judge) declines."""
    reverse, far_above = params.reverse, params.far_above

    def quick(name: str, weight: Pair, _values, facts) -> Pair | None:
        text = facts.target
        if text is None:
            return None
        if not parse_target(text, name).quantitative:
            return weight if facts.state == "达成年度指标" else None
        actual = facts.actual
        if actual is None:
            return None
        reading = _quantitative(text, name, actual, reverse, far_above)
        if reading.status == "met":
            return weight
        if reading.status == "missed":
            fraction = reading.fraction
            return (fraction.numerator * weight[0], fraction.denominator * weight[1])
        return None

    return quick


KIND = RuleKind(
    name="indicator",
    label="项目绩效指标",
    params_model=IndicatorParams,
    score=score,
    summary="按指标性质计分：正向、等于达到得满分，未达到按比例；反向按指标值/完成值或线性；定性分三档",
    inputs=("target", "actual", "met", "state"),
    doc=__doc__ or "",
    slot_quick=slot_quick,
)
