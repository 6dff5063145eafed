"""How every command reports input it cannot use: each problem with its place, exit status 2, nothing written."""
from __future__ import annotations

from pathlib import Path

import typer

EXIT_INPUT = 2
SHOWN_PROBLEMS = 100


def fail_input(problems) -> None:
    from rich.text import Text

    from jixiao.cli.console import error_console

    console = error_console()
    console.print(Text("输入有误，未生成任何结果：", style="bold red"))
    for problem in problems[:SHOWN_PROBLEMS]:
        console.print(Text("  ✗ ", style="red") + Text(problem.describe()), highlight=False)
    if len(problems) > SHOWN_PROBLEMS:
        console.print(Text(f"  ……另有 {len(problems) - SHOWN_PROBLEMS:,} 处问题未列出", style="red"))
    raise typer.Exit(EXIT_INPUT)


def fail_write(default: Path, error: OSError) -> None:
    """An output that cannot be written: the path that failed and why, in Chinese."""
    from jixiao.loaders.os_messages import write_failure
    from jixiao.loaders.problems import Problem
    from jixiao.model.result import Where

    path, message = write_failure(error, default)
    fail_input([Problem(Where(path), message)])
