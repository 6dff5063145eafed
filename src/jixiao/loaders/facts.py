"""Load a department's facts from YAML or from a filled 填报表 workbook."""
from __future__ import annotations

from pathlib import Path

from jixiao.loaders.facts_build import build_facts, peek_framework
from jixiao.loaders.frameworks import load_framework
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import dotted, line_at, load_yaml
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import Where

FACTS_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm")


def load_facts(path: Path, framework: Framework | None = None) -> tuple[Facts, Framework]:
    """The facts and the framework they name (or the one given, which then takes precedence)."""
    suffix = path.suffix.lower()
    if suffix not in FACTS_SUFFIXES:
        raise InputError([Problem(Where(str(path)), f"不支持的文件类型“{suffix or '无扩展名'}”：请提供 .yaml 或 .xlsx 填报表")])
    if suffix in (".xlsx", ".xlsm"):
        from jixiao.loaders.facts_xlsx import read_facts_xlsx

        raw, locate = read_facts_xlsx(path)
    else:
        raw = load_yaml(path)
        locate = lambda loc: Where(str(path), line=line_at(raw, loc), field=dotted(loc))  # noqa: E731
    if framework is None:
        reference = peek_framework(raw)
        if reference is None:
            given = raw.get("framework") if isinstance(raw, dict) else None
            what = "缺少必填字段：framework" if given in (None, "") else "framework 应为一个指标体系编号或文件路径"
            raise InputError([Problem(locate(("framework",)), f"{what}（指标体系编号，如 shenzhen-2019）")])
        beside = path.parent / reference  # a framework file named relative to the facts file
        if not Path(reference).is_absolute() and beside.is_file():
            reference = str(beside)
        framework = load_framework(reference, where=locate(("framework",)))
    return build_facts(raw, locate, framework, source=str(path)), framework
