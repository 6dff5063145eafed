"""The department's figures that come from its projects, for the 部门整体 self-evaluation.

绩效目标完成率 = targets reached / targets planned across the projects' self-evaluations; 项目完成率 / 项目完成及时性 =
projects whose 时效指标 were all reached / projects evaluated; 绩效目标覆盖率 = projects with targets / all projects (in
the 目标表 or evaluated); and how many projects were self-evaluated, the money they cover and their average score,
which the published reports write by hand. Each figure carries the names of the projects behind it, for the
评分依据 of the rows that use it. Pure: the project results are given.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterable

from jixiao.model.facts import Facts, FigureValue, RowFacts
from jixiao.model.framework import Framework
from jixiao.model.quantity import Quantity, format_count
from jixiao.model.result import Evaluation, Where
from jixiao.projects.targets import TargetsTable
from jixiao.rules import default_registry

SHOWN_NAMES = 8  # projects named in a 评分依据 before "等 N 个"
# The figures' names as the common catalogue (frameworks/common-figures.yaml) gives them.
FIGURE_LABELS = {
    "计划目标数": "绩效目标计划指标数", "已实现目标数": "已实现的绩效目标指标数", "计划项目数": "计划完成项目总数",
    "已完成项目数": "已完成项目数", "项目总数": "项目总数", "设置绩效目标项目数": "设置了绩效目标的项目数",
}


def names_text(names: list[str]) -> str:
    """Projects named in a 评分依据: the first few, then 等 N 个."""
    shown = "、".join(names[:SHOWN_NAMES])
    return shown + (f"等 {len(names)} 个" if len(names) > SHOWN_NAMES else "") if names else "无"


@dataclass(frozen=True)
class ProjectFigures:
    evaluated: tuple[str, ...]  # projects self-evaluated
    planned_targets: int
    met_targets: int
    unmet: tuple[tuple[str, str], ...]  # (project, indicator) not reached
    on_time: tuple[str, ...]  # projects whose 时效指标 were all reached
    late: tuple[str, ...]
    all_projects: tuple[str, ...]  # in the 目标表 or evaluated
    with_targets: tuple[str, ...]
    budget: Decimal  # 元, Σ 全年预算数
    spent: Decimal  # 元, Σ 全年执行数
    average: Decimal | None  # mean 自评分, 2 places
    narrative_key = "项目自评情况"  # the 自评报告's passage `paragraph` writes

    def figures(self) -> dict[str, Quantity]:
        """Figures by their ids in the common catalogue (jixiao/frameworks/common-figures.yaml)."""
        count = lambda n: Quantity("count", Decimal(n))  # noqa: E731
        return {
            "计划目标数": count(self.planned_targets),
            "已实现目标数": count(self.met_targets),
            "计划项目数": count(len(self.evaluated)),
            "已完成项目数": count(len(self.on_time)),
            "项目总数": count(len(self.all_projects)),
            "设置绩效目标项目数": count(len(self.with_targets)),
        }

    def figure_label(self, figure: str) -> str:
        return FIGURE_LABELS.get(figure, figure)

    def basis(self, figure: str) -> str:
        if figure in ("计划目标数", "已实现目标数"):
            missed = "；".join(f"{p}“{i}”" for p, i in self.unmet[:SHOWN_NAMES]) or "无"
            return f"取自 {len(self.evaluated)} 个项目的自评（{names_text(list(self.evaluated))}）：计划目标 {self.planned_targets} 个，已实现 {self.met_targets} 个，未实现：{missed}"
        if figure in ("计划项目数", "已完成项目数"):
            return f"取自项目自评：{len(self.evaluated)} 个项目中 {len(self.on_time)} 个时效指标全部达到（未按期：{names_text(list(self.late))}）"
        return f"取自绩效目标表与项目自评：{len(self.all_projects)} 个项目中 {len(self.with_targets)} 个设置了绩效目标（未设置：{names_text([p for p in self.all_projects if p not in self.with_targets])}）"

    def paragraph(self) -> str:
        """The 自评报告's sentence on the project self-evaluations."""
        if not self.evaluated:
            return "本年度未开展项目支出绩效自评。"
        average = f"，平均得分 {self.average:.2f} 分" if self.average is not None else ""
        wan = Decimal(10_000)
        return (
            f"本年度对 {len(self.evaluated)} 个项目开展了项目支出绩效自评，涉及资金 {format_count((self.budget / wan).quantize(Decimal('0.01')))} 万元"
            f"（执行 {format_count((self.spent / wan).quantize(Decimal('0.01')))} 万元）{average}；绩效目标 {self.planned_targets} 个，已实现 {self.met_targets} 个。"
        )


def department_figures(results: Iterable[tuple[Facts, Evaluation]], table: TargetsTable | None = None, timeliness_group: str = "时效指标") -> ProjectFigures:
    evaluated, unmet, on_time, late, with_targets = [], [], [], [], []
    planned = met = 0
    budget = spent = Decimal(0)
    scores = []
    for facts, evaluation in results:
        project = facts.project
        evaluated.append(project.project)
        if project.indicators:
            with_targets.append(project.project)
        timely = True
        for indicator in project.indicators:
            planned += 1
            reached = indicator.met() is True
            met += reached
            if not reached:
                unmet.append((project.project, indicator.target.name))
                if indicator.target.level2 == timeliness_group:
                    timely = False
        (on_time if timely else late).append(project.project)
        for key, add in (("全年预算数", "budget"), ("全年执行数", "spent")):
            value = evaluation.values.get(key)
            if value is not None:
                if add == "budget":
                    budget += value.value
                else:
                    spent += value.value
        scores.append(evaluation.total)
    all_projects = list(evaluated)
    for planned_project in table.projects if table else ():
        if planned_project.project not in all_projects:
            all_projects.append(planned_project.project)
            if planned_project.indicators:
                with_targets.append(planned_project.project)
    average = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
    return ProjectFigures(tuple(evaluated), planned, met, tuple(unmet), tuple(on_time), tuple(late), tuple(all_projects), tuple(with_targets), budget, spent, average)


def with_project_figures(framework: Framework, facts: Facts, figures: ProjectFigures, source: str = "项目自评") -> Facts:
    """The department's facts with the figures its framework knows taken from the projects (a hand-typed one is
    replaced), and each row that uses one saying which projects it came from (its 评分依据). `figures` may also be
    jixiao.monitoring.completeness.MonitoringFigures (绩效监控完成率): anything with figures / basis / paragraph."""
    given = {key: value for key, value in figures.figures().items() if framework.figure_kind(key) is not None}
    if not given:
        return facts
    where = Where(source)
    values = dict(facts.figures)
    for key, quantity in given.items():
        values[key] = FigureValue(quantity, Where(source, field=f"figures.{key}"))
    registry = default_registry()
    rows = dict(facts.rows)
    for path, node in framework.walk():
        if not node.is_leaf or node.rule is None:
            continue
        used = set(registry.figures_used(node.rule))
        for key in list(used):
            derived = framework.derived.get(key)
            if derived is not None:
                used |= set(derived.formula.names)
        hit = sorted(used & given.keys())
        if not hit:
            continue
        texts = dict.fromkeys(figures.basis(key) for key in hit)
        row = rows.get(path, RowFacts(where=where))
        extra = "；".join(texts)
        rows[path] = replace(row, basis=f"{row.basis}。{extra}" if row.basis else extra)
    narrative = {**facts.narrative, figures.narrative_key: figures.paragraph()}
    return replace(facts, figures=values, rows=rows, narrative=narrative)
