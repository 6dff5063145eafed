"""`jixiao frameworks export`: a framework to a YAML or xlsx file, and what makes two frameworks the same."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from jixiao.authoring.raw import ExportError, framework_yaml
from jixiao.authoring.xlsx import write_framework_xlsx
from jixiao.model.framework import Framework, Node

FORMATS = (".yaml", ".yml", ".xlsx")


def export_framework(framework: Framework, path: Path, common: dict | None) -> None:
    """Write by the file's suffix; ExportError for a suffix or a framework the format cannot hold, OSError when unwritable."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_framework_xlsx(framework, path, common)
        return
    if suffix not in FORMATS:
        raise ExportError(f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：请写成 .xlsx 或 .yaml")
    from jixiao.render.atomic import write_all

    text = framework_yaml(framework, common)
    write_all({path: lambda scratch: scratch.write_text(text, encoding="utf-8")})


def _node_signature(node: Node) -> tuple[Any, ...]:
    slot = (node.slot.rule, node.slot.groups) if node.slot is not None else None
    return (node.name, node.weight, node.explanation, node.standard, node.rule, slot, node.bonus, tuple(_node_signature(c) for c in node.children))


def framework_signature(framework: Framework) -> tuple[Any, ...]:
    """Everything that makes a framework score as it does and read as it does, without where it was read from
    (file, lines, cells): two loads of the same framework from different files have equal signatures."""
    derived = {key: (d.name, d.kind, d.formula.text) for key, d in framework.derived.items()}
    return (
        framework.id, framework.name, framework.total, framework.description, tuple(framework.levels),
        tuple(framework.grades), framework.rounding, dict(sorted(framework.figures.items())), dict(sorted(derived.items())),
        tuple(_node_signature(node) for node in framework.nodes),
    )
