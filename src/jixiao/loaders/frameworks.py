"""Where frameworks come from: the built-in ones shipped as data, or a user's YAML/xlsx file."""
from __future__ import annotations

import difflib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jixiao.loaders.framework_build import build_framework
from jixiao.loaders.os_messages import os_message
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import dotted, line_at, load_yaml
from jixiao.model.framework import Framework
from jixiao.model.result import Where
from jixiao.rules import RuleRegistry, default_registry

COMMON_FIGURES = "common-figures.yaml"


def _builtin_dir() -> Path:
    return Path(str(resources.files("jixiao") / "frameworks"))


@lru_cache(maxsize=1)
def _common_figures() -> dict:
    return load_yaml(_builtin_dir() / COMMON_FIGURES)


def builtin_ids() -> list[str]:
    """The built-in 部门整体 frameworks (what rounds, the API and ingest choose from)."""
    return sorted(p.stem for p in _builtin_dir().glob("*.yaml") if p.name != COMMON_FIGURES)


# Project 自评表 frameworks (jixiao.projects) live apart, so that a 部门整体 report or round is never matched to one.
PROJECT_FRAMEWORKS = "projects"


def project_framework_ids() -> list[str]:
    return sorted(p.stem for p in (_builtin_dir() / PROJECT_FRAMEWORKS).glob("*.yaml"))


def project_framework_path(framework_id: str) -> Path:
    return _builtin_dir() / PROJECT_FRAMEWORKS / f"{framework_id}.yaml"


@lru_cache(maxsize=8)
def _load_builtin_project(framework_id: str) -> Framework:
    return load_framework_file(project_framework_path(framework_id))


def load_framework_file(path: Path, registry: RuleRegistry | None = None) -> Framework:
    registry = registry or default_registry()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from jixiao.loaders.framework_xlsx import read_framework_xlsx

        raw, locate = read_framework_xlsx(path)
    else:
        raw = load_yaml(path)
        locate = lambda loc: Where(str(path), line=line_at(raw, loc), field=dotted(loc))  # noqa: E731
    return build_framework(raw, locate, registry, common=_common_figures(), source=str(path))


@lru_cache(maxsize=16)
def _load_builtin(framework_id: str) -> Framework:
    return load_framework_file(_builtin_dir() / f"{framework_id}.yaml")


def load_framework(reference: str, where: Where | None = None) -> Framework:
    """A built-in id (`shenzhen-2019`) or a path to a framework file."""
    if reference in builtin_ids():
        return _load_builtin(reference)
    if reference in project_framework_ids():
        return _load_builtin_project(reference)
    path = Path(reference)
    if path.suffix.lower() in (".yaml", ".yml", ".xlsx", ".xlsm"):
        try:
            found = path.exists()
        except OSError as error:  # a name longer than the file system allows
            raise InputError([Problem(where or Where(field="framework"), f"指标体系文件无法读取：{os_message(error)}")]) from None
        if found:
            return load_framework_file(path)
    known = builtin_ids() + project_framework_ids()
    close = difflib.get_close_matches(reference, known, n=1)
    hint = f"，是否指“{close[0]}”？" if close else f"（内置：{'、'.join(known)}）"
    raise InputError([Problem(where or Where(field="framework"), f"未知的指标体系“{reference}”{hint}")])


def common_catalogue() -> dict:
    """The shared figures catalogue as written (figures and derived), which a framework includes unless it says not to."""
    return _common_figures()
