"""What an evaluation produces: scored rows, findings with where, total and grade."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterator, Mapping, NamedTuple

from jixiao.model.quantity import Pair, Quantity, exact_of_pair

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
UNSCORED_LABEL = "未列得分"  # shown in documents where a row's score is the 0 placeholder for a score the report left out


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


# Findings and subtotals are made many times per department: immutable by convention and hashable,
# but not frozen, whose __init__ is three times slower.
@dataclass(slots=True, unsafe_hash=True)
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


class RowResult:
    """One scored leaf (三级指标, or a department's own row under a slot).

    `basis` (评分依据) may be given as a function: it is written the first time it is read
    (shown, written to a document, checked) and then kept, so every reader gets the same text.
    Treat a RowResult as immutable.
    """

    __slots__ = ("path", "weight", "score", "_basis", "rule", "stated_score", "target", "actual", "reason", "improvement", "bonus", "unscored")

    def __init__(
        self,
        path: tuple[str, ...],
        weight: Decimal,
        score: Decimal,
        basis: str | Callable[[], str],
        rule: str,
        stated_score: Decimal | None = None,
        target: str | None = None,
        actual: str | None = None,
        reason: str | None = None,  # 未达标原因
        improvement: str | None = None,  # 改进措施
        bonus: bool = False,
        unscored: bool = False,  # 未列得分: the score is a placeholder 0, not a judgement
    ):
        self.path, self.weight, self.score, self._basis, self.rule = path, weight, score, basis, rule
        self.stated_score, self.target, self.actual = stated_score, target, actual
        self.reason, self.improvement, self.bonus, self.unscored = reason, improvement, bonus, unscored

    @property
    def basis(self) -> str:
        text = self._basis
        if not isinstance(text, str):
            text = self._basis = text()
        return text

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score if not (self.bonus or self.unscored) else Decimal(0)

    def _fields(self) -> tuple:
        return (self.path, self.weight, self.score, self.basis, self.rule, self.stated_score, self.target, self.actual, self.reason, self.improvement, self.bonus, self.unscored)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RowResult) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"RowResult(path={self.path!r}, weight={self.weight!r}, score={self.score!r}, basis={self.basis!r}, rule={self.rule!r})"

    def __reduce__(self):  # to another process with its text written, not the function that writes it
        return (RowResult, self._fields())


class FigureTexts(Mapping[str, str]):
    """Each figure as shown in a 评分依据 (`7,621.05 万元`, `99.80%`), written when first asked for."""

    __slots__ = ("_values", "_texts")

    def __init__(self, values: Mapping[str, object]):
        self._values = values
        self._texts: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self._values[key].display()  # type: ignore[attr-defined]
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self):
        return (dict, (dict(self),))


class FigureValues(Mapping[str, Quantity]):
    """A department's figures as its rows were scored with them: given ones as written, derived ones computed.

    Every value is held exactly as an integer pair (`pairs`, what the scoring plan's quick functions
    read); a computed figure becomes a Quantity only when someone asks for it (a check, a 评分依据, a
    document), and is then kept. Given figures are the facts' own Quantity objects.
    """

    __slots__ = ("pairs", "_given", "_computed")

    def __init__(self, pairs: dict[str, Pair], given: Mapping[str, object], computed: dict[str, object]):
        self.pairs = pairs  # every figure, in order: the given ones, then the derived ones
        self._given = given  # the facts' figures: key -> FigureValue (with .quantity)
        self._computed = computed  # each computed figure's kind until it is asked for, then its Quantity

    def __getitem__(self, key: str) -> Quantity:
        if key not in self.pairs:
            raise KeyError(key)
        made = self._computed.get(key)
        if made is None:
            return self._given[key].quantity  # type: ignore[attr-defined]
        if type(made) is str:
            made = self._computed[key] = Quantity.of_exact(made, exact_of_pair(self.pairs[key]))
        return made  # type: ignore[return-value]

    def get(self, key: str, default=None):  # type: ignore[override]  # without Mapping.get's KeyError round trip
        return self[key] if key in self.pairs else default

    def __contains__(self, key: object) -> bool:
        return key in self.pairs

    def __iter__(self) -> Iterator[str]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def keys(self):  # type: ignore[override]  # the dict's own view: set tests (isdisjoint, &) at C speed
        return self.pairs.keys()

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self):  # to another process as a plain dict of quantities
        return (dict, (dict(self),))


class NodeResult(NamedTuple):
    """A parent row with its subtotal (sum of its children's rounded scores).

    A named tuple: a dozen per department, and cheaper to make than a frozen dataclass.
    """

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
    figures: Mapping[str, str] = field(default_factory=dict)  # FigureTexts from the engine
    # The figures as quantities (raw and derived) that the rows were scored with; for checks (FigureValues from the engine).
    values: Mapping[str, Quantity] = field(default_factory=dict, repr=False, compare=False)

    @property
    def incomplete(self) -> int:
        """How many rows the report left unscored (未列得分): the total and grade leave them out."""
        return sum(1 for row in self.rows if row.unscored)

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
                    **({"score_missing": True} if row.unscored else {}),
                }
                for row in self.rows
            ],
            "subtotals": [
                {"path": list(node.path), "weight": float(node.weight), "score": float(node.score)} for node in self.nodes
            ],
            "figures": dict(self.figures),
            "findings": [finding.as_dict() for finding in self.findings],
            **({"incomplete": self.incomplete} if self.incomplete else {}),
        }
