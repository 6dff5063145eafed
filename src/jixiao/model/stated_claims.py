"""What a report's sentences state about their own numbers, kept as stated so that the checks can set them against
each other: a rate beside its two amounts, a growth rate beside the two years' figures, parts beside their whole, a
count beside the names it lists. Read by jixiao.ingest.claims; checked by jixiao.checks.narrative."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.result import Where


@dataclass(frozen=True)
class StatedClaim:
    kind: str  # rate | growth | parts | listed
    sentence: str  # the sentence as printed, for the message
    where: Where
    stated: Decimal  # the rate or growth in percent; the whole; the stated count
    name: str = ""  # what is stated (预算执行率, 支出, 在编人数, 内设机构)
    amounts: tuple[tuple[str, Decimal], ...] = ()  # (label, value in the claim's unit): rate (numerator, denominator), growth (this year, last year), parts
    unit: str = ""  # 元 | 人 | 个
    decimals: int = 0  # of the stated rate: how close a recomputed one must come
    exhaustive: bool = False  # parts that make up the whole (基本支出 + 项目支出, 男 + 女): a shortfall is a slip too
    listed: tuple[str, ...] = field(default_factory=tuple)  # the names a count lists
    falling: bool = False  # growth stated as 下降 / 减少
