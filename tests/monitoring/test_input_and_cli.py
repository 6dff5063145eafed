"""Bad monitoring input named by file, line and field (exit 2, nothing written); what a light requires; the documents."""
from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES
from jixiao.loaders.problems import InputError
from jixiao.model.targets import parse_target
from jixiao.monitoring.loader import load_monitoring
from jixiao.monitoring.model import Budget, Subject, TargetProgress
from jixiao.monitoring.requirements import requirements
from jixiao.monitoring.signals import subject_lights
from jixiao.monitoring.thresholds import DEFAULT_THRESHOLDS

EXAMPLE = EXAMPLES / "demo-2024-1至6月-监控.yaml"
BASE = """department: 测试局
year: 2024
as_of: {as_of}
unit: 万元
budget: {{年初预算数: 100, 执行数: {spent}}}
projects:
  - name: 项目甲
    budget: {{年初预算数: 50, 执行数: 20}}
    targets:
      - name: 培训人次
        target: ≥1000人次
        current: {current}
        forecast: {forecast}
        likelihood: 确定能
{extra}"""


def _write(tmp_path: Path, as_of="2024-06-30", spent=40, current="500人次", forecast="1000人次", extra="") -> Path:
    path = tmp_path / "监控.yaml"
    path.write_text(BASE.format(as_of=as_of, spent=spent, current=current, forecast=forecast, extra=extra), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_monitoring(path)
    return [p.describe() for p in raised.value.problems]


def test_as_of_outside_the_year(tmp_path):
    (message,) = _problems(_write(tmp_path, as_of="2025-01-31"))
    assert "第 3 行" in message and "监控截止日期" in message and "不在 2024 年度内" in message


def test_execution_above_budget_without_adjustment(tmp_path):
    (message,) = _problems(_write(tmp_path, spent=120))
    assert "第 5 行" in message and "执行数超过预算" in message
    # the same with an adjustment stated is accepted
    path = _write(tmp_path, spent=120)
    path.write_text(path.read_text(encoding="utf-8").replace("执行数: 120}", "执行数: 120, 调整说明: 追加预算 20 万元（区财预〔2024〕8 号）}"), encoding="utf-8")
    load_monitoring(path)


def test_forecast_below_achieved_for_a_cumulative_target(tmp_path):
    (message,) = _problems(_write(tmp_path, current="600人次", forecast="550人次"))
    assert "第 13 行" in message and "全年预计完成情况" in message and "小于已完成" in message


def test_cause_ticked_without_text(tmp_path):
    (message,) = _problems(_write(tmp_path, extra="        causes: [经费保障]\n"))
    assert "经费保障" in message and "原因说明" in message and "项目甲 / 培训人次" in message


def test_wrong_kinds_and_unknown_words(tmp_path):
    path = _write(tmp_path, current="500元", extra="        causes: [天气]\n        likelihood2: 有可能\n")
    messages = "\n".join(_problems(path))
    assert "天气" in messages and "likelihood2" in messages
    assert "500元" in messages  # a 完成值 in the wrong unit is refused, not guessed


def test_requirements_of_a_red_target():
    item = TargetProgress("产出指标", "数量指标", "培训人次", parse_target("≥1000人次"), "100人次", current_value=Decimal(100), likelihood="有可能")
    subject = Subject("project", "项目甲", "", Budget(Decimal(100), Decimal(50)), (item,))
    lights = subject_lights(subject, dt.date(2024, 6, 30), DEFAULT_THRESHOLDS)
    assert lights.colour_of(item) == "red"  # 100 / (1000 × 182/366) = 20.1
    messages = [p.message for p in requirements(lights, DEFAULT_THRESHOLDS)]
    assert any("亮红灯，须勾选偏差原因" in m for m in messages)
    assert any("须填写全年预计完成情况" in m for m in messages)


def test_far_above_target_needs_a_note():
    # 1300 > 1000 × (1 + 20%): the note must say why (is the target too low?)
    item = TargetProgress("产出指标", "数量指标", "培训人次", parse_target("≥1000人次"), "1300人次", current_value=Decimal(1300), likelihood="确定能")
    subject = Subject("project", "项目甲", "", Budget(Decimal(100), Decimal(50)), (item,))
    lights = subject_lights(subject, dt.date(2024, 6, 30), DEFAULT_THRESHOLDS)
    (problem,) = requirements(lights, DEFAULT_THRESHOLDS)
    assert "超过年度指标值" in problem.message and "备注" in problem.message
    noted = dataclasses.replace(item, note="指标值偏低，下年调高")
    assert requirements(subject_lights(Subject("project", "项目甲", "", subject.budget, (noted,)), dt.date(2024, 6, 30), DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS) == []


def test_thresholds_from_the_file(tmp_path):
    path = _write(tmp_path, extra="thresholds:\n  执行进度: {红: 0, 黄: 50, 绿: 70}\n  需填偏差原因: [红]\n")
    _monitoring, thresholds = load_monitoring(path)
    assert thresholds.cause_required == ("red",)
    bad = _write(tmp_path, extra="thresholds:\n  执行进度: {红: 10, 黄: 50}\n")
    assert any("最低一档的下限应为 0" in m for m in _problems(bad))


def test_cli_prints_lights_and_writes_documents(cli, tmp_path):
    out = tmp_path / "out"
    code, stdout, _ = cli("monitor", EXAMPLE, "--out", out)
    assert code == 0
    assert "序时进度 49.73%" in stdout and "校园安全提升工程" in stdout and "低于节点要求" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["监控报告.docx", "部门整体支出绩效监控情况表.xlsx", "项目支出绩效监控情况表.xlsx", "预警清单.xlsx"]
    book = openpyxl.load_workbook(out / "项目支出绩效监控情况表.xlsx")
    sheet = book["校园安全提升工程"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[6] == "偏差原因分析")
    assert rows[header + 1][6:12] == ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", "原因说明"]
    devices = next(r for r in rows if r[2] == "安防设备安装数")
    assert devices[6:11] == ["", "", "", "√", ""] and devices[12:15] == ["", "√", ""] and devices[16] == "红"  # its worst signal: the forecast
    budget_row = next(r for r in rows if r[0] == "项目资金")
    assert budget_row[10] == "=IF(D5=0,\"\",H5/D5)"  # 执行率 live over the amounts beside it
    warnings = openpyxl.load_workbook(out / "预警清单.xlsx")["预警清单"]
    listed = [(r[2].value, r[4].value) for r in warnings.iter_rows(min_row=3)]
    assert listed == [("校园安全提升工程", "红"), ("中小学教师培训", "黄")]  # worst first; green ones are not listed
    with zipfile.ZipFile(out / "监控报告.docx") as docx:
        text = docx.read("word/document.xml").decode()
    for heading in ("一、组织实施情况", "二、预算执行进度情况及趋势分析", "五、下一步改进措施"):
        assert heading in text
    assert "各项目实施单位对照绩效目标表逐项填报" in text  # the unit's own words
    assert "部分学校弱电管线需先行改造" in text  # its 原因说明


def test_cli_as_of_and_bad_input_exit_2(cli, tmp_path):
    code, stdout, _ = cli("monitor", EXAMPLE, "--as-of", "2024-04-30")
    assert code == 0 and "序时进度 33.06%" in stdout  # 121 / 366
    code, _, stderr = cli("monitor", EXAMPLE, "--as-of", "2023-04-30")
    assert code == 2 and "不在 2024 年度内" in stderr
    bad = _write(tmp_path, as_of="2024-13-01")
    out = tmp_path / "nothing"
    code, _, stderr = cli("monitor", bad, "--out", out)
    assert code == 2 and "不是有效的日期" in stderr and "第 3 行" in stderr and "Traceback" not in stderr and not out.exists()


def test_cli_exit_1_when_something_must_be_filled(cli, tmp_path):
    path = _write(tmp_path, current="100人次", forecast="1000人次")  # red, no 偏差原因
    code, stdout, _ = cli("monitor", path)
    assert code == 1 and "须补填或更正" in stdout and "须勾选偏差原因" in stdout


def test_user_text_is_never_a_formula(cli, tmp_path):
    path = _write(tmp_path, extra="        note: =HYPERLINK(\"http://x\",\"y\")\n")
    out = tmp_path / "out"
    cli("monitor", path, "--out", out)
    sheet = openpyxl.load_workbook(out / "项目支出绩效监控情况表.xlsx")["项目甲"]
    notes = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert notes and all(c.data_type == "s" for c in notes)


def test_docs_name_every_field_and_threshold():
    from conftest import ROOT
    from jixiao.monitoring.loader import BUDGET_KEYS, NARRATIVE_SECTIONS, TARGET_KEYS, TOP_KEYS
    from jixiao.monitoring.thresholds import _KEYS

    text = (ROOT / "docs" / "monitoring.md").read_text(encoding="utf-8")
    for key in (*TOP_KEYS, *BUDGET_KEYS, *TARGET_KEYS, *NARRATIVE_SECTIONS, "name", "unit"):
        assert f"`{key}`" in text, f"docs/monitoring.md 没有说明字段 {key}"
    for key in _KEYS:
        assert f"{key}:" in text or f"`{key}`" in text, f"docs/monitoring.md 没有说明阈值 {key}"
