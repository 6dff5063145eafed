"""YAML with line numbers: mappings and lists remember where each entry stands.

Numbers are read as Decimal from their text (never through float), duplicate keys are
refused, and anchors/aliases are refused (they only serve to blow up a document).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where

MAX_YAML_BYTES = 5 * 1024 * 1024


class LineDict(dict):
    """A mapping that knows its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "不支持 YAML 锚点/别名（& 和 *）", event.start_mark)
        return super().compose_node(parent, index)


def _construct_mapping(loader: _Loader, node: MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (dict, list)):
            raise yaml.MarkedYAMLError(None, None, "键不能是映射或列表", key_node.start_mark)
        if key in result:
            raise yaml.MarkedYAMLError(None, None, f"键“{key}”重复出现", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_decimal(loader: _Loader, node: ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.lower() in (".inf", "-.inf", "+.inf", ".nan"):
        raise yaml.MarkedYAMLError(None, None, f"不接受数值“{text}”", node.start_mark)
    return Decimal(text)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; an unreadable or malformed one raises InputError naming file and line."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError([Problem(Where(name), f"文件过大（{size:,} 字节，上限 {MAX_YAML_BYTES:,}）")])
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(Where(name), "文件不存在")]) from None
    except IsADirectoryError:
        raise InputError([Problem(Where(name), "这是一个目录，不是文件")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(Where(name), "文件不是 UTF-8 编码的文本（是否选错了文件？）")]) from None
    except OSError as error:
        raise InputError([Problem(Where(name), f"无法读取文件：{error.strerror}")]) from None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem(Where(name, line=line), f"YAML 格式错误：{error.problem or error.context}")]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(Where(name), f"YAML 格式错误：{error}")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(Where(name), "文件内容应为一个映射（键: 值）")])
    return data


def line_at(data: Any, loc: tuple) -> int | None:
    """The line of the deepest entry along loc that the data can locate."""
    line = getattr(data, "line", None)
    node = data
    for key in loc:
        if isinstance(node, LineDict) and key in node:
            line = node.line_of(key)
            node = node[key]
        elif isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node):
            line = node.line_of(key)
            node = node[key]
        else:
            break
    return line


def dotted(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)
