"""A folder of reports at once: a progress bar, one result per file, failures listed, none lost."""
from __future__ import annotations

import re
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jixiao.cli.console import error_console, output_console
from jixiao.ingest.source import REPORT_SUFFIXES
from jixiao.loaders.problems import InputError
from jixiao.render.atomic import text_writer, write_all

FAILURES_FILE = "读取失败.txt"
SUMMARY_FILE = "读取汇总表.xlsx"


def _write_outputs(writers: dict, out_dir: Path) -> bool:
    """All of a folder run's outputs or none; False (with the reason printed) when they cannot be written."""
    from jixiao.loaders.os_messages import write_failure

    try:
        write_all(writers)
    except OSError as error:
        path, message = write_failure(error, out_dir)
        error_console().print(f"输入有误，未写出任何结果：{path}：{message}", highlight=False)
        return False
    return True


def report_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith((".", "~$")))


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=error_console())


def ingest_folder(folder: Path, out_dir: Path) -> int:
    """Exit status: 0 when every file was read, 1 when some could not be, 2 when there was nothing to read."""
    from jixiao.ingest.report import ingest
    from jixiao.ingest.write import facts_documents
    from jixiao.render.summary_xlsx import SummaryLine, build_summary

    files = [p for p in report_files(folder) if out_dir not in p.parents]
    if not files:
        error_console().print(f"{folder} 中没有可读取的报告（.txt .md .docx .xlsx .pdf）")
        return 2
    lines, failures, outputs = [], [], {}
    with _progress() as progress:
        task = progress.add_task("读取报告", total=len(files))
        for path in files:
            progress.update(task, description=f"读取 {path.name}")
            try:
                report = ingest(path)
                target = out_dir / path.relative_to(folder).with_suffix(".yaml")
                outputs.update(facts_documents(report, target))
                budget, spent = (report.figures.get(k) for k in ("调整后预算", "实际支出"))
                lines.append(SummaryLine(report.department or path.stem, budget[0].value.value if budget else None, spent[0].value.value if spent else None, report.stated_total or 0, None, grade=report.stated_grade))
            except InputError as error:
                failures.append((path, "；".join(p.message for p in error.problems)))
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
                failures.append((path, f"内部错误：{type(error).__name__}"))
            progress.advance(task)
    writers = {path: text_writer(text) for path, text in outputs.items()}
    if lines:
        writers[out_dir / SUMMARY_FILE] = build_summary(lines, "已读取报告汇总表").save
    if failures:
        listing = "".join(f"{path}\t{reason}\n" for path, reason in failures)
        writers[out_dir / FAILURES_FILE] = text_writer(listing)
    if not _write_outputs(writers, out_dir):
        return 2
    console = output_console()
    console.print(f"已读取 {len(lines)} 份报告，结果写在 {out_dir}；未能读取 {len(failures)} 份。")
    for path, reason in failures:
        console.print(f"  ✗ {path}：{reason}", highlight=False)
    return 1 if failures else 0


FACTS_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm")
BATCH_SUMMARY = "汇总表.xlsx"
BATCH_FAILURES = "失败清单.txt"


def facts_files(folder: Path, out_dir: Path | None) -> list[Path]:
    files = [p for p in report_files(folder) if not p.name.endswith(".framework.yaml")]
    files += [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".yaml", ".yml") and not p.name.endswith(".framework.yaml")]
    files = sorted(set(files))
    return [p for p in files if (out_dir is None or out_dir not in p.parents) and not _targets_table(p)]


def _targets_table(path: Path) -> bool:
    """A project 绩效目标表 beside the project facts (jixiao.projects) is not a department's facts: left out."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:200_000]
    except OSError:
        return False  # the worker says why it cannot be read
    return re.search(r"^projects:", head, re.M) is not None and re.search(r"^funds:", head, re.M) is None


def _one(job: tuple[str, str | None, bool]) -> dict:
    """Score, check and (optionally) write the documents of one department, in a worker process."""
    path_text, out_text, documents = job
    path = Path(path_text)
    from jixiao.review import review_file

    try:
        facts, framework, result = review_file(path)
        blocking = [f"{'/'.join(f.path)}：{f.message}" if f.path else f.message for f in result.findings if f.blocking]
        if blocking:
            return {"path": path_text, "error": "；".join(blocking)}
        if documents and out_text and facts.project is not None:  # a project: its 项目支出绩效自评表.xlsx
            from jixiao.cli.projects import write_project_documents
            from jixiao.render.project_xlsx import ProjectResult

            write_project_documents(Path(out_text) / path.stem, [ProjectResult(framework, facts, result)])
        elif documents and out_text:
            from jixiao.render.documents import write_documents

            write_documents(Path(out_text) / path.stem, framework, facts, result)
        budget, spent = result.values.get("调整后预算"), result.values.get("实际支出")
        if facts.project is not None:
            budget, spent = result.values.get("全年预算数"), result.values.get("全年执行数")
        counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
        return {
            "path": path_text, "department": facts.department if facts.project is None else f"{facts.project.project}（{facts.department}）", "total": str(result.total), "grade": result.grade,
            "summary_grade": result.grade if facts.reviewed_total is None else framework.grade_for(facts.reviewed_total),  # of the last stage
            "budget": None if budget is None else str(budget.value), "spent": None if spent is None else str(spent.value),
            "reviewed": None if facts.reviewed_total is None else str(facts.reviewed_total), "counts": counts,
            "findings": [f.as_dict() for f in result.findings],
        }
    except InputError as error:
        return {"path": path_text, "error": "；".join(p.describe() for p in error.problems)}
    except OSError as error:
        from jixiao.loaders.os_messages import os_message

        return {"path": path_text, "error": f"{error.filename or path_text}：无法读写文件：{os_message(error)}"}
    except Exception as error:  # noqa: BLE001 - one department's bad file must not stop the others
        return {"path": path_text, "error": f"内部错误：{type(error).__name__}: {error}"}


def run_folder(folder: Path, out_dir: Path | None, documents: bool, verb: str, workers: int | None = None) -> list[dict]:
    """Every file through _one on all cores, with a progress bar; results in file order."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    files = facts_files(folder, out_dir)
    jobs = [(str(p), str(out_dir) if out_dir else None, documents) for p in files]
    results: list[dict] = []
    workers = workers or os.cpu_count() or 1
    with _progress() as progress:
        task = progress.add_task(verb, total=len(jobs))
        if workers == 1 or len(jobs) < 4:
            for job in jobs:
                results.append(_one(job))
                progress.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for result in pool.map(_one, jobs, chunksize=max(1, min(50, len(jobs) // (workers * 8) or 1))):
                    results.append(result)
                    progress.advance(task)
    return results


def evaluate_folder(folder: Path, out_dir: Path, documents: bool) -> int:
    from decimal import Decimal

    from jixiao.render.summary_xlsx import SummaryLine, build_summary

    results = run_folder(folder, out_dir, documents, "评分")
    if not results:
        error_console().print(f"{folder} 中没有部门数据文件或报告")
        return 2
    good = [r for r in results if "error" not in r]
    failed = [r for r in results if "error" in r]
    lines = [SummaryLine(r["department"], r["budget"] and Decimal(r["budget"]), r["spent"] and Decimal(r["spent"]), Decimal(r["total"]), r["reviewed"] and Decimal(r["reviewed"]), grade=r["summary_grade"]) for r in good]
    writers = {}
    if lines:
        writers[out_dir / BATCH_SUMMARY] = build_summary(lines, "部门整体支出绩效自评汇总表").save
    if failed:
        listing = "".join(f"{r['path']}\t{r['error']}\n" for r in failed)
        writers[out_dir / BATCH_FAILURES] = text_writer(listing)
    if not _write_outputs(writers, out_dir):
        return 2
    console = output_console()
    console.print(f"已评分 {len(good)} 个单位" + ("并写出文书" if documents else "") + f"，汇总表：{out_dir / BATCH_SUMMARY}；失败 {len(failed)} 个。")
    for r in failed:
        console.print(f"  ✗ {r['path']}：{r['error']}", highlight=False)
    return 1 if failed else 0


def check_folder(folder: Path, out_dir: Path | None) -> int:
    import json

    results = run_folder(folder, out_dir, False, "复核")
    if not results:
        error_console().print(f"{folder} 中没有部门数据文件或报告")
        return 2
    console = output_console()
    any_errors = False
    for r in results:
        if "error" in r:
            any_errors = True
            console.print(f"  ✗ {r['path']}：无法读取：{r['error']}", highlight=False)
            continue
        counts = r["counts"]
        any_errors = any_errors or counts["error"] > 0
        mark = "✗" if counts["error"] else "✓"
        console.print(f"  {mark} {r['path']}：{r['department']}，错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项", highlight=False)
    if out_dir is not None:
        text = json.dumps([{k: v for k, v in r.items()} for r in results], ensure_ascii=False, indent=2)
        if not _write_outputs({out_dir / "复核结果.json": text_writer(text)}, out_dir):
            return 2
    return 1 if any_errors else 0
