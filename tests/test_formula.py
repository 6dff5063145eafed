from decimal import Decimal

import pytest

from jixiao.model.formula import FormulaError, compile_formula


def test_arithmetic_with_figure_names():
    formula = compile_formula("abs(调整后预算 - 年初预算) / 年初预算")
    values = {"调整后预算": Decimal("7621.05"), "年初预算": Decimal("5281.87")}
    # (7621.05 - 5281.87) / 5281.87 = 2339.18 / 5281.87 = 0.44286...
    assert formula.evaluate(values.__getitem__).quantize(Decimal("0.0001")) == Decimal("0.4429")
    assert formula.names == {"调整后预算", "年初预算"}


@pytest.mark.parametrize(
    "hostile",
    [
        "__import__('os').system('touch /tmp/pwned')",
        "().__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd')",
        "a if b else c",
        "[x for x in range(10)]",
        "lambda: 1",
        "a ** 99999999",
        "a.b",
        "'text'",
        "max(a, key=b)",
    ],
)
def test_hostile_formulas_are_refused_before_anything_runs(hostile, tmp_path):
    with pytest.raises(FormulaError, match="不允许|不是合法"):
        compile_formula(hostile)
    assert not (tmp_path / "pwned").exists()


def test_division_by_zero_is_a_clear_error():
    formula = compile_formula("a / b")
    with pytest.raises(FormulaError, match="除数为零"):
        formula.evaluate({"a": Decimal(1), "b": Decimal(0)}.__getitem__)


def test_overlong_formula_is_refused():
    with pytest.raises(FormulaError, match="过长"):
        compile_formula("+".join(["a"] * 400))


@pytest.mark.parametrize(
    "text,shown",
    [
        ("abs(调整后预算 - 年初预算) / 年初预算", "|调整后预算 − 年初预算| ÷ 年初预算"),
        ("a - (b - c)", "a − (b − c)"),
        ("(a - b) - c", "a − b − c"),
        ("(a + b) * c", "(a + b) × c"),
        ("a / (b * c)", "a ÷ (b × c)"),
        ("a * b / c", "a × b ÷ c"),
        ("-(a + b)", "−(a + b)"),
        ("min(a, b * 2) / 3", "较小值(a，b × 2) ÷ 3"),
    ],
)
def test_formulas_are_shown_in_everyday_notation(text, shown):
    # What people read in messages and notes: no abs(), * or / (issue 18, item 9); brackets only where the value needs them.
    assert compile_formula(text).shown == shown
    assert compile_formula(shown.replace("|调整后预算 − 年初预算|", "abs(调整后预算 - 年初预算)").replace("−", "-").replace("×", "*").replace("÷", "/")
                           .replace("较小值", "min").replace("，", ",")).shown == shown
