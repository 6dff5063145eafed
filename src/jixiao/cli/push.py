"""`jixiao push`: a 主管部门 sends facts files, filled 填报表 or published reports into a round.

Each file is read here first (as `jixiao evaluate` / `jixiao ingest` would) to learn its department,
which names the unit whose draft it replaces; the server validates it against the round's
framework and keeps the version rule (a changed draft is never overwritten silently).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional
from urllib.parse import urlparse

import typer

if TYPE_CHECKING:  # the HTTP client (urllib, ssl, email) loads only when pushing, not for `jixiao --help`
    from jixiao.cli.api_client import ApiClient

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_ARGUMENTS = 0, 1, 2
FACTS_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Prepared:
    """What one file sends: its department, and either YAML text or a 填报表 to upload."""

    department: str
    yaml_text: bytes | None = None
    workbook: bytes | None = None


@dataclass
class Outcome:
    file: str
    unit: str
    ok: bool
    message: str


class BadArguments(Exception):
    pass


def _fold(name: str) -> str:
    """Names compared without spaces and with full-width brackets made plain."""
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")


def pushable(path: Path) -> bool:
    from jixiao.ingest.source import REPORT_SUFFIXES

    return path.is_file() and not path.name.startswith(".") and path.suffix.lower() in FACTS_SUFFIXES + WORKBOOK_SUFFIXES + REPORT_SUFFIXES


def collect(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if pushable(p) and not p.name.endswith(".framework.yaml"))
    if not source.exists():
        raise BadArguments(f"{source}：文件或目录不存在")
    if not pushable(source):
        raise BadArguments(f"{source}：不支持的文件类型（.yaml 部门数据、.xlsx 填报表，或 jixiao ingest 可读的报告）")
    return [source]


def prepare(path: Path) -> Prepared:
    """Read a file locally; InputError (located problems) when it cannot be read."""
    from jixiao.loaders.problems import InputError, Problem
    from jixiao.model.result import Where
    from jixiao.review import is_facts_file

    suffix = path.suffix.lower()
    if suffix in FACTS_SUFFIXES:
        from jixiao.loaders.yaml_source import load_yaml

        department = load_yaml(path).get("department")
        prepared = Prepared(str(department or ""), yaml_text=path.read_bytes())
    elif suffix in WORKBOOK_SUFFIXES and is_facts_file(path):
        from jixiao.loaders.facts_xlsx import read_facts_xlsx

        department = read_facts_xlsx(path)[0].get("department")
        prepared = Prepared(str(department or ""), workbook=path.read_bytes())
    else:
        from jixiao.ingest.report import ingest, to_facts
        from jixiao.ingest.write import dump_yaml

        raw, _framework, _places = to_facts(ingest(path))
        prepared = Prepared(str(raw.get("department") or ""), yaml_text=dump_yaml(raw).encode("utf-8"))
    if not prepared.department.strip():
        raise InputError([Problem(Where(str(path), field="department"), "未写明部门名称，无法对应到单位")])
    return prepared


def choose_round(client: ApiClient, wanted: Optional[int]) -> dict:
    rounds = client.get("/rounds")
    if wanted is not None:
        for item in rounds:
            if item["id"] == wanted:
                return item
        raise BadArguments(f"没有您可见的评价批次 {wanted}")
    open_rounds = [r for r in rounds if r["is_open"]]
    if len(open_rounds) == 1:
        return open_rounds[0]
    listing = "；".join(f"{r['id']}：{r['title']}" for r in open_rounds) or "无"
    raise BadArguments(f"请用 --round 指定评价批次（进行中的批次：{listing}）")


def read_one(path: Path, submissions: dict[str, dict], label: str) -> tuple[Prepared, dict] | Outcome:
    """The file read locally and matched to a unit's draft, or why it cannot be sent."""
    from jixiao.loaders.problems import InputError

    try:
        prepared = prepare(path)
    except InputError as error:
        return Outcome(label, "", False, "文件有误：" + "；".join(p.describe() for p in error.problems[:5]))
    target = submissions.get(_fold(prepared.department))
    if target is None:
        known = "、".join(s["unit"] for s in list(submissions.values())[:8])
        return Outcome(label, "", False, f"部门“{prepared.department}”不是本批次中您可见的单位（可见：{known or '无'}）")
    return prepared, target


def refuse_shared_units(read: list[tuple[str, tuple[Prepared, dict] | Outcome]]) -> list[tuple[str, tuple[Prepared, dict] | Outcome]]:
    """Two files for one unit: neither is sent. The second would silently replace the first, and which is right is the sender's call."""
    by_unit: dict[int, list[str]] = {}
    for label, item in read:
        if not isinstance(item, Outcome):
            by_unit.setdefault(item[1]["id"], []).append(label)
    out = []
    for label, item in read:
        if not isinstance(item, Outcome) and len(by_unit[item[1]["id"]]) > 1:
            others = "、".join(other for other in by_unit[item[1]["id"]] if other != label)
            item = Outcome(label, item[1]["unit"], False, f"与 {others} 对应同一单位，均未导入：每个单位只能导入一份，请删去多余的文件后重试")
        out.append((label, item))
    return out


def send_one(client: ApiClient, path: Path, prepared: Prepared, target: dict, label: str) -> Outcome:
    from jixiao.cli.api_client import ApiFailure

    where = f"/submissions/{target['id']}"
    try:
        if prepared.workbook is not None:
            answer = client.upload(f"{where}/facts/file", path.name, prepared.workbook, {"version": str(target["version"])})
        else:
            answer = client.send("PUT", f"{where}/facts", prepared.yaml_text, "application/yaml", version=target["version"], filename=path.name)
    except ApiFailure as failure:
        return Outcome(label, target["unit"], False, failure.describe())
    target["version"] = answer["version"]
    result = answer.get("result")
    score = f"，总分 {result['total']:.2f}（{result['grade']}）" if result else ""
    return Outcome(label, target["unit"], True, f"已导入，版本 {answer['version']}{score}")


def push(source: Path, server: str, token: str, round_id: Optional[int], timeout: float) -> int:
    from jixiao.cli.api_client import ApiClient, ApiFailure, Unreachable

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from jixiao.cli.console import error_console, output_console

    console = error_console()
    try:
        if urlparse(server).scheme not in ("http", "https") or not urlparse(server).netloc:
            raise BadArguments(f"--server 应为 http:// 或 https:// 开头的地址，收到“{server}”")
        if not token.strip():
            raise BadArguments("--token 不能为空（在网页“接口令牌”页创建）")
        files = collect(source)
        if not files:
            raise BadArguments(f"{source}：目录中没有可导入的文件")
        client = ApiClient(server, token.strip(), timeout)
        chosen = choose_round(client, round_id)
        listed = client.get("/submissions", round=chosen["id"])
    except BadArguments as error:
        console.print(f"[red]✗[/red] {error}", highlight=False)
        return EXIT_BAD_ARGUMENTS
    except Unreachable as error:
        console.print(f"[red]✗[/red] {error}", highlight=False)
        return EXIT_BAD_ARGUMENTS
    except ApiFailure as failure:
        hint = "（令牌无效或已撤销）" if failure.status == 401 else ""
        console.print(f"[red]✗[/red] {failure.describe()}{hint}", highlight=False)
        return EXIT_BAD_ARGUMENTS
    submissions = {_fold(s["unit"]): s for s in listed}
    outcomes: list[Outcome] = []
    root = source if source.is_dir() else source.parent
    labels = {path: str(path.relative_to(root)) for path in files}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as progress:
        # Every file is read before any is sent, so two files for one unit are found before either replaces the draft.
        reading = progress.add_task("读取文件", total=len(files))
        read = []
        for path in files:
            progress.update(reading, description=f"读取 {path.name}")
            read.append((labels[path], read_one(path, submissions, labels[path])))
            progress.advance(reading)
        read = refuse_shared_units(read)
        sending = progress.add_task(f"导入 {chosen['title']}", total=len(files))
        for path, (label, item) in zip(files, read):
            progress.update(sending, description=f"导入 {path.name}")
            if isinstance(item, Outcome):
                outcomes.append(item)
            else:
                try:
                    outcomes.append(send_one(client, path, item[0], item[1], label))
                except Unreachable as error:
                    outcomes.append(Outcome(label, "", False, str(error)))
            progress.advance(sending)
    output_console().print(result_table(outcomes, chosen))
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_SOME_FAILED


def result_table(outcomes: list[Outcome], chosen: dict):
    from rich.table import Table

    done = sum(1 for o in outcomes if o.ok)
    table = Table(title=f"{chosen['title']}：{done} 份成功，{len(outcomes) - done} 份失败", show_lines=True)
    table.add_column("文件", overflow="fold")
    table.add_column("单位", overflow="fold")
    table.add_column("结果", no_wrap=True)
    table.add_column("说明", overflow="fold")
    for outcome in outcomes:
        table.add_row(outcome.file, outcome.unit, "[green]成功[/green]" if outcome.ok else "[red]失败[/red]", outcome.message)
    return table


def push_command(
    source: Path = typer.Argument(..., help="部门数据 .yaml、已填写的 .xlsx 填报表、已发布的报告，或存放它们的目录"),
    server: str = typer.Option(..., "--server", help="网页系统地址，如 http://127.0.0.1:8000"),
    token: str = typer.Option(..., "--token", envvar="JIXIAO_TOKEN", help="个人接口令牌（网页“接口令牌”页创建；也可用环境变量 JIXIAO_TOKEN）"),
    round_id: Optional[int] = typer.Option(None, "--round", help="评价批次编号；只有一个进行中的批次时可省略"),
    timeout: float = typer.Option(60.0, "--timeout", min=1, max=600, help="每个请求的超时（秒）"),
) -> None:
    """把部门数据或已发布的报告导入评价批次：按部门名称对应到单位，逐个文件显示结果。全部成功退出码 0，有失败 1，参数有误 2。"""
    raise typer.Exit(push(source, server, token, round_id, timeout))
