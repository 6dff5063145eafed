"""List-valued row fields (未达到的评分要点, 扣分/加分/减分事项) as one text and back.

The fill page, the 填报表 and the history show a list as one text; reading that text must give the
same list again, or a field saved unchanged changes the score (“3\\n4” in a one-line input showed as
“34”). 评分要点 are numbers in one line, separated by commas (“3,4”; 、，； and spaces are read too);
the other lists are one item per line (an item may itself contain commas).
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

LIST_FIELDS = frozenset({"unmet", "deductions", "bonuses", "penalties"})
ONE_LINE = frozenset({"unmet"})  # the fields shown in a one-line input
CRITERIA_SEPARATOR = ","
_CRITERIA_SPLIT = re.compile(r"[,，、;；\s]+")


def list_text(name: str, items: Iterable[object]) -> str:
    """The text a list field shows: 评分要点 joined by commas, others one per line."""
    return (CRITERIA_SEPARATOR if name in ONE_LINE else "\n").join(str(item).strip() for item in items)


def parse_list(name: str, text: str) -> list[str]:
    """The list a typed text means: the inverse of list_text for any items without separators in them."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    pieces = _CRITERIA_SPLIT.split(text) if name in ONE_LINE else text.split("\n")
    return [piece.strip() for piece in pieces if piece.strip()]


def criteria_text(items: Sequence[object], names: Sequence[str]) -> str:
    """评分要点 shown by their numbers where they name a criterion (“3,4”), as given otherwise.

    A criterion named in a facts file by its name may contain a separator (“目标明确、细化”): its
    number reads back as the same criterion, the name split at “、” would not."""
    numbers = {name: str(index) for index, name in enumerate(names, start=1)}
    return list_text("unmet", (numbers.get(str(item).strip(), item) for item in items))
