"""The indicator library: 53号's common indicators with their formulas and figures, as data (library.yaml).

Picking one in the editor gives a leaf its name, explanation and a suggested rule, and the framework the
derived figure (a formula for the safe formula compiler) and any figures it needs that the shared catalogue
lacks. A suggested tier score `full` is the row's weight, `half` half of it, once the weight is known.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.loaders.yaml_source import load_yaml
from jixiao.rules import plain_spec


@dataclass(frozen=True)
class LibraryIndicator:
    key: str
    group: str  # 一级/二级 of 53号: 过程/预算执行
    explanation: str
    rule: dict[str, Any]
    figures: dict[str, dict]
    derived: dict[str, dict]

    @property
    def formula(self) -> str:
        """How the indicator is computed, for showing: 实际采购金额 / 政府采购预算 (its own formula, or the shared
        catalogue's for the figure its rule reads, or done / planned), "" for a judged one."""
        if self.derived:
            return "；".join(str(d["formula"]) for d in self.derived.values())
        if self.rule.get("kind") == "completion":
            return f"{self.rule['done']} / {self.rule['planned']}"
        from jixiao.loaders.frameworks import common_catalogue

        shared = common_catalogue().get("derived", {}).get(self.rule.get("figure", ""))
        return str(shared["formula"]) if shared else ""

    def rule_for(self, weight: Decimal) -> dict[str, Any]:
        """The suggested rule with `full`/`half` tier scores made numbers for this weight."""
        rule = copy.deepcopy(self.rule)
        for tier in rule.get("tiers", ()):
            if tier.get("score") == "full":
                tier["score"] = weight
            elif tier.get("score") == "half":
                tier["score"] = weight / 2
        if rule.get("kind") == "deduction" and weight:
            rule["per_item"] = min(Decimal(str(rule["per_item"])), weight)
        return rule


def _path() -> Path:
    return Path(str(resources.files("jixiao") / "authoring" / "library.yaml"))


@lru_cache(maxsize=1)
def _data() -> dict:
    return plain_spec(load_yaml(_path()))


def library() -> dict[str, LibraryIndicator]:
    out = {}
    for entry in _data()["indicators"]:
        out[entry["key"]] = LibraryIndicator(entry["key"], entry["group"], entry["explanation"], entry["rule"], entry.get("figures", {}), entry.get("derived", {}))
    return out


def example_figures() -> dict[str, Any]:
    return dict(_data()["example_figures"])


def library_figures(used: set[str], common: dict) -> tuple[dict, dict]:
    """The figures and derived figures from the library that the framework's rules use (by id) and the shared
    catalogue lacks, with what their formulas need in turn."""
    figures: dict[str, dict] = {}
    derived: dict[str, dict] = {}
    shared = set(common.get("figures", {})) | set(common.get("derived", {}))
    entries = library().values()
    for indicator in entries:
        for key, value in indicator.derived.items():
            if key in used and key not in shared:
                derived[key] = dict(value)
                figures.update({k: dict(v) for k, v in indicator.figures.items() if k not in shared})
        for key, value in indicator.figures.items():
            if key in used and key not in shared:
                figures[key] = dict(value)
    return figures, derived
