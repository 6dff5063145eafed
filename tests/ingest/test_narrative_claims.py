"""Narrative-only reports: no row is made from a sentence; what the sentences state is checked against itself.
Expected values are worked out by hand in the comments."""
from decimal import Decimal as D

from conftest import ROOT
from jixiao.ingest.claims import read_claims
from jixiao.ingest.report import NO_TABLE, facts_for_check, ingest
from jixiao.ingest.source import Line
from jixiao.model.result import Where
from jixiao.review import evaluate_and_check

PLANTED = ROOT / "tests" / "fixtures" / "reports" / "narrative" / "slips-planted.txt"
EXTRA = ROOT / "tests" / "fixtures" / "reports" / "extra"


def findings(path):
    facts, framework = facts_for_check(ingest(path))
    return evaluate_and_check(framework, facts).findings


def sentence(text):
    return [Line((text,), Where("t.txt", line=1))]


def test_sentences_with_two_numbers_are_not_rows(tmp_path):
    # issue 24: once a table title was named in a sentence, "在职人员共 23 人，核定编制 25 人" became a row (weight 23,
    # score 25) and "共实施 12 个项目，其中 10 个…" another (12, 10): score out of range, total 33, grade mismatch
    path = tmp_path / "r.txt"
    path.write_text(
        "某县民政局2022年度部门整体支出绩效自评报告\n根据《部门整体支出绩效评价指标表》的要求，现将自评情况报告如下。\n"
        "本年度在职人员共 23 人，核定编制 25 人。\n共实施 12 个项目，其中 10 个设置了绩效目标。\n"
        "经自评，本部门2022年度整体支出绩效自评得分为 92 分，评价等级为优。\n", encoding="utf-8")
    report = ingest(path)
    assert report.rows == [] and report.stated_total == D(92)
    assert [m for m, _ in report.notes if "评分表" in m] == [NO_TABLE]  # said once
    assert [f.code for f in findings(path)] == []  # 92 is 优; nothing else is stated against anything


def test_planted_slips_each_found_with_its_line():
    found = {(f.code, f.where.line) for f in findings(PLANTED)}
    assert found == {
        ("sentence-count", 2),  # 内设5个股室, 4 listed
        ("sentence-parts", 3),  # 行政 15 + 事业 10 = 25 > 在编 23
        ("sentence-rate", 5),  # 280 / 300 = 93.33%, stated 95.00%
        ("sentence-growth", 6),  # (600 - 500) / 500 = 20%, stated 25%
    }  # line 4: 512.29 + 286.83 = 799.12 holds; line 7: 党员 and 大专以上 overlap, so their sum says nothing


def test_growth_falling_and_within_rounding():
    # (460 - 500) / 500 = -8%: "下降 8%" holds, "下降 8.5%" does not
    holds = read_claims(sentence("本年支出 460.00 万元，上年支出 500.00 万元，比上年下降 8%"))
    assert [(c.kind, c.falling, c.stated) for c in holds] == [("growth", True, D(8))]
    # 540 / 600 = 90.00%; 89.99% printed to two places is one unit off: a slip of rounding only if further
    assert read_claims(sentence("预算安排 600.00 万元，实际支出 540.00 万元，执行率为 90%"))[0].amounts == (("实际支出", D(5400000)), ("预算安排", D(6000000)))


def test_ambiguous_sentences_give_no_claim():
    # two budgets and no spending: which one the rate is of cannot be known
    assert read_claims(sentence("年初预算 500.00 万元，调整后预算 600.00 万元，预算执行率为 90%")) == []
    # parts that overlap (党员, 大专以上) or a list that is not meant to be whole ("等")
    assert read_claims(sentence("在职人员 23 人，其中党员 12 人、大专以上学历 20 人")) == []
    assert read_claims(sentence("内设办公室、财务股等5个股室")) == []


def test_103_repeated_name_is_a_warning_not_a_count_slip():
    # line 17 "内设 8个内设机构,即办公室、第一检察部、…、政治部、办公室": 8 distinct names, 办公室 twice
    found = [(f.code, f.severity, f.where.line) for f in findings(next(EXTRA.glob("103*.txt"))) if f.code.startswith("sentence")]
    assert found == [("sentence-repeated-name", "warning", 17)]


def test_a_sentence_split_into_cells_inside_a_table_is_not_a_row(tmp_path):
    # a PDF's wide gaps cut a sentence into cells after a table header: "23 | 人，…" is a quantity, not a weight
    path = tmp_path / "r.txt"
    path.write_text("一级指标\t二级指标\t分值\t得分\n投入\t预算执行率\t10\t9\n本年度在职人员共\t23\t人，核定编制\t25\t人。\n总分\t100\t9\n", encoding="utf-8")
    report = ingest(path)
    assert [(r.path, r.weight, r.score) for r in report.rows] == [(("投入", "预算执行率"), D(10), D(9))]
    assert any(m.startswith("句子不是评分表的一行") and w.line == 3 for m, w in report.notes)


def test_102_parts_in_the_sentence_after_their_whole(tmp_path):
    # 南县政协 2021, line 12: "2、支出:799.12万元。其中:人员经费支出434.89万元,公用经费支出77.4万元,项目支出286.83万元。"
    # 434.89 + 77.4 + 286.83 = 799.12: the parts make their whole (人员 + 公用 + 项目), and it holds
    source = next(EXTRA.glob("102*.txt"))
    claims = [c for c in ingest(source).claims if c.kind == "parts"]
    assert [(c.name, c.stated, len(c.amounts), c.exhaustive, c.where.line) for c in claims] == [("支出", D("7991200.00"), 3, True, 12)]
    assert not [f for f in findings(source) if f.code == "sentence-parts"]
    # the same report with 项目支出 misprinted 268.83: 434.89 + 77.4 + 268.83 = 781.12 < 799.12, found on line 12
    slipped = tmp_path / "102.txt"
    slipped.write_text(source.read_text(encoding="utf-8").replace("项目支出286.83万元", "项目支出268.83万元"), encoding="utf-8")
    assert [(f.code, f.where.line) for f in findings(slipped) if f.code == "sentence-parts"] == [("sentence-parts", 12)]
