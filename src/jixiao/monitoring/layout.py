"""The 监控填报表.xlsx's sheets and columns: shared by the writer (render/monitoring_template.py) and the reader
(monitoring/workbook.py), so a filled workbook reads back to exactly what was written."""
from __future__ import annotations

from jixiao.monitoring.model import CAUSES

SHEET_GUIDE, SHEET_INFO, SHEET_BUDGETS, SHEET_TARGETS, SHEET_REPORT = "填报说明", "基本信息", "预算", "指标", "监控报告"
INFO_FIELDS = (("部门名称", "department"), ("年度", "year"), ("监控截止日期", "as_of"), ("金额单位", "unit"))
DEPARTMENT = "部门整体"  # the 对象 of the department's own budget and targets
SOURCE_PREFIX = "："  # 资金来源：财政性资金
BUDGET_COLUMNS = ("对象", "实施单位", "年初预算数", "调整后预算", "执行数", "全年预计执行数", "调整说明")
TARGET_COLUMNS = (
    "对象", "一级指标", "二级指标", "三级指标", "年度指标值", "累计指标", "1–N月执行情况", "全年预计完成情况",
    *CAUSES, "原因说明", "完成目标可能性", "备注", "纠偏措施",
)
TICK = "√"
YES, NO = "是", "否"
