"""The rule applied to units and projects: a proposed budget adjustment for each, and the ranking (前十 / 后十).

Amounts are in 元 as exact Decimals; each amount is rounded once, to 分, half up (the one rounding
policy of docs/rules.md): cut = budget × percentage / 100, then rounded.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jixiao.results.rule import HUNDRED, GradeAction, ResultsRule

CENT = Decimal("0.01")


def to_cent(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Proposal:
    unit: str
    score: Decimal
    budget: Decimal | None  # 元, the evaluated year's budget (调整后预算); None: not given
    entry: GradeAction
    cut_low: Decimal | None  # 元, the smallest cut the rule asks for (0 for 优/良)
    cut_high: Decimal | None  # 元, the largest

    @property
    def grade(self) -> str:
        return self.entry.grade

    @property
    def proposed(self) -> Decimal | None:
        """The proposed change to next year's budget: minus the smallest cut the rule requires."""
        return None if self.cut_low is None else -self.cut_low

    @property
    def basis(self) -> str:
        """The rule that gave it, with the arithmetic, e.g. “中（60 ≤ 分数 < 80）：压减 10%–30%…；1,000,000.00 × 10% = 100,000.00 元”."""
        text = self.entry.describe()
        if self.budget is None:
            return text + "；未填报预算数，不能计算金额"
        if self.entry.cuts:
            text += f"；{self.budget:,.2f} × {self.entry.cut_min.normalize():f}% = {self.cut_low:,.2f} 元"
            text += f" 至 {self.budget:,.2f} × {self.entry.cut_max.normalize():f}% = {self.cut_high:,.2f} 元"
        return text


def next_budget(budget: Decimal | None, decided: Decimal | None, proposal: Proposal | None) -> Decimal | None:
    """The evaluated year's budget plus the decided (else the proposed) change: the figure for next year's preparation."""
    change = decided if decided is not None else (proposal.proposed if proposal else None)
    return None if change is None or budget is None else to_cent(budget + change)


def propose(rule: ResultsRule, unit: str, score: Decimal, budget: Decimal | None) -> Proposal:
    """The rule applied to one unit or one project (the same arithmetic): its band by score, the cut on its budget."""
    entry = rule.for_score(score)
    if budget is None:
        return Proposal(unit, score, None, entry, None, None)
    return Proposal(unit, score, budget, entry, to_cent(budget * entry.cut_min / HUNDRED), to_cent(budget * entry.cut_max / HUNDRED))


@dataclass(frozen=True)
class Ranked:
    rank: int  # competition ranking: equal scores share a rank (1, 2, 2, 4)
    unit: str
    score: Decimal
    top: bool  # 前十
    bottom: bool  # 后十


def rank(scores: list[tuple[str, Decimal]], size: int = 10) -> list[Ranked]:
    """Units by final score, highest first (ties by name). 前十 / 后十 by rank, so a tie at the edge takes all tied;
    with fewer than 2 × size units the two groups are the upper and lower halves."""
    ordered = sorted(scores, key=lambda item: (-item[1], item[0]))
    count = len(ordered)
    size = min(size, count // 2)
    ranks: list[int] = []
    for index, (_unit, score) in enumerate(ordered):
        ranks.append(ranks[-1] if index and ordered[index - 1][1] == score else index + 1)
    # rank from the bottom: 1 for the lowest scores
    from_bottom: list[int] = [0] * count
    for index in range(count - 1, -1, -1):
        same_as_next = index < count - 1 and ordered[index + 1][1] == ordered[index][1]
        from_bottom[index] = from_bottom[index + 1] if same_as_next else count - index
    return [
        Ranked(ranks[i], unit, score, size > 0 and ranks[i] <= size, size > 0 and from_bottom[i] <= size)
        for i, (unit, score) in enumerate(ordered)
    ]
