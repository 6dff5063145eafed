"""State changes of rounds and submissions, each with its history in one transaction.

Views call these and nothing else writes a submission. A stale version raises Stale; a
transition that is not allowed raises Refused with the reasons in Chinese.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from jixiao.model.framework import Framework
from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds import scoring
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds.models import DepartmentReport, Evidence, HistoryEntry, ReviewScore, Round, Submission
from jixiao.web.rounds.scoring import SEP


class Refused(Exception):
    def __init__(self, reasons: list[str] | str):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("；".join(self.reasons))


class BadVersion(Refused):
    """A write that takes a version came without a valid one: refused rather than saved unchecked (400)."""

    def __init__(self):
        super().__init__("页面缺少有效的版本标记，未保存：请重新载入页面后再填写")


def parse_version(value: object) -> int:
    """The version a write is based on: a whole number from 1 up, as the page or the API sent it, else BadVersion."""
    if isinstance(value, bool):
        raise BadVersion()
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        number = int(value.strip())
    else:
        raise BadVersion()
    if number < 1:
        raise BadVersion()
    return number


@dataclass
class Stale(Exception):
    """The submission changed since the person loaded it: both versions, nothing overwritten."""

    current: Submission
    based_on: int
    attempted: dict[str, str]

    def __str__(self) -> str:
        saves = self.current.version - self.based_on
        since = f"您打开页面后又保存过 {saves} 次" if saves > 0 else "您打开的页面已不是最新内容"
        return f"此填报已被他人修改（{since}），您的修改未保存"


def log(user, action: str, *, submission=None, round_=None, organisation=None, field="", old="", new="", comment="") -> HistoryEntry:
    if submission is not None:
        round_ = round_ or submission.round
        organisation = organisation or submission.unit
    return HistoryEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        submission=submission,
        round=round_,
        organisation=organisation,
        field=field,
        old=old,
        new=new,
        comment=comment,
        version=submission.version if submission is not None else None,
    )


def flatten(raw: dict, prefix: tuple = ()) -> dict[str, str]:
    """Every field of a raw facts mapping as key → shown text, to diff two versions."""
    out: dict[str, str] = {}
    for key, value in raw.items():
        loc = prefix + (key,)
        if isinstance(value, dict):
            out.update(flatten(value, loc))
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            for index, item in enumerate(value):
                out.update(flatten(item, loc + (index,)))
        elif isinstance(value, list):  # as its field shows it (评分要点 “3,4”)
            out[scoring.field_key(loc)] = scoring.list_text(str(key), value)
        else:
            out[scoring.field_key(loc)] = scoring.get_value({"v": value}, "v")
    return out


def _locked(submission: Submission, version: int | None, attempted: dict[str, str], checked: bool = True) -> Submission:
    """The submission locked for this write; a write that edits the facts (checked) must name a valid version."""
    if checked:
        version = parse_version(version)
    fresh = Submission.objects.select_for_update().select_related("round", "unit").get(pk=submission.pk)
    if checked and fresh.version != version:
        raise Stale(fresh, version, attempted)
    return fresh


def _write_facts(fresh: Submission, user, new_raw: dict, comment: str = "") -> Submission:
    before, after = flatten(fresh.facts), flatten(new_raw)
    changed = sorted(key for key in before.keys() | after.keys() if before.get(key, "") != after.get(key, ""))
    if not changed:
        return fresh
    fresh.facts, fresh.version, fresh.updated_by = new_raw, fresh.version + 1, user
    fresh.save()
    for key in changed:
        log(user, HistoryEntry.CHANGE, submission=fresh, field=key, old=before.get(key, ""), new=after.get(key, ""), comment=comment)
    return fresh


def _editable(fresh: Submission) -> None:
    if not fresh.editable:
        raise Refused(f"填报状态为“{fresh.get_state_display()}”，不能修改")


def save_fields(submission: Submission, user, changes: dict[str, str], version: int | None) -> Submission:
    with transaction.atomic():
        fresh = _locked(submission, version, changes)
        _editable(fresh)
        wrong = [key for key, text in changes.items() if not scoring.editable(key, fresh.facts) or len(text) > scoring.MAX_TEXT]
        if wrong:
            raise Refused([f"不能填写字段“{scoring.field_title(key)}”（未知的字段，或超过 {scoring.MAX_TEXT} 字）" for key in wrong])
        raw = fresh.facts
        for key, text in changes.items():
            raw = scoring.set_value(raw, key, text)
        return _write_facts(fresh, user, raw)


def replace_facts(submission: Submission, user, raw: dict, source: str, version: int | None) -> Submission:
    """An uploaded 填报表 or YAML replaces the draft's facts (already validated by the caller)."""
    with transaction.atomic():
        fresh = _locked(submission, version, {"上传": source})
        _editable(fresh)
        fresh = _write_facts(fresh, user, raw, comment=f"上传 {source}")
        log(user, HistoryEntry.UPLOAD, submission=fresh, field="填报数据", new=source)
        return fresh


def add_slot_row(submission: Submission, user, slot: str, group: str | None, version: int | None) -> Submission:
    with transaction.atomic():
        fresh = _locked(submission, version, {"添加个性指标": slot})
        _editable(fresh)
        raw = copy.deepcopy(fresh.facts)
        rows = list((raw.get("slots") or {}).get(slot) or [])
        rows.append({"name": f"个性指标{len(rows) + 1}", "weight": "0", **({"group": group} if group else {})})
        raw.setdefault("slots", {})[slot] = rows
        return _write_facts(fresh, user, raw)


def remove_slot_row(submission: Submission, user, slot: str, index: int, version: int | None) -> Submission:
    with transaction.atomic():
        fresh = _locked(submission, version, {"删除个性指标": f"{slot} 第 {index + 1} 项"})
        _editable(fresh)
        raw = copy.deepcopy(fresh.facts)
        rows = list((raw.get("slots") or {}).get(slot) or [])
        if not 0 <= index < len(rows):
            raise Refused("该个性指标已不存在")
        del rows[index]
        raw["slots"][slot] = rows
        return _write_facts(fresh, user, raw)


def add_evidence(submission: Submission, user, path: str, name: str, sha256: str, size: int, content_type: str) -> Evidence:
    """Record a stored file as evidence of a row (or of the whole submission) while the draft is editable."""
    with transaction.atomic():
        fresh = _locked(submission, None, {}, checked=False)
        if not fresh.editable:
            raise Refused(f"填报状态为“{fresh.get_state_display()}”，不能上传材料")
        item = Evidence.objects.create(submission=fresh, path=path, original_name=name, sha256=sha256, size=size, content_type=content_type, uploaded_by=user)
        log(user, HistoryEntry.UPLOAD, submission=fresh, field=f"佐证材料{SEP}{path or '整份填报'}", new=f"{name}（{sha256[:12]}）")
        return item


def explain(submission: Submission, user, key: str, text: str) -> Submission:
    if len(key) > 1000 or len(text) > scoring.MAX_TEXT:
        raise Refused(f"说明过长（上限 {scoring.MAX_TEXT} 字）")
    with transaction.atomic():
        fresh = _locked(submission, None, {}, checked=False)
        _editable(fresh)
        old = str(fresh.explanations.get(key, ""))
        if old == text.strip():
            return fresh
        fresh.explanations = {**fresh.explanations, key: text.strip()}
        fresh.save(update_fields=["explanations", "updated"])
        log(user, HistoryEntry.CHANGE, submission=fresh, field=f"问题说明{SEP}{key}", old=old, new=text.strip())
        return fresh


def _transition(fresh: Submission, user, allowed_from: tuple[str, ...], to: str, comment: str) -> Submission:
    if fresh.state not in allowed_from:
        raise Refused(f"填报状态为“{fresh.get_state_display()}”，不能执行此操作")
    old = fresh.get_state_display()
    fresh.state = to
    fresh.save(update_fields=["state", "updated"])
    log(user, HistoryEntry.TRANSITION, submission=fresh, field="状态", old=old, new=fresh.get_state_display(), comment=comment)
    return fresh


def submit(submission: Submission, user, framework: Framework) -> Submission:
    with transaction.atomic():
        fresh = _locked(submission, None, {}, checked=False)
        if fresh.state not in Submission.EDITABLE:
            raise Refused(f"填报状态为“{fresh.get_state_display()}”，不能提交")
        from jixiao.web.deadlines import services as deadlines  # the unit's due date, extensions included

        try:
            deadlines.check_open(fresh)
        except deadlines.Refused as late:
            raise Refused(late.reasons) from None
        scored = scoring.score(fresh.facts, framework)
        reasons = scored.blocking()
        reasons += [f"警告须写明说明：{scoring.finding_title(finding)}：{finding.message}" for finding in scored.unexplained_warnings(fresh.explanations)]
        if reasons:
            raise Refused(reasons)
        return _transition(fresh, user, Submission.EDITABLE, Submission.SUBMITTED, f"提交时总分 {scored.evaluation.total}")


def _department_reported(fresh: Submission) -> bool:
    return DepartmentReport.objects.filter(round=fresh.round, department=fresh.unit.parent, state=DepartmentReport.REPORTED).exists()


def return_submission(submission: Submission, user, comment: str) -> Submission:
    if not comment.strip():
        raise Refused("退回须写明意见")
    with transaction.atomic():
        fresh = _locked(submission, None, {}, checked=False)
        if _department_reported(fresh):
            raise Refused("主管部门已报送汇总表，须先由财政局退回")
        return _transition(fresh, user, (Submission.SUBMITTED, Submission.APPROVED), Submission.RETURNED, comment.strip())


def approve(submission: Submission, user, comment: str = "") -> Submission:
    with transaction.atomic():
        fresh = _locked(submission, None, {}, checked=False)
        return _transition(fresh, user, (Submission.SUBMITTED,), Submission.APPROVED, comment.strip())


def parse_points(text: str, weight: Decimal, bonus: bool = False) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise Refused(f"复核得分应为数字，收到“{text}”") from None
    low = -weight if bonus else Decimal(0)
    if not value.is_finite() or not low <= value <= weight:
        raise Refused(f"复核得分应在 {low} 至 {weight} 之间")
    if value != value.quantize(Decimal("0.0001")):
        raise Refused("复核得分最多 4 位小数")
    return value


def set_review_score(submission: Submission, user, stage: str, path: str, text: str, reason: str, framework: Framework) -> Submission:
    """复核得分 for one row (empty text removes it); 主管部门 while submitted, 财政局 抽查 any time after submit."""
    with transaction.atomic():
        fresh = _locked(submission, None, {}, checked=False)
        if stage == ReviewScore.DEPARTMENT and fresh.state != Submission.SUBMITTED:
            raise Refused("只有已提交、待审核的填报可以复核")
        if stage == ReviewScore.FINANCE and fresh.state in Submission.EDITABLE:
            raise Refused("填报尚未提交，不能抽查")
        evaluation = scoring.score(fresh.facts, framework).evaluation
        row = next((r for r in (evaluation.rows if evaluation else ()) if "/".join(r.path) == path), None)
        if row is None:
            raise Refused(f"没有指标“{path}”")
        existing = ReviewScore.objects.filter(submission=fresh, stage=stage, path=path).first()
        old = "" if existing is None else f"{existing.score.normalize():f}（{existing.reason}）"
        if not text.strip():
            if existing is not None:
                existing.delete()
                log(user, HistoryEntry.REVIEW, submission=fresh, field=f"复核得分{SEP}{path}", old=old, new="", comment="撤销")
            return fresh
        value = parse_points(text, row.weight, row.bonus)
        if not reason.strip():
            raise Refused("复核得分须写明理由")
        ReviewScore.objects.update_or_create(submission=fresh, stage=stage, path=path, defaults={"score": value, "reason": reason.strip(), "by": user})
        log(user, HistoryEntry.REVIEW, submission=fresh, field=f"复核得分{SEP}{path}", old=old, new=f"{value.normalize():f}（{reason.strip()}）")
        return fresh


def attach_evidence(submission: Submission, user, filename: str, size: int, read, path: str, state) -> Evidence:
    """An uploaded file checked (row, size, content type), stored by hash and recorded by add_evidence.

    Shared by the page and the API; read() gives the content once the size is known to be within the limit."""
    name = store.clean_name(filename)
    rows = {"/".join(p) for p, node in state.framework.walk() if node.is_leaf} | {"/".join(r.path) for r in (state.evaluation.rows if state.evaluation else ())}
    if path and path not in rows:
        raise Refused(f"{name}：没有指标“{path}”")
    if size > store.settings.EVIDENCE_MAX_BYTES:
        raise Refused(f"{name}：文件过大（上限 {store.settings.EVIDENCE_MAX_BYTES:,} 字节）")
    content = read()
    try:
        _kind, content_type = store.check(name, content)
    except store.EvidenceRejected as rejected:
        raise Refused(str(rejected)) from None
    return add_evidence(submission, user, path, name, store.store(content), len(content), content_type)


def report_department(round_: Round, department: Organisation, user) -> DepartmentReport:
    with transaction.atomic():
        # Locked so that two clicks (or two reviewers) report once: the second is refused, nothing logged twice.
        current = DepartmentReport.objects.select_for_update().filter(round=round_, department=department).first()
        if current is not None and current.state == DepartmentReport.REPORTED:
            raise Refused("汇总表已报送，无需再次报送（如需修改，须先由财政局退回）")
        pending = round_.submissions.filter(unit__parent=department).exclude(state=Submission.APPROVED).select_related("unit")
        if pending:
            raise Refused([f"{s.unit.name}：{s.get_state_display()}，尚未审核通过" for s in pending])
        report, _ = DepartmentReport.objects.update_or_create(round=round_, department=department, defaults={"state": DepartmentReport.REPORTED, "comment": ""})
        log(user, HistoryEntry.TRANSITION, round_=round_, organisation=department, field="汇总表", new="已报送")
        return report


def return_report(round_: Round, department: Organisation, user, comment: str) -> DepartmentReport:
    if not comment.strip():
        raise Refused("退回须写明意见")
    with transaction.atomic():
        report = DepartmentReport.objects.select_for_update().filter(round=round_, department=department, state=DepartmentReport.REPORTED).first()
        if report is None:
            raise Refused("该主管部门尚未报送")
        report.state, report.comment = DepartmentReport.RETURNED, comment.strip()
        report.save()
        log(user, HistoryEntry.TRANSITION, round_=round_, organisation=department, field="汇总表", old="已报送", new="已退回", comment=comment.strip())
        return report


def open_round(region: Organisation, user, *, year: int, title: str, framework_id: str, units, framework_file: bytes = b"", framework_filename: str = "", submit_deadline=None, review_deadline=None) -> Round:
    with transaction.atomic():
        round_ = Round.objects.create(
            region=region, year=year, title=title, framework_id=framework_id, framework_text=framework_file,
            framework_filename=framework_filename, submit_deadline=submit_deadline, review_deadline=review_deadline,
        )
        # One insert per 500 drafts: a province's round of 5,000 units opens in seconds (bench/web.py).
        Submission.objects.bulk_create(
            [Submission(round=round_, unit=unit, facts=scoring.new_draft(unit.name, year, framework_id or framework_filename)) for unit in units], batch_size=500
        )
        log(user, HistoryEntry.TRANSITION, round_=round_, organisation=region, field="评价批次", new=f"开启 {title}（{len(units)} 个单位）")
        return round_
