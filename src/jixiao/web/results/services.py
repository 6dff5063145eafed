"""结果应用 in a round: its rule, each reviewed unit's proposal, the 财政局's decisions, the ranking, the xlsx."""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import xlsxwriter
from django.db import transaction

from jixiao.results.apply import Proposal, Ranked, next_budget, propose, rank, to_cent
from jixiao.results.rule import ResultsRule, RuleError, default_rule_data, parse_rule
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import HistoryEntry, Round, Submission
from jixiao.web.rounds.services import Refused, log
from jixiao.web.rounds.summaries import Brief, briefs
from jixiao.web.projects.models import ProjectSubmission
from jixiao.web.results.models import Decision, ProjectDecision, RoundRule


def grades_of(round_: Round) -> tuple[str, ...]:
    return tuple(grade for grade, _ in round_framework(round_).grades)


def rule_data(round_: Round) -> dict:
    stored = RoundRule.objects.filter(round=round_).first()
    return stored.data if stored is not None else default_rule_data(round_framework(round_).grades)


def rule_for(round_: Round) -> ResultsRule:
    return parse_rule(rule_data(round_), grades_of(round_))


def save_rule(round_: Round, user, data: dict) -> ResultsRule:
    try:
        rule = parse_rule(data, grades_of(round_))
    except RuleError as error:
        raise Refused(error.messages) from None
    with transaction.atomic():
        old = RoundRule.objects.filter(round=round_).first()
        RoundRule.objects.update_or_create(round=round_, defaults={"data": rule.as_data(), "by": user})
        log(user, HistoryEntry.CHANGE, round_=round_, organisation=round_.region, field="结果应用规则",
            old="" if old is None else "；".join(e.describe() for e in parse_rule(old.data, grades_of(round_)).actions),
            new="；".join(e.describe() for e in rule.actions))
    return rule


def final_score(brief: Brief) -> Decimal | None:
    """The round's final score once approved: the 财政局's 抽查 where there is one, else the 主管部门's 复核分数;
    a unit not yet approved gets no proposal."""
    if brief.state != Submission.APPROVED:
        return None
    return brief.finance_checked if brief.finance_checked is not None else brief.summary_reviewed


class _Applied:
    """What a unit's and a project's line share: the figure for next year's preparation from its budget and decision."""

    @property
    def next_budget(self) -> Decimal | None:
        return next_budget(self.budget, self.decision.amount if self.decision else None, self.proposal)


@dataclass(frozen=True)
class Line(_Applied):
    brief: Brief
    proposal: Proposal | None  # None: not approved yet
    decision: Decision | None

    @property
    def budget(self) -> Decimal | None:
        return self.brief.budget


def lines(round_: Round, rule: ResultsRule | None = None) -> list[Line]:
    rule = rule or rule_for(round_)
    decisions = {d.submission_id: d for d in Decision.objects.filter(submission__round=round_)}
    out = []
    for brief in briefs(round_.submissions.all()):
        score = final_score(brief)
        proposal = None if score is None else propose(rule, brief.unit, score, brief.budget)
        out.append(Line(brief, proposal, decisions.get(brief.pk)))
    return out


def ranking(round_: Round) -> list[Ranked]:
    return rank([(b.unit, s) for b in briefs(round_.submissions.all()) if (s := final_score(b)) is not None])


def department_ranking(round_: Round) -> list[Ranked]:
    """主管部门 by the mean final score of their approved units (exact mean, rounded once to 0.01 half up)."""
    from decimal import ROUND_HALF_UP

    scores: dict[str, list[Decimal]] = {}
    for brief in briefs(round_.submissions.all()):
        score = final_score(brief)
        if score is not None:
            scores.setdefault(brief.department, []).append(score)
    means = [(name, (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) for name, values in scores.items()]
    return rank(means)


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise Refused(f"调整金额应为数字（元，可为负数表示压减），收到“{text}”") from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 16:
        raise Refused(f"调整金额应为数字（元），收到“{text}”")
    if value != value.quantize(Decimal("0.01")):
        raise Refused("调整金额最多 2 位小数（元，到分）")
    return value


def decide(round_: Round, submission: Submission, user, amount_text: str, reason: str) -> Decision:
    """Confirm the unit's proposal (no amount given) or override it with an amount and a reason."""
    line = next((l for l in lines(round_) if l.brief.pk == submission.pk), None)
    return _decide(line.proposal if line else None, submission.unit.name, Decision, {"submission": submission}, user, amount_text, reason,
                   {"submission": submission, "field": "结果应用"})


def decide_project(round_: Round, project: ProjectSubmission, user, amount_text: str, reason: str) -> ProjectDecision:
    """The same for one project: its proposal confirmed or overridden, recorded in the round's history."""
    line = next((l for l in project_lines(round_) if l.project.pk == project.pk), None)
    return _decide(line.proposal if line else None, f"项目“{project.project}”", ProjectDecision, {"project": project}, user, amount_text, reason,
                   {"round_": round_, "organisation": project.unit, "field": f"结果应用：项目 {project.project}"})


def _decide(proposal: Proposal | None, name: str, model, key: dict, user, amount_text: str, reason: str, where: dict):
    if proposal is None:
        raise Refused(f"{name}尚未审核通过，没有结果应用建议")
    proposed = proposal.proposed
    reason = reason.strip()
    if amount_text.strip():
        amount = _amount(amount_text)
        kind = model.CONFIRMED if amount == proposed else model.OVERRIDDEN
    elif proposed is None:
        raise Refused(f"{name}未填报预算数，不能确认建议金额，请填写调整金额并说明理由")
    else:
        amount, kind = proposed, model.CONFIRMED
    if kind == model.OVERRIDDEN and not reason:
        raise Refused("调整建议金额须写明理由")
    with transaction.atomic():
        old = model.objects.filter(**key).first()
        decision, _ = model.objects.update_or_create(**key, defaults={
            "kind": kind, "proposed": proposed, "amount": amount, "basis": proposal.basis, "reason": reason, "by": user,
        })
        log(user, HistoryEntry.REVIEW, old="" if old is None else f"{old.get_kind_display()} {old.amount:,.2f} 元",
            new=f"{decision.get_kind_display()} {amount:,.2f} 元", comment=reason, **where)
    return decision


@dataclass(frozen=True)
class ProjectLine(_Applied):
    """One project of the round: its budget (元, 全年预算数) and 自评分 once approved, the proposal, the decision."""

    project: ProjectSubmission
    proposal: Proposal | None  # None: not approved yet
    decision: ProjectDecision | None

    @property
    def department(self) -> str:
        unit = self.project.unit
        return unit.parent.name if unit.parent_id else unit.name

    @property
    def budget(self) -> Decimal | None:
        return project_budget(self.project)


def project_budget(project: ProjectSubmission) -> Decimal | None:
    """The 全年预算数 in 元 as the last save scored it (the summary keeps money in 元)."""
    text = (project.summary or {}).get("budget")
    return None if text in (None, "") else Decimal(str(text))


def project_lines(round_: Round, rule: ResultsRule | None = None, department: str = "", grade: str = "") -> list[ProjectLine]:
    """The round's projects by 主管部门, unit and name; the filters keep one 主管部门 and / or one grade (of the rule)."""
    rule = rule or rule_for(round_)
    decisions = {d.project_id: d for d in ProjectDecision.objects.filter(project__round=round_)}
    out = []
    projects = round_.project_submissions.select_related("unit", "unit__parent").order_by("unit__parent__name", "unit__name", "project")
    for project in projects:
        approved = project.state == ProjectSubmission.APPROVED and project.score is not None
        proposal = propose(rule, project.project, project.score, project_budget(project)) if approved else None
        line = ProjectLine(project, proposal, decisions.get(project.pk))
        if department and line.department != department:
            continue
        if grade and (proposal is None or proposal.grade != grade):
            continue
        out.append(line)
    return out


HEADERS = (("序号", 6), ("主管部门", 26), ("预算单位", 30), ("最终得分", 9), ("等级", 6), ("本年预算数（元）", 18),
           ("建议调整（元）", 16), ("压减区间（元）", 26), ("结果应用依据", 60), ("确定调整（元）", 16), ("确定方式", 10),
           ("理由", 30), ("下年预算参考数（元）", 20), ("限期整改", 8), ("不得申请同类资金", 10))
# The projects' sheet: the same columns with the project's name after its unit, its 自评分 as the score.
PROJECT_HEADERS = HEADERS[:3] + (("项目名称", 30), ("自评得分", 9)) + HEADERS[4:]


@dataclass(frozen=True)
class _Row:
    names: tuple[str, ...]  # 主管部门, 预算单位[, 项目名称]
    pending: str  # why there is no proposal ("" when there is one)
    budget: Decimal | None
    proposal: Proposal | None
    decision: object  # Decision / ProjectDecision / None
    next_budget: Decimal | None


def workbook(round_: Round) -> bytes:
    """结果应用表.xlsx for next year's budget preparation: a sheet of units and one of projects.
    Every name and reason is written as text, never a formula."""
    rule = rule_for(round_)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    formats = {
        "head": book.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True}),
        "title": book.add_format({"bold": True, "font_size": 14}), "cell": book.add_format({"border": 1}),
        "money": book.add_format({"border": 1, "num_format": "#,##0.00"}), "score": book.add_format({"border": 1, "num_format": "0.00"}),
    }
    units = [_Row((l.brief.department, l.brief.unit), "" if l.proposal else f"（{l.brief.state_label}，尚未审核通过）", l.brief.budget,
                  l.proposal, l.decision, l.next_budget) for l in lines(round_, rule)]
    projects = [_Row((l.department, l.project.unit.name, l.project.project), "" if l.proposal else f"（{l.project.get_state_display()}，尚未审核通过）",
                     l.budget, l.proposal, l.decision, l.next_budget) for l in project_lines(round_, rule)]
    heading = f"{round_.title} 结果应用表（用于 {round_.year + 1} 年预算编制）"
    _sheet(book.add_worksheet("结果应用"), formats, heading, HEADERS, units)
    _sheet(book.add_worksheet("项目结果应用"), formats, heading.replace("结果应用表", "项目结果应用表"), PROJECT_HEADERS, projects)
    book.close()
    return buffer.getvalue()


def _sheet(sheet, formats: dict, title: str, headers, rows: list[_Row]) -> None:
    cell, money = formats["cell"], formats["money"]
    sheet.write_string(0, 0, title, formats["title"])
    for column, (text, width) in enumerate(headers):
        sheet.write_string(1, column, text, formats["head"])
        sheet.set_column(column, column, width)
    for index, item in enumerate(rows, start=1):
        row, proposal, decision = index + 1, item.proposal, item.decision
        sheet.write_number(row, 0, index, cell)
        for offset, name in enumerate(item.names, start=1):
            sheet.write_string(row, offset, name, cell)
        at = len(item.names) + 1  # the score's column
        if proposal is None:
            sheet.write_string(row, at, "", cell)
            sheet.write_string(row, at + 1, item.pending, cell)
            continue
        sheet.write_number(row, at, float(proposal.score), formats["score"])
        sheet.write_string(row, at + 1, proposal.grade, cell)
        _money(sheet, row, at + 2, item.budget, money, cell)
        _money(sheet, row, at + 3, proposal.proposed, money, cell)
        cut = "" if proposal.cut_low is None or not proposal.entry.cuts else f"{proposal.cut_low:,.2f} 至 {proposal.cut_high:,.2f}"
        sheet.write_string(row, at + 4, cut, cell)
        sheet.write_string(row, at + 5, proposal.basis, cell)
        _money(sheet, row, at + 6, decision.amount if decision else None, money, cell)
        sheet.write_string(row, at + 7, decision.get_kind_display() if decision else "待确定", cell)
        sheet.write_string(row, at + 8, decision.reason if decision else "", cell)
        _money(sheet, row, at + 9, item.next_budget, money, cell)
        sheet.write_string(row, at + 10, "是" if proposal.entry.rectify else "", cell)
        sheet.write_string(row, at + 11, "是" if proposal.entry.bar_similar_funds else "", cell)


def _money(sheet, row: int, column: int, value: Decimal | None, money, cell) -> None:
    if value is None:
        sheet.write_string(row, column, "", cell)
    else:
        sheet.write_number(row, column, float(value), money)
