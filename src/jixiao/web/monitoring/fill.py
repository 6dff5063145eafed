"""The field-by-field 监控表: which fields a unit's data has, their values and problems, the lights beside them.

A field's key is its place in the stored data (the monitoring file's mapping), joined by "|":
`projects|0|budget|执行数`, `targets|1|cause_notes|经费保障`. The pure library is given the same places as its
"cells" (jixiao.monitoring.loader), so each problem it finds comes back naming the field it belongs to; the
lights and what must still be filled in are jixiao.monitoring's (review_draft), never decided here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.loaders.problems import Problem
from jixiao.model.result import Where
from jixiao.model.targets import parse_target
from jixiao.monitoring.model import CAUSES, LIKELIHOODS, QUALITATIVE_STATES
from jixiao.monitoring.signals import SIGNAL_LABELS, is_cumulative
from jixiao.monitoring.thresholds import COLOUR_LABELS
from jixiao.web.rounds.sheet import Field as Input, element_id  # the fill pages' one field: key, label, value, errors, widget

SEP = "|"
BUDGET_FIELDS = ("年初预算数", "调整后预算", "执行数", "全年预计执行数", "调整说明")
TARGET_TEXTS = ("current", "forecast", "likelihood", "note", "measures")


def key_of(loc: tuple) -> str:
    return SEP.join(str(part) for part in loc)


@dataclass
class Light:
    """A coloured light with the signals (label, colour, kind, basis) that lit it."""

    id: str
    colour: str = ""
    signals: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return COLOUR_LABELS.get(self.colour, "")


@dataclass
class TargetRow:
    key: str
    path: str
    target: str
    cumulative: str
    light: Light
    inputs: list[Input]  # 1–N月执行情况, 全年预计完成情况, 完成目标可能性
    causes: list[tuple[Input, Input]]  # each tick with its 原因说明
    texts: list[Input]  # 备注, 纠偏措施
    errors: list[str] = field(default_factory=list)  # what the library says of the row as a whole

    @property
    def errors_id(self) -> str:
        return element_id("r", self.key)


@dataclass
class Block:
    """A project or 部门整体: its budget fields (and the department's 资金来源 / 资金结构), its targets."""

    key: str
    name: str
    unit: str
    light: Light
    budget: list[Input]
    sources: list[tuple[str, list[Input]]]
    targets: list[TargetRow]
    errors: list[str] = field(default_factory=list)

    @property
    def errors_id(self) -> str:
        return element_id("r", self.key)


@dataclass
class FillSheet:
    blocks: list[Block]
    missing: list[str]  # what stops the submit, as the library words it: problems with their fields, then requirements

    @property
    def inputs(self) -> list[Input]:
        out = []
        for block in self.blocks:
            out += block.budget + [i for _name, inputs in block.sources for i in inputs]
            for row in block.targets:
                out += row.inputs + [i for pair in row.causes for i in pair] + row.texts
        return out

    @property
    def groups(self) -> list:
        """The blocks and target rows, whose messages of their own are re-sent by a save."""
        return [group for block in self.blocks for group in (block, *block.targets)]

    @property
    def lights(self) -> list[Light]:
        return [light for block in self.blocks for light in (block.light, *(row.light for row in block.targets))]


def _get(data, loc: tuple):
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _text(value) -> str:
    return "" if value is None else str(value)


def _subjects(data: dict) -> list[tuple[tuple, str, str]]:
    """(base place, name, 实施单位) of 部门整体 and each project, in the form's order."""
    out = [((), "部门整体", "")]
    for index, project in enumerate(data.get("projects") or []):
        if isinstance(project, dict):
            out.append((("projects", index), _text(project.get("name")), _text(project.get("unit"))))
    return out


def places(data: dict) -> dict[tuple, str]:
    """Every place the form shows → its field key: the library's `cells`, so its problems name the form's fields."""
    out = {(): ""}
    for base, _name, _unit in _subjects(data):
        out[base] = key_of(base)
        for loc in _budget_places(data, base):
            out[loc[:-1]] = key_of(loc[:-1])
            out[loc] = key_of(loc)
        for index, _entry in enumerate(_get(data, (*base, "targets")) or []):
            row = (*base, "targets", index)
            out[row] = key_of(row)
            for name in TARGET_TEXTS:
                out[(*row, name)] = key_of((*row, name))
            for cause in CAUSES:
                out[(*row, "cause_notes", cause)] = key_of((*row, "cause_notes", cause))
    return out


def _budget_places(data: dict, base: tuple) -> list[tuple]:
    locs = [(*base, "budget", name) for name in BUDGET_FIELDS]
    if base == ():
        for group, parts in (data.get("sources") or {}).items():
            for part in parts if isinstance(parts, dict) else ():
                locs += [("sources", group, part, name) for name in BUDGET_FIELDS]
    return locs


def apply(data: dict, posted) -> tuple[dict, list[str]]:
    """The data with the posted fields written in (every field of the form; an unticked box is absent) and what changed."""
    import copy

    new = copy.deepcopy(data)
    changed: list[str] = []
    for base, name, _unit in _subjects(new):
        for loc in _budget_places(new, base):
            _put(new, loc, posted.get(key_of(loc), "").strip(), changed, f"{name} {loc[-1]}" if loc[0] != "sources" else f"{loc[2]} {loc[-1]}")
        for index, entry in enumerate(_get(new, (*base, "targets")) or []):
            if not isinstance(entry, dict):
                continue
            row = (*base, "targets", index)
            label = f"{name} / {_text(entry.get('name'))}"
            for text in TARGET_TEXTS:
                _put(new, (*row, text), posted.get(key_of((*row, text)), "").strip(), changed, label)
            ticked = [cause for cause in CAUSES if key_of((*row, "causes", cause)) in posted]
            notes = {cause: posted.get(key_of((*row, "cause_notes", cause)), "").strip() for cause in CAUSES}
            notes = {cause: note for cause, note in notes.items() if note}
            for key, value in (("causes", ticked), ("cause_notes", notes)):
                if value != (entry.get(key) or type(value)()):
                    changed.append(label)
                if value:
                    entry[key] = value
                else:
                    entry.pop(key, None)
    return new, list(dict.fromkeys(changed))


def _put(data: dict, loc: tuple, value: str, changed: list[str], label: str) -> None:
    parent = data
    for part in loc[:-1]:
        if isinstance(parent, list):
            parent = parent[part]
        else:
            parent = parent.setdefault(part, {})
    old = _text(parent.get(loc[-1]))
    if old == value:
        return
    changed.append(label)
    if value:
        parent[loc[-1]] = value
    else:
        parent.pop(loc[-1], None)


def build_sheet(data: dict, review, problems: list[Problem], months: int) -> FillSheet:
    """The form for `data` with the library's review of it (None when the period cannot be read) and its input problems."""
    problems = [_period(p, months) for p in problems]
    at: dict[str, list[str]] = {}
    for problem in problems:
        at.setdefault(problem.where.cell or "", []).append(problem.message)
    lights = {}
    if review is not None:
        for requirement in review.problems:  # at its place; at a target's row without the 项目：指标： the row shows
            cell = requirement.where.cell or ""
            message = requirement.message.split("：", 2)[-1] if "targets" in cell else requirement.message
            at.setdefault(cell, []).append(message)
        for subject_lights in review.lights:
            lights[("部门整体" if subject_lights.subject.kind == "department" else subject_lights.subject.name)] = subject_lights
    blocks = [_block(data, base, name, unit, lights.get(name), at, months) for base, name, unit in _subjects(data)]
    return FillSheet(blocks, missing_list(review, problems))  # (problems already say which months)


def _period(problem: Problem, months: int) -> Problem:
    """The library names the period's column 1–N月 (as the Excel 填报表 does); the page says which months it is."""
    where = problem.where
    return Problem(Where(where.file, where.line, where.cell, where.field.replace("1–N月", f"1–{months}月")), problem.message.replace("1–N月", f"1–{months}月"))


def missing_list(review, problems: list[Problem], months: int | None = None) -> list[str]:
    """The input problems (with their field) and the requirements, each said once."""
    if months is not None:
        problems = [_period(p, months) for p in problems]
    said = [Problem(Where(field=p.where.field), p.message).describe() for p in problems]
    for requirement in review.problems if review is not None else ():
        if not any(requirement.message.endswith(p.message) for p in problems):
            said.append(requirement.message)
    return said


def _block(data: dict, base: tuple, name: str, unit: str, lights, at: dict, months: int) -> Block:
    amount_unit = _text(data.get("unit")) or "万元"
    labels = {"年初预算数": "年初预算数", "调整后预算": "调整后预算", "执行数": f"1–{months}月执行数", "全年预计执行数": "全年预计执行数", "调整说明": "调整说明"}

    def budget_inputs(loc: tuple) -> list[Input]:
        return [
            Input(key_of((*loc, n)), labels[n] + ("" if n == "调整说明" else f"（{amount_unit}）"), _text(_get(data, (*loc, n))), at.get(key_of((*loc, n)), []))
            for n in BUDGET_FIELDS
        ]

    sources = []
    if base == ():
        for group, parts in (data.get("sources") or {}).items():
            for part in parts if isinstance(parts, dict) else ():
                sources.append((f"{group}：{part}", budget_inputs(("sources", group, part))))
    block_key = key_of(base) or "department"
    light = Light(element_id("l", block_key))
    if lights is not None:
        light.colour = lights.colour
        light.signals = [(COLOUR_LABELS[s.colour], s.colour, SIGNAL_LABELS[s.kind], s.basis) for s in lights.signals if not s.target]
    targets = [
        _row(data, (*base, "targets", index), entry, lights, at, months)
        for index, entry in enumerate(_get(data, (*base, "targets")) or []) if isinstance(entry, dict)
    ]
    errors = at.get(key_of(base), []) + at.get(key_of((*base, "budget")), []) + (at.get("", []) if base == () else [])
    return Block(block_key, name, unit, light, budget_inputs((*base, "budget")), sources, targets, errors)


def _row(data: dict, row: tuple, entry: dict, lights, at: dict, months: int) -> TargetRow:
    target = parse_target(entry.get("target") or "", _text(entry.get("name")))
    qualitative = target.value is None
    path = " / ".join(_text(entry.get(k)) for k in ("level1", "level2", "name") if entry.get(k))

    def one(name: str, label: str, widget: str = "input", choices: tuple[str, ...] = ()) -> Input:
        key = key_of((*row, name))
        return Input(key, label, _text(entry.get(name)), at.get(key, []), widget, choices)

    state_choices = ("", *QUALITATIVE_STATES) if qualitative else ()
    widget = "select" if qualitative else "input"
    inputs = [
        one("current", f"1–{months}月执行情况", widget, state_choices),
        one("forecast", "全年预计完成情况", widget, state_choices),
        one("likelihood", "完成目标可能性", "select", ("", *LIKELIHOODS)),
    ]
    ticked, notes = entry.get("causes") or [], entry.get("cause_notes") or {}
    causes = []
    for cause in CAUSES:
        tick = Input(key_of((*row, "causes", cause)), cause, "1" if cause in ticked else "", [], "checkbox")
        note_key = key_of((*row, "cause_notes", cause))
        causes.append((tick, Input(note_key, f"{cause} 原因说明", _text(notes.get(cause) if isinstance(notes, dict) else ""), at.get(note_key, []))))
    texts = [one("note", "备注（年底不能完成的原因及措施）", "textarea"), one("measures", "纠偏措施", "textarea")]
    light = Light(element_id("l", key_of(row)))
    if lights is not None:
        item = next((t for t in lights.subject.targets if t.path == path), None)
        if item is not None:
            light.colour = lights.colour_of(item)
            light.signals = [(COLOUR_LABELS[s.colour], s.colour, SIGNAL_LABELS[s.kind], s.basis) for s in lights.signals if s.target == path]
    cumulative = ""
    if not qualitative:
        from jixiao.monitoring.model import TargetProgress

        flag = entry.get("cumulative")
        cumulative = "累计指标" if is_cumulative(TargetProgress("", "", "", target, "", cumulative=flag if isinstance(flag, bool) else None)) else "非累计指标"
    errors = at.get(key_of(row), []) + at.get(key_of((*row, "causes")), [])
    return TargetRow(key_of(row), path, _text(entry.get("target")), cumulative, light, inputs, causes, texts, errors)
