"""Benchmarks of the round overview and the found-and-sorted unit list (issue 22), written to bench/results.md.

A 5,000-unit round (bench/scale.py) with its units spread over the states (40% submitted, 30% approved, 10%
returned, 20% drafts; past its due date) and the same units' previous-year round, all approved — so the overview
computes both years. Targets: the overview p95 ≤ 300 ms; the unit list filtered and sorted p95 ≤ 150 ms.
  python bench/overview.py                                  — SQLite in a scratch data folder
  scripts/with-postgres .venv/bin/python bench/overview.py  — PostgreSQL
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
UNITS, DEPARTMENTS = int(os.environ.get("JIXIAO_BENCH_UNITS", "5000")), int(os.environ.get("JIXIAO_BENCH_DEPARTMENTS", "200"))
REQUESTS = 30
LIST_QUERIES = (
    "?sort=-score", "?q=所属单位1&sort=score", "?state=submitted&sort=-score", "?grade=良&sort=department",
    "?late=1&sort=unit", "?finding=lost-points-without-reason&sort=-findings", "?department={dept}&sort=-score", "?score_min=80&score_max=90&page=3",
)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def spread_states(round_) -> None:
    from jixiao.web.rounds.models import Submission

    ids = list(round_.submissions.order_by("id").values_list("id", flat=True))
    cut = lambda share: int(len(ids) * share)  # noqa: E731
    Submission.objects.filter(pk__in=ids[: cut(0.4)]).update(state=Submission.SUBMITTED)
    Submission.objects.filter(pk__in=ids[cut(0.4): cut(0.7)]).update(state=Submission.APPROVED)
    Submission.objects.filter(pk__in=ids[cut(0.7): cut(0.8)]).update(state=Submission.RETURNED)


def main() -> None:
    database = "PostgreSQL" if os.environ.get("JIXIAO_DATABASE_URL") else "SQLite"
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-bench-overview-"))
    sys.path.insert(0, str(BENCH))
    import scale

    scale.setup_django()
    from django.test import Client

    from jixiao.web.rounds.models import Submission
    from jixiao.web.rounds.services import open_round

    seeded = scale.seed_people_and_orgs(UNITS, DEPARTMENTS)
    previous = open_round(seeded["region"], seeded["finance"], year=2020, title="2020 年度（基准）", framework_id="shenzhen-2019", units=seeded["units"])
    scale.fill_facts(previous)
    previous.submissions.update(state=Submission.APPROVED)
    round_ = scale.open_round(seeded)
    scale.fill_facts(round_)
    spread_states(round_)
    round_.submit_deadline = date.today() - timedelta(days=2)
    round_.save()
    client = Client()
    client.force_login(seeded["finance"])
    start = time.perf_counter()
    assert client.get(f"/rounds/{previous.pk}/overview/").status_code == 200
    assert client.get(f"/rounds/{round_.pk}/overview/").status_code == 200
    cold = time.perf_counter() - start
    lines = []

    def report(text: str) -> None:
        print(text, flush=True)
        lines.append(f"- {text}")

    report(f"首次打开两年的总览（逐份评分并存入评分摘要，{2 * UNITS} 份）：{cold:.1f} 秒")
    overview, cpu = [], []
    for _ in range(REQUESTS):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/rounds/{round_.pk}/overview/")
        overview.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        assert response.status_code == 200
    report(
        f"批次总览（{UNITS} 个单位，与上年 {UNITS} 个单位并列，{REQUESTS} 次）：中位 {statistics.median(overview) * 1000:.0f} 毫秒，"
        f"p95 {p95(overview) * 1000:.0f} 毫秒（本进程 CPU 中位 {statistics.median(cpu) * 1000:.0f} 毫秒；目标 p95 ≤ 300 毫秒）"
    )
    # After a change (one unit saved: its version and time move on): this year's overview is read again once.
    from django.db.models import F
    from django.utils import timezone

    changed = []
    unit_ids = list(round_.submissions.order_by("id").values_list("id", flat=True)[:10])
    for pk in unit_ids:
        Submission.objects.filter(pk=pk).update(version=F("version") + 1, updated=timezone.now())
        began = time.perf_counter()
        assert client.get(f"/rounds/{round_.pk}/overview/").status_code == 200
        changed.append(time.perf_counter() - began)
    report(
        f"批次总览在一个单位刚保存之后（本年重新读取、该单位重新评分，上年不变，{len(changed)} 次）：中位 {statistics.median(changed) * 1000:.0f} 毫秒，"
        f"最慢 {max(changed) * 1000:.0f} 毫秒；上面的 {REQUESTS} 次是批次未变时（同一进程保留的总览）"
    )
    dept = seeded["departments"][7].pk
    listing, per_query = [], {}
    for index in range(REQUESTS * 2):
        query = LIST_QUERIES[index % len(LIST_QUERIES)].format(dept=dept)
        began = time.perf_counter()
        response = client.get(f"/rounds/{round_.pk}/units/{query}")
        seconds = time.perf_counter() - began
        assert response.status_code == 200
        listing.append(seconds)
        per_query.setdefault(query, []).append(seconds)
    slowest = max(per_query.items(), key=lambda item: statistics.median(item[1]))
    report(
        f"单位列表（{UNITS} 个单位中查找、筛选、排序、每页 50 个；{len(LIST_QUERIES)} 种条件轮流，{len(listing)} 次）：中位 {statistics.median(listing) * 1000:.0f} 毫秒，"
        f"p95 {p95(listing) * 1000:.0f} 毫秒（目标 p95 ≤ 150 毫秒）；最慢的条件 `{slowest[0]}` 中位 {statistics.median(slowest[1]) * 1000:.0f} 毫秒"
    )
    write_section(database, lines)


def write_section(database: str, lines: list[str]) -> None:
    from sections import replace_web_section  # bench/sections.py: the one writer of results.md's parts

    data = (
        f"数据：bench/scale.py 生成的 {UNITS} 个单位、{DEPARTMENTS} 个主管部门；本年批次 40% 已提交、30% 已审核、10% 已退回、20% 草稿，已过截止日期；上年批次全部已审核。"
    )
    replace_web_section("overview", "批次总览与单位列表", "bench/overview.py", database, data, lines)


if __name__ == "__main__":
    main()
