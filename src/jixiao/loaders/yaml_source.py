"""YAML with line numbers: mappings and lists remember where each entry stands.

Numbers are read as Decimal from their text (never through float); only plain decimal numbers are
numbers (YAML 1.1 would read 0x10, 0o17, 017, 1_000 and 1:30 as 16, 15, 15, 1000 and 90); duplicate keys are
refused, and anchors/aliases are refused (they only serve to blow up a document).
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from jixiao.loaders.input_file import read_bounded
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where

MAX_YAML_BYTES = 5 * 1024 * 1024
# A facts file has a few hundred entries and a framework a few thousand, nested a dozen deep;
# these bounds refuse hostile documents before they cost seconds or exhaust the stack.
MAX_YAML_DEPTH = 60
MAX_YAML_NODES = 50_000
MAX_YAML_LINES = 100_000


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
    depth = 0
    nodes = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if self.check_event(yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "不支持 YAML 锚点/别名（& 和 *）", event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            raise yaml.MarkedYAMLError(None, None, f"内容过多（超过 {MAX_YAML_NODES:,} 项），不像部门数据或指标体系", event.start_mark)
        if self.depth >= MAX_YAML_DEPTH:
            raise yaml.MarkedYAMLError(None, None, f"嵌套层数过多（超过 {MAX_YAML_DEPTH} 层）", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except _NotDecimalError as error:
            if not isinstance(value_node, ScalarNode):
                raise
            raise _NotDecimalError(None, None, f"“{key}”的值{error.problem}", error.problem_mark) from None
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


# What a person means by a number: no hexadecimal, octal, binary, sexagesimal or digit groups.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")


class _NotDecimalError(yaml.MarkedYAMLError):
    pass


def _plain_number_text(loader: _Loader, node: ScalarNode, plain: re.Pattern) -> str:
    text = str(loader.construct_scalar(node))
    if not plain.fullmatch(text):
        raise _NotDecimalError(
            None, None, f"“{text}”不是十进制数的写法（YAML 会把它读成别的数值）：请写成十进制数（如 1000），或加引号作为文字", node.start_mark
        )
    return text


def _construct_int(loader: _Loader, node: ScalarNode) -> int:
    return int(_plain_number_text(loader, node, _PLAIN_INT))


def _construct_decimal(loader: _Loader, node: ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node))
    if text.lower() in (".inf", "-.inf", "+.inf", ".nan"):
        raise yaml.MarkedYAMLError(None, None, f"不接受数值“{text}”", node.start_mark)
    return Decimal(_plain_number_text(loader, node, _PLAIN_FLOAT))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _construct_timestamp(loader: _Loader, node: ScalarNode):
    """A date such as 2024-06-30; one that is no date (2024-13-01) is refused at its line, not a crash."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.MarkedYAMLError(None, None, f"“{node.value}”不是有效的日期（应写成 2024-06-30）", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; an unreadable or malformed one raises InputError naming file and line."""
    name = str(path)
    try:
        text = read_bounded(path, MAX_YAML_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(Where(name), "文件不是 UTF-8 编码的文本（是否选错了文件？）")]) from None
    if text.count("\n") > MAX_YAML_LINES:
        raise InputError([Problem(Where(name), f"内容过多（超过 {MAX_YAML_LINES:,} 行），不像部门数据或指标体系")])
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem(Where(name, line=line), f"YAML 格式错误：{_yaml_problem(error.problem or error.context)}")]) from None
    except yaml.YAMLError:
        raise InputError([Problem(Where(name), f"YAML 格式错误：{_yaml_problem(None)}")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(Where(name), "文件内容应为一个映射（键: 值）")])
    return data


# PyYAML's own problems, in Chinese; jixiao's (already Chinese) pass through.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "此处不能出现“键: 值”（冒号后的内容可能需要加引号，或缩进有误）"),
    ("could not find expected ':'", "缺少冒号“:”（或缩进有误）"),
    ("cannot start any token", "出现了不能作为开头的字符（制表符请改为空格，@ 和 ` 开头的文字请加引号）"),
    ("expected <block end>", "缩进不一致"),
    ("expected ',' or ']'", "方括号列表 [ ] 未正确结束"),
    ("expected ',' or '}'", "花括号映射 { } 未正确结束"),
    ("found unexpected end of stream", "文件在引号或括号结束之前就结束了"),
    ("found unknown escape character", "双引号中有无法识别的转义字符（\\ 请写成 \\\\，或改用单引号）"),
    ("unacceptable character", "含有不允许的控制字符"),
    ("found unhashable key", "键不能是映射或列表"),
    ("expected a single document", "文件中只能有一份文档（不要使用 ---）"),
    ("found character", "出现了不允许的字符"),
    ("expected alphabetic or numeric character", "& 或 * 之后应为名称（& 和 * 开头的文字请加引号）"),
)


def _yaml_problem(problem: str | None) -> str:
    if problem and not problem.isascii():
        return problem
    for english, chinese in _YAML_PROBLEMS:
        if problem and english in problem:
            return chinese
    return "此处格式不合法（常见原因：缩进不一致、冒号后缺空格、引号或括号未闭合）"


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
