"""A results-application rule (结果应用规则) as data, checked before use.

Each entry names a grade, the score band it covers, the budget action and the range of the cut as a
percentage of the evaluated year's budget (中 压减 10%–30%; 差 压减 30% 以上直至取消 = 30%–100%).
Like grade bands, the rule is data: a round keeps its own; the default is 河南 省级 / 郑州's.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

HUNDRED = Decimal(100)


class RuleError(ValueError):
    """The rule cannot be used; messages name the grade and the field, in Chinese."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("；".join(self.messages))


@dataclass(frozen=True)
class GradeAction:
    grade: str
    score_from: Decimal  # the band: score_from ≤ score < score_to (score_to None: no upper bound)
    score_to: Decimal | None
    action: str  # 优先保障 / 保障并限期整改 / 压减 / 压减直至取消
    cut_min: Decimal  # % of the evaluated year's budget
    cut_max: Decimal
    may_increase: bool = False
    rectify: bool = False  # 限期整改
    bar_similar_funds: bool = False  # 整改到位前不得申请同类项目资金

    @property
    def cuts(self) -> bool:
        return self.cut_max > 0

    def describe(self) -> str:
        """The rule as a person reads it, e.g. “中（60 ≤ 分数 < 80）：压减 10%–30%；整改到位前不得申请同类资金”."""
        band = f"{_n(self.score_from)} ≤ 分数" + (f" < {_n(self.score_to)}" if self.score_to is not None else "")
        parts = [self.action]
        if self.cuts:
            parts.append(f"压减 {_n(self.cut_min)}%–{_n(self.cut_max)}%" if self.cut_max < HUNDRED else f"压减 {_n(self.cut_min)}% 以上直至取消")
        if self.may_increase:
            parts.append("可适当增加")
        if self.rectify:
            parts.append("限期整改")
        if self.bar_similar_funds:
            parts.append("整改到位前不得申请同类资金")
        return f"{self.grade}（{band}）：" + "；".join(parts)


@dataclass(frozen=True)
class ResultsRule:
    name: str
    actions: tuple[GradeAction, ...]

    def for_score(self, score: Decimal) -> GradeAction:
        for entry in self.actions:
            if score >= entry.score_from and (entry.score_to is None or score < entry.score_to):
                return entry
        raise RuleError([f"分数 {_n(score)} 不在规则的任何等级内"])

    def as_data(self) -> dict:
        return {"name": self.name, "grades": [_entry_data(e) for e in self.actions]}


def _n(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _entry_data(entry: GradeAction) -> dict:
    return {
        "grade": entry.grade, "score_from": _n(entry.score_from), "score_to": None if entry.score_to is None else _n(entry.score_to),
        "action": entry.action, "cut_min": _n(entry.cut_min), "cut_max": _n(entry.cut_max),
        "may_increase": entry.may_increase, "rectify": entry.rectify, "bar_similar_funds": entry.bar_similar_funds,
    }


def default_rule_data(grades: tuple[tuple[str, Decimal], ...]) -> dict:
    """河南 省级 / 郑州: 优 优先保障、可增加; 良 保障并限期整改; 中 压减 10%–30%; 差 压减 30% 以上直至取消;
    中、差 整改到位前不得申请同类项目资金. Bands from the framework's grades (优 ≥ 90 …)."""
    plan = {
        "优": ("优先保障", "0", "0", True, False, False),
        "良": ("保障并限期整改", "0", "0", False, True, False),
        "中": ("压减", "10", "30", False, True, True),
        "差": ("压减直至取消", "30", "100", False, True, True),
    }
    entries = []
    ordered = sorted(grades, key=lambda g: g[1], reverse=True)
    for index, (grade, minimum) in enumerate(ordered):
        action, low, high, increase, rectify, bar = plan.get(grade, ("", "0", "0", False, False, False))
        upper = None if index == 0 else ordered[index - 1][1]
        entries.append({
            "grade": grade, "score_from": _n(minimum), "score_to": None if upper is None else _n(upper), "action": action,
            "cut_min": low, "cut_max": high, "may_increase": increase, "rectify": rectify, "bar_similar_funds": bar,
        })
    return {"name": "河南省级、郑州市：优优先保障，良保障并限期整改，中压减10%–30%，差压减30%以上直至取消", "grades": entries}


def _decimal(value, where: str, problems: list[str]) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        problems.append(f"{where}应为数字，收到“{value}”")
        return None
    if not number.is_finite():
        problems.append(f"{where}应为数字，收到“{value}”")
        return None
    return number


def parse_rule(data: dict, grades: tuple[str, ...]) -> ResultsRule:
    """A ResultsRule from data, or RuleError listing every problem: a grade of the framework without an action,
    a grade twice or unknown, overlapping score bands, a cut range outside 0–100% or upside down."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("grades"), list):
        raise RuleError(["规则应列出各等级（grades）"])
    entries: list[GradeAction] = []
    seen: set[str] = set()
    for index, item in enumerate(data["grades"], start=1):
        if not isinstance(item, dict):
            problems.append(f"第 {index} 项应为一个等级的设置")
            continue
        grade = str(item.get("grade", "")).strip()
        label = f"等级“{grade or f'第 {index} 项'}”的"
        if not grade:
            problems.append(f"第 {index} 项缺少等级")
            continue
        if grade in seen:
            problems.append(f"等级“{grade}”重复出现")
            continue
        seen.add(grade)
        if grade not in grades:
            problems.append(f"等级“{grade}”不是本批次指标体系的等级（{'、'.join(grades)}）")
        action = str(item.get("action", "") or "").strip()
        if not action:
            problems.append(f"{label}预算安排未填写")
        low = _decimal(item.get("score_from", ""), f"{label}分数下限", problems)
        high_text = item.get("score_to")
        high = None if high_text in (None, "") else _decimal(high_text, f"{label}分数上限", problems)
        cut_min = _decimal(item.get("cut_min", "0") or "0", f"{label}压减比例下限", problems)
        cut_max = _decimal(item.get("cut_max", "0") or "0", f"{label}压减比例上限", problems)
        if None in (low, cut_min, cut_max) or (high_text not in (None, "") and high is None):
            continue
        if high is not None and high <= low:
            problems.append(f"{label}分数上限 {_n(high)} 应大于下限 {_n(low)}")
        if not (0 <= cut_min <= cut_max <= HUNDRED):
            problems.append(f"{label}压减比例应满足 0 ≤ 下限 ≤ 上限 ≤ 100%，收到 {_n(cut_min)}%–{_n(cut_max)}%")
        entries.append(GradeAction(
            grade, low, high, action, cut_min, cut_max,
            bool(item.get("may_increase")), bool(item.get("rectify")), bool(item.get("bar_similar_funds")),
        ))
    missing = [g for g in grades if g not in seen]
    if missing:
        problems.append(f"等级{'、'.join(f'“{g}”' for g in missing)}没有对应的预算安排")
    ordered = sorted(entries, key=lambda e: e.score_from)
    for lower, upper in zip(ordered, ordered[1:]):
        if lower.score_to is None or lower.score_to > upper.score_from:
            top = " 以上" if lower.score_to is None else f" 至 {_n(lower.score_to)}"
            problems.append(f"等级“{lower.grade}”（{_n(lower.score_from)}{top}）与“{upper.grade}”（自 {_n(upper.score_from)}）的分数区间重叠")
    if problems:
        raise RuleError(problems)
    return ResultsRule(str(data.get("name", "") or "结果应用规则"), tuple(sorted(entries, key=lambda e: e.score_from, reverse=True)))
