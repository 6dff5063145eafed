"""评分表.xlsx: the scoring table as departments submit it, live in Excel and WPS.

Sheet 评分表 has the framework's columns with parents merged over their children, 总分 and
等级 rows as formulas. Sheet 数据 holds the raw amounts and the derived figures as formulas
over them; mechanical rows score by formulas over 数据, so editing an amount or a score moves
the totals. Sheet 小计 gives each parent's subtotal; 复核意见 lists the review findings.
Written with XlsxWriter so that every formula also carries its value: previewers and readers
that do not recalculate (and jixiao's own ingest) see the numbers.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import xlsxwriter

from jixiao.model.facts import Facts, RowFacts
from jixiao.model.formula import to_excel
from jixiao.model.framework import CompiledRule, Framework
from jixiao.model.quantity import MONEY_UNITS
from jixiao.model.result import SEVERITY_LABELS, UNSCORED_LABEL, Evaluation, Where
from jixiao.rules import ExcelContext, MissingFigure, RuleRegistry, ScoreContext, default_registry, number

SCORE_SHEET, DATA_SHEET, SUBTOTAL_SHEET, FINDINGS_SHEET = "评分表", "数据", "小计", "复核意见"
COLUMNS = (
    ("一级指标", 12), ("分值", 6), ("二级指标", 12), ("分值", 6), ("三级指标", 22), ("分值", 6),
    ("指标说明 / 评分标准", 40), ("年度指标值", 12), ("实际完成值", 12), ("得分", 8), ("评分依据 / 未达标原因 / 改进措施", 60),
)
SCORE_COLUMN = 9  # J, zero-based
HEADER_ROW = 2  # the third row, zero-based
FIRST_ROW = HEADER_ROW + 1


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        base = {"font_name": "宋体", "font_size": 10, "border": 1, "text_wrap": True, "valign": "vcenter"}
        self.body = book.add_format(base)
        self.center = book.add_format({**base, "align": "center"})
        self.score = book.add_format({**base, "align": "center", "num_format": "0.00"})
        self.bold = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center"})
        self.bold_score = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center", "num_format": "0.00"})
        self.header = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"})
        self.note = book.add_format({"font_name": "宋体", "font_size": 10})
        self.percent = book.add_format({**base, "num_format": "0.00%"})
        self.money = book.add_format({**base, "num_format": "#,##0.00"})


def write_scoresheet(path: Path, framework: Framework, facts: Facts, result: Evaluation, registry: RuleRegistry | None = None, place=None) -> None:
    """place(finding) → where the 复核意见 sheet says it is (the web names its fields as the page does); default finding_place."""
    registry = registry or default_registry()
    # Every plain write is text: a name or basis starting with "=" (or looking like a URL or a number)
    # must stay what the user typed, never become a live formula; jixiao's own formulas use write_formula.
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    formats = _Formats(book)
    scores = book.add_worksheet(SCORE_SHEET)
    data = book.add_worksheet(DATA_SHEET)
    refs = _write_data(data, formats, framework, facts, result)
    score_cells = _write_scores(scores, formats, framework, facts, result, registry, refs)
    _write_subtotals(book.add_worksheet(SUBTOTAL_SHEET), formats, framework, result, score_cells)
    _write_findings(book.add_worksheet(FINDINGS_SHEET), formats, result, place or finding_place)
    book.close()


def money_unit(facts: Facts) -> str:
    return facts.money_unit or "元"


def _write_data(sheet, formats: _Formats, framework: Framework, facts: Facts, result: Evaluation) -> dict[str, str]:
    """Raw figures as values, derived ones as formulas over them; returns figure → cell."""
    unit = money_unit(facts)
    for column, (title, width) in enumerate((("数据项", 18), ("名称", 28), ("数值", 18), ("单位", 8), ("公式", 50))):
        sheet.write(0, column, title, formats.header)
        sheet.set_column(column, column, width)
    refs: dict[str, str] = {}
    row = 1
    for key, value in facts.figures.items():
        if key in framework.derived:
            continue
        quantity = value.quantity
        shown = quantity.value / MONEY_UNITS[unit] if quantity.kind == "money" else quantity.value
        _data_row(sheet, formats, row, key, framework.figure_name(key), float(shown), None, unit if quantity.kind == "money" else quantity.unit, quantity.kind, "")
        refs[key] = f"{DATA_SHEET}!$C${row + 1}"
        row += 1
    for key in framework.derived_order:
        definition = framework.derived[key]
        computed = result.values.get(key)
        if computed is None:
            continue
        cached = float(computed.value / MONEY_UNITS[unit]) if definition.kind == "money" else float(computed.value)
        formula = None
        if all(name in refs for name in definition.formula.names):
            formula = "=" + to_excel(definition.formula, lambda name: "C" + refs[name].rsplit("$", 1)[1])
        _data_row(sheet, formats, row, key, definition.name, cached, formula, unit if definition.kind == "money" else "", definition.kind, definition.formula.shown if formula else "采用填报值")
        refs[key] = f"{DATA_SHEET}!$C${row + 1}"
        row += 1
    _print(sheet, row - 1, 4, 0)
    return refs


def _data_row(sheet, formats: _Formats, row: int, key: str, name: str, value: float, formula: str | None, unit: str, kind: str, note: str) -> None:
    sheet.write(row, 0, key, formats.body)
    sheet.write(row, 1, name, formats.body)
    style = formats.percent if kind == "percent" else (formats.money if kind == "money" else formats.body)
    if formula:
        sheet.write_formula(row, 2, formula, style, value)
    else:
        sheet.write_number(row, 2, value, style)
    sheet.write(row, 3, unit, formats.body)
    sheet.write(row, 4, note, formats.body)


def _columns_for(path: tuple[str, ...]) -> tuple[str, str, str]:
    if len(path) == 1:
        return path[0], "", path[0]
    if len(path) == 2:
        return path[0], "", path[1]
    return path[0], path[1], "/".join(path[2:])


def _row_formula(framework, result, registry, refs, path, row_facts: RowFacts, rule: CompiledRule, weight: Decimal) -> str | None:
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


# One line of 10-point text in the faces a printout uses: 宋体 on Windows, Noto Serif CJK SC for the server's PDF,
# whose line is 1.45 em: 14.5 points. Rows a program wrote are not grown by Excel, WPS or LibreOffice, so the
# estimate errs on the tall side (too low cut 评分标准 text off in print).
LINE_POINTS = 15
CJK_UNITS = 1.9  # column width units one CJK character takes at 10 points (an ASCII one a little over half)


def text_lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` units wide, each \n starting a new one."""
    per_line = max(1.0, (width - 1) / CJK_UNITS)  # a unit is lost to the cell's margins
    lines = 0
    for part in text.split("\n"):
        units = sum(1.0 if ord(char) > 0x2E7F else 0.55 for char in part)
        lines += max(1, -int(-units // per_line))
    return lines


def _height(values, columns=COLUMNS) -> float:
    """Row height for wrapped text, from the tallest cell."""
    lines = 1
    for (_title, width), value in zip(columns, values):
        if isinstance(value, str) and not value.startswith("="):
            lines = max(lines, text_lines(value, width))
    return min(409, LINE_POINTS * lines + 6)


def _print(sheet, last_row: int, last_column: int, header_row: int, landscape: bool = True) -> None:
    """A4, one page wide, the header row on every page, over the cells written."""
    if landscape:
        sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.print_area(0, 0, max(last_row, header_row), last_column)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _write_scores(sheet, formats: _Formats, framework, facts, result, registry, refs) -> dict[tuple[str, ...], str]:
    last_column = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_column, f"{facts.department}{facts.year}年度部门整体支出绩效自评评分表", formats.title)
    sheet.set_row(0, 28)
    sheet.merge_range(1, 0, 1, last_column, f"单位：{facts.department}　　年度：{facts.year}　　指标体系：{framework.name}　　金额单位：{money_unit(facts)}", formats.note)
    for column, (title, width) in enumerate(COLUMNS):
        sheet.write(HEADER_ROW, column, title, formats.header)
        sheet.set_column(column, column, width)
    weights = {path: node.weight for path, node in framework.walk()}
    weights.update({node.path: node.weight for node in result.nodes})
    explanations = {path: "\n".join(t for t in (node.explanation, node.standard) if t) for path, node in framework.walk()}
    rules = _rules_by_path(framework, facts)
    score_cells: dict[tuple[str, ...], str] = {}
    for index, row in enumerate(result.rows):
        excel_row = FIRST_ROW + index
        level1, level2, level3 = _columns_for(row.path)
        rule, row_facts = rules[row.path]
        formula = _row_formula(framework, result, registry, refs, row.path, row_facts, rule, row.weight)
        basis = "\n".join(t for t in (row.basis, row.reason and f"未达标原因：{row.reason}", row.improvement and f"改进措施：{row.improvement}") if t)
        values = (level1, float(weights[row.path[:1]]), level2, float(weights[row.path[:2]]) if level2 else "", level3, float(row.weight),
                  explanations.get(row.path, ""), row.target or "", row.actual or "", None, basis)
        for column, value in enumerate(values):
            if column == SCORE_COLUMN:
                continue
            sheet.write(excel_row, column, value, formats.center if column in (0, 1, 2, 3, 5, 7, 8) else formats.body)
        if row.unscored:  # not a 0 the unit was given: the report left it out (SUM skips text, as the total's 0 placeholder does)
            sheet.write_string(excel_row, SCORE_COLUMN, UNSCORED_LABEL, formats.center)
        elif formula:
            sheet.write_formula(excel_row, SCORE_COLUMN, formula, formats.score, float(row.score))
        else:
            sheet.write_number(excel_row, SCORE_COLUMN, float(row.score), formats.score)
        sheet.set_row(excel_row, _height(values))
        score_cells[row.path] = f"J{excel_row + 1}"
    last = FIRST_ROW + len(result.rows) - 1
    _merge_parents(sheet, formats, result, weights)
    total_row, grade_row = last + 1, last + 2
    sheet.merge_range(total_row, 0, total_row, SCORE_COLUMN - 1, f"总分（不完整：{result.incomplete} 项未列得分）" if result.incomplete else "总分", formats.bold)
    sheet.write_formula(total_row, SCORE_COLUMN, f"=SUM(J{FIRST_ROW + 1}:J{last + 1})", formats.bold_score, float(result.total))
    sheet.write(total_row, last_column, "", formats.body)
    sheet.merge_range(grade_row, 0, grade_row, SCORE_COLUMN - 1, "等级", formats.bold)
    sheet.write_formula(grade_row, SCORE_COLUMN, _grade_formula(framework, f"J{total_row + 1}"), formats.bold, result.grade)
    sheet.write(grade_row, last_column, "", formats.body)
    score_cells[()] = f"J{total_row + 1}"
    _print(sheet, grade_row, last_column, HEADER_ROW)
    sheet.freeze_panes(FIRST_ROW, 0)
    return score_cells


def _grade_formula(framework: Framework, total: str) -> str:
    grades = list(framework.grades)
    expression = excel_string(grades[-1][0])
    for grade, minimum in reversed(grades[:-1]):
        expression = f"IF({total}>={number(minimum)},{excel_string(grade)},{expression})"
    return "=" + expression


def excel_string(text: str) -> str:
    """A string literal inside an Excel formula: a quote in a grade name cannot end it early."""
    return '"' + text.replace('"', '""') + '"'


def _merge_parents(sheet, formats: _Formats, result: Evaluation, weights) -> None:
    """Merge the 一级 and 二级 name and weight cells over the rows they cover."""
    rows = result.rows
    for depth, columns in ((1, (0, 1)), (2, (2, 3))):
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index].path[:depth] != rows[start].path[:depth]:
                if index - 1 > start and len(rows[start].path) > depth:
                    prefix = rows[start].path[:depth]
                    sheet.merge_range(FIRST_ROW + start, columns[0], FIRST_ROW + index - 1, columns[0], prefix[-1], formats.center)
                    sheet.merge_range(FIRST_ROW + start, columns[1], FIRST_ROW + index - 1, columns[1], float(weights[prefix]), formats.center)
                start = index


def _write_subtotals(sheet, formats: _Formats, framework: Framework, result: Evaluation, score_cells: dict) -> None:
    for column, (title, width) in enumerate((("指标", 40), ("分值", 8), ("得分", 10))):
        sheet.write(0, column, title, formats.header)
        sheet.set_column(column, column, width)
    for index, node in enumerate(result.nodes, start=1):
        cells = [score_cells[row.path] for row in result.rows if row.path[: len(node.path)] == node.path]
        sheet.write(index, 0, "　" * (len(node.path) - 1) + node.path[-1], formats.body)
        sheet.write_number(index, 1, float(node.weight), formats.body)
        if cells:
            sheet.write_formula(index, 2, "=" + "+".join(f"{SCORE_SHEET}!{c}" for c in cells), formats.score, float(node.score))
        else:
            sheet.write_number(index, 2, 0, formats.score)
    end = len(result.nodes) + 1
    sheet.write(end, 0, "总分", formats.bold)
    sheet.write_number(end, 1, float(framework.total), formats.body)
    sheet.write_formula(end, 2, f"={SCORE_SHEET}!{score_cells[()]}", formats.bold_score, float(result.total))
    _print(sheet, end, 2, 0, landscape=False)


def finding_place(finding) -> str:
    """A finding's place for people: its indicator's path, else the input file's name (never its folder: a server's
    path must not reach a user), line or cell and field. A framework file's own line is of no use to a department."""
    if finding.path:
        return "/".join(finding.path)
    where = finding.where
    return Where(Path(where.file).name if where.file else "", where.line, where.cell, where.field).describe()


def _write_findings(sheet, formats: _Formats, result: Evaluation, place) -> None:
    for column, (title, width) in enumerate((("级别", 8), ("问题", 80), ("位置", 60))):
        sheet.write(0, column, title, formats.header)
        sheet.set_column(column, column, width)
    widths = ((None, 8), (None, 80), (None, 60))
    for index, finding in enumerate(result.findings, start=1):
        values = (SEVERITY_LABELS[finding.severity], finding.message, place(finding))
        for column, value in enumerate(values):
            sheet.write(index, column, value, formats.body)
        sheet.set_row(index, _height(values, widths))
    if not result.findings:
        sheet.write(1, 1, "未发现问题。", formats.body)
    _print(sheet, max(1, len(result.findings)), 2, 0)
