"""The warning thresholds as data (like grade bands): defaults from the published rules, overridable per file.

Written in a monitoring file (or a round) as

    thresholds:
      序时进度: 按天            # 按天: 已过天数 / 全年天数；按月: N / 12（监控期为 1–N 月）
      执行节点: {4: 25%, 6: 40%, 8: 60%, 10: 80%}   # 各月末累计执行率不得低于
      执行进度: {红: 0, 黄: 60, 绿: 80}             # 执行率 / 序时进度 × 100 的分档下限
      目标进度: {红: 0, 黄: 60, 绿: 80, 蓝: 120}     # 完成值 / (年度指标值 × 序时进度) × 100
      偏离: 10                  # 目标完成程度与预算执行率相差超过的百分点
      超目标: 20%               # 当前完成值超过年度指标值的比例，超过须说明
      需填偏差原因: [红, 黄]
      执行预警: 两者            # 两者 | 执行节点 | 序时进度之比：预算执行按哪种方式亮灯
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from jixiao.loaders.problems import Problem
from jixiao.model.quantity import QuantityError, parse_percent, to_decimal
from jixiao.model.result import Where

COLOURS = ("red", "yellow", "blue", "green")  # worst first: blue (ahead of plan) asks for a look, green for nothing
COLOUR_LABELS = {"red": "红", "yellow": "黄", "green": "绿", "blue": "蓝"}
_COLOUR_OF_LABEL = {label: colour for colour, label in COLOUR_LABELS.items()} | {c: c for c in COLOURS}
SEVERITY = {colour: index for index, colour in enumerate(COLOURS)}


def worst(colours) -> str:
    return min(colours, key=SEVERITY.__getitem__, default="green")


@dataclass(frozen=True, slots=True)
class Bands:
    """Ordered lower limits in points (inclusive): a value gets the colour of the highest limit it reaches."""

    limits: tuple[tuple[Fraction, str], ...]
    # The limits as integer pairs, highest first, made once: a light is then a few integer multiplications.
    pairs: tuple[tuple[int, int, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pairs = tuple((lower.numerator, lower.denominator, colour) for lower, colour in reversed(self.limits))
        object.__setattr__(self, "pairs", pairs)

    def colour(self, points: Fraction) -> str:
        return self.colour_of_pair(points.numerator, points.denominator)

    def colour_of_pair(self, numerator: int, denominator: int) -> str:
        """The colour of numerator / denominator points (denominator > 0), by cross-multiplying: no Fraction per light."""
        for lower_n, lower_d, colour in self.pairs:
            if numerator * lower_d >= lower_n * denominator:
                return colour
        return self.limits[0][1]

    def describe(self) -> str:
        parts = []
        for index, (lower, colour) in enumerate(self.limits):
            upper = self.limits[index + 1][0] if index + 1 < len(self.limits) else None
            span = f"≥{points_text(lower)}" if upper is None else (f"<{points_text(upper)}" if index == 0 else f"{points_text(lower)}–{points_text(upper)}")
            parts.append(f"{COLOUR_LABELS[colour]} {span}")
        return "，".join(parts)


def points_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


@dataclass(frozen=True, slots=True)
class Thresholds:
    time_basis: str = "days"  # days | months
    checkpoints: tuple[tuple[int, Fraction], ...] = ((4, Fraction(1, 4)), (6, Fraction(2, 5)), (8, Fraction(3, 5)), (10, Fraction(4, 5)))
    execution: Bands = field(default_factory=lambda: Bands(((Fraction(0), "red"), (Fraction(60), "yellow"), (Fraction(80), "green"))))
    progress: Bands = field(
        default_factory=lambda: Bands(((Fraction(0), "red"), (Fraction(60), "yellow"), (Fraction(80), "green"), (Fraction(120), "blue")))
    )
    gap_points: Fraction = Fraction(10)
    far_above: Fraction = Fraction(1, 5)
    cause_required: tuple[str, ...] = ("red", "yellow")
    execution_basis: str = "both"  # both | checkpoints | ratio: which budget-execution lights are lit

    @property
    def uses_checkpoints(self) -> bool:
        return self.execution_basis != "ratio"

    @property
    def uses_ratio(self) -> bool:
        return self.execution_basis != "checkpoints"


DEFAULT_THRESHOLDS = Thresholds()
EXECUTION_BASES = {"两者": "both", "执行节点": "checkpoints", "序时进度之比": "ratio"}
_KEYS = ("序时进度", "执行节点", "执行进度", "目标进度", "偏离", "超目标", "需填偏差原因", "执行预警")


def read_thresholds(raw: object, locate) -> tuple[Thresholds, list[Problem]]:
    """Overrides from a `thresholds:` mapping; every problem located, defaults kept where one is wrong."""
    problems: list[Problem] = []
    if raw is None:
        return DEFAULT_THRESHOLDS, problems
    if not isinstance(raw, dict):
        return DEFAULT_THRESHOLDS, [Problem(locate(("thresholds",)), "thresholds 应为一个映射（如 执行进度: {红: 0, 黄: 60, 绿: 80}）")]
    values: dict[str, object] = {}

    def bad(key: str, message: str) -> None:
        problems.append(Problem(locate(("thresholds", key)), message))

    for key, value in raw.items():
        if key not in _KEYS:
            bad(key, f"未知的阈值“{key}”（可用：{'、'.join(_KEYS)}）")
        elif key == "序时进度":
            if value not in ("按天", "按月"):
                bad(key, "序时进度应为“按天”或“按月”")
            else:
                values["time_basis"] = "days" if value == "按天" else "months"
        elif key == "执行节点":
            checkpoints = _checkpoints(value, lambda m: bad(key, m))
            if checkpoints is not None:
                values["checkpoints"] = checkpoints
        elif key in ("执行进度", "目标进度"):
            bands = _bands(value, lambda m: bad(key, m))
            if bands is not None:
                values["execution" if key == "执行进度" else "progress"] = bands
        elif key == "偏离":
            points = _number(value, lambda m: bad(key, m))
            if points is not None:
                values["gap_points"] = points
        elif key == "超目标":
            try:
                share = Fraction(parse_percent(value).value)
            except QuantityError as error:
                bad(key, str(error))
                continue
            if share < 0:
                bad(key, "超目标的比例不能为负")
            else:
                values["far_above"] = share
        elif key == "执行预警":
            if value not in EXECUTION_BASES:
                bad(key, f"执行预警应为 {' / '.join(EXECUTION_BASES)}")
            else:
                values["execution_basis"] = EXECUTION_BASES[value]
        elif key == "需填偏差原因":
            colours = value if isinstance(value, list) else None
            if colours is None or any(c not in _COLOUR_OF_LABEL for c in colours):
                bad(key, "需填偏差原因应为颜色的列表，如 [红, 黄]")
            else:
                values["cause_required"] = tuple(_COLOUR_OF_LABEL[c] for c in colours)
    return Thresholds(**values), problems


def _number(value: object, bad) -> Fraction | None:
    try:
        number = Fraction(to_decimal(value))
    except (QuantityError, ValueError, TypeError):
        bad(f"应为数值，实际为“{value}”")
        return None
    if number < 0:
        bad("不能为负数")
        return None
    return number


def _checkpoints(value: object, bad) -> tuple[tuple[int, Fraction], ...] | None:
    if not isinstance(value, dict) or not value:
        bad("执行节点应为 月份: 累计执行率 的映射，如 {6: 40%, 10: 80%}")
        return None
    result = []
    for month, rate in value.items():
        if isinstance(month, str) and month.strip().isdigit():  # a round's thresholds come back from JSON with text keys
            month = int(month)
        if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
            bad(f"执行节点的月份“{month}”应为 1 至 12 的整数")
            return None
        try:
            share = Fraction(parse_percent(rate).value)
        except QuantityError as error:
            bad(f"{month} 月：{error}")
            return None
        if not 0 <= share <= 1:
            bad(f"{month} 月的执行率应在 0 至 100% 之间")
            return None
        result.append((month, share))
    result.sort()
    if any(b[1] < a[1] for a, b in zip(result, result[1:])):
        bad("执行节点的累计执行率应随月份不减")
        return None
    return tuple(result)


def _bands(value: object, bad) -> Bands | None:
    if not isinstance(value, dict) or not value:
        bad("分档应为 颜色: 下限 的映射，如 {红: 0, 黄: 60, 绿: 80}")
        return None
    limits = []
    for label, lower in value.items():
        if label not in _COLOUR_OF_LABEL:
            bad(f"未知的颜色“{label}”（可用：红、黄、绿、蓝）")
            return None
        number = _number(lower, bad)
        if number is None:
            return None
        limits.append((number, _COLOUR_OF_LABEL[label]))
    limits.sort()
    if limits[0][0] != 0:
        bad("最低一档的下限应为 0（每个数值都要有颜色）")
        return None
    if len({lower for lower, _ in limits}) != len(limits):
        bad("两档的下限相同")
        return None
    return Bands(tuple(limits))


def bands_from_ranges(ranges: dict[str, tuple[Fraction | None, Fraction | None]]) -> tuple[Bands | None, dict[str, str]]:
    """Bands from each colour's 下限–上限 as a form shows them (a colour with neither is not used).

    The ranges must tile 0 to infinity: the lowest starts at 0, each ends where the next begins (no gap, no
    overlap), the highest has no upper limit. Problems by colour, in Chinese, for the colour's own fields.
    """
    problems: dict[str, str] = {}
    used = []
    for colour, (lower, upper) in ranges.items():
        label = COLOUR_LABELS[colour]
        if lower is None and upper is None:
            continue
        if lower is None:
            problems[colour] = f"{label}档缺下限"
        elif lower < 0 or (upper is not None and upper < 0):
            problems[colour] = f"{label}档的界限不能为负数"
        elif upper is not None and upper <= lower:
            problems[colour] = f"{label}档的上限 {points_text(upper)} 应大于下限 {points_text(lower)}"
        else:
            used.append((lower, upper, colour))
    if problems:
        return None, problems
    if not used:
        return None, {next(iter(ranges)): "至少要有一档"}
    used.sort(key=lambda band: band[0])
    if used[0][0] != 0:
        problems[used[0][2]] = f"最低一档（{COLOUR_LABELS[used[0][2]]}）的下限应为 0，否则低于 {points_text(used[0][0])} 的数值没有颜色"
    for (lower, upper, colour), (next_lower, _next_upper, next_colour) in zip(used, used[1:]):
        shown = f"{COLOUR_LABELS[colour]}档 {_range_text(lower, upper)}"
        if upper is None:
            problems[next_colour] = f"与{shown} 重叠（{COLOUR_LABELS[colour]}档未设上限）"
        elif upper < next_lower:
            problems[next_colour] = f"与{shown} 之间有空档：{points_text(upper)}–{points_text(next_lower)} 的数值没有颜色"
        elif upper > next_lower:
            problems[next_colour] = f"与{shown} 重叠：{points_text(next_lower)}–{points_text(upper)} 同属两档"
    last_lower, last_upper, last_colour = used[-1]
    if last_upper is not None and last_colour not in problems:
        problems[last_colour] = f"最高一档（{COLOUR_LABELS[last_colour]}）不应设上限，否则 {points_text(last_upper)} 以上的数值没有颜色"
    if problems:
        return None, problems
    return Bands(tuple((lower, colour) for lower, _upper, colour in used)), {}


def band_ranges(bands: Bands) -> dict[str, tuple[Fraction, Fraction | None]]:
    """Each colour's 下限 and 上限 (None for the highest): the form's view of a Bands."""
    limits = bands.limits
    return {colour: (lower, limits[i + 1][0] if i + 1 < len(limits) else None) for i, (lower, colour) in enumerate(limits)}


def _range_text(lower: Fraction, upper: Fraction | None) -> str:
    return f"≥{points_text(lower)}" if upper is None else f"{points_text(lower)}–{points_text(upper)}"


def thresholds_mapping(thresholds: Thresholds) -> dict:
    """A Thresholds written as a monitoring file's `thresholds:` (what a round stores; read back by read_thresholds)."""
    basis = {v: k for k, v in EXECUTION_BASES.items()}
    return {
        "序时进度": "按天" if thresholds.time_basis == "days" else "按月",
        "执行节点": {month: _percent_text(share) for month, share in thresholds.checkpoints},
        "执行进度": {COLOUR_LABELS[c]: _number_text(lower) for lower, c in thresholds.execution.limits},
        "目标进度": {COLOUR_LABELS[c]: _number_text(lower) for lower, c in thresholds.progress.limits},
        "偏离": _number_text(thresholds.gap_points),
        "超目标": _percent_text(thresholds.far_above),
        "需填偏差原因": [COLOUR_LABELS[c] for c in thresholds.cause_required],
        "执行预警": basis[thresholds.execution_basis],
    }


def _number_text(value: Fraction) -> str:
    return points_text(value) if value.denominator == 1 else str(to_decimal_exact(value))


def _percent_text(share: Fraction) -> str:
    return f"{_number_text(share * 100)}%"


def to_decimal_exact(value: Fraction):
    """A Fraction with a finite decimal expansion as a Decimal (thresholds are typed as decimals)."""
    from decimal import Decimal

    return Decimal(value.numerator) / Decimal(value.denominator)
