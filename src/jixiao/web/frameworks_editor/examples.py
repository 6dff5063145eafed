"""The editor's example scores: the framework being written, scored by the engine on one example unit
(the library's example figures; a 个性指标 position gets one row of its own, met), row by row."""
from __future__ import annotations

from jixiao.authoring.library import example_figures
from jixiao.engine import evaluate
from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.problems import InputError
from jixiao.model.framework import Framework
from jixiao.model.quantity import format_count
from jixiao.model.result import Where
from jixiao.web.frameworks_editor.tree import SLOT, Draft

MAX_BASIS = 160


def example_rows(draft: Draft, framework: Framework) -> dict[int, str]:
    """Row index → “示例：得 4.99 / 5 分（…评分依据…）”, for leaves; a judged row says who scores it."""
    given = {key: value for key, value in example_figures().items() if key in framework.figures}
    slots = {"/".join(path): [{"name": "示例个性指标", "weight": node.weight, "target": "100%", "actual": "100%"}] for path, node in framework.walk() if node.slot is not None}
    raw = {"department": "示例单位", "year": 2024, "framework": framework.id, "unit": "万元", "figures": {k: str(v) for k, v in given.items()}, "slots": slots}
    try:
        result = evaluate(framework, build_facts(raw, lambda loc: Where(field=str(loc)), framework))
    except InputError:
        return {}
    scores = {row.path: row for row in result.rows}
    out: dict[int, str] = {}
    path: list[str] = []
    for index, row in enumerate(draft.rows):
        del path[row.level - 1:]
        path.append(row.name)
        if draft.is_parent(index) or row.kind == SLOT:
            continue
        scored = scores.get(tuple(path))
        if scored is None:
            continue
        if scored.rule == "judgement":
            out[index] = f"由评价人员在 0 至 {format_count(scored.weight)} 分之间评分，须写明依据"
            continue
        basis = scored.basis if len(scored.basis) <= MAX_BASIS else scored.basis[:MAX_BASIS] + "…"
        out[index] = f"示例单位得 {format_count(scored.score)} / {format_count(scored.weight)} 分：{basis}"
    return out
