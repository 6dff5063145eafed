"""整改 in a round: candidates from what the review confirmed, items with deadlines, measures, acceptance, the 台账."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds import scoring
from jixiao.web.rounds.context import state_of
from jixiao.web.rounds.models import HistoryEntry, ReviewScore, Round, Submission
from jixiao.web.rounds.services import Refused, log
from jixiao.web.rectification.models import DEFAULT_DAYS, Item, ItemEvidence, RoundSetting

MAX_TEXT = 4000


def setting(round_: Round) -> RoundSetting:
    return RoundSetting.objects.filter(round=round_).first() or RoundSetting(round=round_, days=DEFAULT_DAYS)


def save_setting(round_: Round, user, feedback_date: date | None, days: int) -> RoundSetting:
    if not 1 <= days <= 730:
        raise Refused("整改期限应为 1 至 730 天")
    with transaction.atomic():
        item, _ = RoundSetting.objects.update_or_create(round=round_, defaults={"feedback_date": feedback_date, "days": days})
        log(user, HistoryEntry.CHANGE, round_=round_, organisation=round_.region, field="整改设置", new=f"反馈日期 {feedback_date or '未定'}，整改期限 {days} 天")
    return item


def can_raise(user, submission: Submission) -> bool:
    """Who confirms problems and closes items: the unit's 主管部门 and the region's 财政局."""
    return access.can_review(user, submission) or access.can_spot_check(user, submission)


@dataclass(frozen=True)
class Candidate:
    source: str
    key: str
    problem: str


def candidates(submission: Submission) -> list[Candidate]:
    """What the review confirmed for an approved unit: the checks' findings (errors and warnings, with the unit's
    explanation), each 主管部门 复核得分 and each 财政局 抽查 below the computed score, with its reason."""
    state = state_of(submission)
    out = []
    for finding in state.scored.findings:
        if finding.severity not in ("error", "warning"):
            continue
        said = str(submission.explanations.get(scoring.finding_key(finding), "")).strip()
        where = " · ".join(finding.path) + "：" if finding.path else ""
        out.append(Candidate(Item.CHECK, scoring.finding_key(finding), where + finding.message + (f"（单位说明：{said}）" if said else "")))
    computed = {"/".join(row.path): row.score for row in (state.evaluation.rows if state.evaluation else ())}
    for stage, reviews in ((Item.REVIEW, state.reviews), (Item.SPOT_CHECK, state.finance_reviews)):
        for path, review in sorted(reviews.items()):
            was = computed.get(path)
            if was is not None and review.score < was:
                label = "复核" if stage == Item.REVIEW else "抽查"
                out.append(Candidate(stage, f"{stage}{scoring.SEP}{path}", f"{path.replace('/', ' · ')}：自评 {was.normalize():f} 分，{label} {review.score.normalize():f} 分（{review.reason}）"))
    return out


def _text(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise Refused(f"{label}不能为空")
    if len(value) > MAX_TEXT:
        raise Refused(f"{label}过长（上限 {MAX_TEXT} 字）")
    return value


def raise_item(submission: Submission, user, *, source: str, key: str, problem: str, required: str, deadline: date | None = None, feedback: date | None = None) -> Item:
    """A new 整改 item for an approved unit; deadline defaults to feedback date + the round's days, and may not precede it."""
    if submission.state != Submission.APPROVED:
        raise Refused(f"{submission.unit.name}尚未审核通过：审核确认的问题才能列为整改事项")
    if source not in dict(Item.SOURCES):
        raise Refused("未知的问题来源")
    problem, required = _text(problem, "问题"), _text(required, "整改要求")
    rule = setting(submission.round)
    feedback = feedback or rule.feedback_date or date.today()
    deadline = deadline or feedback + timedelta(days=rule.days)
    if deadline < feedback:
        raise Refused(f"整改期限 {deadline} 早于反馈日期 {feedback}")
    if key and Item.objects.filter(submission=submission, source_key=key).exists():
        raise Refused(f"该问题已列为整改事项：{problem[:40]}")
    with transaction.atomic():
        item = Item.objects.create(submission=submission, source=source, source_key=key[:1000], problem=problem, required=required,
                                   feedback_date=feedback, deadline=deadline, created_by=user)
        log(user, HistoryEntry.REVIEW, submission=submission, field=f"整改事项 {item.pk}", new=f"{problem}；整改要求：{required}；期限 {deadline}")
    return item


def _locked(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("submission", "submission__unit", "submission__round").get(pk=item.pk)


def record_measures(item: Item, user, measures: str, report: bool) -> Item:
    """The unit writes its 整改措施 (while open or returned); report=True sends them for acceptance."""
    with transaction.atomic():
        fresh = _locked(item)
        if fresh.state not in Item.UNIT_EDITABLE:
            raise Refused(f"整改事项状态为“{fresh.get_state_display()}”，不能修改整改措施")
        text = _text(measures, "整改措施") if report else measures.strip()[:MAX_TEXT]
        old = fresh.measures
        fresh.measures = text
        if report:
            fresh.state = Item.REPORTED
        fresh.save()
        log(user, HistoryEntry.CHANGE, submission=fresh.submission, field=f"整改事项 {fresh.pk}{scoring.SEP}整改措施", old=old, new=text,
            comment="报送整改情况" if report else "")
    return fresh


def add_evidence(item: Item, user, filename: str, content: bytes) -> ItemEvidence:
    name = store.clean_name(filename)
    if len(content) > store.settings.EVIDENCE_MAX_BYTES:
        raise Refused(f"{name}：文件过大（上限 {store.settings.EVIDENCE_MAX_BYTES:,} 字节）")
    try:
        _kind, content_type = store.check(name, content)
    except store.EvidenceRejected as rejected:
        raise Refused(str(rejected)) from None
    with transaction.atomic():
        fresh = _locked(item)
        if fresh.state not in Item.UNIT_EDITABLE:
            raise Refused(f"整改事项状态为“{fresh.get_state_display()}”，不能上传材料")
        digest = store.store(content)
        evidence = ItemEvidence.objects.create(item=fresh, original_name=name, sha256=digest, size=len(content), content_type=content_type, uploaded_by=user)
        log(user, HistoryEntry.UPLOAD, submission=fresh.submission, field=f"整改事项 {fresh.pk}{scoring.SEP}佐证材料", new=f"{name}（{digest[:12]}）")
    return evidence


def close(item: Item, user, accept: bool, comment: str) -> Item:
    """The reviewer accepts the reported measures (验收) or returns them with a reason."""
    comment = comment.strip()[:MAX_TEXT]
    if not accept and not comment:
        raise Refused("退回须写明意见")
    with transaction.atomic():
        fresh = _locked(item)
        if fresh.state != Item.REPORTED:
            raise Refused(f"整改事项状态为“{fresh.get_state_display()}”：单位报送整改情况后才能验收或退回")
        old = fresh.get_state_display()
        fresh.state, fresh.comment = (Item.ACCEPTED, comment) if accept else (Item.RETURNED, comment)
        fresh.closed = date.today() if accept else None
        fresh.save()
        log(user, HistoryEntry.TRANSITION, submission=fresh.submission, field=f"整改事项 {fresh.pk}", old=old, new=fresh.get_state_display(), comment=comment)
    return fresh


def visible_items(user, round_: Round):
    """The 台账 a person may see: a 财政局 its region's, a 主管部门 its units', a unit its own."""
    seen = Submission.objects.filter(round=round_).filter(access.submission_scope(user)).values("id")
    return Item.objects.filter(submission__in=seen).select_related("submission", "submission__unit", "submission__unit__parent")


def open_items_before(submission: Submission):
    """Last years' items of this unit not yet accepted: shown on this year's self-evaluation."""
    return Item.objects.filter(submission__unit=submission.unit, submission__round__year__lt=submission.round.year).exclude(
        state=Item.ACCEPTED).select_related("submission__round").order_by("deadline")


def reviewer_of_unit(user, submission) -> bool:
    return submission.unit.parent_id in access.orgs_with_role(user, Membership.REVIEWER)
