"""What an evaluation produces: scored rows, findings with where, total and grade."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True, slots=True)
class Where:
    """A place in an input: file plus line (YAML) or sheet!cell (xlsx), and a field path."""

    file: str = ""
    line: int | None = None
    cell: str | None = None
    field: str = ""

    def describe(self) -> str:
        parts = [self.file] if self.file else []
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        if self.field:
            parts.append(f"字段“{self.field}”")
        return "，".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in (("file", self.file), ("line", self.line), ("cell", self.cell), ("field", self.field)) if v}


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    code: str
    message: str
    where: Where = field(default_factory=Where)
    path: tuple[str, ...] = ()
    # An input problem that kept a row from being scored as asked (missing figure, no judged score…).
    blocking: bool = False

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"severity": self.severity, "code": self.code, "message": self.message}
        data["where"] = {**self.where.as_dict(), **({"path": list(self.path)} if self.path else {})}
        return data


@dataclass(frozen=True, slots=True)
class RowResult:
    """One scored leaf (三级指标, or a department's own row under a slot)."""

    path: tuple[str, ...]
    weight: Decimal
    score: Decimal
    basis: str
    rule: str
    stated_score: Decimal | None = None
    target: str | None = None
    actual: str | None = None
    reason: str | None = None  # 未达标原因
    improvement: str | None = None  # 改进措施
    bonus: bool = False

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score if not self.bonus else Decimal(0)


@dataclass(frozen=True, slots=True)
class NodeResult:
    """A parent row with its subtotal (sum of its children's rounded scores)."""

    path: tuple[str, ...]
    weight: Decimal
    score: Decimal


@dataclass(frozen=True)
class Evaluation:
    department: str
    year: int
    framework: str
    framework_name: str
    total: Decimal
    grade: str
    rows: tuple[RowResult, ...]
    nodes: tuple[NodeResult, ...]
    findings: tuple[Finding, ...]
    stated_total: Decimal | None = None
    stated_grade: str | None = None
    figures: dict[str, str] = field(default_factory=dict)
    # The figures as quantities (raw and derived) that the rows were scored with; for checks.
    values: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "department": self.department,
            "year": self.year,
            "framework": self.framework,
            "framework_name": self.framework_name,
            "total": float(self.total),
            "grade": self.grade,
            "stated_total": None if self.stated_total is None else float(self.stated_total),
            "stated_grade": self.stated_grade,
            "indicators": [
                {
                    "path": list(row.path),
                    "weight": float(row.weight),
                    "score": float(row.score),
                    "basis": row.basis,
                    "rule": row.rule,
                    "stated_score": None if row.stated_score is None else float(row.stated_score),
                    **({"target": row.target} if row.target is not None else {}),
                    **({"actual": row.actual} if row.actual is not None else {}),
                    **({"reason": row.reason} if row.reason else {}),
                    **({"improvement": row.improvement} if row.improvement else {}),
                }
                for row in self.rows
            ],
            "subtotals": [
                {"path": list(node.path), "weight": float(node.weight), "score": float(node.score)} for node in self.nodes
            ],
            "figures": self.figures,
            "findings": [finding.as_dict() for finding in self.findings],
        }
