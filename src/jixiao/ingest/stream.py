"""A scoring table whose columns ran together: OCR text and flattened PDF text.

Here no cell boundary is left, only a stream of names, weights, scoring standards and scores
("部门决策(25 分) 目标任务(15 分) 相关性(5 分)\\n5 明确性(5 分)\\n5 …", or "投入\\n16 预算配置\\n16
在职人员控制率\\n8 以100%为标准…\\n8 三公经费变动率…"). What still holds: a name is followed by its
weight (written after it, or inside it as "（5分）"); a name whose next entry is another name is
a group, one whose next number after its text is its score is a row; a group is complete when
its rows' weights reach its own. The table is the department's (titled 部门整体…表); where the
stream stops before a score, the rows before it are kept and the cut is noted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.ingest.header import squeeze
from jixiao.ingest.source import Line
from jixiao.ingest.table import HEADER_WORDS, ScoringTable, TableNode, drop_empty_groups, header_word, is_target
from jixiao.model.result import Where

_TITLE = re.compile(r"整体支出.{0,12}?(?:得分表|评分表|指标表|自评表)")
_HEADER_END = re.compile(r"(?:得分|指标说明|评价标准|三级指标|分值)(?!.*(?:得分|指标说明|评价标准|三级指标|分值))")
_ITEM = re.compile(
    r"(?P<pair>[^\s()（）\d][^\s()（）]*?\s*[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[）)])"
    r"|(?P<num>(?<!\S)\d{1,3}(?:\.\d{1,2})?(?=分?(?:\s|$)))分?"
    r"|(?P<word>\S+)"
)
_CITED = re.compile(r"(?:《|“|参照|根据|按照|依据|详见|见附件|见附表)[^。；;]{0,30}$")
_HEADER_WORDS_AHEAD = re.compile(r"(?:一级指标|二级指标|三级指标|分值|权重|得分).{0,40}(?:一级指标|二级指标|三级指标|分值|权重|得分)")
# A number followed by a unit is a quantity in a sentence ("在职人员共 23 人"), never a weight or a score.
_QUANTITY_AFTER = re.compile(r"^\s*(?:人|名|个|项|家|次|户|件|台|辆|所|元|万元|亿元|%|％|年|月|日|天|小时|平方米|公里|亩|场|期|篇|条)")
_NAME = re.compile(r"^(?!.*是否)[\u4e00-\u9fff“”\"]{2,20}$")  # 、 and 是否 belong to scoring standards, not names


@dataclass
class _Item:
    kind: str  # pair | num | name | text
    text: str
    value: Decimal | None
    where: Where


def _items(lines: list[Line], start: int, offset: int) -> list[_Item]:
    items: list[_Item] = []
    for index in range(start, len(lines)):
        text = squeeze(lines[index].text)
        if index == start:
            text = text[offset:]
        for match in _ITEM.finditer(text):
            where = lines[index].where
            if match.group("pair") and _NAME.match(re.sub(r"\s*[（(].*$", "", match.group("pair"))):
                name = re.sub(r"\s*[（(].*$", "", match.group("pair"))
                items.append(_Item("pair", name, Decimal(match.group("w")), where))
            elif match.group("pair") or header_word(match.group(0)) in HEADER_WORDS:
                items.append(_Item("text", match.group(0), None, where))  # a scoring standard "是否完整可行(3分)", a header word
            elif match.group("num") and _QUANTITY_AFTER.match(text[match.end() :]):
                items.append(_Item("text", match.group(0), None, where))
            elif match.group("num"):
                items.append(_Item("num", match.group(0), Decimal(match.group("num")), where))
            else:
                word = match.group("word")
                items.append(_Item("name" if _NAME.match(word) else "text", word, None, where))
    # a name followed by a bare number is a (name, weight) pair; so is a name whose 年度指标值 and 全年完成值 stand
    # between it and its weight and score (name | ≥95% | 100% | 5 | 5)
    merged: list[_Item] = []
    position = 0
    while position < len(items):
        item = items[position]
        targets = _targets_then_two_numbers(items, position)
        if item.kind == "num" and merged and merged[-1].kind == "name":
            merged[-1] = _Item("pair", merged[-1].text, item.value, merged[-1].where)
        elif targets:
            merged.append(_Item("pair", item.text, items[position + targets + 1].value, item.where))
            position += targets + 1  # the weight is taken; the score stays for the row to find
        else:
            merged.append(item)
        position += 1
    return merged


def _targets_then_two_numbers(items: list[_Item], position: int) -> int:
    """How many target cells (2 or 1) stand between the name at position and its weight and score; 0 when the items
    after the name are not that shape. A target may itself be a number (≤4 | 4 | 10 | 10), so the weight and score
    are the last two of the run and the item after them must not be a number."""
    if items[position].kind != "name":
        return 0
    for count in (2, 1):
        window = items[position + 1 : position + count + 3]
        after = items[position + count + 3] if position + count + 3 < len(items) else None
        if (
            len(window) == count + 2 and (after is None or after.kind != "num")
            and all(i.kind == "num" or i.kind in ("text", "name") and is_target(i.text) for i in window[:count])  # "完成" is a word
            and all(i.kind == "num" for i in window[count:])
        ):
            return count
    return 0


def _start(lines: list[Line]) -> tuple[int, int] | None:
    """The table's title and, within the next few lines, its header: a title named in a sentence ("参照《部门整体支出
    绩效评价自评指标评分表》进行自评", "详见附件…自评表") starts no table, and neither does a title with no header after it,
    so that the sentences after it are never read as rows."""
    for index, line in enumerate(lines):
        text = squeeze(line.text)
        title = _TITLE.search(text)
        if title is None or "项目" in text[max(0, title.start() - 6) : title.start()] or _CITED.search(text[: title.start()]) or text[title.end() : title.end() + 1] in ("》", "”"):
            continue
        rest = text[title.end() :]
        end = _HEADER_END.search(rest[:80])
        if end is not None:
            return index, title.end() + end.end()
        following = "".join(squeeze(lines[j].text) for j in range(index + 1, min(len(lines), index + 8)))
        if _HEADER_WORDS_AHEAD.search(following[:160]):
            return index, title.end()
    return None


def table_title(lines: list[Line] | tuple[Line, ...]) -> Where | None:
    """Where a department's scoring table is titled (部门整体…评分表/指标表), whether or not any row of it could be read."""
    start = _start(list(lines))
    return lines[start[0]].where if start else None


def read_stream_table(lines: list[Line] | tuple[Line, ...]) -> ScoringTable | None:
    lines = list(lines)
    start = _start(lines)
    if start is None:
        return None
    items = _items(lines, *start)
    roots: list[TableNode] = []
    stack: list[TableNode] = []
    notes: list[tuple[str, Where | None]] = []
    total = total_where = None
    leaves = 0
    for position, item in enumerate(items):
        if item.kind == "name" and item.text in ("总分", "合计") or item.kind == "pair" and item.text in ("总分", "合计"):
            later = next((i for i in items[position + 1 :] if i.kind in ("num", "pair")), None)
            total, total_where = (item.value if item.kind == "pair" else (later.value if later else None)), item.where
            break
        if item.kind != "pair":
            continue
        following = next((i for i in items[position + 1 :] if i.kind in ("pair", "num")), None)
        while stack and stack[-1].complete:
            stack.pop()
        parent = stack[-1] if stack else None
        node = TableNode(item.text, item.value, len(stack) + 1, parent=parent, where=item.where)
        (parent.children if parent else roots).append(node)
        if following is None:
            notes.append((f"评分表在“{item.text}”处中断：此行未读到得分，未计入；之后的行缺失", item.where))
            (parent.children if parent else roots).remove(node)
            break
        if following.kind == "pair":
            stack.append(node)
        else:
            node.score = following.value
            leaves += 1
    if not leaves:
        return None
    if total is None:
        notes.append((f"评分表不完整：没有读到“总分/合计”行（文件可能在表中截断），只读出了已列出的 {leaves} 行", None))
    drop_empty_groups(roots)  # every row here has its score: a node without one is a group
    return ScoringTable(roots, total, total_where, notes)

