"""Rule kinds: a registry that built-in kinds and plugins fill the same way.

A rule specification (data, in a framework file) names a kind and its parameters.
Each kind lives in its own module: a pydantic model for its parameters, one small
scoring function, a message template for its 评分依据 and documentation. Built-in
kinds are registered through the `jixiao.rules` entry point, exactly as a plugin's.

A kind computes its score exactly (a Fraction; `ctx.exact(figure)`, `ctx.exact_weight`);
the engine rounds it once, at the row. Its 评分依据 may be given as a function producing
the text (`lambda: f"..."`): it is then written only when someone reads it.

A kind may also give `quick`: built once per row of a compiled plan, it returns a small
function computing the same exact score as integers (a numerator, denominator pair) from the
figures as pairs and the row's facts, or None whenever anything is unusual (a finding, a
missing figure); the engine then runs `score` as usual. See docs/rules.md.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping, Union

from pydantic import BaseModel, ValidationError

from jixiao.model.facts import RowFacts
from jixiao.model.framework import CompiledRule, Framework
from jixiao.model.quantity import Exact, Pair, Quantity, decimal_of, format_count, exact_of
from jixiao.plugins import load_entry_points
from jixiao.loaders.pydantic_messages import validation_messages


class RuleSpecError(ValueError):
    """A rule specification that cannot be used; loc points into the spec."""

    def __init__(self, loc: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.loc = loc
        self.message = message


_NO_FACTS = RowFacts()


class MissingFigure(Exception):
    def __init__(self, figure_id: str, needed_for: str = ""):
        super().__init__(figure_id)
        self.figure_id = figure_id
        self.needed_for = needed_for


ZERO = Fraction(0)
ONE = Fraction(1)
# A 评分依据: the text, or a function that writes it when it is first read.
Basis = Union[str, Callable[[], str]]
# A row's score on the quick path: (figures as pairs, the row's facts) -> the exact score as a pair,
# or None (or KeyError, for a figure not given) when the full `score` must run instead.
QuickScore = Callable[[Mapping[str, Pair], RowFacts], Union[Pair, None]]
# The same for a row under a slot: (its name, its weight as a pair, figures as pairs, its facts) -> pair or None.
SlotQuickScore = Callable[[str, Pair, Mapping[str, Pair], RowFacts], Union[Pair, None]]


def basis_text(basis: Basis) -> str:
    return basis if isinstance(basis, str) else basis()


@dataclass(slots=True)  # immutable by convention: made ~30 times per department, and frozen init is 3× slower
class Outcome:
    score: Fraction  # exact; a plugin may give a Decimal or int, the engine takes it exactly
    basis: Basis
    findings: tuple[tuple[str, str, str], ...] = ()  # (severity, code, message)

    @property
    def text(self) -> str:
        return basis_text(self.basis)


@dataclass(slots=True)
class ScoreContext:
    """Everything a rule may read while scoring one row (built per row: kept light)."""

    name: str
    weight: Decimal
    facts: RowFacts
    figures: Mapping[str, Quantity]
    framework: Framework
    registry: "RuleRegistry"
    exact_weight: Fraction = None  # type: ignore[assignment]  # the weight as a Fraction; filled when not given

    def __post_init__(self) -> None:
        if self.exact_weight is None:
            self.exact_weight = exact_of(self.weight)

    def figure(self, figure_id: str) -> Quantity:
        quantity = self.figures.get(figure_id)
        if quantity is None:
            raise MissingFigure(figure_id, self.name)
        return quantity

    def exact(self, figure_id: str) -> Fraction:
        """A figure's exact value."""
        return self.figure(figure_id).exact

    def quote(self, figure_id: str) -> str:
        """`全年调整预算 7,621.05 万元`: a figure's name and value for a 评分依据."""
        return f"{self.framework.figure_name(figure_id)} {self.figure(figure_id).display()}"

    def for_part(self, name: str, points: Decimal, exact_points: Fraction | int | None = None) -> "ScoreContext":
        facts = self.facts.parts.get(name) or _NO_FACTS
        exact = exact_of(points) if exact_points is None else exact_points
        return ScoreContext(f"{self.name}/{name}", points, facts, self.figures, self.framework, self.registry, exact)


@dataclass(frozen=True)
class ExcelContext:
    """What a kind needs to state its score as an Excel formula (for the live 评分表)."""

    weight: Decimal
    ref: Callable[[str], str]  # figure id -> cell reference on the data sheet
    registry: "RuleRegistry"
    # The score of a part that has no formula of its own (a judged part), as a constant.
    constant: Callable[[str, "CompiledRule", Decimal], Decimal]
    part: str = ""

    def for_part(self, name: str, points: Decimal) -> "ExcelContext":
        return replace(self, weight=points, part=name)


def number(value: Decimal | Fraction | int) -> str:
    """A number as an Excel literal."""
    if not isinstance(value, Decimal):  # an exact int or Fraction from a rule
        value = decimal_of(value)
    text = format(value.normalize(), "f")
    return text if text not in ("-0", "") else "0"


@dataclass(frozen=True)
class RuleKind:
    name: str
    label: str  # Chinese name shown to users
    params_model: type[BaseModel]
    score: Callable[[Any, ScoreContext], Outcome]
    summary: str
    inputs: tuple[str, ...] = ()  # row facts fields the kind reads
    figures_used: Callable[[Any, "RuleRegistry"], Iterable[str]] = lambda params, registry: ()
    # Figures read as a rate (比率 × 分值, 超限扣分): a money or count figure there would score nonsense.
    rates_used: Callable[[Any, "RuleRegistry"], Iterable[str]] = lambda params, registry: ()
    # Consistency of the parameters with the row's weight: messages for what does not fit.
    check_weight: Callable[[Any, Decimal], list[str]] = lambda params, weight: []
    # What in a row's raw facts the kind cannot use (a 评分要点 the row does not have): (field, message)
    # pairs, refused by the loader at that field instead of scoring something else.
    check_facts: Callable[[Any, Any], list[tuple[str, str]]] | None = None
    # Compile nested rules (parts); gets the validated params and the registry.
    prepare: Callable[[Any, "RuleRegistry"], Any] | None = None
    # The score as an Excel expression over figure cells, for kinds computed from figures.
    excel: Callable[[Any, ExcelContext], str | None] | None = None
    doc: str = ""
    # Optional: (params, exact weight, registry) -> the row's QuickScore, or None to always use `score`.
    quick: Callable[[Any, Exact, "RuleRegistry"], QuickScore | None] | None = None
    # Optional, for the rows a department puts under a slot (their names and weights are its own, so not known when
    # the plan is made): (params, registry) -> a SlotQuickScore for every row under the slot, or None.
    slot_quick: Callable[[Any, "RuleRegistry"], "SlotQuickScore | None"] | None = None


@dataclass(eq=False)  # identity: a registry keys the per-framework plan cache
class RuleRegistry:
    _kinds: dict[str, RuleKind] = field(default_factory=dict)
    _frozen: bool = False

    def register(self, kind: RuleKind) -> None:
        if self._frozen:
            raise RuntimeError("规则注册表已冻结")
        if kind.name in self._kinds:
            raise ValueError(f"规则类型“{kind.name}”重复注册")
        self._kinds[kind.name] = kind

    def freeze(self) -> "RuleRegistry":
        self._frozen = True
        return self

    def get(self, name: str) -> RuleKind | None:
        return self._kinds.get(name)

    def kinds(self) -> list[RuleKind]:
        return list(self._kinds.values())

    def compile(self, raw: object) -> CompiledRule:
        """Validate a rule specification (a mapping with `kind` and parameters)."""
        if not isinstance(raw, Mapping):
            raise RuleSpecError((), "规则应为映射，例如 {kind: ratio, figure: 预算执行率}")
        kind_name = raw.get("kind")
        kind = self.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            known = "、".join(sorted(self._kinds))
            raise RuleSpecError(("kind",), f"未知的规则类型“{kind_name}”（可用：{known}）")
        try:
            params = kind.params_model.model_validate({k: v for k, v in raw.items() if k != "kind"})
        except ValidationError as error:
            loc, message = validation_messages(error)[0]
            raise RuleSpecError(loc, f"规则“{kind.name}”的参数有误：{message}") from None
        if kind.prepare is not None:
            params = kind.prepare(params, self)
        return CompiledRule(kind.name, params, plain_spec(raw))

    def score(self, rule: CompiledRule, context: ScoreContext) -> Outcome:
        return self._kinds[rule.kind].score(rule.params, context)

    def figures_used(self, rule: CompiledRule) -> list[str]:
        return list(self._kinds[rule.kind].figures_used(rule.params, self))

    def rates_used(self, rule: CompiledRule) -> list[str]:
        return list(self._kinds[rule.kind].rates_used(rule.params, self))

    def excel(self, rule: CompiledRule, context: ExcelContext) -> str | None:
        kind = self._kinds[rule.kind]
        return kind.excel(rule.params, context) if kind.excel else None

    def quick(self, rule: CompiledRule, weight: Exact) -> QuickScore | None:
        """The rule's quick scoring function for a row of this weight, if its kind has one."""
        kind = self._kinds[rule.kind]
        return kind.quick(rule.params, weight, self) if kind.quick else None

    def slot_quick(self, rule: CompiledRule) -> SlotQuickScore | None:
        """The rule's quick scoring function for the rows under a slot, if its kind has one."""
        kind = self._kinds[rule.kind]
        return kind.slot_quick(rule.params, self) if kind.slot_quick else None

    def check_weight(self, rule: CompiledRule, weight: Decimal) -> list[str]:
        return self._kinds[rule.kind].check_weight(rule.params, weight)


def plain_spec(raw: object) -> Any:
    """A rule specification as plain dicts, lists and scalars (a loader's line-numbered mappings dropped)."""
    if isinstance(raw, Mapping):
        return {str(key): plain_spec(value) for key, value in raw.items()}
    if isinstance(raw, (list, tuple)):
        return [plain_spec(value) for value in raw]
    return raw


@functools.lru_cache(maxsize=1)
def default_registry() -> RuleRegistry:
    """Built-in kinds and every installed plugin, loaded through the `jixiao.rules` entry point."""
    registry = RuleRegistry()
    load_entry_points("jixiao.rules", registry, "jixiao.rules.builtin:register")
    return registry.freeze()


def points(value: Decimal | Fraction) -> str:
    """A score for a sentence: 5, 5.76, 0.5; a computed value that does not terminate: 约0.8365."""
    return format_count(value)
