"""评分表.xlsx: the scoring table as departments submit it, live in Excel and WPS.

Sheet 评分表 has the framework's columns with parents merged over their children, 总分 and
等级 rows as formulas. Sheet 数据 holds the raw amounts and the derived figures as formulas
over them; mechanical rows score by formulas over 数据, so editing an amount or a score moves
the totals. Sheet 小计 gives each parent's subtotal; 复核意见 lists the review findings.
"""
from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.model.facts import Facts, RowFacts
from jixiao.model.formula import to_excel
from jixiao.model.framework import CompiledRule, Framework
from jixiao.model.quantity import MONEY_UNITS
from jixiao.model.result import SEVERITY_LABELS, Evaluation
from jixiao.rules import ExcelContext, MissingFigure, RuleRegistry, ScoreContext, default_registry, number

SCORE_SHEET, DATA_SHEET, SUBTOTAL_SHEET, FINDINGS_SHEET = "评分表", "数据", "小计", "复核意见"
COLUMNS = (
    ("一级指标", 12), ("分值", 6), ("二级指标", 12), ("分值", 6), ("三级指标", 22), ("分值", 6),
    ("指标说明 / 评分标准", 40), ("年度指标值", 12), ("实际完成值", 12), ("得分", 8), ("评分依据 / 未达标原因 / 改进措施", 60),
)
SCORE_COLUMN = 10  # J
HEADER_ROW = 3
BODY = Font(name="宋体", size=10)
BOLD = Font(name="黑体", size=10, bold=True)
TITLE = Font(name="黑体", size=16, bold=True)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def build_scoresheet(framework: Framework, facts: Facts, result: Evaluation, registry: RuleRegistry | None = None) -> Workbook:
    registry = registry or default_registry()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SCORE_SHEET
    data = workbook.create_sheet(DATA_SHEET)
    refs = _write_data(data, framework, facts, result)
    score_cells = _write_scores(sheet, framework, facts, result, registry, refs)
    _write_subtotals(workbook.create_sheet(SUBTOTAL_SHEET), framework, result, score_cells)
    _write_findings(workbook.create_sheet(FINDINGS_SHEET), result)
    return workbook


def money_unit(facts: Facts) -> str:
    return facts.money_unit or "元"


def _write_data(sheet: Worksheet, framework: Framework, facts: Facts, result: Evaluation) -> dict[str, str]:
    """Raw figures as values, derived ones as formulas over them; returns figure → cell."""
    unit = money_unit(facts)
    for column, (title, width) in enumerate((("数据项", 18), ("名称", 28), ("数值", 18), ("单位", 8), ("公式", 50)), start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    refs: dict[str, str] = {}
    row = 2
    for key, value in facts.figures.items():
        if key in framework.derived:
            continue
        quantity = value.quantity
        shown = quantity.value / MONEY_UNITS[unit] if quantity.kind == "money" else quantity.value
        _data_row(sheet, row, key, framework.figure_name(key), float(shown), unit if quantity.kind == "money" else quantity.unit, quantity.kind, "")
        refs[key] = f"{DATA_SHEET}!$C${row}"
        row += 1
    for key in framework.derived_order:
        definition = framework.derived[key]
        computed = result.values.get(key)
        if computed is None:
            continue
        if all(name in refs for name in definition.formula.names):
            value: object = "=" + to_excel(definition.formula, lambda name: f"C{refs[name].rsplit('$', 1)[1]}")
            note = definition.formula.text
        else:  # inputs missing: the department's stated rate was used
            value, note = float(computed.value), "采用填报值"
        _data_row(sheet, row, key, definition.name, value, "" if definition.kind != "money" else unit, definition.kind, note)
        refs[key] = f"{DATA_SHEET}!$C${row}"
        row += 1
    return refs


def _data_row(sheet, row, key, name, value, unit, kind, note) -> None:
    for column, content in enumerate((key, name, value, unit, note), start=1):
        cell = sheet.cell(row=row, column=column, value=content)
        cell.font, cell.border = BODY, BORDER
    sheet.cell(row=row, column=3).number_format = "0.00%" if kind == "percent" else ("#,##0.00" if kind == "money" else "General")


def _columns_for(path: tuple[str, ...]) -> tuple[str, str, str]:
    if len(path) == 1:
        return path[0], "", path[0]
    if len(path) == 2:
        return path[0], "", path[1]
    return path[0], path[1], "/".join(path[2:])


def _row_formula(framework, facts, result, registry, refs, path, row_facts: RowFacts, rule: CompiledRule, weight: Decimal) -> str | None:
    """The row's score as a live formula, or None where it is a judged or given value."""
    if row_facts.judged is not None or row_facts.exempt is not None or row_facts.not_applicable is not None:
        return None

    def ref(figure: str) -> str:
        if figure not in refs:
            raise MissingFigure(figure)
        return refs[figure]

    def constant(part: str, part_rule: CompiledRule, part_points: Decimal) -> Decimal:
        context = ScoreContext(path[-1], weight, row_facts, result.values, framework, registry).for_part(part, part_points)
        return registry.score(part_rule, context).score

    try:
        formula = registry.excel(rule, ExcelContext(weight, ref, registry, constant))
    except MissingFigure:
        return None
    return f"=ROUND({formula},{framework.rounding.places})" if formula else None


def _rules_by_path(framework: Framework, facts: Facts) -> dict[tuple[str, ...], tuple[CompiledRule, RowFacts]]:
    out = {}
    for path, node in framework.walk():
        if node.is_leaf and node.rule is not None:
            out[path] = (node.rule, facts.rows.get(path, RowFacts()))
        elif node.slot is not None:
            for slot_row in facts.slots.get(path, ()):
                row_path = path + ((slot_row.group,) if slot_row.group else ()) + (slot_row.name,)
                out[row_path] = (node.slot.rule, slot_row.facts)
    return out


def _write_scores(sheet, framework, facts, result, registry, refs) -> dict[tuple[str, ...], str]:
    last_column = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A1"] = f"{facts.department}{facts.year}年度部门整体支出绩效自评评分表"
    sheet["A1"].font, sheet["A1"].alignment = TITLE, CENTER
    sheet.merge_cells(f"A2:{last_column}2")
    sheet["A2"] = f"单位：{facts.department}　　年度：{facts.year}　　指标体系：{framework.name}　　金额单位：{money_unit(facts)}"
    sheet["A2"].font = BODY
    for column, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=title)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
        sheet.column_dimensions[get_column_letter(column)].width = width
    weights = {path: node.weight for path, node in framework.walk()}
    weights.update({node.path: node.weight for node in result.nodes})
    explanations = {path: "\n".join(t for t in (node.explanation, node.standard) if t) for path, node in framework.walk()}
    rules = _rules_by_path(framework, facts)
    score_cells: dict[tuple[str, ...], str] = {}
    first = HEADER_ROW + 1
    for index, row in enumerate(result.rows):
        excel_row = first + index
        level1, level2, level3 = _columns_for(row.path)
        rule, row_facts = rules[row.path]
        formula = _row_formula(framework, facts, result, registry, refs, row.path, row_facts, rule, row.weight)
        basis = "\n".join(t for t in (row.basis, row.reason and f"未达标原因：{row.reason}", row.improvement and f"改进措施：{row.improvement}") if t)
        values = (
            level1, float(weights[row.path[:1]]), level2, float(weights[row.path[:2]]) if level2 else None,
            level3, float(row.weight), explanations.get(row.path, ""), row.target, row.actual,
            formula or float(row.score), basis,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=excel_row, column=column, value=value)
            cell.font, cell.border = BODY, BORDER
            cell.alignment = CENTER if column in (1, 2, 3, 4, 6, 8, 9, 10) else WRAP
        sheet.cell(row=excel_row, column=SCORE_COLUMN).number_format = "0.00"
        sheet.row_dimensions[excel_row].height = _height(values)
        score_cells[row.path] = f"J{excel_row}"
    last = first + len(result.rows) - 1
    _merge_parents(sheet, result, first)
    total_row = last + 1
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=SCORE_COLUMN - 1)
    sheet.cell(row=total_row, column=1, value="总分").font = BOLD
    total = sheet.cell(row=total_row, column=SCORE_COLUMN, value=f"=SUM(J{first}:J{last})")
    total.number_format, total.font = "0.00", BOLD
    grade_row = total_row + 1
    sheet.merge_cells(start_row=grade_row, start_column=1, end_row=grade_row, end_column=SCORE_COLUMN - 1)
    sheet.cell(row=grade_row, column=1, value="等级").font = BOLD
    sheet.cell(row=grade_row, column=SCORE_COLUMN, value=_grade_formula(framework, f"J{total_row}")).font = BOLD
    for excel_row in (total_row, grade_row):
        for column in range(1, len(COLUMNS) + 1):
            sheet.cell(row=excel_row, column=column).border = BORDER
        sheet.cell(row=excel_row, column=1).alignment = CENTER
    score_cells[()] = f"J{total_row}"
    _print_setup(sheet)
    return score_cells


def _height(values) -> float:
    """Row height for wrapped text: Excel and WPS do not grow rows that a program wrote."""
    lines = 1
    for (_title, width), value in zip(COLUMNS, values):
        if isinstance(value, str) and not value.startswith("="):
            per_line = max(1, int(width / 1.8))  # a CJK character takes a little under two width units
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
    return min(409, 13 * lines + 4)


def _grade_formula(framework: Framework, total: str) -> str:
    grades = list(framework.grades)
    expression = f'"{grades[-1][0]}"'
    for grade, minimum in reversed(grades[:-1]):
        expression = f'IF({total}>={number(minimum)},"{grade}",{expression})'
    return "=" + expression


def _merge_parents(sheet, result: Evaluation, first: int) -> None:
    """Merge the 一级 and 二级 name and weight cells over the rows they cover."""
    for depth, columns in ((1, (1, 2)), (2, (3, 4))):
        start = 0
        rows = result.rows
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index].path[:depth] != rows[start].path[:depth]:
                if index - 1 > start and len(rows[start].path) > depth:
                    for column in columns:
                        sheet.merge_cells(start_row=first + start, start_column=column, end_row=first + index - 1, end_column=column)
                start = index


def _print_setup(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"


def _write_subtotals(sheet, framework: Framework, result: Evaluation, score_cells: dict) -> None:
    for column, (title, width) in enumerate((("指标", 40), ("分值", 8), ("得分", 10)), start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    for index, node in enumerate(result.nodes, start=2):
        cells = [score_cells[row.path] for row in result.rows if row.path[: len(node.path)] == node.path]
        formula = "=" + "+".join(f"{SCORE_SHEET}!{c}" for c in cells) if cells else 0
        values = ("　" * (len(node.path) - 1) + node.path[-1], float(node.weight), formula)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            cell.font, cell.border = BODY, BORDER
        sheet.cell(row=index, column=3).number_format = "0.00"
    end = len(result.nodes) + 2
    sheet.cell(row=end, column=1, value="总分").font = BOLD
    sheet.cell(row=end, column=2, value=float(framework.total))
    sheet.cell(row=end, column=3, value=f"={SCORE_SHEET}!{score_cells[()]}").number_format = "0.00"


def _write_findings(sheet, result: Evaluation) -> None:
    for column, (title, width) in enumerate((("级别", 8), ("代码", 26), ("问题", 80), ("位置", 60)), start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    for index, finding in enumerate(result.findings, start=2):
        place = "；".join(p for p in ("/".join(finding.path), finding.where.describe()) if p)
        for column, value in enumerate((SEVERITY_LABELS[finding.severity], finding.code, finding.message, place), start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            cell.font, cell.border, cell.alignment = BODY, BORDER, WRAP
    if not result.findings:
        sheet.cell(row=2, column=3, value="未发现问题。").font = BODY


