"""Facts sent to the API: a JSON body of the facts structure or YAML text, read with the loaders.

Numbers in JSON are read as Decimal from their text (never through float), YAML by the loaders'
own reader, so the same facts give the same result as `jixiao evaluate` on a file. Problems keep
their place: the field path as a list, and the line for YAML.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from jixiao.loaders.facts_build import build_facts, peek_framework
from jixiao.loaders.frameworks import builtin_ids, load_framework
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import MAX_YAML_BYTES, MAX_YAML_DEPTH, dotted, line_at, load_yaml
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import Where
from jixiao.web.api.errors import ApiError, problem_item

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
BODY = "请求正文"


@dataclass
class Located:
    """A locator for build_facts that remembers each location, so errors can give loc as a list."""

    source: str
    raw: dict
    lines: bool
    seen: dict[str, list] = field(default_factory=dict)

    def __call__(self, loc: tuple) -> Where:
        where = Where(self.source, line=line_at(self.raw, loc) if self.lines else None, field=dotted(loc))
        self.seen[where.field] = [str(part) if not isinstance(part, int) else part for part in loc]
        return where

    def item(self, problem: Problem) -> dict:
        out = problem_item(problem)
        out.pop("file", None)  # the body's name is the caller's own
        if problem.where.field in self.seen:
            out["loc"] = self.seen[problem.where.field]
        return out

    def error(self, error: InputError, message: str) -> ApiError:
        return ApiError(400, "invalid_facts", message, [self.item(p) for p in error.problems])


def read_body(request, source: str = BODY) -> tuple[dict, Located]:
    """The raw facts mapping of a request body; ApiError 400/413/415 for what cannot be read."""
    content_type = request.content_type or ""
    body = request.body
    if len(body) > MAX_YAML_BYTES:
        raise ApiError(413, "too_large", f"请求正文过大（上限 {MAX_YAML_BYTES:,} 字节）")
    if content_type in JSON_TYPES:
        try:
            raw = json.loads(body.decode("utf-8"), parse_float=Decimal, parse_constant=_refuse_constant)
        except (UnicodeDecodeError, ValueError) as error:
            raise ApiError(400, "invalid_json", "请求正文不是有效的 JSON", [{"loc": ["body"], "message": _json_message(error)}]) from None
        except RecursionError:  # the parser's own stack: a body nested some thousands deep
            raise _too_deep() from None
        if _deeper_than(raw, MAX_YAML_DEPTH):  # the same bound as a facts file, before anything walks the structure
            raise _too_deep()
        if not isinstance(raw, dict):
            raise ApiError(400, "invalid_facts", "部门数据应为一个映射（键: 值）", [{"loc": ["body"], "message": "应为映射"}])
        return raw, Located(source if source != BODY else "", raw, lines=False)
    if content_type in YAML_TYPES:
        with tempfile.TemporaryDirectory(prefix="jixiao-api-") as scratch:
            path = Path(scratch) / "facts.yaml"
            path.write_bytes(body)
            try:
                raw = load_yaml(path)
            except InputError as error:
                problems = [Problem(replace(p.where, file=source), p.message) for p in error.problems]
                locator = Located(source, {}, lines=True)
                raise locator.error(InputError(problems), "YAML 无法读取") from None
        return raw, Located(source, raw, lines=True)
    raise ApiError(415, "unsupported_media_type", f"不支持的内容类型“{content_type or '未注明'}”：请用 application/json 或 application/yaml")


def _too_deep() -> ApiError:
    return ApiError(400, "invalid_json", "请求正文不是有效的部门数据", [{"loc": ["body"], "message": f"嵌套层数过多（超过 {MAX_YAML_DEPTH} 层）"}])


def _deeper_than(value, limit: int) -> bool:
    """Whether lists and mappings nest more than `limit` deep, found without recursion."""
    level = [value]
    for _ in range(limit):  # after k steps, `level` holds what sits k containers down
        level = [child for item in level if isinstance(item, (dict, list)) for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return any(isinstance(item, (dict, list)) for item in level)


def _refuse_constant(name: str):
    raise ValueError(f"不接受数值 {name}")


def _json_message(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"第 {error.lineno} 行第 {error.colno} 列：JSON 格式错误"
    if isinstance(error, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本"
    return str(error)


def builtin_framework_of(raw: dict, locate: Located) -> Framework:
    """The built-in framework the facts name; file paths are never opened on the server."""
    reference = peek_framework(raw)
    if reference not in builtin_ids():
        problem = Problem(locate(("framework",)), f"未知的指标体系“{reference or ''}”（接口只接受内置指标体系：{'、'.join(builtin_ids())}）")
        raise locate.error(InputError([problem]), "部门数据有误")
    return load_framework(reference)


def build(raw: dict, locate: Located, framework: Framework, message: str) -> Facts:
    try:
        return build_facts(raw, locate, framework, source=locate.source)
    except InputError as error:
        raise locate.error(error, message) from None
