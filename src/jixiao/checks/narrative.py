"""What a report's sentences state, against each other (jixiao.model.stated_claims): a rate against its two amounts,
a growth rate against the two years' figures, parts against their whole, a count against the names it lists. Each
finding quotes the sentence and names its line."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.model.stated_claims import StatedClaim

# Amounts are printed to 2 places (分): parts may differ from their whole by half a 分 each.
CENT = Decimal("0.005")


def _quote(claim: StatedClaim) -> str:
    sentence = claim.sentence if len(claim.sentence) <= 80 else claim.sentence[:78] + "…"
    return f"（原文：“{sentence}”）"


def _amount(value: Decimal, unit: str) -> str:
    if unit == "元":
        return f"{value / 10_000:,.2f} 万元" if value >= 100_000 else f"{value:,.2f} 元"
    return f"{value.normalize():f} {unit}"


def _off(stated: Decimal, computed: Decimal, decimals: int) -> bool:
    """A stated percentage further from the recomputed one than one unit of its last printed digit (rounded or cut)."""
    return abs(stated - computed) >= Decimal(1).scaleb(-decimals)


def _already_checked(ctx: CheckContext, claim: StatedClaim) -> bool:
    """预算执行率 read as a figure is checked by stated-rate against 实际支出 / 调整后预算 already."""
    stated = ctx.facts.figures.get("预算执行率")
    return claim.name.endswith("预算执行率") and stated is not None and stated.where == claim.where


def sentence_rate(ctx: CheckContext) -> Iterable[Hit]:
    for claim in ctx.facts.stated_claims:
        if claim.kind != "rate" or _already_checked(ctx, claim):
            continue
        (num_label, num), (den_label, den) = claim.amounts
        computed = num / den * 100
        if _off(claim.stated, computed, claim.decimals):
            yield (
                f"正文所写{claim.name} {claim.stated}% 与同一句中 {num_label} {_amount(num, '元')} / {den_label} {_amount(den, '元')} = "
                f"{computed:.2f}% 不符{_quote(claim)}", claim.where, (),
            )


def sentence_growth(ctx: CheckContext) -> Iterable[Hit]:
    for claim in ctx.facts.stated_claims:
        if claim.kind != "growth":
            continue
        (now_label, now), (last_label, last) = claim.amounts
        computed = (now - last) / last * 100
        stated = -claim.stated if claim.falling else claim.stated
        if _off(stated, computed, claim.decimals):
            said = ("下降" if claim.falling else "增长") + f" {claim.stated}%"
            yield (
                f"正文所写{said} 与同一句中的两个数 {_amount(now, '元')}、{_amount(last, '元')}（上年）算出的 {computed:+.2f}% 不符{_quote(claim)}",
                claim.where, (),
            )


def sentence_parts(ctx: CheckContext) -> Iterable[Hit]:
    for claim in ctx.facts.stated_claims:
        if claim.kind != "parts":
            continue
        added = sum((value for _label, value in claim.amounts), Decimal(0))
        slack = CENT * (len(claim.amounts) + 1) if claim.unit == "元" else Decimal(0)
        if added > claim.stated + slack or (claim.exhaustive and added < claim.stated - slack):
            parts = " + ".join(f"{label} {_amount(value, claim.unit)}" for label, value in claim.amounts)
            relation = "大于" if added > claim.stated else "小于"
            yield (
                f"正文中“其中”各项之和 {parts} = {_amount(added, claim.unit)}，{relation}总数 {claim.name} {_amount(claim.stated, claim.unit)}{_quote(claim)}",
                claim.where, (),
            )


def _distinct(names: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(names))


def sentence_count(ctx: CheckContext) -> Iterable[Hit]:
    for claim in ctx.facts.stated_claims:
        if claim.kind == "listed" and len(_distinct(claim.listed)) != claim.stated:
            names = _distinct(claim.listed)
            yield (
                f"正文写有 {claim.stated} 个{claim.name}，却列出了 {len(names)} 个（{'、'.join(names)}）{_quote(claim)}",
                claim.where, (),
            )


def sentence_repeated(ctx: CheckContext) -> Iterable[Hit]:
    for claim in ctx.facts.stated_claims:
        repeated = [name for name in _distinct(claim.listed) if claim.listed.count(name) > 1]
        if claim.kind == "listed" and repeated:
            yield f"正文列出的{claim.name}中“{'”“'.join(repeated)}”写了两次{_quote(claim)}", claim.where, ()


CHECKS = (
    Check("sentence-rate", "error", "正文的比率与同一句的金额不符", sentence_rate, "自相矛盾", needs=("stated_claims",)),
    Check("sentence-growth", "error", "正文的增长率与两年的数不符", sentence_growth, "自相矛盾", needs=("stated_claims",)),
    Check("sentence-parts", "error", "正文的分项之和与总数不符", sentence_parts, "自相矛盾", needs=("stated_claims",)),
    Check("sentence-count", "error", "正文所写个数与所列名称不符", sentence_count, "自相矛盾", needs=("stated_claims",)),
    Check("sentence-repeated-name", "warning", "正文所列名称重复", sentence_repeated, "自相矛盾", needs=("stated_claims",)),
)
