"""What on a submission still needs the unit's attention: the 问题说明 each warning needs, the rows to go back to
(missing figures, lost points without reasons, errors), and the latest 退回意见.

Built from the scored facts and the sheet like the rest of the page, so each save can re-send what changed.
"""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.web.rounds.scoring import Scored, finding_key, finding_title, on_page
from jixiao.web.rounds.sheet import Line, Sheet, element_id

# What a finding asks of the unit, by its code, in the words of the 待处理 list (others: by severity).
NEEDS = {
    "missing-figure": "缺少数据",
    "judgement-missing": "须填写评定得分和评分依据",
    "lost-points-without-reason": "失分未写明原因",
}


@dataclass(frozen=True)
class Explanation:
    """A warning that needs a 问题说明 before submitting, with what the unit wrote."""

    key: str
    title: str  # the indicator's path (部门绩效/经济性/公用经费控制率) or the field, as the page names it
    message: str
    text: str

    @property
    def id(self) -> str:
        return element_id("x", self.key)

    @property
    def explained(self) -> bool:
        return bool(self.text.strip())

    @property
    def label(self) -> str:
        return f"{self.title}：{self.message}"


def explanation_items(scored: Scored, explanations: dict) -> list[Explanation]:
    """Warnings with the explanation written for each: they need one to submit (errors must be corrected instead)."""
    out = []
    for finding in scored.findings:
        if finding.severity != "warning" or finding.blocking:
            continue
        key = finding_key(finding)
        out.append(Explanation(key, finding_title(finding), on_page(finding.message), str(explanations.get(key, ""))))
    return out


def explanations_shown(items: list[Explanation]) -> tuple:
    """What the list shows apart from the texts: a save re-sends the whole list when this changes."""
    return tuple((item.key, item.label) for item in items)


@dataclass(frozen=True)
class Todo:
    """One place the unit still has to go back to: a row (its element id) or a field, and what it needs."""

    target: str  # element id on the page
    title: str
    needs: tuple[str, ...]


def todo_items(sheet: Sheet, scored: Scored, explanations: dict) -> list[Todo]:
    """Rows with missing figures, lost points without reasons (unless explained) or errors, and fields typed wrong, in page order."""
    lines = {line.path: line for line in sheet.lines if line.kind in ("leaf", "slotrow")}
    needs: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for finding in scored.findings:
        if finding.severity == "warning" and str(explanations.get(finding_key(finding), "")).strip():
            continue  # answered by its 问题说明
        path = "/".join(finding.path)
        need = NEEDS.get(finding.code) or ("有错误" if finding.severity == "error" else "")
        if not need or path not in lines:
            continue
        line = lines[path]
        titles[line.id] = path
        if need not in needs.setdefault(line.id, []):
            needs[line.id].append(need)
    # Fields typed wrong: at the row they belong to, else at the field itself.
    for f in sheet.all_fields:
        if not f.errors:
            continue
        owner = next((line for line in sheet.lines if f in line.fields or f in line.more), None)
        target = owner.id if owner is not None and owner.kind != "part" else f.id
        titles.setdefault(target, owner.path if owner is not None else f.label)
        if "填写有误" not in needs.setdefault(target, []):
            needs[target].append("填写有误")
    for items in needs.values():
        # A row short of its figures or its judgement loses points for that reason: ask for the data first.
        if {NEEDS["missing-figure"], NEEDS["judgement-missing"]} & set(items) and NEEDS["lost-points-without-reason"] in items:
            items.remove(NEEDS["lost-points-without-reason"])
    order = {line.id: index for index, line in enumerate(sheet.lines)}
    return sorted((Todo(target, titles[target], tuple(items)) for target, items in needs.items()), key=lambda t: order.get(t.target, -1))


def needs_reasons(line: Line) -> bool:
    """Whether a row asks for 未达标原因 and 改进措施 at once: it loses points, or they were written (or typed wrong)."""
    given = any(f.value.strip() or f.errors for f in line.fields if f.key.endswith(("|reason", "|improvement")))
    return given or line.loses_points


def reasons_id(line: Line) -> str:
    return element_id("rs", line.anchor or line.path)


def latest_returns(submission_ids) -> dict:
    """submission id → its latest 退回 (a history entry: comment, user, at), for the ones that were returned."""
    from jixiao.web.rounds.models import HistoryEntry, Submission

    returned = dict(Submission.STATES)[Submission.RETURNED]
    entries = HistoryEntry.objects.filter(submission_id__in=list(submission_ids), action=HistoryEntry.TRANSITION, field="状态", new=returned)
    latest: dict = {}
    for entry in entries.select_related("user").order_by("at", "id"):
        latest[entry.submission_id] = entry
    return latest


def latest_return(submission):
    """The latest 退回 of a submission while it is returned, else None (a resubmitted one has been answered)."""
    if submission.state != submission.RETURNED:
        return None
    return latest_returns([submission.pk]).get(submission.pk)
