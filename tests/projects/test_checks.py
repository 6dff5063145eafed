"""Each project check fires on its slip and stays quiet on the same project without it."""
import pytest

from conftest import EXAMPLES
from jixiao.projects.load import load_targets
from jixiao.review import evaluate_and_check
from projects.builders import BASE, project, with_row


def _codes(indicators=None, **top):
    facts, framework = project(indicators, **top)
    return {f.code for f in evaluate_and_check(framework, facts).findings}


CASES = [
    # (code, firing, quiet)
    ("project-met-below-full", dict(indicators=with_row(0, stated_score=27)), dict(indicators=with_row(0, stated_score=30))),
    ("project-unmet-at-full", dict(indicators=with_row(0, actual=150, stated_score=30, reason="场地受限")), dict(indicators=with_row(0, actual=150, stated_score=22.5, reason="场地受限"))),
    ("project-deviation-reason-missing", dict(indicators=with_row(0, actual=150)), dict(indicators=with_row(0, actual=150, reason="场地受限，下年增加班次"))),
    ("project-band-score-outside", dict(indicators=with_row(2, state="部分达成", stated_score=27, actual="有所提升", reason="x")), dict(indicators=with_row(2, state="部分达成", stated_score=20, actual="有所提升", reason="x"))),
    ("project-execution-reason-missing", dict(funds={"年度资金总额": {"initial": 100, "budget": 100, "spent": 80}}), dict(funds={"年度资金总额": {"initial": 100, "budget": 100, "spent": 80}}, execution_reason="两个班次延至下年")),
    ("project-funds-sum", dict(funds={"年度资金总额": {"budget": 100, "spent": 95}, "财政拨款": {"budget": 80, "spent": 80}, "其他资金": {"budget": 10, "spent": 15}}),
     dict(funds={"年度资金总额": {"budget": 100, "spent": 95}, "财政拨款": {"budget": 90, "spent": 80}, "其他资金": {"budget": 10, "spent": 15}}, adjustment="其他资金追加 5 万元")),
    ("project-overspent", dict(funds={"年度资金总额": {"budget": 100, "spent": 95}, "财政拨款": {"budget": 90, "spent": 80}, "其他资金": {"budget": 10, "spent": 15}}),
     dict(funds={"年度资金总额": {"budget": 100, "spent": 95}, "财政拨款": {"budget": 90, "spent": 80}, "其他资金": {"budget": 10, "spent": 15}}, adjustment="其他资金追加 5 万元")),
    ("project-adjustment-reason-missing", dict(funds={"年度资金总额": {"initial": 100, "budget": 120, "spent": 118}}), dict(funds={"年度资金总额": {"initial": 100, "budget": 120, "spent": 118}}, adjustment="年中追加 20 万元")),
]


@pytest.mark.parametrize("code, firing, quiet", CASES, ids=[c[0] for c in CASES])
def test_fires_and_stays_quiet(code, firing, quiet):
    assert code in _codes(**firing)
    assert code not in _codes(**quiet)


def test_target_differing_from_the_targets_table():
    table = load_targets(EXAMPLES / "projects" / "目标表.yaml")
    planned = table.project("农村人居环境整治项目")
    rows = [{"name": i.name, "actual": "100" if i.unit == "%" else "20", **({"state": "达成"} if not i.quantitative else {})} for i in planned.indicators]
    quiet = _codes(rows, table=table, project=planned.project)
    assert "project-target-differs" not in quiet
    rows[0].update({"level1": "产出指标", "level2": "数量指标", "nature": "≥", "value": 18, "unit": "个", "weight": 25})
    facts, framework = project(rows, table=table, project=planned.project)
    found = [f for f in evaluate_and_check(framework, facts).findings if f.code == "project-target-differs"]
    assert len(found) == 1 and "≥18个" in found[0].message and "≥20个" in found[0].message
    # scored against the approved target: 20 of 20 → full
    assert "project-met-below-full" not in {f.code for f in evaluate_and_check(framework, facts).findings}


def test_attachments_required_by_the_framework(tmp_path):
    from jixiao.loaders.frameworks import load_framework_file
    from jixiao.loaders.frameworks import project_framework_path
    from jixiao.model.result import Where
    from jixiao.projects.load import build_project
    from projects.builders import raw_project

    text = (project_framework_path("national-2020-project")).read_text(encoding="utf-8")
    path = tmp_path / "f.yaml"
    path.write_text(text.replace("id: national-2020-project", "id: with-attachments").replace("attachments: []", "attachments: [产出指标]"), encoding="utf-8")
    framework = load_framework_file(path)
    facts = build_project(raw_project(), lambda loc: Where("p.yaml"), framework)
    assert "project-attachment-missing" in {f.code for f in evaluate_and_check(framework, facts).findings}
    facts = build_project(raw_project(attachments={"产出指标": ["培训签到表.pdf"]}), lambda loc: Where("p.yaml"), framework)
    assert "project-attachment-missing" not in {f.code for f in evaluate_and_check(framework, facts).findings}


def test_level1_weights_changed_only_with_a_reason(tmp_path):
    from jixiao.loaders.frameworks import load_framework_file, project_framework_path
    from jixiao.loaders.problems import InputError

    text = (project_framework_path("national-2020-project")).read_text(encoding="utf-8").replace("id: national-2020-project", "id: adjusted")
    text = text.replace("  - name: 产出指标\n    weight: 50", "  - name: 产出指标\n    weight: 40").replace("  - name: 效益指标\n    weight: 30", "  - name: 效益指标\n    weight: 40")
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_framework_file(path)
    assert any("weights_reason" in p.describe() and "产出指标 40（标准 50）" in p.message for p in caught.value.problems)
    path.write_text(text.replace("  reason_below: 90%", "  reason_below: 90%\n  weights_reason: 本项目以社会效益为主，效益指标提高到 40 分"), encoding="utf-8")
    assert load_framework_file(path).project.weights_reason.startswith("本项目")


def test_grades_80_70_60_in_one_line(tmp_path):
    from decimal import Decimal

    from jixiao.engine import evaluate
    from jixiao.loaders.frameworks import load_framework_file, project_framework_path
    from jixiao.model.result import Where
    from jixiao.projects.load import build_project
    from projects.builders import raw_project

    text = (project_framework_path("national-2020-project")).read_text(encoding="utf-8").replace("id: national-2020-project", "id: vendor-grades")
    text = text.replace("total: 100\n", "total: 100\ngrades: [{grade: 优, min: 80}, {grade: 良, min: 70}, {grade: 中, min: 60}, {grade: 差, min: 0}]\n")
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    framework = load_framework_file(path)
    # 执行 9.5 + 培训人次 100 / 200 × 30 = 15 + 20 + 30 + 10 = 84.5: 良 under 10号's 90/80/60, 优 under 80/70/60
    raw = raw_project(with_row(0, actual=100, reason="场地受限"))
    facts = build_project(raw, lambda loc: Where("p.yaml"), framework)
    result = evaluate(framework, facts)
    assert result.total == Decimal("84.50") and result.grade == "优"
    national = load_framework_file(project_framework_path("national-2020-project"))
    assert evaluate(national, build_project(raw, lambda loc: Where("p.yaml"), national)).grade == "良"


def test_carried_over_projects_are_evaluated_like_the_others():
    from decimal import Decimal

    from jixiao.engine import evaluate

    facts, framework = project(carried_over=True, funds={"上年结转资金": {"budget": 40, "spent": 40}})
    assert facts.project.carried_over
    assert evaluate(framework, facts).total == Decimal("100.00")


@pytest.mark.parametrize("spent, fires", [(90, False), ("89.99", True), ("90.01", False), (0, True)])
def test_execution_reason_at_the_threshold(spent, fires):
    # 执行率 below 90% (the framework's reason_below) needs its reason: 90 / 100 is not below, 89.99 / 100 is
    codes = _codes(funds={"年度资金总额": {"initial": 100, "budget": 100, "spent": spent}})
    assert ("project-execution-reason-missing" in codes) is fires
