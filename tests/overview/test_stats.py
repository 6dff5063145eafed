"""The overview's figures on small hand-made rounds, each checked by hand in the comments."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.model.framework import DEFAULT_GRADES
from jixiao.overview.stats import (
    APPROVED, DRAFT, NOT_STARTED, REPORTED, RETURNED, SUBMITTED, Entry, Overview, all_tables, band_of, department_scores_table,
    findings_table, grade_table, histogram_table, mean, median, progress_table, ranking_table,
)


def entry(unit, department, progress, score=None, late=False, findings=()):
    return Entry(unit, department, progress, None if score is None else D(score), late=late, findings=tuple(findings))


ROUND = Overview(
    (
        entry("甲", "一局", SUBMITTED, "93.76", findings=("a", "b")),
        entry("乙", "一局", APPROVED, "88.10", findings=("a",)),
        entry("丙", "一局", DRAFT, None, late=True),
        entry("丁", "二局", REPORTED, "59.99", findings=("a", "a")),
        entry("戊", "二局", RETURNED, "75.00", late=True, findings=("b",)),
        entry("己", "二局", REPORTED, "60.00"),
        entry("庚", "二局", NOT_STARTED, None, late=True),
    ),
    DEFAULT_GRADES,
    {"a": "资产合计不符", "b": "失分未写明原因"},
)


def test_mean_and_median_round_once_half_up():
    # (93.76 + 88.10 + 59.99 + 60.00) / 4 = 301.85 / 4 = 75.4625 → 75.46
    assert mean([D("93.76"), D("88.10"), D("59.99"), D("60.00")]) == D("75.46")
    # sorted 59.99, 60.00, 88.10, 93.76: (60.00 + 88.10) / 2 = 74.05
    assert median([D("93.76"), D("88.10"), D("59.99"), D("60.00")]) == D("74.05")
    assert median([D("1.005"), D("9"), D("0")]) == D("1.01")  # the middle one, rounded half up
    assert mean([]) is None and median([]) is None


def test_bands_hold_their_lower_edge_and_100_sits_in_the_top_band():
    assert band_of(D("59.99")) == (D(0), D(60))
    assert band_of(D("60")) == (D(60), D(65))
    assert band_of(D("95")) == (D(95), D(100))
    assert band_of(D("100")) == (D(95), D(100))


def test_only_final_scores_are_distributed():
    # final: 甲 93.76 (优), 乙 88.10 (良), 丁 59.99 (差), 己 60.00 (中); 戊 is returned (being refilled), not counted.
    assert ROUND.grade_counts() == {"优": 1, "良": 1, "中": 1, "差": 1}
    histogram = ROUND.histogram()
    assert (histogram["60以下"], histogram["60–65"], histogram["85–90"], histogram["90–95"]) == (1, 1, 1, 1)
    assert sum(histogram.values()) == 4


def test_progress_per_department_and_total():
    table = progress_table(ROUND)
    rows = {row[0]: row for row in table.rows}
    # 一局: 3 units — 草稿 1, 已提交 1, 已审核 1; one late; 2 of 3 submitted or later = 66.7%
    assert rows["一局"][1:] == (3, 0, 1, 1, 0, 1, 0, 1, "66.7%")
    # 二局: 4 units — 未开始 1, 已退回 1, 已报送 2; two late; 2 of 4 = 50.0%
    assert rows["二局"][1:] == (4, 1, 0, 0, 1, 0, 2, 2, "50.0%")
    assert rows["合计"][1:] == (7, 1, 1, 1, 1, 1, 2, 3, "57.1%")


def test_department_scores_beside_last_year():
    last = Overview((entry("甲", "一局", APPROVED, "90"), entry("乙", "一局", APPROVED, "80")), DEFAULT_GRADES)
    rows = {row[0]: row for row in department_scores_table(ROUND, last).rows}
    # 一局 this year 93.76, 88.10: mean 90.93, median 90.93; last year 90, 80: 85.00 both
    assert rows["一局"] == ("一局", 2, D("90.93"), D("90.93"), D("93.76"), D("88.10"), D("85.00"), D("85.00"))
    # 二局 none last year
    assert rows["二局"][6:] == (None, None)
    grades = {row[0]: row for row in grade_table(ROUND, last).rows}
    assert grades["优"][2:] == (1, "25.0%", 1, "50.0%") and grades["良"][4:] == (1, "50.0%")
    assert histogram_table(ROUND, last).headers[-1] == "上年单位数"


def test_ranking_best_and_worst_with_places():
    top = ranking_table(ROUND, best=True).rows
    assert [(row[0], row[1]) for row in top] == [(1, "甲"), (2, "乙"), (3, "己"), (4, "丁")]
    bottom = ranking_table(ROUND, best=False).rows
    assert [(row[0], row[1], row[4]) for row in bottom] == [(4, "丁", "差"), (3, "己", "中"), (2, "乙", "良"), (1, "甲", "优")]


def test_findings_count_units_not_occurrences():
    # a: 甲, 乙, 丁 (twice in 丁, once counted) = 3 of 7 units; b: 甲, 戊 = 2
    assert findings_table(ROUND, None).rows == (("资产合计不符", 3, "42.9%"), ("失分未写明原因", 2, "28.6%"))


def test_every_table_has_a_title_and_rows_as_wide_as_its_headers():
    for table in all_tables(ROUND, ROUND):
        assert table.title
        assert all(len(row) == len(table.headers) for row in table.rows), table.key


def test_sampling_is_a_reproducible_draw_by_hash_lots():
    import hashlib

    import pytest

    from jixiao.overview.sampling import SampleRefused, draw, lot

    units = [f"单位{index:02d}" for index in range(20)]
    chosen = draw(units, seed=12345, count=5)
    # By hand: the five smallest SHA-256("12345:<unit>").
    by_hand = sorted(units, key=lambda u: hashlib.sha256(f"12345:{u}".encode()).hexdigest())[:5]
    assert chosen == by_hand and len(set(chosen)) == 5
    assert draw(list(reversed(units)), seed=12345, count=5) == chosen  # the order given does not matter
    assert draw(units, seed=12346, count=5) != chosen
    assert lot(1, "甲") == hashlib.sha256("1:甲".encode()).hexdigest()
    # 15% of 20 = 3; 16% = 3.2 → 4 (rounded up)
    assert len(draw(units, seed=1, ratio=D("15"))) == 3 and len(draw(units, seed=1, ratio=D("16"))) == 4
    with pytest.raises(SampleRefused, match="要抽取 21 个，但符合条件的只有 20 个"):
        draw(units, seed=1, count=21)
    with pytest.raises(SampleRefused, match="请填写"):
        draw(units, seed=1)


@pytest.mark.parametrize("text", ["13800138000", "138 0013 8000", "+8613800138000", "0755-12345678", "010-87654321", "0755-1234567转123"])
def test_chinese_phone_numbers_accepted(text):
    from jixiao.people.rules import phone_problem

    assert phone_problem(text) is None


@pytest.mark.parametrize("text,message", [
    ("1380013800", "手机号码应为 11 位数字，收到“1380013800”（10 位）"),
    ("12800138000", "不是有效的电话号码"),
    ("138001380001", "应为 11 位"),
    ("12345", "应为 11 位"),
    ("abc", "不是有效的电话号码"),
])
def test_bad_phone_numbers_refused(text, message):
    from jixiao.people.rules import phone_problem

    assert message in phone_problem(text)


def test_one_time_passwords_are_long_and_differ():
    from jixiao.people.rules import PASSWORD_ALPHABET, one_time_password

    made = {one_time_password() for _ in range(50)}
    assert len(made) == 50 and all(len(p) == 14 and set(p) <= set(PASSWORD_ALPHABET) for p in made)
