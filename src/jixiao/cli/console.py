"""Rich renderings of frameworks and evaluations for the terminal."""
from __future__ import annotations

from dataclasses import replace

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from jixiao.model.framework import Framework
from jixiao.model.result import SEVERITY_LABELS, Evaluation
from jixiao.rules import default_registry, points

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def output_console() -> Console:
    # Long lines (paths, messages) are left to the terminal to wrap, never cut mid-path.
    return Console(soft_wrap=True)


def error_console() -> Console:
    return Console(stderr=True, soft_wrap=True)


def render_framework_list(frameworks: list[Framework]) -> Table:
    table = Table(title="内置指标体系", show_lines=False)
    table.add_column("编号", style="bold")
    table.add_column("名称")
    table.add_column("总分", justify="right")
    table.add_column("末级指标数", justify="right")
    for framework in frameworks:
        leaves = sum(1 for _, node in framework.walk() if node.is_leaf)
        slots = sum(1 for _, node in framework.walk() if node.slot is not None)
        count = f"{leaves}" + (f" + {slots} 处个性指标" if slots else "")
        table.add_row(framework.id, framework.name, points(framework.total), count)
    return table


def render_framework_tree(framework: Framework) -> Tree:
    registry = default_registry()
    tree = Tree(Text(f"{framework.name}（{framework.id}，总分 {points(framework.total)}）", style="bold"))
    branches = {(): tree}
    for path, node in framework.walk():
        label = Text(f"{node.name}  {points(node.weight)} 分")
        if node.rule is not None:
            kind = registry.get(node.rule.kind)
            label.append(f"  [{kind.label if kind else node.rule.kind}]", style="cyan")
        if node.slot is not None:
            groups = f"，类别：{'、'.join(node.slot.groups)}" if node.slot.groups else ""
            label.append(f"  [个性指标，由部门填写{groups}]", style="magenta")
        if node.bonus:
            label.append("  [加减分]", style="yellow")
        branches[path] = branches[path[:-1]].add(label)
    return tree


def render_evaluation(result: Evaluation, project: str | None = None) -> Group:
    what = f"“{project}”项目支出绩效自评" if project else "部门整体支出绩效自评"  # a project's 自评表 (jixiao.projects)
    title = f"{result.department} {result.year} 年度{what}（{result.framework_name}）"
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("指标", ratio=3, overflow="fold")
    table.add_column("分值", justify="right", no_wrap=True, min_width=5)
    table.add_column("得分", justify="right", no_wrap=True, min_width=6)
    table.add_column("自评分", justify="right", no_wrap=True, min_width=6)
    table.add_column("评分依据", ratio=6, overflow="fold")
    subtotals = {node.path: node for node in result.nodes}
    shown: set[tuple[str, ...]] = set()
    for row in result.rows:
        for depth in range(1, len(row.path)):
            prefix = row.path[:depth]
            if prefix in subtotals and prefix not in shown:
                shown.add(prefix)
                node = subtotals[prefix]
                table.add_row(Text("　" * (depth - 1) + prefix[-1], style="bold"), points(node.weight), f"{node.score:.2f}", "", "")
        stated = "" if row.stated_score is None else f"{row.stated_score:.2f}"
        style = "red" if row.stated_score is not None and row.stated_score != row.score else ""
        score = "未列" if row.unscored else f"{row.score:.2f}"
        table.add_row("　" * (len(row.path) - 1) + row.path[-1], points(row.weight), score, Text(stated, style=style), row.basis)
    incomplete = f"（不完整：{result.incomplete} 项未列得分）" if result.incomplete else ""
    summary = Text(f"总分{incomplete} {result.total:.2f}，等级 {result.grade}", style="bold yellow" if incomplete else "bold green")
    if result.stated_total is not None:
        summary.append(f"（自评总分 {result.stated_total:.2f}）", style="" if result.stated_total == result.total else "bold red")
    parts: list = [table, summary]
    if result.findings:
        parts.append(Text("\n复核发现的问题：", style="bold"))
        parts.extend(_finding_lines(result))
    return Group(*parts)


def _finding_lines(result: Evaluation) -> list[Text]:
    lines = []
    for finding in result.findings:
        line = Text(f"  [{SEVERITY_LABELS[finding.severity]}] ", style=SEVERITY_STYLES[finding.severity])
        line.append(f"{finding.code}  ", style="dim")
        line.append(finding.message)
        place = [p for p in ("/".join(finding.path), finding.where.describe()) if p]
        if place:
            line.append(f"\n      位置：{'；'.join(place)}", style="dim")
        lines.append(line)
    return lines


def render_findings(result: Evaluation) -> Group:
    counts = {severity: sum(1 for f in result.findings if f.severity == severity) for severity in SEVERITY_LABELS}
    head = Text(f"{result.department} {result.year} 年度复核：", style="bold")
    head.append("，".join(f"{SEVERITY_LABELS[s]} {n} 项" for s, n in counts.items()))
    parts: list = [head]
    for severity, label in SEVERITY_LABELS.items():
        group = [f for f in result.findings if f.severity == severity]
        if group:
            parts.append(Text(f"\n{label}（{len(group)}）", style=SEVERITY_STYLES[severity]))
            parts.extend(_finding_lines(replace(result, findings=tuple(group))))
    if not result.findings:
        parts.append(Text("未发现问题。", style="green"))
    return Group(*parts)


def render_ingested(report) -> Group:
    """What was read from a published report, each item with where it was found."""
    head = Table(show_header=False, box=None)
    head.add_column(style="bold")
    head.add_column()
    for label, value, key in (
        ("单位", report.department, "department"), ("年度", report.year, "year"), ("报告日期", report.report_date, None),
        ("自评总分", report.stated_total, "stated_total"), ("等级", report.stated_grade, "stated_grade"),
        ("匹配的指标体系", report.framework_id or "无（以报告自带的评分表为指标体系）", None),
    ):
        where = report.places.get(key) if key else None
        shown = "未读出" if value is None else str(value)
        head.add_row(label, shown + (f"（{where.describe()}）" if where else ""))
    if report.project is not None:  # a 项目支出绩效自评表: the project and its 主管部门 beside the unit
        for label, value, key in (("项目名称", report.project.project, "project"), ("主管部门", report.project.department, "department")):
            where = report.project.places.get(key)
            head.add_row(label, (value or "未读出") + (f"（{where.describe()}）" if where else ""))
    rows = Table(title=f"评分表（{len(report.rows)} 行）", show_lines=False)
    for title in ("指标", "分值", "自评分", "年度指标值", "完成值", "出处"):
        rows.add_column(title, overflow="fold")
    for row in report.rows:
        rows.add_row("/".join(row.path), points(row.weight), "" if row.score is None else f"{row.score}", row.target or "", row.actual or "", row.where.describe() if row.where else "")
    figures = Table(title="主要数据")
    for title in ("数据项", "数值", "原文", "出处"):
        figures.add_column(title, overflow="fold")
    for key, found in report.figures.items():
        for item in found:
            figures.add_row(key, item.value.display(), item.text, item.where.describe())
    parts: list = [head, rows, figures]
    if report.stated_rows:  # 预算资金 rows and a 汇总表's units, as printed
        money = Table(title=f"金额表与汇总表（{len(report.stated_rows)} 行）")
        for title in ("表", "行", "预算数", "执行数", "执行率", "自评分数", "复核分数", "出处"):
            money.add_column(title, overflow="fold")
        shown = lambda value: "" if value is None else f"{value}"  # noqa: E731
        for r in report.stated_rows:
            rate = "" if r.rate is None else f"{r.rate * 100:.2f}%"
            money.add_row(r.table, r.label, shown(r.budget) + (f" {r.unit}" if r.unit and r.budget is not None else ""), shown(r.spent), rate, shown(r.self_score), shown(r.reviewed), r.where.describe())
        parts.append(money)
    for message, where in report.notes:
        parts.append(Text(f"  [提示] {message}" + (f"（{where.describe()}）" if where else ""), style="cyan"))
    return Group(*parts)
