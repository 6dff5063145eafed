"""Project self-evaluation benchmarks (`make bench`): issue 19's targets, written to their own section of bench/results.md.

1. Score + check 10,000 seeded project 自评表 (national-2020-project, 8 indicators each: 正向 met and missed, 反向,
   等于, far above, 定性 with a state and a judged band score) in memory, one process (evaluate_and_check_all), best of 5.
2. Documents: median time to write one project's 项目支出绩效自评表.xlsx, and per project in a department's workbook.
3. The region's 项目自评汇总表 of 40,000 lines from stored scores (bench/projects_web.py: the same through the web, with
   the database read).
"""
from __future__ import annotations

import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao.loaders.frameworks import load_framework  # noqa: E402
from jixiao.model.result import Where  # noqa: E402
from jixiao.projects.load import build_project  # noqa: E402
from jixiao.render.project_xlsx import ProjectResult, save_projects  # noqa: E402
from jixiao.review import evaluate_and_check_all  # noqa: E402

N = int(os.environ.get("JIXIAO_BENCH_PROJECTS", 10_000))
ROUNDS = 5
TARGET_SCORE, TARGET_DOC = 2.0, 0.060


def project(rng: random.Random, index: int) -> dict:
    budget = rng.randint(50, 5000)
    spent = round(budget * rng.uniform(0.7, 1.0), 2)
    late = rng.random() < 0.3
    indicators = [
        {"level1": "产出指标", "level2": "数量指标", "name": "完成数量", "nature": "≥", "value": 100, "unit": "个", "weight": 20, "actual": rng.choice([100, 104, 96, 130])},
        {"level1": "产出指标", "level2": "质量指标", "name": "验收合格率", "nature": "=", "value": 100, "unit": "%", "weight": 10, "actual": rng.choice([100, 98])},
        {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "nature": "≤", "value": 11, "unit": "月", "weight": 10, "actual": 12 if late else 11},
        {"level1": "产出指标", "level2": "成本指标", "name": "单位成本", "nature": "≤", "value": 1500, "unit": "元", "weight": 10, "actual": rng.choice([1400, 1500, 1600])},
        {"level1": "效益指标", "level2": "经济效益指标", "name": "增收", "nature": "≥", "value": 50, "unit": "万元", "weight": 15, "actual": rng.choice([50, 45, 55])},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "服务水平", "nature": "定性", "value": "明显提升", "weight": 15, "actual": "有所提升", "state": "部分达成", "score": rng.choice([9, 10, 11]), "basis": "部分达成"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "nature": "≥", "value": 90, "unit": "%", "weight": 10, "actual": rng.choice([88, 92, 95])},
    ]
    for row in indicators:
        if row["level1"] != "效益指标" or row["nature"] != "定性":
            row["reason"] = "受汛期影响；今后合理安排" if rng.random() < 0.5 else ""
    return {
        "project": f"项目{index}", "department": f"部门{index // 8}", "implementer": f"单位{index}", "year": 2023, "unit": "万元",
        "funds": {"年度资金总额": {"initial": budget, "budget": budget, "spent": spent}, "财政拨款": {"initial": budget, "budget": budget, "spent": spent}},
        "execution_reason": "部分资金年底支付" if spent / budget < 0.9 else "",
        "indicators": indicators,
    }


def main() -> None:
    framework = load_framework("national-2020-project")
    rng = random.Random(19)
    place = Where()
    facts = [build_project(project(rng, i), lambda loc: place, framework) for i in range(N)]
    rows = sum(len(rows) for f in facts[:1] for rows in f.slots.values()) + 1
    times, cpu = [], []
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = evaluate_and_check_all(framework, facts)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(times)
    findings = sum(len(r.findings) for r in results)
    doc_times, doc_cpu = [], []
    for result_facts, result in list(zip(facts, results))[:50]:
        buffer = io.BytesIO()
        start, start_cpu = time.perf_counter(), time.process_time()
        save_projects(buffer, [ProjectResult(framework, result_facts, result)])
        doc_times.append(time.perf_counter() - start)
        doc_cpu.append(time.process_time() - start_cpu)
    department_times = []
    for first in range(0, 80, 8):  # a department's workbook: its 项目自评汇总表 and one sheet per project
        start = time.perf_counter()
        save_projects(io.BytesIO(), [ProjectResult(framework, f, r) for f, r in zip(facts[first:first + 8], results[first:first + 8])])
        department_times.append((time.perf_counter() - start) / 8)
    from decimal import Decimal

    from jixiao.render.project_xlsx import SummaryRow, save_summary

    region = [SummaryRow(f"项目{i}", f"部门{i // 40}", f"单位{i // 8}", Decimal(1_000_000 + i), Decimal(900_000 + i), Decimal("88.5"), "良") for i in range(40_000)]
    summary_times, summary_cpu = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        save_summary(io.BytesIO(), region, "地区项目支出绩效自评汇总表")
        summary_times.append(time.perf_counter() - start)
        summary_cpu.append(time.process_time() - start_cpu)
    lines = [
        f"- 评分+检查 {N:,} 个项目自评表（national-2020-project，每个 {rows} 行，内存中，单进程，evaluate_and_check_all，{ROUNDS} 轮取最快）："
        f"{best:.2f} s（目标 ≤ {TARGET_SCORE} s；各轮 {', '.join(f'{t:.2f}' for t in times)}；本进程 CPU 时间最少 {min(cpu):.2f} s；共发现 {findings:,} 项问题）",
        f"- 每个项目写出 项目支出绩效自评表.xlsx 的中位时间：{statistics.median(doc_times) * 1000:.0f} ms（CPU {statistics.median(doc_cpu) * 1000:.0f} ms；目标 ≤ {TARGET_DOC * 1000:.0f} ms，50 个项目）；"
        f"一个部门 8 个项目写成一个工作簿（汇总表 + 每个项目一页）平均每个项目 {statistics.median(department_times) * 1000:.0f} ms（10 个部门取中位）",
        f"- 一个地区 5,000 个单位 × 8 个项目（40,000 行）的项目自评汇总表.xlsx（由保存的评分摘要写出，不重新评分；不含读数据库，含读数据库见 bench/projects_web.py）："
        f"{min(summary_times):.2f} s（目标 ≤ 3 s，3 次取最快；各次 {', '.join(f'{t:.2f}' for t in summary_times)}；CPU 最少 {min(summary_cpu):.2f} s）",
    ]
    for line in lines:
        print(line)
    write_section(lines)


def write_section(lines: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from sections import machine_line, replace_section  # bench/sections.py: the one writer of results.md's parts

    body = (
        f"## 项目支出绩效自评（bench/projects.py）\n\n{machine_line()}：负载高于核数时其他进程在争用 CPU，时间偏长（同时给出本进程 CPU 时间）。"
        "数据：按种子 19 生成的项目（正向达到与未达到、等于、反向、超出指标值、定性部分达成并评定得分）。\n\n"
    ) + "\n".join(lines)
    replace_section("projects", body)
    print("已写出 bench/results.md")


if __name__ == "__main__":
    main()
