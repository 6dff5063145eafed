"""The 监控填报表.xlsx: written from the data, filled in, read back to exactly the same data; bad cells named."""
from __future__ import annotations

import dataclasses

import openpyxl

from conftest import EXAMPLES
from jixiao.loaders.problems import InputError
from jixiao.monitoring.loader import load_monitoring
from jixiao.monitoring.review import review_monitoring
from jixiao.render.monitoring_template import write_monitoring_template

EXAMPLE = EXAMPLES / "demo-2024-1至6月-监控.yaml"


def _plain(monitoring):
    """Everything but where each value was read from."""
    def strip(value):
        if dataclasses.is_dataclass(value):
            return tuple((f.name, strip(getattr(value, f.name))) for f in dataclasses.fields(value) if f.name not in ("where", "source"))
        if isinstance(value, tuple):
            return tuple(strip(v) for v in value)
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        return value

    return strip(monitoring)


def test_example_round_trips_through_the_workbook(tmp_path):
    monitoring, thresholds = load_monitoring(EXAMPLE)
    path = tmp_path / "监控填报表.xlsx"
    write_monitoring_template(monitoring, path)
    again, _ = load_monitoring(path)
    assert _plain(again) == _plain(monitoring)
    # the same lights from the workbook as from the YAML
    assert [l.colour for l in review_monitoring(again, thresholds).lights] == ["green", "red", "yellow", "green"]


def test_targets_only_file_gives_a_template_to_fill(tmp_path, cli):
    targets = tmp_path / "目标.yaml"
    targets.write_text(
        "department: 测试局\nyear: 2024\nas_of: 2024-06-30\nunit: 万元\nbudget: {年初预算数: 100}\n"
        "projects:\n  - name: 项目甲\n    budget: {年初预算数: 40}\n    targets:\n"
        "      - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥1000人次}\n",
        encoding="utf-8",
    )
    template = tmp_path / "填报.xlsx"
    code, stdout, _ = cli("monitor", targets, "--template", template)
    assert code == 0 and "已生成监控填报表" in stdout
    book = openpyxl.load_workbook(template)
    budgets, rows = book["预算"], book["指标"]
    assert [c.value for c in rows[2]][:5] == ["项目甲", "产出指标", "数量指标", "培训人次", "≥1000人次"]
    # the unit fills it in: 执行数 of the department and the project, 1–6月 280人次, a cause with its words
    budgets["E2"] = 45
    budgets["E3"] = 10
    for column, value in (("G", "280人次"), ("H", "900人次"), ("I", "√"), ("N", "资金 5 月才下达"), ("O", "有可能")):
        rows[f"{column}2"] = value
    book.save(template)
    monitoring, thresholds = load_monitoring(template)
    lights = review_monitoring(monitoring, thresholds).lights[1]
    # 10 / 40 = 25% against 182/366: 50.27 → red; 280 / (1000 × 182/366) × 100 = 56.31 → red
    assert lights.budget_colour == "red" and lights.target_colour == "red"
    assert monitoring.projects[0].targets[0].cause_notes == {"经费保障": "资金 5 月才下达"}


def test_bad_cells_are_named(tmp_path):
    monitoring, _ = load_monitoring(EXAMPLE)
    path = tmp_path / "监控填报表.xlsx"
    write_monitoring_template(monitoring, path)
    book = openpyxl.load_workbook(path)
    book["预算"]["E3"] = "九十"
    book["指标"]["J4"] = "x"
    book.save(path)
    try:
        load_monitoring(path)
    except InputError as error:
        messages = [p.describe() for p in error.problems]
    else:
        raise AssertionError("bad cells were accepted")
    assert any("单元格 预算!E3" in m and "九十" in m for m in messages)
    assert any("单元格 指标!J4" in m and "只能打 √" in m for m in messages)


def test_several_causes_keep_their_own_words(tmp_path):
    monitoring, _ = load_monitoring(EXAMPLE)
    project = monitoring.projects[0]
    item = dataclasses.replace(project.targets[1], causes=("经费保障", "人员保障"), cause_notes={"经费保障": "下达晚；拨付慢", "人员保障": "缺 2 人"})
    changed = dataclasses.replace(monitoring, projects=(dataclasses.replace(project, targets=(project.targets[0], item, *project.targets[2:])), *monitoring.projects[1:]))
    path = tmp_path / "监控填报表.xlsx"
    write_monitoring_template(changed, path)
    again, _ = load_monitoring(path)
    assert again.projects[0].targets[1].cause_notes == {"经费保障": "下达晚；拨付慢", "人员保障": "缺 2 人"}
