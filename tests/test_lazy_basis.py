"""评分依据 is written only when read, and every reader gets the same text.

The engine keeps a row's basis as a function until someone reads it (the console, JSON,
documents, the stated-score check); these tests hold the readers to one text.
"""
import pickle

import pytest

from conftest import DAPENG, GUANGZHOU, JIANGXI_DEMO
from jixiao.loaders.facts import load_facts
from jixiao.review import evaluate_and_check


@pytest.mark.parametrize("path", [DAPENG, GUANGZHOU, JIANGXI_DEMO], ids=lambda p: p.stem)
def test_every_reader_gets_the_same_basis(path):
    facts, framework = load_facts(path)
    result = evaluate_and_check(framework, facts)
    as_json = [indicator["basis"] for indicator in result.as_dict()["indicators"]]
    first = [row.basis for row in result.rows]
    assert first == as_json == [row.basis for row in result.rows]
    assert all(text.strip() for text in first)  # every row says why
    # Another process gets the written text, not the function that writes it.
    assert [row.basis for row in pickle.loads(pickle.dumps(result)).rows] == first
    # Evaluating again writes the same text (rules are pure).
    assert [row.basis for row in evaluate_and_check(framework, facts).rows] == first


def test_stated_score_finding_quotes_the_rows_basis():
    facts, framework = load_facts(GUANGZHOU)
    result = evaluate_and_check(framework, facts)
    rows = {row.path: row for row in result.rows}
    quoted = [f for f in result.findings if f.code == "stated-score"]
    assert quoted  # 广州 2021 states scores that differ from the rules' (e.g. 预算完成率 1.99 for 2.00)
    for finding in quoted:
        assert finding.message.endswith(rows[finding.path].basis)


def test_figures_are_shown_as_written():
    facts, framework = load_facts(DAPENG)
    result = evaluate_and_check(framework, facts)
    # 大鹏 2021: 全年调整预算 7,621.05 万元; 资金调整调剂率 (7621.05 − 5281.87) / 5281.87 = 44.2864…% → 44.29%
    assert result.figures["调整后预算"] == "7,621.05 万元"
    assert result.figures["预算调整率"] == "44.29%"
    assert dict(result.figures) == result.as_dict()["figures"]
