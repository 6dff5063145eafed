"""Plausible synthetic departments for shenzhen-2019: seeded, reproducible, as raw facts or files.

Figures are drawn around a real department's (大鹏 2021) with the spread seen across
departments: budgets from a few hundred to tens of thousands of 万元, execution 80–100%,
quarters behind or ahead of schedule, a project or key task left undone now and then,
judged rows a little below full marks with a basis, checklist criteria sometimes unmet.
"""
from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jixiao.ingest.write import dump_yaml  # noqa: E402

JUDGED_PARTS = {
    "政府采购执行情况": {"政府采购政策功能落实": 1},
    "财务合规性": {"资金支出规范性": 1, "会计核算规范性": 1},
    "预决算信息公开": {"部门预算公开": Decimal("1.5"), "部门决算公开": Decimal("1.5")},
}
CHECKLISTS = {"预算编制合理性": 5, "绩效指标明确性": 5, "项目实施程序": 2, "项目监管": 2, "资产管理安全性": 2, "管理制度健全性": 3, "群众信访办理情况": 3}


def money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2)))


def department(index: int, rng: random.Random) -> dict:
    start = money(rng, 300, 30000)
    adjusted = (start * Decimal(str(rng.uniform(0.95, 1.5)))).quantize(Decimal("0.01"))
    spent = (adjusted * Decimal(str(rng.uniform(0.8, 1.0)))).quantize(Decimal("0.01"))
    purchase = (adjusted * Decimal(str(rng.uniform(0.02, 0.3)))).quantize(Decimal("0.01"))
    sangong = money(rng, 2, 60)
    daily = money(rng, 20, 400)
    q = sorted(round(rng.uniform(10, 100), 2) for _ in range(4))
    planned = rng.randint(5, 60)
    staff = rng.randint(10, 200)
    figures = {
        "年初预算": start, "调整后预算": adjusted, "实际支出": spent,
        "政府采购预算": purchase, "实际采购金额": (purchase * Decimal(str(rng.uniform(0.85, 1.02)))).quantize(Decimal("0.01")),
        "三公经费预算": sangong, "三公经费支出": (sangong * Decimal(str(rng.uniform(0.2, 1.05)))).quantize(Decimal("0.01")),
        "日常公用经费预算": daily, "日常公用经费决算": (daily * Decimal(str(rng.uniform(0.8, 1.02)))).quantize(Decimal("0.01")),
        "一季度支出进度": f"{q[0]}%", "二季度支出进度": f"{q[1]}%", "三季度支出进度": f"{q[2]}%", "四季度支出进度": f"{q[3]}%",
        "重点工作数": rng.randint(2, 8), "计划项目数": planned, "已完成项目数": planned - rng.choice([0, 0, 0, 1, 2]),
        "固定资产原值": money(rng, 100, 5000), "核定编制": staff, "在编人数": staff - rng.randint(0, 5), "编外人员": rng.randint(0, 15),
        "满意度": f"{round(rng.uniform(78, 100), 2)}%",
    }
    figures["已完成重点工作数"] = figures["重点工作数"] - rng.choice([0, 0, 0, 1])
    figures["在用固定资产原值"] = (figures["固定资产原值"] * Decimal(str(rng.uniform(0.55, 1.0)))).quantize(Decimal("0.01"))
    rows: dict = {}
    for name, parts in JUDGED_PARTS.items():
        rows[name] = {"parts": {part: {"score": points if rng.random() > 0.2 else points / 2, "basis": "按佐证材料评定"} for part, points in parts.items()}}
    for name, count in CHECKLISTS.items():
        if rng.random() < 0.25:
            rows[name] = {"unmet": [rng.randint(1, count)], "reason": "部分要点未达到", "improvement": "逐条完善"}
    rows["预算编制规范性"] = {"deductions": ["项目库管理不规范"] * rng.choice([0, 0, 1, 2])}
    rows["绩效目标完整性"] = {"deductions": ["个别项目未编报绩效目标"] * rng.choice([0, 0, 1])}
    rows["社会效益、经济效益、生态效益及可持续影响等"] = {"score": rng.choice([16, 17, 18, 19, 20]), "basis": "对照个性化绩效指标完成情况评定"}
    return {"department": f"测试部门{index:05d}", "year": 2021, "framework": "shenzhen-2019", "unit": "万元", "figures": figures, "rows": rows}


def departments(count: int, seed: int = 20211231) -> list[dict]:
    rng = random.Random(seed)
    return [department(i, rng) for i in range(count)]


def write_files(count: int, folder: Path, seed: int = 20211231) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, raw in enumerate(departments(count, seed)):
        path = folder / f"dept-{index:05d}.yaml"
        path.write_text(dump_yaml(raw), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "bench/data")
    print(f"写出 {len(write_files(int(sys.argv[1]) if len(sys.argv) > 1 else 100, target))} 个部门数据文件到 {target}")
