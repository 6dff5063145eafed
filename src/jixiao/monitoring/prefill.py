"""Where a new monitoring period starts from: the targets and budgets, never the progress of another period.

- from an earlier period of the same year (1–9 月 after 1–6 月): its departments' and projects' budgets (年初预算数,
  调整后预算 and its 调整说明) and targets, without what was executed, forecast or explained;
- otherwise from the projects' 绩效目标表 (jixiao.projects: each indicator's 性质, 指标值 and 度量单位 as one target text).

The result is a targets-only monitoring mapping (docs/monitoring.md), read with require_progress=False.
"""
from __future__ import annotations

from jixiao.projects.targets import IndicatorTarget

KEPT_BUDGET = ("年初预算数", "调整后预算", "调整说明")
KEPT_TARGET = ("level1", "level2", "name", "target", "cumulative")


def carried_forward(previous: dict) -> dict:
    """An earlier period's mapping with its targets and budgets only."""
    out: dict = {}
    if isinstance(previous.get("budget"), dict):
        out["budget"] = _budget(previous["budget"])
    sources = previous.get("sources")
    if isinstance(sources, dict):
        out["sources"] = {group: {name: _budget(block) for name, block in parts.items() if isinstance(block, dict)}
                          for group, parts in sources.items() if isinstance(parts, dict)}
    if isinstance(previous.get("targets"), list):
        out["targets"] = _targets(previous["targets"])
    projects = [p for p in previous.get("projects") or [] if isinstance(p, dict)]
    if projects:
        out["projects"] = [
            {key: value for key, value in (("name", p.get("name")), ("unit", p.get("unit")), ("budget", _budget(p.get("budget") or {})),
                                           ("targets", _targets(p.get("targets") or []))) if value not in (None, "")}
            for p in projects
        ]
    return out


def from_target_tables(projects: list[dict]) -> dict:
    """Projects as the 绩效目标表 states them (jixiao.web.projects' stored targets: project, implementer, budget in
    万元, indicators with level1 / level2 / name / nature / value / unit) → the monitoring mapping's projects."""
    out = []
    for project in projects:
        entry: dict = {"name": project["project"]}
        if project.get("implementer"):
            entry["unit"] = project["implementer"]
        if project.get("budget") not in (None, ""):
            entry["budget"] = {"年初预算数": str(project["budget"]).replace(",", "")}  # stored as shown: 1,200
        entry["targets"] = [
            {"level1": i.get("level1", ""), "level2": i.get("level2", ""), "name": i["name"],
             "target": IndicatorTarget(i.get("level1", ""), i.get("level2", ""), i["name"], i.get("nature", ""), str(i.get("value", "")), i.get("unit", "")).text()}
            for i in project.get("indicators") or []
        ]
        out.append(entry)
    return {"projects": out} if out else {}


def _budget(block: dict) -> dict:
    return {key: block[key] for key in KEPT_BUDGET if block.get(key) not in (None, "")}


def _targets(targets: list) -> list[dict]:
    return [{key: t[key] for key in KEPT_TARGET if key in t} for t in targets if isinstance(t, dict)]
