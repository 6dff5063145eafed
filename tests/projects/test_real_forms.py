"""Published project 自评表, evaluated from their own figures (tests/fixtures/projects, sources in each file)."""
from decimal import Decimal
from pathlib import Path

from jixiao.projects.load import load_project
from jixiao.review import evaluate_and_check

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"


def _review(name):
    facts, framework = load_project(FIXTURES / name)
    return facts, evaluate_and_check(framework, facts)


def test_lijiang_2020_every_row_met_yet_scored_below_full():
    facts, result = _review("lijiang-gucheng-2020.yaml")
    scores = {row.path[-1]: row.score for row in result.rows}
    # 7.29 / 7.29 = 100% × 10 = 10; each target met → full weight
    assert scores == {"预算执行率": Decimal("10.00"), "卫片执法补助经费": Decimal("10.00"), "项目验收合格率": Decimal("20.00"),
                      "项目完成及时率": Decimal("20.00"), "违法行为责停率": Decimal("30.00"), "满意度": Decimal("10.00")}
    assert result.total == Decimal("100.00")
    met_below = [f.path[-1] for f in result.findings if f.code == "project-met-below-full"]
    # the form took 1, 1, 1 and 3 points from four rows whose 完成值 equal their 指标值
    assert met_below == ["卫片执法补助经费", "项目验收合格率", "项目完成及时率", "违法行为责停率"]


def test_xiaoxian_2023_adds_up():
    facts, result = _review("xiaoxian-hexicun-2023.yaml")
    # 9.48 / 9.48 = 100% → 10; 产出 20 + 10 + 10 + 5 + 5 = 50; 效益 20 + 10 = 30 → 90 of the 90 shown
    subtotals = {node.path: node.score for node in result.nodes}
    assert subtotals[("产出指标",)] == Decimal("50.00") and subtotals[("效益指标",)] == Decimal("30.00")
    assert result.incomplete == 1  # 满意度: the stored page is cut there
    assert result.total == Decimal("90.00")
    assert not [f for f in result.findings if f.severity == "error"]
