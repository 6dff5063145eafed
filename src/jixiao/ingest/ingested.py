"""What ingesting a published report gives: its rows as printed, figures, places and notes (made by ingest/report.py
and, for a 项目支出绩效自评表, ingest/project_facts.py: a module of its own so neither imports the other)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.narrative import Found
from jixiao.model.result import Where
from jixiao.model.stated_claims import StatedClaim
from jixiao.model.stated_tables import StatedRow


@dataclass
class IngestedRow:
    path: tuple[str, ...]
    weight: Decimal
    score: Decimal | None
    where: Where | None
    target: str | None = None
    actual: str | None = None
    explanation: str = ""
    basis: str = ""
    bonus: bool = False


@dataclass
class IngestedReport:
    source: str
    department: str | None
    year: int | None
    report_date: str | None
    stated_total: Decimal | None
    stated_grade: str | None
    rows: list[IngestedRow]
    figures: dict[str, list[Found]]
    places: dict[str, Where]
    parent_weights: dict[tuple[str, ...], Decimal] = field(default_factory=dict)  # as printed in the table
    notes: list[tuple[str, Where | None]] = field(default_factory=list)
    framework_id: str | None = None
    stated_rows: list[StatedRow] = field(default_factory=list)  # 汇总表 and 预算资金 rows as printed
    claims: list[StatedClaim] = field(default_factory=list)  # relations its sentences state (ingest/claims.py)
    table_complete: bool = True  # False: the scoring table stops before its 总分 row
    project: object = None  # a 项目支出绩效自评表 (ingest/project_table.ProjectTable): rows and facts come from it

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "department": self.department,
            "year": self.year,
            "report_date": self.report_date,
            "stated_total": None if self.stated_total is None else float(self.stated_total),
            "stated_grade": self.stated_grade,
            "framework": self.framework_id,
            "rows": [
                {
                    "path": list(r.path), "weight": float(r.weight), "score": None if r.score is None else float(r.score),
                    **({"target": r.target, "actual": r.actual} if r.target is not None else {}),
                    "basis": r.basis, "where": r.where.as_dict() if r.where else {},
                }
                for r in self.rows
            ],
            "figures": {
                key: [{"value": f.value.display(), "text": f.text, "where": f.where.as_dict()} for f in found]
                for key, found in self.figures.items()
            },
            "notes": [{"message": m, "where": w.as_dict() if w else {}} for m, w in self.notes],
            "places": {key: where.as_dict() for key, where in self.places.items()},  # department, year, stated_total…
            "tables": [
                {"table": r.table, "label": r.label, "budget": _float(r.budget), "spent": _float(r.spent), "rate": _float(r.rate),
                 "self_score": _float(r.self_score), "reviewed": _float(r.reviewed), "unit": r.unit, "total": r.total,
                 "initial": _float(r.initial), "weight": _float(r.weight), "score": _float(r.score),
                 "where": r.where.as_dict()}
                for r in self.stated_rows
            ],
            **({"project": {"name": self.project.project, "implementer": self.project.implementer}} if self.project is not None else {}),
        }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
