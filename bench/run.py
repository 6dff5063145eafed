"""jixiao's benchmarks (`make bench`): each measure printed on one line and written to bench/results.md.

1. Score + check 10,000 synthetic shenzhen-2019 departments in memory, one process and both
   cores, beside a minimal hand-written function computing the same 21 row scores (whose
   totals must agree with jixiao's on every department).
2. Documents: median time per department for 评分表.xlsx + 自评报告.docx; 1,000 departments
   end to end from facts files to documents with `jixiao evaluate DIR --docs`.
3. Ingest of report 003, and `jixiao --help` start-up.
"""
from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import departments, write_files  # noqa: E402

from jixiao.loaders.facts_build import build_facts  # noqa: E402
from jixiao.loaders.frameworks import load_framework  # noqa: E402
from jixiao.model.result import Where  # noqa: E402
from jixiao.review import evaluate_and_check  # noqa: E402

N_SCORE = int(os.environ.get("JIXIAO_BENCH_N", 10_000))
N_DOCS = int(os.environ.get("JIXIAO_BENCH_DOCS", 1_000))
CENT = Decimal("0.01")
TARGETS = {"score": 2.0, "ratio": 3.0, "docs_median": 0.100, "docs_1000": 120.0, "ingest": 0.3, "startup": 0.3}


# -- the minimal hand-written scorer ------------------------------------------------------------

def _n(value) -> Decimal:
    text = str(value).replace(",", "")
    return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)


def handwritten_total(raw: dict) -> Decimal:
    """The same 21 shenzhen-2019 row scores, written out by hand for this one framework."""
    f = {k: _n(v) for k, v in raw["figures"].items()}
    rows = raw["rows"]

    def unmet(name: str, points: list) -> Decimal:
        missing = rows.get(name, {}).get("unmet", [])
        return sum((Decimal(points[int(i) - 1]) for i in missing), Decimal(0))

    def judged(name: str, part: str) -> Decimal:
        return Decimal(str(rows[name]["parts"][part]["score"]))

    def tiers(value: Decimal, steps: list, otherwise) -> Decimal:
        for test, score in steps:
            if test(value):
                return Decimal(str(score))
        return Decimal(str(otherwise))

    purchase = f["实际采购金额"] / f["政府采购预算"]
    adjust = abs(f["调整后预算"] - f["年初预算"]) / f["年初预算"]
    quarters = [min(max(f[k] / due, Decimal(0)), Decimal(1)) for k, due in zip(("一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度"), (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1)))]
    control = lambda x: tiers(x, [(lambda v: v < Decimal("0.9"), 3), (lambda v: v <= 1, 2)], 0)  # noqa: E731
    scores = [
        5 - unmet("预算编制合理性", [1] * 5),
        max(Decimal(0), 5 - len(rows["预算编制规范性"]["deductions"])),
        max(Decimal(0), 8 - len(rows["绩效目标完整性"]["deductions"])),
        7 - unmet("绩效指标明确性", [2, 2, 1, 1, 1]),
        (Decimal(0) if purchase > 1 else min(max(purchase, Decimal(0)), Decimal(1))) + judged("政府采购执行情况", "政府采购政策功能落实"),
        judged("财务合规性", "资金支出规范性") + max(Decimal(0), 1 - max(Decimal(0), (adjust - Decimal("0.1")) * 100) * Decimal("0.1")) + judged("财务合规性", "会计核算规范性"),
        judged("预决算信息公开", "部门预算公开") + judged("预决算信息公开", "部门决算公开"),
        2 - unmet("项目实施程序", [1, 1]),
        2 - unmet("项目监管", [1, 1]),
        2 - unmet("资产管理安全性", [1, 1]),
        tiers(f["在用固定资产原值"] / f["固定资产原值"], [(lambda v: v >= Decimal("0.9"), 1), (lambda v: v >= Decimal("0.75"), "0.7"), (lambda v: v >= Decimal("0.6"), "0.4")], 0),
        Decimal(1) if f["在编人数"] / f["核定编制"] <= 1 else Decimal(0),
        tiers(f["编外人员"] / (f["在编人数"] + f["编外人员"]), [(lambda v: v < Decimal("0.05"), 1), (lambda v: v <= Decimal("0.1"), "0.5")], 0),
        3 - unmet("管理制度健全性", ["0.5", "1.5", 1]),
        control(f["三公经费支出"] / f["三公经费预算"]) + control(f["日常公用经费决算"] / f["日常公用经费预算"]),
        sum(quarters, Decimal(0)) + sum(quarters, Decimal(0)) / 4 * 2,
        max(Decimal(0), 8 - (f["重点工作数"] - f["已完成重点工作数"]) * 4),
        min(f["已完成项目数"] / f["计划项目数"], Decimal(1)) * 6,
        Decimal(str(rows["社会效益、经济效益、生态效益及可持续影响等"]["score"])),
        3 - unmet("群众信访办理情况", [1, 1, 1]),
        tiers(f["满意度"], [(lambda v: v >= Decimal("0.95"), 6), (lambda v: v >= Decimal("0.9"), 4), (lambda v: v >= Decimal("0.8"), 2)], 1),
    ]
    return sum((Decimal(s).quantize(CENT, ROUND_HALF_UP) for s in scores), Decimal(0))


# -- measures -------------------------------------------------------------------------------

def _score_chunk(bounds: tuple[int, int]) -> tuple[float, list[str]]:
    """In a worker: build its departments (untimed), then time scoring and checking them."""
    framework = load_framework("shenzhen-2019")
    raws = departments(bounds[1])[bounds[0] :]
    facts = [build_facts(raw, lambda loc: Where(), framework) for raw in raws]
    start = time.perf_counter()
    totals = [str(evaluate_and_check(framework, f).total) for f in facts]
    return time.perf_counter() - start, totals


def measure_scoring(lines: list[str], figures: dict) -> None:
    framework = load_framework("shenzhen-2019")
    raws = departments(N_SCORE)
    facts = [build_facts(raw, lambda loc: Where(), framework) for raw in raws]
    evaluate_and_check(framework, facts[0])  # warm caches, as any long run would be
    start = time.perf_counter()
    results = [evaluate_and_check(framework, f) for f in facts]
    one_core = time.perf_counter() - start
    start = time.perf_counter()
    hand = [handwritten_total(raw) for raw in raws]
    hand_time = time.perf_counter() - start
    mismatched = [i for i, (r, h) in enumerate(zip(results, hand)) if r.total != h]
    assert not mismatched, f"{len(mismatched)} 个部门的总分与手写函数不一致，如第 {mismatched[0]} 个：{results[mismatched[0]].total} ≠ {hand[mismatched[0]]}"
    workers = os.cpu_count() or 1
    half = N_SCORE // workers
    bounds = [(i * half, N_SCORE if i == workers - 1 else (i + 1) * half) for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunks = list(pool.map(_score_chunk, bounds))
    all_cores = max(elapsed for elapsed, _ in chunks)
    assert [t for _, totals in chunks for t in totals] == [str(r.total) for r in results]
    figures.update(score_one=one_core, score_all=all_cores, hand=hand_time, ratio=one_core / hand_time)
    lines.append(f"评分+检查 {N_SCORE} 个部门（内存中，单进程）：{one_core:.2f} s（目标 ≤ {TARGETS['score']} s）")
    lines.append(f"评分+检查 {N_SCORE} 个部门（内存中，{workers} 个进程并行）：{all_cores:.2f} s（目标 ≤ {TARGETS['score']} s）")
    lines.append(f"手写的 21 行评分函数 {N_SCORE} 个部门：{hand_time:.2f} s；jixiao 单进程 / 手写 = {one_core / hand_time:.1f} 倍（目标 ≤ {TARGETS['ratio']} 倍）；两者总分逐一相同")


def measure_documents(lines: list[str], figures: dict) -> None:
    from jixiao.render.documents import write_documents

    framework = load_framework("shenzhen-2019")
    raws = departments(30, seed=7)
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, raw in enumerate(raws):
            facts = build_facts(raw, lambda loc: Where(), framework)
            result = evaluate_and_check(framework, facts)
            start = time.perf_counter()
            write_documents(Path(scratch) / str(index), framework, facts, result)
            times.append(time.perf_counter() - start)
    median = statistics.median(times[1:])
    figures["docs_median"] = median
    lines.append(f"每个部门写出 评分表.xlsx + 自评报告.docx 的中位时间：{median * 1000:.0f} ms（目标 ≤ {TARGETS['docs_median'] * 1000:.0f} ms）")
    exe = shutil.which("jixiao") or str(Path(sys.executable).parent / "jixiao")
    with tempfile.TemporaryDirectory() as scratch:
        folder, out = Path(scratch) / "facts", Path(scratch) / "out"
        write_files(N_DOCS, folder)
        start = time.perf_counter()
        done = subprocess.run([exe, "evaluate", str(folder), "--out", str(out), "--docs"], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        assert done.returncode == 0, done.stdout + done.stderr
        written = sum(1 for _ in out.rglob("自评报告.docx"))
        assert written == N_DOCS, f"只写出了 {written} 份报告"
    figures["docs_1000"] = elapsed
    lines.append(f"{N_DOCS} 个部门从部门数据文件到文书（jixiao evaluate 目录 --docs）：{elapsed:.1f} s（目标 ≤ {TARGETS['docs_1000']:.0f} s）")


def measure_ingest_and_startup(lines: list[str], figures: dict) -> None:
    from jixiao.ingest.report import ingest

    report = ROOT / "tests" / "fixtures" / "reports" / "003_1c9126a573ba6f31.txt"
    ingest(report)  # first call loads the frameworks once, as a long-running batch would
    times = []
    for _ in range(5):
        start = time.perf_counter()
        ingest(report)
        times.append(time.perf_counter() - start)
    figures["ingest"] = statistics.median(times)
    lines.append(f"读取报告 003（{report.stat().st_size // 1024} KB）的中位时间：{figures['ingest']:.3f} s（目标 ≤ {TARGETS['ingest']} s）")
    exe = shutil.which("jixiao") or str(Path(sys.executable).parent / "jixiao")
    startups = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        startups.append(time.perf_counter() - start)
    figures["startup"] = statistics.median(startups)
    lines.append(f"jixiao --help 启动时间（中位数）：{figures['startup']:.3f} s（目标 ≤ {TARGETS['startup']} s）")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "?")
    return f"{os.cpu_count()} 核 {model}，内存 {memory}，Python {platform.python_version()}，{platform.system()} {platform.release()}"


def main() -> None:
    lines: list[str] = []
    figures: dict = {}
    for measure in (measure_ingest_and_startup, measure_scoring, measure_documents):
        before = len(lines)
        measure(lines, figures)
        for line in lines[before:]:
            print(line, flush=True)
    report = [f"# jixiao 基准测试结果（{date.today().isoformat()}）", "", f"机器：{machine()}", "", "由 `make bench` 生成（bench/run.py）。", ""]
    report += [f"- {line}" for line in lines]
    (ROOT / "bench" / "results.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    print("已写出 bench/results.md")


if __name__ == "__main__":
    main()
