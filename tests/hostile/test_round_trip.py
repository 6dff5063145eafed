"""Issue 14 "Ingest's own output does not load": whatever ingest and template write loads back,
and a "/" inside a name (which separates the levels of a path) is refused or made addressable."""
from __future__ import annotations

import json

import yaml

from conftest import DAPENG


MINI_REPORT = """# 某某局2022年度部门整体支出绩效自评报告

自评得分 95 分，等级为优。

| 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分 |
| --- | --- | --- | --- | --- | --- | --- |
| 决策 | 40 | 预算 | 40 | 支出合规/安全性 | 20 | 18 |
| 决策 | 40 | 预算 | 40 | 目标明确性 | 20 | 20 |
| 产出 | 60 | 完成 | 60 | 完成率 | 60 | 57 |
"""


def test_ingested_name_with_a_slash_loads_back(cli, tmp_path):
    report = tmp_path / "report.md"
    report.write_text(MINI_REPORT, encoding="utf-8")
    code, _, err = cli("ingest", report, "-o", tmp_path / "r.yaml")
    assert code == 0, err
    framework = (tmp_path / "r.framework.yaml").read_text(encoding="utf-8")  # the report's own table
    assert "支出合规／安全性" in framework and "支出合规/安全性" not in framework
    facts = yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8"))
    assert list(facts["rows"]) == ["决策/预算/支出合规／安全性", "决策/预算/目标明确性", "产出/完成/完成率"]
    code, stdout, err = cli("evaluate", tmp_path / "r.yaml", "--json")
    assert code == 0, err
    assert json.loads(stdout)["total"] == 95  # 18 + 20 + 57, each row judged at its stated score
    code, stdout, err = cli("check", report)  # the report read directly: the row is found in memory too
    assert code == 0 and "没有名为" not in stdout + err, stdout + err


def test_framework_name_with_a_slash_is_refused_with_its_place(cli, tmp_path):
    framework = tmp_path / "fw.yaml"
    framework.write_text(
        "id: fw\nname: 测试\ntotal: 10\nindicators:\n  - name: 一级\n    weight: 10\n    children:\n"
        "      - {name: 支出合规/安全性, weight: 10, rule: {kind: judgement}}\n", encoding="utf-8")
    code, _, err = cli("frameworks", "show", framework)
    assert code == 2 and "fw.yaml" in err and "第 8 行" in err and "含有“/”" in err and "／" in err


def test_template_output_loads_back(cli, tmp_path):
    """A blank 填报表 for each built-in framework reads back as that framework's facts layout."""
    from jixiao.loaders.facts_xlsx import read_facts_xlsx

    for framework in ("shenzhen-2019", "guangzhou-2021", "jiangxi-2021"):
        path = tmp_path / f"{framework}.xlsx"
        assert cli("template", "-f", framework, "-o", path)[0] == 0
        raw, _locate = read_facts_xlsx(path)
        assert raw["framework"] == framework and raw["figures"] == {} and raw["rows"] == {}


def test_ingest_of_jixiao_documents_round_trip(cli, tmp_path):
    """jixiao's own 评分表 → ingest → evaluate gives the same total."""
    out = tmp_path / "docs"
    assert cli("evaluate", DAPENG, "--out", out)[0] == 0
    code, _, err = cli("ingest", out / "自评报告.docx", "-o", tmp_path / "again.yaml")
    assert code == 0, err
    code, stdout, err = cli("evaluate", tmp_path / "again.yaml", "--json")
    assert code == 0, err
    assert json.loads(stdout)["total"] == 93.76
