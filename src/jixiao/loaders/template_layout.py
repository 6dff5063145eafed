"""The 填报表 workbook's layout, shared by the writer (render) and the reader (loaders)."""
from __future__ import annotations

SHEET_GUIDE = "填报说明"
SHEET_INFO = "基本信息"
SHEET_FIGURES = "数据"
SHEET_ROWS = "指标评分"
SHEET_SLOTS = "个性指标"

# 基本信息: label in column A, value in column B; key is the facts field.
INFO_FIELDS = (
    ("部门名称", "department", "预算部门（单位）全称"),
    ("年度", "year", "被评价年度，如 2021"),
    ("指标体系", "framework", "指标体系编号，由模板生成，请勿修改"),
    ("金额单位", "unit", "数据表中未写单位的金额按此单位理解：元 / 万元 / 亿元"),
    ("报告所列总分", "stated_total", "已发布报告中的自评总分（可不填）"),
    ("报告所列等级", "stated_grade", "已发布报告中的等级（可不填）"),
)
NARRATIVE_FIELDS = ("职能", "机构与人员", "收支情况", "年度目标与任务", "主要绩效", "存在问题", "改进措施")
NARRATIVE_PREFIX = "概况："

# 数据 sheet columns
FIGURE_COLUMNS = ("数据项", "名称", "类型", "填报值", "说明")
FIGURE_VALUE_COLUMN = 4  # D

# 指标评分 sheet columns: (header, facts key or None, width)
ROW_COLUMNS = (
    ("指标", None, 36),
    ("分值", None, 7),
    ("评分方式", None, 12),
    ("评分标准 / 评分要点", None, 48),
    ("年度指标值", "target", 14),
    ("实际完成值", "actual", 14),
    ("未达到的评分要点（填序号）", "unmet", 14),
    ("扣分事项 / 减分事项（每行一项）", "deductions", 24),
    ("加分事项（每行一项）", "bonuses", 20),
    ("评定得分", "score", 9),
    ("评分依据", "basis", 36),
    ("未达标原因", "reason", 24),
    ("改进措施", "improvement", 24),
    ("免于扣分理由", "exempt", 16),
    ("报告所列得分", "stated_score", 9),
)
PART_SEPARATOR = " > "

# 个性指标 sheet columns
SLOT_COLUMNS = (
    ("所属位置", "slot", 16),
    ("类别", "group", 14),
    ("指标名称", "name", 36),
    ("分值", "weight", 8),
    ("年度指标值", "target", 16),
    ("实际完成值", "actual", 16),
    ("是否达成（定性指标）", "met", 10),
    ("评定得分", "score", 9),
    ("评分依据", "basis", 36),
    ("未达标原因", "reason", 24),
    ("改进措施", "improvement", 24),
    ("不适用理由", "not_applicable", 16),
    ("报告所列得分", "stated_score", 9),
)
SLOT_BLANK_ROWS = 60
