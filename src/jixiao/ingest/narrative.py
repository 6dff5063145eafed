"""What a report says in words: who, which year, when, the stated total and grade, key amounts.

Patterns are tied to the words that introduce a value ("年初部门预算为 5,281.87 万元",
"自评得分为 92.5 分，评价等级为优", "三公经费实际支出数17133.56元≤三公经费预算数40000元"),
read sentence by sentence so that an amount is taken only with its own subject. Amounts are
taken only with an explicit unit (元/万元): a bare number is not guessed at. The first value
found is kept; a later, different statement of the same figure is kept too, as also-stated,
so that the review checks can say the report contradicts itself.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.ingest.header import read_header
from jixiao.ingest.source import Line
from jixiao.model.quantity import QuantityError, Quantity, normalise_text, parse_money, parse_percent
from jixiao.model.result import Where

_MONEY = r"([\d,，]+(?:\.\d+)?)\s*(万元|元|亿元)"
_PERCENT = r"(\d+(?:\.\d+)?)\s*[%％]"


@dataclass(frozen=True)
class FigurePattern:
    figure: str
    must: tuple[str, ...]  # words the sentence must contain
    anchor: str  # the value is the first of its kind after this regex
    kind: str  # money | percent | count
    must_not: tuple[str, ...] = ()
    in_tables: bool = True  # False: a table cell's mention is about something narrower (one service's 满意度)


PATTERNS = (
    FigurePattern("年初预算", (), r"年初(?:部门)?预算(?:数)?(?:为|是)?", "money", ("三公", "公用经费", "采购", "结转")),
    FigurePattern("调整后预算", (), r"(?:年中)?调整后(?:的)?(?:部门)?预算(?:数)?(?:为|是)?|全年调整预算(?:数)?(?:为)?|全年预算数(?:为)?", "money", ("三公", "公用经费", "采购", "项目支出预算", "基本支出预算")),
    FigurePattern("实际支出", (), r"全年实际支出(?:数)?(?:为|是)?|(?:年度|全年)?支出数(?:是|为)|全年执行数(?:为)?|预算执行数(?:为)?", "money", ("三公", "公用经费", "采购", "项目支出", "基本支出")),
    FigurePattern("实际支出", (), r"(?<![\u4e00-\u9fff])支出\s*[:：]", "money"),
    FigurePattern("收入", (), r"(?<![\u4e00-\u9fff])收入\s*[:：]", "money"),
    FigurePattern("财政拨款收入", (), r"(?:当年)?财政拨款收入(?:为|是)?", "money", ("调整预算", "决算", "预算数")),
    FigurePattern("预算执行率", (), r"(?:全年)?预算执行率(?:为|达到|达)?", "percent", ("季度", "项目")),
    FigurePattern("基本支出", (), r"基本支出(?:数)?(?:为)?", "money", ("预算",)),
    FigurePattern("项目支出", (), r"项目支出(?:数)?(?:为)?(?!预算)", "money", ("预算",)),
    FigurePattern("项目支出预算", (), r"项目支出预算(?:数)?(?:为)?", "money"),
    FigurePattern("政府采购预算", ("采购",), r"(?:采购预算金额|采购计划金额|计划采购金额|政府采购预算)(?:为|是)?", "money"),
    FigurePattern("实际采购金额", ("采购",), r"实际(?:执行)?采购金额(?:为|是)?", "money"),
    FigurePattern("政府采购执行率", ("采购",), r"(?:政府)?采购执行率(?:为)?", "percent"),
    FigurePattern("三公经费预算", ("三公",), r"预算(?:安排)?数(?:为)?|年初预算(?:为)?", "money"),
    FigurePattern("三公经费支出", ("三公",), r"实际支出(?:数)?(?:为)?|决算数(?:据)?(?:为)?", "money"),
    FigurePattern("日常公用经费预算", ("日常公用经费",), r"调整预算数(?:为)?", "money"),
    FigurePattern("日常公用经费决算", ("日常公用经费",), r"决算数(?:为)?", "money"),
    FigurePattern("公用经费预算", ("公用经费",), r"年度预算(?:为)?", "money", ("日常", "三公")),
    FigurePattern("公用经费决算", ("公用经费",), r"年度决算数(?:为)?", "money", ("日常", "三公")),
    FigurePattern("总资产", (), r"总资产|资产总额(?:为)?", "money"),
    FigurePattern("流动资产", (), r"流动资产", "money"),
    FigurePattern("固定资产", (), r"(?<!在用)固定资产(?!利用|总额|原值)", "money", ("原值",)),
    FigurePattern("在建工程", (), r"在建工程", "money"),
    FigurePattern("无形资产", (), r"无形资产", "money"),
    FigurePattern("固定资产原值", ("原值",), r"(?<!在用)资产(?:的)?原值(?:为)?", "money"),
    FigurePattern("在用固定资产原值", ("原值",), r"在用资产(?:的)?原值(?:为)?", "money"),
    FigurePattern("满意度", ("满意",), r"满意(?:度|率)(?:为|达到|达)?", "percent", ("不低于", "≥", "以上"), in_tables=False),
    FigurePattern("三公经费控制率", ("三公",), r"控制率(?:为)?", "percent", ("日常",)),
    FigurePattern("日常公用经费控制率", ("日常公用经费",), r"控制率(?:为)?", "percent", ("三公",)),
    FigurePattern("公用经费控制率", ("公用经费",), r"控制率(?:为)?", "percent", ("日常", "三公")),
    FigurePattern("固定资产利用率", ("资产",), r"(?:固定)?资产(?:总体)?(?:使用|利用)率(?:为|达到|达)?", "percent"),
    FigurePattern("年初结转结余", ("结转",), r"年初(?:财政拨款)?结转结余(?:资金)?(?:为)?", "money"),
    FigurePattern("年末结转结余", ("结转",), r"年末(?:财政拨款)?结转结余(?:资金)?(?:为)?|年底结余结转资金为", "money"),
)
# Counts with their unit word: 核定编制人数 24 人, 实有在编人数 22 人.
COUNT_PATTERNS = (
    ("核定编制", r"(?:核定|行政)编制(?:人数)?(?:为)?\s*(\d+)\s*[人名]"),
    ("在编人数", r"(?:实有)?在编(?:人数|人员)?(?:为)?\s*(\d+)\s*人"),
    ("核定编制", r"(?<!实际)编制数\s*(?:为)?\s*(\d+)\s*人"),
    ("核定编制", r"(?:编制部门)?核定人数\s*(?:为)?\s*(\d+)\s*人"),
    ("在编人数", r"年末在职人数\s*(?:为)?\s*(\d+)\s*人"),
)
_COUNT_LABELS = {"人员编制": "核定编制", "编制人数": "核定编制", "核定编制数": "核定编制", "实有人数": "在编人数", "在编人数": "在编人数"}
QUARTERS = ("一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度")


@dataclass(frozen=True)
class Found:
    value: Quantity
    text: str  # as written
    where: Where


@dataclass
class Narrative:
    department: str | None = None
    year: int | None = None
    report_date: str | None = None
    stated_total: Decimal | None = None
    stated_grade: str | None = None
    where: dict[str, Where] | None = None
    figures: dict[str, list[Found]] | None = None


def sentences(line: Line) -> list[str]:
    return [s for s in re.split(r"[。；;\n]", line.text) if s.strip()]


@functools.lru_cache(maxsize=None)  # the anchors are a fixed few, met once per sentence each
def _compiled(anchor: str) -> re.Pattern:
    return re.compile(anchor)


def _first_after(pattern: FigurePattern, sentence: str) -> tuple[Quantity, str] | None:
    if any(word not in sentence for word in pattern.must):
        return None
    for anchor in _compiled(pattern.anchor).finditer(sentence):
        if "类" in sentence[max(0, anchor.start() - 2) : anchor.start()]:
            continue  # a sub-category (基本建设类项目支出预算), not the whole
        clause = _clause_around(sentence, anchor.start())
        if any(word in clause for word in pattern.must_not):
            continue
        rest = sentence[anchor.end() : anchor.end() + 40]
        value = re.match(r"\s*[:：]?\s*" + (_MONEY if pattern.kind == "money" else _PERCENT), rest)
        if value is None:
            continue
        try:
            if pattern.kind == "money":
                return parse_money(value.group(1).replace("，", ",") + value.group(2), None), value.group(0).strip()
            return parse_percent(value.group(1) + "%"), value.group(0).strip()
        except QuantityError:
            continue
    return None


def _clause_around(sentence: str, position: int) -> str:
    """The comma-separated clause that holds position: exclusions apply to it, not the sentence."""
    start = max(sentence.rfind(mark, 0, position) for mark in "，,")
    ends = [i for i in (sentence.find(mark, position) for mark in "，,") if i >= 0]
    return sentence[start + 1 : min(ends) if ends else len(sentence)]


def read_narrative(lines: list[Line] | tuple[Line, ...]) -> Narrative:
    found: dict[str, list[Found]] = {}
    places: dict[str, Where] = {}
    result = Narrative(where=places, figures=found)

    kept: set[tuple] = set()  # a set, not a scan of the list: a long file must not be quadratic

    def keep(figure: str, quantity: Quantity, text: str, where: Where) -> None:
        if (figure, quantity.value, where) not in kept:
            kept.add((figure, quantity.value, where))
            found.setdefault(figure, []).append(Found(quantity, text, where))

    header = read_header(lines)
    result.department, result.year, result.report_date = header.department, header.year, header.report_date
    result.stated_total, result.stated_grade = header.stated_total, header.stated_grade
    places.update(header.where)
    unit_context, unit_age, label_above = None, 0, ""
    for line in lines:
        if not line.text.strip():
            continue
        figure = _COUNT_LABELS.get(label_above.replace(" ", ""))
        if figure and re.fullmatch(r"\d{1,5}", line.text.strip()):  # a form's label on one line, its value on the next
            keep(figure, Quantity("count", Decimal(line.text.strip()), "人"), f"{label_above} {line.text.strip()}", line.where)
        label_above = line.text.strip()
        in_table = sum(1 for c in line.cells if c) > 1
        for sentence in sentences(line):
            sentence = normalise_spaces(sentence)
            for pattern in PATTERNS:
                if in_table and not pattern.in_tables:
                    continue
                hit = _first_after(pattern, sentence)
                if hit:
                    keep(pattern.figure, hit[0], hit[1], line.where)
            for figure, regex in COUNT_PATTERNS:
                match = re.search(regex, sentence)
                if match and "其中" not in sentence[: match.start()]:  # "其中行政编制 15 人" is a part, not the 编制
                    keep(figure, Quantity("count", Decimal(match.group(1)), "人"), match.group(0), line.where)
            if "季度" in sentence and "分别为" in sentence:
                rates = re.findall(_PERCENT, sentence.split("分别为", 1)[1])
                if len(rates) == 4:
                    for figure, rate in zip(QUARTERS, rates):
                        keep(figure, parse_percent(rate + "%"), rate + "%", line.where)
        _table_amounts(line, keep)
        unit_context = _unit_stated(line.text) or (unit_context if unit_age < 6 else None)
        unit_age = 0 if _unit_stated(line.text) else unit_age + 1
        _labelled_amount(line, unit_context, keep)
    return result


_LABELLED = {
    "调整后预算": r"计划安排资金|全年预算数|调整后预算数?|预算数",
    "年初预算": r"年初预算数?",
    "实际支出": r"实际支出|全年执行数|预算执行数|执行数",
}
_LABELLED_PATTERNS = tuple(
    (figure, re.compile(rf"(?:{labels})\s*(?:[（(](万元|元)[）)])?\s*[:：]?\s*([\d,，]+(?:\.\d+)?)\s*(万元|元)?"))
    for figure, labels in _LABELLED.items()
)
_UNIT_STATED = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)|[（(](万元|元)[）)]")


def _unit_stated(text: str) -> str | None:
    match = _UNIT_STATED.search(text)
    return (match.group(1) or match.group(2)) if match else None


def _labelled_amount(line: Line, unit: str | None, keep) -> None:
    """A line or two-cell row holding one labelled amount: "计划安排资金 | 715.18" under a "（万元）" heading,
    "实际支出（万元）：708.30". Without a unit on the line or just above it, the amount is not taken."""
    cells = [c.strip() for c in line.cells if c.strip()]
    text = " ".join(cells) if len(cells) <= 2 else ""
    if not text or len(text) > 40:
        return
    for figure, pattern in _LABELLED_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            stated = match.group(1) or match.group(3) or unit
            if stated:
                amount = match.group(2).replace("，", ",") + stated
                keep(figure, parse_money(amount, None), match.group(0), line.where)
            return


def normalise_spaces(text: str) -> str:
    return re.sub(r"(?<=[\d,.])\s+(?=[\d,.])", "", re.sub(r"\s+", " ", text))


def _table_amounts(line: Line, keep) -> None:
    """A summary row such as `全年预算数 | 392,951,003.55 | 91,154,209.43 | 301,796,794.12 | …`."""
    cells = [c for c in line.cells if c]
    if len(cells) < 2:
        return
    label = cells[0].replace(" ", "")
    figure = {"全年预算数": ("调整后预算", "基本支出预算", "项目支出预算"), "全年执行数": ("实际支出", "基本支出", "项目支出")}.get(label)
    if figure is None:
        return
    values = []
    for cell in cells[1:]:
        text = normalise_text(cell)
        if re.fullmatch(r"\d+(\.\d+)?", text):
            values.append(Decimal(text))
    if not values:
        return
    # 表头写“万元”而金额实为元的报告不少见：数值远大于万元级别时按元理解，并由检查提示。
    unit = "元" if values[0] >= 1_000_000 else "万元"
    keep(figure[0], parse_money(f"{values[0]}{unit}", None), cells[1], line.where)
    if len(values) >= 3 and values[1] + values[2] == values[0]:  # basic + project = total: the split is certain
        keep(figure[1], parse_money(f"{values[1]}{unit}", None), cells[2], line.where)
        keep(figure[2], parse_money(f"{values[2]}{unit}", None), cells[3], line.where)
