"""Who, which year, when, the stated total and grade: read from the usual places.

Form fields (评价部门名称, 部门（单位）名称, 单位名称, 填报单位, a table cell "部门" beside its value)
come before titles ("茂名市发展和改革局 2021 年度…自评报告", "2021 年茂名市发展和改革局整体支出…"),
since a title may name only the city ("岳阳市2018年度部门整体支出"). Totals and grades are read
from sentences across line breaks ("自评得分\\n90 分"), so the lines are joined first and each
match is traced back to its line.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.source import Line
from jixiao.model.result import Where

_GRADES = "优秀|优|良好|良|中|合格|差|不合格"
_GRADE_MAP = {"优秀": "优", "良好": "良", "合格": "中", "不合格": "差"}
_FORM_LABEL = r"(?:评价部门名称|部门[（(]单位[）)](?:名称|全称)|单位名称|部门名称|预算部门单位|评价单位|填报单位|预算单位名称|实施单位)"
_NAME = r"([^\s:：，,。；;（(|\[\]]{4,40})"
# A department's name ends like one; a bare place (岳阳市) or a unit of money (万元) does not.
_ORG_END = re.compile(r"(?:局|委|委员会|办|办公室|院|中心|会|厅|室|所|站|队|部|馆|校|学|社|处|团|政府|公司|政协|人大|法院|检察院|机关|本级|队伍|协会|人民政府\S{1,6}[镇乡])$")
# OCR and flattened text run a form's fields together ("名称长沙市雨花区发展和改革局预算编码302001报告日期"):
# a value that does not end like a department is cut after its last department ending that the next field's label
# or a number follows. Budget codes stand before names too ("实施单位 219001-池州市贵池区棠溪镇人民政府").
_NEXT_FIELD = re.compile(r"(?:(?:部门|单位)?(?:预算)?编码|报告日期|填报日期|评价方式|评价机构|联系人|联系电话|主管部门|实施单位|项目名称|项目资金|预算资金|负责人|\d)")
_CODE = r"(?:\d{2,12}\s*[-－—]\s*)?"
_ORG_END_ANYWHERE = re.compile(_ORG_END.pattern.rstrip("$"))
_PLACE_ONLY = re.compile(r"^.{1,8}?(?:省|市|县|区|州|旗|镇|乡)$")
_TOTAL_WITH_UNIT = re.compile(
    r"(?:自评|评价|评分|综合|年度评价)(?:总分|总得分|得分|评分|结果|分数)(?:为|是|达到)?\s*[:：]?\s*(\d{1,3}(?:\.\d{1,2})?)\s*分"
    r"|评分结果为\s*(\d{1,3}(?:\.\d{1,2})?)\s*分"
)
# A table's 总分 row, cells joined: "总分 | 100 | 96 | 优" — 100 is the weights' sum, the number after it the score.
_TOTAL_ROW = re.compile(r"(?:总分|合计)\s+100(?:\.0+)?\s+(\d{1,3}(?:\.\d{1,2})?)(?![\d.%％])(?:\s+(优秀|良好|合格|不合格|优|良|中|差)(?![\u4e00-\u9fff]))?")
_TOTAL_AFTER_HEADING = re.compile(r"自评总分\s*[（(]分[）)]\s*[:：]?\s*(\d{1,3}(?:\.\d{1,2})?)(?![\d.%])")
_GRADE = re.compile(
    rf"(?:评价|自评|绩效)?等级(?:为|是|评定为|：|:)?\s*[“\"「]?({_GRADES})[”\"」]?(?=[。，,；;）)\s]|$)"
    r"|(?:评价|自评)结果为\s*[“\"「]?(优秀|良好|合格|不合格|优|良|中|差)[”\"」]?(?=[。，,；;）)\s]|级|等|$)"
)
_DATE = re.compile(r"(?:填报|报告|编制|评价)日期\s*[:：]?\s*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass
class Header:
    department: str | None = None
    year: int | None = None
    report_date: str | None = None
    stated_total: Decimal | None = None
    stated_grade: str | None = None
    where: dict[str, Where] = field(default_factory=dict)


def squeeze(text: str) -> str:
    """Spaces inside Chinese words out (PDF and OCR text: "自 评任务", "部门决 策"), other spaces kept single."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[\u4e00-\u9fff（）()])\s+(?=[\u4e00-\u9fff（）()])", "", text)


def _org(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip()
    if name.endswith("本级") and len(name) > 6:
        name = name[:-2]
    if _PLACE_ONLY.match(name) or not _ORG_END.search(name):
        return None
    return name


def _run_together(value: str) -> str | None:
    """The department at the start of a value that ran into the next field, or None."""
    for end in sorted((m.end() for m in _ORG_END_ANYWHERE.finditer(value)), reverse=True):
        if _NEXT_FIELD.match(value, end) and _org(value[:end]):
            return _org(value[:end])
    return None


def _department_in_form(line: Line, text: str) -> str | None:
    match = re.search(_FORM_LABEL + r"\s*(?:（公章）|\(公章\))?\s*[:：]?\s*" + _CODE + _NAME, text)
    if match and (_org(match.group(1)) or _run_together(match.group(1))):
        return _org(match.group(1)) or _run_together(match.group(1))
    match = re.match(r"^(?:部门|单位)\s*[:：]\s*" + _NAME, text)
    if match and _org(match.group(1)):
        return _org(match.group(1))
    cells = [squeeze(c) for c in line.cells if c.strip()]
    for label, value in zip(cells, cells[1:]):
        if re.fullmatch(_FORM_LABEL + r"?|部门|单位|部门（单位）|部门\(单位\)", label.rstrip(":：")):
            if _org(value):
                return _org(value)
    return None


_ATTACHMENT = re.compile(r"^(?:附件|附表)\s*[\d一二三四五六七八九十]*\s*[:：、.．]?\s*")


def _department_in_title(text: str) -> str | None:
    title = _ATTACHMENT.sub("", text.lstrip("#* "))  # "附件1：某局2022年度…自评表": the attachment line names no unit
    for pattern in (
        r"^([^\s，,。]{2,40}?)\s*20\d\d\s*年度?.{0,20}(?:自评报告|自评工作报告|评价报告|绩效报告|整体支出|绩效自评|部门决算)",
        r"^20\d\d\s*年度?\s*([^\s，,。]{2,40}?)(?:部门)?整体支出",
        r"经自评\s*[，,]\s*([^\s，,。]{2,40}?)\s*20\d\d\s*年度",
        r"^(?:第[一二三四五六七八九十]+部分\s*)?(?!第[一二三四五六七八九十]+部分|[本我该其全各])([^\s，,。]{4,40}?)(?:概况|基本情况)$",  # "第一部分 洪江市人民政府办公室概况"
    ):
        match = re.search(pattern, title)
        if match and _org(match.group(1)):
            return _org(match.group(1))
    return None


# The 机构设置 section's sentence about the unit itself ("渠县农业综合技术服务中心下设办公室、财务室…"): the unit whose
# offices are listed, read only when no form field or title names the department.
_STRUCTURE = re.compile(r"^(?![本我该其全各])([^\s，,。；;:：]{4,40}?)(?:下设|内设)[^，,。]{0,30}(?:室|科|股|组|部|处|中心)[、，,]")


def _year(text: str) -> int | None:
    match = re.search(r"(20\d\d)\s*年度", text) or re.search(r"(20\d\d)\s*年\s*(?:度)?.{0,30}?(?:整体支出|绩效)|(20\d\d)\s*年部门决算", text)
    return int(next(g for g in match.groups() if g)) if match else None


def read_header(lines: list[Line] | tuple[Line, ...]) -> Header:
    header = Header()
    title_department: tuple[str, Where] | None = None
    joined, starts = [], []
    position = 0
    label_above = False  # a form's label alone on its line, its value on the next (one cell per line)
    structure: tuple[str, Where] | None = None
    above: tuple[str, Where] | None = None  # the name alone on the line before a label alone on its line (OCR order)
    for line in lines:
        text = squeeze(line.text)
        if label_above and header.department is None and text and _org(text) and re.fullmatch(_NAME, text):
            header.department, header.where["department"] = _org(text), line.where
        elif label_above and header.department is None and text and above is not None:
            header.department, header.where["department"] = above  # "新田县教育局" / "部门名称": the value came first
        if text:
            label_above = bool(re.fullmatch(_FORM_LABEL + r"\s*(?:[（(](?:公章|盖章)[）)])?\s*[:：]?", text))
            if not label_above:
                above = (_org(text), line.where) if _org(text) and re.fullmatch(_NAME, text) and not _ATTACHMENT.match(text) else None
        if structure is None and _STRUCTURE.match(text) and _org(_STRUCTURE.match(text).group(1)):  # type: ignore[union-attr]
            structure = (_org(_STRUCTURE.match(text).group(1)), line.where)  # type: ignore[arg-type,union-attr]
        starts.append(position)
        joined.append(text)
        position += len(text) + 1
        if header.department is None:
            found = _department_in_form(line, text)
            if found:
                header.department, header.where["department"] = found, line.where
            elif title_department is None and len(text) <= 80:
                found = _department_in_title(text)
                if found:
                    title_department = (found, line.where)
        if header.year is None:
            year = _year(text)
            if year:
                header.year, header.where["year"] = year, line.where
    if header.department is None and (title_department or structure):
        header.department, header.where["department"] = title_department or structure  # type: ignore[assignment]
    _sentences(header, "\n".join(joined), starts, lines)
    return header


def _sentences(header: Header, text: str, starts: list[int], lines) -> None:
    """Date, total and grade: the first of each in the joined text, located on its line."""
    def where(offset: int) -> Where:
        return lines[max(0, bisect.bisect_right(starts, offset) - 1)].where

    flat = re.sub(r"(?<=[^\d\s])\n(?=\d)|(?<=\d)\n(?=\s*分)", " ", text)  # "自评得分\n90 分" is one sentence
    match = _DATE.search(flat)
    if match:
        header.report_date = f"{match.group(1)}年{int(match.group(2))}月{int(match.group(3))}日"
        header.where["report_date"] = where(match.start())
    totals = [m for m in (_TOTAL_WITH_UNIT.search(flat), _TOTAL_AFTER_HEADING.search(flat), _TOTAL_ROW.search(flat)) if m]
    if totals:
        match = min(totals, key=lambda m: m.start())
        header.stated_total = Decimal(next(g for g in match.groups() if g))
        header.where["stated_total"] = where(match.start())
    row = _TOTAL_ROW.search(flat)
    match = _GRADE.search(flat) or (row if row and row.group(2) else None)
    if match is row and row is not None:  # the grade printed after the 总分 row's score
        header.stated_grade, header.where["stated_grade"] = _GRADE_MAP.get(row.group(2), row.group(2)), where(row.start())
        return
    if match:
        grade = match.group(1) or match.group(2)
        header.stated_grade = _GRADE_MAP.get(grade, grade)
        header.where["stated_grade"] = where(match.start())
