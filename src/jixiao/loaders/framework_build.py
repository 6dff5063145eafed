"""Build a Framework from its raw tree (from YAML or xlsx) and validate it.

Both file formats produce the same raw mapping; this module turns it into the domain
model and collects every problem with its place: weights that do not add up, a leaf
without a rule, duplicate names, an unknown rule kind or parameter, a bad formula.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.formula import FormulaError, compile_formula, mixed_kinds
from jixiao.model.framework import DEFAULT_GRADES, DerivedDef, FigureDef, Framework, Node, Rounding, Slot, framework_id_problem, name_problem, points_problem
from jixiao.model.quantity import format_count
from jixiao.model.result import Where
from jixiao.loaders.pydantic_messages import validation_messages
from jixiao.rules import RuleRegistry, RuleSpecError
from jixiao.rules.params import Points

# Locate a raw loc (path of keys) in the source: returns a Where.
Locator = Callable[[tuple], Where]


class RawFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    kind: Literal["money", "percent", "count"]
    note: str = ""


class RawDerived(RawFigure):
    formula: str


class RawSlot(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: dict[str, Any] = Field(default_factory=lambda: {"kind": "target"})
    groups: list[str] = []


class RawNode(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    weight: Points
    explanation: str = ""
    standard: str = ""
    rule: dict[str, Any] | None = None
    slot: RawSlot | None = None
    bonus: bool = False
    children: list["RawNode"] = []


class RawGrade(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grade: str
    min: Points


class RawRounding(BaseModel):
    model_config = ConfigDict(extra="forbid")
    places: int = Field(default=2, ge=0, le=6)
    mode: Literal["half_up", "half_even"] = "half_up"


class RawFramework(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str
    total: Points = Decimal(100)
    description: str = ""
    source: str = ""
    levels: list[str] = ["一级指标", "二级指标", "三级指标"]
    grades: list[RawGrade] | None = None
    rounding: RawRounding = RawRounding()
    common_figures: bool = True
    figures: dict[str, RawFigure] = {}
    derived: dict[str, RawDerived] = {}
    indicators: list[RawNode] = Field(min_length=1)
    project: dict[str, Any] | None = None  # a project 自评表's settings (jixiao.projects.settings)


def build_framework(
    raw: dict, locate: Locator, registry: RuleRegistry, common: dict | None = None, source: str = ""
) -> Framework:
    """Validate and build; raises InputError listing every problem found."""
    try:
        spec = RawFramework.model_validate(raw)
    except ValidationError as error:
        raise InputError([Problem(locate(loc), message) for loc, message in validation_messages(error)]) from None
    problems: list[Problem] = []
    figures, derived_raw = _figure_tables(spec, common)
    derived = _compile_derived(derived_raw, figures, locate, problems)
    order = _derived_order(derived, locate, problems)
    nodes = tuple(_build_node(n, ("indicators", i), registry, locate, problems) for i, n in enumerate(spec.indicators))
    framework = Framework(
        id=spec.id,
        name=spec.name,
        total=spec.total,
        nodes=nodes,
        figures=figures,
        derived=derived,
        derived_order=order,
        grades=tuple((g.grade, g.min) for g in sorted(spec.grades, key=lambda g: -g.min)) if spec.grades else DEFAULT_GRADES,
        rounding=Rounding(spec.rounding.places, spec.rounding.mode),
        levels=tuple(spec.levels),
        description=spec.description,
        source=source,
        project=_project_settings(spec, nodes, locate, problems),
    )
    _check_tree(framework, spec, registry, locate, problems)
    _check_grades(spec, locate, problems)
    if problems:
        raise InputError(problems)
    return framework


def _project_settings(spec: RawFramework, nodes: tuple[Node, ...], locate: Locator, problems: list[Problem]):
    if spec.project is None:
        return None
    from jixiao.projects.settings import build_settings

    settings, found = build_settings(spec.project, {node.name: node.weight for node in nodes}, validation_messages)
    problems.extend(Problem(locate(loc), message) for loc, message in found)
    return settings


def _check_grades(spec: RawFramework, locate: Locator, problems: list[Problem]) -> None:
    """Every total from 0 to full marks gets exactly one grade: bands are [min, next band's min)."""
    if spec.grades is None:
        return
    if not spec.grades:
        problems.append(Problem(locate(("grades",)), "等级（grades）不能为空：不写则使用默认的 优 ≥90、良 ≥80、中 ≥60、差"))
        return
    names: dict[str, int] = {}
    mins: dict[Decimal, int] = {}
    for index, band in enumerate(spec.grades):
        where = locate(("grades", index))
        if not band.grade.strip():
            problems.append(Problem(locate(("grades", index, "grade")), "等级名称不能为空"))
        if band.grade in names:
            problems.append(Problem(where, f"等级“{band.grade}”重复（另见 grades 第 {names[band.grade] + 1} 项）"))
        names.setdefault(band.grade, index)
        if not band.min.is_finite():
            problems.append(Problem(locate(("grades", index, "min")), f"等级“{band.grade}”的下限“{band.min}”不是有限的数值"))
            continue
        if band.min in mins:
            other = spec.grades[mins[band.min]].grade
            problems.append(Problem(locate(("grades", index, "min")), f"等级“{band.grade}”与“{other}”的下限同为 {format_count(band.min)}，两档重叠，其中一档永远得不到"))
        mins.setdefault(band.min, index)
        if band.min > spec.total:
            problems.append(Problem(locate(("grades", index, "min")), f"等级“{band.grade}”的下限 {format_count(band.min)} 高于总分 {format_count(spec.total)}，永远得不到"))
    finite = [(band.min, index) for index, band in enumerate(spec.grades) if band.min.is_finite()]
    if finite and (lowest := min(finite))[0] > 0:
        band = spec.grades[lowest[1]]
        problems.append(
            Problem(
                locate(("grades", lowest[1], "min")),
                f"最低一档“{band.grade}”的下限为 {format_count(band.min)}，0 至 {format_count(band.min)} 分没有对应的等级：最低一档的 min 应为 0",
            )
        )


def _figure_tables(spec: RawFramework, common: dict | None) -> tuple[dict[str, FigureDef], dict[str, RawDerived]]:
    raw_figures: dict[str, RawFigure] = {}
    raw_derived: dict[str, RawDerived] = {}
    if spec.common_figures and common:
        raw_figures.update({k: RawFigure.model_validate(v) for k, v in common.get("figures", {}).items()})
        raw_derived.update({k: RawDerived.model_validate(v) for k, v in common.get("derived", {}).items()})
    raw_figures.update(spec.figures)
    raw_derived.update(spec.derived)
    figures = {k: FigureDef(k, v.name, v.kind, v.note) for k, v in raw_figures.items() if k not in raw_derived}
    return figures, raw_derived


def _compile_derived(
    raw: dict[str, RawDerived], figures: dict[str, FigureDef], locate: Locator, problems: list[Problem]
) -> dict[str, DerivedDef]:
    out = {}
    for key, item in raw.items():
        where = locate(("derived", key, "formula"))
        try:
            formula = compile_formula(item.formula)
        except FormulaError as error:
            problems.append(Problem(where, f"派生数据“{key}”：{error}"))
            continue
        unknown = sorted(n for n in formula.names if n not in figures and n not in raw)
        if unknown:
            problems.append(Problem(where, f"派生数据“{key}”的公式引用了未定义的数据项：{'、'.join(unknown)}"))
            continue
        mixed = mixed_kinds(formula, lambda n: figures[n].kind if n in figures else raw[n].kind)
        if mixed is not None:
            problems.append(Problem(where, f"派生数据“{key}”：{mixed}"))
            continue
        out[key] = DerivedDef(key, item.name, item.kind, formula, where)
    return out


def _derived_order(derived: dict[str, DerivedDef], locate: Locator, problems: list[Problem]) -> tuple[str, ...]:
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(key: str, trail: tuple[str, ...]) -> None:
        if state.get(key) == "done":
            return
        if state.get(key) == "visiting":
            problems.append(Problem(derived[key].where, f"派生数据循环引用：{' → '.join(trail + (key,))}"))
            return
        state[key] = "visiting"
        for name in sorted(derived[key].formula.names):
            if name in derived:
                visit(name, trail + (key,))
        state[key] = "done"
        order.append(key)

    for key in derived:
        visit(key, ())
    return tuple(order)


def _build_node(raw: RawNode, loc: tuple, registry: RuleRegistry, locate: Locator, problems: list[Problem]) -> Node:
    where = locate(loc)
    rule = slot = None
    if raw.rule is not None:
        rule = _compile_rule(raw.rule, loc + ("rule",), raw.name, registry, locate, problems)
    if raw.slot is not None:
        slot_rule = _compile_rule(raw.slot.rule, loc + ("slot", "rule"), raw.name, registry, locate, problems)
        if slot_rule is not None:
            slot = Slot(slot_rule, tuple(raw.slot.groups))
    children = tuple(_build_node(c, loc + ("children", i), registry, locate, problems) for i, c in enumerate(raw.children))
    return Node(raw.name, raw.weight, children, raw.explanation, raw.standard, rule, slot, raw.bonus, where)


def _compile_rule(raw: dict, loc: tuple, name: str, registry: RuleRegistry, locate: Locator, problems: list[Problem]):
    try:
        return registry.compile(raw)
    except RuleSpecError as error:
        problems.append(Problem(locate(loc + error.loc), f"指标“{name}”的评分规则：{error.message}"))
        return None


def _total_problem(framework: Framework) -> str | None:
    """Full marks must be above 0; 0 only for a framework whose every row is 不适用 (scores 0 of 0)."""
    if framework.total > 0:
        return None
    leaves = [node for _path, node in framework.walk() if not node.children]
    if framework.total == 0 and leaves and all(node.rule is not None and node.rule.kind == "not_applicable" for node in leaves):
        return None
    return f"总分须大于 0（当前为 {format_count(framework.total)}；只有全部指标都不适用时才可为 0）"


def _check_tree(framework: Framework, spec: RawFramework, registry: RuleRegistry, locate: Locator, problems: list[Problem]) -> None:
    top = sum((n.weight for n in framework.nodes), Decimal(0))
    if top != framework.total:
        problems.append(Problem(locate(("indicators",)), f"一级指标分值合计 {format_count(top)}，与总分 {format_count(framework.total)} 不符"))
    seen: dict[tuple[str, ...], Where] = {}
    known_figures = set(framework.figures) | set(framework.derived)
    checked = (
        ("id", framework_id_problem(framework.id)),
        ("name", name_problem(framework.name, "指标体系名称")),
        ("total", points_problem(framework.total, "总分") or _total_problem(framework)),
    )
    for key, message in checked:
        if message is not None:
            problems.append(Problem(locate((key,)), message))
    for path, node in framework.walk():
        label = "/".join(path)
        if (message := name_problem(node.name) or points_problem(node.weight)) is not None:
            problems.append(Problem(node.where, message))
        if node.weight < 0:
            problems.append(Problem(node.where, f"指标“{label}”的分值不能为负数"))
        if node.children and node.slot is not None:
            problems.append(Problem(node.where, f"指标“{label}”既有下级指标又是个性指标位置（slot），只能二选一"))
        if path in seen:
            problems.append(Problem(node.where, f"同一上级下的指标名称“{node.name}”重复（另见 {seen[path].describe()}）"))
        seen[path] = node.where
        if node.children:
            subtotal = sum((c.weight for c in node.children), Decimal(0))
            if subtotal != node.weight:
                problems.append(
                    Problem(node.where, f"指标“{label}”的下级指标分值合计 {format_count(subtotal)}，与其分值 {format_count(node.weight)} 不符")
                )
            if node.rule is not None:
                problems.append(Problem(node.where, f"指标“{label}”有下级指标，不应再设评分规则"))
            continue
        if node.slot is None and node.rule is None:
            problems.append(Problem(node.where, f"末级指标“{label}”缺少评分规则（rule）"))
        rule = node.rule or (node.slot.rule if node.slot else None)
        if rule is None:
            continue
        if node.rule is not None:
            for message in registry.check_weight(rule, node.weight):
                problems.append(Problem(node.where, f"指标“{label}”：{message}"))
        for figure in registry.figures_used(rule):
            if figure not in known_figures:
                problems.append(Problem(node.where, f"指标“{label}”的评分规则引用了未定义的数据项“{figure}”"))
        for figure in registry.rates_used(rule):
            if figure in known_figures and framework.figure_kind(figure) != "percent":
                problems.append(Problem(node.where, f"指标“{label}”的评分规则把数据项“{framework.figure_name(figure)}”当作比率使用，而它不是比率（kind: percent）"))
