"""What the fill-in and review pages show: the framework tree with its fields and scores.

Built from the framework, the raw facts and the scored result; the templates only lay it out.
Field keys are the raw mapping's addresses (scoring.field_key), element ids short hashes of them.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.loaders.list_fields import criteria_text
from jixiao.model.framework import Framework, Node
from jixiao.model.quantity import KIND_LABELS
from jixiao.render.template_xlsx import INPUTS_BY_KIND, used_figures
from jixiao.rules import default_registry, points
from jixiao.rules.checklist import ChecklistParams
from jixiao.loaders.template_layout import NARRATIVE_FIELDS
from jixiao.web.rounds.scoring import LABELS, MONEY_UNITS, SEP, Scored, finding_key, get_value, titled

HINTS = {"unmet": "填序号，如 3,4", "deductions": "每行一项", "bonuses": "每行一项", "penalties": "每行一项", "met": ""}
TEXTAREAS = {"basis", "reason", "improvement", "deductions", "bonuses", "penalties", "exempt", "not_applicable", "score_missing", "narrative"}
MAIN = ("score", "basis", "reason", "improvement")
MORE = ("exempt", "not_applicable", "stated_score", "score_missing")  # score_missing: a pushed report left the 得分 blank
MORE_SUMMARY = "更多：免于扣分、不适用、报告所列得分、未列得分"  # the fold that holds the MORE fields, named by them
ORDER = ("target", "actual", "met", "unmet", "deductions", "bonuses", "penalties", "score", "basis", "reason", "improvement")
SLOT_FIELDS = ("name", "group", "weight", "target", "actual", "met", "score", "basis", "reason", "improvement", "not_applicable", "stated_score")
INFO = (("unit", "金额单位"), ("stated_total", "报告所列总分"), ("stated_grade", "报告所列等级"))  # 部门名称 and 年度 come from the round


def element_id(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


@dataclass
class Field:
    key: str
    label: str
    value: str
    errors: list[str]
    widget: str = "input"  # input | textarea | select
    choices: tuple[str, ...] = ()
    hint: str = ""
    notes: list[str] = field(default_factory=list)  # the checks' errors and warnings located at this field

    @property
    def id(self) -> str:
        return element_id("f", self.key)

    @property
    def error_id(self) -> str:
        return element_id("e", self.key)


@dataclass
class Line:
    """One row of the tree: a parent with its subtotal, a leaf with its fields, or a slot."""

    kind: str  # parent | leaf | part | slot | slotrow
    path: str
    name: str
    depth: int
    weight: Decimal
    score: Decimal | None = None
    basis: str = ""
    rule: str = ""
    standard: str = ""
    fields: list[Field] = field(default_factory=list)
    more: list[Field] = field(default_factory=list)
    findings: list = field(default_factory=list)
    slot_index: int | None = None
    slot: str = ""  # the slot's path, for a department's own row
    groups: tuple[str, ...] = ()
    review: object = None
    finance_review: object = None
    stated: Decimal | None = None  # the unit's own 自评 score as it states it (报告所列得分)
    anchor: str = ""  # what the element ids hang on when not the path: a 个性指标 row's path changes with its name
    loses_points: bool = False  # scored below its weight: the page asks for 未达标原因 and 改进措施 here

    @property
    def id(self) -> str:
        return element_id("r", self.anchor or self.path)

    @property
    def shown(self) -> tuple:
        """What the live parts of the row show (score, 评分依据, findings): a save re-sends the row when this changes."""
        return (self.score, self.basis, tuple((f.severity, f.message) for f in self.findings))


@dataclass
class Sheet:
    info: list[Field]
    narrative: list[Field]
    figure_blocks: list[tuple[str, list[Field]]]
    lines: list[Line]
    total: Decimal | None
    grade: str
    findings: list
    general_problems: list[str]
    incomplete: int = 0  # rows left unscored (score_missing): their 0 placeholders make the total incomplete

    @property
    def problem_count(self) -> int:
        """Input problems shown, at their fields or with the findings: the summary line counts them too."""
        return sum(len(f.errors) for f in self.all_fields) + len(self.general_problems)

    @property
    def all_fields(self) -> list[Field]:
        out = self.info + self.narrative + [f for _t, fields in self.figure_blocks for f in fields]
        return out + [f for line in self.lines for f in line.fields + line.more]


def _field(raw: dict, scored: Scored, key: str, label: str, name: str) -> Field:
    widget = "textarea" if name in TEXTAREAS else ("select" if name in ("met", "unit") else "input")
    choices = ("", "是", "否") if name == "met" else (("",) + MONEY_UNITS if name == "unit" else ())
    return Field(key, label, get_value(raw, key), scored.problems.get(key, []), widget, choices, HINTS.get(name, ""), scored.notes_at.get(key, []))


def _row_fields(raw: dict, scored: Scored, base: str, title: str, rule) -> tuple[list[Field], list[Field]]:
    wanted = INPUTS_BY_KIND.get(rule.kind if rule else "judgement", set()) | set(MAIN)
    main = [_field(raw, scored, SEP.join((base, name)), f"{title}：{LABELS[name]}", name) for name in ORDER if name in wanted]
    more = [_field(raw, scored, SEP.join((base, name)), f"{title}：{LABELS[name]}", name) for name in MORE]
    if rule is not None and isinstance(rule.params, ChecklistParams):
        for f in main:
            if f.key.endswith(SEP + "unmet") and (items := _list_at(raw, f.key)) is not None:
                # By number, as the hint asks: a criterion's name may hold a separator that would split it.
                f.value = criteria_text(items, [c.name for c in rule.params.criteria])
    return main, more


def _list_at(raw: dict, key: str) -> list | None:
    node: object = raw
    for part in key.split(SEP):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, list) else None


def _standard(node: Node, rule) -> str:
    if rule is not None and isinstance(rule.params, ChecklistParams):
        return "\n".join(f"{i}. {c.name}（{points(c.points)}分）" for i, c in enumerate(rule.params.criteria, start=1))
    return node.standard


def build_sheet(framework: Framework, raw: dict, scored: Scored, reviews: dict | None = None, finance_reviews: dict | None = None) -> Sheet:
    registry = default_registry()
    evaluation = scored.evaluation
    row_results = {"/".join(r.path): r for r in evaluation.rows} if evaluation else {}
    subtotals = {"/".join(n.path): n.score for n in evaluation.nodes} if evaluation else {}
    findings_at: dict[str, list] = {}
    for finding in scored.findings:
        findings_at.setdefault("/".join(finding.path), []).append(finding)
    lines: list[Line] = []
    for path, node in framework.walk():
        key = "/".join(path)
        depth = len(path) - 1
        if node.slot is not None:
            lines.append(Line("slot", key, node.name, depth, node.weight, subtotals.get(key), groups=node.slot.groups))
            for index, slot_raw in enumerate(((raw.get("slots") or {}).get(key) or [])):
                base = SEP.join(("slots", key, str(index)))
                title = f"{node.name}第{index + 1}项"
                fields = [_field(raw, scored, SEP.join((base, name)), f"{title}：{LABELS[name]}", name) for name in SLOT_FIELDS if name != "group" or node.slot.groups]
                row_path = _slot_row_path(row_results, key, slot_raw)
                result = row_results.get(row_path)
                lines.append(Line("slotrow", row_path or base, str(slot_raw.get("name", "")), depth + 1, Decimal(0) if result is None else result.weight,
                                  None if result is None or result.unscored else result.score, "" if result is None else result.basis,
                                  fields=fields, slot_index=index, slot=key, findings=findings_at.get(row_path, []), anchor=base))
            continue
        if not node.is_leaf:
            lines.append(Line("parent", key, node.name, depth, node.weight, subtotals.get(key)))
            continue
        result = row_results.get(key)
        kind = registry.get(node.rule.kind) if node.rule else None
        main, more = _row_fields(raw, scored, SEP.join(("rows", key)), node.name, node.rule)
        line = Line("leaf", key, node.name, depth, node.weight, None if result is None or result.unscored else result.score, "" if result is None else result.basis,
                    kind.label if kind else "", _standard(node, node.rule), main, more, findings_at.get(key, []))
        lines.append(line)
        for part in getattr(node.rule.params, "parts", ()) if node.rule else ():
            base = SEP.join(("rows", key, "parts", part.name))
            part_main, part_more = _row_fields(raw, scored, base, f"{node.name} > {part.name}", part.rule)
            part_kind = registry.get(part.rule.kind)
            lines.append(Line("part", f"{key} > {part.name}", part.name, depth + 1, part.points, rule=part_kind.label if part_kind else "",
                              standard=_standard(node, part.rule) if isinstance(part.rule.params, ChecklistParams) else "", fields=part_main, more=part_more))
    _unscored_where_wrong(lines)
    for line in lines:
        result = row_results.get(line.path)
        line.stated = result.stated_score if result is not None else None
        line.loses_points = result is not None and not result.unscored and not result.bonus and result.score < result.weight
        line.review = (reviews or {}).get(line.path)
        line.finance_review = (finance_reviews or {}).get(line.path)
    sheet = Sheet(
        info=[_field(raw, scored, key, label, key) for key, label in INFO],
        narrative=[_field(raw, scored, SEP.join(("narrative", name)), f"概况：{name}", "narrative") for name in NARRATIVE_FIELDS],
        figure_blocks=_figure_blocks(framework, raw, scored),
        lines=lines,
        total=evaluation.total if evaluation else None,
        grade=evaluation.grade if evaluation else "",
        findings=list(scored.findings),
        general_problems=[],
        incomplete=evaluation.incomplete if evaluation else 0,
    )
    # Problems with no field of their own (a slot's weights, a row given twice) are listed with the findings.
    shown = {f.key for f in sheet.all_fields}
    sheet.general_problems = [titled(key, m) for key, messages in scored.problems.items() if key not in shown for m in messages]
    return sheet


WRONG_BASIS = "填写有误，改正后计分"


def _unscored_where_wrong(lines: list[Line]) -> None:
    """A row with a field in error is scored as if that field were empty (“34” as no unmet 评分要点: full
    marks): it shows no score until corrected, rather than a score that silently differs."""
    row = None
    for line in lines:
        if line.kind in ("leaf", "slotrow"):
            row = line
        elif line.kind != "part":
            row = None
        if row is not None and any(f.errors for f in line.fields + line.more):
            row.score, row.basis = None, WRONG_BASIS


@dataclass
class LiveUpdate:
    """The parts of the fill-in page a save changed, swapped in out of band (everything when before is unknown)."""

    lines: list[Line]
    fields: list[Field]
    findings: bool


def live_update(before: tuple[Sheet, list[str]] | None, after: Sheet, blocking: list[str]) -> LiveUpdate:
    """Compares the page as it was shown (sheet and blocking list before the save) with the page now."""
    if before is None:
        return LiveUpdate(after.lines, after.all_fields, True)
    old, old_blocking = before
    old_lines = {line.id: line.shown for line in old.lines}
    old_errors = {f.key: (f.errors, f.notes) for f in old.all_fields}
    return LiveUpdate(
        [line for line in after.lines if old_lines.get(line.id) != line.shown],
        [f for f in after.all_fields if old_errors.get(f.key, ([], [])) != (f.errors, f.notes)],
        _findings_shown(old, old_blocking) != _findings_shown(after, blocking),
    )


def _findings_shown(sheet: Sheet, blocking: list[str]) -> tuple:
    return (tuple((f.severity, f.message, f.path) for f in sheet.findings), tuple(sheet.general_problems), tuple(blocking))


def _slot_row_path(row_results: dict, slot_key: str, slot_raw: dict) -> str:
    name = str(slot_raw.get("name", "")).strip()
    for candidate in (f"{slot_key}/{name}", f"{slot_key}/{slot_raw.get('group', '')}/{name}"):
        if candidate in row_results:
            return candidate
    return ""


def _figure_blocks(framework: Framework, raw: dict, scored: Scored) -> list[tuple[str, list[Field]]]:
    used = used_figures(framework)
    blocks = (
        ("评分用数据", [f for f in used if f in framework.figures]),
        ("派生数据（自动计算；填写则视为报告所列数值，用于核对）", list(framework.derived)),
        ("其他数据（供复核检查，可不填）", [f for f in framework.figures if f not in used]),
    )
    out = []
    unit = get_value(raw, "unit") or "万元"
    for title, keys in blocks:
        fields = []
        for figure in keys:
            definition = framework.figures.get(figure) or framework.derived[figure]
            hint = definition.name if definition.name != figure else ""
            kind = KIND_LABELS[definition.kind] + (f"（{unit}）" if definition.kind == "money" else ("（%）" if definition.kind == "percent" else ""))
            key = SEP.join(("figures", figure))
            fields.append(Field(key, figure, get_value(raw, key), scored.problems.get(key, []), hint=" · ".join(x for x in (hint, kind) if x), notes=scored.notes_at.get(key, [])))
        out.append((title, fields))
    return out
