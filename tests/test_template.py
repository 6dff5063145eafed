"""The 填报表 round-trips: template → filled as an officer would → evaluate → the report's totals."""
import json
from decimal import Decimal

from openpyxl import load_workbook

from conftest import DAPENG, GUANGZHOU, JIANGXI_DEMO
from xlsx_fill import fill_template


def test_template_has_the_sheets_labels_and_validation(cli, tmp_path):
    out = tmp_path / "填报表.xlsx"
    code, stdout, _ = cli("template", "--framework", "shenzhen-2019", "-o", out)
    assert code == 0 and out.exists()
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["填报说明", "基本信息", "数据", "指标评分"]
    rows = workbook["指标评分"]
    labels = [rows.cell(row=r, column=1).value for r in range(2, rows.max_row + 1)]
    assert "部门决策/预算编制/预算编制合理性" in labels
    assert "部门管理/资金管理/财务合规性 > 资金调整调剂规范性" in labels
    figures = workbook["数据"]
    units = {figures.cell(row=r, column=1).value: figures.cell(row=r, column=3).value for r in range(2, figures.max_row + 1)}
    assert units["调整后预算"] == "金额" and units["满意度"] == "比率"
    assert rows.data_validations.dataValidation, "评定得分应有数据有效性"


def round_trip(cli, tmp_path, framework, facts):
    template = tmp_path / "t.xlsx"
    filled = tmp_path / "filled.xlsx"
    assert cli("template", "-f", framework, "-o", template)[0] == 0
    fill_template(template, facts, filled)
    code, stdout, stderr = cli("evaluate", filled, "--json")
    assert code == 0, stderr
    return json.loads(stdout)


def test_round_trip_dapeng(cli, tmp_path):
    result = round_trip(cli, tmp_path, "shenzhen-2019", DAPENG)
    assert result["total"] == 93.76 and result["grade"] == "优"
    assert [row["score"] for row in result["indicators"]] == [5, 5, 8, 5, 2, 2, 3, 2, 2, 2, 1, 1, 1, 3, 5, 6, 8, 5.76, 18, 3, 6]
    mismatch = next(f for f in result["findings"] if f["code"] == "stated-rate")
    assert mismatch["where"]["cell"].startswith("数据!D")


def test_round_trip_guangzhou_with_department_rows(cli, tmp_path):
    result = round_trip(cli, tmp_path, "guangzhou-2021", GUANGZHOU)
    assert Decimal(str(result["total"])) == Decimal("94.36")
    assert result["stated_total"] == 94.65


def test_round_trip_jiangxi_with_groups(cli, tmp_path):
    result = round_trip(cli, tmp_path, "jiangxi-2021", JIANGXI_DEMO)
    assert Decimal(str(result["total"])) == Decimal("98.77")
