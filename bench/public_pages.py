"""Public pages and open data (`python bench/public_pages.py`, not a test): 5,000 published units, written to bench/results.md.

Runs on SQLite (default) or PostgreSQL (`scripts/with-postgres python bench/public_pages.py`); each run replaces only its
own section. Measures, against issue 21's targets:
  - the open-data export of 5,000 units as CSV, JSON and xlsx (≤ 2 s each), with this process's CPU time
  - each public page one request at a time (wall / CPU)
  - 100 concurrent anonymous readers against gunicorn on 127.0.0.1 (p95 ≤ 50 ms): each arrives within 1.5 s, then
    reads a page and pauses 0.5–1.5 s, 10 times. The anonymous rate limit is off (JIXIAO_PUBLIC_RATE=0): every
    reader here comes from one address.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
UNITS, DEPARTMENTS = int(os.environ.get("JIXIAO_BENCH_UNITS", "5000")), 200
READERS, REQUESTS_PER_READER, EXPORTS = 100, 10, 5

os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-bench-public-"))
os.environ["JIXIAO_PUBLIC_RATE"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")

import web as webbench  # noqa: E402  (bench/web.py: p95, timed, load generator helpers)


def publish_many():
    """One publication of UNITS units (each with a PDF and a 评分表 entry) under 200 主管部门, inserted directly."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from jixiao.web.disclosure.models import Publication, PublishedFile, PublishedUnit
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds import evidence as store
    from jixiao.web.rounds.models import Round

    region = Organisation.objects.create(name="基准市财政局", kind=Organisation.FINANCE)
    user = get_user_model().objects.create_user("bench")
    round_ = Round.objects.create(region=region, year=2024, title="2024 年度部门整体支出绩效自评", framework_id="shenzhen-2019", is_open=False)
    publication = Publication.objects.create(round=round_, region=region.name, year=2024, title=round_.title, place="基准市门户网站", published_at=timezone.now(), by=user,
                                             state=Publication.PUBLISHED, total=UNITS, built=UNITS)
    digest = store.store(b"%PDF-1.4\n% bench\n")
    rng = random.Random(21)
    units = []
    for index in range(UNITS):
        score = rng.randint(5500, 9900)
        grade = "优" if score >= 9000 else "良" if score >= 8000 else "中" if score >= 6000 else "差"
        units.append(PublishedUnit(publication=publication, department=f"基准市第{index % DEPARTMENTS + 1:03d}局", unit=f"基准单位{index + 1:05d}",
                                   budget=f"{rng.randint(10**6, 10**8)}.00", spent=f"{rng.randint(10**6, 10**8)}.00", self_score=f"{score / 100:.2f}",
                                   reviewed_score=f"{score / 100:.2f}", final_score=f"{score / 100:.2f}", grade=grade, built=True))
    PublishedUnit.objects.bulk_create(units, batch_size=500)
    files = []
    for unit in PublishedUnit.objects.filter(publication=publication):
        files.append(PublishedFile(publication=publication, unit=unit, kind=PublishedFile.REPORT_PDF, filename=f"{unit.unit}-自评报告.pdf", content_type="application/pdf", sha256=digest, size=18))
        files.append(PublishedFile(publication=publication, unit=unit, kind=PublishedFile.SCORESHEET, filename=f"{unit.unit}-评分表.xlsx", content_type="application/pdf", sha256=digest, size=18))
    PublishedFile.objects.bulk_create(files, batch_size=1000)
    return publication


def export_times(client, url: str) -> tuple[float, float, int]:
    """The file made anew each time (the kept copy dropped first): the first reader's wait."""
    from django.core.cache import cache

    walls, cpus = [], []
    for _ in range(EXPORTS):
        cache.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200
    return statistics.median(walls), max(walls), statistics.median(cpus), len(response.content)


def main() -> None:
    import django
    from django.core.management import call_command
    from django.test import Client

    database = "PostgreSQL" if os.environ.get("JIXIAO_DATABASE_URL") else "SQLite"
    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    seconds, publication = webbench.timed(publish_many)
    lines = [f"- 准备数据：{UNITS} 个公开单位、{2 * UNITS} 个文件记录，{seconds:.1f} 秒"]
    client = Client()
    pk = publication.pk
    for name, suffix in (("CSV", "data.csv"), ("JSON", "data.json"), ("xlsx", "data.xlsx")):
        median, worst, cpu, size = export_times(client, f"/public/{pk}/{suffix}")
        lines.append(f"- 开放数据 {name}（{UNITS} 个单位，{size / 1e6:.1f} MB）：中位 {median:.2f} 秒（CPU {cpu:.2f} 秒），最慢 {worst:.2f} 秒（{EXPORTS} 次；目标 ≤ 2 秒）")
    unit = publication.units.order_by("id").first()
    pages = {"公开列表": "/public/", "一次公开（第 1 页）": f"/public/{pk}/", "按名称搜索": f"/public/{pk}/?q=单位0042",
             "按等级筛选": f"/public/{pk}/?grade=良&page=3", "单位页": f"/public/{pk}/units/{unit.pk}/"}
    singles = []
    for name, url in pages.items():
        wall, cpu = webbench.single_request(client, url)
        singles.append(f"{name} {wall * 1000:.1f} / {cpu * 1000:.1f}")
    lines.append("- 单个请求（无并发，测试客户端，30 次取中位，毫秒：墙钟 / CPU；页面已渲染过、取自缓存）：" + "，".join(singles))
    from django.core.cache import cache

    cold = []
    for name in ("一次公开（第 1 页）", "按等级筛选", "单位页"):
        walls = []
        for _ in range(10):
            cache.clear()
            walls.append(webbench.timed(lambda: client.get(pages[name]))[0])
        cold.append(f"{name} {statistics.median(walls) * 1000:.1f}")
    lines.append("- 同上但每次新渲染（清空缓存，10 次取中位，毫秒）：" + "，".join(cold))
    ids = list(publication.units.values_list("id", flat=True))
    rng = random.Random(7)
    readers = []
    for _ in range(READERS):
        urls = [f"/public/{pk}/units/{rng.choice(ids)}/" for _ in range(4)] + [f"/public/{pk}/", f"/public/{pk}/?grade=中", f"/public/{pk}/?q=单位{rng.randint(0, 499):03d}", "/public/"]
        readers.append(("", [quote(url, safe="/?=&") for url in urls]))
    webbench.USERS, webbench.REQUESTS_PER_USER = READERS, REQUESTS_PER_READER
    samples, errors, wall, server_cpu, client_cpu = webbench.measure_load(readers)
    workers = os.environ.get("JIXIAO_BENCH_WORKERS", "4")
    lines.append(
        f"- {READERS} 个并发匿名读者（gunicorn {workers} 个工作进程，127.0.0.1；头 1.5 秒内陆续开始，每页后停顿 0.5–1.5 秒）：{len(samples)} 次请求、{errors} 次出错，"
        f"用时 {wall:.0f} 秒；中位 {statistics.median(samples) * 1000:.0f} 毫秒，p95 {webbench.p95(samples) * 1000:.0f} 毫秒（目标 p95 ≤ 50 毫秒）；"
        f"其间 gunicorn 进程 CPU 每次请求 {server_cpu / max(1, len(samples)) * 1000:.1f} 毫秒（共 {server_cpu:.1f} 秒，即 {server_cpu / wall:.2f} 核），压测程序自身 {client_cpu:.1f} 秒"
    )
    print("\n".join(lines))
    write_section(database, lines)


def write_section(database: str, lines: list[str]) -> None:
    import re

    begin, end = f"<!-- public:{database} -->", f"<!-- /public:{database} -->"
    with open("/proc/cpuinfo", encoding="utf-8") as cpu:
        model = next((line.split(":", 1)[1].strip() for line in cpu if line.startswith("model name")), "")
    load = "、".join(f"{value:.1f}" for value in os.getloadavg())
    commit = os.popen(f"git -C {BENCH.parent} rev-parse --short HEAD 2>/dev/null").read().strip()
    body = (f"{begin}\n## 公开页面与开放数据（{database}，bench/public_pages.py）\n\n{time.strftime('%Y-%m-%d')}，提交 {commit}，{os.cpu_count()} 核 {model}，"
            f"结束时系统负载（1/5/15 分钟）{load}。\n\n") + "\n".join(lines) + f"\n{end}"
    results = BENCH / "results.md"
    text = results.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: body, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + body + "\n"
    results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
