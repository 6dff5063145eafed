"""Money tables: a 自评表's 预算资金 rows (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) and a
published 汇总表 (预算单位 | 全年预算数 | 全年执行数 | 执行率 | 自评分数 | 复核分数, with a 合计 row).

Columns are found by their header words; the unit by 万元/元 in the header or just above it. A
row whose cells cannot be placed under the header one for one (a flattened line missing a cell)
is reported, not guessed at. Rates are read as printed: "102.59%", or a fraction as Excel keeps it.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.ingest.source import Line
from jixiao.model.quantity import normalise_text
from jixiao.model.result import Where
from jixiao.model.stated_tables import StatedRow

ROLES = (
    ("label", r"预算单位|单位名称|所属单位|单位|项目名称|资金来源"),
    ("initial", r"年初预算数?"),
    ("budget", r"全年预算数?|调整后预算数?|计划安排资金|预算数"),
    ("spent", r"全年执行数?|(?:预算)?执行数|实际支出|决算数|支出数"),
    ("rate", r"执行率|预算执行率"),
    ("self_score", r"(?:所属单位)?自评(?:分数|得分|分)"),
    ("reviewed", r"(?:主管部门)?复核(?:分数|得分|分)"),
    ("weight", r"分值|权重"),
    ("score", r"得分"),
)
_DASH = {"-", "—", "－", "/", "——", "--", ""}
TOTAL_LABELS = ("合计", "总计")


_ROLE_PATTERNS = tuple((role, re.compile(pattern)) for role, pattern in ROLES)
_HEADER_HINT = re.compile(r"预算|执行|支出|决算|计划安排")  # a money header names one of these; most lines do not


def _role(cell: str) -> str | None:
    if len(cell) > 24:
        return None
    word = re.sub(r"[（(][^）)]*[）)]|\s", "", cell)
    return next((role for role, pattern in _ROLE_PATTERNS if pattern.fullmatch(word)), None)


def _unit(texts: list[str]) -> str | None:
    joined = " ".join(texts)
    return "万元" if "万元" in joined else ("元" if re.search(r"[（(]元[）)]|单位[:：]\s*元", joined) else None)


def _number(cell: str) -> Decimal | None:
    text = normalise_text(cell).replace(",", "").rstrip("%％")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _rate(cell: str) -> Decimal | None:
    value = _number(cell)
    if value is None:
        return None
    return value / 100 if "%" in cell or "％" in cell or value > 2 else value


def _flattened(line: Line) -> bool:
    return len([c for c in line.cells if c]) == 1 and " " in line.text


def _cells(line: Line) -> list[str]:
    cells = line.text.split() if _flattened(line) else list(line.cells)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _header(line: Line) -> dict[str, int] | None:
    if not _HEADER_HINT.search(line.text):
        return None
    roles = {}
    for index, cell in enumerate(_cells(line)):
        role = _role(cell)
        if role and role not in roles:
            roles[role] = index
    budgeted = "budget" in roles or "initial" in roles  # 年初预算数(A) | 全年执行数(B): the budget is the 年初 one
    return roles if budgeted + ("spent" in roles) + ("rate" in roles) >= 2 else None


def _column_run(lines: list[Line], index: int) -> tuple[dict[str, int], int] | None:
    """A header exported one cell per line: a run of single cells naming money columns (年初预算 / 调整后预算数 /
    预算执行数 / 预算执行率 / 权重 / 得分)."""
    roles: dict[str, int] = {}
    end = index
    if not _HEADER_HINT.search(lines[index].text):
        return None
    while end < len(lines) and len(_cells(lines[end])) == 1 and (_role(lines[end].text) or end > index and lines[end].text in ("原因", "备注")):
        role = _role(lines[end].text)
        if role and role not in roles:
            roles[role] = end - index
        end += 1
    if end - index < 3 or sum(1 for r in ("budget", "spent", "rate") if r in roles) < 2:
        return None
    return roles, end


def _one_cell_rows(kind, lines, index, columns, unit, notes) -> tuple[list[StatedRow], int]:
    """Rows exported one cell per line: a label, then its values (numbers, rates, dashes, blanks) up to the next text."""
    rows = []
    while index < len(lines):
        label = lines[index].text
        if not label or _number(label) is not None or len(_cells(lines[index])) != 1:
            break
        values, end = [], index + 1
        while end < len(lines) and (lines[end].text in _DASH or _number(lines[end].text) is not None):
            values.append(lines[end].text)
            end += 1
        if not values:
            break
        cells = [label] + values
        row = _row(kind, cells, columns, 1, len(cells), unit, Line(tuple(cells), lines[index].where), notes)
        if row is not None:
            rows.append(row)
        index = end + (1 if end < len(lines) and len(lines[end].text) > 30 else 0)  # a long 原因/说明 cell after the values
    return rows, index


def read_money_tables(lines: list[Line] | tuple[Line, ...]) -> tuple[list[StatedRow], list[tuple[str, Where | None]], bool, set[Where]]:
    """The rows read, notes on those that could not be, whether a scored row (one under a 分值 column) was among them,
    and the lines the money tables take (headers and rows), which the scoring table then leaves alone: a budget
    amount is never a weight or a score."""
    used: set[Where] = set()
    rows: list[StatedRow] = []
    notes: list[tuple[str, Where | None]] = []
    unread_scored = False
    lines = list(lines)
    index = 0
    while index < len(lines):
        columns = _header(lines[index])
        if columns is None:
            run = _column_run(lines, index)
            if run is not None:
                unit = _unit([line.text for line in lines[max(0, index - 2) : run[1]]])
                found, index = _one_cell_rows("预算资金", lines, run[1], run[0], unit, notes)
                rows.extend(found)
            else:
                index += 1
            continue
        kind = "汇总表" if ("self_score" in columns or "reviewed" in columns) and "label" in columns else "预算资金"
        unit = _unit([lines[index].text] + [line.text for line in lines[max(0, index - 2) : index]])
        offset = 0 if columns.get("label", -1) == 0 or min(columns.values()) > 0 else 1  # the label column may have no header word
        header_width = len(_cells(lines[index]))
        first_value = min((columns[r] for r in ("initial", "budget", "spent") if r in columns), default=1)
        if not _flattened(lines[index]):  # a whole table flattened into one line is the scoring table's too
            used.add(lines[index].where)
        displaced = _trailing_label(_cells(lines[index]), columns)
        index += 1
        while index < len(lines):
            cells = _cells(lines[index])
            values = [c for c in cells if _number(c) is not None]
            if not cells or _header(lines[index]) is not None or (not values and not any(c in _DASH for c in cells[1:])):
                break
            before = len(notes)
            row = _displaced_row(kind, cells, columns, displaced, unit, lines[index]) if displaced else None
            displaced = _trailing_label(cells, columns)
            if row is not None:
                rows.append(row)
                used.add(lines[index].where)
                index += 1
                continue
            # a row led by its label: its values start in the cell after it, wherever the header's first money column
            # stands (a rowspan label "部门(单位)总体资金(万元)" or a spanning "年度预算数(万元)" adds a header cell)
            shift = 1 - first_value if cells[0].strip() and _number(cells[0]) is None and kind == "预算资金" else offset
            row = _row(kind, cells, columns, shift, header_width + shift, unit, lines[index], notes, label_first=shift != offset)
            used.add(lines[index].where)
            if row is not None:
                rows.append(row)
            unread_scored |= len(notes) > before and "weight" in columns
            index += 1
    return rows, notes, unread_scored, used


def _row(kind, cells, columns, offset, width, unit, line: Line, notes, label_first: bool = False) -> StatedRow | None:
    where = line.where
    label = cells[0] if label_first else cells[columns["label"]] if "label" in columns and columns["label"] < len(cells) else ""
    if not label.strip():  # 合计 stands in the 序号 column, the unit's column left blank
        label = next((c for c in cells if c.strip() and _number(c) is None), "")
    label = re.sub(r"[:：]$", "", label).strip()
    if len(cells) > width or (_flattened(line) and len(cells) != width and len([c for c in cells if _number(c) is not None]) > 1):
        notes.append((f"{kind}“{label}”一行的格数与表头不符，未读取", where))
        return None

    def cell(role: str) -> str:
        at = columns.get(role)
        return cells[at + offset] if at is not None and at + offset < len(cells) else ""

    budget, spent, rate = _number(cell("budget")), _number(cell("spent")), _rate(cell("rate"))
    if budget is None and spent is None:
        return None  # 上年结转资金 | — | —: nothing stated
    rate_cell, weight = cell("rate").strip(), _number(cell("weight"))
    misplaced = (
        "rate" in columns and rate_cell not in _DASH and not ("%" in rate_cell or "％" in rate_cell or (rate is not None and rate <= 2))
        or weight is not None and not 0 <= weight <= 100
        or not re.search(r"[\u4e00-\u9fff]", label)
    )
    if misplaced:  # a web table that lost a cell ("| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:…"): not guessed at
        notes.append((f"{kind}“{label or '（无名称）'}”一行的格与表头对不上（执行率、分值不在其列下），未读取", where))
        return None
    compact = label.replace(" ", "")
    return StatedRow(
        kind, label, budget, spent, rate, _number(cell("self_score")), _number(cell("reviewed")), unit,
        total=compact in TOTAL_LABELS, part=compact.startswith("其中"), where=where,
        initial=_number(cell("initial")), weight=_number(cell("weight")), score=_number(cell("score")),
    )


def _trailing_label(cells: list[str], columns: dict[str, int]) -> str | None:
    """A web table whose label cells slid to the end of the line before ("…| 得分 | 年度资金总额" then "| 387664.62 |
    387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款"): the last cell, a text past the header's last column or ending a
    line of values, is the next row's label."""
    last = cells[-1].strip() if cells else ""
    placed = len(cells) > max(columns.values()) + 1 or _number(cells[0]) is not None
    return last if placed and last and _number(last) is None and last not in _DASH and _role(last) is None else None


def _displaced_row(kind, cells, columns, label, unit, line: Line) -> StatedRow | None:
    """A row whose label stood at the end of the line before and whose 年初预算数 cell was left out: its values fill
    the columns from 全年预算数 on, which only its rate can confirm — read when 执行数 / 预算数 gives the printed 执行率,
    never otherwise (which cell was lost is not guessed at)."""
    values = [c for c in cells if _number(c) is not None or c.strip() in _DASH - {""}]
    order = sorted((at, role) for role, at in columns.items() if role != "initial")
    if "initial" not in columns or cells[0].strip() in _DASH or len(values) != len(order) or "rate" not in columns:
        return None
    placed = {role: values[i] for i, (_at, role) in enumerate(order)}
    budget, spent, rate = _number(placed.get("budget", "")), _number(placed.get("spent", "")), _rate(placed["rate"])
    weight = _number(placed.get("weight", ""))
    if not budget or spent is None or rate is None or "%" not in placed["rate"] or weight is not None and not 0 <= weight <= 100:
        return None
    printed = Decimal(10) ** (_number(placed["rate"]).as_tuple().exponent - 2) / 2  # type: ignore[union-attr,operator]
    if abs(spent / budget - rate) > printed:  # half the printed rate's last digit: "100%" is 99.5% to 100.5%
        return None  # the rate does not confirm where the values stand
    compact = label.replace(" ", "")
    return StatedRow(
        kind, label, budget, spent, rate, None, None, unit, total=compact in TOTAL_LABELS, part=compact.startswith("其中"),
        where=line.where, initial=None, weight=weight, score=_number(placed.get("score", "")),
    )

