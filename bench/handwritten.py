"""A minimal hand-written scorer for shenzhen-2019, independent of jixiao: the bench's yardstick.

It reads a generated department (bench/generate.py) as raw data and computes the same 21 row
scores with exact fractions, each rounded half-up to 2 places at the row, by plain arithmetic
written out for this one framework. `make bench` times jixiao against it and compares every row;
tests/test_bench_differential.py compares 2,000 departments.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

QUARTERS = ("一季度支出进度", "二季度支出进度", "三季度支出进度", "四季度支出进度")
SCHEDULE = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1))
ZERO, ONE = Fraction(0), Fraction(1)


def _number(value) -> Fraction:
    text = str(value).replace(",", "")
    return Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)


def round_half_up(value: Fraction) -> Decimal:
    """To 2 places, ties away from zero, from the exact value."""
    numerator, denominator = abs(value.numerator) * 100, value.denominator
    cents = (2 * numerator + denominator) // (2 * denominator)
    return Decimal(cents if value >= 0 else -cents).scaleb(-2)


def _tier(value: Fraction, steps, otherwise) -> Fraction:
    for test, score in steps:
        if test(value):
            return Fraction(score)
    return Fraction(otherwise)


def row_scores(raw: dict) -> list[Decimal]:
    """The 21 rounded row scores of one department, in the framework's order."""
    f = {key: _number(value) for key, value in raw["figures"].items()}
    rows = raw["rows"]

    def unmet(name: str, points: list) -> Fraction:
        return sum((Fraction(points[int(i) - 1]) for i in rows.get(name, {}).get("unmet", [])), ZERO)

    def judged(name: str, part: str) -> Fraction:
        return Fraction(str(rows[name]["parts"][part]["score"]))

    def control(rate: Fraction) -> Fraction:
        return _tier(rate, [(lambda v: v < Fraction(9, 10), 3), (lambda v: v <= 1, 2)], 0)

    purchase = f["实际采购金额"] / f["政府采购预算"]
    adjust = abs(f["调整后预算"] - f["年初预算"]) / f["年初预算"]
    ratios = [max(ZERO, min(f[key] / due, ONE)) for key, due in zip(QUARTERS, SCHEDULE)]
    scores = [
        5 - unmet("预算编制合理性", [1] * 5),
        max(ZERO, Fraction(5 - len(rows["预算编制规范性"]["deductions"]))),
        max(ZERO, Fraction(8 - len(rows["绩效目标完整性"]["deductions"]))),
        7 - unmet("绩效指标明确性", [2, 2, 1, 1, 1]),
        (ZERO if purchase > 1 else max(ZERO, min(purchase, ONE))) + judged("政府采购执行情况", "政府采购政策功能落实"),
        judged("财务合规性", "资金支出规范性")
        + max(ZERO, 1 - max(ZERO, (adjust - Fraction(1, 10)) * 100) * Fraction(1, 10))
        + judged("财务合规性", "会计核算规范性"),
        judged("预决算信息公开", "部门预算公开") + judged("预决算信息公开", "部门决算公开"),
        2 - unmet("项目实施程序", [1, 1]),
        2 - unmet("项目监管", [1, 1]),
        2 - unmet("资产管理安全性", [1, 1]),
        _tier(f["在用固定资产原值"] / f["固定资产原值"], [(lambda v: v >= Fraction(9, 10), 1), (lambda v: v >= Fraction(3, 4), "0.7"), (lambda v: v >= Fraction(3, 5), "0.4")], 0),
        ONE if f["在编人数"] <= f["核定编制"] else ZERO,
        _tier(f["编外人员"] / (f["在编人数"] + f["编外人员"]), [(lambda v: v < Fraction(1, 20), 1), (lambda v: v <= Fraction(1, 10), "0.5")], 0),
        3 - unmet("管理制度健全性", ["0.5", "1.5", 1]),
        control(f["三公经费支出"] / f["三公经费预算"]) + control(f["日常公用经费决算"] / f["日常公用经费预算"]),
        sum(ratios, ZERO) + sum(ratios, ZERO) / 4 * 2,
        max(ZERO, 8 - (f["重点工作数"] - f["已完成重点工作数"]) * 4),
        min(f["已完成项目数"] / f["计划项目数"], ONE) * 6,
        Fraction(str(rows["社会效益、经济效益、生态效益及可持续影响等"]["score"])),
        3 - unmet("群众信访办理情况", [1, 1, 1]),
        _tier(f["满意度"], [(lambda v: v >= Fraction(19, 20), 6), (lambda v: v >= Fraction(9, 10), 4), (lambda v: v >= Fraction(4, 5), 2)], 1),
    ]
    return [round_half_up(Fraction(score)) for score in scores]


def total(raw: dict) -> Decimal:
    return sum(row_scores(raw), Decimal(0))
