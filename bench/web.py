"""Web benchmarks (`make bench`, not tests): a province's round on this machine's database, written to bench/results.md.

Runs once on SQLite (default) and once on PostgreSQL (`scripts/with-postgres python bench/web.py`); each run
replaces only its own section of bench/results.md. Measures, against issue 10's targets:
  - opening a round for 5,000 units (≤ 10 s)
  - the region 汇总表 of 5,000 units (≤ 1 s; first request after the figures changed, then with the summaries kept:
    the file written anew, and served again while nothing in it changed), with this process's CPU time
  - live re-score round trip: save + score + partial render of the fill page (p95 ≤ 150 ms)
  - each page the load test asks for, one request at a time: wall and CPU time (the CPU time hardly depends on
    what else the shared machine runs)
  - page loads with 50 concurrent users against gunicorn on 127.0.0.1 (p95 ≤ 100 ms), bounded in count and time,
    and the CPU time gunicorn's processes used per request meanwhile (PostgreSQL's own processes not counted)
"""
from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from sections import machine_line, replace_section  # noqa: E402  bench/sections.py: the one writer of results.md's parts
UNITS, DEPARTMENTS = int(os.environ.get("JIXIAO_BENCH_UNITS", "5000")), int(os.environ.get("JIXIAO_BENCH_DEPARTMENTS", "200"))
USERS, REQUESTS_PER_USER, LOAD_SECONDS = 50, 20, 120
SAVES = 40
SINGLES = 30


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def measure_live(client, submission) -> list[float]:
    """Each save changes one figure and answers with the live parts (htmx), as typing on the page does."""
    samples, version = [], submission.version
    for index in range(SAVES):
        seconds, response = timed(lambda: client.post(f"/submissions/{submission.pk}/save/", {"figures|满意度": f"{90 + index % 10}.5%", "version": version}, HTTP_HX_REQUEST="true"))
        assert response.status_code == 200 and "已保存" in response.content.decode(), response.content[:300]
        version += 1
        samples.append(seconds)
    return samples


def single_request(client, url: str) -> tuple[float, float]:
    """Median wall and CPU time (this process: the page's own cost, whatever else the machine runs) of one page."""
    assert client.get(url).status_code == 200
    walls, cpus = [], []
    for _ in range(SINGLES):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group (gunicorn's master and workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, …, utime (12), stime (13)
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure_load(cookies: list[tuple[str, list[str]]]) -> tuple[list[float], int, float, float, float]:
    """USERS threads, each a person with their own session: arrive within 1.5 s, then GET a page and think 0.5–1.5 s,
    REQUESTS_PER_USER times; everything stops after LOAD_SECONDS. Returns the response times, errors, the wall time,
    and the CPU seconds the server (gunicorn's processes) and this load generator used meanwhile."""
    from jixiao.web.serve import gunicorn_command

    port = free_port()
    command = gunicorn_command("127.0.0.1", port, int(os.environ.get("JIXIAO_BENCH_WORKERS", "4")))
    command[command.index("--access-logfile") + 1] = "/dev/null"
    server = subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        deadline = time.monotonic() + LOAD_SECONDS
        server_cpu, client_cpu = group_cpu_seconds(server.pid), time.process_time()

        def person(seed: int, session: str, pages: list[str]) -> None:
            rng = random.Random(seed)
            time.sleep(rng.uniform(0, 1.5))  # people arrive over the first moments, not all in one millisecond
            for _ in range(REQUESTS_PER_USER):
                if time.monotonic() > deadline:
                    return
                request = urllib.request.Request(base + rng.choice(pages), headers={"Cookie": f"sessionid={session}"})
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        response.read()
                        ok = response.status == 200
                except OSError:
                    ok = False
                with lock:
                    samples.append(time.perf_counter() - start)
                    errors[0] += not ok
                time.sleep(rng.uniform(0.5, 1.5))

        threads = [threading.Thread(target=person, args=(i, session, pages)) for i, (session, pages) in enumerate(cookies)]
        wall, _ = timed(lambda: ([t.start() for t in threads], [t.join(LOAD_SECONDS + 60) for t in threads]))
        server_cpu, client_cpu = group_cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    return samples, errors[0], wall, server_cpu, client_cpu


def main() -> None:
    database = "PostgreSQL" if os.environ.get("JIXIAO_DATABASE_URL") else "SQLite"
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-bench-web-"))
    import scale

    scale.setup_django()
    from django.contrib.auth import get_user_model

    from jixiao.web.rounds.models import Submission
    from jixiao.web.rounds.views_files import summary_file

    lines = []

    def report(text: str) -> None:
        print(text, flush=True)
        lines.append(f"- {text}")

    seeded = scale.seed_people_and_orgs(UNITS, DEPARTMENTS)
    seconds, round_ = timed(lambda: scale.open_round(seeded))
    report(f"开启评价批次（{round_.submissions.count()} 个单位、{DEPARTMENTS} 个主管部门）：{seconds:.2f} 秒（目标 ≤ 10 秒）")
    scale.fill_facts(round_)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["bench-czj", "bench-zg000", "bench-dw00001"])}
    finance = client_for(users["bench-czj"])
    url = f"/rounds/{round_.pk}/summary.xlsx"
    cold, response = timed(lambda: finance.get(url))
    assert response.status_code == 200
    built, built_cpu = [], []
    for _ in range(5):
        summary_file.cache_clear()  # as on an app server that has not built this file yet
        cpu = time.process_time()
        built.append(timed(lambda: finance.get(url))[0])
        built_cpu.append(time.process_time() - cpu)
    warm, warm_cpu = [], []
    for _ in range(5):
        cpu = time.process_time()
        warm.append(timed(lambda: finance.get(url))[0])
        warm_cpu.append(time.process_time() - cpu)
    report(
        f"地区汇总表.xlsx（{UNITS} 个单位）：填报数据刚变动后首次 {cold:.2f} 秒（逐份评分并存入评分摘要）；评分摘要已有、文件新写出时中位 {statistics.median(built):.2f} 秒"
        f"（CPU {statistics.median(built_cpu):.2f} 秒）、最慢 {max(built):.2f} 秒；内容未变、本进程已写过时中位 {statistics.median(warm):.2f} 秒（CPU {statistics.median(warm_cpu):.2f} 秒）、"
        f"最慢 {max(warm):.2f} 秒（目标 ≤ 1 秒）"
    )
    page = [timed(lambda: finance.get(f"/rounds/{round_.pk}/"))[0] for _ in range(3)]
    report(f"批次页面（列出 {UNITS} 个单位的状态与分数）：中位 {statistics.median(page):.2f} 秒")
    unit = Submission.objects.select_related("unit").get(round=round_, unit__name="基准部门000所属单位01")
    live = measure_live(client_for(users["bench-dw00001"]), unit)
    report(f"实时重新评分往返（保存 + 评分 + 局部渲染，{SAVES} 次）：中位 {statistics.median(live) * 1000:.0f} 毫秒，p95 {p95(live) * 1000:.0f} 毫秒（目标 p95 ≤ 150 毫秒）")

    filler, reviewer = client_for(users["bench-dw00001"]), client_for(users["bench-zg000"])
    singles = {
        "单位工作台": (filler, "/"), "填报页": (filler, f"/submissions/{unit.pk}/"), "主管部门页": (reviewer, f"/rounds/{round_.pk}/departments/{unit.unit.parent_id}/"),
        "审核页": (reviewer, f"/submissions/{unit.pk}/review/"), "财政局工作台": (finance, "/"),
    }
    costs = [f"{name} {wall * 1000:.1f} / {cpu * 1000:.1f}" for name, (client, page_url) in singles.items() for wall, cpu in [single_request(client, page_url)]]
    report(f"单个请求（无并发，测试客户端，{SINGLES} 次取中位，毫秒：墙钟 / 本进程 CPU）：{'，'.join(costs)}")

    # 50 people: 30 units (home and their fill page), 15 reviewers (their department page and a unit's review page), 5 finance (home).
    submissions = list(Submission.objects.filter(round=round_).select_related("unit", "unit__parent").order_by("id")[: UNITS : max(1, UNITS // 60)])
    sessions = []
    for index, submission in enumerate(submissions[:30]):
        filler = get_user_model().objects.get(memberships__organisation=submission.unit)
        sessions.append((client_for(filler).cookies["sessionid"].value, ["/", f"/submissions/{submission.pk}/"]))
    for index, submission in enumerate(submissions[30:45]):
        reviewer = get_user_model().objects.get(memberships__organisation=submission.unit.parent)
        sessions.append((client_for(reviewer).cookies["sessionid"].value, [f"/rounds/{round_.pk}/departments/{submission.unit.parent_id}/", f"/submissions/{submission.pk}/review/"]))
    for _ in range(USERS - len(sessions)):
        sessions.append((client_for(users["bench-czj"]).cookies["sessionid"].value, ["/"]))
    samples, errors, wall, server_cpu, client_cpu = measure_load(sessions)
    report(
        f"{USERS} 个并发用户（gunicorn {os.environ.get('JIXIAO_BENCH_WORKERS', '4')} 个工作进程，127.0.0.1；各人在头 1.5 秒内陆续开始，每页后停顿 0.5–1.5 秒）：{len(samples)} 次页面请求、{errors} 次出错，"
        f"用时 {wall:.0f} 秒；中位 {statistics.median(samples) * 1000:.0f} 毫秒，p95 {p95(samples) * 1000:.0f} 毫秒（目标 p95 ≤ 100 毫秒）；"
        f"其间 gunicorn 进程 CPU 每次请求 {server_cpu / max(1, len(samples)) * 1000:.1f} 毫秒（共 {server_cpu:.1f} 秒，即 {server_cpu / wall:.2f} 核），压测程序自身 {client_cpu:.1f} 秒"
    )
    write_section(database, lines)


def write_section(database: str, lines: list[str]) -> None:
    body = (
        f"## 网页系统（{database}，bench/web.py）\n\n{machine_line()}（结束时）：负载高于核数时其他进程在争用 CPU，时间偏长。\n"
        "数据：bench/scale.py 生成的 5,000 个单位、200 个主管部门（各单位数据由 bench/generate.py 生成）。\n\n"
    ) + "\n".join(lines)
    replace_section(f"web:{database}", body)


if __name__ == "__main__":
    main()
