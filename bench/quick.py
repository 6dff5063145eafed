"""Short benchmarks (seconds, not the minutes of `make bench`), for issue 18 §19; run `python bench/quick.py`.

  - `jixiao --help` start-up: wall time (median of 15 runs) and the CPU time of the process (user + system,
    which depends far less on what else a shared machine runs), target ≤ 0.3 s
  - 自评报告.pdf through the web system (the demo region, a Django test client): the first download, which
    converts with LibreOffice, and repeat downloads of the same version, served from the data folder (target ≤ 1 s)

Prints each figure with the commit, the machine and its load average, and writes the same lines to
bench/results.md under “### 快速基准”, replacing only that section.
"""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results.md"
SECTION = "### 快速基准（bench/quick.py）"
STARTUPS, REPEATS = 15, 5


def load() -> str:
    return "、".join(f"{value:.1f}" for value in os.getloadavg())


def commit() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout
    return (done.stdout.strip() or "?") + ("（含未提交的改动）" if dirty.strip() else "")


def measure_startup() -> list[str]:
    exe = shutil.which("jixiao", path=str(Path(sys.executable).parent)) or "jixiao"
    walls, cpus = [], []
    for _ in range(STARTUPS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [f"jixiao --help 启动：墙钟中位 {statistics.median(walls):.3f} s、最快 {min(walls):.3f} s，进程 CPU 时间中位 {statistics.median(cpus):.3f} s"
            f"（{STARTUPS} 次；目标 ≤ 0.3 s）"]


def measure_pdf() -> list[str]:
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-bench-quick-"))
    sys.path.insert(0, str(BENCH))
    import scale

    scale.setup_django()
    from django.test import Client

    from jixiao.render.documents import find_converter
    from jixiao.web.orgs.demo import seed_demo
    from jixiao.web.rounds.models import Submission

    if find_converter() is None:
        return ["自评报告.pdf：未安装 LibreOffice，未测"]
    seed_demo()
    submission = Submission.objects.filter(unit__name="演示市第一中学").get()  # pre-filled from the 大鹏 example
    client = Client()
    client.force_login(submission.unit.memberships.first().user)
    url = f"/submissions/{submission.pk}/documents/pdf"

    def download() -> float:
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200 and response.content[:5] == b"%PDF-", response.status_code
        return time.perf_counter() - start

    first = download()
    repeats = [download() for _ in range(REPEATS)]
    return [f"自评报告.pdf 经网页下载：首次（LibreOffice 转换）{first:.2f} s；同一版本再次下载中位 {statistics.median(repeats):.3f} s、"
            f"最慢 {max(repeats):.3f} s（{REPEATS} 次；目标 ≤ 1 s）"]


def write(lines: list[str]) -> None:
    """Between its own markers, as every bench script does (it once cut everything after its heading)."""
    sys.path.insert(0, str(BENCH))
    from sections import replace_section

    replace_section("quick", "\n".join([SECTION, "", *[f"- {line}" for line in lines]]) + "\n")


def main() -> None:
    model = Path("/proc/cpuinfo").read_text().split("model name", 1)[1].split(":", 1)[1].splitlines()[0].strip()
    lines = [f"提交 {commit()}；机器：{os.cpu_count()} 核 {model}；开始时平均负载（1/5/15 分钟）{load()}"]
    for measure in (measure_startup, measure_pdf):
        for line in measure():
            print(line, flush=True)
            lines.append(line)
    lines.append(f"结束时平均负载 {load()}")
    write(lines)
    print("已写入 bench/results.md")


if __name__ == "__main__":
    main()
