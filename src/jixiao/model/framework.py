"""Indicator frameworks: a tree of weighted indicators, figures, grades and rounding."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any, Iterator

from jixiao.model.formula import Formula
from jixiao.model.result import Where

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
PATH_SEPARATOR = "/"  # facts address a row by its path: 资产管理/管理制度健全性
NAME_SEPARATOR_STANDIN = "／"  # the full-width solidus a name may use instead
MAX_NAME_LENGTH = 200


def name_problem(name: str, what: str = "指标名称") -> str | None:
    """Why a name cannot be used in a framework, or None. A "/" would make the row unaddressable
    in facts files (it separates the levels of a path)."""
    if not name.strip():
        return f"{what}不能为空"
    if len(name) > MAX_NAME_LENGTH:
        return f"{what}过长（{len(name):,} 个字符，上限 {MAX_NAME_LENGTH}）"
    if PATH_SEPARATOR in name and what == "指标名称":
        return f"{what}“{name}”含有“/”，而“/”用于分隔各级指标：请改用全角“{NAME_SEPARATOR_STANDIN}”或其他字符"
    if any(ord(ch) < 32 for ch in name):
        return f"{what}“{name.strip()[:40]}”含有换行或控制字符"
    return None


# A framework id names files and appears in paths and URLs: letters (CJK too), digits, - and _ only.
_SIMPLE_ID = re.compile(r"\w[\w-]*")


def framework_id_problem(framework_id: str) -> str | None:
    """Why an id cannot name a framework (`../../etc`, `a b`), or None."""
    if len(framework_id) > MAX_NAME_LENGTH or not _SIMPLE_ID.fullmatch(framework_id):
        return f"指标体系标识（id）“{framework_id[:40]}”不是简单名称：只能由字母、汉字、数字、- 和 _ 组成（如 shenzhen-2019），且不以 - 开头"
    return None


def simple_id(text: str) -> str:
    """The text made usable as a framework id: each run of other characters becomes "-"."""
    return re.sub(r"[^\w-]+", "-", text).strip("-")[:MAX_NAME_LENGTH] or "x"


MAX_POINTS = Decimal(10_000)


def points_problem(value: Decimal, what: str = "分值") -> str | None:
    """Why a weight or total cannot be used (a framework of 1e400 points cannot be scored or written)."""
    if not value.is_finite() or abs(value) > MAX_POINTS:
        return f"{what}过大（绝对值不应超过 {MAX_POINTS:,}）"
    return None


def addressable_name(name: str) -> str:
    """A name usable in a facts path: "/" becomes the full-width "／" (for names read from reports)."""
    return name.replace(PATH_SEPARATOR, NAME_SEPARATOR_STANDIN)
DEFAULT_GRADES = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)))


@dataclass(frozen=True, slots=True)
class Rounding:
    """Each row's score is rounded to `places`; subtotals and totals are sums of rounded rows."""

    places: int = 2
    mode: str = "half_up"

    def apply(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.places), ROUNDING_MODES[self.mode])


@dataclass(frozen=True, slots=True)
class FigureDef:
    id: str
    name: str
    kind: str  # money | percent | count
    note: str = ""


@dataclass(frozen=True, slots=True)
class DerivedDef:
    id: str
    name: str
    kind: str
    formula: Formula
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule kind plus its validated parameters (and compiled sub-rules, for parts)."""

    kind: str
    params: Any
    # The specification as written (plain mappings, lists and scalars), so a framework can be written
    # back out exactly (jixiao.authoring); not part of the rule's identity.
    spec: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Slot:
    """A branch that a department fills with its own rows (个性指标)."""

    rule: CompiledRule
    groups: tuple[str, ...] = ()  # allowed 二级 names when the slot sits at 一级


@dataclass(frozen=True)
class Node:
    name: str
    weight: Decimal
    children: tuple["Node", ...] = ()
    explanation: str = ""
    standard: str = ""
    rule: CompiledRule | None = None
    slot: Slot | None = None
    bonus: bool = False  # 加减分: the score may be negative and is bounded by ±weight
    where: Where = field(default_factory=Where)

    @property
    def is_leaf(self) -> bool:
        return not self.children and self.slot is None


@dataclass(frozen=True, eq=False)  # identity: a framework is loaded once and shared, so it can key caches
class Framework:
    id: str
    name: str
    total: Decimal
    nodes: tuple[Node, ...]
    figures: dict[str, FigureDef]
    derived: dict[str, DerivedDef]
    derived_order: tuple[str, ...]  # topological: each formula after the figures it uses
    grades: tuple[tuple[str, Decimal], ...] = DEFAULT_GRADES
    rounding: Rounding = Rounding()
    levels: tuple[str, ...] = ("一级指标", "二级指标", "三级指标")
    description: str = ""
    source: str = ""
    project: Any = None  # a project 自评表's settings (jixiao.projects.settings.ProjectSettings), else None

    def walk(self) -> Iterator[tuple[tuple[str, ...], Node]]:
        """Every node with its path, parents before children."""
        return iter(self._walked)

    @functools.cached_property
    def _walked(self) -> tuple[tuple[tuple[str, ...], Node], ...]:
        # Per-framework work done once, not once per department evaluated.
        out: list[tuple[tuple[str, ...], Node]] = []

        def visit(nodes: tuple[Node, ...], prefix: tuple[str, ...]) -> None:
            for node in nodes:
                path = prefix + (node.name,)
                out.append((path, node))
                visit(node.children, path)

        visit(self.nodes, ())
        return tuple(out)

    @functools.cached_property
    def _by_path(self) -> dict[tuple[str, ...], Node]:
        return dict(self._walked)

    def node_at(self, path: tuple[str, ...]) -> Node | None:
        """The node at a full path, from a map built once per framework."""
        return self._by_path.get(path)

    def resolve(self, reference: str, slots: bool = False) -> list[tuple[tuple[str, ...], Node]]:
        """Leaves (or slots) whose path ends with the reference: `财务合规性` or `资产管理/管理制度健全性`.

        A reference that is a whole path joined by "/" is taken as such first, so that a framework
        read from a report, whose names may contain "/", stays addressable."""
        exact = [
            (path, node)
            for path, node in self.walk()
            if (node.slot is not None if slots else node.is_leaf) and PATH_SEPARATOR.join(path) == reference.strip()
        ]
        if exact:
            return exact
        wanted = tuple(part.strip() for part in reference.split(PATH_SEPARATOR) if part.strip())
        return [
            (path, node)
            for path, node in self.walk()
            if (node.slot is not None if slots else node.is_leaf) and wanted and path[-len(wanted) :] == wanted
        ]

    def grade_for(self, total: Decimal) -> str:
        for grade, minimum in self.grades:
            if total >= minimum:
                return grade
        return self.grades[-1][0]

    def figure_kind(self, figure_id: str) -> str | None:
        if figure_id in self.figures:
            return self.figures[figure_id].kind
        if figure_id in self.derived:
            return self.derived[figure_id].kind
        return None

    def figure_name(self, figure_id: str) -> str:
        definition = self.figures.get(figure_id) or self.derived.get(figure_id)
        return definition.name if definition else figure_id
