"""What the 自评报告 says, as plain data: the built-in Word layout and users' templates share it.

The outline follows DOMAIN.md: 一、基本情况 二、自评结论 三、绩效分析 四、主要绩效 五、存在问题
六、改进措施, 附件 评分表. Every lost point becomes a problem stated with its figures, with what the unit wrote
about it (未达标原因, 改进措施, also on a row's parts, and its 问题说明 on the checks' findings); where the unit
wrote nothing the report says so plainly, never a suggestion of its own in the unit's name.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import UNSCORED_LABEL, Evaluation, RowResult
from jixiao.rules import points

CHINESE_DIGITS = "零一二三四五六七八九"
SECTION_NUMBERS = "一二三四五六七八九十"
def chinese_number(value: Decimal) -> str:
    """93.76 -> 九十三点七六 (scores are below 1000)."""
    integer, _, fraction = f"{value:.2f}".partition(".")
    whole = int(integer)
    words = ""
    if whole >= 100:
        words += CHINESE_DIGITS[whole // 100] + "百"
        whole %= 100
        if 0 < whole < 10:
            words += "零"
    if whole >= 10:
        words += ("" if whole // 10 == 1 and not words else CHINESE_DIGITS[whole // 10]) + "十"
        whole %= 10
    if whole or not words:
        words += CHINESE_DIGITS[whole]
    fraction = fraction.rstrip("0")
    return words + ("点" + "".join(CHINESE_DIGITS[int(d)] for d in fraction) if fraction else "")


@dataclass
class Paragraph:
    heading: str
    text: str


@dataclass
class AnalysisSection:
    heading: str
    items: list[str] = field(default_factory=list)


@dataclass
class TableRow:
    level1: str
    weight1: str
    level2: str
    weight2: str
    level3: str
    weight3: str
    target: str
    actual: str
    score: str
    basis: str


@dataclass
class ReportContent:
    title: str
    department: str
    year: int
    framework: str
    total: str
    total_words: str
    grade: str
    basics: list[Paragraph]
    conclusion: str
    analysis: list[AnalysisSection]
    achievements: list[str]
    problems: list[str]
    measures: list[str]
    table: list[TableRow]
    table_title: str

    def as_context(self) -> dict:
        return asdict(self)


def _sentence(parts: list[str]) -> str:
    return "，".join(p for p in parts if p) + ("。" if any(parts) else "")


def _basics(facts: Facts, result: Evaluation) -> list[Paragraph]:
    shown = result.figures
    staff = [
        f"核定编制 {shown['核定编制']}" if "核定编制" in shown else "",
        f"实有在编 {shown['在编人数']}" if "在编人数" in shown else "",
        f"编外人员 {shown['编外人员']}" if "编外人员" in shown else "",
    ]
    money = [
        f"年初预算 {shown['年初预算']}" if "年初预算" in shown else "",
        f"全年调整预算 {shown['调整后预算']}" if "调整后预算" in shown else "",
        f"全年实际支出 {shown['实际支出']}" if "实际支出" in shown else "",
        f"预算执行率 {shown['预算执行率']}" if "预算执行率" in shown else "",
        f"其中基本支出 {shown['基本支出']}" if "基本支出" in shown else "",
        f"项目支出 {shown['项目支出']}" if "项目支出" in shown else "",
    ]
    def written(key: str, computed: str = "", topic: str = "") -> str:
        """The unit's text, else what the figures say, else plainly that it was left empty."""
        return (facts.narrative.get(key) or "").strip() or computed or f"单位未填写{topic or key}。"

    return [
        Paragraph("（一）部门职能", written("职能", topic="部门职能")),
        Paragraph("（二）机构与人员", written("机构与人员", _sentence(staff))),
        Paragraph("（三）收支情况", written("收支情况", _sentence(money))),
        Paragraph("（四）年度目标与任务", written("年度目标与任务")),
        # Written from the department's project self-evaluations (jixiao.projects.links, `evaluate --projects`).
        *([Paragraph("（五）项目支出绩效自评情况", facts.narrative["项目自评情况"])] if facts.narrative.get("项目自评情况") else []),
    ]


def _rows_under(result: Evaluation, prefix: tuple[str, ...]) -> list[RowResult]:
    return [row for row in result.rows if row.path[: len(prefix)] == prefix]


def _analysis(framework: Framework, result: Evaluation) -> list[AnalysisSection]:
    sections = []
    subtotals = {node.path: node for node in result.nodes}
    for index, top in enumerate(framework.nodes):
        node = subtotals.get((top.name,))
        score = node.score if node else sum((r.score for r in _rows_under(result, (top.name,))), Decimal(0))
        section = AnalysisSection(f"（{SECTION_NUMBERS[index % 10]}）{top.name}（分值 {points(top.weight)} 分，得分 {score:.2f} 分）")
        for number, row in enumerate(_rows_under(result, (top.name,)), start=1):
            scored = UNSCORED_LABEL if row.unscored else f"得 {row.score:.2f} 分"
            section.items.append(f"{number}. {row.path[-1]}（{points(row.weight)} 分，{scored}）：{row.basis}")
        sections.append(section)
    return sections


def _unit_texts(facts: Facts, path: tuple[str, ...], field: str) -> list[str]:
    """What the unit wrote in `field` for the row at path and for each of its parts (named), in order."""
    row = facts.rows.get(path)
    if row is None:
        return []
    own = [getattr(row, field)] if getattr(row, field) else []
    return own + [f"{name}：{getattr(part, field)}" for name, part in row.parts.items() if getattr(part, field)]


def _problems(result: Evaluation, facts: Facts, explanations: tuple[tuple[str, str], ...]) -> list[str]:
    out = []
    for row in result.rows:
        if row.lost > 0:
            reasons = _unit_texts(facts, row.path, "reason") or ([row.reason] if row.reason else [])
            reason = f"未达标原因：{'；'.join(reasons)}" if reasons else "单位未填写未达标原因"
            basis = row.basis.rstrip("。；; ")  # a basis that ends its own sentence gets no second 。
            out.append(f"“{row.path[-1]}”失 {points(row.lost)} 分（得 {row.score:.2f} / {points(row.weight)} 分）。{basis}。{reason}".rstrip("。") + "。")
    own = facts.narrative.get("存在问题")
    if own:
        out.append(own)
    for label, text in explanations:
        out.append(f"关于复核检查提出的“{label}”，单位说明：{text}".rstrip("。") + "。")
    return out


def _measures(result: Evaluation, facts: Facts) -> list[str]:
    out = []
    missing = []
    for row in result.rows:
        if row.lost > 0:
            measures = _unit_texts(facts, row.path, "improvement") or ([row.improvement] if row.improvement else [])
            if measures:
                out.append(f"针对“{row.path[-1]}”：{'；'.join(measures)}")
            else:
                missing.append(f"“{row.path[-1]}”")
    own = facts.narrative.get("改进措施")
    if own:
        out.append(own)
    if missing:  # said plainly, once: the report does not invent measures for the unit
        out.append(f"{'、'.join(missing)}失分，单位未填写改进措施。")
    return out


def _achievements(result: Evaluation, facts: Facts) -> list[str]:
    if facts.narrative.get("主要绩效"):
        return [facts.narrative["主要绩效"]]
    full = [row for row in result.rows if not row.bonus and row.weight > 0 and row.score >= row.weight]
    out = [f"全部 {len(result.rows)} 项指标中，{len(full)} 项得满分。"]
    for row in full:
        if row.target is not None and row.actual is not None:
            out.append(f"“{row.path[-1]}”年度指标值 {row.target}，实际完成 {row.actual}。")
    return out


def _table(framework: Framework, result: Evaluation) -> list[TableRow]:
    weights = {path: node.weight for path, node in framework.walk()}
    weights.update({node.path: node.weight for node in result.nodes})
    rows = []
    for row in result.rows:
        level2 = row.path[1] if len(row.path) > 2 else ""
        rows.append(
            TableRow(
                row.path[0], points(weights[row.path[:1]]), level2, points(weights[row.path[:2]]) if level2 else "",
                "/".join(row.path[2:]) if len(row.path) > 2 else row.path[-1], points(row.weight),
                row.target or "", row.actual or "", UNSCORED_LABEL if row.unscored else f"{row.score:.2f}", row.basis,
            )
        )
    return rows


def build_content(framework: Framework, facts: Facts, result: Evaluation, explanations: tuple[tuple[str, str], ...] = ()) -> ReportContent:
    """`explanations`: the unit's 问题说明 on the checks' findings (what the finding is about, what the unit wrote)."""
    explanations = tuple((label, text.strip()) for label, text in explanations if text and text.strip())
    conclusion = f"经自评，{facts.department}{facts.year}年度部门整体支出绩效自评得分为 {result.total:.2f} 分（{chinese_number(result.total)}分），评价等级为“{result.grade}”。"
    if result.incomplete:
        conclusion += f"其中 {result.incomplete} 项指标原报告未列得分，按 0 分占位，总分和等级不完整。"
    elif result.stated_total is not None and result.stated_total != result.total:
        conclusion += f"原报告所列总分为 {points(result.stated_total)} 分，与按评分规则计算的结果不一致，以本报告为准。"
    return ReportContent(
        title=f"{facts.department}{facts.year}年度部门整体支出绩效自评报告",
        department=facts.department,
        year=facts.year,
        framework=framework.name,
        total=f"{result.total:.2f}",
        total_words=chinese_number(result.total),
        grade=result.grade,
        basics=_basics(facts, result),
        conclusion=conclusion,
        analysis=_analysis(framework, result),
        achievements=_achievements(result, facts),
        problems=_problems(result, facts, explanations),
        measures=_measures(result, facts),
        table=_table(framework, result),
        table_title="部门整体支出绩效自评指标评分表",
    )
