"""What a publication copies of a unit's figures: used when it is requested (services) and when it is built
(building), a module of its own so that those two do not import each other."""
from __future__ import annotations

from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import Round
from jixiao.web.rounds.summaries import Brief


def _text(value) -> str:
    return "" if value is None else format(value, "f")


def unit_figures(brief: Brief, round_: Round) -> dict[str, str]:
    """What a publication copies of a unit: amounts and scores as exact decimal text, the grade of the final score."""
    # the last stage's score: the 财政局's 抽查 where there is one, else the 主管部门's 复核, else the 自评
    final = next((s for s in (brief.finance_checked, brief.summary_reviewed, brief.total) if s is not None), None)
    return {"budget": _text(brief.budget), "spent": _text(brief.spent), "self_score": _text(brief.total),
            "reviewed_score": _text(brief.summary_reviewed), "final_score": _text(final), "grade": round_framework(round_).grade_for(final)}
