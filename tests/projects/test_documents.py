"""项目支出绩效自评表.xlsx and the 项目自评汇总表: the published layout, live formulas holding jixiao's values."""
from decimal import Decimal

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
