"""Project facts built in memory for the tests: a 100-point national-2020-project 自评表 by default."""
from __future__ import annotations

from decimal import Decimal

from jixiao.loaders.frameworks import load_framework
from jixiao.loaders.yaml_source import dotted
from jixiao.model.result import Where
from jixiao.projects.load import build_project

# 产出 50 = 30 + 20, 效益 30, 满意度 10: every level adds up.
BASE = [
    {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "nature": "≥", "value": 200, "unit": "人次", "weight": 30, "actual": 210},
    {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "nature": "≤", "value": 10, "unit": "月", "weight": 20, "actual": 10},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "服务水平", "nature": "定性", "value": "明显提升", "weight": 30, "actual": "明显提升", "state": "达成"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "nature": "≥", "value": 90, "unit": "%", "weight": 10, "actual": 95},
]


def framework():
    return load_framework("national-2020-project")


def raw_project(indicators=None, **top):
    raw = {
        "project": "培训项目", "department": "某县人社局", "implementer": "某县就业中心", "year": 2023, "unit": "万元",
        "funds": {"年度资金总额": {"initial": 100, "budget": 100, "spent": 95}},
        "indicators": [dict(i) for i in (BASE if indicators is None else indicators)],
    }
    raw.update(top)
    return raw


def with_row(index: int, **changes):
    rows = [dict(i) for i in BASE]
    rows[index].update(changes)
    for key in [k for k, v in rows[index].items() if v is None]:
        del rows[index][key]
    return rows


def project(indicators=None, table=None, **top):
    """Facts and framework; raises InputError as the loader does."""
    fw = framework()
    facts = build_project(raw_project(indicators, **top), lambda loc: Where("项目.yaml", field=dotted(loc)), fw, table, "项目.yaml")
    return facts, fw


def score_of(facts, evaluation, name: str) -> Decimal:
    return next(row.score for row in evaluation.rows if row.path[-1] == name)
