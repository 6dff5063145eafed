"""A published 项目支出绩效自评表 read into its parts: 项目名称/主管部门/实施单位, the funds block (年初预算数,
全年预算数, 全年执行数, 分值, 执行率, 得分 by source), 年度总体目标, the indicator table (一级/二级/三级指标, 指标性质,
年度指标值, 度量单位, 实际完成值, 分值, 得分, 偏差原因) and 总分 / 自评等级.

The layouts seen: a row per line with merged cells left out (丽江, 萧县, 大英), one cell per line with blanks kept
(青神), and the whole table flattened into one line of words (池州). Every layout becomes a run of tokens; a row is
its names, then exactly the header's value columns in the header's order (the 分值 and 得分 numbers where the header
puts them), then perhaps its reason. What does not fit is not a row: a "其中…" part without a 分值, a heading, a cut
fragment. A budget amount is read only in the funds block, so it never becomes a 分值 or a 得分. A cell where the
header wants a number and the table has other text is refused, with its line: a guess would be an invented score.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jixiao.ingest.header import read_header, squeeze
from jixiao.ingest.source import Line
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)")  # a mirror's reading aids: 項(xiàng)目
_TRADITIONAL = re.compile("[項績標預總執際數單產滿資計構]")  # characters of the form that 简体 never uses
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?分?$")
_PERCENT = re.compile(r"^[+-]?\d+(?:\.\d+)?%$")
_DASH = {"-", "—", "－", "/", "——", "--", "……", "…"}
_NATURE = {"=": "=", "═": "=", "≥": "≥", "≤": "≤", ">": "≥", "<": "≤", "≧": "≥", "≦": "≤", "正向": "≥", "反向": "≤", "等于": "=", "定性": "定性"}
_TARGET = re.compile(r"^(≥|≤|=|>|<|≧|≦)?\s*([+-]?\d+(?:\.\d+)?)\s*(.{0,8})$")
_LEVEL1 = re.compile(r"^(产出指标|效益指标|满意度指标)(?:\((\d+(?:\.\d+)?)分\))?$")
_LEVEL2 = {
    "数量指标": "数量指标", "质量指标": "质量指标", "时效指标": "时效指标", "成本指标": "成本指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
    "经济效益指标": "经济效益指标", "社会效益指标": "社会效益指标", "生态效益指标": "生态效益指标",
    "可持续影响指标": "可持续影响指标", "服务对象满意度指标": "服务对象满意度指标",
}
_LEVEL1_OF = {"数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
              "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
              "服务对象满意度指标": "满意度指标"}
_FUNDS_ROLES = (
    ("initial", re.compile(r"^年初预算数?(?:\(A\))?$")),
    ("budget", re.compile(r"^(?:全年预算数|调整后预算数?|预算数)(?:\(A\))?$")),
    ("spent", re.compile(r"^(?:全年执行数|预算执行数|执行数)(?:\(B\))?$")),
    ("weight", re.compile(r"^(?:分值|权重)(?:\(\d+分\))?$")),
    ("rate", re.compile(r"^(?:预算)?执行率(?:\(B/A\))?$")),
    ("score", re.compile(r"^得分$")),
    ("reason", re.compile(r"^(?:原因|得分计算方法|偏差原因.*)$")),
)
_FUNDS_LABELS = {"年度资金总额": "年度资金总额", "总额": "年度资金总额", "合计": "年度资金总额",
                 "财政拨款": "财政拨款", "本年财政拨款": "财政拨款", "当年财政拨款": "财政拨款", "财政资金": "财政拨款", "本年财政资金": "财政拨款",
                 "上年结转资金": "上年结转资金", "上年结转": "上年结转资金", "其他资金": "其他资金",
                 "财政专户管理资金": "财政专户管理资金", "单位资金": "单位资金"}
_INDICATOR_ROLES = (
    ("nature", re.compile(r"^指标性质$")),
    ("target", re.compile(r"^(?:年度指标值|指标值|预期指标值|年度目标值)(?:\(A\))?$")),
    ("unit", re.compile(r"^(?:度量单位|计量单位)$")),
    ("actual", re.compile(r"^(?:实际完成值|完成值|全年实际值|全年完成值|实际完成指标值|实际值)(?:\(B\))?$")),
    ("weight", re.compile(r"^(?:分值|权重|指标权重)$")),
    ("score", re.compile(r"^(?:得分|指标得分)$")),
    ("reason", re.compile(r"^(?:偏差原因|未完成原因).*$")),
)
_NAME_HEADERS = re.compile(r"^(?:绩效指标(?:\(\d+分\))?|一级指标|二级指标|三级指标)$")
_GOAL_HEADERS = re.compile(r"^(?:年度总体目标|预期目标|实际完成情况|年初设定目标|年度总体目标完成情况(?:综述)?|项目年度目标|年度目标完成情况)$")
_TOTAL = re.compile(r"^(?:总分|合计|总计|自评得分|自评总分)$")
_END = re.compile(r"^(?:评价结论|存在问题|改进措施|项目负责人.*|财务负责人.*)$")
_GRADE = re.compile(r"^(优秀|良好|合格|不合格|优|良|中|差)$")
_GRADE_MAP = {"优秀": "优", "良好": "良", "合格": "中", "不合格": "差"}


@dataclass
class FundsRow:
    label: str  # as printed (其中:本年财政拨款)
    source: str  # 年度资金总额, 财政拨款, 上年结转资金…
    where: Where
    initial: Decimal | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    weight: Decimal | None = None
    rate: Decimal | None = None  # a fraction: 100% → 1
    score: Decimal | None = None
    reason: str = ""


@dataclass
class IndicatorRow:
    level1: str
    level2: str
    name: str
    target: str  # 年度指标值 as printed, with its 指标性质 and unit
    actual: str  # 实际完成值 as printed ("" when blank)
    weight: Decimal
    score: Decimal | None
    where: Where
    nature: str | None = None  # ≥ ≤ = 定性; None when the table has no 指标性质 and the target no sign
    value: str = ""
    unit: str = ""
    reason: str = ""


@dataclass
class ProjectTable:
    project: str
    department: str
    implementer: str
    year: int | None
    unit: str | None
    funds: list[FundsRow]
    indicators: list[IndicatorRow]
    where: Where
    goal: str = ""
    goal_achieved: str = ""
    level_weights: dict[str, tuple[Decimal, Where]] = field(default_factory=dict)  # "产出指标(50分)" as printed
    stated_total: Decimal | None = None
    total_weights: Decimal | None = None  # the 总分 row's 100 (分值 side)
    stated_grade: str | None = None
    complete: bool = False  # the table reached its 总分 / 合计 row
    notes: list[tuple[str, Where | None]] = field(default_factory=list)
    places: dict[str, Where] = field(default_factory=dict)

    def funds_total(self) -> FundsRow | None:
        return next((row for row in self.funds if row.source == "年度资金总额"), None)


@dataclass(frozen=True)
class _Token:
    text: str
    where: Where
    line: int  # index of the line it came from
    multi: bool  # from a line of several cells (its row is that line)


def _number(text: str) -> Decimal | None:
    text = unicodedata.normalize("NFKC", text).replace(",", "").strip().rstrip("分")
    if not _NUMBER.match(text + "") and not re.match(r"^[+-]?\d+(?:\.\d+)?$", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _rate(text: str) -> Decimal | None:
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    if _PERCENT.match(text):
        return Decimal(text[:-1]) / 100
    return None


def _word(text: str) -> str:
    """A cell as a word to compare: 简体 already, spaces inside Chinese out, full-width folded."""
    return unicodedata.normalize("NFKC", squeeze(text)).replace(" ", "").strip()


def simplified(lines: tuple[Line, ...] | list[Line]) -> list[Line]:
    """繁体 copies (a mirror with reading aids "項(xiàng)目") as 简体, so the form's words are found."""
    sample = "".join(c for line in lines[:400] for c in line.cells)
    if not _TRADITIONAL.search(sample):
        return list(lines)
    try:
        import opencc
    except ImportError:  # pragma: no cover - a dependency; without it a 繁体 table is simply not recognised
        return list(lines)
    convert = opencc.OpenCC("t2s").convert
    return [Line(tuple(convert(_PINYIN.sub("", cell)) for cell in line.cells), line.where) for line in lines]


def _tokens(lines: list[Line]) -> list[_Token]:
    out = []
    for index, line in enumerate(lines):
        cells = [c.strip() for c in line.cells]
        filled = [c for c in cells if c]
        if len(filled) >= 2:
            out.extend(_Token(c, line.where, index, True) for c in filled)
        elif filled and len(words := filled[0].split(" ")) >= 4 and any(len(w) > 1 for w in words[:-1]):  # a table flattened into words
            out.extend(_Token(w, line.where, index, False) for w in words if w)
        elif filled and len(words) >= 4:  # "产 出 指 标 (50分)": a vertical heading's characters
            out.append(_Token(squeeze(filled[0]), line.where, index, False))
        else:  # one cell per line: a blank is an empty cell
            out.append(_Token(filled[0] if filled else "", line.where, index, False))
    return out


def _start(tokens: list[_Token]) -> int | None:
    return next((i for i, t in enumerate(tokens) if _word(t.text) == "项目名称"), None)


def looks_like_project_table(lines) -> bool:
    """The file names a 项目支出绩效自评表 (its title or its 项目名称 field): said once when none could be read."""
    return any("项目名称" in _word(c) or "项目支出绩效自评表" in _word(c) for line in simplified(lines[:400]) for c in line.cells)


def read_project_table(lines) -> ProjectTable | None:
    """The first 项目支出绩效自评表 in the lines, or None when there is none (no 项目名称 field, no funds block or no
    indicator header). Raises InputError for a cell with text where the table wants a number."""
    lines = simplified(lines)
    tokens = _tokens(lines)
    start = _start(tokens)
    if start is None:
        return None
    funds_at = _header_run(tokens, start, _FUNDS_ROLES, minimum=3)
    if funds_at is None:
        return None
    indicators_at = _indicator_header(tokens, funds_at[1])
    if indicators_at is None:
        return None
    table = ProjectTable("", "", "", read_header(lines).year, None, [], [], tokens[start].where)
    _header_fields(table, tokens[start:funds_at[0]])
    table.unit = _unit(tokens[max(0, start - 3):funds_at[1]])
    goal_at = next((i for i in range(funds_at[1], indicators_at[0]) if _word(tokens[i].text) == "年度总体目标"), indicators_at[0])
    _funds(table, tokens[funds_at[1]:goal_at], funds_at[2])
    _goal(table, tokens[goal_at:indicators_at[0]])
    _indicators(table, tokens[indicators_at[1]:], indicators_at[2])
    if any(_TOTAL.match(_word(t.text)) or _word(t.text) in ("得分", "权重", "分值") for t in tokens[:start]):  # another table's tail
        table.notes.append(("“项目名称”之前的内容不属于这张项目自评表，未读取", tokens[0].where))
    later = next((t for t in tokens[indicators_at[1]:] if _word(t.text) == "项目名称"), None)
    if later is not None:
        table.notes.append(("文件中还有一张项目自评表，只读取了第一张", later.where))
    return table


# -- the header fields, the unit, the goal ----------------------------------------------------------


_LABELS = {"项目名称": "project", "主管部门": "department", "实施单位": "implementer", "项目实施单位": "implementer", "实施单位(盖章)": "implementer"}
_CODE = re.compile(r"^[0-9A-Z]{2,30}\s*[-－—]\s*")  # a budget code before the name: 219001-池州市…, 51092324T…-2023年…


def _header_fields(table: ProjectTable, tokens: list[_Token]) -> None:
    for index, token in enumerate(tokens):
        key = _LABELS.get(_word(token.text))
        if key is None or getattr(table, key):
            continue
        value = next((t for t in tokens[index + 1:index + 4] if t.text and _word(t.text) not in _LABELS), None)
        if value is None:
            continue
        text = _CODE.sub("", value.text.strip())
        if key == "project":
            text = re.sub(r"(?:项目)?(?:支出)?绩效自评表$", "", text) or text
        setattr(table, key, text)
        table.places[key] = value.where


def _unit(tokens: list[_Token]) -> str | None:
    for token in tokens:
        match = re.search(r"[（(]\s*(万元|元)\s*[）)]|单位\s*[:：]\s*(万元|元)", token.text)
        if match:
            return match.group(1) or match.group(2)
    return None


def _goal(table: ProjectTable, tokens: list[_Token]) -> None:
    texts = [t.text for t in tokens if t.text and not _GOAL_HEADERS.match(_word(t.text))]
    if len(texts) == 2:  # 预期目标 | 实际完成情况; more pieces cannot be told apart
        table.goal, table.goal_achieved = texts


# -- header runs --------------------------------------------------------------------------------------


def _role(word: str, roles) -> str | None:
    return next((role for role, pattern in roles if pattern.match(word)), None)


def _header_run(tokens: list[_Token], start: int, roles, minimum: int) -> tuple[int, int, list[str]] | None:
    """The first run of at least `minimum` header words after `start`: (first, after last, the roles in order)."""
    index = start
    while index < len(tokens):
        if _role(_word(tokens[index].text), roles) is None:
            index += 1
            continue
        end, found = index, []
        while end < len(tokens) and (not tokens[end].text or _role(_word(tokens[end].text), roles) is not None
                                     or re.search(r"[（(]\s*万?元\s*[）)]$|^年度预算数", tokens[end].text)):
            role = _role(_word(tokens[end].text), roles) if tokens[end].text else None
            if role is not None and role not in found:
                found.append(role)
            end += 1
        if len(found) >= minimum:
            return index, end, found
        index = end + 1
    return None


def _indicator_header(tokens: list[_Token], start: int) -> tuple[int, int, list[str]] | None:
    """The indicator table's header, from its first header word (绩效指标, 一级指标…) to its last, and its value
    columns in the order a row gives them: 指标性质 and 度量单位 go beside the 年度指标值 they belong to (a two-row
    header prints 年度指标值 over 指标性质 | 指标值 | 度量单位)."""
    for index in range(start, len(tokens)):
        if _word(tokens[index].text) != "三级指标":
            continue
        first = index
        while first > start and (not tokens[first - 1].text or _header_word(tokens[first - 1].text)):
            first -= 1
        end = index
        while end < len(tokens) and (not tokens[end].text or _header_word(tokens[end].text)):
            end += 1
        words = [_word(t.text) for t in tokens[first:end] if t.text]
        present = {r for w in words if (r := _role(w, _INDICATOR_ROLES))}
        if not {"weight", "score", "target"} <= present:
            return None
        order: list[str] = []
        for word in words:
            role = _role(word, _INDICATOR_ROLES)
            if role in ("nature", "target", "unit"):
                if "target" not in order:
                    order += [r for r in ("nature", "target", "unit") if r in present]
            elif role is not None and role not in order:
                order.append(role)
        while end > index and not tokens[end - 1].text:
            end -= 1  # trailing blanks are the first row's empty cells, not the header's
        return first, end, order
    return None


def _header_word(text: str) -> bool:
    word = _word(text)
    return bool(_NAME_HEADERS.match(word) or _role(word, _INDICATOR_ROLES))


# -- the funds block ----------------------------------------------------------------------------------


def _is_value(text: str) -> bool:
    word = _word(text)
    return not word or word in _DASH or _number(word) is not None or _rate(word) is not None


def _is_reason(text: str) -> bool:
    return len(text) > 12 or bool(re.search(r"[，。；;,]", text))


def _funds(table: ProjectTable, tokens: list[_Token], roles: list[str]) -> None:
    index = 0
    columns = [r for r in roles if r != "reason"]
    while index < len(tokens):
        token = tokens[index]
        label = token.text.strip()
        if not label or _is_value(label) or _NAME_HEADERS.match(_word(label)):
            index += 1
            continue
        if token.multi:
            values = [t for t in tokens[index + 1:] if t.line == token.line]
        else:
            values = []
            for t in tokens[index + 1:]:
                if not _is_value(t.text) or len(values) > len(columns):
                    break
                values.append(t)
        index += 1 + len(values)
        row = _funds_row(label, token.where, values, columns, table.notes)
        if row is not None:
            table.funds.append(row)
    if not any("budget" == c for c in columns) and "initial" in columns:
        for row in table.funds:  # 年初预算数(A) | 全年执行数(B): the 年初 figure is the budget the rate is taken of
            row.budget = row.initial


def _funds_row(label: str, where: Where, values: list[_Token], columns: list[str], notes: list) -> FundsRow | None:
    key = re.sub(r"^其中\s*[:：]?\s*", "", _word(label)).rstrip(":：")
    reasons = [t.text for t in values if t.text and not _is_value(t.text) and _is_reason(t.text)]
    cells = [t for t in values if not (t.text and not _is_value(t.text) and _is_reason(t.text))]
    if len(cells) != len(columns):
        while cells and not cells[-1].text:
            cells.pop()  # padding after the row, unless it is the row's own blank last cell (青神's blank 得分)
    if not any(_number(_word(c.text)) is not None or _rate(_word(c.text)) is not None for c in cells):
        return None  # 上年结转资金 | | | or — | —: a source the project does not have
    for cell in cells:  # a word where the block wants an amount, a rate or a score
        if cell.text and not _is_value(cell.text):
            raise InputError([Problem(cell.where, f"项目资金“{label}”一行读到“{cell.text}”，这里应为金额、执行率或分数")])
    row = FundsRow(label, _FUNDS_LABELS.get(key, key), where, reason="；".join(reasons))
    positional = len(cells) == len(columns) and all(
        (_rate(c.text) is None or role == "rate") for c, role in zip(cells, columns))
    if positional:
        pairs = list(zip(columns, cells))
    else:  # 其中 rows leave out the merged 分值 / 得分 cells: then the numbers are exactly the amounts, in order
        amounts = [c for c in columns if c in ("initial", "budget", "spent")]
        numbers = [c for c in cells if _rate(c.text) is None]
        if len(numbers) != len(amounts):  # a cell missing elsewhere: which one cannot be told, so nothing is guessed
            notes.append((f"项目资金“{label}”一行有 {len(cells)} 格，与表头的 {len(columns)} 列不符，无法确定缺的是哪一格：未读取这一行", where))
            return None
        pairs = [("rate", c) for c in cells if _rate(c.text) is not None] + list(zip(amounts, numbers))
    for role, cell in pairs:
        word = _word(cell.text)
        if not word or word in _DASH:
            continue
        value = _rate(word) if role == "rate" and _rate(word) is not None else _number(word)
        if role == "rate" and _rate(word) is None and value is not None:
            value = value / 100 if value > 2 else value  # "0" or "100" without its % sign
        setattr(row, role, value)
    if all(getattr(row, a) is None for a in ("initial", "budget", "spent")):
        return None  # 上年结转资金 | | |: a source the project does not have
    return row


# -- the indicator table ------------------------------------------------------------------------------


@dataclass
class _Context:
    level1: str = ""
    level2: str = ""


def _level(text: str, context: _Context, table: ProjectTable, where: Where) -> bool:
    """A 一级 or 二级 heading: kept as the context of the rows after it."""
    word = _word(text)
    match = _LEVEL1.match(word)
    if match and not (match.group(1) == "满意度指标" and match.group(2) is None and context.level1 == "满意度指标"):
        context.level1, context.level2 = match.group(1), ""
        if match.group(2):
            table.level_weights[match.group(1)] = (Decimal(match.group(2)), where)
        return True
    group = (_LEVEL2.get(word) or _LEVEL2.get(word[:-1]) if word.endswith("等") else _LEVEL2.get(word)) or (  # "服务对象满意度指标等"
        "服务对象满意度指标" if word in ("满意度指标", "服务对象满意度") and context.level1 == "满意度指标" else None)
    if group:
        context.level2 = group
        context.level1 = _LEVEL1_OF[group]
        return True
    return False


def _fits(role: str, text: str, stream: bool) -> bool:
    word = _word(text)
    if role == "nature":
        return word in _NATURE
    if role in ("weight",):
        return _number(word) is not None
    if role == "score":
        return _number(word) is not None or (stream and not word) or word in _DASH
    if role == "target":
        return bool(word) and not _LEVEL1.match(word) and word not in _LEVEL2
    if role == "unit":
        return len(word) <= 6 and _number(word) is None
    if role == "actual":
        return (stream and not word) or (bool(word) and not _LEVEL1.match(word) and word not in _LEVEL2)
    return True


def _indicators(table: ProjectTable, tokens: list[_Token], roles: list[str]) -> None:
    values = [r for r in roles if r != "reason"]
    context = _Context()
    index = 0
    last = None
    while index < len(tokens):
        token = tokens[index]
        word = _word(token.text)
        if not word or word in _DASH or _NAME_HEADERS.match(word):
            index += 1
            continue
        if _END.match(word):
            break
        if word == "自评等级":
            grade = next((t for t in tokens[index + 1:index + 3] if _GRADE.match(_word(t.text))), None)
            if grade is not None:
                table.stated_grade, table.places["stated_grade"] = _GRADE_MAP.get(_word(grade.text), _word(grade.text)), grade.where
            index += 1
            continue
        if _TOTAL.match(word):
            _total(table, tokens[index:index + 6], token)
            table.complete = True
            break
        if token.multi:
            line = [t for t in tokens[index:] if t.line == token.line]
            total = next((i for i, t in enumerate(line) if _TOTAL.match(_word(t.text))), None)
            if total is not None:  # "其他需要说明事项 | 无 | 总分 | 100 | 96 | 优": the 总分 row inside a line
                _total(table, line[total:], line[total])
                table.complete = True
                break
            index += len(line)
            row = _line_row(line, values, context, table)
        else:
            row, used = _stream_row(tokens, index, values, context, table)
            index += used
        if row is not None:
            table.indicators.append(row)
            last = row
    if not table.complete:
        where = last.where if last else (tokens[-1].where if tokens else table.where)
        table.notes.append((f"评分表不完整（项目支出绩效自评表）：没有读到“总分/合计”行（文件可能在表中截断），只读出了已列出的 {len(table.indicators)} 个指标", where))


def _line_row(line: list[_Token], values: list[str], context: _Context, table: ProjectTable) -> IndicatorRow | None:
    """A row that is one line of cells: its names from the left, then the header's value columns, then perhaps its
    reason; a 满意度 row whose 得分 is cut off keeps its 分值 and no score."""
    cells = list(line)
    while cells and _level(cells[0].text, context, table, cells[0].where):
        cells.pop(0)  # 产出指标 | 数量指标 | …: the headings in front of the row's own name
    if not cells:
        return None
    for shape in ("exact", "reason", "no score"):
        for names in (1, 2, 3):
            rest = cells[names:]
            wanted = values if shape != "no score" else values[:-1] if values[-1] == "score" else None
            if wanted is None:
                continue
            extra = 1 if shape == "reason" else 0
            if len(rest) != len(wanted) + extra or any(_number(_word(c.text)) is not None for c in cells[:names]):
                continue
            if not all(_fits(role, cell.text, False) for role, cell in zip(wanted, rest)):
                continue
            if extra and _number(_word(rest[-1].text)) is not None:
                continue
            return _row(cells[:names], dict(zip(wanted, rest)), rest[-1].text if extra else "", context, table, cells[0].where)
    _refuse_text_number(cells, values)
    return None


def _refuse_text_number(cells: list[_Token], values: list[str]) -> None:
    """A row shaped like the header's (a name, then its columns) whose 分值 or 得分 is a word: refused, never read
    as 0 or skipped (skipping would lose a row the total counts)."""
    for names in (1, 2, 3):
        rest = cells[names:]
        if len(rest) not in (len(values), len(values) + 1):
            continue
        fitting = [(role, cell) for role, cell in zip(values, rest) if role not in ("weight", "score")]
        if not all(_fits(role, cell.text, False) for role, cell in fitting):
            continue
        for role, cell in zip(values, rest):
            if role in ("weight", "score") and not _fits(role, cell.text, False):
                label = "分值" if role == "weight" else "得分"
                raise InputError([Problem(cell.where, f"指标“{cells[names - 1].text}”的{label}读到“{cell.text}”，应为数字")])


def _stream_row(tokens: list[_Token], index: int, values: list[str], context: _Context, table: ProjectTable) -> tuple[IndicatorRow | None, int]:
    token = tokens[index]
    if _level(token.text, context, table, token.where):
        return None, 1
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is not None and not after.multi and _level(token.text + after.text, context, table, token.where):
        return None, 2  # "经济效益" / "指标": a heading broken over two lines
    rest = tokens[index + 1:index + 1 + len(values)]
    if len(rest) == len(values) and not any(t.multi for t in rest) and all(_fits(role, t.text, True) for role, t in zip(values, rest)):
        used = 1 + len(values)
        reason = ""
        after = tokens[index + used] if index + used < len(tokens) else None
        if "reason" in (values + ["reason"]) and after is not None and not after.multi and not after.text:
            used += 1  # the row's blank reason cell (one cell per line)
        return _row([token], dict(zip(values, rest)), reason, context, table, token.where), used
    return None, 1


def _row(names: list[_Token], cells: dict[str, _Token], reason: str, context: _Context, table: ProjectTable, where: Where) -> IndicatorRow | None:
    name = re.sub(r"^[★☆*]+", "", squeeze(names[-1].text)).strip()
    for heading in names[:-1]:
        _level(heading.text, context, table, heading.where)
    if not context.level2:
        table.notes.append((f"指标“{name}”之前没有读出二级指标，未读取这一行", where))
        return None
    text = {role: cells[role].text.strip() if role in cells else "" for role in ("nature", "target", "unit", "actual", "weight", "score")}
    weight = _number(_word(text["weight"]))
    score = _number(_word(text["score"])) if text["score"] else None
    target = text["target"]
    nature = _NATURE.get(_word(text["nature"])) if text["nature"] else None
    value, unit = target, text["unit"]
    match = _TARGET.match(unicodedata.normalize("NFKC", target).replace(" ", ""))
    if match:
        sign, value, printed_unit = match.groups()
        nature = nature or (_NATURE[sign] if sign else None)
        unit = unit or printed_unit.replace("百分比", "%")
    elif nature is None:
        nature = "定性"
    sign = _NATURE.get(_word(text["nature"]), text["nature"]) if text["nature"] and _NATURE.get(_word(text["nature"])) != "定性" else ""
    shown = f"{sign}{target}{text['unit']}"  # "﹦" printed, "=" shown
    return IndicatorRow(context.level1, context.level2, name, shown, text["actual"], weight or Decimal(0), score, where,
                        nature, value, unit, reason)


def _total(table: ProjectTable, tokens: list[_Token], label: _Token) -> None:
    """总分 | 100 | 96 | 优: the 分值 sum, then the score, then perhaps the grade; one number alone is the 分值 side
    (青神 "合计 | 100 |")."""
    same = [t for t in tokens[1:] if t.line == label.line] if label.multi else [t for t in tokens[1:] if not t.multi]
    numbers = []
    for token in same:
        word = _word(token.text)
        if _GRADE.match(word):
            table.stated_grade = _GRADE_MAP.get(word, word)
            table.places["stated_grade"] = token.where
        elif _number(word) is not None:
            numbers.append((_number(word), token.where))
        elif word and not label.multi:
            break
    if len(numbers) >= 2:
        table.total_weights = numbers[0][0]
        table.stated_total, table.places["stated_total"] = numbers[1]
    elif numbers:
        table.total_weights = numbers[0][0]
        table.notes.append((f"“{label.text}”一行只有一个数 {numbers[0][0]}，是分值之和，没有写自评得分", label.where))
