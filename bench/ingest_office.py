"""Reading reports as users have them (`python bench/ingest_office.py`, not a test): each .docx / .pdf version of the
development reports (tests/fixtures/reports/office) read three times, with its page count and how many pages went to
pdfplumber's table finder (the rest are read from pdftotext's word boxes, run once for the file); targets ≤ 2 s a
docx/PDF report, ≤ 0.3 s a text one. Written to its own section of bench/results.md through bench/sections.py.
"""
from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("JIXIAO_BENCH_SRC", str(ROOT / "src")))
sys.path.insert(0, str(ROOT / "bench"))
from sections import machine_line, replace_section  # noqa: E402

OFFICE = ROOT / "tests" / "fixtures" / "reports" / "office"
TEXTS = {"002-guangzhou-2021": "002_8b3c8e17f1ca9b91.txt", "jinzhai-2023": "extra/001-jinzhai-2023.txt",
         "slips-planted": "narrative/slips-planted.txt", "summary-before-table": "layouts/summary-before-table.txt"}
RUNS = 3


def _cpu() -> float:
    """Processor time of this process and of the children it waited for (pdftotext, pdfplumber's process): what the
    reading costs whatever else the machine is doing."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(path: Path) -> tuple[list[float], list[float]]:
    from jixiao.ingest.report import ingest

    times, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), _cpu()
        ingest(path)
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return times, cpu


def _pages(path: Path) -> str:
    from jixiao.ingest.source import _poppler_lines

    pages = _poppler_lines(path)
    return f"{len(pages)} 页，其中 {sum(1 for wide, _ in pages if wide)} 页交给表格查找"


def main() -> None:
    from jixiao.ingest.report import ingest

    head = machine_line()  # the load before: 7 helpers share 2 cores, so every figure here is inflated
    ingest(ROOT / "tests" / "fixtures" / "reports" / "003_1c9126a573ba6f31.txt")  # frameworks loaded once, as in a batch
    rows = ["| 报告 | 格式 | 页数 | 中位 (s) | 最慢 (s) | 处理器时间中位 (s) | 目标 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for stem, text in TEXTS.items():
        for path, target in ((ROOT / "tests" / "fixtures" / "reports" / text, 0.3), (OFFICE / f"{stem}.docx", 2.0), (OFFICE / f"{stem}.pdf", 2.0)):
            times, cpu = _timed(path)
            pages = _pages(path) if path.suffix == ".pdf" else ""
            rows.append(f"| {stem} | {path.suffix} | {pages} | {statistics.median(times):.2f} | {max(times):.2f} | {statistics.median(cpu):.2f} | ≤ {target} s |")
            print(rows[-1])
    body = (
        "## 读取 Office 与 PDF 报告的时间（bench/ingest_office.py）\n\n"
        f"开始时：{head}。结束时：{machine_line().split('，')[-1]}。每份读取 {RUNS} 次（整份 ingest：读取、评分表、正文）。\n\n"
        + "\n".join(rows)
        + "\n\n机器由多名开发者共用（2 核），负载高时所用时间偏大；处理器时间（本进程与 pdftotext、pdfplumber 子进程所用）受负载影响小，"
        "是负载低时所用时间的下限。没有表格的页不交给 pdfplumber（全是叙述的 PDF 不启动它）；有表格的页的时间主要花在 pdfminer 解析页面内容上。"
    )
    replace_section("ingest-office", body)
    print("已写出 bench/results.md")


if __name__ == "__main__":
    main()
