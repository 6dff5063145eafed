"""Write the 填报表: the workbook a finance officer fills in Excel or WPS for one framework."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from jixiao.model.framework import Framework, Node
from jixiao.model.quantity import KIND_LABELS
from jixiao.rules import default_registry, points
from jixiao.render.atomic import write_all
from jixiao.render.xml_text import xml_safe
from jixiao.rules.checklist import ChecklistParams
from jixiao.loaders.template_layout import (
    FIGURE_COLUMNS,
    INFO_FIELDS,
    NARRATIVE_FIELDS,
    NARRATIVE_PREFIX,
    PART_SEPARATOR,
    ROW_COLUMNS,
    SHEET_FIGURES,
    SHEET_GUIDE,
    SHEET_INFO,
    SHEET_ROWS,
    SHEET_SLOTS,
    SLOT_BLANK_ROWS,
    SLOT_COLUMNS,
)

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FONT = Font(name="黑体", bold=True)
BODY_FONT = Font(name="宋体")
WRAP = Alignment(wrap_text=True, vertical="top")
# Which columns of 指标评分 a rule kind reads; the others are greyed out for that row.
INPUTS_BY_KIND = {
    "judgement": {"score", "basis"},
    "target": {"target", "actual", "score", "basis"},
    "checklist": {"unmet", "basis"},
    "deduction": {"deductions", "basis"},
    "bonus": {"deductions", "bonuses", "basis"},
}
ALWAYS = {"reason", "improvement", "exempt", "stated_score", "basis", "score"}


def write_template(framework: Framework, path: Path) -> None:
    workbook = build_template(framework)
    write_all({path: workbook.save})


def build_template(framework: Framework) -> Workbook:
    workbook = Workbook()
    _guide(workbook.active, framework)
    _info(workbook.create_sheet(SHEET_INFO), framework)
    _figures(workbook.create_sheet(SHEET_FIGURES), framework)
    _rows(workbook.create_sheet(SHEET_ROWS), framework)
    if any(node.slot is not None for _, node in framework.walk()):
        _slots(workbook.create_sheet(SHEET_SLOTS), framework)
    _all_text(workbook)
    print_setup(workbook)
    return workbook


def print_setup(workbook: Workbook) -> None:
    """Each sheet printed on A4 (landscape where its columns are wide), one page wide, its header row on every page,
    over the cells it uses. Called again after a sheet is filled (web/rounds/prefill.py), as it may grow."""
    for sheet in workbook.worksheets:
        width = sum(sheet.column_dimensions[get_column_letter(column)].width or 9 for column in range(1, sheet.max_column + 1))
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if width > 100 else "portrait"  # A4 portrait holds about 100 width units
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_area = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
        if sheet.title != SHEET_GUIDE:
            sheet.print_title_rows = "1:1"


def _all_text(workbook: Workbook) -> None:
    """The 填报表 has no formulas of its own: names and notes from a framework file that start
    with "=" (a HYPERLINK, a DDE call) are stored as the text they are, never as formulas."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _list_validation(items: list[str]) -> DataValidation | None:
    """A drop-down of the given names, or none when a name cannot be listed safely (a comma or a
    quote would break the list, and Excel refuses lists longer than 255 characters)."""
    joined = ",".join(items)
    if not items or any("," in item or '"' in item for item in items) or len(joined) > 255:
        return None
    return DataValidation(type="list", formula1=f'"{joined}"', allow_blank=True)


def _header(sheet, headers: list[tuple[str, int]]) -> None:
    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "B2"


def _guide(sheet, framework: Framework) -> None:
    sheet.title = SHEET_GUIDE
    lines = [
        f"部门整体支出绩效自评填报表 —— {framework.name}（{framework.id}）",
        "",
        "填报步骤：",
        f"1.“{SHEET_INFO}”：填写部门名称、年度、金额单位；“指标体系”一格由模板生成，请勿修改。",
        f"2.“{SHEET_FIGURES}”：逐项填写黄色的“填报值”。金额可直接写数字（按金额单位理解），也可写“7,621.05万元”；比率写“99.8%”；数量写“24”。",
        "   比率类的派生数据（预算执行率等）由 jixiao 按公式自动计算；如填写，视为报告所列数值并与计算值核对。",
        f"3.“{SHEET_ROWS}”：按每行的评分方式填写：",
        "   · 酌情评分：填“评定得分”和“评分依据”（必填）；",
        "   · 评分要点：在“未达到的评分要点”中填写未达到要点的序号（如 3,4），全部达到则不填；",
        "   · 逐项扣分 / 加减分：每行写一项事项；",
        "   · 目标值对照：填“年度指标值”和“实际完成值”；未达到目标时默认按比例得分，也可填评定得分并写明依据；",
        "   · 比率、分档、完成比例、季度进度、超限扣分：由“数据”表自动计算，无需填分。",
        "   失分的指标请填写“未达标原因”和“改进措施”；免于扣分的须写明理由。",
        f"4.“{SHEET_SLOTS}”（如有）：填写部门整体绩效目标中的个性指标，每行一项，同一位置的分值合计须等于该位置的分值。",
        "5. 保存后运行：jixiao evaluate 本文件.xlsx",
    ]
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=xml_safe(text))
        cell.font = Font(name="黑体", bold=True, size=14) if row == 1 else BODY_FONT
    sheet.column_dimensions["A"].width = 120


def _info(sheet, framework: Framework) -> None:
    _header(sheet, [("项目", 16), ("填写内容", 50), ("说明", 60)])
    for row, (label, key, note) in enumerate(INFO_FIELDS, start=2):
        sheet.cell(row=row, column=1, value=label).font = BODY_FONT
        value = sheet.cell(row=row, column=2, value=framework.id if key == "framework" else None)
        value.fill = INPUT_FILL
        sheet.cell(row=row, column=3, value=note).font = BODY_FONT
        if key == "unit":
            validation = DataValidation(type="list", formula1='"元,万元,亿元"', allow_blank=True)
            sheet.add_data_validation(validation)
            validation.add(value)
        if key == "year":
            validation = DataValidation(type="whole", operator="between", formula1="1990", formula2="2100")
            validation.error = "年度应为 1990 至 2100 之间的整数"
            sheet.add_data_validation(validation)
            validation.add(value)
    start = len(INFO_FIELDS) + 2
    for offset, key in enumerate(NARRATIVE_FIELDS):
        sheet.cell(row=start + offset, column=1, value=NARRATIVE_PREFIX + key).font = BODY_FONT
        cell = sheet.cell(row=start + offset, column=2)
        cell.fill, cell.alignment = INPUT_FILL, WRAP
        sheet.cell(row=start + offset, column=3, value="报告正文用，可不填").font = BODY_FONT


def used_figures(framework: Framework) -> list[str]:
    """Raw figures the rules need, directly or through derived formulas, in framework order."""
    registry = default_registry()
    wanted: list[str] = []

    def need(figure: str) -> None:
        if figure in wanted:
            return
        derived = framework.derived.get(figure)
        if derived is not None:
            for name in sorted(derived.formula.names):
                need(name)
        wanted.append(figure)

    for _, node in framework.walk():
        if node.rule is not None:
            for figure in registry.figures_used(node.rule):
                need(figure)
    return wanted


def _figures(sheet, framework: Framework) -> None:
    _header(sheet, [(t, w) for t, w in zip(FIGURE_COLUMNS, (18, 28, 8, 18, 60))])
    used = used_figures(framework)
    raw_used = [f for f in used if f in framework.figures]
    others = [f for f in framework.figures if f not in used]
    derived = list(framework.derived)
    row = 2
    for block, keys in (("评分用数据", raw_used), ("派生数据（自动计算，填写则视为报告所列数值）", derived), ("其他数据（供复核检查，可不填）", others)):
        sheet.cell(row=row, column=1, value=block).font = HEADER_FONT
        row += 1
        for key in keys:
            definition = framework.figures.get(key) or framework.derived[key]
            note = f"= {framework.derived[key].formula.shown}" if key in framework.derived else definition.note
            for column, value in enumerate((key, definition.name, KIND_LABELS[definition.kind], None, note), start=1):
                sheet.cell(row=row, column=column, value=xml_safe(value)).font = BODY_FONT
            cell = sheet.cell(row=row, column=4)
            cell.fill = INPUT_FILL
            cell.number_format = "0.00%" if definition.kind == "percent" else ("#,##0.00" if definition.kind == "money" else "General")
            row += 1


def _standard_text(node: Node, rule) -> str:
    if isinstance(rule.params, ChecklistParams):
        return "\n".join(f"{i}. {c.name}（{points(c.points)}分）" for i, c in enumerate(rule.params.criteria, start=1))
    return node.standard


def _rows(sheet, framework: Framework) -> None:
    _header(sheet, [(title, width) for title, _key, width in ROW_COLUMNS])
    registry = default_registry()
    row = 2
    for path, node in framework.walk():
        if not node.is_leaf or node.rule is None:
            continue
        entries = [("/".join(path), node.weight, node.rule, _standard_text(node, node.rule))]
        parts = getattr(node.rule.params, "parts", ())
        for part in parts:
            entries.append(("/".join(path) + PART_SEPARATOR + part.name, part.points, part.rule, _standard_text(node, part.rule) if hasattr(part.rule.params, "criteria") else ""))
        for label, weight, rule, standard in entries:
            kind = registry.get(rule.kind)
            inputs = INPUTS_BY_KIND.get(rule.kind, set()) | ALWAYS
            values = (label, float(weight), kind.label if kind else rule.kind, standard)
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=xml_safe(value))
                cell.font, cell.alignment = BODY_FONT, WRAP
            for column, (_title, key, _width) in enumerate(ROW_COLUMNS, start=1):
                if key is not None:
                    cell = sheet.cell(row=row, column=column)
                    cell.alignment = WRAP
                    if key in inputs and rule.kind != "sum_of_parts":
                        cell.fill = INPUT_FILL
                    if key == "unmet":
                        cell.number_format = "@"  # text: Excel would read a typed “3,4” as the number 34
            score_cell = sheet.cell(row=row, column=[k for _t, k, _w in ROW_COLUMNS].index("score") + 1)
            validation = DataValidation(type="decimal", operator="between", formula1=str(-weight if node.bonus else 0), formula2=str(weight), allow_blank=True)
            validation.error = f"评定得分应在 0 至 {points(weight)} 之间"
            sheet.add_data_validation(validation)
            validation.add(score_cell)
            row += 1


def _slots(sheet, framework: Framework) -> None:
    _header(sheet, [(title, width) for title, _key, width in SLOT_COLUMNS])
    slots = [(path, node) for path, node in framework.walk() if node.slot is not None]
    groups = sorted({g for _, node in slots for g in node.slot.groups})  # type: ignore[union-attr]
    notes = "；".join(f"{path[-1]} 共 {points(node.weight)} 分" + (f"（类别：{'、'.join(node.slot.groups)}）" if node.slot.groups else "") for path, node in slots)  # type: ignore[union-attr]
    sheet.cell(row=2, column=1, value=xml_safe(f"说明：{notes}。每行一项个性指标，分值合计须等于所属位置的分值。")).font = BODY_FONT
    slot_list = _list_validation([path[-1] for path, _ in slots])
    met_list = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    group_list = _list_validation(groups)
    for validation in (slot_list, met_list, group_list):
        if validation is not None:
            sheet.add_data_validation(validation)
    keys = [key for _t, key, _w in SLOT_COLUMNS]
    for row in range(3, 3 + SLOT_BLANK_ROWS):
        for column in range(1, len(SLOT_COLUMNS) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.fill, cell.alignment = INPUT_FILL, WRAP
        if slot_list is not None:
            slot_list.add(sheet.cell(row=row, column=keys.index("slot") + 1))
        met_list.add(sheet.cell(row=row, column=keys.index("met") + 1))
        if group_list is not None:
            group_list.add(sheet.cell(row=row, column=keys.index("group") + 1))
