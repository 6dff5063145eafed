"""The command line's own messages in Chinese: usage errors, --help headings and the usage line.

Typer (with its bundled click) writes these in English; the command and group classes here put
each usage error into Chinese as it is raised, and the help panels' titles are set once.
"""
from __future__ import annotations

import re
import sys
import types


def _defer_rich_markdown() -> None:
    """typer.rich_utils imports rich.markdown (and with it markdown_it: about 40% of the help's import time) only
    to build Markdown for markup_mode="markdown", which jixiao never uses. Until something really uses it, a
    placeholder module stands in; the first use of any of its names loads the real module in its place."""
    if "rich.markdown" in sys.modules:
        return

    def real():
        sys.modules.pop("rich.markdown", None)
        import importlib

        return importlib.import_module("rich.markdown")

    class Markdown:
        def __new__(cls, *args, **kwargs):
            return real().Markdown(*args, **kwargs)

    placeholder = types.ModuleType("rich.markdown")
    placeholder.Markdown = Markdown

    def attribute(name: str):
        if name.startswith("__"):  # the import machinery asks for __path__, __spec__…: not a use
            raise AttributeError(name)
        return getattr(real(), name)

    placeholder.__getattr__ = attribute  # type: ignore[method-assign]
    sys.modules["rich.markdown"] = placeholder


_defer_rich_markdown()
import typer.rich_utils as rich_utils  # noqa: E402
from typer.core import TyperCommand, TyperGroup  # noqa: E402
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError  # noqa: E402

HELP_TEXT = "显示此帮助并退出。"
_PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "命令行有误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
    "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "DEPRECATED_STRING": "（已弃用）",
}
# Messages raised as plain UsageError text (the extra arguments, the option arguments, commands).
_PATTERNS = (
    (re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$", re.S), "多余的参数：{0}"),
    (re.compile(r"^Option '(.+)' requires an argument\.$"), "选项 {0} 后面需要一个值"),
    (re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"), "选项 {0} 后面需要 {1} 个值"),
    (re.compile(r"^Option '(.+)' does not take a value\.$"), "选项 {0} 不带值"),
    (re.compile(r"^No such command '(.+)'\.$"), "没有“{0}”这个命令（可用的命令见 jixiao --help）"),
    (re.compile(r"^Missing command\.$"), "缺少命令（可用的命令见 jixiao --help）"),
    (re.compile(r"^Argument '(.+)' takes (\d+) values\.$"), "参数 {0} 需要 {1} 个值"),
)


def install_chinese_help() -> None:
    for name, text in _PANEL_TITLES.items():
        setattr(rich_utils, name, text)


def chinese_usage_error(error: UsageError, ctx=None) -> UsageError:
    """The same error with its message in Chinese (the usage line and help hint are kept)."""
    if isinstance(error, MissingParameter):
        what = "选项" if error.param is not None and error.param.param_type_name == "option" else "参数"
        hint = error.param.get_error_hint() if error.param is not None else ""
        message = f"缺少{what} {hint}".rstrip()
    elif isinstance(error, NoSuchOption):
        message = f"没有选项 {error.option_name}"
        if error.possibilities:
            message += f"，是否指 {'、'.join(sorted(error.possibilities))}？"
    elif isinstance(error, BadParameter) and not isinstance(error, MissingParameter):
        hint = error.param.get_error_hint() if error.param is not None else ""
        message = f"{hint} 的值无效" + (f"：{error.message}" if not error.message.isascii() else "")
    else:
        message = _translate(error.message)
    return UsageError(message, error.ctx or ctx)


def _translate(message: str) -> str:
    for pattern, chinese in _PATTERNS:
        match = pattern.match(message)
        if match:
            return chinese.format(*match.groups())
    return message if not message.isascii() else "命令行参数有误"


def _usage(command, ctx, formatter) -> None:
    pieces = " ".join(command.collect_usage_pieces(ctx))
    pieces = pieces.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
    formatter.write_usage(ctx.command_path, pieces, prefix="用法：")


# What an option's value is, shown in --help instead of <bool>, <str>, <path>.
_VALUE_LABELS = {"bool": "", "str": "文字", "Path": "路径", "int": "整数", "list[Path]": "路径..."}


def _label_values(params: list) -> list:
    for param in params:
        label = _VALUE_LABELS.get(param.bare_type()) if hasattr(param, "bare_type") else None
        if label is None:
            continue
        if param.param_type_name == "option" and param.metavar is None:
            param.metavar = label
        elif param.param_type_name == "argument":  # an argument's metavar names it; its type column is separate
            param.display_type_rich = lambda ctx, label=label: label
    return params


def _help_option(option):
    if option is not None:
        option.help = HELP_TEXT
    return option


class _ChineseUsage:
    """What a command and a group share: Chinese value labels, usage line, help option and usage errors."""

    def get_params(self, ctx):
        return _label_values(super().get_params(ctx))  # type: ignore[misc]

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                raise
            raise chinese_usage_error(error, ctx) from None

    def format_usage(self, ctx, formatter) -> None:
        _usage(self, ctx, formatter)

    def get_help_option(self, ctx):
        return _help_option(super().get_help_option(ctx))  # type: ignore[misc]


class ChineseCommand(_ChineseUsage, TyperCommand):
    pass


class ChineseGroup(_ChineseUsage, TyperGroup):
    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            raise chinese_usage_error(error, ctx) from None
