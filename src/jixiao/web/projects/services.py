"""A project submission as the library sees it: its raw project mapping, scored by jixiao.projects and the engine.

The page's fields are keyed `funds|年度资金总额|spent`, `ind|<三级指标>|actual`, `text|conclusion`; a problem the
loader finds (it names `indicators.2.actual`) is put back at its field, in the page's words.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.loaders.frameworks import load_framework
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import dotted
from jixiao.model.quantity import MONEY_UNITS, format_count
from jixiao.model.result import Where
from jixiao.projects.load import build_project, load_targets
from jixiao.projects.targets import ProjectTargets
from jixiao.review import evaluate_and_check
from jixiao.web.rounds.scoring import on_page

FUNDS_LINES = ("年度资金总额", "财政拨款", "上年结转资金", "其他资金")
FUND_FIELDS = (("initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数"))
INDICATOR_FIELDS = ("actual", "state", "score", "basis", "reason")
TEXTS = (
    ("execution_reason", "执行率偏差原因分析及改进措施"), ("adjustment", "年中预算调整原因"), ("goal_achieved", "年度总体目标实际完成情况"),
    ("conclusion", "评价结论"), ("problems", "存在问题"), ("improvements", "改进措施"),
)
STATES = ("达成", "部分达成", "未达成")
# The loader's field names, as the page calls them.
PAGE_NAMES = {
    "actual": "实际完成值", "state": "完成状态", "score": "评定得分", "basis": "评分依据", "reason": "偏差原因分析及改进措施", "value": "年度指标值",
    "weight": "分值", "nature": "指标性质", "execution_reason": "执行率偏差原因", "adjustment": "预算调整原因", "spent": "全年执行数",
    "budget": "全年预算数", "initial": "年初预算数",
}
_BRACKETED = re.compile(r"（(" + "|".join(sorted(PAGE_NAMES, key=len, reverse=True)) + r")）")
_BARE = re.compile(r"(?<![A-Za-z_])(" + "|".join(sorted(PAGE_NAMES, key=len, reverse=True)) + r")(?![A-Za-z_])")


def page_text(message: str) -> str:
    """A library message with the page's names for its fields."""
    return on_page(_BARE.sub(lambda m: PAGE_NAMES[m.group(1)], _BRACKETED.sub("", message)))


def targets_json(targets: ProjectTargets) -> dict:
    """A ProjectTargets as stored with the submission (the 目标表's own fields)."""
    return {
        "project": targets.project, "department": targets.department, "implementer": targets.implementer, "goal": targets.goal,
        "carried_over": targets.carried_over,
        "budget": None if targets.budget is None else format_count(targets.budget.value / MONEY_UNITS["万元"]),
        "indicators": [
            {"level1": i.level1, "level2": i.level2, "name": i.name, "nature": i.nature, "value": i.value, "unit": i.unit, "weight": format_count(i.weight)}
            for i in targets.indicators
        ],
        "history": [vars(change) for change in targets.history],
    }


def read_targets_upload(name: str, content: bytes) -> list[ProjectTargets]:
    """The projects of an uploaded 绩效目标表 (YAML or xlsx); InputError names the upload, not a server path."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx"):
        raise InputError([_problem(name, "请上传 .yaml 或 .xlsx 格式的绩效目标表")])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            table = load_targets(path)
        except InputError as error:  # the upload's own name and its line or cell, never the server's temporary path
            raise InputError([Problem(Where(name, line=p.where.line, cell=p.where.cell), p.message.replace(str(path), name)) for p in error.problems]) from None
    return list(table.projects)


def _problem(name: str, message: str) -> Problem:
    return Problem(Where(name), message)


def raw_mapping(submission) -> dict:
    targets, facts = submission.targets, submission.facts or {}
    given = facts.get("indicators") or {}
    indicators = []
    for target in targets.get("indicators", []):
        row = {k: target[k] for k in ("level1", "level2", "name", "nature", "value", "unit", "weight") if target.get(k) not in (None, "")}
        row.update({k: v for k, v in (given.get(target["name"]) or {}).items() if k in INDICATOR_FIELDS and v not in (None, "")})
        indicators.append(row)
    funds = {line: {k: v for k, v in values.items() if v not in (None, "")} for line, values in (facts.get("funds") or {}).items()}
    funds = {line: values for line, values in funds.items() if values} or {"年度资金总额": {}}
    department = submission.unit.parent.name if submission.unit.parent_id else submission.unit.name
    raw = {
        "project": submission.project, "department": department, "implementer": targets.get("implementer") or submission.unit.name,
        "year": submission.round.year, "unit": "万元", "framework": submission.framework_id, "carried_over": bool(targets.get("carried_over")),
        "goal": targets.get("goal") or "", "funds": funds, "indicators": indicators,
    }
    raw.update({key: facts[key] for key, _label in TEXTS if facts.get(key)})
    return raw


@dataclass
class Scored:
    facts: object = None
    evaluation: object = None
    field_problems: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> list[str]:
        """What must be put right before submitting: input problems, blocking findings and errors."""
        out = [p for problems in self.field_problems.values() for p in problems] + self.general
        if self.evaluation is not None:
            out += [page_text(f.message) + (f"（{'/'.join(f.path)}）" if f.path else "") for f in self.evaluation.findings if f.severity == "error"]
        return out


def score(submission) -> Scored:
    """The draft scored as far as it goes: a field with a problem is shown at its place and left out, the rest scored."""
    framework = load_framework(submission.framework_id)
    raw = raw_mapping(submission)
    names = [row["name"] for row in raw["indicators"]]
    scored = Scored()
    for _attempt in range(2):
        try:
            facts = build_project(raw, lambda loc: Where(field=dotted(loc)), framework, draft=True, monitored=monitored_for(submission))
        except InputError as error:
            for problem in error.problems:
                key = field_key(problem.where.field, names)
                (scored.field_problems.setdefault(key, []) if key else scored.general).append(page_text(problem.message))
            if scored.general or not _without(raw, error.problems):
                return scored
            continue
        scored.facts, scored.evaluation = facts, evaluate_and_check(framework, facts)
        return scored
    return scored


def _without(raw: dict, problems) -> bool:
    """The raw mapping with the fields the problems name taken out; False when none could be."""
    removed = False
    for problem in problems:
        parts = problem.where.field.split(".")
        if len(parts) >= 3 and parts[0] == "indicators" and parts[1].isdigit() and parts[2] in INDICATOR_FIELDS:
            removed = raw["indicators"][int(parts[1])].pop(parts[2], None) is not None or removed
        elif len(parts) == 3 and parts[0] == "funds":
            removed = raw["funds"].get(parts[1], {}).pop(parts[2], None) is not None or removed
    return removed


def field_key(dotted_field: str, names: list[str]) -> str | None:
    parts = dotted_field.split(".")
    if len(parts) >= 3 and parts[0] == "indicators" and parts[1].isdigit() and int(parts[1]) < len(names):
        return f"ind|{names[int(parts[1])]}|{parts[2]}" if parts[2] in INDICATOR_FIELDS else None
    if len(parts) == 3 and parts[0] == "funds":
        return f"funds|{parts[1]}|{parts[2]}"
    if len(parts) == 1 and parts[0] in dict(TEXTS):
        return f"text|{parts[0]}"
    return None


def facts_from_form(post, submission) -> dict:
    """What the unit typed, kept as typed (text), in the submission's facts."""
    facts: dict = {"funds": {}, "indicators": {}}
    for line in FUNDS_LINES:
        values = {key: post.get(f"funds|{line}|{key}", "").strip() for key, _label in FUND_FIELDS}
        facts["funds"][line] = values
    for target in submission.targets.get("indicators", []):
        facts["indicators"][target["name"]] = {key: post.get(f"ind|{target['name']}|{key}", "").strip() for key in INDICATOR_FIELDS}
    for key, _label in TEXTS:
        facts[key] = post.get(f"text|{key}", "").strip()
    return facts


def monitored_for(submission):
    """The project as the unit's last monitoring of the year left it (jixiao.projects.monitored), or None; looked up
    once per submission object."""
    if not hasattr(submission, "_monitored"):
        from jixiao.web.monitoring.services import last_monitored

        submission._monitored = last_monitored(submission.unit, submission.round.year).get(submission.project)
    return submission._monitored


def initial_facts(targets: dict, monitored=None) -> dict:
    """A new project's facts: the budget from the 目标表, or — when the project was monitored this year — the last
    monitoring period's figures and forecasts as a starting point (jixiao.projects.monitored.prefill)."""
    budget = targets.get("budget")
    facts = {"funds": {"年度资金总额": {"initial": budget or "", "budget": budget or "", "spent": ""}}, "indicators": {}}
    if monitored is None:
        return facts
    from jixiao.projects.monitored import prefill

    start = prefill(targets_of(targets), monitored)
    facts["funds"]["年度资金总额"].update({k: v for k, v in start["funds"].get("年度资金总额", {}).items() if v})
    facts["indicators"] = start["indicators"]
    facts.update(start["texts"])
    return facts


def without_spending(facts: dict) -> bool:
    """No 全年执行数 on any funds line: the funds row lacks its figure (a blocking finding), so the draft has no
    score yet, known without scoring it (tests/web/test_project_speed.py: the same as rescored)."""
    return not any(str((values or {}).get("spent") or "").strip() for values in ((facts or {}).get("funds") or {}).values())


# Rows per INSERT. psycopg keeps its parse of a statement only up to 4 KB (MAX_CACHED_STATEMENT_LENGTH); 50 rows stay
# under it, so each batch is not parsed again: a fifth less CPU on PostgreSQL, the same on SQLite (bench/projects_web.py).
IMPORT_BATCH = 50


def insert_many(model, objects: list) -> None:
    """New rows, without their ids back. On PostgreSQL by COPY: a region's 40,000 projects spent most of their time
    in Django compiling each INSERT's values and psycopg splitting the statement (bench/projects_web.py); COPY sends the
    rows as they are. Each field's value is what Django would save (pre_save, get_db_prep_save), so both paths store
    the same thing (tests/web/test_project_speed.py)."""
    from django.db import connection
    from django.db.models import Expression

    if connection.vendor != "postgresql" or not objects:
        model.objects.bulk_create(objects, batch_size=IMPORT_BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                row = []
                for f in fields:
                    value = f.pre_save(obj, add=True)
                    if isinstance(value, Expression):  # Value(...) given to keep bulk_create's rows plain: its value
                        value = value.value
                    row.append(f.get_db_prep_save(value, connection))
                copy.write_row(row)


def add_projects(round_, user, projects_by_unit: dict, source: str) -> int:
    """Each unit's projects (ProjectTargets) put into the round as new drafts; a project the unit already has in
    the round is left as it is. Returns how many were added. New drafts have no spending yet, so none is scored."""
    from django.db import transaction
    from django.db.models import JSONField, Value

    from jixiao.web.projects.models import ProjectSubmission
    from jixiao.web.rounds.models import HistoryEntry

    from jixiao.web.monitoring.services import last_monitored_by_unit

    units = {unit.pk: unit for unit in projects_by_unit}
    monitored = last_monitored_by_unit(list(projects_by_unit), round_.year)  # the year-end 自评 starts from the last forecasts
    # On PostgreSQL Django packs a batch's columns into arrays (INSERT … UNNEST), and psycopg writes a jsonb[] array
    # by escaping every quote of every JSON value through a regular-expression template: 0.3 ms a project, 87 s for
    # a region's 40,000 (bench/projects_web.py). A value given as an expression keeps the rows a plain VALUES list.
    unscored = Value({"complete": False}, output_field=JSONField())
    with transaction.atomic():
        present = set(ProjectSubmission.objects.filter(round=round_, unit__in=list(units)).values_list("unit_id", "project"))
        new = []
        for unit, projects in projects_by_unit.items():
            for targets in projects:
                if (unit.pk, targets.project) in present:
                    continue
                present.add((unit.pk, targets.project))
                stored = targets_json(targets)
                submission = ProjectSubmission(round_id=round_.pk, unit_id=unit.pk, project=targets.project, targets=stored, facts=initial_facts(stored, monitored.get(unit.pk, {}).get(targets.project)))
                if without_spending(submission.facts):
                    submission.summary = unscored  # {"complete": False}, as an expression: see below
                else:
                    submission.round, submission.unit = round_, unit
                    rescored(submission)
                new.append(submission)
        insert_many(ProjectSubmission, new)
        added: dict[int, int] = {}
        for submission in new:
            added[submission.unit_id] = added.get(submission.unit_id, 0) + 1
        who = user if user is not None and user.is_authenticated else None  # as rounds.services.log records it
        HistoryEntry.objects.bulk_create([
            HistoryEntry(user=who, action=HistoryEntry.UPLOAD, round=round_, organisation=unit, comment=f"导入绩效目标表“{source}”：{added.get(pk, 0)} 个项目")
            for pk, unit in units.items()
        ], batch_size=IMPORT_BATCH)
    return len(new)


def summary_line(submission) -> dict:
    """One row of the round's project view: amounts in 万元 as stored, the score the last save computed."""
    funds = ((submission.facts or {}).get("funds") or {}).get("年度资金总额") or {}

    def amount(key: str) -> Decimal | None:
        try:
            return Decimal(str(funds.get(key))) if funds.get(key) not in (None, "") else None
        except ArithmeticError:
            return None

    budget, spent = amount("budget"), amount("spent")
    rate = f"{(spent / budget * 100):.2f}%" if budget and spent is not None else ""
    return {"submission": submission, "budget": budget, "spent": spent, "rate": rate}


class Refused(Exception):
    """A workflow step that cannot be taken now; the message is for the person."""


def summary_of(scored: "Scored", timeliness_group: str = "时效指标") -> dict:
    """A scored project's figures for the 部门整体 (jixiao.projects.links) and the lists, as plain values."""
    evaluation = scored.evaluation
    if evaluation is None or any(f.blocking for f in evaluation.findings):
        return {"complete": False}
    project = scored.facts.project
    unmet = [i.target.name for i in project.indicators if i.reached is not True]
    late = [i.target.name for i in project.indicators if i.reached is not True and i.target.level2 == timeliness_group]
    values = evaluation.values
    amount = lambda key: format(values[key].value, "f") if key in values else None  # noqa: E731
    return {
        "complete": True, "planned": len(project.indicators), "unmet": unmet, "timely": not late, "has_targets": bool(project.indicators),
        "budget": amount("全年预算数"), "spent": amount("全年执行数"), "total": format(evaluation.total, "f"),
    }


def rescored(submission, scored: "Scored | None" = None) -> "Scored":
    """The submission's score, grade and summary brought up to date (not saved)."""
    scored = scored or score(submission)
    evaluation = scored.evaluation
    complete = evaluation is not None and not any(f.blocking for f in evaluation.findings)  # a draft half filled has no score yet
    submission.score, submission.grade = (evaluation.total, evaluation.grade) if complete else (None, "")
    submission.summary = summary_of(scored)
    return scored


def save_facts(submission, facts: dict, user) -> "Scored":
    from jixiao.web.rounds.models import HistoryEntry
    from jixiao.web.rounds.services import log

    if not submission.editable:
        raise Refused("已提交的项目自评不能修改")
    monitored = monitored_for(submission)
    if monitored is not None:  # a value typed over the monitoring's no longer "取自…监控"
        from jixiao.projects.monitored import without_stale_notes

        facts = {**facts, "indicators": without_stale_notes(facts.get("indicators") or {}, targets_of(submission.targets), monitored)}
    submission.facts = facts
    scored = rescored(submission)
    submission.updated_by = user
    submission.save()
    log(user, HistoryEntry.CHANGE, round_=submission.round, organisation=submission.unit, field=f"项目自评：{submission.project}")
    return scored


def submit(submission, user) -> "Scored":
    if not submission.editable:
        raise Refused("该项目自评已提交")
    scored = score(submission)
    if scored.blocking:
        raise Refused(f"尚有 {len(scored.blocking)} 处问题须先处理，未提交：" + "；".join(scored.blocking[:5]))
    submission.state, submission.comment = submission.SUBMITTED, ""
    rescored(submission, scored)
    _transition(submission, user, "已提交")
    return scored


def return_(submission, user, comment: str) -> None:
    if submission.state != submission.SUBMITTED:
        raise Refused("只能退回已提交的项目自评")
    if not comment.strip():
        raise Refused("退回须写明意见")
    submission.state, submission.comment = submission.RETURNED, comment.strip()
    _transition(submission, user, "已退回", comment.strip())


def approve(submission, user) -> None:
    if submission.state != submission.SUBMITTED:
        raise Refused("只能审核已提交的项目自评")
    submission.state = submission.APPROVED
    _transition(submission, user, "已审核")


def _transition(submission, user, label: str, comment: str = "") -> None:
    from django.db import transaction

    from jixiao.web.rounds.models import HistoryEntry
    from jixiao.web.rounds.services import log

    with transaction.atomic():
        submission.save()
        log(user, HistoryEntry.TRANSITION, round_=submission.round, organisation=submission.unit, field=f"项目自评：{submission.project}", new=label, comment=comment)


def result_json(submission) -> dict:
    """A project as the API gives it: targets, what was filled, and the result as `jixiao evaluate --json` has it."""
    scored = score(submission)
    return {
        "id": submission.pk, "round": submission.round_id, "unit": submission.unit.name, "project": submission.project,
        "state": submission.state, "state_label": submission.get_state_display(), "comment": submission.comment,
        "targets": submission.targets, "facts": submission.facts,
        "result": scored.evaluation.as_dict() if scored.evaluation is not None else None,
        "problems": [{"field": key, "message": m} for key, messages in scored.field_problems.items() for m in messages] + [{"field": "", "message": m} for m in scored.general],
    }


def department_figures(submissions) -> list[dict]:
    """Per 主管部门, the figures its 部门整体 self-evaluation can take from these projects (jixiao.projects.links),
    from each project's stored summary: the list never scores every project again."""
    from jixiao.projects.links import ProjectFigures

    from jixiao.web.monitoring.services import completeness

    groups: dict[str, list] = {}
    for submission in submissions:
        name = submission.unit.parent.name if submission.unit.parent_id else submission.unit.name
        groups.setdefault(name, []).append(submission)
    out = []
    for name, members in groups.items():
        monitoring = None
        first = members[0]
        if first.unit.parent_id:  # 绩效监控开展情况 from the year's monitoring (jixiao.monitoring.completeness)
            found = completeness(first.round.region_id, first.round.year, first.unit.parent_id, [(s.unit.name, s.project) for s in members])
            if found is not None:
                round_, figures = found
                monitoring = {
                    "title": round_.title, "paragraph": figures.paragraph(),
                    "rows": [(figures.figure_label(key), format_count(q.value), figures.basis(key)) for key, q in figures.figures().items()],
                }
        done = [s for s in members if (s.summary or {}).get("complete")]
        if not done:
            continue
        total = lambda key: sum((Decimal(s.summary[key]) for s in done if s.summary.get(key) is not None), Decimal(0))  # noqa: E731
        scores = [Decimal(s.summary["total"]) for s in done]
        found = ProjectFigures(
            evaluated=tuple(s.project for s in done),
            planned_targets=sum(s.summary["planned"] for s in done),
            met_targets=sum(s.summary["planned"] - len(s.summary["unmet"]) for s in done),
            unmet=tuple((s.project, i) for s in done for i in s.summary["unmet"]),
            on_time=tuple(s.project for s in done if s.summary["timely"]),
            late=tuple(s.project for s in done if not s.summary["timely"]),
            all_projects=tuple(s.project for s in members),
            with_targets=tuple(s.project for s in members if s.targets.get("indicators")),
            budget=total("budget"), spent=total("spent"),
            average=(sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")),
        )
        rows = [(found.figure_label(key), format_count(quantity.value), found.basis(key)) for key, quantity in found.figures().items()]
        out.append({"department": name, "paragraph": found.paragraph(), "rows": rows, "monitoring": monitoring})
    return out


def targets_of(stored: dict) -> ProjectTargets:
    """The stored targets (targets_json) as the library's ProjectTargets."""
    from jixiao.projects.targets import IndicatorTarget, TargetChange

    indicators = tuple(
        IndicatorTarget(i.get("level1", ""), i.get("level2", ""), i["name"], i.get("nature", ""), str(i.get("value", "")), i.get("unit", ""), Decimal(str(i.get("weight", 0))))
        for i in stored.get("indicators", [])
    )
    history = tuple(TargetChange(**change) for change in stored.get("history", []))
    return ProjectTargets(stored.get("project", ""), stored.get("department", ""), stored.get("implementer", ""), 0, None, stored.get("goal", ""), bool(stored.get("carried_over")), indicators, history)


# A change of weight alone would break the sum of its 一级指标: the page changes what a target says, not its weight.
CHANGEABLE_ON_PAGE = (("value", "年度指标值"), ("nature", "指标性质"), ("unit", "度量单位"))


def change_target(submission, user, name: str, field_name: str, value: str, reason: str) -> None:
    """调整目标: one field of one indicator, with who, when and why kept in the targets' history."""
    from django.utils import timezone

    from jixiao.model.targets import parse_target
    from jixiao.projects.targets import TargetChangeError
    from jixiao.web.rounds.models import HistoryEntry
    from jixiao.web.rounds.services import log

    if submission.state == submission.APPROVED:
        raise Refused("已审核的项目不能调整目标")
    if field_name not in dict(CHANGEABLE_ON_PAGE):
        raise Refused("只能调整年度指标值、指标性质或度量单位")
    who = user.get_full_name() or user.get_username()
    try:
        changed = targets_of(submission.targets).changed(name, field_name, value, by=who, at=timezone.localdate().isoformat(), reason=reason)
    except TargetChangeError as error:
        raise Refused(str(error)) from None
    indicator = changed.indicator(name)
    if indicator.quantitative != parse_target(indicator.text(), name).quantitative or not indicator.value:
        raise Refused(f"调整后的目标“{indicator.text()}”与指标性质“{indicator.nature}”不符：定量指标的年度指标值须是数值")
    stored = dict(submission.targets)
    fresh = targets_json(changed)
    stored["indicators"], stored["history"] = fresh["indicators"], fresh["history"]
    submission.targets = stored
    rescored(submission)
    submission.save()
    change = changed.history[-1]
    log(user, HistoryEntry.CHANGE, round_=submission.round, organisation=submission.unit, field=f"项目绩效目标：{submission.project} · {name}", old=change.before, new=change.after, comment=reason)
