"""The fill-in page's fields and indicator rows as HTML, written in Python.

A 5,000-unit province loads this page all day; rendered with one template include per field (some 350
of them) it cost ~30 ms of CPU, three quarters of the page. These functions write the same markup the
templates did, escaping every value as Django's autoescape does, in a few milliseconds. The page
template (submission.html, live.html) still lays out everything else and calls them through the
tags in templatetags/page_text.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from jixiao.web.rounds.scoring import on_page
from jixiao.web.rounds.sheet import MORE_SUMMARY, Field, Line, element_id

DASH = "—"
ALERT = '<span role="alert">{}</span>'
OOB = ' hx-swap-oob="true"'  # swapped in by id out of band (htmx), in a save's answer
# The live-save attributes of an editable field (htmx): typing saves after a pause, changes at once.
_TYPED = ' hx-post="{url}" hx-trigger="input changed delay:500ms, change" hx-include="#version" hx-swap="none" hx-sync="#sheet:queue all"'
_CHOSEN = ' hx-post="{url}" hx-trigger="change" hx-include="#version" hx-swap="none" hx-sync="#sheet:queue all"'


def text(value: object) -> str:
    """A value as `{{ value }}` shows it: SafeStrings as they are, numbers localised, everything else escaped."""
    if isinstance(value, SafeString):
        return str(value)
    if not isinstance(value, str):
        value = str(localize(value))
    return escape(value)


def or_dash(value: object) -> str:
    """`{{ value|default_if_none:"—" }}`."""
    return DASH if value is None else text(value)


@dataclass
class RowPage:
    """What the rows need from the page around them: who may edit, its URLs, version, CSRF field and evidence."""

    can_edit: bool
    submission_pk: int
    version: int
    csrf_input: str  # the page's own {% csrf_token %} field, so every form carries the same token
    evidence: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.save_url = escape(reverse("save", args=[self.submission_pk]))
        self._by_path: dict[str, list] = {}
        for item in self.evidence:
            self._by_path.setdefault(item.path, []).append(item)

    def evidence_at(self, path: str) -> list:
        return self._by_path.get(path, [])


def field_html(f: Field, page: RowPage) -> str:
    """One field: label, input / textarea / select (live-saved when editable), hint and its error slot."""
    fid, key, value = f.id, escape(f.key), escape(f.value)
    edit = (_CHOSEN if f.widget == "select" else _TYPED).format(url=page.save_url) if page.can_edit else " disabled"
    out = [f'<div class="field{" wide" if f.widget == "textarea" else ""}">\n<label for="{fid}">{escape(f.label)}</label>\n']
    if f.widget == "textarea":
        out.append(f'<textarea id="{fid}" name="{key}" rows="2"{edit}>{value}</textarea>\n\n')
    elif f.widget == "select":
        options = "".join(f'<option value="{escape(c)}"{" selected" if c == f.value else ""}>{escape(c) if c else DASH}</option>' for c in f.choices)
        out.append(f'<select id="{fid}" name="{key}"{edit}>{options}</select>\n\n')
    else:
        out.append(f'<input id="{fid}" name="{key}" value="{value}"{edit}>\n')
    if f.hint:
        out.append(hint_html(f))
    out.append(f'\n{errors_html(f)}\n</div>\n')
    return "".join(out)


def hint_html(f: Field, oob: bool = False) -> str:
    """A field's hint (金额（万元）), swapped live when it changes: the 金额单位 names the unit of every amount."""
    return f'<small class="hint" id="{element_id("h", f.key)}"{OOB if oob else ""}>{escape(f.hint)}</small>'


def errors_html(f: Field, oob: bool = False) -> str:
    spans = "；".join(ALERT.format(escape(on_page(e))) for e in f.errors)  # two messages never run together
    if f.notes:
        spans += "".join(f'<span class="field-note">{escape(on_page(n))}</span>' for n in f.notes)
    return f'<div class="field-error" id="{f.error_id}"{OOB if oob else ""}>{spans}</div>'


def fields_html(fields: list[Field], page: RowPage) -> str:
    return "".join(field_html(f, page) for f in fields)


def score_html(line: Line, oob: bool = False) -> str:
    """A row's or subtotal's score, swapped live after each save."""
    return f'<span class="score" id="s-{line.id}"{OOB if oob else ""}>{or_dash(line.score)}</span>\n'


def basis_html(line: Line, oob: bool = False) -> str:
    """A row's 评分依据 and findings, swapped live after each save."""
    basis = f"评分依据：{escape(line.basis)}" if line.basis else ""
    findings = "".join(f'<div class="sev-{escape(str(f.severity))}">{escape(on_page(f.message))}</div>' for f in line.findings)
    return f'<div class="basis" id="b-{line.id}"{OOB if oob else ""}>{basis}{findings}</div>\n'


REASON_KEYS = ("|reason", "|improvement")


def reasons_html(line: Line, page: RowPage, oob: bool = False) -> str:
    """未达标原因 and 改进措施 in a fold: open where the row loses points or they were written, else on demand.
    Swapped live only when the row starts or stops losing points (never while its own boxes are typed in)."""
    from jixiao.web.rounds.attention import needs_reasons, reasons_id

    fields = [f for f in line.fields if f.key.endswith(REASON_KEYS)]
    if not fields:
        return ""
    summary = "未达标原因、改进措施" + ("（本指标失分，请填写）" if line.loses_points else "（未失分，可不填）")
    opened = " open" if needs_reasons(line) else ""
    return (
        f'<details class="reasons" id="{reasons_id(line)}"{opened}{OOB if oob else ""}><summary>{summary}</summary>'
        f'<div class="fields">{fields_html(fields, page)}</div></details>\n'
    )


def lines_html(lines: list[Line], page: RowPage) -> SafeString:
    """The 指标评分 card's rows: subtotals, 个性指标 slots with their add form, and each row with its fields."""
    return mark_safe("".join(_line_html(line, page) for line in lines))


def _line_html(line: Line, page: RowPage) -> str:
    name, weight, depth = escape(line.name), text(line.weight), line.depth
    if line.kind == "parent":
        return f'\n<h3 class="parent depth-{depth}">{name}（{weight} 分）小计 <span class="subtotal">{score_html(line)}</span></h3>\n\n'
    if line.kind == "slot":
        head = f'\n<h3 class="parent depth-{depth}">{name}（个性指标，共 {weight} 分，各项分值须合计为 {weight}）小计 {score_html(line)}</h3>\n'
        if not page.can_edit:
            return head + "\n\n"
        groups = ""
        if line.groups:
            options = "".join(f"<option>{escape(g)}</option>" for g in line.groups)
            groups = f'<label for="g-{line.id}">类别</label><select id="g-{line.id}" name="group">{options}</select>'
        action = escape(reverse("slot_add", args=[page.submission_pk]))
        return (
            f'{head}<form method="post" action="{action}" class="inline">{page.csrf_input}<input type="hidden" name="version" value="{page.version}" class="form-version">'
            f'<input type="hidden" name="slot" value="{escape(line.path)}">\n{groups}\n<button type="submit">添加个性指标</button></form>\n\n'
        )
    live = line.kind != "part"
    out = [
        f'\n\n<article class="row depth-{depth} kind-{escape(line.kind)}" id="{line.id}">\n'
        f'<div class="row-head"><span class="name">{name}</span> <span class="weight">{weight} 分</span> <span class="rule">{escape(line.rule)}</span>\n'
        f'{"得分 " + score_html(line) if live else ""}</div>\n'
    ]
    if line.standard:
        out.append(f'<details><summary>评分标准</summary><pre class="standard">{escape(line.standard)}</pre></details>')
    out.append(f"\n{basis_html(line) if live else ''}\n")
    if line.review:
        out.append(f'<div class="review-note">主管部门复核得分 {text(line.review.score.normalize())}：{escape(line.review.reason)}</div>')
    out.append("\n")
    for item in page.evidence_at(line.path):
        out.append(f'<div class="evidence-link">佐证材料：<a href="{escape(reverse("evidence_download", args=[item.pk]))}">{escape(item.original_name)}</a></div>')
    main = [f for f in line.fields if not f.key.endswith(REASON_KEYS)]
    out.append(f'\n<div class="fields">{fields_html(main, page)}</div>\n')
    out.append(reasons_html(line, page))
    if line.more:
        out.append(f'<details class="more"><summary>{MORE_SUMMARY}</summary><div class="fields">{fields_html(line.more, page)}</div></details>')
    out.append("\n")
    if line.kind == "slotrow" and page.can_edit:
        action = escape(reverse("slot_remove", args=[page.submission_pk]))
        out.append(
            f'<form method="post" action="{action}" class="inline">{page.csrf_input}<input type="hidden" name="version" value="{page.version}" class="form-version">'
            f'<input type="hidden" name="slot" value="{escape(line.slot)}"><input type="hidden" name="index" value="{text(line.slot_index)}"><button type="submit">删除</button></form>'
        )
    out.append("\n</article>\n\n")
    return "".join(out)


def review_open(stage: str, state: str) -> bool:
    """Whether this stage may give 复核得分 now: the 主管部门 while submitted, the 财政局 any time after."""
    from jixiao.web.rounds.models import ReviewScore, Submission

    return (stage == ReviewScore.DEPARTMENT and state == Submission.SUBMITTED) or (
        stage == ReviewScore.FINANCE and state not in (Submission.DRAFT, Submission.RETURNED)
    )


def review_rows_html(lines: list[Line], page: RowPage, stage: str, state: str, typed: dict | None) -> SafeString:
    """The review page's 逐项复核 table body: each scored row with its 复核得分 form while this stage may score."""
    scoring_open = review_open(stage, state)
    return mark_safe("".join(review_row_html(line, page, stage, scoring_open, typed) for line in lines if line.kind in ("leaf", "slotrow")))


def review_row_html(line: Line, page: RowPage, stage: str, scoring_open: bool, typed: dict | None, oob: bool = False) -> str:
    """One row of 逐项复核; its form saves in place (htmx) and the answer swaps the row back in, out of band."""
    from jixiao.web.rounds.models import ReviewScore

    action = escape(reverse("review_score", args=[page.submission_pk]))
    path = escape(line.path)
    findings = "".join(f'<div class="sev-{escape(str(f.severity))}">{escape(on_page(f.message))}</div>' for f in line.findings)
    links = "".join(f'<div><a href="{escape(reverse("evidence_download", args=[e.pk]))}">{escape(e.original_name)}</a></div>' for e in page.evidence_at(line.path))
    out = [
        f'\n<tr id="rv-{line.id}"{OOB if oob else ""}>\n<td>{path}</td><td class="num">{text(line.weight)}</td>\n<td class="num">{or_dash(line.stated)}</td>\n'
        f'<td class="num">{or_dash(line.score)}</td>\n<td class="num">{_given(line.review)}</td>\n<td class="num">{_given(line.finance_review)}</td>\n'
        f"<td><small>{escape(line.basis)}</small>{findings}\n{links}</td>\n<td>"
    ]
    if scoring_open:
        mine = line.review if stage == ReviewScore.DEPARTMENT else line.finance_review
        retyped = typed is not None and typed.get("path") == line.path
        score = escape(str(typed.get("score", ""))) if retyped else ("" if mine is None else text(mine.score.normalize()))
        reason = escape(str(typed.get("reason", ""))) if retyped else ("" if mine is None else escape(mine.reason or ""))
        errors = f'<div class="field-error">{"".join(ALERT.format(escape(str(e))) for e in typed.get("errors", ()))}</div>' if retyped else ""
        name = escape(line.name)
        out.append(
            f'\n<form method="post" action="{action}" hx-post="{action}" hx-swap="none">{page.csrf_input}\n<input type="hidden" name="stage" value="{escape(stage)}"><input type="hidden" name="path" value="{path}">\n'
            f'<label for="rs-{line.id}">{name}：复核得分</label><input id="rs-{line.id}" name="score" size="5" value="{score}">\n'
            f'<label for="rr-{line.id}">{name}：复核理由</label><input id="rr-{line.id}" name="reason" value="{reason}">\n{errors}\n<button type="submit">保存复核</button></form>'
        )
    out.append("</td>\n</tr>")
    return "".join(out)


def _given(review) -> str:
    """A 复核得分 cell: the score and its reason, or a dash."""
    return DASH if not review else f"{text(review.score.normalize())}<br><small>{escape(review.reason)}</small>"
