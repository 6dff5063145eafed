"""Project self-evaluations in the web system (issue 19's speed), written to bench/results.md.

A round of 5,000 units (bench/scale.py, 200 主管部门) × 8 projects each:
  - opens (≤ 10 s): the round (rounds.services.open_round, as the page that opens it) and its 40,000 projects put in
    from their 绩效目标表 (projects.services.add_projects, as the import page does, here for every unit at once);
  - one unit's 目标表 (8 projects) imported through the page: median;
  - the region's 项目自评汇总表 (40,000 lines, from the stored scores) downloaded by the 财政局 (≤ 3 s);
  - one project's 项目支出绩效自评表.xlsx downloaded (scored and written: ≤ 60 ms).
  python bench/projects_web.py                                  — SQLite in a scratch data folder
  scripts/with-postgres .venv/bin/python bench/projects_web.py  — PostgreSQL
"""
from __future__ import annotations

import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
UNITS, DEPARTMENTS = int(os.environ.get("JIXIAO_BENCH_UNITS", "5000")), int(os.environ.get("JIXIAO_BENCH_DEPARTMENTS", "200"))
PER_UNIT = 8
TEMPLATES = 64  # distinct filled projects, scored once each, then given to the 40,000 (the download reads stored scores)


def targets_table(department: str) -> dict:
    """A unit's 绩效目标表: 8 projects with bench/projects.py's indicators (their targets only)."""
    import projects as generated

    rng = random.Random(19)
    entries = []
    for number in range(PER_UNIT):
        raw = generated.project(rng, number)
        indicators = [{k: row[k] for k in ("level1", "level2", "name", "nature", "value", "unit", "weight") if k in row} for row in raw["indicators"]]
        entries.append({"project": f"项目{number + 1}", "budget": raw["funds"]["年度资金总额"]["budget"], "indicators": indicators})
    return {"department": department, "year": 2023, "unit": "万元", "projects": entries}


def page_facts(raw: dict) -> dict:
    """A generated project as the fill page stores what was typed (text)."""
    text = lambda value: "" if value is None else str(value)  # noqa: E731
    funds = {line: {key: text(value) for key, value in values.items()} for line, values in raw["funds"].items()}
    indicators = {row["name"]: {key: text(row.get(key)) for key in ("actual", "state", "score", "basis", "reason")} for row in raw["indicators"]}
    return {"funds": funds, "indicators": indicators, "execution_reason": raw.get("execution_reason", "")}


def fill_scores(round_) -> int:
    """TEMPLATES generated projects scored once each (services.rescored), then stored on every project in turn."""
    import projects as generated

    from jixiao.web.projects import services
    from jixiao.web.projects.models import ProjectSubmission

    rng = random.Random(1919)
    ids = list(round_.project_submissions.order_by("id").values_list("id", flat=True))
    sample = ProjectSubmission.objects.select_related("round", "unit", "unit__parent").get(pk=ids[0])
    complete = 0
    for template in range(TEMPLATES):
        sample.facts = page_facts(generated.project(rng, template))
        services.rescored(sample)
        complete += bool(sample.summary.get("complete"))
        ProjectSubmission.objects.filter(pk__in=ids[template::TEMPLATES]).update(facts=sample.facts, summary=sample.summary, score=sample.score, grade=sample.grade)
    return complete


def timed(call):
    began, began_cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - began, time.process_time() - began_cpu, result


def main() -> None:
    sys.path.insert(0, str(BENCH))
    import scale
    from sections import Report, replace_web_section  # bench/sections.py: the one writer of results.md's parts

    database = scale.web_bench("jixiao-bench-projects-")
    from django.test import Client

    from jixiao.projects.load import build_targets
    from jixiao.model.result import Where
    from jixiao.web.projects import services
    from jixiao.web.projects.models import ProjectSubmission
    from jixiao.web.rounds.services import open_round

    report = Report()
    seeded = scale.seed_people_and_orgs(UNITS, DEPARTMENTS)
    units, finance = seeded["units"], seeded["finance"]
    eight = build_targets(targets_table("基准部门"), lambda loc: Where("目标表.yaml")).projects

    openings = []  # three rounds opened in turn (the same units): (wall, opening the round, adding projects, CPU)
    for attempt in range(3):
        began, began_cpu = time.perf_counter(), time.process_time()
        round_ = open_round(seeded["region"], finance, year=2023 - attempt, title=f"{2023 - attempt} 年度项目支出绩效自评（基准）", framework_id="shenzhen-2019", units=units)
        opened = time.perf_counter()
        added = services.add_projects(round_, finance, {unit: eight for unit in units}, "目标表.xlsx")
        done = time.perf_counter()
        openings.append((done - began, opened - began, done - opened, time.process_time() - began_cpu))
        assert added == UNITS * PER_UNIT == ProjectSubmission.objects.filter(round=round_).count()
    best = min(openings)
    report(
        f"开启评价批次并加入项目（{UNITS} 个单位、{DEPARTMENTS} 个主管部门，每个单位 {PER_UNIT} 个项目，共 {added:,} 个项目自评；3 个批次依次开启取最快）：{best[0]:.2f} 秒"
        f"（目标 ≤ 10 秒；其中开启批次 {best[1]:.2f} 秒、加入项目 {best[2]:.2f} 秒，本进程 CPU {best[3]:.2f} 秒；各次 {', '.join(f'{o[0]:.2f}' for o in openings)}）"
    )
    client = Client()
    client.force_login(finance)
    from jixiao.web.orgs.models import Organisation

    spare = Organisation.objects.bulk_create([Organisation(name=f"基准新增单位{i:02d}", kind=Organisation.UNIT, parent=seeded["departments"][i % DEPARTMENTS]) for i in range(10)])
    upload = targets_yaml(targets_table("基准部门"))
    imports, imports_cpu = [], []
    for unit in spare:
        handle = io.BytesIO(upload)
        handle.name = "目标表.yaml"
        seconds, seconds_cpu, response = timed(lambda: client.post(f"/rounds/{round_.pk}/projects/import/", {"unit": unit.pk, "targets": handle}))
        assert response.status_code == 302 and ProjectSubmission.objects.filter(round=round_, unit=unit).count() == PER_UNIT
        imports.append(seconds)
        imports_cpu.append(seconds_cpu)
    report(f"网页上为一个单位导入绩效目标表（{PER_UNIT} 个项目，YAML，{len(imports)} 次）：中位 {statistics.median(imports) * 1000:.0f} 毫秒（CPU {statistics.median(imports_cpu) * 1000:.0f} 毫秒）")

    complete = fill_scores(round_)
    url = f"/rounds/{round_.pk}/projects/summary.xlsx"
    downloads = []
    for _ in range(3):
        seconds, seconds_cpu, response = timed(lambda: client.get(url))
        assert response.status_code == 200 and response.content[:2] == b"PK"
        downloads.append((seconds, seconds_cpu))
    total = ProjectSubmission.objects.filter(round=round_).count()
    report(
        f"地区项目自评汇总表.xlsx（{total:,} 个项目，由保存的评分摘要写出，含读数据库；{TEMPLATES} 种已评分的项目轮流，其中 {complete} 种完整；3 次）：最快 {min(d[0] for d in downloads):.2f} 秒"
        f"（目标 ≤ 3 秒；各次 {', '.join(f'{d[0]:.2f}' for d in downloads)}；本进程 CPU 最少 {min(d[1] for d in downloads):.2f} 秒）"
    )
    project = ProjectSubmission.objects.filter(round=round_, summary__complete=True).order_by("id").first()
    sheets, sheets_cpu = [], []
    for _ in range(30):
        seconds, seconds_cpu, response = timed(lambda: client.get(f"/projects/{project.pk}/sheet.xlsx"))
        assert response.status_code == 200 and response["Content-Disposition"].endswith(".xlsx")
        sheets.append(seconds)
        sheets_cpu.append(seconds_cpu)
    report(
        f"下载一个项目的 项目支出绩效自评表.xlsx（读数据库、评分、复核检查、写出，30 次）：中位 {statistics.median(sheets) * 1000:.0f} 毫秒（CPU {statistics.median(sheets_cpu) * 1000:.0f} 毫秒），"
        f"最慢 {max(sheets) * 1000:.0f} 毫秒（目标 ≤ 60 毫秒）"
    )
    replace_web_section(
        "projects-web", "网页系统中的项目自评", "bench/projects_web.py", database,
        f"数据：bench/scale.py 生成的 {UNITS} 个单位、{DEPARTMENTS} 个主管部门；每个单位 {PER_UNIT} 个项目，指标同 bench/projects.py。", report,
    )


def targets_yaml(table: dict) -> bytes:
    import yaml

    return yaml.safe_dump(table, allow_unicode=True, sort_keys=False).encode("utf-8")


if __name__ == "__main__":
    main()
