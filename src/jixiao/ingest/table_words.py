"""The words of a scoring table's header (评分表的表头词), and the plain numbers its rows end in: shared by the readers of
its layouts (table.py, cell_lines.py, row_lines.py, stream.py)."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.model.quantity import normalise_text

HEADER_WORDS = {
    "评价指标", "一级指标", "二级指标", "三级指标", "名称", "分值", "参考分值", "权重", "指标说明", "指标解释", "参考评分标准",
    "评分标准", "得分", "自评分", "得分/自评分", "自评得分", "评分依据", "评分依据、未达标原因、改进措施", "年度指标值", "全年完成值",
    "实际完成值", "实际完成指标值", "偏差及原因分析", "指标值", "分数", "指标内容", "备注", "偏差原因分析及改进措施",
    "指标权重", "指标得分", "得分系数", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "是否核心指标", "全年指标值",
    "序号", "指标分值", "指标说明及评分标准", "度量单位", "完成值", "未完成原因分析", "评分标准及说明",
    "标准分值", "标准分", "满分", "实际得分", "评价得分", "考核得分", "评价要点",
}
LEVEL_WORDS = ("一级指标", "二级指标", "三级指标", "四级指标")
WEIGHT_WORDS = ("分值", "参考分值", "权重", "指标权重", "指标分值", "标准分值", "标准分", "满分")
DASHES = {"-", "—", "－", "/", "——", "--", "／"}
TARGET_HEADERS = ("年度指标值", "全年完成值", "实际完成值", "实际完成指标值", "指标值", "完成值", "年初指标值", "全年指标值")
NAME_WORDS = LEVEL_WORDS + ("指标名称",)
SCORE_WORDS = ("得分", "自评得分", "自评分", "指标得分", "分数", "实际得分", "评价得分", "考核得分")
TOTAL_LABELS = ("总分", "合计", "总计")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d{1,4}(?:\.\d{1,4})?分?$")

def header_word(text: str) -> str:
    return re.sub(r"[（(](?:分|%|％|万元|元)[）)]$", "", re.sub(r"\s+", "", text))


def plain_number(text: str) -> Decimal | None:
    text = normalise_text(text)
    if not _PLAIN_NUMBER.match(text):
        return None
    try:
        value = Decimal(text.rstrip("分"))
    except InvalidOperation:
        return None
    return value if abs(value) <= 1000 else None


def is_header(tokens: list[str]) -> bool:
    known = sum(1 for t in tokens if header_word(t) in HEADER_WORDS or t.startswith("评分依据"))
    return bool(tokens) and known >= max(2, (len(tokens) + 1) // 2)
