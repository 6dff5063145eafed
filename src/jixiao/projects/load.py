"""Read a 绩效目标表 (YAML or the Excel 目标表) and a project's self-evaluation facts (YAML), every problem placed.

A project facts file names its framework (national-2020-project by default) and, optionally, the 目标表 its
targets come from (`targets: 目标表.yaml`, beside the file): an indicator then needs only its 实际完成值, and its
指标性质/年度指标值/度量单位/分值 are the approved ones. What cannot be scored is refused here, with the file and
field: 分值 that do not add up to their 一级指标, an indicator without a target, a qualitative score outside the
band of its state, a 完成值 in another unit than its target, a project the 目标表 does not list.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jixiao.loaders.frameworks import load_framework
from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.yaml_source import dotted, line_at, load_yaml
from jixiao.model.facts import Facts, FigureValue, Judged, RowFacts, SlotRow, total_out_of_range
from jixiao.model.framework import Framework
from jixiao.model.quantity import Quantity, QuantityError, exact_of, format_count, parse_percent, parse_quantity
from jixiao.model.result import Where
from jixiao.model.stated_tables import StatedRow
from jixiao.model.targets import TargetError, parse_target, read_actual
from jixiao.projects.facts import FundsLine, IndicatorFacts, ProjectFacts, TOTAL_LINE, summed
from jixiao.projects.targets import QUALITATIVE, IndicatorTarget, ProjectTargets, TargetChange, TargetsTable, nature_of
from jixiao.rules.indicator import band_text, in_band, state_name
from jixiao.rules.params import Points

try:  # issue 18 moves this module into loaders/
    from jixiao.loaders.pydantic_messages import validation_messages
except ImportError:  # pragma: no cover - before that move
    from jixiao.pydantic_messages import validation_messages  # type: ignore[no-redef]

Locator = Callable[[tuple], Where]
DEFAULT_FRAMEWORK = "national-2020-project"
TextValue = str | int | Decimal | None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


class RawTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level1: str | None = None
    level2: str | None = None
    name: str = Field(min_length=1)
    nature: TextValue = None
    value: TextValue = None
    unit: str = ""
    weight: Points | None = None


class RawChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: str
    field: Literal["nature", "value", "unit", "weight"]
    before: TextValue
    after: TextValue
    by: str = Field(min_length=1)
    at: str | int
    reason: str = Field(min_length=1)

    @field_validator("at", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return str(value) if value is not None and not isinstance(value, (str, int)) else value


class RawProjectTargets(BaseModel):
    model_config = ConfigDict(extra="forbid")
    project: str = Field(min_length=1)
    department: str = ""
    implementer: str = ""
    budget: TextValue = None
    goal: str = ""
    carried_over: bool = False
    indicators: list[RawTarget] = []
    history: list[RawChange] = []


class RawTargetsTable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: str = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    framework: str = DEFAULT_FRAMEWORK
    unit: Literal["元", "万元", "亿元"] | None = None
    projects: list[RawProjectTargets] = []
    whole: list[RawTarget] = []


class RawIndicator(RawTarget):
    actual: TextValue = None
    state: str | None = None
    score: Points | None = None
    basis: str = ""
    reason: str = ""
    stated_score: Points | None = None
    score_missing: str | None = None  # the published table's 得分 is not there (cut, blank): unscored, not 0
    attachments: list[str] = []


class RawFunds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    initial: TextValue = None
    budget: TextValue = None
    spent: TextValue = None
    rate: TextValue = None  # 执行率 as a published table printed it (checked against spent / budget)


class RawProject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    project: str = Field(min_length=1)
    department: str = Field(min_length=1)
    implementer: str = ""
    year: int = Field(ge=1990, le=2100)
    framework: str = DEFAULT_FRAMEWORK
    unit: Literal["元", "万元", "亿元"] | None = None
    carried_over: bool = False
    targets: str | None = None
    monitoring: str | None = None  # the last monitoring period's file (监控 YAML or 监控填报表.xlsx), beside this one
    funds: dict[str, RawFunds] = Field(min_length=1)
    funds_score: Points | None = None  # the 得分 a published table gives its funds row (预算执行率)
    adjustment: str = ""
    execution_reason: str = ""
    goal: str = ""
    goal_achieved: str = ""
    indicators: list[RawIndicator] = []
    conclusion: str = ""
    problems: str = ""
    improvements: str = ""
    attachments: dict[str, list[str]] = {}
    stated_total: Points | None = None
    stated_grade: str | None = None
    reviewed_total: Points | None = None
    narrative: dict[str, str] = {}


def is_project_mapping(raw: object) -> bool:
    """A project facts file says which project it is; a department's facts never do."""
    return isinstance(raw, dict) and "project" in raw and "funds" in raw


def is_targets_mapping(raw: object) -> bool:
    return isinstance(raw, dict) and "projects" in raw and "funds" not in raw


def yaml_locator(path: Path, raw: Any) -> Locator:
    return lambda loc: Where(str(path), line=line_at(raw, loc), field=dotted(loc))


def _validated(model: type[BaseModel], raw: object, locate: Locator):
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise InputError([Problem(locate(loc), message) for loc, message in validation_messages(error)]) from None


# --- the 绩效目标表 ---------------------------------------------------------------------------------


def load_targets(path: Path, framework: Framework | None = None) -> TargetsTable:
    """A 绩效目标表 from YAML or from the filled Excel 目标表."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from jixiao.projects.targets_xlsx import read_targets_xlsx

        raw, locate = read_targets_xlsx(path)
    else:
        raw = load_yaml(path)
        locate = yaml_locator(path, raw)
    return build_targets(raw, locate, framework, str(path))


def build_targets(raw: object, locate: Locator, framework: Framework | None = None, source: str = "") -> TargetsTable:
    spec: RawTargetsTable = _validated(RawTargetsTable, raw, locate)
    framework = framework or load_framework(spec.framework, where=locate(("framework",)))
    problems: list[Problem] = []
    projects, names = [], set()
    for index, project in enumerate(spec.projects):
        loc = ("projects", index)
        if project.project in names:
            problems.append(Problem(locate(loc + ("project",)), f"项目“{project.project}”重复"))
        names.add(project.project)
        indicators = tuple(
            t for i, raw_target in enumerate(project.indicators)
            if (t := _target(raw_target, framework, loc + ("indicators", i), locate, problems, required=True)) is not None
        )
        _weights_add_up(framework, indicators, locate(loc + ("indicators",)), problems, f"项目“{project.project}”")
        budget = _money(project.budget, spec.unit, locate(loc + ("budget",)), problems, "年度资金总额（budget）") if project.budget is not None else None
        history = tuple(TargetChange(c.indicator, c.field, _text(c.before), _text(c.after), c.by.strip(), str(c.at), c.reason.strip()) for c in project.history)
        for i, change in enumerate(history):
            if not any(t.name == change.indicator for t in indicators):
                problems.append(Problem(locate(loc + ("history", i, "indicator")), f"调整记录中的指标“{change.indicator}”不在项目“{project.project}”的绩效目标中"))
        projects.append(ProjectTargets(project.project, project.department or spec.department, project.implementer, spec.year, budget, project.goal, project.carried_over, indicators, history))
    whole = tuple(t for i, r in enumerate(spec.whole) if (t := _target(r, None, ("whole", i), locate, problems, required=True)) is not None)
    if problems:
        raise InputError(problems)
    return TargetsTable(spec.department, spec.year, tuple(projects), whole, source)


def _level(raw: RawTarget, framework: Framework | None, loc: tuple, locate: Locator, problems: list[Problem]) -> tuple[str, str] | None:
    """The 一级 and 二级 of an indicator, checked against the framework's slots (一级 found from 二级 when left out)."""
    level2 = (raw.level2 or "").strip()
    if framework is None:
        return (raw.level1 or "").strip(), level2
    slots = {path[-1]: node.slot.groups for path, node in framework.walk() if node.slot is not None and len(path) == 1}
    level1 = (raw.level1 or "").strip()
    if not level1:
        owners = [name for name, groups in slots.items() if level2 in groups]
        if len(owners) != 1:
            problems.append(Problem(locate(loc + ("level1",)), f"指标“{raw.name}”须写明一级指标 level1（可选：{'、'.join(slots)}）"))
            return None
        level1 = owners[0]
    if level1 not in slots:
        problems.append(Problem(locate(loc + ("level1",)), f"一级指标“{level1}”不在指标体系“{framework.name}”中（可选：{'、'.join(slots)}）"))
        return None
    groups = slots[level1]
    if groups and level2 not in groups:
        problems.append(Problem(locate(loc + ("level2",)), f"指标“{raw.name}”的二级指标“{level2 or '（未填）'}”不在“{level1}”之下（可选：{'、'.join(groups)}）"))
        return None
    return level1, level2


def _target(raw: RawTarget, framework: Framework | None, loc: tuple, locate: Locator, problems: list[Problem], required: bool) -> IndicatorTarget | None:
    """The indicator's target as written; None (with a problem when `required`) when it gives none."""
    if raw.value is None and raw.nature is None:
        if required:
            problems.append(Problem(locate(loc + ("value",)), f"指标“{raw.name}”缺少年度指标值（value）"))
        return None
    level = _level(raw, framework, loc, locate, problems)
    nature = nature_of(raw.nature) if raw.nature is not None else None
    value = _text(raw.value)
    if nature is None:
        shown = "未填" if raw.nature is None else f"“{raw.nature}”"
        problems.append(Problem(locate(loc + ("nature",)), f"指标“{raw.name}”的指标性质{shown}无法识别：应为 ≥（正向）、≤（反向）、=（等于）或 定性"))
        return None
    if not value:
        problems.append(Problem(locate(loc + ("value",)), f"指标“{raw.name}”缺少年度指标值（value）"))
        return None
    if raw.weight is None:
        problems.append(Problem(locate(loc + ("weight",)), f"指标“{raw.name}”缺少分值（weight）"))
        return None
    if not raw.weight.is_finite() or raw.weight < 0 or raw.weight > 100:
        problems.append(Problem(locate(loc + ("weight",)), f"指标“{raw.name}”的分值 {raw.weight} 应在 0 至 100 之间"))
        return None
    target = IndicatorTarget(level[0] if level else "", level[1] if level else "", raw.name.strip(), nature, value, raw.unit.strip(), raw.weight)
    parsed = parse_target(target.text(), target.name)
    if nature != QUALITATIVE and not parsed.quantitative:
        problems.append(Problem(locate(loc + ("value",)), f"指标“{raw.name}”是定量指标（指标性质 {nature}），年度指标值“{value}”却不是数值：定性指标的指标性质请写“定性”"))
        return None
    if nature == QUALITATIVE and parsed.quantitative:
        problems.append(Problem(locate(loc + ("nature",)), f"指标“{raw.name}”的年度指标值“{value}”是数值，指标性质却写“定性”：请写 ≥、≤ 或 ="))
        return None
    return target if level else None


def _weights_add_up(framework: Framework, indicators: tuple[IndicatorTarget, ...], where: Where, problems: list[Problem], what: str) -> None:
    for path, node in framework.walk():
        if node.slot is None or len(path) != 1:
            continue
        total = sum((i.weight for i in indicators if i.level1 == path[0]), Decimal(0))
        if total != node.weight:
            listing = "、".join(f"{i.name} {format_count(i.weight)}" for i in indicators if i.level1 == path[0]) or "没有指标"
            problems.append(Problem(where, f"{what}“{path[0]}”下各指标分值合计 {format_count(total)}（{listing}），应等于 {format_count(node.weight)}"))


def _money(value: object, unit: str | None, where: Where, problems: list[Problem], what: str) -> Quantity | None:
    try:
        quantity = parse_quantity("money", value, unit)
    except QuantityError as error:
        problems.append(Problem(where, f"{what}：{error}"))
        return None
    if quantity.value < 0:
        problems.append(Problem(where, f"{what}不能为负数"))
        return None
    return quantity


# --- a project's self-evaluation ---------------------------------------------------------------------


def load_project(path: Path, framework: Framework | None = None, targets: TargetsTable | None = None) -> tuple[Facts, Framework]:
    """A project's facts (with Facts.project) and its framework."""
    raw = load_yaml(path)
    locate = yaml_locator(path, raw)
    if framework is None:
        name = raw.get("framework", DEFAULT_FRAMEWORK)
        name = name if isinstance(name, str) and name else DEFAULT_FRAMEWORK
        beside = path.parent / name
        framework = load_framework(str(beside) if beside.is_file() else name, where=locate(("framework",)))
    if targets is None and isinstance(raw.get("targets"), str):
        beside = path.parent / raw["targets"]
        if not beside.is_file():
            raise InputError([Problem(locate(("targets",)), f"找不到绩效目标表“{raw['targets']}”")])
        targets = load_targets(beside, framework)
    monitored = _monitored(path, raw, locate)
    return build_project(raw, locate, framework, targets, str(path), monitored=monitored), framework


def _monitored(path: Path, raw: dict, locate: Locator):
    """The project as the monitoring file the facts name (`monitoring:`) left it; None when none is named."""
    name = raw.get("monitoring")
    if name is None:
        return None
    from jixiao.monitoring.loader import load_monitoring
    from jixiao.projects.monitored import monitored_projects

    beside = path.parent / str(name)
    if not isinstance(name, str) or not beside.is_file():
        raise InputError([Problem(locate(("monitoring",)), f"找不到监控数据文件“{name}”")])
    monitoring, _thresholds = load_monitoring(beside)
    project = str(raw.get("project") or "").strip()
    found = monitored_projects(monitoring, beside.name).get(project)
    problems = []
    if found is None:
        known = "、".join(p.name for p in monitoring.projects[:10]) or "没有项目"
        problems.append(Problem(locate(("monitoring",)), f"监控数据（{beside.name}）中没有项目“{project}”（其中：{known}）"))
    elif raw.get("year") != monitoring.year:
        problems.append(Problem(locate(("monitoring",)), f"监控数据（{beside.name}）的年度 {monitoring.year} 与本项目的年度 {raw.get('year')} 不同"))
    if problems:
        raise InputError(problems)
    return found


def build_project(
    raw: object, locate: Locator, framework: Framework, table: TargetsTable | None = None, source: str = "", draft: bool = False, monitored=None
) -> Facts:
    """`draft`: a web draft being filled; what is not filled yet (a 完成值, an amount) is left to the engine, whose
    findings say so and block submitting, so that the rest is scored as it is typed. `monitored`: the project's last
    monitoring period (jixiao.projects.monitored), for the check that the year end bears out its forecast."""
    spec: RawProject = _validated(RawProject, raw, locate)
    settings = framework.project
    if settings is None:
        raise InputError([Problem(locate(("framework",)), f"指标体系“{framework.name}”不是项目支出绩效自评体系（没有 project 设置）")])
    problems: list[Problem] = []
    planned = _planned(spec, table, locate, problems)
    funds = _funds(spec, locate, problems)
    indicators = _indicators(spec, framework, planned, locate, problems, draft)
    _weights_add_up(framework, tuple(i.target for i in indicators), locate(("indicators",)), problems, f"项目“{spec.project}”")
    for key in spec.attachments:
        if framework.node_at((key,)) is None:
            problems.append(Problem(locate(("attachments", key)), f"“{key}”不是一级指标（附件按一级指标列出）"))
    for key, label in (("reviewed_total", "复核分数"),):
        value = getattr(spec, key)
        if value is not None and (message := total_out_of_range(value, framework)):
            problems.append(Problem(locate((key,)), f"{label}（{key}）{message}"))
    figures = _figures(funds, locate, problems, draft)
    if problems:
        raise InputError(problems)
    project = ProjectFacts(
        spec.project.strip(), spec.department.strip(), spec.implementer.strip(), spec.carried_over or bool(planned and planned.carried_over),
        funds, spec.adjustment.strip(), spec.execution_reason.strip(), spec.goal.strip() or (planned.goal if planned else ""), spec.goal_achieved.strip(),
        tuple(indicators), spec.conclusion.strip(), spec.problems.strip(), spec.improvements.strip(),
        {key: tuple(files) for key, files in spec.attachments.items()}, planned, table.source if table and planned else "", locate(()),
        monitored,
    )
    rows = {
        path: RowFacts(where=locate(("funds",)))
        for path, node in framework.walk() if node.is_leaf
    }
    funds_row = (settings.funds_row,)
    if funds_row in rows:
        rows[funds_row] = RowFacts(reason=project.execution_reason or None, improvement=project.execution_reason or None, stated_score=spec.funds_score,
                                   where=locate(("funds_score",) if spec.funds_score is not None else ("execution_reason",) if spec.execution_reason else ("funds",)))
    slots: dict[tuple[str, ...], list[SlotRow]] = {path: [] for path, node in framework.walk() if node.slot is not None}
    for indicator in indicators:
        slots[(indicator.target.level1,)].append(SlotRow(indicator.target.name, indicator.target.weight, indicator.row, indicator.target.level2 or None, indicator.where))
    return Facts(
        department=project.department,
        year=spec.year,
        framework=spec.framework,
        figures=figures,
        rows=rows,
        slots={path: tuple(rows_) for path, rows_ in slots.items()},
        money_unit=spec.unit,
        stated_total=spec.stated_total,
        stated_grade=spec.stated_grade,
        reviewed_total=spec.reviewed_total,
        source=source,
        where=locate(()),
        narrative={**spec.narrative, **{k: v for k, v in (("评价结论", project.conclusion), ("存在问题", project.problems), ("改进措施", project.improvements)) if v}},
        places={key: locate((key,)) for key in ("project", "department", "year", "framework", "stated_total", "stated_grade", "reviewed_total") if isinstance(raw, dict) and key in raw},
        project=project,
        stated_rows=_stated_rates(spec, funds, locate),
    )


def _stated_rates(spec: RawProject, funds: tuple[FundsLine, ...], locate: Locator) -> tuple[StatedRow, ...]:
    """The 执行率 a published table printed, beside its amounts, for the table-rate check."""
    out = []
    for line in funds:
        printed = spec.funds[line.source].rate
        if printed is None:
            continue
        try:
            rate = parse_percent(printed).value
        except QuantityError as error:
            raise InputError([Problem(locate(("funds", line.source, "rate")), f"{line.source}的执行率（rate）：{error}")]) from None
        budget, spent = line.budget, line.spent
        out.append(StatedRow("项目资金", line.source, budget.value if budget else None, spent.value if spent else None, rate, unit="元",
                             total=False, part=line.source != TOTAL_LINE, where=locate(("funds", line.source, "rate"))))
    return tuple(out)


def _planned(spec: RawProject, table: TargetsTable | None, locate: Locator, problems: list[Problem]) -> ProjectTargets | None:
    if table is None:
        return None
    if table.year and table.year != spec.year:
        problems.append(Problem(locate(("year",)), f"年度 {spec.year} 与绩效目标表的年度 {table.year} 不同"))
    planned = table.project(spec.project.strip())
    if planned is None:
        known = "、".join(p.project for p in table.projects[:10]) or "没有项目"
        problems.append(Problem(locate(("project",)), f"绩效目标表（{Path(table.source).name or '目标表'}）中没有项目“{spec.project}”（表中：{known}）"))
    return planned


def _funds(spec: RawProject, locate: Locator, problems: list[Problem]) -> tuple[FundsLine, ...]:
    lines = []
    for source, raw in spec.funds.items():
        loc = ("funds", source)
        values = {}
        for attribute, label in (("initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数")):
            value = getattr(raw, attribute)
            values[attribute] = _money(value, spec.unit, locate(loc + (attribute,)), problems, f"{source}的{label}（{attribute}）") if value is not None else None
        lines.append(FundsLine(source.strip(), values["initial"], values["budget"], values["spent"], locate(loc)))
    return tuple(lines)


def _figures(funds: tuple[FundsLine, ...], locate: Locator, problems: list[Problem], draft: bool = False) -> dict[str, FigureValue]:
    """年初预算数, 全年预算数, 全年执行数 of 年度资金总额, or summed over the sources when it is not stated."""
    total = next((line for line in funds if line.source == TOTAL_LINE), None)
    figures = {}
    for attribute, key in (("initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数")):
        if total is not None and getattr(total, attribute) is not None:
            figures[key] = FigureValue(getattr(total, attribute), locate(("funds", TOTAL_LINE, attribute)))
            continue
        value = summed(funds, attribute)
        if value is not None:
            unit = next(getattr(line, attribute).unit for line in funds if getattr(line, attribute) is not None)
            figures[key] = FigureValue(Quantity("money", value, unit), locate(("funds",)))
        elif attribute != "initial" and not draft:
            problems.append(Problem(locate(("funds", TOTAL_LINE, attribute)), f"缺少{key}（{TOTAL_LINE}的 {attribute}）"))
    if "全年预算数" in figures and figures["全年预算数"].quantity.value == 0:
        problems.append(Problem(figures["全年预算数"].where, "全年预算数为 0，无法计算预算执行率"))
    return figures


def _indicators(spec: RawProject, framework: Framework, planned: ProjectTargets | None, locate: Locator, problems: list[Problem], draft: bool = False) -> list[IndicatorFacts]:
    out, names = [], set()
    for index, raw in enumerate(spec.indicators):
        loc = ("indicators", index)
        name = raw.name.strip()
        if name in names:
            problems.append(Problem(locate(loc + ("name",)), f"指标“{name}”重复"))
        names.add(name)
        approved = planned.indicator(name) if planned else None
        if planned is not None and approved is None:
            problems.append(Problem(locate(loc + ("name",)), f"项目“{planned.project}”的绩效目标表中没有指标“{name}”：新增指标须先调整绩效目标"))
            continue
        own = _target(raw, framework, loc, locate, problems, required=approved is None)
        target = approved or own
        if target is None:
            continue
        # The 自评表's own statement of an approved target is kept only to be compared (project-target-differs).
        stated = own if approved is not None and own is not None and (own.weight, own.text()) != (approved.weight, approved.text()) else None
        state = None
        if raw.state is not None:
            state = state_name(raw.state)
            if state is None:
                problems.append(Problem(locate(loc + ("state",)), f"完成状态“{raw.state}”无法识别：应为 达成、部分达成 或 未达成"))
            elif target.quantitative:
                problems.append(Problem(locate(loc + ("state",)), f"指标“{name}”是定量指标，按完成值计分，不填写完成状态（state）"))
        actual = _actual(raw.actual, target)
        _check_score(raw, target, state, loc, locate, problems)
        reached = None
        if target.quantitative and actual is not None:
            parsed = parse_target(target.text(), target.name)
            try:
                reading = read_actual(actual, parsed)
            except TargetError as error:
                problems.append(Problem(locate(loc + ("actual",)), f"指标“{name}”：{error}"))
            else:  # read once here; the checks use it (IndicatorFacts.reached)
                reached = None if reading is None else reading.met or (parsed.op == "=" and reading.value >= parsed.value)
        if actual is None and raw.score is None and raw.score_missing is None and (target.quantitative or state is None) and not draft:
            problems.append(Problem(locate(loc + ("actual",)), f"指标“{name}”缺少实际完成值（actual）"))
        indicator = IndicatorFacts(target, stated, actual, state, raw.reason.strip(), tuple(raw.attachments), locate(loc), reached_when_read=reached)
        out.append(replace(indicator, row=_row(indicator, raw, locate(loc))))
    if planned is not None:
        for target in planned.indicators:
            if target.name not in names:
                problems.append(Problem(locate(("indicators",)), f"绩效目标表中的指标“{target.name}”（{target.level2}）没有填写完成情况"))
    return out


def _actual(raw: object, target: IndicatorTarget) -> str | None:
    """The 完成值 as text with the target's unit when it was written as a bare number (`96` → `96%`)."""
    if raw is None:
        return None
    text = _text(raw)
    if not text:
        return None
    if target.quantitative and target.unit:
        try:
            Decimal(text)
        except ArithmeticError:
            return text
        return f"{text}{target.unit}"
    return text


def _check_score(raw: RawIndicator, target: IndicatorTarget, state: str | None, loc: tuple, locate: Locator, problems: list[Problem]) -> None:
    if raw.score is None:
        return
    where = locate(loc + ("score",))
    if not raw.basis.strip():
        problems.append(Problem(where, f"指标“{raw.name}”的评定得分须写明评分依据（basis）"))
    if not raw.score.is_finite() or not 0 <= raw.score <= target.weight:
        problems.append(Problem(where, f"指标“{raw.name}”的得分 {raw.score} 不在 0 至分值 {format_count(target.weight)} 之间"))
    elif state is not None and not in_band(state, exact_of(raw.score), exact_of(target.weight)):
        problems.append(Problem(where, f"指标“{raw.name}”选择了“{state}”，得分应在分值的 {band_text(state)} 之间，{format_count(raw.score)} 分不在此档内"))


def _row(indicator: IndicatorFacts, raw: RawIndicator, where: Where) -> RowFacts:
    judged = Judged(raw.score, raw.basis.strip()) if raw.score is not None else None
    reason = indicator.reason or None
    return RowFacts(
        judged=judged,
        basis=raw.basis.strip() if judged is None else "",
        target=indicator.target.text(),
        actual=indicator.actual,
        state=indicator.state,
        reason=reason,
        improvement=reason,  # the form's one column 偏差原因分析及改进措施 says both
        stated_score=raw.stated_score,
        score_missing=raw.score_missing.strip() if raw.score_missing else None,
        where=where,
    )
