"""A safe evaluator for the arithmetic formulas of derived figures.

Formulas come from framework files that users write, so they are never passed to
eval: the text is parsed with `ast` and only a whitelist of nodes is accepted
(numbers, figure names, + - * /, parentheses, abs/min/max). Anything else, such as
`__import__('os')` or attribute access, is refused when the framework loads.

A vetted formula is compiled once into nested small functions over exact rationals held as
integer pairs (numerator, denominator), so a derived ratio such as 7/48 is held exactly, not
as a rounded decimal, and no Fraction is built or reduced while a department is scored.
"""
from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Mapping

from jixiao.model.quantity import Exact, Pair, add_pairs, decimal_of, div_pairs, exact_of, exact_of_pair, less, mul_pairs, pair_of, sub_pairs

MAX_FORMULA_LENGTH = 500
MAX_DEPTH = 30
MAX_LITERAL = 10**15  # larger constants have no place in a budget ratio and would overflow rounding
ARITY = {"abs": (1, 1), "min": (2, 20), "max": (2, 20)}  # (fewest, most) arguments


def _abs(a: Pair) -> Pair:
    return (-a[0], a[1]) if a[0] < 0 else a


def _min(*values: Pair) -> Pair:
    best = values[0]
    for value in values[1:]:
        if less(value, best):
            best = value
    return best


def _max(*values: Pair) -> Pair:
    best = values[0]
    for value in values[1:]:
        if less(best, value):
            best = value
    return best


FUNCTIONS: dict[str, Callable[..., Pair]] = {"abs": _abs, "min": _min, "max": _max}
# Exact arithmetic on pairs (numerator, denominator > 0), left unreduced: cheaper than Fractions.
_BINARY = {ast.Add: add_pairs, ast.Sub: sub_pairs, ast.Mult: mul_pairs, ast.Div: div_pairs}
Compiled = Callable[[Mapping[str, Pair]], Pair]


class FormulaError(ValueError):
    """A formula that is not allowed or cannot be computed; the message is for end users."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: frozenset[str]
    compiled: Compiled = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.compiled is None:
            object.__setattr__(self, "compiled", _compile(self.tree))

    @property
    def shown(self) -> str:
        """The formula as people write it (“|调整后预算 − 年初预算| ÷ 年初预算”), for messages and notes."""
        return readable(self)

    def pair(self, values: Mapping[str, Pair]) -> Pair:
        """The exact value as a pair, given the figures it names as pairs."""
        try:
            return self.compiled(values)
        except ZeroDivisionError:
            raise FormulaError(f"公式“{self.shown}”计算时除数为零") from None

    def exact(self, values: Mapping[str, Exact]) -> Exact:
        """The exact value (an int or a Fraction in lowest terms), given the exact values of the figures it names."""
        return exact_of_pair(self.pair({name: pair_of(values[name]) for name in self.names}))

    def evaluate(self, lookup: Callable[[str], Decimal]) -> Decimal:
        """As a Decimal (exact when it terminates), looking each named figure up."""
        return decimal_of(self.exact({name: exact_of(lookup(name)) for name in self.names}))


def compile_formula(text: str) -> Formula:
    """Parse and vet a formula; raises FormulaError naming what is not allowed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("公式为空")
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_FORMULA_LENGTH} 个字符）")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise FormulaError(f"公式“{text}”不是合法的算式") from None
    names: set[str] = set()
    _vet(tree, names, 0, text)
    return Formula(text.strip(), tree, frozenset(names))


def _vet(node: ast.AST, names: set[str], depth: int, text: str) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError(f"公式“{text}”嵌套过深")
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if not abs(node.value) <= MAX_LITERAL:  # also refuses inf and nan (1e400 parses as inf)
            raise FormulaError(f"公式“{text}”中的常数“{ast.get_source_segment(text.strip(), node) or node.value}”过大（上限 {MAX_LITERAL:,}）")
        return
    if isinstance(node, ast.Name):
        names.add(node.id)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _vet(node.left, names, depth + 1, text)
        _vet(node.right, names, depth + 1, text)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _vet(node.operand, names, depth + 1, text)
        return
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FUNCTIONS
        and not node.keywords
        and node.args
    ):
        fewest, most = ARITY[node.func.id]
        if not fewest <= len(node.args) <= most or any(isinstance(arg, ast.Starred) for arg in node.args):
            wanted = "1 个" if fewest == most else f"{fewest} 至 {most} 个"
            raise FormulaError(f"公式“{text}”中的 {node.func.id}( ) 应有 {wanted}参数，实有 {len(node.args)} 个")
        for arg in node.args:
            _vet(arg, names, depth + 1, text)
        return
    shown = ast.get_source_segment(text.strip(), node) or type(node).__name__
    raise FormulaError(f"公式“{text}”含有不允许的内容“{shown}”：只允许数字、数据项名称、+ - * /、括号和 abs/min/max")


def _compile(node: ast.expr) -> Compiled:
    """One small function per node, built once; evaluating is then plain calls on integer pairs."""
    if isinstance(node, ast.Constant):
        constant = pair_of(exact_of(node.value))
        return lambda values: constant
    if isinstance(node, ast.Name):
        return operator.itemgetter(node.id)
    if isinstance(node, ast.BinOp):
        left, right, apply = _compile(node.left), _compile(node.right), _BINARY[type(node.op)]
        return lambda values: apply(left(values), right(values))
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda values: _negative(operand(values))
        return operand
    if isinstance(node, ast.Call):
        function, args = FUNCTIONS[node.func.id], tuple(_compile(arg) for arg in node.args)  # type: ignore[union-attr]
        return lambda values: function(*(arg(values) for arg in args))
    raise FormulaError("不允许的公式")  # unreachable after _vet


def _negative(a: Pair) -> Pair:
    return (-a[0], a[1])


_EXCEL_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def to_excel(formula: Formula, ref: Callable[[str], str]) -> str:
    """The same arithmetic as an Excel expression; names become cell references via ref."""

    def walk(node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            return repr(node.value)
        if isinstance(node, ast.Name):
            return ref(node.id)
        if isinstance(node, ast.BinOp):
            return f"({walk(node.left)}{_EXCEL_OPS[type(node.op)]}{walk(node.right)})"
        if isinstance(node, ast.UnaryOp):
            return f"({'-' if isinstance(node.op, ast.USub) else '+'}{walk(node.operand)})"
        if isinstance(node, ast.Call):
            return f"{node.func.id.upper()}({','.join(walk(a) for a in node.args)})"  # type: ignore[union-attr]
        raise FormulaError("不允许的公式")

    return walk(formula.tree)


_SHOWN_OPS = {ast.Add: ("+", 1), ast.Sub: ("−", 1), ast.Mult: ("×", 2), ast.Div: ("÷", 2)}
_SHOWN_CALLS = {"min": "较小值", "max": "较大值"}


def readable(formula: Formula) -> str:
    """The arithmetic in everyday notation: |x| for abs, × ÷ −, 较小值(…)/较大值(…), brackets only where needed."""
    return _shown(formula.tree)


def _shown(node: ast.expr) -> str:
    # A module-level recursion, not a nested function: a closure that calls itself is a reference cycle per call.
    if isinstance(node, ast.Constant):
        return format(Decimal(str(node.value)), "f") if isinstance(node.value, float) else str(node.value)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.BinOp):
        sign, level = _SHOWN_OPS[type(node.op)]
        left, right = _shown(node.left), _shown(node.right)
        if _level(node.left) < level:
            left = f"({left})"
        # a − (b − c), a ÷ (b × c): the right side of − and ÷ keeps its brackets at the same level too.
        if _level(node.right) < level or (_level(node.right) == level and isinstance(node.op, (ast.Sub, ast.Div))):
            right = f"({right})"
        return f"{left} {sign} {right}"
    if isinstance(node, ast.UnaryOp):
        inner = _shown(node.operand)
        inner = f"({inner})" if _level(node.operand) < 3 else inner
        return f"−{inner}" if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Call):
        name = node.func.id  # type: ignore[union-attr]
        inner = [_shown(a) for a in node.args]
        return f"|{inner[0]}|" if name == "abs" else f"{_SHOWN_CALLS.get(name, name)}({'，'.join(inner)})"
    raise FormulaError("不允许的公式")


def _level(node: ast.expr) -> int:
    """How tightly an expression binds: sums 1, products 2, anything else 3 (never needs brackets)."""
    return _SHOWN_OPS[type(node.op)][1] if isinstance(node, ast.BinOp) else 3


_KIND_LABELS = {"money": "金额", "percent": "比率", "count": "数量"}


def mixed_kinds(formula: Formula, kind_of: Callable[[str], str | None]) -> str | None:
    """What adds or compares unlike quantities (金额 + 比率), or None; `实际支出 + 满意度` had scored."""
    problem: list[str] = []

    def kind(node: ast.expr) -> str | None:  # None: a plain number, which goes with anything
        if isinstance(node, ast.Name):
            return kind_of(node.id)
        if isinstance(node, ast.UnaryOp):
            return kind(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
            left, right = kind(node.left), kind(node.right)
            if isinstance(node.op, ast.Div) and left is not None and left == right:
                return "percent"  # 实际支出 / 调整后预算
            return left if left not in (None, "percent") else right if right not in (None, "percent") else left or right
        parts = [node.left, node.right] if isinstance(node, ast.BinOp) else list(node.args) if isinstance(node, ast.Call) else []
        kinds = {k for k in map(kind, parts) if k is not None}
        if len(kinds) > 1 and not problem:
            shown = ast.get_source_segment(formula.text, node) or formula.text
            problem.append(f"公式“{formula.text}”中的“{shown}”把{'与'.join(_KIND_LABELS.get(k, k) for k in sorted(kinds))}相加减或比较，单位不同，无法计算")
        return next(iter(kinds), None)

    kind(formula.tree)
    return problem[0] if problem else None
