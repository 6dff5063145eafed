"""Frameworks as data: the built-in ones, and every validation problem named with its place."""
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from jixiao.loaders.frameworks import builtin_ids, load_framework, load_framework_file
from jixiao.loaders.problems import InputError


def test_builtin_frameworks_load_and_weights_add_up():
    assert builtin_ids() == ["guangzhou-2021", "jiangxi-2021", "shenzhen-2019"]
    for framework_id in builtin_ids():
        framework = load_framework(framework_id)
        assert sum(node.weight for node in framework.nodes) == framework.total == 100
        for path, node in framework.walk():
            if node.children:
                assert sum(c.weight for c in node.children) == node.weight, path


def test_shenzhen_structure_matches_report_003():
    framework = load_framework("shenzhen-2019")
    # 部门决策 25 (预算编制 10, 目标设置 15), 部门管理 20 (8, 4, 3, 2, 3), 部门绩效 55 (6, 20, 20, 9)
    second = {path: node.weight for path, node in framework.walk() if len(path) == 2}
    assert [int(w) for w in second.values()] == [10, 15, 8, 4, 3, 2, 3, 6, 20, 20, 9]
    assert sum(1 for _, node in framework.walk() if node.is_leaf) == 21


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fw.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """id: t
name: 测试
total: 10
indicators:
  - name: 一级
    weight: 10
    children:
{children}
"""


def problems_of(tmp_path, children: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_framework_file(write(tmp_path, BASE.format(children=children)))
    return [p.describe() for p in caught.value.problems]


def test_weights_that_do_not_add_up(tmp_path):
    found = problems_of(tmp_path, "      - {name: 甲, weight: 4, rule: {kind: judgement}}\n      - {name: 乙, weight: 5, rule: {kind: judgement}}")
    assert any("下级指标分值合计 9，与其分值 10 不符" in p and "第 5 行" in p for p in found)


def test_leaf_without_rule(tmp_path):
    found = problems_of(tmp_path, "      - {name: 甲, weight: 10}")
    assert any("缺少评分规则" in p and "第 8 行" in p for p in found)


def test_duplicate_sibling_names(tmp_path):
    found = problems_of(tmp_path, "      - {name: 甲, weight: 5, rule: {kind: judgement}}\n      - {name: 甲, weight: 5, rule: {kind: judgement}}")
    assert any("名称“甲”重复" in p for p in found)


def test_unknown_rule_kind_and_parameter(tmp_path):
    found = problems_of(tmp_path, "      - {name: 甲, weight: 10, rule: {kind: magic}}")
    assert any("未知的规则类型“magic”" in p and "第 8 行" in p for p in found)
    found = problems_of(tmp_path, "      - {name: 甲, weight: 10, rule: {kind: ratio, figure: 预算执行率, capp: 1}}")
    assert any("未知字段" in p and "capp" in p for p in found)


def test_rule_referring_to_unknown_figure_and_tier_above_weight(tmp_path):
    found = problems_of(tmp_path, "      - {name: 甲, weight: 10, rule: {kind: ratio, figure: 不存在的比率}}")
    assert any("未定义的数据项“不存在的比率”" in p for p in found)
    found = problems_of(tmp_path, "      - {name: 甲, weight: 10, rule: {kind: tiers, figure: 满意度, tiers: [{when: ≥90%, score: 12}, {score: 0}]}}")
    assert any("档次得分 12 超过分值 10" in p for p in found)


def test_hostile_formula_is_refused_with_its_line_and_nothing_runs(tmp_path):
    text = BASE.format(children="      - {name: 甲, weight: 10, rule: {kind: ratio, figure: 坏}}")
    text = text.replace("indicators:", "derived:\n  坏: {name: 坏, kind: percent, formula: \"__import__('os').system('touch " + str(tmp_path / "pwned") + "')\"}\nindicators:")
    with pytest.raises(InputError) as caught:
        load_framework_file(write(tmp_path, text))
    message = caught.value.problems[0].describe()
    assert "不允许的内容" in message and "第 5 行" in message
    assert not (tmp_path / "pwned").exists()


def test_malformed_yaml_names_the_line(tmp_path):
    with pytest.raises(InputError) as caught:
        load_framework_file(write(tmp_path, "id: t\nname: [unclosed\n"))
    assert "YAML 格式错误" in caught.value.problems[0].describe()


def test_framework_from_xlsx_with_merged_parent_cells(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "指标体系"
    sheet.append(["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标说明", "评分标准", "评分规则"])
    sheet.append(["部门管理", 10, "资金管理", 6, "预算执行率", 4, "执行率", "率×4", "{kind: ratio, figure: 预算执行率}"])
    sheet.append([None, None, None, None, "制度健全性", 2, "", "", "judgement"])
    sheet.append([None, None, "资产管理", 4, "固定资产利用率", 4, "", "", "{kind: tiers, figure: 固定资产利用率, tiers: [{when: ≥90%, score: 4}, {score: 0}]}"])
    sheet.append(["履职效能", 90, "个性指标", 90, "部门目标", 90, "", "", "个性指标"])
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D3")
    info = workbook.create_sheet("基本信息")
    info.append(["编号", "my-2023"])
    info.append(["名称", "我的指标体系"])
    info.append(["总分", 100])
    path = tmp_path / "fw.xlsx"
    workbook.save(path)
    framework = load_framework_file(path)
    assert framework.id == "my-2023"
    tree = {path: node.weight for path, node in framework.walk()}
    assert tree[("部门管理", "资金管理", "制度健全性")] == 2
    assert tree[("部门管理", "资产管理")] == 4
    assert framework.resolve("部门目标", slots=True)


def test_xlsx_framework_errors_name_the_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评分规则"])
    sheet.append(["部门管理", 100, "资金管理", 100, "预算执行率", 100, "{kind: nosuch}"])
    path = tmp_path / "fw.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        load_framework_file(path)
    assert "单元格 Sheet!G2" in caught.value.problems[0].describe()
    assert "未知的规则类型" in caught.value.problems[0].describe()


def test_docs_framework_example_is_valid(tmp_path):
    import re

    from conftest import ROOT

    block = re.search(r"```yaml\n(.*?)```", (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8"), re.S).group(1)
    framework = load_framework_file(write(tmp_path, block))
    assert framework.total == Decimal(100)
    assert "人均公用经费" in framework.derived
