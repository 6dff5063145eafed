"""项目支出绩效自评表.xlsx and the 项目自评汇总表: the published layout, live formulas holding jixiao's values."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLES

PROJECTS = EXAMPLES / "projects"


def _cells(sheet):
    return {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}


def test_one_project_workbook(cli, tmp_path):
    code, _out, err = cli("evaluate", PROJECTS / "高标准农田建设项目.yaml", "--out", tmp_path)
    assert code == 0, err
    path = tmp_path / "高标准农田建设项目-项目支出绩效自评表.xlsx"
    sheet = load_workbook(path).active
    texts = set(map(str, _cells(sheet).values()))
    for header in ("项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数", "执行率", "年度总体目标", "指标性质", "年度指标值",
                   "度量单位", "实际完成值", "偏差原因分析及改进措施", "总分", "自评等级", "评价结论", "存在问题", "改进措施"):
        assert header in texts, header
    formulas = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    # 执行率 on each of 3 funds lines, the funds score, 6 quantitative rows, 总分's 分值 and 得分, 等级
    assert len(formulas) == 3 + 1 + 6 + 2 + 1, formulas
    assert any("ROUND(MIN(MAX(" in f for f in formulas)
    # the cached values written beside the formulas are jixiao's (for viewers that do not recalculate)
    import zipfile

    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>98.56</v>" in xml and "<v>9.17</v>" in xml and "<v>9.39</v>" in xml


def test_department_workbook_and_summary(cli, tmp_path):
    output = tmp_path / "汇总.xlsx"
    code, out, err = cli("summary", PROJECTS, "-o", output)
    assert code == 0, err
    assert "2 个项目" in out
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["项目自评汇总表", "农村人居环境整治项目", "高标准农田建设项目"]
    summary = workbook["项目自评汇总表"]
    header = [c.value for c in summary[2]]
    assert header == ["序号", "项目名称", "主管部门", "实施单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评分", "等级", "复核分"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=3, max_row=4)]
    # 农村人居环境整治 300 / 264 → 88.3 良; 高标准农田 1150 / 1080 → 98.56 优
    assert [(r[1], r[4], r[5], r[7], r[8]) for r in rows] == [("农村人居环境整治项目", 300, 264, 88.3, "良"), ("高标准农田建设项目", 1150, 1080, 98.56, "优")]
    total = [c.value for c in summary[5]]
    assert total[0] == "合计" and total[4] == "=SUM(E3:E4)" and total[7].startswith("=IF(COUNT(H3:H4)")


def test_user_text_is_never_a_formula(tmp_path):
    from dataclasses import replace

    from jixiao.render.project_xlsx import ProjectResult, save_projects
    from jixiao.review import review_file

    facts, framework, evaluation = review_file(PROJECTS / "高标准农田建设项目.yaml")
    hostile = replace(facts, project=replace(facts.project, conclusion='=HYPERLINK("http://x","点我")', implementer="+1+1"))
    path = tmp_path / "x.xlsx"
    save_projects(path, [ProjectResult(framework, hostile, evaluation)])
    sheet = load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value in ('=HYPERLINK("http://x","点我")', "+1+1")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def test_json_output_names_the_project(cli):
    import json

    code, out, _err = cli("evaluate", PROJECTS / "高标准农田建设项目.yaml", "--json")
    data = json.loads(out)
    assert code == 0 and data["project"] == {"name": "高标准农田建设项目", "implementer": "某县农田建设服务中心", "carried_over": False}
    assert data["department"] == "某县农业农村局" and data["total"] == 98.56 and data["grade"] == "优"


def test_summary_sheet_cells_numbers_text_formulas_and_their_values():
    # bench/projects.py writes a region's 40,000 lines with the fast row writer: every kind of cell it writes, read back
    from openpyxl import load_workbook

    from jixiao.render.project_xlsx import SummaryRow, save_summary

    rows = [
        SummaryRow("高标准农田建设项目", "演示市农业农村局", "演示市农业农村局本级", Decimal("11500000"), Decimal("10800000"), Decimal("98.56"), "优", Decimal("97.5")),
        SummaryRow("=HYPERLINK(\"x\")", "A&B<部门>", "单位", None, None, None, "", None, True),
        SummaryRow("零预算", "部门", "单位", Decimal(0), Decimal(5), Decimal("60"), "中"),
    ]
    buffer = io.BytesIO()
    save_summary(buffer, rows, "2023 年度项目支出绩效自评汇总表")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3, max_row=6)]
    assert values[0] == [1, "高标准农田建设项目", "演示市农业农村局", "演示市农业农村局本级", 1150, 1080, '=IF(AND(ISNUMBER(E3),E3>0),F3/E3,"")', 98.56, "优", 97.5]
    # user text stays text, escaped, never a formula; missing amounts and scores are blank cells
    assert values[1] == [2, "=HYPERLINK(\"x\")（结转）", "A&B<部门>", "单位", None, None, '=IF(AND(ISNUMBER(E4),E4>0),F4/E4,"")', None, "", None]
    assert sheet.cell(4, 2).data_type == "s"
    assert values[3][:8] == ["合计", "", "", "", "=SUM(E3:E5)", "=SUM(F3:F5)", '=IF(E6>0,F6/E6,"")', '=IF(COUNT(H3:H5)>0,ROUND(AVERAGE(H3:H5),2),"")']
    cached = load_workbook(io.BytesIO(buffer.getvalue()), data_only=True).active
    assert [cached.cell(3, 7).value, cached.cell(5, 7).value] == [pytest.approx(1080 / 1150), None]  # the rate as computed, for viewers that do not recalculate
    assert [sheet.cell(3, column).number_format for column in (5, 6, 7, 8)] == ["#,##0.00", "#,##0.00", "0.00%", "0.00"]
    assert sheet.cell(3, 2).font.name == "宋体" and sheet.cell(3, 2).border.left.style == "thin"
