"""Input problems collected as values, raised once at the end of a load."""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.model.result import Where


@dataclass(frozen=True, slots=True)
class Problem:
    where: Where
    message: str

    def describe(self) -> str:
        place = self.where.describe()
        return f"{place}：{self.message}" if place else self.message


class InputError(Exception):
    """Input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.describe() for p in problems))
        self.problems = problems
