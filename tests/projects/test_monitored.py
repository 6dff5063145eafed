"""Monitoring into the year end: the 自评 prefilled from the last period, the finding when 确定能 was not borne out,
and 绩效监控开展情况 from monitoring completeness. Data: examples/某县农业农村局-2023-1至6月-监控.yaml beside
examples/projects (the same projects and indicators)."""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal

import pytest
import yaml

from conftest import EXAMPLES, one_row_framework
from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.problems import InputError
from jixiao.model.result import Where
from jixiao.monitoring.completeness import MonitoredReport, monitoring_figures
from jixiao.monitoring.loader import load_monitoring
from jixiao.projects.links import with_project_figures
from jixiao.projects.load import load_project, load_targets
from jixiao.projects.monitored import monitored_projects, prefill
from jixiao.review import evaluate_and_check

PROJECTS = EXAMPLES / "projects"
MONITORING = EXAMPLES / "某县农业农村局-2023-1至6月-监控.yaml"


def _monitored():
    monitoring, _thresholds = load_monitoring(MONITORING)
    return monitored_projects(monitoring, MONITORING.name)


def test_prefill_takes_the_forecast_and_says_where_it_came_from():
    table = load_targets(PROJECTS / "目标表.yaml")
    farmland = table.project("高标准农田建设项目")
    start = prefill(farmland, _monitored()["高标准农田建设项目"])
    # 年初预算数 1200, 调整后预算 1150 as 全年预算数, 全年预计执行数 1100 as 全年执行数 (万元)
    assert start["funds"] == {"年度资金总额": {"initial": "1200", "budget": "1150", "spent": "1100"}}
    assert start["texts"] == {"adjustment": "年中调减 50 万元用于县级防汛应急"}
    area = start["indicators"]["新建高标准农田面积"]
    assert area["actual"] == "2.1万亩"  # the forecast, not the 1–6 月 1.1万亩
    assert area["basis"] == "取自1-6月监控：全年预计完成情况 2.1万亩（1-6月执行情况 1.1万亩，完成目标可能性：确定能），请按年底实际完成情况核实"
    assert start["indicators"]["项目区亩均增产"]["actual"] == "55公斤"
    assert start["indicators"]["建后管护机制"] == {"state": "达成", "basis": start["indicators"]["建后管护机制"]["basis"]}  # 达成目标 → 达成
    assert len(start["indicators"]) == 7


def test_template_writes_each_project_and_the_start_scores(cli, tmp_path):
    code, out, err = cli("template", "-f", "national-2020-project", "--targets", PROJECTS / "目标表.yaml", "--monitoring", MONITORING, "-o", tmp_path / "起点")
    assert code == 0, err
    written = sorted(p.name for p in (tmp_path / "起点").iterdir())
    assert written == ["农村人居环境整治项目.yaml", "高标准农田建设项目.yaml"]
    raw = yaml.safe_load((tmp_path / "起点" / "农村人居环境整治项目.yaml").read_text(encoding="utf-8"))
    assert raw["indicators"][0] == {"name": "整治行政村数量", "actual": "20个", "basis": raw["indicators"][0]["basis"]}
    facts, framework = load_project(tmp_path / "起点" / "农村人居环境整治项目.yaml")
    result = evaluate_and_check(framework, facts)
    # 全年预计执行数 290 / 300 = 96.67% → 9.67; every forecast meets its target: 50 + 30 + 10 → 99.67
    assert result.total == Decimal("99.67")
    assert "取自1-6月监控" in next(r for r in result.rows if r.path[-1] == "群众满意度").basis
    assert not [f for f in result.findings if f.code == "project-forecast-contradicted"]  # the forecasts themselves agree


@pytest.mark.parametrize(("args", "says"), [
    (("-o", "起点.xlsx"), "应为目录"),
    (("-o", "起点", "--no-targets"), "需要同时用 --targets"),
])
def test_template_refuses_what_it_cannot_do(cli, tmp_path, args, says):
    targets = () if "--no-targets" in args else ("--targets", PROJECTS / "目标表.yaml")
    output = [a if a not in ("起点", "起点.xlsx") else tmp_path / a for a in args if a != "--no-targets"]
    code, out, err = cli("template", "-f", "national-2020-project", *targets, "--monitoring", MONITORING, *output)
    assert code == 2 and says in out + err
    assert not list(tmp_path.iterdir())  # nothing written


def _with_monitoring(tmp_path, name: str, monitoring: str = "监控.yaml"):
    """An example project's year-end facts, its 目标表 and the monitoring file beside it."""
    shutil.copy(PROJECTS / "目标表.yaml", tmp_path / "目标表.yaml")
    shutil.copy(MONITORING, tmp_path / "监控.yaml")
    text = (PROJECTS / f"{name}.yaml").read_text(encoding="utf-8").replace("targets: 目标表.yaml", f"targets: 目标表.yaml\nmonitoring: {monitoring}")
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path / f"{name}.yaml"


def test_a_year_end_result_against_its_certain_forecast_is_found(cli, tmp_path):
    facts, framework = load_project(_with_monitoring(tmp_path, "高标准农田建设项目"))
    found = [f for f in evaluate_and_check(framework, facts).findings if f.code == "project-forecast-contradicted"]
    # 项目完工时间 ≤11月: 1–6 月 forecast 11月 with 确定能, year end 12 → one finding; 新建面积 2.1 ≥ 2 is met, 亩均增产 was 有可能
    assert [(f.severity, f.path[-1]) for f in found] == [("warning", "项目完工时间")]
    assert "1-6月监控时完成目标可能性为“确定能”（全年预计完成情况 11月）" in found[0].message and "12月" in found[0].message
    village = _with_monitoring(tmp_path, "农村人居环境整治项目")
    code, out, _err = cli("check", village)
    # 整治行政村数量 18 < 20 个 (forecast 20个, 确定能) and 村容村貌改善 部分达成 (forecast 达成目标, 确定能)
    assert out.count("project-forecast-contradicted") == 2 and "整治行政村数量" in out and "村容村貌改善" in out


def test_the_monitoring_file_named_must_hold_the_project(tmp_path):
    with pytest.raises(InputError) as caught:
        load_project(_with_monitoring(tmp_path, "高标准农田建设项目", monitoring="没有这个文件.yaml"))
    assert "找不到监控数据文件“没有这个文件.yaml”" in caught.value.problems[0].describe() and "monitoring" in caught.value.problems[0].describe()
    path = _with_monitoring(tmp_path, "高标准农田建设项目")
    (tmp_path / "监控.yaml").write_text(MONITORING.read_text(encoding="utf-8").replace("name: 高标准农田建设项目", "name: 别的项目"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_project(path)
    assert "监控数据（监控.yaml）中没有项目“高标准农田建设项目”" in caught.value.problems[0].message


def test_monitoring_completeness_scores_a_department_row_and_names_the_projects():
    reports = [
        MonitoredReport("一中", ("校园安全", "教师培训"), dt.date(2024, 7, 10)),
        MonitoredReport("二中", ("营养餐",), dt.date(2024, 7, 20)),  # after the due date
        MonitoredReport("三中", ("图书馆",), None),  # never submitted
    ]
    figures = monitoring_figures(reports, "1-6月", dt.date(2024, 7, 15), evaluated=[("一中", "校园安全"), ("四中", "操场改造")])
    values = {key: q.value for key, q in figures.figures().items()}
    # expected: 4 in the 监控表 + 四中's evaluated project never monitored = 5; monitored 3; on time 2 (一中's two)
    assert values == {"应监控项目数": 5, "已监控项目数": 3, "按时监控项目数": 2}
    framework = one_row_framework({"kind": "ratio", "figure": "绩效监控完成率"}, 4)
    facts = build_facts({"department": "教育局", "year": 2024, "framework": "one-row", "rows": {}}, lambda loc: Where("t"), framework)
    row = evaluate_and_check(framework, with_project_figures(framework, facts, figures, "监控")).rows[0]
    assert row.score == Decimal("2.40")  # 3 / 5 × 4
    assert "未监控：图书馆（三中）、操场改造（四中）" in row.basis and "逾期：营养餐（二中）" in row.basis
