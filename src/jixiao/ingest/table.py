"""Rebuild a report's scoring table (评分表) from its lines, whatever the layout.

Column positions are not trusted: converted tables shift cells, merge columns and print a
merged parent's name in the middle of its group. What is trusted:
- a row's stated score is its last plain number (≤ 1000, perhaps with 分);
- before it stand (name, weight) pairs — 一级, 二级, 三级 — and any parent may be blank
  (carried down from the rows above) or printed elsewhere;
- weights add up: a parent whose children's weights reach its own is complete, so a row after
  it belongs to a parent not yet named, which a later label or lone weight then names.
Headers (repeated on every page) set the mode: with 年度指标值/实际完成值 columns, the two cells
between a row's weight and its score are its target and actual. Rows without any number
continue the row above (a cell split across a page break).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.cell_lines import regroup_cell_per_line
from jixiao.ingest.row_lines import GRADE_WORDS, join_broken_rows, nature_target, split_glued_header, unflatten
from jixiao.ingest.table_words import (  # noqa: F401 - re-exported: the readers of the other layouts import them from here
    DASHES, HEADER_WORDS, LEVEL_WORDS, NAME_WORDS, SCORE_WORDS, TARGET_HEADERS, TOTAL_LABELS, WEIGHT_WORDS, header_word,
    is_header, plain_number,
)
from jixiao.ingest.source import Line
from jixiao.model.quantity import normalise_text
from jixiao.model.result import Where

_NAME_WITH_WEIGHT = re.compile(r"^(?P<name>.+?)[（(](?P<weight>\d+(?:\.\d+)?)分[）)]$")
_TARGET_LIKE = re.compile(r"[\d%％≥≤><]|^(是|否|完成|健全|规范|达标)$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_QUANTITY_NEXT = re.compile(r"^(?:人|名|个|项|家|次|户|件|台|辆|万元|元|亿元)(?:[，,。；、]|$)")
_NUMBERED = re.compile(r"^指标\s*\d+\s*[:：]\s*")  # "指标1:开展…" — the numbering is not the name


def is_target(text: str) -> bool:
    """A 年度指标值 or 全年完成值 cell: short, a number, rate, comparison, month, or a one-word verdict."""
    text = normalise_text(text)
    return 0 < len(text) <= 16 and bool(_TARGET_LIKE.search(text)) or text in DASHES


# Worded targets and results (项目支出自评表: "严格执行相关制度规定 | 达成预期指标", "效果明显 | 达成预期指标"): the result
# says whether the target was met; a group column (数量指标, 社会效益指标) or a weight is never a target.
_VERDICT = re.compile(r"^(?:已|均已|基本|全部)?(?:达成|达到|完成|实现|符合)|(?:明显|显著|良好|满意|合格|有效|提高|提升|到位|及时)$")
_GROUP = re.compile(r"(?:数量|质量|时效|成本|效益|影响|满意度)指标$|^(?:产出|效益|效果|满意度)指标|[（(]\d+(?:\.\d+)?分[）)]$")


def _verdict_pair(target: str, actual: str) -> bool:
    return (
        0 < len(actual) <= 10 and bool(_VERDICT.search(actual)) and 0 < len(target) <= 30
        and not any(_GROUP.search(normalise_text(cell)) or plain_number(cell) is not None for cell in (target, actual))
    )


def looks_like_name(text: str) -> bool:
    return 0 < len(text) <= 60 and not text.endswith("。") and plain_number(text) is None


@dataclass
class TableNode:
    name: str | None
    weight: Decimal | None
    level: int
    parent: "TableNode | None" = None
    children: list["TableNode"] = field(default_factory=list)
    description: str = ""
    where: Where | None = None
    # leaf fields
    score: Decimal | None = None
    target: str | None = None
    actual: str | None = None
    explanation: str = ""
    basis: str = ""

    @property
    def path(self) -> tuple[str, ...]:
        names = []
        node: TableNode | None = self
        while node is not None:
            names.append(node.name or "（未读出名称）")
            node = node.parent
        return tuple(reversed(names))

    @property
    def complete(self) -> bool:
        if self.weight is None or (self.weight == 0 and not self.children):  # a 0-point group (不产生…效益) still takes its row
            return False
        return sum((c.weight or Decimal(0) for c in self.children), Decimal(0)) >= self.weight

    @property
    def pending(self) -> bool:
        return self.name is None or self.weight is None


@dataclass
class ScoringTable:
    roots: list[TableNode]
    stated_total: Decimal | None
    total_where: Where | None
    notes: list[tuple[str, Where | None]]
    total_alone: bool = False

    def leaves(self) -> list[TableNode]:
        out: list[TableNode] = []

        def visit(node: TableNode) -> None:
            if node.children:
                for child in node.children:
                    visit(child)
            elif node.level > 0:
                out.append(node)

        for root in self.roots:
            visit(root)
        return out


class _Builder:
    def __init__(self) -> None:
        self.roots: list[TableNode] = []
        self.open: dict[int, TableNode] = {}
        self.depth = 3
        self.target_mode = False
        self.last_leaf: TableNode | None = None
        self.stated_total: Decimal | None = None
        self.total_where: Where | None = None
        self.notes: list[tuple[str, Where | None]] = []
        self.waiting_names: list[str] = []
        self.header_words: list[str] = []
        self.weights_after_targets = False  # 年度指标值 | 全年完成值 | 分值 | 得分 (Jiangxi, Anhui)
        self.serial = False  # a 序号 column before the names
        self.unscored: list[str] = []  # rows whose 得分 cell is blank
        self.group_names: list[str] = []  # targets-first tables: group labels on lines of their own
        self.group_fragment = ""
        self.total_alone = False  # the 总分 row shows one number: the weights' sum or the score, not known which

    # -- structure -------------------------------------------------------------------------
    def _attach(self, node: TableNode) -> None:
        if node.level == 1:
            self.roots.append(node)
        else:
            parent = self._parent_for(node.level, node.where)
            node.parent = parent
            parent.children.append(node)
        self.open[node.level] = node
        for deeper in [level for level in self.open if level > node.level]:
            del self.open[deeper]

    def _parent_for(self, level: int, where: Where | None) -> TableNode:
        """The open node one level up, or a pending one when that is complete or missing."""
        parent = self.open.get(level - 1)
        if parent is None or parent.complete:
            parent = TableNode(self._take_waiting_name(), None, level - 1, where=where)
            self._attach(parent)
        return parent

    def _take_waiting_name(self) -> str | None:
        return self.waiting_names.pop(0) if self.waiting_names else None

    def _set_parent(self, level: int, name: str | None, weight: Decimal | None, where: Where) -> None:
        current = self.open.get(level)
        if current is not None and current.pending and not current.complete and (current.name in (None, name)) and (current.weight in (None, weight)):
            current.name = current.name or name
            current.weight = current.weight if current.weight is not None else weight
            return
        if current is not None and name is not None and current.name == name and weight in (None, current.weight):
            return  # the same parent repeated on each row (Word tables)
        self._attach(TableNode(name, weight, level, where=where))

    def _stray_name(self, name: str) -> None:
        for level in sorted(self.open):
            node = self.open[level]
            if node.name is None:
                node.name = name
                return
        self.waiting_names.append(name)

    def _stray_weight(self, weight: Decimal) -> None:
        for level in sorted(self.open):
            node = self.open[level]
            if node.weight is None and level < self.depth:
                node.weight = weight
                return

    # -- lines ------------------------------------------------------------------------------
    def header(self, line: Line, continued: bool = False) -> None:
        words = [header_word(c) for c in line.cells if c]
        self.header_words = self.header_words + words if continued else words
        words = self.header_words
        self.serial = bool(words) and words[0] == "序号"
        weights = sum(1 for w in words if w in WEIGHT_WORDS)
        levels = max((LEVEL_WORDS.index(w) + 1 for w in words if w in LEVEL_WORDS), default=0)  # 一级 may be cut off the header
        if levels >= 2:
            self.depth = levels
        elif weights >= 2:
            self.depth = weights
        if any(w in TARGET_HEADERS for w in words):
            self.target_mode = True
            target_at = min(i for i, w in enumerate(words) if w in TARGET_HEADERS)
            weight_at = [i for i, w in enumerate(words) if w in WEIGHT_WORDS + ("分值", "指标权重")]
            self.weights_after_targets = bool(weight_at) and weight_at[-1] > target_at
        elif weights >= 2 or any(w in ("指标说明", "指标解释") for w in words):
            self.target_mode = self.weights_after_targets = False

    def total(self, tokens: list[str], where: Where, cells: tuple[str, ...] = ()) -> None:
        if self.columns_fit(Line(cells, where)):  # a full-width 合计 row: its score is in the 得分 column, or absent
            tokens = [cells[self._column(SCORE_WORDS)]]
        numbers = [plain_number(t) for t in tokens]
        values = [n for n in numbers if n is not None]
        if values:
            self.stated_total, self.total_where = values[-1], where
            self.total_alone = len(values) == 1 and not self.columns_fit(Line(cells, where))

    def single(self, text: str, where: Where, multi_cell: bool) -> None:
        if self.weights_after_targets and not multi_cell:
            self._group_label(text, where)
            return
        number = plain_number(text)
        if number is not None:
            self._stray_weight(number)
        elif multi_cell and self.last_leaf is not None:
            self.last_leaf.explanation += text  # a cell continued across a page break
        elif looks_like_name(text) and len(text) <= 20:
            self._stray_name(text)
        else:
            for level in sorted(self.open):
                if self.open[level].pending and not self.open[level].description:
                    self.open[level].description = text
                    break

    def row(self, tokens: list[str], where: Where) -> None:
        if self.weights_after_targets:
            self.row_targets_first(tokens, where)
            return
        numbers = [plain_number(t) for t in tokens]
        score_index = max((i for i, n in enumerate(numbers) if n is not None), default=-1)
        if any(n is not None and i + 1 < len(tokens) and _QUANTITY_NEXT.match(tokens[i + 1]) for i, n in enumerate(numbers)):
            # "在职人员 | 23 | 人，核定编制 | 25 | 人": numbers with their units are quantities in a sentence, not a row
            self.notes.append(("句子不是评分表的一行，已跳过：" + " | ".join(tokens)[:80], where))
            return
        if score_index <= 0:
            if self.last_leaf is not None and score_index < 0:
                self.last_leaf.explanation += " ".join(tokens)
            return
        pairs: list[tuple[str | None, Decimal, int]] = []
        strays: list[str] = []
        i = 0
        if numbers[0] is not None:
            pairs.append((None, numbers[0], 0))
            i = 1
        while i < score_index:
            token, embedded = tokens[i], _NAME_WITH_WEIGHT.match(normalise_text(tokens[i]))
            if numbers[i] is None and i + 1 < score_index and numbers[i + 1] is not None:
                pairs.append((token, numbers[i + 1], i + 1))
                i += 2
            elif embedded and looks_like_name(embedded.group("name")):
                pairs.append((embedded.group("name"), Decimal(embedded.group("weight")), i))
                i += 1
            elif not pairs and looks_like_name(token) and i + 1 < score_index and numbers[i + 1] is None:
                strays.append(token)
                i += 1
            else:
                break
        if self.target_mode:  # a (target, actual) pair misread as (name, weight): 一、1、≤5% | 0
            while len(pairs) > 1 and score_index - pairs[-1][2] - 1 < 2 and pairs[-1][0] and _TARGET_LIKE.search(normalise_text(pairs[-1][0])):
                pairs.pop()
        if not pairs or pairs[-1][0] is None:
            self.notes.append(("无法识别的表格行，已跳过：" + " | ".join(tokens)[:80], where))
            return
        parents, (leaf_name, leaf_weight, leaf_index) = pairs[:-1][-(self.depth - 1):], pairs[-1]
        first_level = self.depth - len(parents)
        for offset, (name, weight, _index) in enumerate(parents):
            self._set_parent(first_level + offset, name, weight, where)
        if strays and not parents and len(strays) == self.depth - 1:
            # "产出 | 完成率 | 40 | 30": each level's name in its own cell, without weights — this row's parents
            for level, name in enumerate(strays, start=1):
                self._set_parent(level, name, None, where)
            strays = []
        for name in strays:
            self._stray_name(name)
        leaf = TableNode(leaf_name, leaf_weight, self.depth, where=where, score=numbers[score_index])
        between = tokens[leaf_index + 1 : score_index]
        if self.target_mode and len(between) == 2 and all(_TARGET_LIKE.search(normalise_text(t)) for t in between):
            leaf.target, leaf.actual = between
        else:
            leaf.explanation = "\n".join(between)
        leaf.basis = "\n".join(tokens[score_index + 1 :])
        self._attach(leaf)
        self.last_leaf = leaf

    # -- full-width rows: every cell under its header word --------------------------------
    def _column(self, words: tuple[str, ...]) -> int:
        return next((i for i, w in enumerate(self.header_words) if w in words), -1)

    def columns_fit(self, line: Line) -> bool:
        """A row with exactly the header's cells (blanks kept: a one-cell-per-line export regrouped, an Excel row)
        in a table that has level, weight and score columns: read by position, nothing inferred."""
        return (
            self.target_mode and len(line.cells) == len(self.header_words) > 0
            and self._column(NAME_WORDS) >= 0 and self._column(WEIGHT_WORDS) >= 0 and self._column(SCORE_WORDS) >= 0
        )

    def row_by_columns(self, cells: list[str], where: Where) -> None:
        levels = [i for i, w in enumerate(self.header_words) if w in NAME_WORDS]
        names = [_CJK_GAP.sub("", _NUMBERED.sub("", cells[i]).strip()) for i in levels]
        if not names[-1]:
            if any(c.strip() for c in cells):
                self.notes.append(("无法识别的表格行（没有指标名称），已跳过：" + " | ".join(c for c in cells if c)[:80], where))
            return
        weight_at = max(i for i, w in enumerate(self.header_words) if w in WEIGHT_WORDS)  # the row's own; earlier ones are its parents'
        weight_text, score_text = cells[weight_at], cells[self._column(SCORE_WORDS)]
        weight, score = plain_number(weight_text), plain_number(score_text)
        if weight is None and weight_text.strip() not in DASHES:
            self.notes.append((f"“{names[-1]}”的分值“{weight_text}”不是数字，此行未读取", where))
            return
        for level, (at, name) in enumerate(zip(levels[:-1], names[:-1]), start=1):
            if name:
                embedded = _NAME_WITH_WEIGHT.match(normalise_text(name))
                printed = plain_number(cells[at + 1]) if at + 1 < weight_at and self.header_words[at + 1] in WEIGHT_WORDS else None
                self._set_parent(level, embedded.group("name") if embedded else name, Decimal(embedded.group("weight")) if embedded else printed, where)

        target, actual = self._target_and_actual(cells)
        dashes = weight is None  # "-" under 分值: a row without weight (不产生…效益)
        if dashes:
            weight, target, actual = Decimal(0), None, None
            score = Decimal(0) if score_text.strip() in DASHES else score
        leaf = TableNode(names[-1], weight, len(levels), where=where, score=score, target=target, actual=actual)
        leaf.basis = "报告此行为“-”（不适用，无分值）" if dashes else self._cells_under(cells, ("依据", "偏差", "原因", "备注", "改进"))
        leaf.explanation = self._cells_under(cells, ("解释", "说明", "评分标准"))
        if score is None:
            self.unscored.append(names[-1])
        self.depth = len(levels)
        self._attach(leaf)
        self.last_leaf = leaf

    def _cells_under(self, cells: list[str], words: tuple[str, ...]) -> str:
        return "\n".join(c.strip() for c, w in zip(cells, self.header_words) if c.strip() and any(x in w for x in words))

    def _target_and_actual(self, cells: list[str]) -> tuple[str | None, str | None]:
        """调整指标值 over 年初指标值; a comparison in 指标性质 ("=", "≥") goes before it, the 计量单位 after both."""
        def cell(words: tuple[str, ...]) -> str:
            at = self._column(words)
            return cells[at].strip() if at >= 0 else ""

        target = cell(("调整指标值",)) or cell(("年度指标值", "指标值", "全年指标值")) or cell(("年初指标值",))
        actual = cell(("全年完成值", "实际完成值", "实际完成指标值", "完成值"))
        comparison, unit = cell(("指标性质",)), cell(("计量单位", "度量单位"))
        if target and comparison in ("=", "≥", "≤", ">", "<", "＝", "≧", "≦"):
            target = comparison + target
        if unit and unit not in DASHES:
            target = target + unit if target and not target.endswith(unit) else target
            actual = actual + unit if actual and not actual.endswith(unit) else actual
        return (target or None), (actual or None)

    def _group_label(self, text: str, where: Where) -> None:
        """Targets-first tables flattened to text: a group's name printed over several lines ("可持续影", "响指标"),
        a 一级 weight on a line of its own ("(50分)")."""
        text = _NUMBERED.sub("", text).strip()
        weight = re.fullmatch(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]", text)
        if weight:
            name = self.group_names.pop() if self.group_names else None
            self.group_fragment = ""
            self._set_parent(1, name, Decimal(weight.group(1)), where)
            self.open[1].name, self.open[1].weight = name, Decimal(weight.group(1))
            return
        if not re.search(r"[\u4e00-\u9fff]", text) or all(ch in DASHES or ch.isspace() for ch in text):
            return
        self.group_fragment += text
        if self.group_fragment.endswith("指标"):
            self.group_names.append(self.group_fragment)
            self.group_fragment = ""

    def row_targets_first(self, tokens: list[str], where: Where) -> None:
        """[一级 (权重)] [二级] 三级 | 年度指标值 | 全年完成值 | 分值 | 得分 | 偏差…: the last two adjacent numbers are the
        weight and the score; a row of dashes is one without weight (不产生…效益)."""
        tokens = [_NUMBERED.sub("", t) or t for t in tokens]
        numbers = [plain_number(t) for t in tokens]
        pair = max((i for i in range(1, len(tokens)) if numbers[i] is not None and numbers[i - 1] is not None), default=None)
        dashes = [i for i, t in enumerate(tokens) if t in DASHES]
        if pair is not None:
            before, weight, score = tokens[: pair - 1], numbers[pair - 1], numbers[pair]
            after = tokens[pair + 1 :]
        elif len(dashes) >= 2:
            before, weight, score, after = tokens[: dashes[0]], Decimal(0), Decimal(0), []
        else:
            if self.last_leaf is not None and not any(n is not None for n in numbers) and len(tokens) == 1 and not looks_like_name(tokens[0]):
                self.last_leaf.basis += tokens[0]
            return
        target = actual = None
        nature = nature_target(before) if "指标性质" in self.header_words else None
        if nature is not None:
            target, actual, before = nature
        elif len(before) >= 3 and (is_target(before[-1]) and is_target(before[-2]) or _verdict_pair(before[-2], before[-1])):
            target, actual, before = before[-2], before[-1], before[:-2]
        if not before or not looks_like_name(before[-1]):
            self.notes.append(("无法识别的表格行，已跳过：" + " | ".join(tokens)[:80], where))
            return
        name, parents = before[-1], self._parent_pairs(before[:-1])[-(self.depth - 1):] if self.depth > 1 else []
        if not parents and self.group_names:
            parents = [(self.group_names.pop(), None)]
        self.group_names.clear()
        first_level = self.depth - len(parents)
        for offset, (parent, parent_weight) in enumerate(parents):
            self._set_parent(max(1, first_level) + offset, parent, parent_weight, where)
        leaf = TableNode(name, weight, self.depth, where=where, score=score, target=target, actual=actual)
        leaf.basis = "\n".join(after) if pair is not None else "报告此行为“-”（不适用，无分值）"
        self._attach(leaf)
        self.last_leaf = leaf

    @staticmethod
    def _parent_pairs(tokens: list[str]) -> list[tuple[str, Decimal | None]]:
        """管理指标 | 30分 | 预算编审管理（6分）→ (管理指标, 30), (预算编审管理, 6); a name without weight → (name, None)."""
        pairs: list[tuple[str, Decimal | None]] = []
        for token in tokens:
            number, embedded = plain_number(token), _NAME_WITH_WEIGHT.match(normalise_text(token))
            if number is not None and pairs and pairs[-1][1] is None:
                pairs[-1] = (pairs[-1][0], number)
            elif embedded:
                pairs.append((embedded.group("name"), Decimal(embedded.group("weight"))))
            elif number is None and token not in DASHES:
                pairs.append((token, None))
        return pairs


def drop_empty_groups(nodes: list[TableNode], leaf_level: int | None = None) -> list[str]:
    """Groups left without rows (a table cut right after "产出指标 (60分)") are not rows: dropped, their names returned.
    A row whose 得分 cell is blank stands at the leaf level and stays; without a leaf level every unscored node goes."""
    dropped: list[str] = []
    for node in list(nodes):
        dropped += drop_empty_groups(node.children, leaf_level)
        if node.score is None and not node.children and (leaf_level is None or node.level < leaf_level):
            nodes.remove(node)
            dropped.append(node.name or "（未读出名称）")
    return dropped


def _title_of(line: Line) -> str | None:
    text = re.sub(r"\s+", "", line.text)
    return text if len(line.cells) == 1 and len(text) <= 60 and re.search(r"(?:评分表|得分表|自评表|指标表|评价表)", text) else None


def _space_split(tokens: list[str], builder: _Builder) -> list[str]:
    """A table row or header flattened into one cell with single spaces (web pages, PDF text)."""
    if len(tokens) != 1 or " " not in tokens[0]:
        return tokens
    parts = tokens[0].split()
    if is_header(parts) or (builder.weights_after_targets and len(parts) >= 3 and plain_number(parts[-1]) is not None and plain_number(parts[-2]) is not None):
        return parts
    return tokens


def read_scoring_table(lines: list[Line] | tuple[Line, ...]) -> ScoringTable:
    """Every scoring table in the document, each to its 总分 row or the next table; the department's is kept
    (a table titled 部门整体… before one titled 项目…), else the first."""
    notes: list[tuple[str, Where | None]] = []
    lines = regroup_cell_per_line(unflatten(list(lines)), notes)
    lines = join_broken_rows(split_glued_header(lines))
    tables: list[tuple[_Builder, str]] = []
    builder, title, title_at_start, in_table, header_run = _Builder(), "", "", False, False
    for line in lines:
        tokens = [c for c in line.cells if c]
        if not tokens:
            continue
        title = _title_of(line) or title
        tokens = _space_split(tokens, builder)
        if is_header(tokens) or (header_run and all(header_word(t) in HEADER_WORDS for t in tokens)):
            if in_table and builder.roots and title != title_at_start:  # a header under a new title: another table
                tables.append((builder, title_at_start))
                builder, in_table = _Builder(), False
            if not in_table:
                title_at_start = title
            builder.header(Line(tuple(tokens), line.where), continued=header_run)
            in_table = header_run = True
            continue
        header_run = False
        if not in_table:
            continue
        total_at = next((i for i, t in enumerate(tokens) if t.replace(" ", "") in TOTAL_LABELS), None)
        if total_at is not None and (total_at == 0 or all(plain_number(t) is not None or t in GRADE_WORDS for t in tokens[total_at + 1 :])):
            # "其他需要说明事项 | 无 | 总分 | 100 | 96 | 优": the 总分 row after a last cell of text
            builder.total(tokens[total_at:], line.where, line.cells if total_at == 0 else tuple(tokens[total_at:]))
            tables.append((builder, title_at_start))
            builder, in_table = _Builder(), False
            continue
        tokens = [_CJK_GAP.sub("", t) for t in tokens]  # "基础信息 完整性": a PDF or web page broke the word
        if builder.serial and len(tokens) > 1 and re.fullmatch(r"\d{1,3}", tokens[0]):
            tokens = tokens[1:]  # the 序号 column
        if builder.columns_fit(line):
            builder.row_by_columns(list(line.cells), line.where)
        elif len(tokens) == 1:
            builder.single(tokens[0], line.where, multi_cell=len(line.cells) > 1)
        else:
            builder.row(tokens, line.where)
    for finished, _title in tables + [(builder, title_at_start)]:
        empty = drop_empty_groups(finished.roots, finished.depth)
        if empty:
            finished.notes.append((f"评分表中“{'、'.join(empty[:3])}”之下没有读到任何一行（表在此中断），不作为一行列出", None))
    if builder.roots:
        tables.append((builder, title_at_start))
        if builder.stated_total is None:
            builder.notes.append((f"评分表不完整：没有读到“总分/合计”行（文件可能在表中截断），只读出了已列出的 {len(ScoringTable(builder.roots, None, None, []).leaves())} 行", builder.last_leaf.where if builder.last_leaf else None))
    chosen = next((b for b, t in tables if "整体" in t and b.roots), None) or next((b for b, _t in tables if b.roots), None) or builder
    if len([b for b, _t in tables if b.roots]) > 1:
        chosen.notes.append(("文件中有不止一张评分表，读取的是" + ("部门整体支出的一张" if any("整体" in t for b, t in tables if b is chosen) else "第一张"), None))
    chosen_title = next((t for b, t in tables if b is chosen), "")
    if "项目" in chosen_title and "整体" not in chosen_title:
        chosen.notes.append((f"读取的评分表是“{chosen_title}”，一张项目支出表，不是部门整体支出的表", None))
    if chosen.unscored:
        chosen.notes.append((f"评分表中有 {len(chosen.unscored)} 行未列得分（{'、'.join(chosen.unscored[:5])}），得分记为空", None))
    for level, node in chosen.open.items():
        if node.name is None and node.level < chosen.depth:
            chosen.notes.append((f"第 {level} 级有一处指标未读出名称（分值 {node.weight}）", node.where))
    return ScoringTable(chosen.roots, chosen.stated_total, chosen.total_where, notes + chosen.notes, chosen.total_alone)
