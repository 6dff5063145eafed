"""The demo region at a size that shows a round's spread: more 主管部门 and units, varied figures and states.

Every unit's facts start from the 大鹏 example and are varied by a fixed seed (satisfaction, projects and key
tasks completed, the judged 效果性 score, quarterly spending, the asset slip kept or corrected), so the
scores spread over all four grades and the same demo comes out every time.
"""
from __future__ import annotations

import copy
import random
from decimal import Decimal

# (主管部门, reviewer username, [所属单位]; each also gets its 本级)
MORE_DEPARTMENTS = (
    ("演示市卫生健康委员会", "zgbm3", ("演示市人民医院", "演示市中医院", "演示市妇幼保健院", "演示市疾病预防控制中心", "演示市急救中心", "演示市卫生监督所")),
    ("演示市交通运输局", "zgbm4", ("演示市公路事务中心", "演示市港航事务中心", "演示市公共交通服务中心", "演示市交通综合执法支队")),
    ("演示市民政局", "zgbm5", ("演示市社会福利院", "演示市救助管理站", "演示市殡葬管理所")),
    ("演示市文化广电旅游体育局", "zgbm6", ("演示市图书馆", "演示市博物馆", "演示市文化馆", "演示市体育中心")),
)
SEED = 2026


def varied_facts(example: dict, rng: random.Random, quality: float) -> dict:
    """The example's raw facts (as loaded from YAML, rows by name) varied; quality in [0, 1] steers the score."""
    raw = copy.deepcopy(example)
    for key in ("stated_total", "stated_grade"):
        raw.pop(key, None)
    for row in raw.get("rows", {}).values():
        if isinstance(row, dict):
            row.pop("stated_score", None)
    figures = raw["figures"]
    scale = Decimal(rng.choice((35, 60, 80, 120, 150, 240))) / 100
    for name in ("年初预算", "调整后预算", "项目支出预算", "政府采购预算", "三公经费预算", "日常公用经费预算"):
        figures[name] = (Decimal(str(figures[name])) * scale).quantize(Decimal("0.01"))
    spent_share = Decimal(str(round(0.78 + 0.21 * quality + rng.uniform(-0.03, 0.01), 4)))
    figures["实际支出"] = (figures["调整后预算"] * min(spent_share, Decimal("0.999"))).quantize(Decimal("0.01"))
    figures["项目支出"] = (figures["项目支出预算"] * min(spent_share, Decimal("0.999"))).quantize(Decimal("0.01"))
    figures["实际采购金额"] = figures["政府采购预算"]
    figures["三公经费支出"] = (figures["三公经费预算"] * Decimal(str(round(rng.uniform(0.3, 1.08), 2)))).quantize(Decimal("0.01"))
    figures["日常公用经费决算"] = (figures["日常公用经费预算"] * Decimal(str(round(rng.uniform(0.85, 1.04), 2)))).quantize(Decimal("0.01"))
    for key in ("预算执行率", "三公经费控制率", "日常公用经费控制率"):
        figures.pop(key, None)  # derived: let jixiao compute them
    quarters = sorted(rng.uniform(0.1, 1.0) * float(spent_share) for _ in range(3))
    for name, value in zip(("一季度支出进度", "二季度支出进度", "三季度支出进度"), quarters):
        figures[name] = f"{value * 100:.2f}%"
    figures["四季度支出进度"] = f"{float(spent_share) * 100:.2f}%"
    figures["重点工作数"] = 5
    figures["已完成重点工作数"] = 5 if quality > 0.45 else (4 if quality > 0.2 else 3)
    figures["计划项目数"] = 20 + rng.randrange(10)
    figures["已完成项目数"] = figures["计划项目数"] - (0 if quality > 0.8 else rng.randrange(1, 6))
    figures["满意度"] = f"{min(99.9, 78 + 22 * quality + rng.uniform(-3, 2)):.2f}%"
    if rng.random() < 0.6:
        figures["总资产"] = Decimal("9899.86")  # the asset slip corrected; the rest keep it (a frequent finding)
    raw["rows"]["社会效益、经济效益、生态效益及可持续影响等"]["score"] = int(6 + 14 * quality)
    raw["rows"]["编外人员控制率"]["score"] = 1 if quality > 0.3 else 0.5
    if quality < 0.5:
        raw["rows"]["绩效指标明确性"]["unmet"] = [2, 3, 4]
    return {key: _plain(value) for key, value in raw.items()}


def _plain(value):
    """Decimals as the text a person would type, as the web keeps facts."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def qualities(count: int, rng: random.Random, shift: float = 0.0) -> list[float]:
    """Quality per unit: most good, some fair, a few poor, so every grade appears."""
    out = []
    for _ in range(count):
        value = rng.betavariate(4, 1.6) + shift
        out.append(min(1.0, max(0.0, value)))
    return out
