"""年度指标值 and 实际完成值 written as people write them, compared with their qualifiers and units.

Targets: `≥700万次`, `≤5%`, `100%`, `是`, `140个`, `提供20份以上的数据质量报告`, `三、2、≥95%`.
A target with a number is quantitative (an operator, a value, percent or a unit word);
one without is qualitative and is met when the actual says the same or affirms it.

Actuals are read as a comparison, never as a bare number pulled out of the text:
`805万次` is exactly 805万次, `≥9个月` and `95%以上` say only "at least", `未达到90%`, `不足90%`,
`低于90%` say "below", `超过100%` says "above"; a bound decides the target only when every value
it allows lands on the same side (`≥9个月` meets `≥6个月`, `未达到90%` misses `≥90%`). What cannot
be compared is refused with a message (TargetError), never guessed: an actual in another unit
(`93.5个` against `≥90%`), an approximation or plan (`约93%`, `预计95%`), a negation the reader
does not understand, several candidate numbers, a negative count or rate, or a bound that a target
without a direction (`100%`) leaves undecided.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from jixiao.model.quantity import COUNT_MULTIPLIERS, format_count, format_percent, normalise_text

# Numbering that published tables put in front of a target: 三、2、≥95%
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(?:\d+[、.．]\s*)?|^\d+、\s*")
_SYMBOL_OPS = {">=": "≥", "≥": "≥", "≧": "≥", "<=": "≤", "≤": "≤", "≦": "≤", ">": ">", "<": "<", "=": "=", "≈": "≈", "~": "≈", "～": "≈"}
# Qualifier words written in front of a number; longer words first so 不超过 is not read as 超过.
_PREFIX_WORDS = {
    "<": "未能达到 没有达到 没能达到 尚未达到 仍未达到 不能达到 没达到 达不到 未达到 未达 未能完成 没有完成 未完成 未能实现 未实现 "
    "不到 不足 不满 不及 不够 不达 未满 低于 少于 小于",
    "≤": "不高于 不超过 不大于 不多于 至多 最多",
    ">": "超过 超出 高于 大于 多于",
    "≥": "不低于 不少于 不小于 至少 最少",
    "≈": "大约 约为 约 接近 将近 大概 估计 预计 预估 力争 争取 计划",
}
_SUFFIX_WORDS = {"≥": "及以上 以上", "≤": "及以下 以下 以内 之内", ">": "多 余", "≈": "左右 上下 许"}
# The same words anywhere in a target's text (the target is the framework's own sentence).
_TARGET_WORDS = [
    ("不低于", "≥"), ("不少于", "≥"), ("至少", "≥"), ("不小于", "≥"), ("以上", "≥"),
    ("不高于", "≤"), ("不超过", "≤"), ("不大于", "≤"), ("以下", "≤"), ("以内", "≤"),
    ("大于", ">"), ("超过", ">"), ("高于", ">"), ("小于", "<"), ("低于", "<"),
]
_UNITS = (
    "个百分点 百分点 平方公里 平方米 立方米 个月 公里 千米 公顷 人次 户次 件次 小时 分钟 工作日 季度 "
    "个 次 份 件 条 人 项 家 户 台 套 篇 期 场 批 米 亩 吨 天 日 月 周 年 秒 册 本 所 座 处 名 辆 张 部 类 种 门 分 倍 宗 起 单 笔 间 栋 株 元"
).split()
_NUMBER = re.compile(
    r"(?P<number>(?:(?<![\d.])[+\-−])?\d+(?:\.\d+)?)(?P<scale>[万亿])?(?P<more>[余多])?"
    r"(?P<unit>%|‰|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")?"
)
# Negations the reader does not understand next to a number (未来 is the future, not a negation).
_NEGATION = re.compile(r"未(?!来)|没|不能")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、]")
# A percentage target written without ≥/≤ (`100%`) is an upper limit where less is better and
# a lower limit where more is better; for other names the direction is unknown (a count: more).
LOWER_IS_BETTER = (
    "控制率", "差异率", "偏差率", "结余率", "调整率", "投诉率", "差错率", "出错率", "错误率", "发生率",
    "事故率", "失误率", "超支率", "返工率", "故障率", "闲置率", "空置率", "逾期率", "退回率", "超标率",
)
HIGHER_IS_BETTER = (
    "完成率", "执行率", "覆盖率", "合格率", "达标率", "满意度", "满意率", "办结率", "利用率", "公开率", "知晓率",
    "达成率", "到位率", "及时率", "准确率", "接通率", "实现率", "参与率", "使用率", "受益率", "普及率", "通过率", "进度率",
)
# Shares of a whole: an actual above 100% cannot be true (a 完成率 may exceed its plan, these may not).
CAPPED_AT_100 = ("满意度", "满意率", "覆盖率", "合格率", "达标率", "知晓率", "办结率", "接通率", "准确率", "公开率", "普及率", "通过率")
AFFIRMATIVE = frozenset(
    "是 完成 已完成 全部完成 按期完成 达成 已达成 达到 已达到 达标 已达标 健全 规范 合规 及时 有效 符合 良好 实现 已实现".split()
)
# Phrases that say a target was not reached, in a qualitative actual.
NEGATIVE_PHRASES = (
    "不健全", "未完成", "没有完成", "未能完成", "未达到", "没有达到", "未达成", "未达标", "不达标", "不及时", "未及时",
    "不规范", "不合规", "不完整", "不完善", "不准确", "未按期", "未按时", "逾期", "滞后", "未实现", "未建立", "未制定",
    "未公开", "不到位", "未落实", "未通过", "不合格", "不符合", "未执行", "未开展", "未整改",
)
_NEGATORS = ("尚未", "未能", "没有", "未", "不", "没")
# A negative phrase that is itself denied (无逾期, 未发现不规范) says the opposite.
_NEGATIVE = re.compile(
    "(?<!无)(?<!没有)(?<!未发现)(?<!未出现)(?<!杜绝)(?<!避免)(?:" + "|".join(map(re.escape, NEGATIVE_PHRASES)) + ")"
)


class TargetError(ValueError):
    """An actual that cannot be compared with its target; the message is for end users."""


@dataclass(frozen=True, slots=True)
class Target:
    text: str
    op: str | None = None  # ≥ ≤ > < = ; None for qualitative
    value: Decimal | None = None  # fraction when percent
    percent: bool = False
    unit: str = ""
    scale: str = ""  # 万 or 亿 as written in front of the unit (≥700万次)
    # False when the target has no ≥/≤ and its indicator's name does not tell which way is better.
    directed: bool = True
    capped: bool = False  # a share of a whole (满意度, 覆盖率…): no actual above 100%
    vague: str = ""  # 约, 左右…: a target that is itself an approximation cannot decide anything

    @property
    def quantitative(self) -> bool:
        return self.value is not None

    def display_value(self, value: Decimal) -> str:
        return format_percent(value) if self.percent else f"{format_count(value)}{self.unit}"

    def display(self) -> str:
        assert self.value is not None
        return f"{self.op}{self.display_value(self.value)}" if self.directed else self.display_value(self.value)


@dataclass(frozen=True, slots=True)
class Reading:
    """An actual compared with its target: exact (op "=") or only a bound (`≥9个月`, `未达到90%`)."""

    value: Decimal  # on the target's scale: a fraction when the target is a percentage
    op: str
    met: bool

    @property
    def exact(self) -> bool:
        return self.op == "="


@dataclass(frozen=True, slots=True)
class _Token:
    value: Decimal
    kind: str  # percent | unit | bare
    unit: str
    scale: str
    op: str  # "=" when no qualifier stands next to the number
    lead: int  # where the words in front of the number (and of a qualifier written there) end
    qualifier: str  # the qualifier as written, for messages


def strip_enumeration(text: str) -> str:
    return _ENUMERATION.sub("", text, count=1).strip()


def _quote(raw: object, limit: int = 60) -> str:
    text = str(raw)
    return text if len(text) <= limit else text[:limit] + "…"


def _clean(raw: object) -> str:
    return strip_enumeration(normalise_text(str(raw))).rstrip("。.;；")


# 约 in 签约/合约/节约 is no approximation.
_GUARDED = {"约": "(?<![签合节制契公条缔])约"}


def _word_pattern(table: dict[str, str], anchor: str) -> re.Pattern[str]:
    words = sorted(((w, op) for op, text in table.items() for w in text.split()), key=lambda item: -len(item[0]))
    alternation = "|".join(_GUARDED.get(w, re.escape(w)) for w, _op in words)
    return re.compile(f"({alternation})(?:了|为|在)?$" if anchor == "end" else f"^({alternation})")


_PREFIX = _word_pattern(_PREFIX_WORDS, "end")
_SUFFIX = _word_pattern(_SUFFIX_WORDS, "start")
_WORD_OP = {w: op for table in (_PREFIX_WORDS, _SUFFIX_WORDS) for op, text in table.items() for w in text.split()}
_QUALIFIER_REACH = 8  # the longest qualifier word (4) with a connector and room to spare
_SYMBOL = re.compile("(" + "|".join(re.escape(s) for s in sorted(_SYMBOL_OPS, key=len, reverse=True)) + ")$")


def _tokens(text: str) -> list[_Token]:
    out = []
    for match in _NUMBER.finditer(text):
        value = Decimal(match.group("number").replace("−", "-")) * COUNT_MULTIPLIERS.get(match.group("scale") or "", Decimal(1))
        unit = match.group("unit") or ""
        kind = "percent" if unit in ("%", "‰", "个百分点", "百分点") else ("unit" if unit else "bare")
        if kind == "percent":  # 93.5‰ is 9.35%, not 93.5%
            value, unit = value / (1000 if unit == "‰" else 100), ""
        op, qualifier, lead = "=", "", match.start()
        # Qualifiers are short: looking only next to the number keeps a long text linear.
        offset = max(0, match.start() - _QUALIFIER_REACH)
        before, after = text[offset : match.start()], text[match.end() : match.end() + _QUALIFIER_REACH]
        if match.group("more"):
            op, qualifier = ">", match.group("more")
        elif (symbol := _SYMBOL.search(before)) is not None:
            op, qualifier, lead = _SYMBOL_OPS[symbol.group(1)], symbol.group(1), offset + symbol.start()
        elif (word := _PREFIX.search(before)) is not None:
            op, qualifier, lead = _WORD_OP[word.group(1)], word.group(1), offset + word.start()
        elif (word := _SUFFIX.search(after)) is not None:
            op, qualifier = _WORD_OP[word.group(1)], word.group(1)
        out.append(_Token(value, kind, unit, match.group("scale") or "", op, lead, qualifier))
    return out


# Parsing is pure and the same few targets and actuals recur across thousands of rows (≥95%, 100%, 是):
# each distinct text is read once. A cache, not state: the results are immutable.
_READINGS = 8192


def parse_target(raw: object, name: str = "") -> Target:
    """A 年度指标值; `name` (the indicator's) tells the direction of a bare `100%` for a 控制率."""
    try:
        return _parse_target_cached(raw, name)
    except TypeError:  # an unhashable value: read it without the cache
        return _parse_target(raw, name)


def _parse_target(raw: object, name: str = "") -> Target:
    text = _clean(raw)
    tokens = _tokens(text)
    if not tokens:
        return Target(text=text)
    token = next((t for t in tokens if t.qualifier and t.op != "≈"), None) or next((t for t in tokens if t.kind == "percent"), tokens[0])
    op = token.op if token.qualifier and token.op != "≈" else next((o for word, o in _TARGET_WORDS if word in text), None)
    directed = op is not None or token.kind != "percent"
    if op is None:
        lower = any(word in name for word in LOWER_IS_BETTER)
        directed = directed or lower or any(word in name for word in HIGHER_IS_BETTER)
        op = "≤" if lower else "≥"
    percent = token.kind == "percent"
    capped = percent and any(word in name for word in CAPPED_AT_100)
    vague = token.qualifier if token.op == "≈" else ""
    return Target(text, op, token.value, percent, token.unit, token.scale, directed, capped, vague)


def read_actual(raw: object, target: Target) -> Reading | None:
    """The actual compared with a quantitative target; None when it states no number at all."""
    try:
        return _read_actual_cached(raw, target)
    except TypeError:
        return _read_actual(raw, target)


def _read_actual(raw: object, target: Target) -> Reading | None:
    assert target.value is not None and target.op is not None
    if target.vague:
        raise TargetError(f"年度指标值“{_quote(target.text)}”是约数（“{target.vague}”），无法判定是否达到：请写成 ≥90% 这样的确切指标值")
    if target.capped and not 0 <= target.value <= 1:
        raise TargetError(f"年度指标值“{_quote(target.text)}”不在 0 至 100% 之间：满意度、覆盖率、合格率这类比率不可能达到，请核对")
    text = _clean(raw)
    tokens = _tokens(text)
    if not tokens:
        return None
    token = _pick(tokens, target, raw)
    value = _scaled(token, target)
    shown = f"实际完成值（actual）“{_quote(raw)}”"
    if token.op == "≈":
        raise TargetError(f"{shown}是约数或预计值（“{token.qualifier}”），不能据以计分：请填写实际完成的确切数值，或由评价人员评定得分（score 与 basis）")
    clause = _CLAUSE_BREAK.split(text[: token.lead])[-1]
    if _NEGATION.search(clause):
        raise TargetError(f"{shown}中的否定说法“{clause}”无法确定含义：请只填写实际完成的数值（如 93.5%）")
    if target.percent and token.kind == "bare" and 0 < token.value <= 1:
        raise TargetError(
            f"{shown}没有写 %，是 {token.value}% 还是 {format_percent(token.value)}？不能猜：请写成带 % 的数值（如 {format_percent(token.value)}）"
        )
    if target.capped and (value > 1 or value == 1 and token.op == ">"):
        raise TargetError(f"{shown}超过 100%：满意度、覆盖率、合格率这类比率不可能超过 100%，请核对")
    if value < 0 and target.value >= 0:
        raise TargetError(f"{shown}为负数，不可能成立：请核对")
    if token.op == "=":
        return Reading(value, "=", is_met(target, value))
    return Reading(value, token.op, _bound_met(target, token.op, value, raw))


_parse_target_cached = functools.lru_cache(maxsize=_READINGS)(_parse_target)
_read_actual_cached = functools.lru_cache(maxsize=_READINGS)(_read_actual)  # a refusal (TargetError) is not cached


def _pick(tokens: list[_Token], target: Target, raw: object) -> _Token:
    """The number in the actual on the target's scale; refuse another unit or several candidates."""

    def fits(token: _Token) -> bool:
        if target.percent:
            return token.kind == "percent"
        if token.kind == "percent":
            return False
        return not target.unit or token.unit == target.unit

    candidates = [t for t in tokens if fits(t)] or [t for t in tokens if t.kind == "bare"]
    if not candidates:
        first = tokens[0]
        written = "百分比" if first.kind == "percent" else f"单位“{first.unit}”"
        wanted = "百分比" if target.percent else (f"单位“{target.unit}”" if target.unit else "数量")
        raise TargetError(
            f"实际完成值（actual）“{_quote(raw)}”是{written}，年度指标值“{target.text}”是{wanted}，单位不同，不能比较：请按年度指标值的单位填写"
        )
    if target.scale and all(t.kind == "bare" and not t.scale for t in candidates):
        raise TargetError(
            f"实际完成值（actual）“{_quote(raw)}”没有写单位，而年度指标值“{target.text}”以“{target.scale}{target.unit}”计，"
            f"不能确定是 {candidates[0].value}{target.unit} 还是 {candidates[0].value}{target.scale}{target.unit}：请写明单位"
        )
    if len({(t.value, t.op) for t in candidates}) > 1:
        shown = "、".join(f"{t.qualifier}{target.display_value(_scaled(t, target))}" for t in candidates[:5]) + ("等" if len(candidates) > 5 else "")
        raise TargetError(f"实际完成值（actual）“{_quote(raw)}”中有多个数值（{shown}），无法确定哪一个是完成值：请只填写实际完成的数值")
    return candidates[0]


def _scaled(token: _Token, target: Target) -> Decimal:
    """A bare number against a percentage target is percentage points: `0` against `≤5%` is 0%."""
    return token.value / 100 if target.percent and token.kind == "bare" else token.value


_INFINITY = Decimal("Infinity")


def _interval(op: str, value: Decimal) -> tuple[Decimal, bool, Decimal, bool]:
    """The values `op value` allows, as (low, low included, high, high included)."""
    return {
        "≥": (value, True, _INFINITY, False),
        ">": (value, False, _INFINITY, False),
        "≤": (-_INFINITY, False, value, True),
        "<": (-_INFINITY, False, value, False),
        "=": (value, True, value, True),
    }[op]


def _decides(target_op: str, target_value: Decimal, op: str, value: Decimal) -> bool | None:
    """True when every value the bound allows meets the target, False when none does, else None.

    Counts and rates are not negative (a negative actual is refused), so `低于5%` starts at 0.
    """
    lo, lo_in, hi, hi_in = _interval(op, value)
    if target_value >= 0 and lo < 0:
        lo, lo_in = Decimal(0), True
    t_lo, t_lo_in, t_hi, t_hi_in = _interval(target_op, target_value)
    inside = (t_lo < lo or (t_lo == lo and (t_lo_in or not lo_in))) and (hi < t_hi or (hi == t_hi and (t_hi_in or not hi_in)))
    if inside:
        return True
    apart = hi < t_lo or (hi == t_lo and not (hi_in and t_lo_in)) or t_hi < lo or (t_hi == lo and not (t_hi_in and lo_in))
    return False if apart else None


def _bound_met(target: Target, op: str, value: Decimal, raw: object) -> bool:
    assert target.value is not None and target.op is not None
    shown = f"实际完成值（actual）“{_quote(raw)}”只说明{op}{target.display_value(value)}"
    decided = _decides(target.op, target.value, op, value)
    if not target.directed and target.op in ("≥", "≤"):
        other = _decides("≤" if target.op == "≥" else "≥", target.value, op, value)
        if other != decided:
            raise TargetError(
                f"{shown}，而年度指标值“{target.text}”没有写明是下限还是上限，无法判定是否达到："
                f"请在年度指标值前写明 ≥ 或 ≤，或填写实际完成的确切数值"
            )
    if decided is None:
        raise TargetError(f"{shown}，不能判定是否达到年度指标值 {target.display()}：请填写实际完成的确切数值")
    return decided


def is_met(target: Target, actual: Decimal) -> bool:
    assert target.value is not None
    return {
        "≥": actual >= target.value,
        ">": actual > target.value,
        "≤": actual <= target.value,
        "<": actual < target.value,
        "=": actual == target.value,
    }[target.op or "≥"]


def completion_fraction(target: Target, actual: Decimal) -> Fraction:
    """How much of a missed quantitative target was reached, in [0, 1], exactly."""
    assert target.value is not None
    goal, reached = Fraction(target.value), Fraction(actual)
    if target.op in ("≤", "<"):
        if reached <= 0:
            return Fraction(1)
        fraction = goal / reached if goal > 0 else Fraction(0)
    else:
        if goal <= 0:
            return Fraction(1) if reached >= goal else Fraction(0)
        fraction = reached / goal
    return max(Fraction(0), min(Fraction(1), fraction))


def qualitative_met(target: Target, actual_text: str) -> bool | None:
    """True/False when the actual text decides it, None when a person must say."""
    actual = _clean(actual_text)
    if actual == target.text:
        return True
    if actual in ("否", "未完成", "未达成", "未达到", "未达标", "不健全", "不规范"):
        return False
    if target.text and any(actual == negator + target.text for negator in _NEGATORS):
        return False  # 不及时 against 及时, 未按期完成 against 按期完成
    if actual in AFFIRMATIVE and target.text not in ("否", "无"):
        return True
    return None


def says_not_met(target: Target, actual_text: str) -> bool:
    """The actual's words say the target was not reached (不健全, 未完成, 未达到90%…)."""
    actual = _clean(actual_text)
    if qualitative_met(target, actual) is False:
        return True
    if target.text not in ("否", "无") and actual in ("否", "无"):
        return True
    if _NEGATIVE.search(actual):
        return True
    return bool(target.text) and any(negator + target.text in actual for negator in _NEGATORS)
