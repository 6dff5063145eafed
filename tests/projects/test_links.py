"""The 部门整体 figures taken from the department's projects, and the rows that use them naming the projects."""
from decimal import Decimal

from conftest import DAPENG, EXAMPLES
from jixiao.loaders.facts import load_facts
from jixiao.projects.links import department_figures, with_project_figures
from jixiao.projects.load import load_project, load_targets
from jixiao.review import evaluate_and_check

PROJECTS = EXAMPLES / "projects"


def _projects():
    out = []
    for name in ("农村人居环境整治项目", "高标准农田建设项目"):
        facts, framework = load_project(PROJECTS / f"{name}.yaml")
        out.append((facts, evaluate_and_check(framework, facts)))
    return out


def test_figures_from_the_examples():
    figures = department_figures(_projects(), load_targets(PROJECTS / "目标表.yaml"))
    values = {key: q.value for key, q in figures.figures().items()}
    # targets: 5 + 7 = 12; reached: 农村 3 of 5 (18 < 20 个, 部分达成) + 农田 6 of 7 (完工 12 > 11 月) = 9
    # on time: 农村's 时效 (按期完成率 100%) reached, 农田's (完工时间) not → 1 of 2
    assert values == {"计划目标数": 12, "已实现目标数": 9, "计划项目数": 2, "已完成项目数": 1, "项目总数": 2, "设置绩效目标项目数": 2}
    # money: 300 + 1150 = 1450 万元 budget, 264 + 1080 = 1344 spent; average (88.30 + 98.56) / 2 = 93.43
    assert figures.average == Decimal("93.43")
    assert figures.paragraph() == "本年度对 2 个项目开展了项目支出绩效自评，涉及资金 1,450 万元（执行 1,344 万元），平均得分 93.43 分；绩效目标 12 个，已实现 9 个。"


def test_a_department_row_takes_its_figure_from_the_projects_and_names_them():
    facts, framework = load_facts(DAPENG)
    linked = with_project_figures(framework, facts, department_figures(_projects()))
    result = evaluate_and_check(framework, linked)
    row = next(r for r in result.rows if r.path[-1] == "项目完成及时性")
    # 大鹏's own figure was 24 / 25 × 6 = 5.76; from the projects: 1 / 2 × 6 = 3
    assert row.score == Decimal("3.00")
    assert "未按期：高标准农田建设项目" in row.basis
    assert linked.narrative["项目自评情况"].startswith("本年度对 2 个项目")


def test_the_report_paragraph_on_project_self_evaluations(cli, tmp_path):
    import docx

    code, _out, err = cli("evaluate", DAPENG, "--projects", PROJECTS, "--out", tmp_path)
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(tmp_path / "自评报告.docx").paragraphs)
    assert "（五）项目支出绩效自评情况\n本年度对 2 个项目开展了项目支出绩效自评，涉及资金 1,450 万元" in text
