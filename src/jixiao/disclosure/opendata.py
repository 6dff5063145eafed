"""Open data of a publication: one record per published unit, written as CSV, JSON (schema in docs/disclosure.md) or xlsx.

A withheld unit (涉密 or otherwise not for publication) is a record with withheld = true, its reason, and no scores
or files: excluded by an explicit flag, never by leaving it out. Amounts and scores are exact decimal strings.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import xlsxwriter

SCHEMA = "https://jixiao.example/schema/disclosure-1.json"  # a name for the format, described in docs/disclosure.md
VERSION = 1


@dataclass(frozen=True)
class PublishedFileRecord:
    kind: str  # report_pdf / scoresheet
    filename: str
    sha256: str
    size: int
    url: str


@dataclass(frozen=True)
class UnitRecord:
    department: str
    unit: str
    budget: str | None  # 元
    spent: str | None  # 元
    self_score: str | None
    reviewed_score: str | None
    final_score: str | None
    grade: str
    withheld: bool = False
    withheld_reason: str = ""
    url: str = ""
    files: tuple[PublishedFileRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PublicationRecord:
    id: int
    region: str
    year: int
    title: str
    published_at: str  # ISO 8601
    place: str
    withdrawn_at: str | None
    withdrawn_reason: str
    url: str


COLUMNS = ("主管部门", "预算单位", "预算数（元）", "执行数（元）", "自评分数", "复核分数", "最终得分", "等级", "是否公开", "不予公开理由", "自评报告SHA256", "页面")


def _safe(text: str) -> str:
    """A spreadsheet opening the CSV must not run a name or reason as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(record: UnitRecord) -> list[str]:
    report = next((f.sha256 for f in record.files if f.kind == "report_pdf"), "")
    return [record.department, record.unit, record.budget or "", record.spent or "", record.self_score or "", record.reviewed_score or "",
            record.final_score or "", record.grade, "否" if record.withheld else "是", record.withheld_reason, report, record.url]


def to_csv(units: list[UnitRecord]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in units:
        row = _row(record)
        # amounts are ours (decimal strings, may start with "-"): only the text fields are guarded
        writer.writerow([_safe(v) if i in (0, 1, 7, 9, 11) else v for i, v in enumerate(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(publication: PublicationRecord, units: list[UnitRecord]) -> bytes:
    document = {
        "$schema": SCHEMA, "version": VERSION,
        "publication": publication.__dict__,
        "units": [
            {
                "department": u.department, "unit": u.unit, "withheld": u.withheld, "withheld_reason": u.withheld_reason,
                **({} if u.withheld else {
                    "budget": u.budget, "spent": u.spent, "self_score": u.self_score, "reviewed_score": u.reviewed_score,
                    "final_score": u.final_score, "grade": u.grade, "url": u.url, "files": [f.__dict__ for f in u.files],
                }),
            }
            for u in units
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(title: str, units: list[UnitRecord]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True})
    sheet = book.add_worksheet("公开数据")
    sheet.write_string(0, 0, title)
    for column, text in enumerate(COLUMNS):
        sheet.write_string(1, column, text)
    for index, record in enumerate(units, start=2):
        for column, value in enumerate(_row(record)):
            sheet.write_string(index, column, value)  # exact decimals as text, never a float or a formula
    book.close()
    return buffer.getvalue()
