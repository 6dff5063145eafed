"""Docs that fall behind the code fail the tests: every format field is documented."""
import pytest

from conftest import ROOT
from jixiao.loaders.facts_build import RawFacts, RawRow, RawSlotRow
from jixiao.loaders.framework_build import RawDerived, RawFramework, RawNode, RawSlot
from jixiao.projects.load import RawChange, RawFunds, RawIndicator, RawProject, RawProjectTargets, RawTarget, RawTargetsTable
from jixiao.projects.settings import RawProjectSettings


@pytest.mark.parametrize(
    "doc, models",
    [
        ("facts.md", (RawFacts, RawRow, RawSlotRow)),
        ("frameworks.md", (RawFramework, RawNode, RawSlot, RawDerived)),
        ("projects.md", (RawProject, RawIndicator, RawFunds, RawTargetsTable, RawProjectTargets, RawTarget, RawChange, RawProjectSettings)),
    ],
)
def test_every_field_is_documented(doc, models):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    for model in models:
        for field in model.model_fields:
            assert f"`{field}`" in text, f"docs/{doc} 没有说明字段 {model.__name__}.{field}"


def test_readme_quickstart():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
