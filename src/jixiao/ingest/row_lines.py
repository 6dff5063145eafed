"""Lines of a web table whose rows ran into each other (a project or 10号 自评表 copied from a web page, cells
separated by "|"): the table's header glued to the end of the line before it, with its first row after it
("… | 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | … | 度量单位 | 产出指标 | 数量指标 | 学生受资助人数 | ≧ | 735 | …"),
and a row broken over lines ("效益指标 | 经济效益 指标 | 减轻贫困学生家庭经济负担" / "有效" / "有效 | 10 | 10").
Each comes out as the lines the scoring-table reader expects: the header alone, and a row on one line. Also a whole
targets-first table run into one line of single spaces (unflatten), and 指标性质 | 指标值 | 度量单位 as a row's target.
"""
from __future__ import annotations

import re

from jixiao.ingest.source import Line
from jixiao.ingest.table_words import HEADER_WORDS, LEVEL_WORDS, SCORE_WORDS, TARGET_HEADERS, WEIGHT_WORDS, header_word, is_header, plain_number

_COMPARISON = {"≥", "≤", ">", "<", "=", "＝", "≧", "≦", "═", "＞", "＜"}
_GROUP_LABEL = re.compile(r"指标$|[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]$")


def split_glued_header(lines: list[Line]) -> list[Line]:
    """A line holding, after some cells of its own, a run of four or more header words that names levels, a weight
    and a score (kinds), and perhaps the table's first row after it: split into those lines, all at the same place."""
    out: list[Line] = []
    for line in lines:
        cells = [c for c in line.cells if c]
        known = [_known(c) for c in cells]
        start = next((i for i in range(1, len(cells) - 3) if all(known[i : i + 4]) and not known[i - 1]), None)
        end = start
        while end is not None and end < len(cells) and known[end]:
            end += 1
        if start is None or end is None or not _names_weight_score(cells[start:end]):
            out.append(line)
            continue
        out.append(Line(tuple(cells[:start]), line.where))
        out.append(Line(tuple(cells[start:end]), line.where))
        if end < len(cells):
            out.append(Line(tuple(cells[end:]), line.where))
    return out


def _scored(cells: list[str]) -> bool:
    """Ends in a weight and a score, two numbers side by side (what a targets-first row ends with)."""
    return any(plain_number(cells[i]) is not None and plain_number(cells[i + 1]) is not None for i in range(len(cells) - 1))


def join_broken_rows(lines: list[Line]) -> list[Line]:
    """In a targets-first table (年度指标值 … before 分值, known at each header): a row of names
    without numbers whose last cell is not a group label ("生态效益 指标" is one: a group without rows), followed within
    two lines by the line ending in its weight and score, is one row broken over lines."""
    out: list[Line] = []
    in_table = False
    index = 0
    while index < len(lines):
        line = lines[index]
        header = _targets_first_header(line)
        if header is not None:
            in_table = header
            out.append(line)
            index += 1
            continue
        cells = [c for c in line.cells if c]
        if in_table and len(cells) >= 2 and not any(plain_number(c) is not None for c in cells) and not _GROUP_LABEL.search(re.sub(r"\s", "", cells[-1])):
            following = [(j, [c for c in lines[j].cells if c]) for j in range(index + 1, min(index + 3, len(lines)))]
            end = next((j for j, more in following if _scored(more)), None)
            if end is not None and all(more and not _scored(more) for j, more in following if j < end):
                joined = cells + [c for j in range(index + 1, end + 1) for c in lines[j].cells if c]
                out.append(Line(tuple(joined), line.where))
                index = end + 1
                continue
        out.append(line)
        index += 1
    return out


def nature_target(before: list[str]) -> tuple[str, str, list[str]] | None:
    """指标性质 | 指标值 | 度量单位 | 完成值 before a row's weight ("≧ | 100 | % | 100%"): the target with its comparison and
    unit ("≧100%"), the result as printed, and the names before them."""
    if len(before) >= 5 and re.sub(r"\s", "", before[-4]) in _COMPARISON:
        nature, value, unit, actual = (re.sub(r"\s", "", c) for c in before[-4:])
        return nature + value + ("" if unit in ("", "-", "—", "/") else unit), actual, before[:-4]
    return None


def unflatten(lines: list[Line]) -> list[Line]:
    """A whole targets-first table run into one line of single spaces (a .doc's text on a web page): split after its
    header (a run of four or more header words) and after each row's 分值 | 得分 pair, so each row stands alone."""
    out: list[Line] = []
    for line in lines:
        parts = line.text.split() if len(line.cells) == 1 and len(line.text) > 200 else []
        known = [header_word(p) in HEADER_WORDS for p in parts]
        start = next((i for i in range(len(parts) - 3) if all(known[i : i + 4]) and header_word(parts[i]) in LEVEL_WORDS), None)
        end = start or 0
        while start is not None and end < len(parts) and known[end]:
            end += 1
        words = [header_word(p) for p in parts[start:end]] if start is not None else []
        targets_at = [i for i, w in enumerate(words) if w in TARGET_HEADERS]
        if not targets_at or not any(w in WEIGHT_WORDS for w in words[targets_at[0] :]):  # rows end in 分值 | 得分 only then
            out.append(line)
            continue
        if start:
            out.append(Line((" ".join(parts[:start]),), line.where))
        out.append(Line((" ".join(parts[start:end]),), line.where))
        row: list[str] = []
        for i in range(end, len(parts)):
            row.append(parts[i])
            after = parts[i + 1] if i + 1 < len(parts) else None
            if len(row) >= 3 and plain_number(row[-1]) is not None and plain_number(row[-2]) is not None and (after is None or plain_number(after) is None):
                out.append(Line((" ".join(row),), line.where))
                row = []
        if row:
            out.append(Line((" ".join(row),), line.where))
    return out


GRADE_WORDS = ("优", "良", "中", "差", "优秀", "良好", "合格", "不合格")


def _known(cell: str) -> bool:
    return header_word(cell) in HEADER_WORDS


def _names_weight_score(words: list[str]) -> bool:
    words = [header_word(w) for w in words]
    return any(w in LEVEL_WORDS for w in words) and any(w in WEIGHT_WORDS for w in words) and any(w in SCORE_WORDS for w in words)


def _targets_first_header(line: Line) -> bool | None:
    """At a header: whether its table is targets-first (年度指标值 … before 分值); None for any other line."""
    tokens = [c for c in line.cells if c]
    if not is_header(tokens):
        return None
    words = [header_word(t) for t in tokens]
    targets = [i for i, w in enumerate(words) if w in TARGET_HEADERS]
    weights = [i for i, w in enumerate(words) if w in WEIGHT_WORDS]
    return bool(targets and weights and weights[-1] > targets[0])
