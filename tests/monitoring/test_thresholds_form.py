"""What the web's thresholds form and field-by-field 监控表 rest on: bands from 下限–上限 (no gap, no overlap), the
thresholds written back as a round stores them, the 执行预警 method, and a lenient read that lights a draft."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction as F

import pytest

from jixiao.monitoring.loader import read_monitoring
from jixiao.monitoring.model import Budget, Subject
from jixiao.monitoring.signals import subject_lights
from jixiao.monitoring.thresholds import DEFAULT_THRESHOLDS, Thresholds, bands_from_ranges, band_ranges, read_thresholds, thresholds_mapping


def test_ranges_that_tile_make_the_bands():
    bands, problems = bands_from_ranges({"red": (F(0), F(50)), "yellow": (F(50), F(75)), "green": (F(75), None), "blue": (None, None)})
    assert problems == {} and bands.describe() == "红 <50，黄 50–75，绿 ≥75"
    assert band_ranges(bands) == {"red": (0, 50), "yellow": (50, 75), "green": (75, None)}


@pytest.mark.parametrize(
    ("ranges", "colour", "message"),
    [
        ({"red": (F(0), F(60)), "yellow": (F(60), F(85)), "green": (F(80), None)}, "green", "与黄档 60–85 重叠：80–85 同属两档"),
        ({"red": (F(0), F(60)), "yellow": (F(60), F(75)), "green": (F(80), None)}, "green", "与黄档 60–75 之间有空档：75–80 的数值没有颜色"),
        ({"red": (F(10), F(60)), "green": (F(60), None)}, "red", "最低一档（红）的下限应为 0"),
        ({"red": (F(0), F(60)), "green": (F(60), F(200))}, "green", "最高一档（绿）不应设上限"),
        ({"red": (F(0), None), "green": (F(60), None)}, "green", "与红档 ≥0 重叠（红档未设上限）"),
        ({"red": (F(0), F(60)), "yellow": (F(80), F(70)), "green": (F(80), None)}, "yellow", "黄档的上限 70 应大于下限 80"),
        ({"red": (None, F(60)), "green": (F(60), None)}, "red", "红档缺下限"),
    ],
)
def test_ranges_with_a_gap_or_an_overlap_are_refused_at_the_colour(ranges, colour, message):
    bands, problems = bands_from_ranges(ranges)
    assert bands is None and message in problems[colour]


def test_thresholds_written_as_a_round_stores_them_read_back_the_same():
    changed = Thresholds(time_basis="months", checkpoints=((6, F(9, 20)), (9, F(7, 10))), gap_points=F(25, 2), far_above=F(3, 10),
                         cause_required=("red",), execution_basis="ratio")
    for thresholds in (DEFAULT_THRESHOLDS, changed):
        mapping = thresholds_mapping(thresholds)
        # through JSON (a round's JSONField): the months of 执行节点 come back as text keys
        as_json = {**mapping, "执行节点": {str(k): v for k, v in mapping["执行节点"].items()}}
        again, problems = read_thresholds(as_json, lambda loc: None)
        assert problems == [] and again == thresholds
    assert thresholds_mapping(changed)["执行节点"] == {6: "45%", 9: "70%"} and thresholds_mapping(changed)["偏离"] == "12.5"


def _budget_lights(basis: str):
    # 90 / 300 = 30% at 30 June 2024: 30 / (182/366) × 100 = 60.33 → yellow by ratio; below the 6 月末 40% → red
    subject = Subject("project", "项目甲", "", Budget(Decimal(300), Decimal(90)), ())
    thresholds, _ = read_thresholds({"执行预警": basis}, lambda loc: None)
    return [(s.kind, s.colour) for s in subject_lights(subject, dt.date(2024, 6, 30), thresholds).signals]


def test_execution_warning_by_checkpoints_or_by_ratio():
    assert _budget_lights("两者") == [("execution", "yellow"), ("checkpoint", "red")]
    assert _budget_lights("执行节点") == [("checkpoint", "red")]
    assert _budget_lights("序时进度之比") == [("execution", "yellow")]


def test_lenient_read_keeps_what_it_can_and_names_each_field():
    raw = {
        "department": "测试局", "year": 2024, "as_of": "2024-06-30",
        "budget": {"年初预算数": "100", "执行数": "九十"},
        "projects": [{"name": "项目甲", "budget": {"年初预算数": "50", "执行数": "20"}, "targets": [
            {"name": "培训人次", "target": "≥1000人次", "current": "600人次", "forecast": "550人次", "causes": ["经费保障"], "likelihood": "有可能"},
        ]}],
    }
    cells = {("budget", "执行数"): "B", ("projects", 0, "targets", 0, "forecast"): "F", ("projects", 0, "targets", 0, "cause_notes", "经费保障"): "N"}
    monitoring, _thresholds, problems = read_monitoring(raw, "监控表", cells)
    at = {p.where.cell: p.message for p in problems}
    assert "九十" in at["B"] and "小于已完成的 600人次" in at["F"] and at["N"] == "勾选了偏差原因“经费保障”，须写明其原因说明"
    # the rest is read: the project is lit — 20 / 50 = 40% meets the 6 月末 40%; 600 / (1000 × 182/366) = 120.66 → blue
    lights = subject_lights(monitoring.projects[0], monitoring.as_of, DEFAULT_THRESHOLDS)
    assert monitoring.department_subject.budget is None and lights.colour_of(monitoring.projects[0].targets[0]) == "red"
    assert [(s.kind, s.colour) for s in lights.signals if s.target][:2] == [("progress", "blue"), ("forecast", "red")]


def test_a_new_period_starts_from_the_targets_and_budgets_only():
    from conftest import EXAMPLES
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.monitoring.loader import build_monitoring
    from jixiao.monitoring.prefill import carried_forward, from_target_tables

    june = load_yaml(EXAMPLES / "demo-2024-1至6月-监控.yaml")
    start = carried_forward(june)
    assert start["budget"] == {"年初预算数": 1200, "调整后预算": 1250}  # 执行数 560 and 全年预计 1230 belong to 1–6 月
    devices = start["projects"][0]["targets"][1]
    assert devices == {"level1": "产出指标", "level2": "数量指标", "name": "安防设备安装数", "target": "≥300台"}
    assert start["projects"][2]["targets"][0]["cumulative"] is False  # 受益学生人数 stays a non-cumulative target
    # a targets-only file: read as such, the 1–9 月 figures still to be filled in
    monitoring, _ = build_monitoring({"department": "示例区教育局", "year": 2024, "as_of": "2024-09-30", **start}, "监控表", None, require_progress=False)
    assert [p.name for p in monitoring.projects] == ["校园安全提升工程", "中小学教师培训", "学生营养改善计划"]
    assert all(t.current == "" and not t.causes for p in monitoring.projects for t in p.targets)

    table = {"project": "高标准农田建设项目", "implementer": "某县农田建设服务中心", "budget": "1200", "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "新建高标准农田面积", "nature": "≥", "value": "2", "unit": "万亩"},
        {"level1": "效益指标", "level2": "可持续影响指标", "name": "建后管护机制", "nature": "定性", "value": "健全"},
    ]}
    (project,) = from_target_tables([table])["projects"]
    assert project["budget"] == {"年初预算数": "1200"} and [t["target"] for t in project["targets"]] == ["≥2万亩", "健全"]
