"""监控填报表.xlsx: the monitoring data as a workbook a unit fills in Excel / WPS, prefilled with its targets and budgets.

Sheets and columns are in jixiao.monitoring.layout; `jixiao monitor 监控填报表.xlsx` reads it back (monitoring/workbook.py)
to exactly the data it was written from. Values are text as written (90台, 45%), amounts numbers in the file's unit;
every user text is stored as text, never as a formula.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import xlsxwriter

from jixiao.model.quantity import MONEY_UNITS
from jixiao.monitoring.layout import (
    BUDGET_COLUMNS, DEPARTMENT, INFO_FIELDS, NO, SHEET_BUDGETS, SHEET_GUIDE, SHEET_INFO, SHEET_REPORT, SHEET_TARGETS,
    SOURCE_PREFIX, TARGET_COLUMNS, TICK, YES,
)
from jixiao.monitoring.loader import NARRATIVE_SECTIONS
from jixiao.monitoring.model import CAUSES, LIKELIHOODS, QUALITATIVE_STATES, Budget, Monitoring, TargetProgress
from jixiao.render.xml_text import xml_safe

GUIDE = (
    "绩效运行监控填报表（由 jixiao 生成）",
    "1. “基本信息”页：核对部门名称、年度、监控截止日期（写成 2024-06-30）和金额单位。",
    "2. “预算”页：每行一个对象——部门整体、资金来源 / 资金结构的各项、每个项目；填写截至监控截止日期的执行数和全年预计执行数。"
    "执行数超过预算时须在“调整说明”中写明追加预算的文号或原因。",
    "3. “指标”页：每行一项绩效指标。填写 1–N月执行情况和全年预计完成情况（定量指标写数值和单位，如 90台、45%；"
    f"定性指标从“{' / '.join(QUALITATIVE_STATES)}”中选一）；有偏差时在偏差原因各栏打 √ 并写原因说明"
    "（勾选多项且说明不同时写成“经费保障：……；人员保障：……”）；选择完成目标可能性。",
    "4. 年度指标值、对象、指标名称是批复的绩效目标，请勿改动。",
    "5. 保存后运行 jixiao monitor 本文件，即得预警及必须补填的内容；输入有误时指出工作表和单元格。",
)


def _amount(value: Decimal | None, unit: str) -> float | None:
    return None if value is None else float(value / MONEY_UNITS[unit])


def _notes_text(item: TargetProgress) -> str:
    notes = [item.cause_notes.get(cause, "") for cause in item.causes]
    if len(set(notes)) <= 1:
        return notes[0] if notes else ""
    return "；".join(f"{cause}：{note}" for cause, note in zip(item.causes, notes) if note)


def write_monitoring_template(monitoring: Monitoring, path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    header = workbook.add_format({"bold": True, "font_name": "黑体", "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "vcenter"})
    text = workbook.add_format({"font_name": "宋体", "border": 1, "text_wrap": True, "valign": "top", "num_format": "@"})
    fixed = workbook.add_format({"font_name": "宋体", "border": 1, "text_wrap": True, "valign": "top", "num_format": "@", "bg_color": "#F2F2F2"})
    money = workbook.add_format({"font_name": "宋体", "border": 1, "num_format": "#,##0.00##"})
    unit = monitoring.department_subject.budget.unit if monitoring.department_subject.budget else "万元"

    guide = workbook.add_worksheet(SHEET_GUIDE)
    guide.set_column(0, 0, 120)
    for row, line in enumerate(GUIDE):
        guide.write_string(row, 0, line)

    info = workbook.add_worksheet(SHEET_INFO)
    info.set_column(0, 0, 16)
    info.set_column(1, 1, 40)
    values = {"department": monitoring.department, "year": str(monitoring.year), "as_of": monitoring.as_of.isoformat(), "unit": unit}
    for row, (label, key) in enumerate(INFO_FIELDS):
        info.write_string(row, 0, label, header)
        info.write_string(row, 1, xml_safe(values[key]), text)
    info.data_validation(3, 1, 3, 1, {"validate": "list", "source": list(MONEY_UNITS)})

    budgets = workbook.add_worksheet(SHEET_BUDGETS)
    rows: list[tuple[str, str, Budget | None]] = [(DEPARTMENT, monitoring.department, monitoring.department_subject.budget)]
    for group, parts in monitoring.sources.items():
        rows.extend((f"{group}{SOURCE_PREFIX}{name}", "", budget) for name, budget in parts.items())
    rows.extend((project.name, project.unit, project.budget) for project in monitoring.projects)
    for column, (title, width) in enumerate(zip(BUDGET_COLUMNS, (28, 20, 14, 14, 14, 16, 40))):
        budgets.write_string(0, column, title.replace("执行数", f"1–{monitoring.months}月执行数") if title == "执行数" else title, header)
        budgets.set_column(column, column, width)
    for row, (name, implementer, budget) in enumerate(rows, start=1):
        budgets.write_string(row, 0, xml_safe(name), fixed)
        budgets.write_string(row, 1, xml_safe(implementer), text)
        amounts = (budget.initial, budget.adjusted, budget.spent, budget.forecast) if budget else (None,) * 4
        for column, value in enumerate(amounts, start=2):
            if value is None:
                budgets.write_blank(row, column, None, money)
            else:
                budgets.write_number(row, column, _amount(value, unit), money)
        budgets.write_string(row, 6, xml_safe(budget.adjustment_note if budget else ""), text)
    budgets.freeze_panes(1, 1)

    targets = workbook.add_worksheet(SHEET_TARGETS)
    widths = (22, 10, 12, 18, 14, 8, 16, 16, *(6,) * len(CAUSES), 30, 12, 30, 30)
    for column, (title, width) in enumerate(zip(TARGET_COLUMNS, widths)):
        targets.write_string(0, column, title.replace("1–N月", f"1–{monitoring.months}月"), header)
        targets.set_column(column, column, width)
    row = 1
    for subject in monitoring.subjects:
        owner = DEPARTMENT if subject.kind == "department" else subject.name
        for item in subject.targets:
            cumulative = "" if item.cumulative is None else (YES if item.cumulative else NO)
            cells = (
                owner, item.level1, item.level2, item.name, item.target.text, cumulative, item.current, item.forecast,
                *(TICK if cause in item.causes else "" for cause in CAUSES),
                _notes_text(item), item.likelihood, item.note, item.measures,
            )
            for column, value in enumerate(cells):
                targets.write_string(row, column, xml_safe(value), fixed if column in (0, 1, 2, 3, 4) else text)
            row += 1
    last = max(row - 1, 1)
    first_cause = TARGET_COLUMNS.index(CAUSES[0])
    targets.data_validation(1, first_cause, last, first_cause + len(CAUSES) - 1, {"validate": "list", "source": [TICK]})
    targets.data_validation(1, TARGET_COLUMNS.index("完成目标可能性"), last, TARGET_COLUMNS.index("完成目标可能性"), {"validate": "list", "source": list(LIKELIHOODS)})
    targets.data_validation(1, TARGET_COLUMNS.index("累计指标"), last, TARGET_COLUMNS.index("累计指标"), {"validate": "list", "source": [YES, NO]})
    targets.freeze_panes(1, 4)

    report = workbook.add_worksheet(SHEET_REPORT)
    report.set_column(0, 0, 28)
    report.set_column(1, 1, 100)
    report.write_string(0, 0, "报告部分", header)
    report.write_string(0, 1, "单位撰写的文字（其余部分由数据生成）", header)
    for row, section in enumerate(NARRATIVE_SECTIONS, start=1):
        report.write_string(row, 0, section, fixed)
        report.write_string(row, 1, xml_safe(monitoring.narrative.get(section, "")), text)
    workbook.close()
