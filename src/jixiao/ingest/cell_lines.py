"""A table exported one cell per line whose cells do not divide into rows: a cell's text broken over two lines
("资产管理安" / "全性"), empty cells left out or kept as blank lines, a merged group label printed once with its weight
("资产管理（3分）", or its weight in the cell after it: "绩效管理" / "15.00"). Counting cells cannot find where a row
ends, but the cells' kinds can, for a table whose header is names, then the row's weight and its score in either order
(分值 | 得分, 得分 | 分值, 权重 | 自评得分, 标准分 | 评价得分…), perhaps with text columns before, between or after
them (指标解释, 评分标准, 评价要点, 评分依据) and a 序号 column first: a row ends at its weight and its score, two numbers
on consecutive lines or with only the between-column's text between them; the short fragments before them are its
name (a group label with its weight, or a name ending in 指标, is its parent); the long text after them is its 评分依据.
A pair of numbers without a name before it is not a row (a stray fragment never becomes one); it is said in the notes.
Each row comes out as one line of cells (names, weight, text, score, 评分依据) for the scoring-table reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.ingest.source import Line
from jixiao.ingest.table_words import HEADER_WORDS, LEVEL_WORDS, NAME_WORDS, SCORE_WORDS, TARGET_HEADERS, TOTAL_LABELS, WEIGHT_WORDS, header_word
from jixiao.model.quantity import normalise_text

_NUMBER = re.compile(r"^[+-]?\d{1,4}(?:\.\d{1,4})?分?$")
_GROUP = re.compile(r"^.{1,20}?[（(]\s*\d+(?:\.\d+)?\s*分?\s*[）)]$|^.{1,12}指标$|^(?:投入|过程|产出|效果|效益|决策|管理|绩效|履职|满意度)$")
_TOTAL = ("总分", "合计", "总计")
_WEIGHED = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*[）)]$")  # a label that already carries its weight
_SERIAL = re.compile(r"^\d{1,3}$")
_FOOTER = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—]\s*\d+\s*[-—])$")
_NAME_HEADERS = ("评价指标", "名称", "指标内容")


@dataclass(frozen=True)
class Layout:
    """Where a row's two numbers stand, from the header: which comes first, whether a text column is between them."""
    score_first: bool = False  # 得分 | 分值
    text_between: bool = False  # 分值 | 评分标准 | 得分
    serial: bool = False  # 序号 | 一级指标 …
    levels: int = 1  # name columns

    def header(self, level_words: tuple[str, ...]) -> tuple[str, ...]:
        """The header of the rows as they come out: names, 分值, 得分 (the reader's usual order)."""
        return (*level_words[: self.levels], "分值", "得分")


def layout_of(words: list[str], weight_words: tuple[str, ...], score_words: tuple[str, ...], name_words: tuple[str, ...],
              target_words: tuple[str, ...]) -> Layout | None:
    """Names first (序号 before them), each perhaps with its level's weight straight after it; then the row's weight
    and its score in either order, with text columns only around them. None for any other header (指标值 / 完成值
    columns, two score columns…): the cells' kinds could not tell those apart."""
    kinds = []
    for word in words:
        if word == "序号":
            kinds.append("serial")
        elif word in name_words or word in _NAME_HEADERS:
            kinds.append("name")
        elif word in weight_words:
            kinds.append("weight")
        elif word in score_words:
            kinds.append("score")
        elif word in target_words:
            return None
        else:
            kinds.append("text")
    names = [i for i, k in enumerate(kinds) if k == "name"]
    weights = [i for i, k in enumerate(kinds) if k == "weight"]
    scores = [i for i, k in enumerate(kinds) if k == "score"]
    if not names or not weights or len(scores) != 1 or "serial" in kinds[1:]:
        return None
    own, score = weights[-1], scores[0]
    if min(own, score) < max(names) or any(w - 1 not in names for w in weights[:-1]):
        return None  # a level's weight stands straight after its name; the row's own after every name
    low, high = sorted((own, score))
    return Layout(score_first=score < own, text_between=any(k == "text" for k in kinds[low + 1 : high]), serial=kinds[0] == "serial", levels=len(names))


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(normalise_text(text)))


def _is_basis(text: str) -> bool:
    """评分依据 / 说明 text: long, a sentence, or worded as an explanation ("反映部门（单位）绩效信息公开执行到位情况");
    a name is short and has none of these."""
    return len(text) > 24 or bool(re.search(r"[，。；：,;:]|是否|^(?:反映|用以|用于|考核|衡量)", text))


def _cell(body: list[Line], index: int) -> str:
    return body[index].cells[0].strip() if body[index].cells else ""


def _second(body: list[Line], index: int, layout: Layout) -> tuple[str, int, list[str]] | None:
    """The row's other number after the one just read: the next filled cell, or (a text column between them) the next
    number after text that reads as an explanation — a short name there means the first number was a group's weight.
    With the index after it and the text between."""
    between: list[str] = []
    for j in range(index, len(body)):
        cell = _cell(body, j)
        if not cell:
            continue
        if _is_number(cell):
            return cell, j + 1, between
        if not layout.text_between or cell.replace(" ", "") in _TOTAL or (not between and not _is_basis(cell)) or _GROUP.match(normalise_text(cell)):
            return None
        between.append(cell)
    return None


def _run(body: list[Line], index: int, keep, most: int = 10**6) -> tuple[list[str], int]:
    """The filled cells from index on while keep holds (blank ones passed over), at most most of them; with the index
    after them."""
    cells: list[str] = []
    while index < len(body) and len(cells) < most:
        cell = _cell(body, index)
        if cell and not keep(cell):
            break
        if cell:
            cells.append(cell)
        index += 1
    return cells, index


def _total_row(body: list[Line], index: int, text: str, line: Line, layout: Layout) -> tuple[Line, int]:
    numbers, index = _run(body, index, _is_number, most=2)
    if layout.score_first and len(numbers) == 2:
        numbers.reverse()  # 合计 | 得分 | 分值: the reader takes the last number for the score
    return Line((text, *numbers), line.where), index


def _named_row(fragments: list[tuple[str, Line]], where) -> tuple[list[str], str, object]:
    """The fragments before a row's numbers: group labels (its parents), then its name, perhaps broken over lines."""
    parents, leaf = [], ""
    for fragment, at in ((f, at) for f, at in fragments if not _is_basis(f)):
        if _GROUP.match(normalise_text(fragment)) and not leaf:
            parents.append(fragment)
        else:
            where = where if leaf else at.where
            leaf += fragment  # a name broken over lines is one name
    if not leaf:  # the last "group" was the row's own name (产出指标 as a row is rare, but keep it a row)
        leaf = parents.pop()
    return parents, leaf, where


def rows_by_kind(body: list[Line], layout: Layout, notes: list) -> tuple[list[Line], int] | None:
    """The body's cells (one per line, blanks included) regrouped into rows by kind, up to and including its 总分 row;
    with how many lines were used. None when no row at all can be read this way."""
    out: list[Line] = []
    fragments: list[tuple[str, Line]] = []
    index = rows = serial = 0
    while index < len(body):
        line, text = body[index], _cell(body, index)
        index += 1
        if not text:
            continue
        if text.replace(" ", "") in _TOTAL:
            total, index = _total_row(body, index, text, line, layout)
            out.append(total)
            return (out, index) if rows else None
        if _FOOTER.match(text):
            continue  # a page's number or footer between two rows is no part of either
        if not _is_number(text):
            fragments.append((text, line))
            continue
        second = _second(body, index, layout)
        if second is None:
            if layout.serial and _SERIAL.match(text) and (int(text) == serial + 1 or not fragments):
                serial, fragments = int(text), []  # the 序号 starts a row: what came before was the last row's tail
            elif fragments and not _is_basis(fragments[-1][0]) and not _WEIGHED.search(normalise_text(fragments[-1][0])):
                name, at = fragments[-1]
                fragments[-1] = (f"{name}（{text}分）", at)  # "绩效管理" / "15.00": a group's weight in the cell after it
            else:
                notes.append((f"一格一行的评分表中，数字 {text} 不属于任何一行，未读取", line.where))
            continue
        other, index, between = second
        weight, score = (other, text) if layout.score_first else (text, other)
        if not [f for f, _ in fragments if not _is_basis(f)]:
            notes.append((f"一格一行的评分表中，分值 {weight}、得分 {score} 之前没有指标名称，未作为一行读取", line.where))
            fragments = []
            continue
        parents, leaf, where = _named_row(fragments, line.where)
        basis, index = _run(body, index, _is_basis)
        explained = ["\n".join(between)] if between else []  # the text columns between the numbers
        out.append(Line((*parents, leaf, weight, *explained, score, *(["\n".join(basis)] if basis else [])), where))
        rows += 1
        fragments = []
    return (out, index) if rows else None


def _one_cell(line: Line) -> Line:
    """"管理指标\t" in a tab export is one cell, as is a blank line."""
    filled = [c for c in line.cells if c]
    return Line((filled[0] if filled else "",), line.where) if len(filled) <= 1 else line


def regroup_cell_per_line(lines: list[Line] | tuple[Line, ...], notes: list) -> list[Line]:
    """Tables converted one cell per line: the header's run of cells gives the column count; the
    cells that follow (blank ones included) are regrouped into rows of that width — only when
    they divide evenly, since otherwise where a row ends cannot be known."""
    lines = [_one_cell(line) for line in lines]
    out: list[Line] = []
    i = 0
    while i < len(lines):
        run = 0
        while i + run < len(lines) and len(lines[i + run].cells) == 1 and header_word(lines[i + run].cells[0]) in HEADER_WORDS:
            run += 1
        if run < 3:
            out.append(lines[i])
            i += 1
            continue
        width = run
        end = next((j for j in range(i + run, len(lines)) if lines[j].cells[0].replace(" ", "") in TOTAL_LABELS), None)
        body = lines[i + run : end] if end is not None else []
        words = [header_word(line.cells[0]) for line in lines[i : i + run]]
        layout = layout_of(words, WEIGHT_WORDS, SCORE_WORDS + ("得分/自评分",), NAME_WORDS, TARGET_HEADERS)
        # 得分 before 分值: a row regrouped by count would read its score as the weight, so its cells' kinds decide
        if end is None or len(body) % width or any(len(line.cells) != 1 for line in body) or (layout and layout.score_first):
            by_kind = rows_by_kind(lines[i + run :], layout, notes) if layout is not None else None
            if by_kind is not None:  # cells broken over lines or left out: rows found by their cells' kinds
                rows, used = by_kind
                out.append(Line(layout.header(LEVEL_WORDS), lines[i].where))  # type: ignore[union-attr]
                out.extend(rows)
                i += run + used
                continue
            notes.append(("评分表为一格一行的排版，且无法确定每行的格数，未能读取评分表", lines[i].where))
            out.extend(lines[i : i + run])
            i += run
            continue
        out.append(Line(tuple(line.cells[0] for line in lines[i : i + run]), lines[i].where))
        for start in range(0, len(body), width):
            group = body[start : start + width]
            out.append(Line(tuple(line.cells[0] for line in group), group[0].where))
        total = lines[end : end + width]
        out.append(Line(tuple(line.cells[0] for line in total), lines[end].where))
        i = end + width
    return out
