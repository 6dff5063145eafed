"""The jixiao command: a thin layer over the library. Heavy modules load inside commands."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from jixiao.cli.failures import EXIT_INPUT, SHOWN_PROBLEMS, fail_input, fail_write
from jixiao.cli.usage import ChineseCommand, ChineseGroup, install_chinese_help

install_chinese_help()
app = typer.Typer(cls=ChineseGroup, add_completion=False, no_args_is_help=True, help="jixiao 绩效：部门整体支出绩效自评的评分、检查与文书。")
frameworks_app = typer.Typer(cls=ChineseGroup, help="列出、查看或导出指标体系。", invoke_without_command=True)
app.add_typer(frameworks_app, name="frameworks")
from jixiao.cli.org import org_app  # noqa: E402 - the web system's people and organisations

app.add_typer(org_app, name="org")
from jixiao.cli.push import push_command  # noqa: E402 - the web system's REST API client

app.command("push", cls=ChineseCommand)(push_command)
from jixiao.cli.monitor import monitor_command  # noqa: E402 - in-year monitoring

app.command("monitor", cls=ChineseCommand)(monitor_command)
from jixiao.cli.ops import backup, restore, round_app  # noqa: E402 - moving rounds and whole instances

app.add_typer(round_app, name="round")
app.command("backup", cls=ChineseCommand)(backup)
app.command("restore", cls=ChineseCommand)(restore)

SUMMARY_TITLE = "部门整体支出绩效自评汇总表"


_fail_input, _fail_write = fail_input, fail_write  # the names the commands below use


@frameworks_app.callback()
def frameworks_list(ctx: typer.Context) -> None:
    """列出内置指标体系。"""
    if ctx.invoked_subcommand is not None:
        return
    from jixiao.cli.console import output_console, render_framework_list
    from jixiao.loaders.frameworks import builtin_ids, load_framework, project_framework_ids

    output_console().print(render_framework_list([load_framework(i) for i in builtin_ids() + project_framework_ids()]))


@frameworks_app.command("show", cls=ChineseCommand)
def frameworks_show(framework: str = typer.Argument(..., metavar="指标体系", help="指标体系编号（如 shenzhen-2019）或文件路径")) -> None:
    """以树形显示一个指标体系的各级指标、分值和评分规则。"""
    from jixiao.cli.console import output_console, render_framework_tree
    from jixiao.loaders.frameworks import load_framework
    from jixiao.loaders.problems import InputError

    try:
        loaded = load_framework(framework)
    except InputError as error:
        _fail_input(error.problems)
    output_console().print(render_framework_tree(loaded))


@frameworks_app.command("export", cls=ChineseCommand)
def frameworks_export(
    framework: str = typer.Argument(..., metavar="指标体系", help="指标体系编号（如 shenzhen-2019）或文件路径（YAML / xlsx）"),
    out: Path = typer.Option(..., "-o", "--out", metavar="文件", help="写出的文件：指标体系.xlsx（按评分表排版）或 .yaml"),
) -> None:
    """把指标体系写成 Excel 评分表或 YAML 文件，修改后可用 --framework 或网页上传使用，读回即为同一体系。"""
    from jixiao.authoring.export import export_framework
    from jixiao.cli.console import output_console
    from jixiao.authoring.raw import ExportError
    from jixiao.loaders.frameworks import common_catalogue, load_framework
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where

    try:
        loaded = load_framework(framework)
        export_framework(loaded, out, common_catalogue())
    except InputError as error:
        _fail_input(error.problems)
    except ExportError as error:
        _fail_input([Problem(Where(str(out)), str(error))])
    except OSError as error:
        _fail_write(out, error)
    output_console().print(f"已写出 {out}：{loaded.name}")


@app.command(cls=ChineseCommand)
def template(
    framework: str = typer.Option(..., "--framework", "-f", help="指标体系编号或文件路径"),
    output: Path = typer.Option(..., "-o", "--output", help="要写出的填报表（.xlsx）"),
    targets: Optional[Path] = typer.Option(None, "--targets", help="项目指标体系：写出此绩效目标表（YAML）的 Excel 版本"),
    monitoring: Optional[Path] = typer.Option(None, "--monitoring", help="项目指标体系：以此监控数据（最后一期）为起点，为目标表中的每个项目写出年底自评数据（-o 为目录）"),
) -> None:
    """生成某指标体系的 Excel 填报表（含填报说明、数据项、指标评分、个性指标）；项目指标体系生成绩效目标表，或由监控数据预填的年底自评数据。"""
    from jixiao.cli.console import output_console
    from jixiao.loaders.frameworks import load_framework
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where
    from jixiao.render.template_xlsx import write_template

    if monitoring is not None:  # the year-end 自评 of each project, starting from the last monitoring period
        from jixiao.cli.projects import write_prefilled_projects

        try:
            written = write_prefilled_projects(load_framework(framework), targets, monitoring, output)
        except InputError as error:
            _fail_input(error.problems)
        except OSError as error:
            _fail_write(output, error)
        for path in written:
            output_console().print(f"已写出年底项目自评数据（实际完成值取自监控）：{path}")
        return
    if output.suffix.lower() != ".xlsx":
        _fail_input([Problem(Where(str(output)), "填报表文件名应以 .xlsx 结尾")])
    try:
        loaded = load_framework(framework)
    except InputError as error:
        _fail_input(error.problems)
    if loaded.project is not None:  # a project framework: the 绩效目标表 to fill (or the given one, to edit in Excel)
        from jixiao.cli.projects import write_targets_template

        try:
            write_targets_template(loaded, output, targets)
        except InputError as error:
            _fail_input(error.problems)
        except OSError as error:
            _fail_write(output, error)
        output_console().print(f"已生成绩效目标表：{output}")
        return
    try:
        write_template(loaded, output)
    except OSError as error:
        _fail_write(output, error)
    output_console().print(f"已生成填报表：{output}")


@app.command(cls=ChineseCommand)
def evaluate(
    facts_file: Path = typer.Argument(..., metavar="文件或目录", help="部门数据：YAML 文件或已填写的 .xlsx 填报表"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果"),
    framework: Optional[str] = typer.Option(None, "--framework", "-f", help="改用此指标体系（编号或文件）"),
    out: Optional[Path] = typer.Option(None, "--out", help="写出 评分表.xlsx 和 自评报告.docx 的目录"),
    pdf: bool = typer.Option(False, "--pdf", help="同时生成 自评报告.pdf（需要 LibreOffice）"),
    template: Optional[Path] = typer.Option(None, "--template", help="自定义报告模板（含占位符的 .docx）"),
    docs: bool = typer.Option(False, "--docs", help="目录批量评分时，为每个单位写出 评分表.xlsx 和 自评报告.docx"),
    projects: Optional[Path] = typer.Option(None, "--projects", help="部门整体自评：由此目录中各项目的自评计算绩效目标完成率、项目完成及时性等数据"),
) -> None:
    """按指标体系计算每项得分、评分依据、总分和等级，并附复核检查发现的问题；--out 写出文书。

    所给的是目录时，逐一评分（使用全部 CPU 核心，显示进度），写出 汇总表.xlsx；加 --docs 为每个单位写出文书。"""
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where
    from jixiao.loaders.input_file import is_folder
    from jixiao.review import review_file

    if is_folder(facts_file):
        from jixiao.cli.batch import evaluate_folder

        raise typer.Exit(evaluate_folder(facts_file, out or facts_file / "jixiao-out", docs))

    project_figures = None
    try:
        if projects is not None:
            from jixiao.cli.projects import review_with_projects

            _facts, _framework, result, project_figures = review_with_projects(facts_file, projects, framework)
        else:
            _facts, _framework, result = review_file(facts_file, framework)
    except InputError as error:
        _fail_input(error.problems)
    blocking = [f for f in result.findings if f.blocking]
    if blocking:
        _fail_input([Problem(f.where, f"{'/'.join(f.path)}：{f.message}" if f.path else f.message) for f in blocking])
    if (pdf or template) and out is None:
        _fail_input([Problem(Where(field="--out"), "--pdf 和 --template 需要同时用 --out 指定输出目录")])
    if template is not None:
        from jixiao.render.custom_template import check_template

        try:
            check_template(template)
        except InputError as error:
            _fail_input(error.problems)
    if out is not None:  # every destination and the PDF converter, before anything is shown or written
        from jixiao.render.documents import PdfUnavailable, preflight

        try:
            preflight(out, pdf)
        except PdfUnavailable as error:
            _fail_input([Problem(Where(str(out)), str(error))])
        except OSError as error:
            _fail_write(out, error)
    if as_json:
        import json

        data = result.as_dict()
        if _facts.project is not None:  # a project's own keys beside the usual ones (department is its 主管部门)
            data["project"] = {"name": _facts.project.project, "implementer": _facts.project.implementer, "carried_over": _facts.project.carried_over}
        if project_figures is not None:
            data["project_figures"] = {key: int(q.value) for key, q in project_figures.figures().items()} | {"paragraph": project_figures.paragraph()}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        from jixiao.cli.console import output_console, render_evaluation

        output_console().print(render_evaluation(result, _facts.project.project if _facts.project is not None else None))
        if project_figures is not None:
            output_console().print(f"项目自评：{project_figures.paragraph()}", highlight=False)
    if out is not None and _facts.project is not None:  # a project: its 项目支出绩效自评表.xlsx
        from jixiao.cli.projects import write_project_documents
        from jixiao.render.project_xlsx import ProjectResult

        try:
            written = write_project_documents(out, [ProjectResult(_framework, _facts, result)])
        except OSError as error:
            _fail_write(out, error)
        from jixiao.cli.console import error_console

        error_console().print("已写出：" + "、".join(str(p) for p in written), highlight=False)
    elif out is not None:
        _write_documents(out, _framework, _facts, result, pdf, template)


def _write_documents(out: Path, framework, facts, result, pdf: bool, template: Optional[Path]) -> None:
    from jixiao.cli.console import error_console
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where
    from jixiao.render.documents import PdfUnavailable, write_documents

    try:
        written = write_documents(out, framework, facts, result, pdf=pdf, template=template)
    except InputError as error:
        _fail_input(error.problems)
    except PdfUnavailable as error:
        _fail_input([Problem(Where(str(out)), str(error))])
    except OSError as error:
        _fail_write(out, error)
    error_console().print("已写出：" + "、".join(str(p) for p in written), highlight=False)


@app.command(cls=ChineseCommand)
def check(
    facts_file: Path = typer.Argument(..., metavar="文件或目录", help="部门数据：YAML 文件或已填写的 .xlsx 填报表"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出发现的问题"),
    framework: Optional[str] = typer.Option(None, "--framework", "-f", help="改用此指标体系（编号或文件）"),
    out: Optional[Path] = typer.Option(None, "--out", help="目录复核时写出 复核结果.json 的目录"),
) -> None:
    """复核检查：列出算术不符、前后矛盾、不可能的数值和违反流程的地方。无错误退出码 0，有错误 1，无法读取 2。

    所给的是目录时逐一复核（全部 CPU 核心，显示进度）；任何一份有错误或无法读取，退出码为 1。"""
    from jixiao.loaders.problems import InputError
    from jixiao.loaders.input_file import is_folder
    from jixiao.review import review_file

    if is_folder(facts_file):
        from jixiao.cli.batch import check_folder

        raise typer.Exit(check_folder(facts_file, out))

    try:
        _facts, _framework, result = review_file(facts_file, framework)
    except InputError as error:
        _fail_input(error.problems)
    if as_json:
        import json

        sys.stdout.write(json.dumps([f.as_dict() for f in result.findings], ensure_ascii=False, indent=2) + "\n")
    else:
        from jixiao.cli.console import output_console, render_findings

        output_console().print(render_findings(result))
    if result.has_errors:
        raise typer.Exit(1)


@app.command(cls=ChineseCommand)
def summary(
    files: list[Path] = typer.Argument(..., metavar="文件...", help="各单位的部门数据文件（YAML 或 .xlsx 填报表）"),
    output: Path = typer.Option(..., "-o", "--output", help="要写出的汇总表（.xlsx）"),
    title: str = typer.Option("部门整体支出绩效自评汇总表", "--title", help="表头标题"),
) -> None:
    """主管部门汇总表：各单位预算数、执行数、执行率、自评分数、复核分数及合计；项目自评数据（或其目录）生成项目自评汇总表。"""
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where
    from jixiao.render.atomic import write_all
    from jixiao.render.summary_xlsx import SummaryLine, build_summary
    from jixiao.review import review_file

    if output.suffix.lower() != ".xlsx":
        _fail_input([Problem(Where(str(output)), "汇总表文件名应以 .xlsx 结尾")])
    from jixiao.cli.projects import project_files

    try:
        projects = project_files(files)
    except InputError as error:
        _fail_input(error.problems)
    if projects:  # a department's projects: its 项目自评汇总表 and every 自评表
        from jixiao.cli.projects import review_projects, write_project_summary

        try:
            results = review_projects(projects)
            write_project_summary(output, results, None if title == SUMMARY_TITLE else title)
        except InputError as error:
            _fail_input(error.problems)
        except OSError as error:
            _fail_write(output, error)
        from jixiao.cli.console import output_console

        output_console().print(f"已写出项目自评汇总表：{output}（{len(results)} 个项目）")
        return
    lines, problems = [], []
    for path in files:
        try:
            facts, _framework, result = review_file(path)
        except InputError as error:
            problems.extend(error.problems)
            continue
        blocking = [f for f in result.findings if f.blocking]
        problems.extend(Problem(f.where, f.message) for f in blocking)
        budget, spent = result.values.get("调整后预算"), result.values.get("实际支出")
        grade = result.grade if facts.reviewed_total is None else _framework.grade_for(facts.reviewed_total)  # of the last stage
        lines.append(SummaryLine(facts.department, budget and budget.value, spent and spent.value, result.total, facts.reviewed_total, grade=grade))
    if problems:
        _fail_input(problems)
    try:
        write_all({output: build_summary(lines, title).save})
    except OSError as error:
        _fail_write(output, error)
    from jixiao.cli.console import output_console

    output_console().print(f"已写出汇总表：{output}（{len(lines)} 个单位）")


@app.command(cls=ChineseCommand)
def ingest(
    source: Path = typer.Argument(..., metavar="报告或目录", help="已发布的自评报告（.txt .md .docx .xlsx .pdf），或存放报告的目录"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出读取结果"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="单个报告：写出部门数据 YAML；目录：写出结果的目录"),
) -> None:
    """读取已发布的自评报告：单位、年度、总分、等级、评分表逐行、主要金额，各注明出处。"""
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.loaders.input_file import is_folder
    from jixiao.model.result import Where

    if is_folder(source):
        from jixiao.cli.batch import ingest_folder

        raise typer.Exit(ingest_folder(source, output or source / "jixiao-ingest"))
    from jixiao.ingest.report import ingest as read_report
    from jixiao.ingest.write import facts_documents
    from jixiao.render.atomic import text_writer, write_all

    try:
        report = read_report(source)
    except InputError as error:
        _fail_input(error.problems)
    if as_json:
        import json

        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from jixiao.cli.console import output_console, render_ingested

        output_console().print(render_ingested(report))
    if output is not None:
        if output.suffix.lower() not in (".yaml", ".yml"):
            _fail_input([Problem(Where(str(output)), "输出的部门数据文件名应以 .yaml 结尾")])
        try:
            documents = facts_documents(report, output)
            write_all({path: text_writer(text) for path, text in documents.items()})
        except InputError as error:
            _fail_input(error.problems)
        except OSError as error:
            _fail_write(output, error)
        from jixiao.cli.console import error_console

        error_console().print("已写出：" + "、".join(str(p) for p in documents), highlight=False)


@app.command(cls=ChineseCommand)
def serve(
    demo: bool = typer.Option(False, "--demo", help="建立演示地区并打印演示账号（可重复执行）"),
    port: int = typer.Option(8000, "--port", help="端口"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    workers: int = typer.Option(2, "--workers", help="gunicorn 工作进程数"),
) -> None:
    """网页系统：迁移数据库（--demo 时建立演示数据）并启动网页服务，说明见网页系统文档。"""
    from jixiao.web.serve import serve as run_server

    run_server(host, port, demo, workers)


@app.command()
def remind() -> None:
    """每日提醒（网页系统，供 cron 或 systemd 定时器每天执行）：填报与整改的即将截止、已逾期通知，并发送未发的通知邮件；见部署文档。"""
    from jixiao.cli.ops import _django

    _django()
    from django.core.management import call_command

    call_command("remind")


@app.command(cls=ChineseCommand)
def publish(round_id: Optional[int] = typer.Argument(None, metavar="批次编号", help="评价批次编号（网页地址 /rounds/编号/ 中的数字；不填：所有批次）")) -> None:
    """生成网页上已申请的公开（供 cron 或 systemd 定时器执行）：逐个单位生成材料并显示进度，全部生成后才公开；可中断、可重复执行。"""
    from jixiao.cli.ops import _django

    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("publish", *([] if round_id is None else [str(round_id)]))
    except CommandError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_INPUT) from None


def run() -> None:
    """Entry point: bad input is handled in the commands; anything else is a bug, said plainly."""
    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except (MemoryError, RecursionError) as error:  # the limits should refuse such input first; this is the backstop
        if os.environ.get("JIXIAO_DEBUG"):
            raise
        what = "所需内存超出可用内存" if isinstance(error, MemoryError) else "嵌套层数过多"
        sys.stderr.write(f"输入有误，未生成任何结果：输入过大或过于复杂（{what}），已停止\n")
        sys.exit(EXIT_INPUT)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("JIXIAO_DEBUG"):
            raise
        sys.stderr.write(f"jixiao 内部错误：{type(error).__name__}: {error}\n（设置环境变量 JIXIAO_DEBUG=1 可查看详细信息，并请报告此问题）\n")
        sys.exit(1)


if __name__ == "__main__":
    run()
