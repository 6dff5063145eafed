"""Relations a report's sentences state between their own numbers, read sentence by sentence (see
jixiao.model.stated_claims). Precision first: a relation is taken only when the sentence leaves no doubt which number
is which — one amount labelled as the budget and one as the spending beside a 执行率, one amount labelled as last
year's beside a growth rate, parts after 其中 — and skipped otherwise, so that what the checks report is a real slip.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.ingest.source import Line
from jixiao.model.stated_claims import StatedClaim

_SENTENCE = re.compile(r"[^。；;！!？?]+")
_MONEY = re.compile(r"(\d[\d,，]*(?:\.\d+)?)\s*(亿元|万元|元)")
_COUNT = re.compile(r"(\d{1,5})\s*(?:人|名)")
_PERCENT = re.compile(r"(\d{1,4}(?:\.(\d{1,4}))?)\s*[%％]")
_FACTOR = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
_CLAUSE_START = re.compile(r"[，,、：:（(]")

_RATE_NAME = re.compile(r"(?:预算|资金|支出|经费)?(?:执行|支出|使用|拨付|到位)率")
_DENOMINATOR = re.compile(r"预算|安排|下达|批复|计划")
_NUMERATOR = re.compile(r"支出|执行数|执行金额|使用|支付|拨付|决算")
_GROWTH = re.compile(r"(?:比|较|与)(?:上年|上一年|去年|同期|20\d\d\s*年)[^，,。；]{0,12}?(增长|增加|上升|提高|下降|减少|降低)(?:了)?\s*(\d{1,4}(?:\.(\d{1,4}))?)\s*[%％]")
_LAST_YEAR = re.compile(r"上年|上一年|去年|同期")
_AMONG = re.compile(r"其中\s*[:：]?")
# Parts that together make their whole; other parts after 其中 may overlap or leave some out, so only an excess counts.
_COMPLETE_SETS = (
    ("基本支出", "项目支出"), ("人员经费", "公用经费"), ("人员经费", "公用经费", "项目支出"), ("男", "女"), ("在职", "退休"),
)
# Kinds of one division: parts from one of these lists do not overlap (a 行政编制 is never a 事业编制).
_DISJOINT = (("基本支出", "项目支出", "人员经费", "公用经费"), ("行政", "事业", "工勤", "参公", "参照公务员"), ("男", "女"), ("在职", "退休"))
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = r"(?:内设机构|内设科室|职能科室|职能股室|科室|股室|处室|机构|二级单位|下属单位|所属单位|事业单位|中心)"
_LISTED_AFTER = re.compile(rf"(?:内设|下设|设有|设置|下辖|所属)\s*(\d{{1,3}}|[一二两三四五六七八九十]{{1,3}})\s*个{_UNITS}[^，,：:]{{0,6}}?\s*[，,]?\s*(?:分别为|分别是|即|包括|为|是)?\s*[：:]?\s*(?P<list>[^。；;（(，,]+)")
_LISTED_BEFORE = re.compile(rf"(?:内设|下设|设有|设置|下辖)\s*(?P<list>[^，,。；;：:（(]+?)\s*(等)?\s*(\d{{1,3}}|[一二两三四五六七八九十]{{1,3}})\s*个{_UNITS}")
_ITEM = re.compile(r"^[\u4e00-\u9fff（）()“”]{2,16}$")


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def _chinese_count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    if text.startswith("十") and len(text) == 2:
        return 10 + _CN_DIGITS.get(text[1], 0) if text[1] in _CN_DIGITS else None
    if len(text) in (2, 3) and text[1] == "十":
        tens, ones = _CN_DIGITS.get(text[0]), _CN_DIGITS.get(text[2], 0) if len(text) == 3 else 0
        return tens * 10 + ones if tens else None
    return None


def _label(sentence: str, start: int, floor: int = 0) -> str:
    """The words naming the amount that starts at start: back to the last clause mark (or floor)."""
    before = sentence[floor:start]
    marks = list(_CLAUSE_START.finditer(before))
    return (before[marks[-1].end() :] if marks else before).strip()


def _amounts(sentence: str, floor: int = 0) -> list[tuple[str, Decimal, int]]:
    """(label, value in 元, position) for each money amount from floor on."""
    out = []
    for match in _MONEY.finditer(sentence, floor):
        value = _number(match.group(1))
        if value is not None:
            out.append((_label(sentence, match.start(), floor), value * _FACTOR[match.group(2)], match.start()))
    return out


def read_claims(lines: list[Line] | tuple[Line, ...], table_lines: set[int] | None = None) -> list[StatedClaim]:
    """Every relation the report's sentences state; table rows (lines of several cells) are not sentences."""
    claims: list[StatedClaim] = []
    for line in lines:
        if len([c for c in line.cells if c]) != 1:
            continue
        text = line.text
        previous = ""
        for match in _SENTENCE.finditer(text):
            sentence = match.group(0).strip()
            if sentence.startswith("其中") and previous:
                # "支出:799.12万元。其中:人员经费支出434.89万元,…": the whole ends the sentence before
                claims += _parts(previous + "，" + sentence, line)
            previous = sentence
            if len(sentence) < 8 or not re.search(r"\d", sentence):
                continue
            claims += _rate(sentence, line) + _growth(sentence, line) + _parts(sentence, line) + _listed(sentence, line)
    return claims


def _rate(sentence: str, line: Line) -> list[StatedClaim]:
    rate = next((m for m in _PERCENT.finditer(sentence) if _RATE_NAME.search(_label(sentence, m.start()))), None)
    if rate is None or _GROWTH.search(sentence):
        return []
    amounts = [a for a in _amounts(sentence) if a[2] < rate.start()]
    denominators = [a for a in amounts if _DENOMINATOR.search(a[0]) and not _NUMERATOR.search(a[0])]
    numerators = [a for a in amounts if _NUMERATOR.search(a[0]) and not _DENOMINATOR.search(a[0])]
    if len(amounts) != 2 or len(denominators) != 1 or len(numerators) != 1 or not denominators[0][1]:
        return []  # which amount is which is not certain
    name = _RATE_NAME.search(_label(sentence, rate.start())).group(0)  # type: ignore[union-attr]
    (num_label, num, _), (den_label, den, _) = numerators[0], denominators[0]
    return [StatedClaim("rate", sentence, line.where, Decimal(rate.group(1)), name, ((num_label, num), (den_label, den)), "元", len(rate.group(2) or ""))]


def _growth(sentence: str, line: Line) -> list[StatedClaim]:
    growth = _GROWTH.search(sentence)
    if growth is None:
        return []
    amounts = [a for a in _amounts(sentence) if a[2] < growth.end()]
    last = [a for a in amounts if _LAST_YEAR.search(a[0]) or _LAST_YEAR.search(sentence[max(0, a[2] - 12) : a[2]])]
    current = [a for a in amounts if a not in last]
    if len(amounts) != 2 or len(last) != 1 or len(current) != 1 or not last[0][1]:
        return []
    falling = growth.group(1) in ("下降", "减少", "降低")
    return [StatedClaim("growth", sentence, line.where, Decimal(growth.group(2)), current[0][0], ((current[0][0], current[0][1]), (last[0][0], last[0][1])), "元", len(growth.group(3) or ""), falling=falling)]


def _kind(label: str, kinds: tuple[str, ...]) -> str | None:
    found = [k for k in kinds if k in label]
    return found[0] if len(found) == 1 else None


def _parts(sentence: str, line: Line) -> list[StatedClaim]:
    among = _AMONG.search(sentence)
    if among is None or "%" in sentence[among.end() :] or "％" in sentence[among.end() :]:
        return []
    for pattern, unit in ((_MONEY, "元"), (_COUNT, "人")):
        before = list(pattern.finditer(sentence[: among.start()]))
        if not before:
            continue
        whole_match = before[-1]
        whole = _number(whole_match.group(1))
        factor = _FACTOR[whole_match.group(2)] if unit == "元" else Decimal(1)
        parts = []
        for match in pattern.finditer(sentence, among.end()):
            value = _number(match.group(1))
            if value is not None:
                parts.append((_label(sentence, match.start(), among.end()), value * (_FACTOR[match.group(2)] if unit == "元" else Decimal(1))))
        if whole is None or len(parts) < 2:
            continue
        labels = [label for label, _ in parts]
        division = next((kinds for kinds in _DISJOINT if all(_kind(label, kinds) for label in labels)), None)
        if division is None or len({_kind(label, division) for label in labels}) != len(labels):
            continue  # parts that may overlap (党员, 大专以上) say nothing about their sum
        named = tuple(sorted(_kind(label, division) for label in labels))  # type: ignore[type-var]
        exhaustive = any(named == tuple(sorted(complete)) for complete in _COMPLETE_SETS) or "分别" in sentence[among.end() :]
        name = _label(sentence, whole_match.start()) or re.sub(r"^\W*\d*\W*", "", sentence[: whole_match.start()]).rstrip(":：为是 ")  # "2、支出:799.12万元"
        return [StatedClaim("parts", sentence, line.where, whole * factor, name, tuple(parts), unit, exhaustive=exhaustive)]
    return []


def _listed(sentence: str, line: Line) -> list[StatedClaim]:
    for pattern, count_group in ((_LISTED_AFTER, 1), (_LISTED_BEFORE, 3)):
        match = pattern.search(sentence)
        if match is None or (pattern is _LISTED_BEFORE and match.group(2)):
            continue  # "…等 5 个股室": the list is not meant to be complete
        count = _chinese_count(match.group(count_group))
        items = [item.strip() for item in re.split(r"[、，,]", match.group("list")) if item.strip()]
        if count is None or len(items) < 2 or "等" in match.group("list") or not all(_ITEM.match(item) for item in items):
            continue
        return [StatedClaim("listed", sentence, line.where, Decimal(count), "内设机构", unit="个", listed=tuple(items))]
    return []
