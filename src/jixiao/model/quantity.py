"""Quantities as departments write them: amounts with 元/万元, percentages, counts.

Raw figures are Decimal, exactly as written. Money is held in 元 internally and remembers
the unit it was written in, so a 评分依据 can quote it back the way the department wrote it.
Every quantity also carries its exact rational value (`exact`, a Fraction): scores and
derived figures are computed on those, so a tie such as 7/48 × 6 = 0.875 stays a tie and
is rounded half-up only once, at the row (`round_exact`).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

MONEY_UNITS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
# Multipliers written in front of a count's unit word: 805万次, 5500万条.
COUNT_MULTIPLIERS: dict[str, Decimal] = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}

KINDS = ("money", "percent", "count")
KIND_LABELS = {"money": "金额", "percent": "比率", "count": "数量"}

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_MONEY_RE = re.compile(rf"^({_NUMBER})\s*(元|万元|亿元)?$")
_PERCENT_RE = re.compile(rf"^({_NUMBER})\s*(%)?$")
_COUNT_RE = re.compile(rf"^({_NUMBER})\s*([万亿])?\s*([^\d\s%]*)$")
_COUNT_QUALIFIERS = ("以上", "以下", "以内", "之内", "左右", "上下", "多", "余", "许")


class QuantityError(ValueError):
    """A value that cannot be read as the quantity asked for; the message is for end users."""


def normalise_text(text: str) -> str:
    """Full-width digits and punctuation to ASCII, thousands separators and spaces removed."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.replace("％", "%")
    return re.sub(r"(?<=\d),(?=\d{3})", "", text).replace(" ", "")


def to_decimal(value: object) -> Decimal:
    """A YAML/Excel scalar to Decimal; floats go through repr so 0.1 stays 0.1."""
    if isinstance(value, bool):
        raise QuantityError(f"应为数值，实际为“{'true' if value else 'false'}”（是/否）")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(normalise_text(value))
        except InvalidOperation:
            raise QuantityError(f"应为数值，实际为“{value}”") from None
    raise QuantityError(f"应为数值，实际为 {value!r}")


# An exact value: an int when whole (cheap, and most weights and counts are), else a Fraction.
# Beware int / int: divide with Fraction(a, b).
Exact = int | Fraction

# Beyond this a number is not a figure from a report, and its exact value would be huge to hold.
MAX_ADJUSTED_EXPONENT = 40


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure's value. money: value in 元; percent: a fraction (0.998); count: the number.

    `value` is exact for figures as written; for a derived ratio it is a 28-digit Decimal
    approximation (for arithmetic with other Decimals), while `exact` is always the exact value.
    """

    kind: str
    value: Decimal
    unit: str = ""
    exact: Exact = None  # type: ignore[assignment]  # filled from value when not given
    # The exact value as integers (numerator, denominator), found once: what the scoring plan computes with.
    pair: "Pair" = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.exact is None:
            value = self.value
            if not isinstance(value, Decimal):  # an int or Fraction given directly
                value = Decimal(value) if isinstance(value, int) else decimal_of(Fraction(value))
                object.__setattr__(self, "value", value)
            if not value.is_finite() or (value and abs(value.adjusted()) > MAX_ADJUSTED_EXPONENT):
                size = "过大" if not value.is_finite() or value.adjusted() > 0 else "过小"
                raise QuantityError(f"数值{size}（{value:.4E}），超出可处理的范围，不像真实的数据")
            numerator, denominator = value.as_integer_ratio()
            object.__setattr__(self, "exact", numerator if denominator == 1 else Fraction(numerator, denominator))
        object.__setattr__(self, "pair", pair_of(self.exact))

    @classmethod
    def of_exact(cls, kind: str, exact: Exact, unit: str = "") -> "Quantity":
        """A computed quantity: the exact value, and a Decimal approximation beside it."""
        if type(exact) is Fraction and exact.denominator == 1:
            exact = exact.numerator
        return cls(kind, decimal_of(exact), unit, exact)

    def display(self) -> str:
        if self.kind == "money":
            factor = MONEY_UNITS.get(self.unit, Decimal(1))
            return f"{round_exact(Fraction(self.exact, int(factor)), 2):,} {self.unit or '元'}"
        if self.kind == "percent":
            return format_percent(self.exact)
        return f"{format_count(self.exact)}{self.unit}"


def decimal_of(exact: Exact) -> Decimal:
    """An exact value as a Decimal: exact when it terminates within 28 digits, else the nearest."""
    if type(exact) is int:
        return Decimal(exact)
    return Decimal(exact.numerator) / Decimal(exact.denominator)


def round_exact(value: Exact | Decimal, places: int, mode: str = "half_up") -> Decimal:
    """The exact value rounded once to `places` (half_up: ties away from zero; half_even)."""
    if type(value) is int:
        return units_decimal(value * 10**places, places)
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP if mode == "half_up" else ROUND_HALF_EVEN)
    return units_decimal(round_units(value.numerator, value.denominator, places, mode), places)


def round_units(numerator: int, denominator: int, places: int, mode: str = "half_up") -> int:
    """numerator / denominator (denominator > 0) rounded once to `places`, in units of 10^-places: integers only."""
    scaled = abs(numerator) * 10**places
    quotient, remainder = divmod(scaled, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and (mode == "half_up" or quotient % 2)):
        quotient += 1
    return quotient if numerator >= 0 else -quotient


@functools.lru_cache(maxsize=65536)  # the same few hundred scores (5.00, 5.76…) again and again; Decimals are immutable
def units_decimal(units: int, places: int) -> Decimal:
    """A count of 10^-places as a Decimal with exactly `places` places (576, 2 → 5.76)."""
    return Decimal(units).scaleb(-places)


# An exact value as two integers (numerator, denominator > 0), not necessarily in lowest terms:
# the scoring plan's quick path computes with these, so no Fraction is built or reduced per row.
Pair = tuple[int, int]


def pair_of(exact: Exact) -> Pair:
    return (exact, 1) if type(exact) is int else (exact.numerator, exact.denominator)


def add_pairs(a: Pair, b: Pair) -> Pair:
    if a[1] == b[1]:
        return (a[0] + b[0], a[1])
    return (a[0] * b[1] + b[0] * a[1], a[1] * b[1])


def sub_pairs(a: Pair, b: Pair) -> Pair:
    if a[1] == b[1]:
        return (a[0] - b[0], a[1])
    return (a[0] * b[1] - b[0] * a[1], a[1] * b[1])


def mul_pairs(a: Pair, b: Pair) -> Pair:
    return (a[0] * b[0], a[1] * b[1])


def div_pairs(a: Pair, b: Pair) -> Pair:
    if b[0] == 0:
        raise ZeroDivisionError
    if b[0] > 0:
        return (a[0] * b[1], a[1] * b[0])
    return (-a[0] * b[1], -a[1] * b[0])


def less(a: Pair, b: Pair) -> bool:
    """a < b, by cross-multiplying (both denominators are positive)."""
    return a[0] * b[1] < b[0] * a[1]


def exact_of_pair(pair: Pair) -> Exact:
    """The pair as an exact value in lowest terms: an int when whole, else a Fraction."""
    numerator, denominator = pair
    if denominator == 1:
        return numerator
    exact = Fraction(numerator, denominator)
    return exact.numerator if exact.denominator == 1 else exact


@functools.lru_cache(maxsize=4096)  # weights, tier bounds and points: the same few constants again and again
def exact_of(value: Decimal | int | Fraction | float) -> Exact:
    """A number's exact value (a float through its shortest repr: 0.1 is 1/10)."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    exact = Fraction(value)
    return exact.numerator if exact.denominator == 1 else exact


@functools.lru_cache(maxsize=65536)
def format_percent(fraction: Decimal | Fraction) -> str:
    """A rate as a percentage with two places, rounded half-up from its exact value."""
    return f"{round_exact(fraction * 100, 2)}%"


# Places shown for a computed value that does not terminate (1/3 → 约0.3333).
SHOWN_PLACES = 4


@functools.lru_cache(maxsize=65536)  # the same few weights and scores are written into every 评分依据
def format_count(value: Decimal | Fraction | int) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return f"{value.numerator:,}"
        shown = round_exact(value, SHOWN_PLACES)
        if shown != value:
            return f"约{format_count(shown)}"
        value = shown
    normalised = Decimal(value).normalize()
    if normalised == normalised.to_integral_value():
        return f"{int(normalised):,}"
    return f"{normalised:,f}"


def parse_money(raw: object, default_unit: str | None) -> Quantity:
    """`7621.05` (with the file's unit), `7,621.05万元`, `392951003.55元`."""
    if isinstance(raw, str):
        text = normalise_text(raw)
        match = _MONEY_RE.match(text)
        if not match:
            if re.search(r"\d", text) and re.search(r"[元万亿]", text):
                raise QuantityError(f"金额“{raw}”的单位无法识别（只接受 元、万元、亿元）")
            raise QuantityError(f"应为金额，实际为“{raw}”")
        number, unit = match.group(1), match.group(2)
        value = Decimal(number)
    else:
        value, unit = to_decimal(raw), None
    unit = unit or default_unit
    if unit is None:
        raise QuantityError("金额没有注明单位：请写成“123.45万元”或“123.45元”，或在文件中设置 unit")
    if unit not in MONEY_UNITS:
        raise QuantityError(f"金额单位“{unit}”无法识别（只接受 元、万元、亿元）")
    return Quantity("money", value * MONEY_UNITS[unit], unit)


def parse_percent(raw: object) -> Quantity:
    """`99.8%` or a bare number of percentage points (`99.8` means 99.8%)."""
    if isinstance(raw, str):
        text = normalise_text(raw)
        match = _PERCENT_RE.match(text)
        if not match:
            if re.search(r"[元万亿]", text):
                raise QuantityError(f"应为百分比，实际为金额“{raw}”")
            raise QuantityError(f"应为百分比（如 99.8%），实际为“{raw}”")
        return Quantity("percent", Decimal(match.group(1)) / 100)
    return Quantity("percent", to_decimal(raw) / 100)


def parse_count(raw: object) -> Quantity:
    """`24`, `24人`, `805万次`."""
    if isinstance(raw, str):
        text = normalise_text(raw)
        match = _COUNT_RE.match(text)
        if not match or re.search(r"元", text):
            raise QuantityError(f"应为数量（如 24 或 24人），实际为“{raw}”")
        qualifier = next((w for w in _COUNT_QUALIFIERS if w in (match.group(3) or "")), None)
        if qualifier:  # 24个以上 is no count: the qualifier must not vanish into the unit
            raise QuantityError(f"数量“{raw}”带有限定词“{qualifier}”，不是确切数值：请只填写确切的数量（如 24 或 24人）")
        value = Decimal(match.group(1)) * COUNT_MULTIPLIERS.get(match.group(2) or "", Decimal(1))
        return Quantity("count", value, match.group(3) or "")
    return Quantity("count", to_decimal(raw))


# What a count figure counts, told by words in its name, and the unit words that fit it (first match wins:
# 编外人员数 counts people, 设置了绩效目标的项目数 counts projects).
COUNT_UNIT_WORDS = (
    (("人数", "人员", "编制"), ("人", "名", "位")),
    (("次数",), ("次",)),
    (("项目", "目标", "指标", "工作"), ("个", "项", "件", "条")),
)


def count_unit_mismatch(names: tuple[str, ...], quantity: Quantity) -> str | None:
    """Why a count's unit word does not fit the figure (`已完成项目数: 24人`), or None."""
    if quantity.kind != "count" or not quantity.unit:
        return None
    for words, units in COUNT_UNIT_WORDS:
        if any(word in name for word in words for name in names):
            if quantity.unit in units:
                return None
            return f"“{quantity.unit}”与数据项不符（{names[-1]}以{'、'.join(units)}计）：请只填写数量，或写上相符的单位"
    return None


PARSERS = {
    "money": parse_money,
    "percent": lambda raw, _unit: parse_percent(raw),
    "count": lambda raw, _unit: parse_count(raw),
}


def parse_quantity(kind: str, raw: object, default_money_unit: str | None) -> Quantity:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise QuantityError("值为空")
    return PARSERS[kind](raw, default_money_unit)
