"""`jixiao monitor`: in-year monitoring — warnings with their colour and reasons, and the 监控 documents."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

STYLES = {"red": "bold red", "yellow": "yellow", "green": "green", "blue": "cyan"}


def monitor_command(
    path: Path = typer.Argument(..., metavar="文件或目录", help="监控数据：YAML 文件，或装有各部门监控数据的目录"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="改用此截止日期计算序时进度（如 2024-06-30，须在监控年度内）"),
    out: Optional[Path] = typer.Option(None, "--out", help="写出 监控情况表.xlsx、监控报告.docx（目录时另有 预警清单.xlsx）的目录"),
    template: Optional[Path] = typer.Option(None, "--template", help="只写出预填了绩效目标和预算的 监控填报表.xlsx（可只有目标和预算）"),
) -> None:
    """绩效运行监控：按序时进度计算预算执行与绩效目标的预警（红 / 黄 / 绿 / 蓝）及其依据，列出须补填的内容。

    无须补填的内容时退出码 0，有须补填或更正的内容时 1，无法读取 2。"""
    from rich.text import Text

    from jixiao.cli.console import error_console, output_console
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where
    from jixiao.monitoring.review import review_monitoring_file

    date = None
    if as_of is not None:
        try:
            date = dt.date.fromisoformat(as_of.strip())
        except ValueError:
            _fail([Problem(Where(field="--as-of"), f"日期应写成 2024-06-30，实际为“{as_of}”")])
    if template is not None:
        _write_template(path, template)
        return
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".xlsx")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        _fail([Problem(Where(str(path)), "目录中没有监控数据文件（.yaml 或 .xlsx 监控填报表）")])
    reviews, problems = [], []
    progress = None
    if len(files) > 1:
        from rich.progress import Progress

        progress = Progress(transient=True, console=error_console())
        progress.start()
        task = progress.add_task("计算预警", total=len(files))
    try:
        for file in files:
            try:
                reviews.append(review_monitoring_file(file, date))
            except InputError as error:
                problems.extend(error.problems)
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    if problems:
        _fail(problems)
    console = output_console()
    for review in reviews:
        console.print(render_review(review))
    if out is not None:
        _write(reviews, out, len(files) > 1)
        console.print(Text(f"已写出监控文书：{out}"))
    missing = [p for review in reviews for p in review.problems]
    if missing:
        console.print(Text(f"须补填或更正 {len(missing)} 处：", style="bold red"))
        for problem in missing:
            console.print(Text("  ✗ ", style="red") + Text(problem.describe()), highlight=False)
        raise typer.Exit(1)


def render_review(review):
    """One line per project: its light and 执行率; under it each signal that is not green, with its figures."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from jixiao.model.quantity import format_percent
    from jixiao.monitoring.signals import SIGNAL_LABELS
    from jixiao.monitoring.thresholds import COLOUR_LABELS

    m, t = review.monitoring, review.thresholds
    title = Text(
        f"{m.department} {m.year} 年 1–{m.months} 月绩效运行监控（截至 {m.as_of.isoformat()}，序时进度 {format_percent(review.time_progress)}）",
        style="bold",
    )
    table = Table(show_lines=True)
    table.add_column("项目")
    table.add_column("灯", justify="center")
    table.add_column("执行率", justify="right")
    table.add_column("预警及依据", overflow="fold")
    for lights in review.lights:
        name = "部门整体" if lights.subject.kind == "department" else lights.subject.name
        lines = Text()
        for signal in lights.signals:
            if signal.colour == "green":
                continue
            if lines:
                lines.append("\n")
            lines.append(f"{COLOUR_LABELS[signal.colour]} {SIGNAL_LABELS[signal.kind]}", style=STYLES[signal.colour])
            lines.append(f"（{signal.target.split(' / ')[-1]}）" if signal.target else "")
            lines.append(f"：{signal.basis}")
        rate = format_percent(lights.execution_rate) if lights.execution_rate is not None else "—"
        table.add_row(name, Text(COLOUR_LABELS[lights.colour], style=STYLES[lights.colour]), rate, lines or Text("各项均为绿灯", style="green"))
    bands = Text(f"阈值：执行率与序时进度之比 {t.execution.describe()}；目标完成程度 {t.progress.describe()}；目标与执行相差超过 {_points(t.gap_points)} 个百分点为黄", style="dim")
    return Group(title, table, bands)


def _points(value) -> str:
    from jixiao.monitoring.thresholds import points_text

    return points_text(value)


def _write(reviews, out: Path, several: bool) -> None:
    from functools import partial

    from jixiao.render.atomic import write_all
    from jixiao.render.monitoring_report import write_monitoring_report
    from jixiao.render.monitoring_xlsx import DEPARTMENT_FILE, PROJECT_FILE, WARNINGS_FILE, write_department_table, write_project_tables, write_warning_list

    targets = {}
    for review in reviews:
        folder = out / _folder_name(review.monitoring.department) if several else out
        targets[folder / PROJECT_FILE] = partial(write_project_tables, review)
        targets[folder / DEPARTMENT_FILE] = partial(write_department_table, review)
        targets[folder / "监控报告.docx"] = partial(write_monitoring_report, review)
    targets[out / WARNINGS_FILE] = partial(write_warning_list, reviews)
    try:
        write_all(targets)
    except OSError as error:
        from jixiao.cli.failures import fail_write

        fail_write(out, error)


def _write_template(path: Path, template: Path) -> None:
    from functools import partial

    from jixiao.cli.console import output_console
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where
    from jixiao.monitoring.loader import load_monitoring
    from jixiao.render.atomic import write_all
    from jixiao.render.monitoring_template import write_monitoring_template

    if template.suffix.lower() != ".xlsx":
        _fail([Problem(Where(str(template)), "监控填报表文件名应以 .xlsx 结尾")])
    try:
        monitoring, _thresholds = load_monitoring(path, require_progress=False)
    except InputError as error:
        _fail(error.problems)
    try:
        write_all({template: partial(write_monitoring_template, monitoring)})
    except OSError as error:
        from jixiao.cli.failures import fail_write

        fail_write(template, error)
    output_console().print(f"已生成监控填报表：{template}")


def _folder_name(name: str) -> str:
    return "".join("＿" if ch in '/\\:*?"<>|' else ch for ch in name).strip(". ") or "部门"


def _fail(problems) -> None:
    from jixiao.cli.failures import fail_input  # the one way every command reports bad input

    fail_input(problems)
