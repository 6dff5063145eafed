"""Build a department's Facts from its raw mapping (from YAML or the filled workbook).

Figures are parsed by the kind the framework gives them (金额/比率/数量) with the file's
unit; rows are matched to the framework's indicators by name or path. Every problem is
collected with its place: an unknown figure or indicator, text where a number belongs,
an amount without a unit, a judged score without its basis, slot weights that do not add up.
"""
from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Annotated, Any, Callable, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.facts import Facts, FigureValue, Judged, RowFacts, SlotRow, Statement, total_out_of_range
from jixiao.model.framework import CompiledRule, Framework
from jixiao.model.quantity import Quantity, QuantityError, count_unit_mismatch, format_count, normalise_text, parse_quantity
from jixiao.model.result import Where
from jixiao.loaders.pydantic_messages import validation_messages
from jixiao.rules import default_registry
from jixiao.rules.params import Points

Locator = Callable[[tuple], Where]
SUGGESTIONS = 50  # problems after which unknown names get no nearest-name suggestion
MAX_POINTS = Decimal(10_000)
# Beyond these a value is a slip or an attack, and would overflow rounding further on.
# Bounds both ways keep every ratio of two figures within Decimal's 28 digits when shown.
MAX_MAGNITUDE = {"money": Decimal(10) ** 15, "percent": Decimal(10_000), "count": Decimal(10) ** 12}
# Non-zero values below these are slips (in 元 for amounts: a hundredth of a fen).
MIN_MAGNITUDE = {"money": Decimal("0.0001"), "percent": Decimal("1e-8"), "count": Decimal("0.0001")}


def _points_bound(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) > MAX_POINTS:
        raise ValueError(f"分数过大（绝对值不应超过 {MAX_POINTS:,}）")
    return value


Score = Annotated[Points, AfterValidator(_points_bound)]


def _too_large(quantity) -> str | None:
    if not quantity.value.is_finite() or abs(quantity.value) > MAX_MAGNITUDE[quantity.kind]:
        return "数值过大，不像真实的数据（请检查是否多写了数字或写错了单位）"
    if quantity.value and abs(quantity.value) < MIN_MAGNITUDE[quantity.kind]:
        return "数值过小（小数位过多），不像真实的数据（请检查小数点的位置或单位）"
    return None
TextValue = str | int | Decimal | None


MET_WORDS = {"是": True, "否": False, "已达成": True, "未达成": False}


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return str(value)


class RawRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    score: Score | None = None
    basis: str = ""
    target: TextValue = None
    actual: TextValue = None
    met: bool | None = None
    unmet: list[str | int] = []
    partial: dict[str | int, Score] = {}
    deductions: list[str] = []
    bonuses: list[str] = []
    penalties: list[str] = []
    exempt: str | None = None
    not_applicable: str | None = None
    reason: str | None = None
    improvement: str | None = None
    stated_score: Score | None = None
    score_missing: str | None = None
    parts: dict[str, "RawRow"] = {}

    @field_validator("basis", mode="before")
    @classmethod
    def _basis_text(cls, value: object) -> object:
        return "" if value is None else value

    @field_validator("met", mode="before")
    @classmethod
    def _met_words(cls, value: object) -> object:
        # 是/否 as the 填报表 writes them; anything else is left for the bool check to refuse.
        return MET_WORDS.get(value.strip(), value) if isinstance(value, str) else value


class RawSlotRow(RawRow):
    name: str = Field(min_length=1)
    weight: Score
    group: str | None = None


class RawStatement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Any
    source: str = ""


class RawFacts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: str = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    framework: str = Field(min_length=1)
    unit: Literal["元", "万元", "亿元"] | None = None
    stated_total: Score | None = None
    stated_grade: str | None = None
    reviewed_total: Score | None = None
    figures: dict[str, Any] = {}
    rows: dict[str, RawRow] = {}
    slots: dict[str, list[RawSlotRow]] = {}
    narrative: dict[str, str] = {}
    also_stated: dict[str, list[RawStatement]] = {}


def peek_framework(raw: object) -> str | None:
    """The framework id a raw facts mapping names, before full validation."""
    value = raw.get("framework") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def build_facts(raw: dict, locate: Locator, framework: Framework, source: str = "", typed: bool = False) -> Facts:
    """`typed`: the facts are what a person typed into the fill page's fields, so values nobody can mean
    there (a negative amount, a 评定得分 beyond the row's points) are refused at their field. Elsewhere
    (a published report read by ingest) they stay for the checks and the engine to report as findings."""
    try:
        spec = RawFacts.model_validate(raw)
    except ValidationError as error:
        raise InputError([Problem(locate(loc), message) for loc, message in validation_messages(error)]) from None
    problems: list[Problem] = []
    figures = _figures(spec, framework, locate, problems)
    rows = _rows(spec, framework, locate, problems)
    slots = _slots(spec, framework, locate, problems)
    if typed:
        _typed_bounds(spec, framework, figures, locate, problems)
    also_stated = _also_stated(spec, framework, locate, problems)
    _totals(spec, framework, locate, problems)
    if problems:
        raise InputError(problems)
    return Facts(
        department=spec.department,
        year=spec.year,
        framework=spec.framework,
        figures=figures,
        rows=rows,
        slots=slots,
        money_unit=spec.unit,
        stated_total=spec.stated_total,
        stated_grade=spec.stated_grade,
        reviewed_total=spec.reviewed_total,
        source=source,
        where=locate(()),
        narrative=dict(spec.narrative),
        also_stated=also_stated,
        places={key: locate((key,)) for key in ("department", "year", "framework", "unit", "stated_total", "stated_grade", "reviewed_total") if key in raw},
    )


def _typed_bounds(spec: RawFacts, framework: Framework, figures: dict[str, FigureValue], locate: Locator, problems: list[Problem]) -> None:
    """What a person cannot mean when typing: an amount or count below zero, a 评定得分 outside its row's points."""
    for key, stated in figures.items():
        # Derived figures are left out: a stated difference (调整后预算 − 年初预算) may well be negative.
        if key in framework.figures and stated.quantity.kind in ("money", "count") and stated.quantity.value < 0:
            problems.append(Problem(stated.where, f"{framework.figure_name(key)}不能为负数（填的是 {_as_text(spec.figures[key])}）"))
    for key, raw in spec.rows.items():
        matches = framework.resolve(str(key))
        if raw.score is not None and len(matches) == 1:
            node = matches[0][1]
            _score_within(raw.score, -node.weight if node.bonus else Decimal(0), node.weight, locate(("rows", key, "score")), problems)
    for key, rows in spec.slots.items():
        for index, raw in enumerate(rows):
            if raw.score is not None and raw.weight >= 0:
                _score_within(raw.score, Decimal(0), raw.weight, locate(("slots", key, index, "score")), problems)


def _score_within(score: Decimal, low: Decimal, high: Decimal, where: Where, problems: list[Problem]) -> None:
    if score.is_finite() and not low <= score <= high:
        problems.append(Problem(where, f"评定得分 {format_count(score)} 超出本指标的分值范围（{format_count(low)} 至 {format_count(high)} 分）"))


def _totals(spec: RawFacts, framework: Framework, locate: Locator, problems: list[Problem]) -> None:
    """A 复核分数 outside what the framework allows would go into the 汇总表 as if it were real.

    A stated total out of range is the published report's own slip: the check stated-total-out-of-range
    reports it; only one that is no number at all is refused here.
    """
    if spec.reviewed_total is not None and (message := total_out_of_range(spec.reviewed_total, framework)):
        problems.append(Problem(locate(("reviewed_total",)), f"复核分数（reviewed_total）{message}"))
    if spec.stated_total is not None and not spec.stated_total.is_finite():
        problems.append(Problem(locate(("stated_total",)), f"自评总分（stated_total）“{spec.stated_total}”不是有限的数值"))


def _figures(spec: RawFacts, framework: Framework, locate: Locator, problems: list[Problem]) -> dict[str, FigureValue]:
    out = {}
    known = list(framework.figures) + list(framework.derived)
    for key, value in spec.figures.items():
        where = locate(("figures", key))
        kind = framework.figure_kind(key)
        if kind is None:
            # Suggestions for the first few only: thousands of unknown names must stay fast.
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.5) if len(problems) < SUGGESTIONS else []
            hint = f"，是否指“{close[0]}”？" if close else "（可用的数据项见 jixiao frameworks show）"
            problems.append(Problem(where, f"未知的数据项“{key}”{hint}"))
            continue
        try:
            quantity = _parse_figure(framework, key, kind, value, spec.unit)
        except QuantityError as error:
            problems.append(Problem(where, f"数据项“{key}”：{error}"))
            continue
        if (message := _too_large(quantity)) is not None:
            problems.append(Problem(where, f"数据项“{key}”：{message}"))
            continue
        out[key] = FigureValue(quantity, where, kind == "percent" and not (isinstance(value, str) and "%" in normalise_text(value)))
    return out


def _parse_figure(framework: Framework, key: str, kind: str, value: object, unit: str | None) -> Quantity:
    quantity = parse_quantity(kind, value, unit)
    if (mismatch := count_unit_mismatch((key, framework.figure_name(key)), quantity)) is not None:
        raise QuantityError(f"“{value}”的单位{mismatch}")
    return quantity


def _also_stated(spec: RawFacts, framework: Framework, locate: Locator, problems: list[Problem]) -> dict[str, tuple[Statement, ...]]:
    out = {}
    for key, statements in spec.also_stated.items():
        kind = framework.figure_kind(key)
        if kind is None:
            problems.append(Problem(locate(("also_stated", key)), f"未知的数据项“{key}”"))
            continue
        built = []
        for index, statement in enumerate(statements):
            where = locate(("also_stated", key, index))
            try:
                quantity = _parse_figure(framework, key, kind, statement.value, spec.unit)
            except QuantityError as error:
                problems.append(Problem(where, f"数据项“{key}”：{error}"))
                continue
            if (message := _too_large(quantity)) is not None:
                problems.append(Problem(where, f"数据项“{key}”：{message}"))
                continue
            built.append(Statement(quantity, statement.source, where))
        out[key] = tuple(built)
    return out


def _row_facts(raw: RawRow, loc: tuple, locate: Locator, problems: list[Problem]) -> RowFacts:
    where = locate(loc)
    judged = None
    if raw.score is not None:
        if not raw.basis.strip():
            problems.append(Problem(locate(loc + ("score",)), "评定得分须写明评分依据（basis）"))
        judged = Judged(raw.score, raw.basis.strip())
    for label, text in (("exempt", raw.exempt), ("not_applicable", raw.not_applicable), ("score_missing", raw.score_missing)):
        if text is not None and not text.strip():
            problems.append(Problem(locate(loc + (label,)), "须写明理由"))
    # The engine takes 未列得分 first, then 不适用, 免于扣分, a judged score: a second one would be dropped.
    settled = [(f, label) for f, label in (("score_missing", "未列得分"), ("not_applicable", "不适用"), ("exempt", "免于扣分"), ("score", "评定得分")) if getattr(raw, f) is not None]
    if len(settled) > 1:
        names = "、".join(f"{label}（{f}）" for f, label in settled)
        problems.append(Problem(locate(loc + (settled[1][0],)), f"{names}不能同时填写：只会采用“{settled[0][1]}”，其余被忽略"))
    return RowFacts(
        judged=judged,
        basis=raw.basis.strip() if judged is None else "",
        target=_as_text(raw.target),
        actual=_as_text(raw.actual),
        met=raw.met,
        unmet=tuple(str(u) for u in raw.unmet),
        partial={str(k): v for k, v in raw.partial.items()},
        deductions=tuple(raw.deductions),
        bonuses=tuple(raw.bonuses),
        penalties=tuple(raw.penalties),
        exempt=raw.exempt,
        not_applicable=raw.not_applicable,
        reason=raw.reason,
        improvement=raw.improvement,
        stated_score=raw.stated_score,
        score_missing=raw.score_missing,
        parts={name: _row_facts(part, loc + ("parts", name), locate, problems) for name, part in raw.parts.items()},
        where=where,
    )


# Row fields that only some rule kinds read (RuleKind.inputs); the rest the engine applies to every row.
RULE_FIELDS = ("met", "unmet", "partial", "deductions", "bonuses", "penalties")
# The engine applies these to a row, never to a part: under `parts` only a part's own rule may read them.
# (A row's target and actual are also shown in the 评分表 whatever its rule, as published tables print them.)
ROW_ONLY_FIELDS = ("score", "exempt", "not_applicable", "stated_score", "score_missing", "target", "actual")


def _check_inputs(
    raw: RawRow, rule: CompiledRule | None, loc: tuple, name: str, locate: Locator, problems: list[Problem], row: str = "", points: Decimal | None = None
) -> None:
    """A field the row's rule does not read would be dropped without a word: refuse it, at every depth of parts."""
    kind = default_registry().get(rule.kind) if rule is not None else None
    if kind is None:
        return  # a rule kind from elsewhere (a plugin's own registry): it knows its own inputs
    given = [f for f in raw.model_fields_set if getattr(raw, f) not in (None, [], {}, "")]
    fields = RULE_FIELDS + (ROW_ONLY_FIELDS if row else ())
    for field in sorted(f for f in given if f in fields and f not in kind.inputs):
        reads = "、".join(i for i in kind.inputs if i != "parts")
        reads = f"它读取：{reads}" if reads else "它按数据计算，无需填写"
        what = f"分项“{name}”" if row else f"指标“{name}”"
        hint = f"；需要评定时，请在指标“{row}”上填写 score 与 basis" if row and field == "score" else ""
        problems.append(Problem(locate(loc + (field,)), f"{what}按“{kind.label}”计分，不读取 {field}（{reads}）{hint}"))
    if kind.check_facts is not None:
        problems.extend(Problem(locate(loc + (field,)), message) for field, message in kind.check_facts(rule.params, raw) if field in kind.inputs)
    if points is not None and raw.score is not None and raw.score.is_finite() and not 0 <= raw.score <= points:
        # The engine bounds a row's score; a part's judged score is summed as given.
        problems.append(Problem(locate(loc + ("score",)), f"分项“{name}”的评定得分 {format_count(raw.score)} 不在 0 至 {format_count(points)} 分之间"))
    # A rule with parts (sum_of_parts) carries them compiled, each with its name and its own rule.
    known = {part.name: part for part in getattr(rule.params, "parts", ())}
    for part_name, part in raw.parts.items():
        where = locate(loc + ("parts", part_name))
        if part_name in known:
            spec = known[part_name]
            _check_inputs(part, spec.rule, loc + ("parts", part_name), part_name, locate, problems, row or name, spec.points)
        elif not known:
            problems.append(Problem(where, f"指标“{name}”的评分规则没有分项，不应填写 parts（“{part_name}”）"))
        else:
            close = difflib.get_close_matches(part_name, list(known), n=1, cutoff=0.3)
            hint = f"，是否指“{close[0]}”？" if close else ""
            problems.append(Problem(where, f"指标“{name}”没有名为“{part_name}”的分项{hint}（分项：{'、'.join(known)}）"))


def _resolve(framework: Framework, key: str, where: Where, problems: list[Problem], slots: bool) -> tuple[str, ...] | None:
    matches = framework.resolve(key, slots=slots)
    if len(matches) == 1:
        return matches[0][0]
    what = "个性指标位置（slot）" if slots else "末级指标"
    if not matches:
        names = [path[-1] for path, node in framework.walk() if (node.slot is not None if slots else node.is_leaf)]
        close = difflib.get_close_matches(key.split("/")[-1], names, n=1, cutoff=0.5) if len(problems) < SUGGESTIONS else []
        hint = f"，是否指“{close[0]}”？" if close else ""
        problems.append(Problem(where, f"指标体系“{framework.id}”中没有名为“{key}”的{what}{hint}"))
    else:
        options = "、".join("/".join(path[-2:]) for path, _ in matches)
        problems.append(Problem(where, f"“{key}”有多个同名{what}，请写出上级名称：{options}"))
    return None


def _rows(spec: RawFacts, framework: Framework, locate: Locator, problems: list[Problem]) -> dict[tuple[str, ...], RowFacts]:
    out: dict[tuple[str, ...], RowFacts] = {}
    for key, raw in spec.rows.items():
        path = _resolve(framework, key, locate(("rows", key)), problems, slots=False)
        if path is None:
            continue
        if path in out:
            problems.append(Problem(locate(("rows", key)), f"指标“{'/'.join(path)}”填写了两次"))
        _check_inputs(raw, framework.node_at(path).rule, ("rows", key), path[-1], locate, problems)
        out[path] = _row_facts(raw, ("rows", key), locate, problems)
    for path, node in framework.walk():
        if node.is_leaf and path not in out:
            # A row left out is still placed in the user's file (where it belongs, or its cell in the
            # 填报表), so that what is said about it never points at the framework file.
            out[path] = RowFacts(where=locate(("rows", "/".join(path))))
    return out


def _slots(spec: RawFacts, framework: Framework, locate: Locator, problems: list[Problem]) -> dict[tuple[str, ...], tuple[SlotRow, ...]]:
    out: dict[tuple[str, ...], tuple[SlotRow, ...]] = {}
    for key, rows in spec.slots.items():
        path = _resolve(framework, key, locate(("slots", key)), problems, slots=True)
        if path is None:
            continue
        node = framework.node_at(path)
        assert node.slot is not None
        built, names = [], set()
        for index, raw in enumerate(rows):
            loc = ("slots", key, index)
            group = raw.group.strip() if raw.group else None
            if node.slot.groups and group not in node.slot.groups:
                allowed = "、".join(node.slot.groups)
                problems.append(Problem(locate(loc + ("group",)), f"“{key}”下的指标须注明所属类别 group（可选：{allowed}）"))
            if not node.slot.groups and group:
                problems.append(Problem(locate(loc + ("group",)), f"“{key}”下的指标不分类别，不应填写 group"))
            if (group, raw.name) in names:
                problems.append(Problem(locate(loc + ("name",)), f"个性指标“{raw.name}”重复"))
            names.add((group, raw.name))
            if raw.weight < 0:
                problems.append(Problem(locate(loc + ("weight",)), "分值不能为负数"))
            elif raw.weight > node.weight:
                problems.append(Problem(locate(loc + ("weight",)), f"分值 {format_count(raw.weight)} 超过“{path[-1]}”的总分值 {format_count(node.weight)}"))
            _check_inputs(raw, node.slot.rule, loc, raw.name, locate, problems)
            facts = _row_facts(raw, loc, locate, problems)
            built.append(SlotRow(raw.name.strip(), raw.weight, facts, group, locate(loc)))
        total = sum((row.weight for row in built), Decimal(0))
        if total != node.weight:
            problems.append(
                Problem(locate(("slots", key)), f"“{key}”下各指标分值合计 {format_count(total)}，应等于 {format_count(node.weight)}")
            )
        out[path] = tuple(built)
    for path, node in framework.walk():
        if node.slot is not None and path not in out and node.weight > 0:
            problems.append(Problem(locate(("slots",)), f"缺少“{'/'.join(path)}”下的个性指标（slots: {path[-1]}: [...]）"))
    return out
