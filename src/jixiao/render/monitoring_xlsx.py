"""项目支出 / 部门整体支出绩效监控情况表.xlsx laid out like the published (河南) forms, and a region 预警清单.

Tick columns as published (偏差原因: 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他 + 原因说明; 完成目标可能性:
确定能 / 有可能 / 完全不可能) with √ where ticked; jixiao adds one column, 预警, coloured. 执行率 is a formula over the
two amounts beside it, so an edited amount carries through. All user text is written as text, never as a formula.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import xlsxwriter

from jixiao.model.quantity import MONEY_UNITS
from jixiao.monitoring.model import CAUSES, LIKELIHOODS, Budget
from jixiao.monitoring.review import MonitoringReview
from jixiao.monitoring.signals import SIGNAL_LABELS, SubjectLights
from jixiao.monitoring.thresholds import COLOUR_LABELS
from jixiao.render.xml_text import xml_safe

FILL = {"red": "#F8CBAD", "yellow": "#FFE699", "green": "#C6EFCE", "blue": "#BDD7EE"}
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值")
WIDTHS = (10, 12, 18, 14, 16, 16, 6, 6, 6, 9, 6, 26, 6, 6, 8, 28, 6)
LINE_HEIGHT = 14  # points per wrapped line of 10-point 宋体
PROJECT_FILE = "项目支出绩效监控情况表.xlsx"
DEPARTMENT_FILE = "部门整体支出绩效监控情况表.xlsx"
WARNINGS_FILE = "预警清单.xlsx"


class _Formats:
    def __init__(self, workbook):
        base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
        self.title = workbook.add_format({"font_name": "方正小标宋简体", "font_size": 16, "align": "center"})
        self.subtitle = workbook.add_format({"font_name": "楷体_GB2312", "font_size": 11, "align": "center"})
        self.header = workbook.add_format({**base, "font_name": "黑体", "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.text = workbook.add_format(base)
        self.centre = workbook.add_format({**base, "align": "center"})
        self.money = workbook.add_format({**base, "num_format": "#,##0.00"})
        self.rate = workbook.add_format({**base, "num_format": "0.00%"})
        self.lights = {c: workbook.add_format({**base, "align": "center", "bg_color": FILL[c]}) for c in FILL}


def _lines(text: str, width: float) -> int:
    """Wrapped lines of a cell: a CJK character takes two width units (the column width counts narrow characters)."""
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return max(1, -(-units // max(1, int(width) - 1)))


def _fit_row(sheet, row: int, cells: list[tuple[str, float]]) -> None:
    """Row height from the longest wrapped cell, so printing cuts no text (a spreadsheet does not grow rows it writes)."""
    sheet.set_row(row, LINE_HEIGHT * max(_lines(text, width) for text, width in cells) + 4)


def _period(review: MonitoringReview) -> str:
    m = review.monitoring
    return f"（{m.year}年1–{m.months}月，截至 {m.as_of.month}月{m.as_of.day}日）"


def _wan(value: Decimal | None, unit: str) -> float | None:
    return None if value is None else float(value / MONEY_UNITS.get(unit, Decimal(1)))


def _setup(sheet, last_column: int, header_rows: tuple[int, int]) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(*header_rows)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    for column, width in enumerate(WIDTHS[: last_column + 1]):
        sheet.set_column(column, column, width)


def _budget_rows(sheet, fmt: _Formats, row: int, m: int, rows: list[tuple[str, Budget | None]], unit: str) -> int:
    headers = ("预算情况（万元）", "年初预算数", "调整后预算", f"1–{m}月执行数", f"1–{m}月执行率", "全年预计执行数")
    # the label spans three columns, each amount two or three, so the block sits above the indicator table
    spans = ((0, 2), (3, 4), (5, 6), (7, 9), (10, 11), (12, 14))
    for (first, last), text in zip(spans, headers):
        sheet.merge_range(row, first, row, last, text, fmt.header)
    for label, budget in rows:
        row += 1
        sheet.merge_range(row, 0, row, 2, xml_safe(label), fmt.text)
        if budget is None:
            for first, last in spans[1:]:
                sheet.merge_range(row, first, row, last, "", fmt.text)
            continue
        values = (_wan(budget.initial, unit), _wan(budget.adjusted, unit), _wan(budget.spent, unit))
        for (first, last), value in zip(spans[1:4], values):
            sheet.merge_range(row, first, row, last, "", fmt.money)
            if value is not None:
                sheet.write_number(row, first, value, fmt.money)
        base = "F" if budget.adjusted is not None else "D"
        rate = float(budget.spent / budget.base) if budget.base else 0.0
        sheet.merge_range(row, 10, row, 11, "", fmt.rate)
        sheet.write_formula(row, 10, f"=IF({base}{row + 1}=0,\"\",H{row + 1}/{base}{row + 1})", fmt.rate, rate)
        sheet.merge_range(row, 12, row, 14, "", fmt.money)
        if budget.forecast is not None:
            sheet.write_number(row, 12, _wan(budget.forecast, unit), fmt.money)
    return row + 1


def _indicator_rows(sheet, fmt: _Formats, row: int, lights: SubjectLights, months: int) -> int:
    top = (*INDICATOR_HEADERS, f"1–{months}月执行情况", "全年预计完成情况")
    for column, text in enumerate(top):
        sheet.merge_range(row, column, row + 1, column, text, fmt.header)
    sheet.merge_range(row, 6, row, 11, "偏差原因分析", fmt.header)
    sheet.merge_range(row, 12, row, 14, "完成目标可能性", fmt.header)
    sheet.merge_range(row, 15, row + 1, 15, "备注（未完成原因及拟采取的措施）", fmt.header)
    sheet.merge_range(row, 16, row + 1, 16, "预警", fmt.header)
    for offset, text in enumerate((*CAUSES, "原因说明")):
        sheet.write_string(row + 1, 6 + offset, text, fmt.header)
    sheet.set_row(row + 1, LINE_HEIGHT * 2 + 4)
    for offset, text in enumerate(LIKELIHOODS):
        sheet.write_string(row + 1, 12 + offset, text, fmt.header)
    row += 2
    for item in lights.subject.targets:
        cells = (item.level1, item.level2, item.name, item.target.text, item.current, item.forecast)
        for column, text in enumerate(cells):
            sheet.write_string(row, column, xml_safe(text), fmt.text)
        for offset, cause in enumerate(CAUSES):
            sheet.write_string(row, 6 + offset, "√" if cause in item.causes else "", fmt.centre)
        notes = "；".join(f"{cause}：{item.cause_notes[cause]}" for cause in item.causes if item.cause_notes.get(cause))
        sheet.write_string(row, 11, xml_safe(notes), fmt.text)
        for offset, likelihood in enumerate(LIKELIHOODS):
            sheet.write_string(row, 12 + offset, "√" if item.likelihood == likelihood else "", fmt.centre)
        remark = "\n".join(part for part in (item.note, item.measures and f"纠偏措施：{item.measures}") if part)
        sheet.write_string(row, 15, xml_safe(remark), fmt.text)
        colour = lights.colour_of(item)
        sheet.write_string(row, 16, COLOUR_LABELS[colour], fmt.lights[colour])
        _fit_row(sheet, row, [(text, WIDTHS[column]) for column, text in enumerate(cells)] + [(notes, WIDTHS[11]), (remark, WIDTHS[15])])
        row += 1
    return row


def _signals_rows(sheet, fmt: _Formats, row: int, lights: SubjectLights) -> int:
    row += 1
    sheet.merge_range(row, 0, row, 16, "预警依据（jixiao 按阈值计算）", fmt.header)
    for signal in lights.signals:
        row += 1
        sheet.write_string(row, 0, COLOUR_LABELS[signal.colour], fmt.lights[signal.colour])
        sheet.merge_range(row, 1, row, 3, SIGNAL_LABELS[signal.kind] + (f"：{signal.target}" if signal.target else ""), fmt.text)
        sheet.merge_range(row, 4, row, 16, xml_safe(signal.basis), fmt.text)
        _fit_row(sheet, row, [(signal.basis, sum(WIDTHS[4:17]))])
    return row + 1


def _sheet_name(name: str, used: set[str]) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:28] or "项目"
    candidate, n = cleaned, 2
    while candidate in used:
        candidate, n = f"{cleaned[:25]}({n})", n + 1
    used.add(candidate)
    return candidate


def _open(path: Path):
    return xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})


def write_project_tables(review: MonitoringReview, path: Path) -> None:
    workbook = _open(path)
    fmt, used = _Formats(workbook), set()
    m = review.monitoring
    for lights in review.lights:
        if lights.subject.kind != "project":
            continue
        sheet = workbook.add_worksheet(_sheet_name(lights.subject.name, used))
        sheet.merge_range(0, 0, 0, 16, "项目支出绩效监控情况表", fmt.title)
        sheet.merge_range(1, 0, 1, 16, _period(review), fmt.subtitle)
        sheet.merge_range(2, 0, 2, 2, "项目名称", fmt.header)
        sheet.merge_range(2, 3, 2, 9, xml_safe(lights.subject.name), fmt.text)
        sheet.merge_range(2, 10, 2, 11, "实施单位", fmt.header)
        sheet.merge_range(2, 12, 2, 16, xml_safe(lights.subject.unit), fmt.text)
        row = _budget_rows(sheet, fmt, 3, m.months, [("项目资金", lights.subject.budget)], m.department_subject.budget.unit if m.department_subject.budget else "万元")
        header = row
        row = _indicator_rows(sheet, fmt, row, lights, m.months)
        _signals_rows(sheet, fmt, row, lights)
        _setup(sheet, 16, (header, header + 1))
    if not used:
        sheet = workbook.add_worksheet("项目")
        sheet.write_string(0, 0, "本次监控没有项目。")
    workbook.close()


def write_department_table(review: MonitoringReview, path: Path) -> None:
    workbook = _open(path)
    fmt = _Formats(workbook)
    m = review.monitoring
    lights = review.lights[0]
    sheet = workbook.add_worksheet("部门整体")
    sheet.merge_range(0, 0, 0, 16, "部门整体支出绩效监控情况表", fmt.title)
    sheet.merge_range(1, 0, 1, 16, _period(review), fmt.subtitle)
    sheet.merge_range(2, 0, 2, 2, "部门（单位）名称", fmt.header)
    sheet.merge_range(2, 3, 2, 16, xml_safe(m.department), fmt.text)
    unit = m.department_subject.budget.unit if m.department_subject.budget else "万元"
    rows: list[tuple[str, Budget | None]] = [("年度部门预算总额", m.department_subject.budget)]
    for group in ("资金来源", "资金结构"):
        for name, budget in m.sources.get(group, {}).items():
            rows.append((f"{group}：{name}", budget))
    row = _budget_rows(sheet, fmt, 3, m.months, rows, unit)
    header = row
    row = _indicator_rows(sheet, fmt, row, lights, m.months)
    _signals_rows(sheet, fmt, row, lights)
    _setup(sheet, 16, (header, header + 1))
    workbook.close()


WARNING_HEADERS = (
    ("序号", 6), ("部门", 22), ("项目", 24), ("实施单位", 18), ("预警", 6), ("预算执行", 8), ("目标", 8),
    ("预算（万元）", 12), ("执行数（万元）", 12), ("执行率", 9), ("预警依据", 70),
)


def write_warning_list(reviews: list[MonitoringReview], path: Path) -> None:
    """One row per project (and department) with a light other than green, worst first, then by amount at stake."""
    workbook = _open(path)
    fmt = _Formats(workbook)
    sheet = workbook.add_worksheet("预警清单")
    sheet.merge_range(0, 0, 0, len(WARNING_HEADERS) - 1, "绩效运行监控预警清单", fmt.title)
    for column, (text, width) in enumerate(WARNING_HEADERS):
        sheet.write_string(1, column, text, fmt.header)
        sheet.set_column(column, column, width)
    rows = warning_rows(reviews)
    for index, (review, lights) in enumerate(rows, start=1):
        row = index + 1
        budget = lights.subject.budget
        unit = budget.unit if budget else "万元"
        sheet.write_number(row, 0, index, fmt.centre)
        sheet.write_string(row, 1, xml_safe(review.monitoring.department), fmt.text)
        sheet.write_string(row, 2, xml_safe(lights.subject.name if lights.subject.kind == "project" else "（部门整体）"), fmt.text)
        sheet.write_string(row, 3, xml_safe(lights.subject.unit), fmt.text)
        for column, colour in ((4, lights.colour), (5, lights.budget_colour), (6, lights.target_colour)):
            sheet.write_string(row, column, COLOUR_LABELS[colour], fmt.lights[colour])
        if budget is not None:
            sheet.write_number(row, 7, _wan(budget.base, unit), fmt.money)
            sheet.write_number(row, 8, _wan(budget.spent, unit), fmt.money)
            sheet.write_formula(row, 9, f"=IF(H{row + 1}=0,\"\",I{row + 1}/H{row + 1})", fmt.rate, float(lights.execution_rate or 0))
        reasons = "；".join(f"{SIGNAL_LABELS[s.kind]}{('（' + s.target + '）') if s.target else ''}：{s.basis}" for s in lights.signals if s.colour != "green")
        sheet.write_string(row, 10, xml_safe(reasons), fmt.text)
        _fit_row(sheet, row, [(reasons, WARNING_HEADERS[10][1]), (lights.subject.name, WARNING_HEADERS[2][1])])
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    workbook.close()


def warning_rows(reviews: list[MonitoringReview]) -> list[tuple[MonitoringReview, SubjectLights]]:
    from jixiao.monitoring.thresholds import SEVERITY

    rows = [(review, lights) for review in reviews for lights in review.lights if lights.colour != "green"]
    rows.sort(key=lambda pair: (SEVERITY[pair[1].colour], -(pair[1].subject.budget.base if pair[1].subject.budget else 0)))
    return rows
