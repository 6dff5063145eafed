"""项目支出绩效自评表.xlsx laid out like the published form, and the department's 项目自评汇总表.

One sheet per project: header (项目名称, 主管部门, 实施单位), the funds block (年初预算数, 全年预算数, 全年执行数, 分值,
执行率, 得分), 年度总体目标, the indicator table (一级/二级/三级指标, 指标性质, 年度指标值, 度量单位, 实际完成值, 分值, 得分,
偏差原因分析及改进措施), 总分 and 等级, then 评价结论 / 存在问题 / 改进措施. 执行率, the funds score, every quantitative
row whose target and 完成值 are plain numbers, 总分 and 等级 are live formulas (each with the value jixiao computed,
for viewers that do not recalculate); a judged or qualitative row's score is its value. User text is always text.
A department's workbook holds its 项目自评汇总表 first, then one sheet per project.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.quantity import MONEY_UNITS
from jixiao.model.result import Evaluation
from jixiao.render.xlsx_rows import FastRows
from jixiao.render.xml_text import xml_safe

SUMMARY_HEADERS = (
    ("序号", 6), ("项目名称", 30), ("主管部门", 22), ("实施单位", 22), ("全年预算数（万元）", 14), ("全年执行数（万元）", 14),
    ("执行率", 10), ("自评分", 9), ("等级", 7), ("复核分", 9),
)
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
WIDTHS = (12, 14, 26, 8, 12, 9, 22, 8, 8, 36)
FUNDS_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


@dataclass(frozen=True)
class ProjectResult:
    framework: Framework
    facts: Facts  # with Facts.project
    evaluation: Evaluation


def _wan(quantity) -> float | None:
    return None if quantity is None else float(quantity.value / MONEY_UNITS["万元"])


def _number(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except ArithmeticError:
        return None


class _Formats:
    def __init__(self, workbook):
        base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
        self.title = workbook.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"})
        self.subtitle = workbook.add_format({"font_name": "宋体", "font_size": 11, "align": "center"})
        self.head = workbook.add_format({**base, "font_name": "黑体", "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.text = workbook.add_format(base)
        self.money = workbook.add_format({**base, "num_format": "#,##0.00"})
        self.rate = workbook.add_format({**base, "num_format": "0.00%"})
        self.score = workbook.add_format({**base, "num_format": "0.00"})
        self.total = workbook.add_format({**base, "font_name": "黑体", "bold": True, "num_format": "0.00"})


def _text(sheet, row: int, column: int, value: object, cell_format) -> None:
    sheet.write_string(row, column, xml_safe("" if value is None else str(value)), cell_format)  # never a formula


def _cell(row: int, column: int) -> str:
    return f"{chr(ord('A') + column)}{row + 1}"


def write_project_sheet(workbook, formats: _Formats, name: str, result: ProjectResult) -> None:
    facts, evaluation, framework = result.facts, result.evaluation, result.framework
    project = facts.project
    settings = framework.project
    sheet = workbook.add_worksheet(name)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    sheet.merge_range(0, 0, 0, 9, "项目支出绩效自评表", formats.title)
    sheet.merge_range(1, 0, 1, 9, f"（{facts.year}年度）", formats.subtitle)
    _text(sheet, 2, 0, "项目名称", formats.head)
    sheet.merge_range(2, 1, 2, 9, "", formats.text)
    _text(sheet, 2, 1, project.project + ("（结转项目）" if project.carried_over else ""), formats.text)
    _text(sheet, 3, 0, "主管部门", formats.head)
    sheet.merge_range(3, 1, 3, 4, "", formats.text)
    _text(sheet, 3, 1, project.department, formats.text)
    _text(sheet, 3, 5, "实施单位", formats.head)
    sheet.merge_range(3, 6, 3, 9, "", formats.text)
    _text(sheet, 3, 6, project.implementer, formats.text)
    # Funds block: B..D amounts in 万元, E 分值, F 执行率, G 得分, H.. 原因
    _text(sheet, 4, 0, "项目资金（万元）", formats.head)
    for column, header in enumerate(FUNDS_COLUMNS, start=1):
        _text(sheet, 4, column, header, formats.head)
    sheet.merge_range(4, 7, 4, 9, "偏差原因分析及改进措施", formats.head)
    funds_row = next((row for row in evaluation.rows if row.path == (settings.funds_row,)), None)
    funds_weight = float(funds_row.weight) if funds_row else 10.0
    lines = project.funds or ()
    score_cell = None
    row = 5
    for index, line in enumerate(lines):
        _text(sheet, row, 0, line.source if index == 0 or line.source == "年度资金总额" else f"其中：{line.source}", formats.text)
        for column, value in ((1, _wan(line.initial)), (2, _wan(line.budget)), (3, _wan(line.spent))):
            if value is None:
                sheet.write_blank(row, column, None, formats.money)
            else:
                sheet.write_number(row, column, value, formats.money)
        budget, spent = _cell(row, 2), _cell(row, 3)
        rate = float(line.spent.value / line.budget.value) if line.spent is not None and line.budget and line.budget.value else ""
        sheet.write_formula(row, 5, f'=IF(AND(ISNUMBER({budget}),{budget}>0),{spent}/{budget},"")', formats.rate, rate)
        if index == 0:
            sheet.write_number(row, 4, funds_weight, formats.score)
            score = float(funds_row.score) if funds_row else 0.0
            rate_cell = _cell(row, 5)
            sheet.write_formula(row, 6, f'=IF(ISNUMBER({rate_cell}),ROUND(MIN(MAX({rate_cell},0),1)*{_cell(row, 4)},2),0)', formats.score, score)
            score_cell = _cell(row, 6)
            sheet.merge_range(row, 7, row, 9, "", formats.text)
            _text(sheet, row, 7, "；".join(t for t in (project.execution_reason, project.adjustment) if t), formats.text)
        else:
            sheet.write_blank(row, 4, None, formats.score)
            sheet.write_blank(row, 6, None, formats.score)
            sheet.merge_range(row, 7, row, 9, "", formats.text)
        row += 1
    _text(sheet, row, 0, "年度总体目标", formats.head)
    sheet.merge_range(row, 1, row, 4, "", formats.head)
    _text(sheet, row, 1, "预期目标", formats.head)
    sheet.merge_range(row, 5, row, 9, "", formats.head)
    _text(sheet, row, 5, "实际完成情况", formats.head)
    row += 1
    sheet.merge_range(row, 1, row, 4, "", formats.text)
    sheet.merge_range(row, 5, row, 9, "", formats.text)
    _text(sheet, row, 0, "", formats.text)
    _text(sheet, row, 1, project.goal, formats.text)
    _text(sheet, row, 5, project.goal_achieved, formats.text)
    sheet.set_row(row, 45)
    row += 1
    for column, header in enumerate(INDICATOR_HEADERS):
        _text(sheet, row, column, header, formats.head)
    row += 1
    first = row
    scored = {r.path: r for r in evaluation.rows}
    rule = _slot_rule(framework)
    judged = {(path, row_.name) for path, rows_ in facts.slots.items() for row_ in rows_ if row_.facts.judged is not None}
    for indicator in project.indicators:
        target = indicator.target
        path = (target.level1,) + ((target.level2,) if target.level2 else ()) + (target.name,)
        result_row = scored.get(path)
        nature = "定性" if not target.quantitative else target.nature
        numbers = _plain_numbers(indicator)
        for column, value in enumerate((target.level1, target.level2, target.name, nature, target.value, target.unit, indicator.actual or indicator.state or "")):
            if numbers is not None and column in (4, 6):
                sheet.write_number(row, column, float(numbers[0 if column == 4 else 1]), formats.text)
            else:
                _text(sheet, row, column, value, formats.text)
        sheet.write_number(row, 7, float(target.weight), formats.score)
        value = float(result_row.score) if result_row is not None else 0.0
        live = numbers is not None and rule is not None and result_row is not None and not result_row.unscored and ((target.level1,), target.name) not in judged
        if live:
            sheet.write_formula(row, 8, _score_formula(target.nature, row, rule), formats.score, value)
        else:
            sheet.write_number(row, 8, value, formats.score)
        _text(sheet, row, 9, indicator.reason, formats.text)
        row += 1
    last = row - 1
    _text(sheet, row, 0, "总分", formats.head)
    sheet.merge_range(row, 1, row, 6, "", formats.text)
    weights = f"SUM({_cell(first, 7)}:{_cell(last, 7)})" if last >= first else "0"
    sheet.write_formula(row, 7, f"={_cell(5, 4)}+{weights}" if lines else f"={weights}", formats.total, float(sum(r.weight for r in evaluation.rows)))
    scores = f"SUM({_cell(first, 8)}:{_cell(last, 8)})" if last >= first else "0"
    total_cell = _cell(row, 8)
    sheet.write_formula(row, 8, f"=ROUND({score_cell or 0}+{scores},2)", formats.total, float(evaluation.total))
    _text(sheet, row, 9, "", formats.text)
    row += 1
    _text(sheet, row, 0, "自评等级", formats.head)
    sheet.merge_range(row, 1, row, 9, "", formats.text)
    sheet.write_formula(row, 1, _grade_formula(framework, total_cell), formats.text, evaluation.grade)
    row += 1
    for label, text in (("评价结论", project.conclusion), ("存在问题", project.problems), ("改进措施", project.improvements)):
        _text(sheet, row, 0, label, formats.head)
        sheet.merge_range(row, 1, row, 9, "", formats.text)
        _text(sheet, row, 1, text, formats.text)
        sheet.set_row(row, 40)
        row += 1
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


def _slot_rule(framework: Framework):
    for _path, node in framework.walk():
        if node.slot is not None and node.slot.rule.kind == "indicator":
            return node.slot.rule.params
    return None


def _plain_numbers(indicator) -> tuple[Decimal, Decimal] | None:
    """年度指标值 and 完成值 as plain numbers (`95`, `96%` with unit %), or None when either is written otherwise."""
    target = indicator.target
    if not target.quantitative or target.nature in (">", "<") or indicator.actual is None:
        return None
    actual = indicator.actual[: -len(target.unit)] if target.unit and indicator.actual.endswith(target.unit) else indicator.actual
    goal, reached = _number(target.value), _number(actual)
    if goal is None or reached is None or goal <= 0 or reached < 0:
        return None
    return goal, reached


def _score_formula(nature: str, row: int, params) -> str:
    """What the rule computes from 年度指标值 (E), 完成值 (G) and 分值 (H), rounded once as jixiao does."""
    e, g, h = _cell(row, 4), _cell(row, 6), _cell(row, 7)
    if nature in ("≥", "="):
        return f"=IF({g}>={e},{h},ROUND({g}/{e}*{h},2))"
    if params.reverse == "linear":
        return f"=IF({g}<={e},{h},ROUND(MAX(0,1-({g}-{e})/{e})*{h},2))"
    return f"=IF({g}<={e},{h},ROUND({e}/{g}*{h},2))"


def _grade_formula(framework: Framework, cell: str) -> str:
    bands = list(framework.grades)
    formula = f'"{bands[-1][0]}"'
    for grade, minimum in reversed(bands[:-1]):
        formula = f'IF({cell}>={minimum.normalize():f},"{grade}",{formula})'
    return "=" + formula


@dataclass(frozen=True)
class SummaryRow:
    """A line of the 项目自评汇总表 (amounts in 元), from a result or from what a system stored."""

    project: str
    department: str
    implementer: str
    budget: Decimal | None
    spent: Decimal | None
    total: Decimal | None
    grade: str
    reviewed: Decimal | None = None
    carried_over: bool = False


def summary_row(result: ProjectResult) -> SummaryRow:
    project, values = result.facts.project, result.evaluation.values
    amount = lambda key: values[key].value if key in values else None  # noqa: E731
    return SummaryRow(project.project, project.department, project.implementer, amount("全年预算数"), amount("全年执行数"),
                      result.evaluation.total, result.evaluation.grade, result.facts.reviewed_total, project.carried_over)


def _summary_sheet(workbook, formats: _Formats, rows: list[SummaryRow], title: str) -> None:
    # The lines and the 合计 are one block of fast rows (a region's 40,000 lines, bench/projects_web.py).
    sheet = workbook.add_worksheet("项目自评汇总表", worksheet_class=FastRows)
    sheet.merge_range(0, 0, 0, len(SUMMARY_HEADERS) - 1, xml_safe(title), formats.title)
    for column, (header, width) in enumerate(SUMMARY_HEADERS):
        _text(sheet, 1, column, header, formats.head)
        sheet.set_column(column, column, width)
    text, money = formats.text, formats.money
    sheet.fast_rows(2, (_summary_cells(index, line) for index, line in enumerate(rows, start=1)), (text, text, text, text, money, money, formats.rate, formats.score, text, formats.score))
    row = len(rows) + 2
    last = row
    totals = (
        "合计", "", "", "", (f"=SUM(E3:E{last})", 0), (f"=SUM(F3:F{last})", 0), (f'=IF({_cell(row, 4)}>0,{_cell(row, 5)}/{_cell(row, 4)},"")', 0),
        (f'=IF(COUNT(H3:H{last})>0,ROUND(AVERAGE(H3:H{last}),2),"")', 0), "", "",
    )
    sheet.fast_rows(row, [totals], (formats.head, text, text, text, money, money, formats.rate, formats.total, text, text))
    sheet.set_landscape()
    sheet.set_paper(9)


def _summary_cells(index: int, line: SummaryRow) -> tuple:
    wan, excel = MONEY_UNITS["万元"], index + 2
    budget = None if line.budget is None else float(line.budget / wan)
    spent = None if line.spent is None else float(line.spent / wan)
    rate = (f'=IF(AND(ISNUMBER(E{excel}),E{excel}>0),F{excel}/E{excel},"")', (spent / budget) if budget and spent is not None else "")
    total = None if line.total is None else float(line.total)
    reviewed = None if line.reviewed is None else float(line.reviewed)
    return (index, line.project + ("（结转）" if line.carried_over else ""), line.department, line.implementer, budget, spent, rate, total, line.grade, reviewed)


def save_summary(target: Path | str | BinaryIO, rows: list[SummaryRow], title: str) -> None:
    """The 项目自评汇总表 alone (a region's thousands of projects: one line each, no sheet per project)."""
    workbook = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    try:
        _summary_sheet(workbook, _Formats(workbook), rows, title)
    finally:
        workbook.close()


def _sheet_name(name: str, used: set[str]) -> str:
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in name).strip("'") or "项目"
    base = cleaned[:28]
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base[:25]}({number})", number + 1
    used.add(candidate)
    return candidate


def save_projects(target: Path | str | BinaryIO, results: list[ProjectResult], title: str | None = None, summary: bool | None = None) -> None:
    """One project's 自评表, or a department's workbook: its 项目自评汇总表 then each project's sheet."""
    workbook = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    try:
        formats = _Formats(workbook)
        with_summary = len(results) > 1 if summary is None else summary
        used = {"项目自评汇总表"}
        if with_summary:
            department = results[0].facts.project.department if results else ""
            year = results[0].facts.year if results else ""
            _summary_sheet(workbook, formats, [summary_row(r) for r in results], title or f"{department}{year}年度项目支出绩效自评汇总表")
        for result in results:
            write_project_sheet(workbook, formats, _sheet_name(result.facts.project.project, used), result)
    finally:
        workbook.close()
