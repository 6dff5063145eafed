"""A safe evaluator for the arithmetic formulas of derived figures.

Formulas come from framework files that users write, so they are never passed to
eval: the text is parsed with `ast` and only a whitelist of nodes is accepted
(numbers, figure names, + - * /, parentheses, abs/min/max). Anything else, such as
`__import__('os')` or attribute access, is refused when the framework loads.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Callable

MAX_FORMULA_LENGTH = 500
MAX_DEPTH = 30
MAX_LITERAL = 10**15  # larger constants have no place in a budget ratio and would overflow rounding
FUNCTIONS: dict[str, Callable[..., Decimal]] = {"abs": abs, "min": min, "max": max}
ARITY = {"abs": (1, 1), "min": (2, 20), "max": (2, 20)}  # (fewest, most) arguments
_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


class FormulaError(ValueError):
    """A formula that is not allowed or cannot be computed; the message is for end users."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: frozenset[str]

    def evaluate(self, lookup: Callable[[str], Decimal]) -> Decimal:
        try:
            return _evaluate(self.tree, lookup)
        except (ZeroDivisionError, DivisionByZero, InvalidOperation):
            raise FormulaError(f"公式“{self.text}”计算时除数为零") from None


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


def _evaluate(node: ast.expr, lookup: Callable[[str], Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(repr(node.value)) if isinstance(node.value, float) else Decimal(node.value)
    if isinstance(node, ast.Name):
        return lookup(node.id)
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, lookup), _evaluate(node.right, lookup))
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, lookup)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*(_evaluate(arg, lookup) for arg in node.args))  # type: ignore[union-attr]
    raise FormulaError("不允许的公式")  # unreachable after _vet


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
