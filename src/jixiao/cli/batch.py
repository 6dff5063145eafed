"""A folder of reports at once: a progress bar, one result per file, failures listed, none lost."""
from __future__ import annotations

from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jixiao.cli.console import error_console, output_console
from jixiao.ingest.source import REPORT_SUFFIXES
from jixiao.loaders.problems import InputError
from jixiao.render.atomic import write_all

FAILURES_FILE = "读取失败.txt"
SUMMARY_FILE = "读取汇总表.xlsx"


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
                lines.append(SummaryLine(report.department or path.stem, budget[0].value.value if budget else None, spent[0].value.value if spent else None, report.stated_total or 0, None))
            except InputError as error:
                failures.append((path, "；".join(p.message for p in error.problems)))
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
                failures.append((path, f"内部错误：{type(error).__name__}"))
            progress.advance(task)
    writers = {path: (lambda text: lambda target: target.write_text(text, encoding="utf-8"))(text) for path, text in outputs.items()}
    if lines:
        writers[out_dir / SUMMARY_FILE] = build_summary(lines, "已读取报告汇总表").save
    if failures:
        listing = "".join(f"{path}\t{reason}\n" for path, reason in failures)
        writers[out_dir / FAILURES_FILE] = lambda target: target.write_text(listing, encoding="utf-8")
    write_all(writers)
    console = output_console()
    console.print(f"已读取 {len(lines)} 份报告，结果写在 {out_dir}；未能读取 {len(failures)} 份。")
    for path, reason in failures:
        console.print(f"  ✗ {path}：{reason}", highlight=False)
    return 1 if failures else 0
