"""The editor's form as data: the indicator tree as numbered rows (level, name, weight, rule…), read from a
POST, changed by the tree buttons, turned into the raw framework the loaders validate, and back.

Nothing here saves anything; a problem the loaders find is mapped back to the form field it came from
(field names such as `row-3-weight`), so the page marks that field and keeps everything as typed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from jixiao.authoring.library import library, library_figures
from jixiao.authoring.raw import framework_raw, rule_spec
from jixiao.authoring.rule_forms import FORMS, ParamError, spec_from_values, spec_values
from jixiao.loaders.framework_build import build_framework
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.framework import DEFAULT_GRADES, Framework
from jixiao.model.result import Where
from jixiao.rules import RuleRegistry, default_registry

SLOT = "slot"  # the kind select's value for 个性指标 (the unit fills its own rows)
FIGURE_FIELDS = ("key", "name", "kind", "formula", "note")
MAX_FIGURES = 200
MAX_ROWS = 400
MAX_LEVEL = 3


@dataclass
class Row:
    level: int = 1
    name: str = ""
    weight: str = ""
    explanation: str = ""
    standard: str = ""
    kind: str = "judgement"
    params: dict[str, str] = field(default_factory=dict)  # this kind's form fields, as typed
    yaml: str = ""  # parameters as YAML, for kinds without fields
    bonus: bool = False
    groups: str = ""  # a slot's required 二级 names, 、-separated


@dataclass
class Draft:
    key: str = ""
    name: str = ""
    total: str = "100"
    description: str = ""
    grades: list[tuple[str, str]] = field(default_factory=lambda: [(g, str(m)) for g, m in DEFAULT_GRADES])
    rows: list[Row] = field(default_factory=list)
    carried: str = "{}"  # JSON: levels, rounding, common_figures of the framework started from
    figures: list[dict[str, str]] = field(default_factory=list)  # the framework's own figures: key, name, kind, formula, note

    def is_parent(self, index: int) -> bool:
        return index + 1 < len(self.rows) and self.rows[index + 1].level > self.rows[index].level


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def draft_from_framework(framework: Framework, common: dict) -> Draft:
    raw = framework_raw(framework, common)
    rows: list[Row] = []

    def visit(nodes: list, level: int) -> None:
        for node in nodes:
            row = Row(level, node["name"], _text(node["weight"]), node.get("explanation", ""), node.get("standard", ""), "", {}, "", bool(node.get("bonus")))
            if "slot" in node:
                row.kind = SLOT
                row.groups = "、".join(node["slot"].get("groups", []))
                values, text = spec_values(node["slot"]["rule"])
                row.params, row.yaml = values, text  # the slot rows' rule: kept as it was
                row.params["_slot_kind"] = node["slot"]["rule"]["kind"]
            elif "rule" in node:
                row.kind = node["rule"]["kind"]
                row.params, row.yaml = spec_values(node["rule"])
            rows.append(row)
            visit(node.get("children", []), level + 1)

    visit(raw["indicators"], 1)
    carried = {key: raw[key] for key in ("levels", "rounding", "common_figures") if key in raw}
    figures = [{"key": key, "name": value["name"], "kind": value["kind"], "formula": value.get("formula", ""), "note": value.get("note", "")}
               for section in ("figures", "derived") for key, value in raw.get(section, {}).items()]
    return Draft(raw["id"], raw["name"], _text(raw["total"]), raw.get("description", ""), [(g, _text(m)) for g, m in framework.grades], rows,
                 json.dumps(carried, ensure_ascii=False, default=str), figures)


def draft_from_post(post: Mapping[str, str]) -> Draft:
    draft = Draft(post.get("key", "").strip(), post.get("name", "").strip(), post.get("total", "").strip(), post.get("description", "").strip(), [], [], post.get("carried", "{}"))
    for index in range(50):
        grade, minimum = post.get(f"grade-{index}-name"), post.get(f"grade-{index}-min")
        if grade is None and minimum is None:
            break
        if (grade or "").strip() or (minimum or "").strip():
            draft.grades.append(((grade or "").strip(), (minimum or "").strip()))
    for index in range(MAX_FIGURES):
        entry = {name: (post.get(f"fig-{index}-{name}") or "").strip() for name in FIGURE_FIELDS}
        if post.get(f"fig-{index}-key") is None:
            break
        if any(value for name, value in entry.items() if name != "kind"):  # the blank row for adding one posts only its kind
            draft.figures.append(entry)
    count = min(int(post.get("rows", "0") or 0) if (post.get("rows", "0") or "0").isdigit() else 0, MAX_ROWS)
    for index in range(count):
        def get(name: str, default: str = "") -> str:
            return post.get(f"row-{index}-{name}", default) or default

        level = get("level", "1")
        kind = get("kind", "judgement")
        params = {f.name: get(f"p-{f.name}") for f in FORMS.get(kind, ())}
        if get("p-_slot_kind"):
            params["_slot_kind"] = get("p-_slot_kind")
        draft.rows.append(Row(
            int(level) if level.isdigit() and 1 <= int(level) <= MAX_LEVEL else 1, get("name").strip(), get("weight").strip(), get("explanation").strip(),
            get("standard").strip(), kind, params, get("yaml"), get("bonus") == "on", get("groups").strip(),
        ))
    return draft


def draft_post(draft: Draft) -> dict[str, str]:
    """The form fields that draft_from_post reads back to this draft (what the editor page posts)."""
    out = {"key": draft.key, "name": draft.name, "total": draft.total, "description": draft.description, "carried": draft.carried, "rows": str(len(draft.rows))}
    for index, (grade, minimum) in enumerate(draft.grades):
        out[f"grade-{index}-name"], out[f"grade-{index}-min"] = grade, minimum
    for index, entry in enumerate(draft.figures):
        out.update({f"fig-{index}-{name}": entry.get(name, "") for name in FIGURE_FIELDS})
    for index, row in enumerate(draft.rows):
        prefix = f"row-{index}-"
        out.update({prefix + "level": str(row.level), prefix + "name": row.name, prefix + "weight": row.weight, prefix + "explanation": row.explanation,
                    prefix + "standard": row.standard, prefix + "kind": row.kind, prefix + "yaml": row.yaml, prefix + "groups": row.groups})
        if row.bonus:
            out[prefix + "bonus"] = "on"
        out.update({f"{prefix}p-{name}": value for name, value in row.params.items()})
    return out


# --- the tree buttons ----------------------------------------------------------------------------

def _subtree_end(rows: list[Row], index: int) -> int:
    end = index + 1
    while end < len(rows) and rows[end].level > rows[index].level:
        end += 1
    return end


def apply_action(draft: Draft, action: str) -> Draft:
    """上移/下移/删除/添加下级/添加同级/升级/降级 one row (with its subtree), or a library pick; nothing else changes."""
    verb, _, argument = action.partition(":")
    rows = list(draft.rows)
    if verb == "add-top":
        rows.append(Row(1, "新的一级指标", "0", kind="judgement"))
        return replace(draft, rows=rows)
    if not argument.isdigit() or int(argument) >= len(rows):
        return draft
    index = int(argument)
    row, end = rows[index], _subtree_end(rows, index)
    if verb == "add-child" and row.level < MAX_LEVEL:
        rows.insert(end, Row(row.level + 1, "新的指标", "0"))
    elif verb == "add-sibling":
        rows.insert(end, Row(row.level, "新的指标", "0"))
    elif verb == "delete":
        del rows[index:end]
    elif verb in ("up", "down"):
        siblings = _siblings(rows, index)
        position = siblings.index(index)
        other = position - 1 if verb == "up" else position + 1
        if 0 <= other < len(siblings):
            first, second = sorted((index, siblings[other]))
            a, b = rows[first:_subtree_end(rows, first)], rows[second:_subtree_end(rows, second)]
            rows[first:_subtree_end(rows, second)] = b + a
    elif verb == "outdent" and row.level > 1:
        for item in rows[index:end]:
            item.level -= 1
    elif verb == "indent" and index > 0 and rows[index - 1].level >= row.level and max(r.level for r in rows[index:end]) < MAX_LEVEL:
        for item in rows[index:end]:
            item.level += 1
    return replace(draft, rows=rows)


def _siblings(rows: list[Row], index: int) -> list[int]:
    level, start = rows[index].level, index
    while start > 0 and rows[start - 1].level >= level:
        start -= 1
    out, position = [], start
    while position < len(rows) and rows[position].level >= level:
        if rows[position].level == level:
            out.append(position)
        position += 1
    return out


def pick_from_library(draft: Draft, index: int, key: str) -> Draft:
    """Fill row `index` from the library: name, explanation and the suggested rule for its weight."""
    indicator = library().get(key)
    if indicator is None or not 0 <= index < len(draft.rows):
        return draft
    row = draft.rows[index]
    try:
        weight = Decimal(row.weight or "0")
    except InvalidOperation:
        weight = Decimal(0)
    rule = indicator.rule_for(weight)
    values, text = spec_values(rule)
    rows = list(draft.rows)
    rows[index] = replace(row, name=indicator.key.replace("/", "／"), explanation=indicator.explanation, kind=rule["kind"], params=values, yaml=text)
    return replace(draft, rows=rows)


# --- to the loaders ------------------------------------------------------------------------------

@dataclass
class Checked:
    framework: Framework | None
    problems: list[tuple[str, str]]  # (form field or "", message)

    def by_field(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, message in self.problems:
            out.setdefault(name, []).append(message)
        return out


def check(draft: Draft, common: dict, registry: RuleRegistry | None = None) -> Checked:
    """Build the framework from the draft; every problem with the field it belongs to."""
    registry = registry or default_registry()
    problems: list[tuple[str, str]] = []
    fields: dict[tuple, str] = {("id",): "key", ("name",): "name", ("total",): "total", ("grades",): "grades"}
    try:
        carried = json.loads(draft.carried or "{}")
        carried = carried if isinstance(carried, dict) else {}
    except ValueError:
        carried = {}
    raw: dict[str, Any] = {"id": draft.key or "", "name": draft.name, "total": draft.total or "0", "indicators": []}
    if draft.description:
        raw["description"] = draft.description
    raw.update({key: carried[key] for key in ("levels", "rounding", "common_figures") if key in carried})
    if draft.grades and not _default_grades(draft.grades):  # the defaults (or none given) are left implicit, as a framework file leaves them
        raw["grades"] = [{"grade": grade, "min": minimum or "0"} for grade, minimum in draft.grades]
    for index in range(len(draft.grades)):
        fields[("grades", index)] = f"grade-{index}-name"
        fields[("grades", index, "min")] = f"grade-{index}-min"
    stack: list[tuple[int, list, tuple]] = [(0, raw["indicators"], ("indicators",))]
    used: set[str] = set()
    for index, row in enumerate(draft.rows):
        while stack[-1][0] >= row.level:
            stack.pop()
        if stack[-1][0] != row.level - 1:  # a row two levels below its parent: put it under the nearest one
            problems.append((f"row-{index}-name", f"“{row.name}”比上一行低了不止一级，请用“升级”调整"))
        _depth, siblings, loc = stack[-1]
        node: dict[str, Any] = {"name": row.name, "weight": row.weight or "0"}
        here = loc + (len(siblings),)
        fields[here] = f"row-{index}-name"
        fields[here + ("weight",)] = f"row-{index}-weight"
        fields[here + ("name",)] = f"row-{index}-name"
        for key in ("explanation", "standard"):
            if getattr(row, key):
                node[key] = getattr(row, key)
        if draft.is_parent(index):
            node["children"] = []
            stack.append((row.level, node["children"], here + ("children",)))
        elif row.kind == SLOT:
            slot_kind = row.params.get("_slot_kind") or "target"
            try:
                slot = {"rule": spec_from_values(slot_kind, {k: v for k, v in row.params.items() if k != "_slot_kind"}, row.yaml)}
            except ParamError as error:
                problems.append((f"row-{index}-p-{error.field}", error.message))
                slot = {"rule": {"kind": slot_kind}}
            if row.groups:
                slot["groups"] = [part.strip() for part in row.groups.replace(",", "、").replace("，", "、").split("、") if part.strip()]
            node["slot"] = slot
            fields[here + ("slot",)] = f"row-{index}-kind"
        else:
            try:
                node["rule"] = spec_from_values(row.kind, row.params, row.yaml)
            except ParamError as error:
                problems.append((f"row-{index}-p-{error.field}" if error.field != "yaml" else f"row-{index}-yaml", error.message))
                node["rule"] = {"kind": row.kind}
            for name in ("figure", "done", "planned"):
                if isinstance(node["rule"].get(name), str):
                    used.add(node["rule"][name])
            fields[here + ("rule",)] = f"row-{index}-yaml" if row.yaml.strip() or row.kind not in FORMS else f"row-{index}-kind"
            for param in FORMS.get(row.kind, ()):
                fields[here + ("rule", param.name)] = f"row-{index}-p-{param.name}"
            if row.bonus:
                node["bonus"] = True
        siblings.append(node)
    figures, derived = library_figures(used, common)
    raw["figures"], raw["derived"] = figures, derived
    for index, entry in enumerate(draft.figures):  # the framework's own, over the library's
        key = entry.get("key", "")
        if not key:
            problems.append((f"fig-{index}-key", "请填写数据项编号（评分规则和公式用它指称该数据项）"))
            continue
        item = {"name": entry.get("name") or key, "kind": entry.get("kind") or "money"}
        if entry.get("note"):
            item["note"] = entry["note"]
        section = "figures"
        if entry.get("formula"):
            item["formula"], section = entry["formula"], "derived"
        (raw["derived"] if section == "derived" else raw["figures"])[key] = item
        (raw["figures"] if section == "derived" else raw["derived"]).pop(key, None)
        fields[(section, key)] = f"fig-{index}-key"
        fields[(section, key, "formula")] = f"fig-{index}-formula"
        fields[(section, key, "kind")] = f"fig-{index}-kind"
        fields[(section, key, "name")] = f"fig-{index}-name"
    if not raw["indicators"]:
        problems.append(("", "指标体系至少需要一个指标"))
        return Checked(None, problems)

    def locate(loc: tuple) -> Where:
        for size in range(len(loc), 0, -1):
            if loc[:size] in fields:
                return Where(field=fields[loc[:size]])
        return Where()

    try:
        framework = build_framework(raw, locate, registry, common=common, source="")
    except InputError as error:
        found = [(problem.where.field, problem.message) for problem in error.problems]
        # A rule that failed to compile is also reported as missing: the first message says why, once.
        failed_rules = {_row_of(name) for name, message in found if "评分规则：" in message}
        # A parameter the form could not read is reported at its field; the loader's view of the stand-in rule is noise.
        unread = {_row_of(name) for name, _message in problems}
        problems += [(name, message) for name, message in found
                     if not ("缺少评分规则" in message and _row_of(name) in failed_rules) and not ("评分规则" in message and _row_of(name) in unread)]
        return Checked(None, problems)
    return Checked(framework if not problems else None, problems)


def _default_grades(grades: list[tuple[str, str]]) -> bool:
    try:
        return [(grade, Decimal(minimum)) for grade, minimum in grades] == list(DEFAULT_GRADES)
    except InvalidOperation:
        return False


def _row_of(field_name: str) -> str:
    """`row-3-p-tiers` → `row-3`."""
    return "-".join(field_name.split("-")[:2]) if field_name.startswith("row-") else field_name


def rule_summary(kind: str, registry: RuleRegistry | None = None) -> str:
    found = (registry or default_registry()).get(kind)
    return f"{found.label}：{found.summary}" if found else ""


__all__ = ["Draft", "Row", "SLOT", "apply_action", "check", "draft_from_framework", "draft_from_post", "draft_post", "pick_from_library", "rule_spec", "Problem"]
