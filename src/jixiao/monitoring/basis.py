"""The text of each light (its 依据) and its value against the bands, made from the exact figures it kept."""
from __future__ import annotations

from fractions import Fraction

from jixiao.model.quantity import format_percent, round_exact
from jixiao.monitoring.thresholds import points_text


def _pct(value: Fraction) -> str:
    return format_percent(value)


def _pts(value: Fraction) -> str:
    return format_percent(value / 100)[:-1]


def points_of(signal) -> Fraction | None:
    f = signal.figures
    if signal.kind == "execution":
        (rate_n, rate_d), (progress_n, progress_d) = f
        return Fraction(rate_n * progress_d * 100, rate_d * progress_n)
    if signal.kind == "progress" and f and f[0] == "forward":
        numerator, denominator = f[4]
        return Fraction(numerator, denominator) if denominator > 0 else None
    if signal.kind == "gap":
        average, rate, _count, _limit = f
        return abs(Fraction(*average) - Fraction(*rate)) * 100
    return None


def basis_text(signal) -> str:
    f, kind = signal.figures, signal.kind
    if kind == "execution":
        rate, progress = Fraction(*f[0]), Fraction(*f[1])
        return f"执行率 {_pct(rate)}，序时进度 {_pct(progress)}，执行率与序时进度之比 {_pts(points_of(signal))}"
    if kind == "checkpoint":
        month, share, rate = f
        rate = Fraction(*rate)
        return f"{month} 月末累计执行率应不低于 {_pct(share)}，实际 {_pct(rate)}" + ("" if signal.colour == "green" else "，低于节点要求")
    if kind == "likelihood":
        return f"单位判断完成目标可能性为“{f[0]}”"
    if kind == "forecast":
        if len(f) == 1:
            return f"全年预计为“{f[0]}”"
        target, forecast = f
        return f"全年预计 {target.display_value(forecast)}，达不到年度指标值 {target.display()}"
    if kind == "gap":
        average, rate, count, limit = f
        text = (
            f"目标完成程度 {_pct(Fraction(*average))}（{count} 项累计指标的平均），预算执行率 {_pct(Fraction(*rate))}，"
            f"相差 {_pts(points_of(signal))} 个百分点"
        )
        return text + (f"，超过 {points_text(limit)} 个百分点" if signal.colour != "green" else "")
    # progress
    if len(f) == 1:
        return f"当前为“{f[0]}”"
    if f[0] == "reverse":
        _, target, current, ok = f
        return f"当前 {target.display_value(current)}，年度指标值 {target.display()}" + ("，在指标值以内" if ok else "，已超出指标值")
    _, target, current, progress, _points = f
    text = f"当前 {target.display_value(current)}，年度指标值 {target.display()}"
    if progress is not None:
        share = Fraction(*progress)
        expected = Fraction(target.value) * share
        text += f"，按序时进度 {_pct(share)} 应完成约 {target.display_value(round_exact(expected, 4 if target.percent else 2))}"
    points = points_of(signal)
    return text + (f"，完成程度 {_pts(points)}" if points is not None else "")
