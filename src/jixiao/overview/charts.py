"""The overview's charts, each drawn from its table: as ECharts options (the page) and as PNG (the docx).

A chart never holds figures of its own: categories and series are columns of the table shown beside it,
so the chart, the table, the xlsx and the report cannot disagree.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.overview.stats import PROGRESS, Table

# Debian's fonts-noto-cjk (Makefile system-deps); without it the images still draw, with boxes for Chinese.
CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
COLOURS = ("#1f5f99", "#7aa6d0", "#d08a2f", "#b84a3a", "#3d8b5a", "#6b4c9a")


@dataclass(frozen=True)
class Chart:
    key: str  # the table's key
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    stacked: bool = False
    y_name: str = "单位数"


def _number(value) -> float:
    if value is None or value == "—":
        return 0.0
    return float(value) if isinstance(value, (int, Decimal, float)) else 0.0


def _columns(table: Table, names: tuple[str, ...], skip_last: bool = False) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[float, ...]], ...]]:
    rows = table.rows[:-1] if skip_last else table.rows
    categories = tuple(str(row[0]) for row in rows)
    series = []
    for name, label in names:
        if name in table.headers:
            column = table.headers.index(name)
            series.append((label, tuple(_number(row[column]) for row in rows)))
    return categories, tuple(series)


def charts_for(tables: list[Table]) -> list[Chart]:
    by_key = {table.key: table for table in tables}
    out = []
    if "progress" in by_key:
        categories, series = _columns(by_key["progress"], tuple((label, label) for _key, label in PROGRESS), skip_last=True)
        out.append(Chart("progress", "填报进度（按主管部门）", categories, series, stacked=True))
    if "grades" in by_key:
        categories, series = _columns(by_key["grades"], (("单位数", "本年"), ("上年单位数", "上年")))
        out.append(Chart("grades", "等级分布", categories, series))
    if "histogram" in by_key:
        categories, series = _columns(by_key["histogram"], (("单位数", "本年"), ("上年单位数", "上年")))
        out.append(Chart("histogram", "分数分布", categories, series))
    if "departments" in by_key:
        categories, series = _columns(by_key["departments"], (("平均分", "平均分"), ("中位数", "中位数"), ("上年平均分", "上年平均分")), skip_last=True)
        out.append(Chart("departments", "各主管部门平均分与中位数", categories, series, y_name="分数"))
    return out


def echarts_option(chart: Chart) -> dict:
    """An ECharts option: plain data only (no functions), given to the page as JSON."""
    return {
        "color": list(COLOURS),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 48, "right": 16, "top": 36, "bottom": 72, "containLabel": False},
        "xAxis": {"type": "category", "data": list(chart.categories), "axisLabel": {"interval": 0, "rotate": 30 if len(chart.categories) > 5 else 0}},
        "yAxis": {"type": "value", "name": chart.y_name, "minInterval": 1 if chart.y_name == "单位数" else 0},
        "series": [
            {"name": name, "type": "bar", "data": list(values), **({"stack": "all"} if chart.stacked else {})}
            for name, values in chart.series
        ],
        "aria": {"enabled": True},
    }


def png(chart: Chart, width: float = 6.3, height: float = 3.2) -> bytes:
    """The chart as a PNG for the report (matplotlib's object interface: no pyplot state between calls)."""
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = next((path for path in CJK_FONTS if path.is_file()), None)
    props = font_manager.FontProperties(fname=str(font)) if font else font_manager.FontProperties()
    figure = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(chart.categories)))
    count = max(1, len(chart.series))
    bar = 0.8 / (1 if chart.stacked else count)
    bottoms = [0.0] * len(positions)
    for index, (name, values) in enumerate(chart.series):
        if chart.stacked:
            axes.bar(positions, values, 0.6, bottom=bottoms, label=name, color=COLOURS[index % len(COLOURS)])
            bottoms = [b + v for b, v in zip(bottoms, values)]
        else:
            offsets = [p - 0.4 + bar * (index + 0.5) for p in positions]
            axes.bar(offsets, values, bar, label=name, color=COLOURS[index % len(COLOURS)])
    axes.set_xticks(positions)
    axes.set_xticklabels(chart.categories, fontproperties=props, rotation=30 if len(positions) > 5 else 0, ha="right" if len(positions) > 5 else "center", fontsize=7)
    axes.set_ylabel(chart.y_name, fontproperties=props)
    axes.set_title(chart.title, fontproperties=props)
    axes.spines[["top", "right"]].set_visible(False)
    if chart.series:
        axes.legend(prop=props, fontsize=7, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
