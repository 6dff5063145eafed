"""Checks of a project 自评表 (jixiao.projects): funds block arithmetic, met/unmet against the scores, reasons,
the same target stated differently in the 目标表 and the 自评表, spending above budget without a stated 追加.

They run only under a framework with project settings; 得分 above 分值 is stated-score-out-of-range (integrity),
a score different from the rule's is stated-score, 分值 that do not add up are refused when the file is read.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from jixiao.checks import Check, CheckContext, Hit
from jixiao.model.facts import RowFacts
from jixiao.model.quantity import Quantity, format_percent, pair_of
from jixiao.projects.facts import IndicatorFacts, ProjectFacts, summed
from jixiao.rules import points
from jixiao.rules.indicator import band_text, in_band

MONEY_TOLERANCE = Decimal("0.005")  # half a fen: amounts are compared in 元


def _projects(framework) -> tuple[str, ...] | None:
    return None if framework.project is not None else ()


def _indicators(ctx: CheckContext) -> Iterable[tuple[IndicatorFacts, RowFacts, tuple[str, ...]]]:
    project: ProjectFacts | None = ctx.facts.project
    if project is None:
        return ()
    return project.scored


def _met(indicator: IndicatorFacts) -> bool | None:
    return indicator.reached


def _score(facts: RowFacts) -> Decimal | None:
    """The score a person gave the row: stated in the published table, or judged."""
    if facts.stated_score is not None:
        return facts.stated_score
    return facts.judged.score if facts.judged is not None else None


def met_below_full(ctx: CheckContext) -> Iterable[Hit]:
    for indicator, facts, path in _indicators(ctx):
        score = _score(facts)
        if score is None or score >= indicator.target.weight or _met(indicator) is not True:
            continue
        if indicator.target.quantitative and (facts.judged is not None and (facts.reason or facts.judged.basis)):
            continue  # a reduction for a target set too low (far above it), with its reason
        yield f"实际完成值 {indicator.actual or indicator.state} 已达到年度指标值 {indicator.target.text()}，得分 {points(score)} 却低于分值 {points(indicator.target.weight)}：达到目标应得满分", facts.where, path


def unmet_at_full(ctx: CheckContext) -> Iterable[Hit]:
    for indicator, facts, path in _indicators(ctx):
        score = _score(facts)
        if score is not None and score >= indicator.target.weight and _met(indicator) is False:
            shown = indicator.actual if indicator.target.quantitative else indicator.state
            yield f"实际完成值 {shown} 未达到年度指标值 {indicator.target.text()}，却得满分 {points(score)}：未达到目标应按完成比例计分", facts.where, path


def deviation_reason_missing(ctx: CheckContext) -> Iterable[Hit]:
    for indicator, facts, path in _indicators(ctx):
        if _met(indicator) is False and not indicator.reason:
            yield f"未达到年度指标值 {indicator.target.text()}（完成 {indicator.actual or indicator.state}），未填写偏差原因分析及改进措施", facts.where, path


def band_score_outside(ctx: CheckContext) -> Iterable[Hit]:
    for indicator, facts, path in _indicators(ctx):
        score = _score(facts)
        if indicator.state is None or score is None:
            continue
        if not in_band(indicator.state, score, indicator.target.weight):
            yield f"选择了“{indicator.state}”，得分应在分值 {points(indicator.target.weight)} 的 {band_text(indicator.state)} 之间，{points(score)} 分不在此档内", facts.where, path


def target_differs(ctx: CheckContext) -> Iterable[Hit]:
    project: ProjectFacts | None = ctx.facts.project
    for indicator, facts, path in _indicators(ctx):
        stated = indicator.stated
        if stated is None:
            continue
        approved = indicator.target
        shown = lambda t: f"{t.text()}，{points(t.weight)} 分"  # noqa: E731
        source = project.targets_source if project and project.targets_source else "绩效目标表"
        yield f"自评表所列目标（{shown(stated)}）与绩效目标表（{source}）批复的（{shown(approved)}）不同：按批复的目标计分；目标有调整的，请在目标表中记录调整（调整人、时间、理由）", facts.where, path


def execution_reason_missing(ctx: CheckContext) -> Iterable[Hit]:
    project: ProjectFacts | None = ctx.facts.project
    rate = ctx.values.get("预算执行率")
    settings = ctx.framework.project
    if project is None or rate is None or project.execution_reason:
        return
    (rate_n, rate_d), (below_n, below_d) = pair_of(rate.exact), settings.reason_below.as_integer_ratio()
    if rate_n * below_d < below_n * rate_d:  # 执行率 below the threshold, in integers
        yield f"预算执行率 {rate.display()} 低于 {format_percent(settings.reason_below)}，未填写偏差原因分析及改进措施（execution_reason）", ctx.where_of("全年执行数"), (settings.funds_row,)


def funds_sources_sum(ctx: CheckContext) -> Iterable[Hit]:
    project: ProjectFacts | None = ctx.facts.project
    if project is None or (total := project.total_line()) is None or len(project.funds) < 2:
        return
    sources = project.sources()
    for attribute, label in (("initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数")):
        whole: Quantity | None = getattr(total, attribute)
        parts = [line for line in sources if getattr(line, attribute) is not None]
        value = summed(tuple(parts), attribute)
        if whole is None or value is None:
            continue
        if abs(value - whole.value) > MONEY_TOLERANCE:
            listing = " + ".join(f"{line.source} {getattr(line, attribute).display()}" for line in parts)
            yield f"{label}：{listing} = {Quantity('money', value, whole.unit).display()}，而年度资金总额为 {whole.display()}", total.where, ()


def overspent_without_adjustment(ctx: CheckContext) -> Iterable[Hit]:
    project: ProjectFacts | None = ctx.facts.project
    if project is None or project.adjustment:
        return
    for line in project.funds:
        if line.spent is not None and line.budget is not None and line.spent.value > line.budget.value + MONEY_TOLERANCE:
            yield f"{line.source}全年执行数 {line.spent.display()} 超过全年预算数 {line.budget.display()}，未说明追加预算（adjustment）", line.where, ()


def adjustment_reason_missing(ctx: CheckContext) -> Iterable[Hit]:
    project: ProjectFacts | None = ctx.facts.project
    if project is None or project.adjustment or (total := project.total_line()) is None:
        return
    if total.initial is not None and total.budget is not None and abs(total.initial.value - total.budget.value) > MONEY_TOLERANCE:
        direction = "追加" if total.budget.value > total.initial.value else "调减"
        yield f"全年预算数 {total.budget.display()} 与年初预算数 {total.initial.display()} 不同（年中{direction}），未说明调整原因（adjustment）", total.where, ()


def attachment_missing(ctx: CheckContext) -> Iterable[Hit]:
    project: ProjectFacts | None = ctx.facts.project
    if project is None:
        return
    for name in ctx.framework.project.attachments:
        given = project.attachments.get(name, ()) or tuple(f for i in project.indicators if i.target.level1 == name for f in i.attachments)
        if not given:
            yield f"“{name}”须上传佐证材料（附件）后才能送审", project.where, (name,)


def forecast_contradicted(ctx: CheckContext) -> Iterable[Hit]:
    """The last monitoring said the target would certainly be reached (确定能); the year end did not reach it."""
    from jixiao.projects.monitored import contradictions

    project: ProjectFacts | None = ctx.facts.project
    if project is None or project.monitored is None:
        return
    period = project.monitored.period
    for indicator, forecast in contradictions(project):
        expected = f"全年预计完成情况 {forecast.forecast}" if forecast.forecast else f"{period}执行情况 {forecast.current}"
        found = f"实际完成值 {indicator.actual}" if indicator.target.quantitative else f"完成状态“{indicator.state}”"
        yield (
            f"{period}监控时完成目标可能性为“确定能”（{expected}），年底{found} "
            f"未达到年度指标值 {indicator.target.text()}：请在偏差原因中说明预计与实际不符的原因",
            indicator.where, indicator.path,
        )


CHECKS = (
    Check("project-met-below-full", "error", "达到目标却未得满分", met_below_full, "项目自评", needs=_projects),
    Check("project-unmet-at-full", "error", "未达到目标却得满分", unmet_at_full, "项目自评", needs=_projects),
    Check("project-deviation-reason-missing", "error", "未达到目标而未写偏差原因", deviation_reason_missing, "项目自评", needs=_projects),
    Check("project-band-score-outside", "error", "定性指标得分不在所选档次内", band_score_outside, "项目自评", needs=_projects),
    Check("project-target-differs", "error", "自评表与绩效目标表的目标不同", target_differs, "项目自评", needs=_projects),
    Check("project-execution-reason-missing", "error", "执行率偏低而未写原因", execution_reason_missing, "项目自评", needs=_projects),
    Check("project-funds-sum", "error", "资金来源之和与年度资金总额不符", funds_sources_sum, "项目自评", needs=_projects),
    Check("project-overspent", "error", "执行数超过预算而未说明追加", overspent_without_adjustment, "项目自评", needs=_projects),
    Check("project-adjustment-reason-missing", "warning", "年中调整预算而未说明原因", adjustment_reason_missing, "项目自评", needs=_projects),
    Check("project-attachment-missing", "error", "缺少须上传的附件", attachment_missing, "项目自评", needs=_projects),
    Check("project-forecast-contradicted", "warning", "监控时预计确定能完成而年底未达到", forecast_contradicted, "项目自评", needs=_projects),
)
