"""Bad project input is refused with the file and field, nothing scored or written."""
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from jixiao.loaders.problems import InputError
from jixiao.projects.load import load_targets
from projects.builders import BASE, project, with_row

PROJECTS = EXAMPLES / "projects"


def _problems(*args, **kwargs) -> list[str]:
    with pytest.raises(InputError) as caught:
        project(*args, **kwargs)
    return [p.describe() for p in caught.value.problems]


def test_weights_not_adding_up_name_the_level():
    problems = _problems(with_row(0, weight=25))
    assert any("产出指标" in p and "合计 45" in p and "应等于 50" in p and "字段“indicators”" in p for p in problems), problems


def test_band_score_outside_its_band():
    # 部分达成: 60–80% of 30 = [18, 24); 25 is in the 达成 band
    problems = _problems(with_row(2, state="部分达成", score=25, basis="有所提升"))
    assert any("indicators.2.score" in p and "60.00%–80.00%（不含）" in p for p in problems), problems


def test_indicator_without_a_target():
    problems = _problems(with_row(0, value=None, nature=None))
    assert any("indicators.0.value" in p and "缺少年度指标值" in p for p in problems), problems


def test_actual_in_the_wrong_unit():
    problems = _problems(with_row(3, actual="93个"))
    assert any("indicators.3.actual" in p and "单位不同" in p for p in problems), problems


def test_level2_not_under_level1_and_unknown_nature():
    problems = _problems(with_row(0, level2="社会效益指标"))
    assert any("indicators.0.level2" in p for p in problems), problems
    problems = _problems(with_row(0, nature="大于等于吧"))
    assert any("indicators.0.nature" in p and "无法识别" in p for p in problems), problems


def test_score_above_weight_and_score_without_basis():
    problems = _problems(with_row(0, score=31, basis="x"))
    assert any("indicators.0.score" in p and "0 至分值 30" in p for p in problems), problems
    problems = _problems(with_row(0, score=20))
    assert any("indicators.0.score" in p and "评分依据" in p for p in problems), problems


def test_facts_naming_an_unknown_project():
    table = load_targets(PROJECTS / "目标表.yaml")
    problems = _problems([{"name": "整治行政村数量", "actual": 20}], table=table, project="不存在的项目", year=2023)
    assert any("字段“project”" in p and "没有项目“不存在的项目”" in p for p in problems), problems


def test_targets_table_weights_and_missing_indicators(tmp_path):
    raw = yaml.safe_load((PROJECTS / "目标表.yaml").read_text(encoding="utf-8"))
    raw["projects"][1]["indicators"][0]["weight"] = 20
    path = tmp_path / "目标表.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_targets(path)
    assert any("农村人居环境整治项目" in p.message and "合计 45" in p.message for p in caught.value.problems)
    table = load_targets(PROJECTS / "目标表.yaml")
    problems = _problems([{"name": "整治行政村数量", "actual": 20}], table=table, project="农村人居环境整治项目")
    assert any("垃圾收运覆盖率" in p and "没有填写完成情况" in p for p in problems), problems


@pytest.mark.parametrize(
    "change, field",
    [
        ({"indicators": 0, "weight": 25}, "indicators"),
        ({"indicators": 3, "actual": "93个"}, "indicators.3.actual"),
        ({"project": "不存在的项目"}, "project"),
    ],
)
def test_cli_exits_2_naming_file_and_field_and_writes_nothing(cli, tmp_path, change, field):
    source = PROJECTS / "农村人居环境整治项目.yaml"
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    if "indicators" in change:
        index = change.pop("indicators")
        if index == 3:
            raw["targets"] = None
            raw["indicators"] = [dict(i) for i in BASE]
        raw["indicators"][index].update(change)
        if "weight" in change:
            raw["targets"] = None
            raw["indicators"] = [dict(i) for i in BASE]
            raw["indicators"][0]["weight"] = 25
    else:
        raw.update(change)
    raw = {k: v for k, v in raw.items() if v is not None}
    path = tmp_path / "项目.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    (tmp_path / "目标表.yaml").write_text((PROJECTS / "目标表.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    code, _stdout, stderr = cli("evaluate", path, "--out", out)
    assert code == 2, stderr
    assert "项目.yaml" in stderr and f"字段“{field}”" in stderr
    assert not out.exists()
    code, _stdout, stderr = cli("summary", tmp_path, "-o", tmp_path / "汇总.xlsx")
    assert code == 2 and not (tmp_path / "汇总.xlsx").exists()
