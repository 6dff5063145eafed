"""结果应用 in a round: its rule, each reviewed unit's proposal, the 财政局's decisions, the ranking, the xlsx."""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import xlsxwriter
from django.db import transaction

from jixiao.results.apply import Proposal, Ranked, propose, rank, to_cent
from jixiao.results.rule import ResultsRule, RuleError, default_rule_data, parse_rule
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import HistoryEntry, Round, Submission
from jixiao.web.rounds.services import Refused, log
from jixiao.web.rounds.summaries import Brief, briefs
from jixiao.web.results.models import Decision, RoundRule


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


@dataclass(frozen=True)
class Line:
    brief: Brief
    proposal: Proposal | None  # None: not approved yet
    decision: Decision | None

    @property
    def next_budget(self) -> Decimal | None:
        """The evaluated year's budget plus the decided (else proposed) change: the figure for next year's preparation."""
        change = self.decision.amount if self.decision else (self.proposal.proposed if self.proposal else None)
        return None if change is None or self.brief.budget is None else to_cent(self.brief.budget + change)


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
    """Confirm the proposal (no amount given) or override it with an amount and a reason."""
    line = next((l for l in lines(round_) if l.brief.pk == submission.pk), None)
    if line is None or line.proposal is None:
        raise Refused(f"{submission.unit.name}尚未审核通过，没有结果应用建议")
    proposed = line.proposal.proposed
    reason = reason.strip()
    if amount_text.strip():
        amount = _amount(amount_text)
        kind = Decision.CONFIRMED if amount == proposed else Decision.OVERRIDDEN
    elif proposed is None:
        raise Refused(f"{submission.unit.name}未填报预算数，不能确认建议金额，请填写调整金额并说明理由")
    else:
        amount, kind = proposed, Decision.CONFIRMED
    if kind == Decision.OVERRIDDEN and not reason:
        raise Refused("调整建议金额须写明理由")
    with transaction.atomic():
        old = Decision.objects.filter(submission=submission).first()
        decision, _ = Decision.objects.update_or_create(submission=submission, defaults={
            "kind": kind, "proposed": proposed, "amount": amount, "basis": line.proposal.basis, "reason": reason, "by": user,
        })
        log(user, HistoryEntry.REVIEW, submission=submission, field="结果应用",
            old="" if old is None else f"{old.get_kind_display()} {old.amount:,.2f} 元",
            new=f"{decision.get_kind_display()} {amount:,.2f} 元", comment=reason)
    return decision


HEADERS = (("序号", 6), ("主管部门", 26), ("预算单位", 30), ("最终得分", 9), ("等级", 6), ("本年预算数（元）", 18),
           ("建议调整（元）", 16), ("压减区间（元）", 26), ("结果应用依据", 60), ("确定调整（元）", 16), ("确定方式", 10),
           ("理由", 30), ("下年预算参考数（元）", 20), ("限期整改", 8), ("不得申请同类资金", 10))


def workbook(round_: Round) -> bytes:
    """结果应用表.xlsx for next year's budget preparation. Every name and reason is written as text, never a formula."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("结果应用")
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True})
    title = book.add_format({"bold": True, "font_size": 14})
    cell = book.add_format({"border": 1})
    money = book.add_format({"border": 1, "num_format": "#,##0.00"})
    score = book.add_format({"border": 1, "num_format": "0.00"})
    sheet.write_string(0, 0, f"{round_.title} 结果应用表（用于 {round_.year + 1} 年预算编制）", title)
    for column, (text, width) in enumerate(HEADERS):
        sheet.write_string(1, column, text, head)
        sheet.set_column(column, column, width)
    row = 2
    for index, line in enumerate(lines(round_), start=1):
        brief, proposal, decision = line.brief, line.proposal, line.decision
        sheet.write_number(row, 0, index, cell)
        sheet.write_string(row, 1, brief.department, cell)
        sheet.write_string(row, 2, brief.unit, cell)
        if proposal is None:
            sheet.write_string(row, 3, "", cell)
            sheet.write_string(row, 4, f"（{brief.state_label}，尚未审核通过）", cell)
            row += 1
            continue
        sheet.write_number(row, 3, float(proposal.score), score)
        sheet.write_string(row, 4, proposal.grade, cell)
        _money(sheet, row, 5, brief.budget, money, cell)
        _money(sheet, row, 6, proposal.proposed, money, cell)
        cut = "" if proposal.cut_low is None or not proposal.entry.cuts else f"{proposal.cut_low:,.2f} 至 {proposal.cut_high:,.2f}"
        sheet.write_string(row, 7, cut, cell)
        sheet.write_string(row, 8, proposal.basis, cell)
        _money(sheet, row, 9, decision.amount if decision else None, money, cell)
        sheet.write_string(row, 10, decision.get_kind_display() if decision else "待确定", cell)
        sheet.write_string(row, 11, decision.reason if decision else "", cell)
        _money(sheet, row, 12, line.next_budget, money, cell)
        sheet.write_string(row, 13, "是" if proposal.entry.rectify else "", cell)
        sheet.write_string(row, 14, "是" if proposal.entry.bar_similar_funds else "", cell)
        row += 1
    book.close()
    return buffer.getvalue()


def _money(sheet, row: int, column: int, value: Decimal | None, money, cell) -> None:
    if value is None:
        sheet.write_string(row, column, "", cell)
    else:
        sheet.write_number(row, column, float(value), money)
