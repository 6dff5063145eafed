"""Chinese names of the findings the scoring itself reports (the checks carry their own titles, checks/registry.py)."""
from __future__ import annotations

SCORING_FINDINGS = {
    "actual-inexact": "实际完成值不够精确",
    "actual-missing": "缺少实际完成值",
    "actual-unreadable": "实际完成值无法识别",
    "formula-failed": "派生数据无法计算",
    "fractional-count": "个数不是整数",
    "judgement-missing": "缺少评定得分或评分依据",
    "missing-figure": "缺少评分所需数据",
    "not-applicable-weighted": "不适用的指标仍有分值",
    "partial-out-of-range": "分项得分超出分值",
    "qualitative-undecided": "定性指标未判定是否达成",
    "repeated-criterion": "评分要点重复",
    "score-out-of-range": "得分超出分值",
    "target-missing": "缺少年度指标值",
    "unknown-criterion": "未知的评分要点",
    "zero-denominator": "比率的分母为零",
    "derived-as-stated": "派生数据采用报告所列值",
    "exempted": "免于扣分",
    "judged-override": "采用评价人员评定分",
    "score-not-stated": "未列报告得分",
}
UNNAMED = "其他问题"
