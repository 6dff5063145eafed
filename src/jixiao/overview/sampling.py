"""抽查 draws anyone can re-check: each unit's lot is SHA-256("<seed>:<unit>"), the smallest lots are drawn.

No random generator whose algorithm could change between Python versions: with the recorded seed and the list
of units, the draw can be redone by hand (`printf '%s' '12345:演示市博物馆' | sha256sum`) and comes out the same.
"""
from __future__ import annotations

import hashlib
import math
from decimal import Decimal
from typing import Sequence


class SampleRefused(ValueError):
    """The draw asked for is impossible (more than the population, nothing asked): the message says why."""


def lot(seed: int, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode("utf-8")).hexdigest()


def size(population: int, ratio: Decimal | None, count: int | None) -> int:
    """How many to draw: the count, or the ratio (percent) of the population rounded up; at least one of them."""
    if count is None and ratio is None:
        raise SampleRefused("请填写抽取个数或抽取比例")
    if count is not None and count < 1:
        raise SampleRefused("抽取个数至少为 1")
    if ratio is not None and not Decimal(0) < ratio <= Decimal(100):
        raise SampleRefused("抽取比例应大于 0% 且不超过 100%")
    wanted = count if count is not None else math.ceil(ratio * population / 100)
    if wanted > population:
        raise SampleRefused(f"要抽取 {wanted} 个，但符合条件的只有 {population} 个")
    return wanted


def draw(keys: Sequence[str], seed: int, ratio: Decimal | None = None, count: int | None = None) -> list[str]:
    """The keys drawn, in lot order; keys must be unique (unit names are)."""
    if len(set(keys)) != len(keys):
        raise SampleRefused("单位名称重复，无法抽取")
    wanted = size(len(keys), ratio, count)
    return sorted(keys, key=lambda key: (lot(seed, key), key))[:wanted]
