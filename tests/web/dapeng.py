"""What a person types into dw1's page to enter the 大鹏 2021 example (docs/web.md), as field key → text."""
from pathlib import Path

from jixiao.loaders.frameworks import load_framework
from jixiao.loaders.yaml_source import load_yaml
from jixiao.web.rounds import scoring
from jixiao.web.rounds.services import flatten

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dapeng-2021.yaml"
DERIVED = ("三公经费控制率", "日常公用经费控制率", "预算执行率")  # computed; the report's own 33.51% is a checked error
KEEP = ("unmet", "score", "basis")


def dapeng_typing() -> dict[str, str]:
    framework = load_framework("shenzhen-2019")
    raw = scoring.normalise(scoring.plain(load_yaml(EXAMPLE)), framework)
    typed = {}
    for key, text in flatten(raw).items():
        parts = key.split(scoring.SEP)
        if parts[0] == "figures" and parts[1] not in DERIVED:
            typed[key] = text
        elif parts[0] == "rows" and parts[-1] in KEEP and not (parts[-1] == "basis" and len(parts) == 3 and scoring.SEP.join(parts[:2] + ["score"]) not in flatten(raw)):
            typed[key] = text
    typed["figures|总资产"] = "9899.86"  # the sum of its parts; the report's 9,909.86 is a checked error
    return typed


def corrected_dapeng(department: str) -> bytes:
    """The 大鹏 example named after a unit, with the report's two slips put right (as in docs/web.md):
    总资产 as the sum of its parts, and the derived 三公经费控制率 left to be computed."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("department: 深圳市大鹏新区政务服务数据管理局", f"department: {department}")
    text = text.replace("总资产: 9909.86", "总资产: 9899.86").replace("  三公经费控制率: 33.51%\n", "")
    return text.encode("utf-8")
