"""judgement — 酌情评分.

The evaluator sets a score within [0, 分值] and must give its 评分依据. Used where the
standard says 酌情 or judges documents (制度健全性, 预算编制合理性…). A missing judged
score or basis is an error, never a silent full mark.
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.model.quantity import Exact, exact_of, pair_of
from jixiao.rules import ZERO, Outcome, QuickScore, RuleKind, ScoreContext


class JudgementParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def score(params: JudgementParams, ctx: ScoreContext) -> Outcome:
    judged = ctx.facts.judged
    if judged is None:
        return Outcome(ZERO, "未评分", (("error", "judgement-missing", "本指标需评价人员评分：请填写 score（得分）和 basis（评分依据）"),))
    return Outcome(exact_of(judged.score), judged.basis)


def quick(_params: JudgementParams, _weight: Exact, _registry) -> QuickScore:
    def score(_values, facts):
        judged = facts.judged
        if judged is None:
            return None
        score = judged.score
        return score.as_integer_ratio() if type(score) is Decimal else pair_of(exact_of(score))  # exactly, either way

    return score


KIND = RuleKind(
    name="judgement",
    label="酌情评分",
    params_model=JudgementParams,
    score=score,
    summary="评价人员在 0 至分值之间评分，须写明评分依据",
    inputs=("score", "basis"),
    doc=__doc__ or "",
    quick=quick,
)
