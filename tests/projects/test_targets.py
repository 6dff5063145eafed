"""The 绩效目标表: changes keep who, when and why; YAML and the Excel 目标表 give the same table."""
from decimal import Decimal

import pytest

from conftest import EXAMPLES
from jixiao.engine import evaluate
from jixiao.projects.load import load_project, load_targets
from jixiao.projects.targets import TargetChangeError
from jixiao.projects.targets_xlsx import write_targets_xlsx

TABLE = EXAMPLES / "projects" / "目标表.yaml"


def test_a_change_needs_a_reason_and_keeps_history():
    table = load_targets(TABLE)
    project = table.project("农村人居环境整治项目")
    with pytest.raises(TargetChangeError, match="须说明理由"):
        project.changed("整治行政村数量", "value", "18", by="李四", at="2023-08-01", reason=" ")
    with pytest.raises(TargetChangeError, match="调整人"):
        project.changed("整治行政村数量", "value", "18", by="", at="2023-08-01", reason="土地协调延后")
    changed = project.changed("整治行政村数量", "value", "18", by="李四", at="2023-08-01", reason="土地协调延后")
    assert changed.indicator("整治行政村数量").text() == "≥18个"
    assert [(c.before, c.after, c.by, c.reason) for c in changed.history] == [("20", "18", "李四", "土地协调延后")]
    assert changed.original("整治行政村数量").text() == "≥20个"
    assert project.indicator("整治行政村数量").value == "20"  # the earlier value is untouched (pure)


def test_the_examples_history_goes_back_to_the_first_target():
    project = load_targets(TABLE).project("高标准农田建设项目")
    assert project.indicator("新建高标准农田面积").text() == "≥2万亩"
    assert project.original("新建高标准农田面积").text() == "≥2.5万亩"
    assert project.history[0].reason.startswith("年中调减预算")


def test_excel_targets_round_trip(tmp_path):
    table = load_targets(TABLE)
    path = tmp_path / "目标表.xlsx"
    write_targets_xlsx(path, table)
    again = load_targets(path)
    assert (again.department, again.year, again.projects) == (table.department, table.year, table.projects)


def test_empty_template_reads_back_empty(tmp_path, cli):
    path = tmp_path / "空白目标表.xlsx"
    code, _out, err = cli("template", "-f", "national-2020-project", "-o", path)
    assert code == 0, err
    from openpyxl import load_workbook

    sheets = load_workbook(path).sheetnames
    assert sheets == ["基本信息", "绩效目标", "调整记录"]


def test_excel_targets_feed_the_self_evaluation(tmp_path):
    """The year-end 自评表 takes its targets from the filled Excel 目标表: nothing typed twice."""
    write_targets_xlsx(tmp_path / "目标表.xlsx", load_targets(TABLE))
    text = (EXAMPLES / "projects" / "高标准农田建设项目.yaml").read_text(encoding="utf-8").replace("targets: 目标表.yaml", "targets: 目标表.xlsx")
    (tmp_path / "项目.yaml").write_text(text, encoding="utf-8")
    facts, framework = load_project(tmp_path / "项目.yaml")
    assert evaluate(framework, facts).total == Decimal("98.56")


def test_a_target_written_into_the_excel_sheet_is_text_not_a_formula(tmp_path):
    from dataclasses import replace

    table = load_targets(TABLE)
    project = table.project("农村人居环境整治项目")
    hostile = replace(project, goal="=HYPERLINK(\"http://x\",\"点我\")")
    path = tmp_path / "t.xlsx"
    write_targets_xlsx(path, table.with_project(hostile))
    from openpyxl import load_workbook

    cell = next(c for row in load_workbook(path)["绩效目标"].iter_rows() for c in row if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"
