"""docs/rules.md is executable: every worked example runs, and every registered kind has one."""
import re
from decimal import Decimal

import pytest
import yaml

from conftest import ROOT, score_one
from jixiao.rules import default_registry

DOC = ROOT / "docs" / "rules.md"
EXAMPLES = re.findall(r"```yaml example\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_every_registered_kind_has_a_section_and_an_example():
    text = DOC.read_text(encoding="utf-8")
    kinds_in_examples = {yaml.safe_load(block)["rule"]["kind"] for block in EXAMPLES}
    for kind in default_registry().kinds():
        assert f"## `{kind.name}`" in text, f"docs/rules.md 缺少规则类型 {kind.name} 的说明"
        assert kind.name in kinds_in_examples, f"docs/rules.md 缺少规则类型 {kind.name} 的可运行例子"


@pytest.mark.parametrize("block", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_worked_example(block, tmp_path):
    from jixiao.loaders.yaml_source import load_yaml

    path = tmp_path / "example.yaml"
    path.write_text(block, encoding="utf-8")
    example = load_yaml(path)  # Decimal numbers, as jixiao reads YAML
    score = score_one(example["rule"], example["weight"], example.get("figures"), example.get("row"), example.get("bonus", False))
    assert score == Decimal(str(example["expected"]))
