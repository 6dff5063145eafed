"""The department's 监控报告.docx, in the published (河南) outline, written from the monitoring data.

一、组织实施情况；二、预算执行进度情况及趋势分析；三、绩效目标实现程度及趋势分析；四、存在的主要问题及原因分析；
五、下一步改进措施. What the unit wrote (narrative, 原因说明, 备注, 纠偏措施) is used as written; where it wrote nothing
the report says so plainly instead of inventing text. The content (report_sections) is apart from the layout.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from jixiao.model.quantity import Quantity, format_percent
from jixiao.monitoring.review import MonitoringReview
from jixiao.monitoring.signals import SIGNAL_LABELS
from jixiao.monitoring.thresholds import COLOUR_LABELS
from jixiao.render.report_docx import BODY_FONT, HEADING1_FONT, TITLE_FONT, _page_number_footer, _paragraph

OUTLINE = ("一、组织实施情况", "二、预算执行进度情况及趋势分析", "三、绩效目标实现程度及趋势分析", "四、存在的主要问题及原因分析", "五、下一步改进措施")
NOT_WRITTEN = "（单位未填写）"


def _money(value: Decimal, unit: str) -> str:
    return Quantity("money", value, unit).display()


def report_sections(review: MonitoringReview) -> list[tuple[str, list[str]]]:
    m = review.monitoring
    written = m.narrative
    projects = [lights for lights in review.lights if lights.subject.kind == "project"]
    progress = format_percent(review.time_progress)
    colours = {c: sum(1 for p in projects if p.colour == c) for c in ("red", "yellow", "green", "blue")}
    organised = [
        f"本次监控期间为 {m.year} 年 1–{m.months} 月（截至 {m.as_of.month} 月 {m.as_of.day} 日），序时进度 {progress}。"
        f"监控覆盖部门整体及 {len(projects)} 个项目，"
        + "，".join(f"{COLOUR_LABELS[c]}灯 {n} 个" for c, n in colours.items() if n) + "。"
    ]
    organised.append(written.get("组织实施情况") or f"组织实施的具体做法{NOT_WRITTEN}。")
    budget = m.department_subject.budget
    execution = []
    if budget is not None:
        rate = review.lights[0].execution_rate
        execution.append(
            f"部门预算总额 {_money(budget.base, budget.unit)}，1–{m.months} 月执行 {_money(budget.spent, budget.unit)}，"
            f"执行率 {format_percent(rate) if rate is not None else '—'}（序时进度 {progress}）"
            + (f"，全年预计执行 {_money(budget.forecast, budget.unit)}。" if budget.forecast is not None else "。")
        )
    for group, parts in m.sources.items():
        execution.append(
            f"按{group}："
            + "；".join(f"{name} 执行 {_money(part.spent, part.unit)}，执行率 {format_percent(part.spent / part.base) if part.base else '—'}" for name, part in parts.items())
            + "。"
        )
    for lights in projects:
        execution.extend(
            f"“{lights.subject.name}”{SIGNAL_LABELS[s.kind]}{COLOUR_LABELS[s.colour]}灯：{s.basis}。"
            for s in lights.signals if s.kind in ("execution", "checkpoint") and s.colour != "green"
        )
    execution.append(written.get("预算执行进度情况及趋势分析") or "")
    targets = []
    for lights in review.lights:
        total = len(lights.subject.targets)
        name = "部门整体" if lights.subject.kind == "department" else f"“{lights.subject.name}”"
        warned = []
        for item in lights.subject.targets:
            colour = lights.colour_of(item)
            if colour != "green":
                bases = "；".join(_clause(s.basis) for s in lights.signals if s.target == item.path and s.colour != "green")
                warned.append(f"{item.name}（{COLOUR_LABELS[colour]}灯：{bases}）")
        targets.append(f"{name}共 {total} 项绩效指标，" + (f"{len(warned)} 项预警：" + "；".join(warned) + "。" if warned else "均按进度推进。"))
    targets.append(written.get("绩效目标实现程度及趋势分析") or "")
    problems, measures = [], []
    for lights in review.lights:
        for item in lights.subject.targets:
            notes = "；".join(f"{cause}：{_clause(item.cause_notes.get(cause) or NOT_WRITTEN)}" for cause in item.causes)
            if notes or item.note:
                problems.append(f"{lights.subject.name}“{item.name}”：" + "；".join(_clause(p) for p in (notes, item.note) if p) + "。")
            if item.measures:
                measures.append(f"{lights.subject.name}“{item.name}”：{item.measures}")
    if not problems:
        problems.append("各项指标均未填写偏差原因。")
    problems.append(written.get("存在的主要问题及原因分析") or "")
    if not measures:
        measures.append(f"纠偏措施{NOT_WRITTEN}。")
    measures.append(written.get("下一步改进措施") or "")
    sections = (organised, execution, targets, problems, measures)
    return [(heading, [p for p in paragraphs if p]) for heading, paragraphs in zip(OUTLINE, sections)]


def _clause(text: str) -> str:
    """A sentence joined into a longer one: its own full stop would stand before the ；."""
    return text.rstrip("。；; ")


def write_monitoring_report(review: MonitoringReview, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)
    m = review.monitoring
    _paragraph(document, f"{m.department}{m.year}年1–{m.months}月绩效运行监控报告", TITLE_FONT, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    for heading, paragraphs in report_sections(review):
        _paragraph(document, heading, HEADING1_FONT, 16)
        for text in paragraphs:
            _paragraph(document, text, BODY_FONT, 16)
    _paragraph(document, "附：各项目预警依据", HEADING1_FONT, 16)
    for lights in review.lights:
        for signal in lights.signals:
            if signal.colour != "green":
                _paragraph(
                    document,
                    f"{lights.subject.name} · {SIGNAL_LABELS[signal.kind]}{('（' + signal.target + '）') if signal.target else ''}："
                    f"{COLOUR_LABELS[signal.colour]}灯。{signal.basis}",
                    BODY_FONT, 14,
                )
    document.save(str(path))
