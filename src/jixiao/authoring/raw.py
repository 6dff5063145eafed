"""A loaded framework as the raw mapping its file would hold: what the loaders read back to the same framework.

The rules keep their specifications as written (CompiledRule.spec), so nothing is reconstructed from
compiled parameters. Figures are written only where they differ from the shared catalogue (which the
framework then includes, as the loaders do by default); a framework that drops or redefines a shared
derived figure is written with `common_figures: false` and all its figures.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from jixiao.model.framework import DEFAULT_GRADES, CompiledRule, Framework, Node, Rounding

DEFAULT_LEVELS = ("一级指标", "二级指标", "三级指标")
DEFAULT_SLOT_RULE = {"kind": "target"}


class ExportError(ValueError):
    """A framework that the chosen format cannot hold; the message is for users."""


def rule_spec(rule: CompiledRule) -> dict[str, Any]:
    if rule.spec is None:  # only a rule made in code, never one loaded from a file or the editor
        raise ExportError(f"评分规则“{rule.kind}”不是从文件读入的，无法写出")
    return rule.spec


def node_raw(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name, "weight": node.weight}
    if node.bonus:
        out["bonus"] = True
    if node.explanation:
        out["explanation"] = node.explanation
    if node.standard:
        out["standard"] = node.standard
    if node.rule is not None:
        out["rule"] = rule_spec(node.rule)
    if node.slot is not None:
        slot: dict[str, Any] = {"rule": rule_spec(node.slot.rule)}
        if node.slot.groups:
            slot["groups"] = list(node.slot.groups)
        out["slot"] = slot
    if node.children:
        out["children"] = [node_raw(child) for child in node.children]
    return out


def _figure_raw(definition) -> dict[str, Any]:
    out = {"name": definition.name, "kind": definition.kind}
    if getattr(definition, "note", ""):
        out["note"] = definition.note
    if hasattr(definition, "formula"):
        out["formula"] = definition.formula.text
    return out


def figures_raw(framework: Framework, common: dict | None) -> tuple[bool, dict, dict]:
    """(common_figures, figures, derived) as the file should say them."""
    figures = {key: _figure_raw(d) for key, d in framework.figures.items()}
    derived = {key: _figure_raw(d) for key, d in framework.derived.items()}
    shared_figures = {key: {"note": "", **value} for key, value in (common or {}).get("figures", {}).items()}
    shared_derived = {key: {"note": "", **value} for key, value in (common or {}).get("derived", {}).items()}

    def same(mine: dict, theirs: dict) -> bool:
        return {"note": "", **mine} == {k: (str(v) if k == "formula" else v) for k, v in theirs.items()}

    # Including the catalogue must give back exactly these figures: every shared derived figure kept as it is,
    # every shared plain figure kept (as itself, or overridden — a framework's own entry replaces the shared one).
    keeps_all = all(key in derived and same(derived[key], value) for key, value in shared_derived.items()) and all(
        key in figures or key in derived for key in shared_figures
    )
    if not common or not keeps_all:
        return False, figures, derived
    own_figures = {k: v for k, v in figures.items() if not (k in shared_figures and same(v, shared_figures[k]))}
    own_derived = {k: v for k, v in derived.items() if k not in shared_derived}
    # A shared plain figure the framework computes instead stays derived: the loader drops figures named by a formula.
    return True, own_figures, own_derived


def framework_raw(framework: Framework, common: dict | None = None) -> dict[str, Any]:
    """The raw mapping (as a YAML framework file holds it) that loads back to this framework."""
    out: dict[str, Any] = {"id": framework.id, "name": framework.name, "total": framework.total}
    if framework.description:
        out["description"] = framework.description
    if tuple(framework.levels) != DEFAULT_LEVELS:
        out["levels"] = list(framework.levels)
    if tuple(framework.grades) != DEFAULT_GRADES:
        out["grades"] = [{"grade": grade, "min": minimum} for grade, minimum in framework.grades]
    if framework.rounding != Rounding():
        out["rounding"] = {"places": framework.rounding.places, "mode": framework.rounding.mode}
    include, figures, derived = figures_raw(framework, common)
    if not include:
        out["common_figures"] = False
    if figures:
        out["figures"] = figures
    if derived:
        out["derived"] = derived
    out["indicators"] = [node_raw(node) for node in framework.nodes]
    return out


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # the loaders refuse anchors and aliases


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Several lines (a 评分标准) as a block, readable in an editor; one line as usual.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value and value == value.strip() else None)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def flow_yaml(data: Any) -> str:
    """One line of YAML flow form, for a rule in a spreadsheet cell: {kind: ratio, figure: 预算执行率}."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10**9).strip()


def framework_yaml(framework: Framework, common: dict | None = None) -> str:
    header = f"# 指标体系：{framework.name}（由 jixiao frameworks export 写出，可直接编辑后使用）\n"
    return header + dump_yaml(framework_raw(framework, common))
