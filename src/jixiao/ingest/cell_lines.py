"""A table exported one cell per line whose cells do not divide into rows: a cell's text broken over two lines
("资产管理安" / "全性"), empty cells left out or kept as blank lines, a merged group label printed once with its weight
("资产管理（3分）"). Counting cells cannot find where a row ends, but the cells' kinds can, for a table whose header
is names, then 分值 and 得分 side by side (and perhaps 评分依据 after them): a row ends at its weight and its score,
two numbers on consecutive lines; the short fragments before them are its name (a group label with its weight, or a
name ending in 指标, is its parent); the long text after them is its 评分依据. A pair of numbers without a name before
it is not a row (a stray fragment never becomes one); it is said in the notes. Each row comes out as one line of
cells for the scoring-table reader.
"""
from __future__ import annotations

import re

from jixiao.ingest.source import Line
from jixiao.model.quantity import normalise_text

_NUMBER = re.compile(r"^[+-]?\d{1,4}(?:\.\d{1,4})?分?$")
_GROUP = re.compile(r"^.{1,20}?[（(]\s*\d+(?:\.\d+)?\s*分?\s*[）)]$|^.{1,12}指标$|^(?:投入|过程|产出|效果|效益|决策|管理|绩效|履职|满意度)$")
_TOTAL = ("总分", "合计", "总计")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(normalise_text(text)))


def _is_basis(text: str) -> bool:
    """评分依据 / 说明 text: long, or a sentence; a name is short and has no sentence marks."""
    return len(text) > 24 or bool(re.search(r"[，。；：,;:]", text))


def header_fits(words: list[str], weight_words: tuple[str, ...], score_words: tuple[str, ...], name_words: tuple[str, ...]) -> bool:
    """Names, then one weight column straight before the score column, then text columns only."""
    weights = [i for i, w in enumerate(words) if w in weight_words]
    scores = [i for i, w in enumerate(words) if w in score_words]
    names = [i for i, w in enumerate(words) if w in name_words]
    return len(weights) == 1 and len(scores) == 1 and scores[0] == weights[0] + 1 and bool(names) and max(names) < weights[0]


def rows_by_kind(body: list[Line], header_width: int, notes: list) -> tuple[list[Line], int] | None:
    """The body's cells (one per line, blanks included) regrouped into rows by kind, up to and including its 总分 row;
    with how many lines were used. None when no row at all can be read this way."""
    out: list[Line] = []
    fragments: list[tuple[str, Line]] = []
    index = 0
    rows = 0
    while index < len(body):
        line = body[index]
        text = line.cells[0].strip() if line.cells else ""
        index += 1
        if not text:
            continue
        if text.replace(" ", "") in _TOTAL:
            numbers = []
            while index < len(body) and len(numbers) < 2:
                following = body[index].cells[0].strip() if body[index].cells else ""
                if following and not _is_number(following):
                    break
                if following:
                    numbers.append(following)
                index += 1
            out.append(Line((text, *numbers), line.where))
            return (out, index) if rows else None
        following = next((j for j in range(index, len(body)) if body[j].cells and body[j].cells[0].strip()), None)
        if _is_number(text) and following is not None and _is_number(body[following].cells[0].strip()):
            score = body[following].cells[0].strip()
            index = following + 1
            names = [f for f, _ in fragments if not _is_basis(f)]
            if not names:
                notes.append((f"一格一行的评分表中，分值 {text}、得分 {score} 之前没有指标名称，未作为一行读取", line.where))
                fragments = []
                continue
            parents, leaf, where = [], "", line.where
            for fragment, at in ((f, at) for f, at in fragments if not _is_basis(f)):
                if _GROUP.match(normalise_text(fragment)) and not leaf:
                    parents.append(fragment)
                else:
                    where = where if leaf else at.where
                    leaf += fragment  # a name broken over lines is one name
            if not leaf:  # the last "group" was the row's own name (产出指标 as a row is rare, but keep it a row)
                leaf = parents.pop()
            basis = []
            while index < len(body):
                cell = body[index].cells[0].strip() if body[index].cells else ""
                if cell and not _is_basis(cell):
                    break
                if cell:
                    basis.append(cell)
                index += 1
            out.append(Line((*parents, leaf, text, score, *(["\n".join(basis)] if basis else [])), where))
            rows += 1
            fragments = []
            continue
        fragments.append((text, line))
    return (out, index) if rows else None
