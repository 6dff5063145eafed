"""Every command's --help is in Chinese, the web system's groups (org, round) and their commands included (issue 18, item 12)."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from jixiao.cli.main import app

COMMANDS = [
    [], ["org"], ["org", "import"], ["org", "add-person"], ["org", "demo"], ["round"], ["round", "export"], ["round", "import"],
    ["push"], ["backup"], ["restore"], ["serve"], ["evaluate"], ["check"], ["frameworks"],
]
ENGLISH = re.compile(r"Usage:|Show this message|\[OPTIONS\]|\[required\]|\[default|Options|Arguments|Commands|<bool>|<str>|<path>")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "jixiao")
def test_help_is_in_chinese(command):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "用法：" in result.output and "显示此帮助并退出" in result.output
    assert not ENGLISH.findall(result.output), ENGLISH.findall(result.output)
