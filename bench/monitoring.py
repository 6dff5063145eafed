"""Monitoring benchmark (`make bench`): warnings for 5,000 units × 10 projects on one process (target ≤ 3 s).

Each project has five targets of the kinds the 监控表 holds (three cumulative counts, one rate, one qualitative), a
budget, and values drawn with a fixed seed so every colour occurs; what is timed is review_monitorings (every light
with the exact figures of its basis, and every requirement found), the batch form of what `jixiao monitor` calls after
loading; the wording of every requirement (a Problem with its message, made only when read) is timed apart.
"""
from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from sections import machine_line, replace_section  # noqa: E402

from jixiao.model.targets import parse_target  # noqa: E402
from jixiao.monitoring.model import QUALITATIVE_STATES, Budget, Monitoring, Subject, TargetProgress  # noqa: E402
from jixiao.monitoring.review import review_monitorings  # noqa: E402
from jixiao.monitoring.thresholds import DEFAULT_THRESHOLDS  # noqa: E402

UNITS, PROJECTS = 5_000, 10
TARGETS = [parse_target("≥1000人次", "培训人次"), parse_target("≥300台", "设备数"), parse_target("≥12000平方米", "面积"), parse_target("≥95%", "验收合格率")]
QUALITATIVE = parse_target("培训质量良好")


def _project(rng: random.Random, index: int) -> Subject:
    budget = Decimal(rng.randint(50, 5000)) * 10_000
    spent = budget * Decimal(rng.randint(5, 95)) / 100
    targets = []
    for number, target in enumerate(TARGETS):
        if target.percent:
            current = Decimal(rng.randint(80, 100)) / 100
        else:
            current = target.value * Decimal(rng.randint(10, 140)) / 100
        causes = ("经费保障",) if rng.random() < 0.3 else ()
        targets.append(
            TargetProgress(
                "产出指标", "数量指标", f"指标{number}", target, str(current), "", current, None, causes,
                {"经费保障": "资金下达较晚"} if causes else {}, rng.choice(("确定能", "有可能")),
            )
        )
    targets.append(TargetProgress("产出指标", "质量指标", "培训质量", QUALITATIVE, rng.choice(QUALITATIVE_STATES), likelihood="确定能"))
    return Subject("project", f"项目{index}", "实施单位", Budget(budget, spent), tuple(targets))


def monitorings(seed: int = 20) -> list[Monitoring]:
    rng = random.Random(seed)
    result = []
    for unit in range(UNITS):
        projects = tuple(_project(rng, i) for i in range(PROJECTS))
        department = Subject("department", f"单位{unit}", f"单位{unit}", Budget(Decimal(10**8), Decimal(4 * 10**7)), ())
        result.append(Monitoring(f"单位{unit}", 2024, dt.date(2024, 6, 30), department, projects))
    return result


def main() -> None:
    data = monitorings()
    rounds, cpu, worded = [], [], []
    for _ in range(3):
        reviews = None
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        reviews = review_monitorings(data, DEFAULT_THRESHOLDS)
        rounds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        start = time.perf_counter()
        count = sum(len(review.problems) for review in reviews)
        worded.append(time.perf_counter() - start)
    colours: dict[str, int] = {}
    for review in reviews:
        for lights in review.lights[1:]:
            colours[lights.colour] = colours.get(lights.colour, 0) + 1
    best = min(rounds)
    line = (
        f"- 监控预警：{UNITS:,} 个单位 × {PROJECTS} 个项目（每项目 5 项指标）的全部预警灯及依据、必须补填的内容，单进程 {best:.2f} s"
        f"（目标 ≤ 3 s；3 轮墙钟 {', '.join(f'{r:.2f}' for r in rounds)}，本进程 CPU {', '.join(f'{c:.2f}' for c in cpu)} s）；项目灯 "
        + "、".join(f"{k} {v:,}" for k, v in sorted(colours.items()))
        + f"；须补填的 {count:,} 处逐条写成文字（读取时才做）另需 {min(worded):.2f} s"
    )
    print(line)
    note = "负载高于核数（2）时其他进程在争用 CPU，墙钟时间偏长；本进程 CPU 时间不含等待。"
    replace_section("monitoring", f"## 绩效运行监控（bench/monitoring.py）\n\n{machine_line()}。{note}\n\n{line}\n")


if __name__ == "__main__":
    main()
