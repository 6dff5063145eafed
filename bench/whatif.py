"""The what-if benchmark (part of `make bench`): a 5,000-unit round re-scored under a changed framework.

Departments: bench/generate.py's shenzhen-2019 departments (seeded). Changes a bureau might try: new grade
bands; the tiers of its 分档 rows moved; a checklist's criteria re-split; every row rounded to 1 place
(which re-scores every row). Each what-if scores the round under the old framework (row by row, compiled)
and the new one, and is compared with the engine doing the same (jixiao.engine.evaluate under both);
every total and grade must be the engine's. Best of 5 rounds, the cycle collector paused (as the batch
interface does). Written to its own section of bench/results.md.
"""
from __future__ import annotations

import copy
import gc
import os
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import departments  # noqa: E402
from run import machine  # noqa: E402

from jixiao.authoring.raw import framework_raw  # noqa: E402
from jixiao.engine import evaluate  # noqa: E402
from jixiao.loaders.facts_build import build_facts  # noqa: E402
from jixiao.loaders.framework_build import build_framework  # noqa: E402
from jixiao.loaders.frameworks import common_catalogue, load_framework  # noqa: E402
from jixiao.model.result import Where  # noqa: E402
from jixiao.rules import default_registry  # noqa: E402
from jixiao.whatif.compare import score_baseline, what_if  # noqa: E402
from jixiao.whatif.compiled import total_scorer  # noqa: E402

UNITS = int(os.environ.get("JIXIAO_BENCH_UNITS", 5000))
ROUNDS = 5
TARGET = 0.5
BEGIN, END = "<!-- bench/whatif.py -->", "<!-- /bench/whatif.py -->"


def _leaves(nodes):
    for node in nodes:
        if node.get("children"):
            yield from _leaves(node["children"])
        else:
            yield node


def changed_frameworks(old) -> dict[str, object]:
    base = framework_raw(old, common_catalogue())
    out = {}
    raw = copy.deepcopy(base)
    raw["grades"] = [{"grade": "优", "min": 92}, {"grade": "良", "min": 80}, {"grade": "中", "min": 60}, {"grade": "差", "min": 0}]
    out["等级线 优 90 → 92"] = raw
    raw = copy.deepcopy(base)
    for leaf in _leaves(raw["indicators"]):
        if leaf["rule"]["kind"] == "tiers":
            leaf["rule"]["tiers"][0]["when"] = leaf["rule"]["tiers"][0]["when"].replace("9", "8", 1)
    out["分档行的第一档下限改动"] = raw
    raw = copy.deepcopy(base)
    leaf = next(leaf for leaf in _leaves(raw["indicators"]) if leaf["rule"]["kind"] == "checklist")
    first, second = leaf["rule"]["criteria"][:2]
    first["points"], second["points"] = Decimal(str(first["points"])) + Decimal("0.5"), Decimal(str(second["points"])) - Decimal("0.5")
    out["一行评分要点的分值重分"] = raw
    raw = copy.deepcopy(base)
    raw["rounding"] = {"places": 1, "mode": "half_up"}
    out["每行得分改为保留 1 位小数（全部重算）"] = raw
    return {name: build_framework(raw, lambda loc: Where(), default_registry(), common=common_catalogue()) for name, raw in out.items()}


CPU: dict[int, float] = {}  # id(call) -> its best CPU time: on a shared machine wall time includes waiting for a core


def best(call, rounds: int = ROUNDS) -> tuple[float, list[float], object]:
    times, cpu, result = [], [], None
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[id(call)] = min(cpu)
    return min(times), times, result


def cpu_of(call) -> str:
    return f"CPU {CPU[id(call)]:.3f} s"


def main() -> None:
    started_on = machine()
    old = load_framework("shenzhen-2019")
    facts = [build_facts(raw, lambda loc: Where(), old) for raw in departments(UNITS)]
    news = changed_frameworks(old)
    lines = []
    gc.disable()
    try:
        for framework in [old, *news.values()]:  # warm: plans and compiled code are made once per framework
            total_scorer(framework)
            evaluate(framework, facts[0])
        engine_call = lambda: [evaluate(old, f).total for f in facts]  # noqa: E731
        compiled_call = lambda: [total_scorer(old).total_and_grade(f) for f in facts]  # noqa: E731
        engine_one, engine_times, _ = best(engine_call)
        compiled_one, compiled_times, _ = best(compiled_call)
        lines.append(f"{UNITS} 个单位在一个指标体系下的总分与等级（单进程）：引擎逐个 evaluate {engine_one:.3f} s（{cpu_of(engine_call)}），"
                     f"编译后的整数代码 {compiled_one:.3f} s（{cpu_of(compiled_call)}；各轮 {', '.join(f'{t:.2f}' for t in compiled_times)}）")
        baseline_call = lambda: score_baseline(old, facts)  # noqa: E731
        baseline_time, _, baseline = best(baseline_call)
        lines.append(f"往年批次逐行评分一次（score_baseline，保留每行得分）：{baseline_time:.3f} s（{cpu_of(baseline_call)}）")
        for name, new in news.items():
            engine_call = lambda: [(evaluate(old, f), evaluate(new, f)) for f in facts]  # noqa: E731
            whatif_call = lambda: what_if(old, new, facts)  # noqa: E731
            again_call = lambda: what_if(old, new, facts, baseline=baseline)  # noqa: E731
            engine_time, _, reference = best(engine_call, rounds=3)
            whatif_time, times, result = best(whatif_call)
            again_time, _, _ = best(again_call)
            expected = [(a.total, a.grade, b.total, b.grade) for a, b in reference]  # type: ignore[union-attr]
            got = [(m.old_total, m.old_grade, m.new_total, m.new_grade) for m in result.moves]  # type: ignore[union-attr]
            assert got == expected, f"{name}：与引擎的结果不同"
            lines.append(
                f"试算“{name}”，{UNITS} 个单位（新旧两个体系都评分）：{whatif_time:.3f} s（{cpu_of(whatif_call)}；目标 ≤ {TARGET} s；各轮 {', '.join(f'{t:.2f}' for t in times)}）；"
                f"往年批次的逐行得分已有时 {again_time:.3f} s（{cpu_of(again_call)}）；引擎在新旧体系下逐个 evaluate {engine_time:.3f} s（{cpu_of(engine_call)}）；"
                f"{result.grade_changes} 个单位等级改变、{result.score_changes} 个分数改变，总分与等级全部与引擎相同"  # type: ignore[union-attr]
            )
    finally:
        gc.enable()
    for line in lines:
        print(line, flush=True)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "?"
    load = "、".join(f"{value:.1f}" for value in os.getloadavg())
    body = (
        f"{BEGIN}\n## 改变指标体系的试算（what-if，bench/whatif.py）\n\n"
        f"提交 {commit}；机器：{started_on}；结束时负载 {load}。数据：bench/generate.py 按种子生成的 {UNITS} 个 shenzhen-2019 单位；各项 5 轮取最快（墙钟时间与本进程 CPU 时间各取最小），期间暂停循环垃圾回收；负载高于核数时墙钟时间包含等待 CPU 的时间。\n\n"
        + "\n".join(f"- {line}" for line in lines) + f"\n{END}"
    )
    results = ROOT / "bench" / "results.md"
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    text = pattern.sub(lambda _: body, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + body + "\n"
    results.write_text(text, encoding="utf-8")
    print("已写出 bench/results.md")


if __name__ == "__main__":
    main()
