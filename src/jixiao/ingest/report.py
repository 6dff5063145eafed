"""A published report, read: its table and narrative, matched to a framework, made into facts.

Matching: the report's row names against each built-in framework's indicator names (after
folding punctuation). A framework matches when at least 80% of its fixed indicators are
found; the report's other rows go to the framework's slots (个性指标). When none matches,
the report's own table becomes the framework, every row judged at its stated score, so its
arithmetic can still be checked. In the facts, a row is left to its rule when the rule can
compute it from what was read; otherwise the stated score is kept as a judged score with a
note — never a guess.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from jixiao.engine import evaluate
from jixiao.ingest.claims import read_claims
from jixiao.ingest.ingested import IngestedReport, IngestedRow
from jixiao.ingest.narrative import Found, read_narrative
from jixiao.ingest.source import read_source
from jixiao.ingest.money_table import read_money_tables
from jixiao.ingest.stream import read_stream_table, table_title
from jixiao.ingest.table import ScoringTable, TableNode, read_scoring_table
from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.frameworks import builtin_ids, load_framework
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework, Node, simple_id
from jixiao.model.quantity import parse_money
from jixiao.model.result import Where
from jixiao.model.stated_tables import StatedRow
from jixiao.rules import default_registry

MATCH_SHARE = Decimal("0.8")
NO_TABLE = "未找到评分表：只读取了正文中的单位、年度、总分、等级和金额，并只核对正文所写的数字之间是否相符"
NO_PROJECT = "文件中提到项目支出绩效自评表，但没有读出项目自评表（项目名称、项目资金表头和绩效指标表头）：不作为项目读取"
NO_PROJECT_ROWS = "项目支出绩效自评表在项目资金之后、第一个绩效指标之前中断，没有读出任何指标：不作为项目读取"
FIGURE_KINDS = {"ratio", "tiers", "quarterly", "completion", "over_limit", "deduction", "sum_of_parts", "target"}


def fold(name: str) -> str:
    """A name without punctuation, quotes, spaces or numbering, for matching."""
    name = re.sub(r"^[一二三四五六七八九十]+、\d+、", "", name)
    return re.sub(r"[\s“”\"'‘’（）()、，,。:：；;/·\-]", "", name)


def _unnamed(table: ScoringTable) -> int:
    count = 0

    def visit(node: TableNode) -> None:
        nonlocal count
        count += node.name is None
        for child in node.children:
            visit(child)

    for root in table.roots:
        visit(root)
    return count


def _cleaner(cells: ScoringTable, stream: ScoringTable | None) -> ScoringTable:
    """The table read cell by cell, unless its columns ran together (OCR, flattened PDF, a web table broken over
    lines): then the reading by weights, when it finds at least as many rows and leaves no level unnamed."""
    if stream is None:
        return cells
    if not cells.leaves() or (_unnamed(cells) and not _unnamed(stream) and len(stream.leaves()) >= len(cells.leaves()) - 1):
        return stream
    return cells


def _name_unnamed(node: TableNode, notes: list) -> None:
    if node.name is None and node.children:
        unnamed = sum(1 for _m, _w in notes if _m.startswith("有一个上级指标没有读出名称")) + 1
        node.name = (node.description[:20] + "…") if node.description else f"（未读出名称{unnamed}）"  # distinct: rows group by name
        notes.append((f"有一个上级指标没有读出名称，暂记为“{node.name}”", node.where))
    for child in node.children:
        _name_unnamed(child, notes)


def ingest(path: Path) -> IngestedReport:
    source = read_source(path)
    from jixiao.ingest.project_table import read_project_table

    project = read_project_table(source.lines)
    if project is not None and project.funds and project.indicators:  # a 项目支出绩效自评表: its own reader (ingest/project_table.py, project_facts.py)
        from jixiao.ingest.project_facts import project_report

        return project_report(str(path), project, read_claims(source.lines))
    cut = None if project is None else (NO_PROJECT_ROWS, project.where)  # the form is there, cut before its first indicator
    return _ingest_report(path, source, cut)


def _ingest_report(path: Path, source, project_note: tuple | None = None) -> IngestedReport:
    from jixiao.ingest.project_table import looks_like_project_table
    stated_rows, table_notes, unread_scored, money_lines = read_money_tables(source.lines)
    scored_lines = [line for line in source.lines if line.where not in money_lines]  # a budget amount is no weight
    table = read_scoring_table(scored_lines)
    table = _cleaner(table, read_stream_table(scored_lines))
    narrative = read_narrative(source.lines)
    notes = list(table.notes) + table_notes
    for root in table.roots:
        _name_unnamed(root, notes)
    places = dict(narrative.where or {})
    _weights_not_total(table, notes)
    _cut_above(table, _own_budget_row(stated_rows), source.lines, notes)
    stated_total = table.stated_total if table.stated_total is not None else narrative.stated_total
    if table.stated_total is not None and narrative.stated_total is not None and table.stated_total != narrative.stated_total:
        notes.append((f"评分表总分 {table.stated_total} 与正文所写总分 {narrative.stated_total} 不一致，采用评分表的", (narrative.where or {}).get("stated_total")))
    rows = []
    for leaf in table.leaves():
        bonus = any("加减分" in name for name in leaf.path)
        rows.append(IngestedRow(leaf.path, leaf.weight or Decimal(0), leaf.score, leaf.where, leaf.target, leaf.actual, leaf.explanation, leaf.basis, bonus))
    if table.stated_total is not None and table.total_where is not None:
        places["stated_total"] = table.total_where
    parents: dict[tuple[str, ...], Decimal] = {}

    def collect(node: TableNode) -> None:
        if node.children:
            if node.weight is not None:
                parents[node.path] = node.weight
            for child in node.children:
                collect(child)

    for root in table.roots:
        collect(root)
    figures = narrative.figures or {}
    _budget_figures(stated_rows, figures)
    own = _own_budget_row(stated_rows)
    # the 预算资金 row is itself scored (预算执行率, 10 分) in these 自评表, printed above their indicators: one below them
    # belongs to the next table of the file (大英 214: a project's table after the tail of another's)
    if own is not None and own.weight is not None and rows and _above(own.where, rows[0].where, source.lines):
        rows.insert(0, IngestedRow(("预算执行率",), own.weight, own.score, own.where, basis=f"报告“预算资金”表“{own.label}”一行" + ("" if own.score is not None else "，未列得分")))
        if own.score is None:
            notes.append((f"“预算资金”一行分值 {own.weight}，未列得分，得分记为空", own.where))
    report = IngestedReport(str(path), narrative.department, narrative.year, narrative.report_date, stated_total, narrative.stated_grade, rows, figures, places, parents, notes)
    report.stated_rows = stated_rows
    report.claims = read_claims(source.lines)
    # a cut-off table, or a scored 预算资金 row that could not be read: the rows do not add up to the stated total
    report.table_complete = (table.stated_total is not None or not rows) and not unread_scored
    units = [r for r in stated_rows if r.table == "汇总表" and not r.total]
    if units and rows:  # a 汇总表 before the 评分表: the summary, kept apart from the score table's rows
        notes.append((f"评分表之前有一张汇总表（{len(units)} 个单位），作为汇总读取，不计入评分表", units[0].where))
    if report.department is None and len(units) == 1 and units[0].label:  # the 汇总表's one unit is the department
        report.department, report.places["department"] = units[0].label, units[0].where
    if not rows and units:  # a supervising department's 汇总表, not a report: its units are what there is to read
        notes.append((f"这是一份汇总表：读出 {len(units)} 个单位" + ("和合计行" if any(r.total for r in stated_rows) else "（没有合计行）"), units[0].where))
        return report
    if rows and project_note is not None:  # rows of another table (大英: the previous project's tail); this one is cut
        notes.append(project_note)
    if not rows:
        titled = table_title(source.lines)
        if titled is not None:  # a table is there, but glued together (OCR) or cut before its first score
            notes.append(("评分表未能读出任何一行（各格连在一起无法分开，或表在第一个得分之前截断）：只读取了正文中的总分、等级和金额", titled))
        else:  # said once; the report is then checked only on what its sentences state (ingest/claims.py)
            notes.append((NO_TABLE, None))
        if project_note is not None or looks_like_project_table(source.lines):
            notes.append(project_note or (NO_PROJECT, None))
    for label, value in (("单位名称", report.department), ("年度", report.year), ("自评总分", report.stated_total)):
        if value is None:
            notes.append((f"未能读出{label}", None))
    report.framework_id = match_framework(report)
    return report


def _above(first: Where, second: Where | None, lines) -> bool:
    order = {line.where: index for index, line in enumerate(lines)}
    return second is None or order.get(first, -1) <= order.get(second, len(order))


def _cut_above(table: ScoringTable, own: StatedRow | None, lines, notes: list) -> None:
    """"合计 | 100" with one number, while the rows read (with the 预算资金 row above them) weigh less than 100: the
    table's top is missing (a page that starts inside another table, 大英 214), so whether 100 is the weights' column
    or the score cannot be known; not read as the stated total, and the table is incomplete."""
    leaves = table.leaves()
    weights = sum((leaf.weight or Decimal(0) for leaf in leaves), Decimal(0))
    if own is not None and own.weight is not None and leaves and _above(own.where, leaves[0].where, lines):
        weights += own.weight
    if table.total_alone and table.stated_total == 100 and leaves and weights < 100:
        notes.append((f"“合计”一行只有一个数 100，读出的各行分值之和却只有 {weights}：表的上部缺失，未读作自评总分", table.total_where))
        table.stated_total = None


def _weights_not_total(table: ScoringTable, notes: list) -> None:
    """"总分 | 100" with one number, which is the weights' sum while the rows' scores add up to something else: the
    sum of the 分值 column, not the score; the stated total is then not known (said, never taken as 100)."""
    leaves = table.leaves()
    weights = sum((leaf.weight or Decimal(0) for leaf in leaves), Decimal(0))
    scores = [leaf.score for leaf in leaves]
    if not table.total_alone or table.stated_total is None or not leaves or table.stated_total != weights:
        return
    if None in scores or sum(scores, Decimal(0)) != table.stated_total:  # type: ignore[arg-type]
        notes.append((f"“总分”一行只有一个数 {table.stated_total}，是各行分值之和，不是得分：未读作自评总分", table.total_where))
        table.stated_total = None


def _own_budget_row(stated_rows: list[StatedRow]) -> StatedRow | None:
    """The department's whole budget: a 预算资金 row labelled as the total (年度资金总额, 总额, 合计), not one of its
    parts or another table's first row (一、基本支出)."""
    return next((r for r in stated_rows if r.table == "预算资金" and not r.part and re.search(r"总额|合计|总计|整体支出|全部资金", r.label)), None)


def _budget_figures(stated_rows: list[StatedRow], figures: dict[str, list[Found]]) -> None:
    """The department's own 预算资金 row (年度资金总额) gives its budget and spending, with the table's unit."""
    own = _own_budget_row(stated_rows)
    if own is None or own.unit is None:
        return
    for key, value in (("年初预算", own.initial), ("调整后预算", own.budget), ("实际支出", own.spent)):
        if value is not None:
            text = f"{value}{own.unit}"
            figures.setdefault(key, []).append(Found(parse_money(text, None), text, own.where))


def match_framework(report: IngestedReport) -> str | None:
    names = {fold(row.path[-1]) for row in report.rows}
    best, best_share = None, Decimal(0)
    for framework_id in builtin_ids():
        framework = load_framework(framework_id)
        fixed = {fold(path[-1]) for path, node in framework.walk() if node.is_leaf and node.weight > 0}
        share = Decimal(len(fixed & names)) / len(fixed) if fixed else Decimal(0)
        if share >= MATCH_SHARE and share > best_share:
            best, best_share = framework_id, share
    return best


# -- facts --------------------------------------------------------------------------------------

_REASON = re.compile(r"未达标原因\s*[:：]\s*(.+?)\s*(?=改进措施\s*[:：]|$)", re.S)
_MEASURE = re.compile(r"改进措施\s*[:：]\s*(.+)$", re.S)


def _explained(row: IngestedRow) -> dict:
    """未达标原因 and 改进措施 as the report wrote them in the row's basis."""
    out = {}
    for key, pattern in (("reason", _REASON), ("improvement", _MEASURE)):
        match = pattern.search(row.basis)
        if match and match.group(1).strip() and not match.group(1).strip().startswith("不存在"):
            out[key] = match.group(1).strip()
    return out


def _judged(row: IngestedRow, why: str) -> dict:
    text = row.basis or row.explanation or "报告未写明评分依据"
    if row.score is None:
        return {"score_missing": "报告未列得分"}  # absent, never an invented 0
    return {"score": row.score, "basis": f"报告所列得分（{why}）：{text}", "stated_score": row.score, **_explained(row)}


def _figure_entries(report: IngestedReport, framework: Framework) -> tuple[dict, dict, dict]:
    figures, also, places = {}, {}, {}
    for key, found in report.figures.items():
        if framework.figure_kind(key) is None or not found:
            continue
        figures[key] = found[0].value.display().replace(" ", "")
        places[("figures", key)] = found[0].where
        others = [f for f in found[1:] if f.value.value != found[0].value.value]
        if others:
            also[key] = [{"value": f.value.display().replace(" ", ""), "source": "报告" + replace(f.where, file="").describe()} for f in others]
            for index, other in enumerate(others):
                places[("also_stated", key, index)] = other.where
    return figures, also, places


def _total_row(report: IngestedReport) -> list[IngestedRow]:
    """A narrative-only report written as a facts file: one row holding its stated total, so that the file evaluates
    to what the report says (never a row of the report itself: `rows` stays empty and the check sees none)."""
    if report.rows or report.stated_total is None:
        return report.rows
    return [IngestedRow(("总分",), Decimal(100), report.stated_total, report.places.get("stated_total"), basis="报告未列评分表，仅读出总分")]


def to_facts(report: IngestedReport, total_row: bool = True) -> tuple[dict, Framework, dict[tuple, Where]]:
    """Raw facts (the YAML facts format), the framework they use, and where each entry was read. With total_row, a
    narrative-only report gets one row holding its stated total (for a facts file); the check passes False."""
    if report.project is not None:  # project facts are another format (ingest/project_facts.py)
        raise InputError([Problem(Where(report.source), "这是一份项目支出绩效自评表，不是部门整体自评：请用 jixiao ingest -o 项目.yaml 写成项目自评数据")])
    if total_row and not report.rows and report.stated_total is not None:
        report = replace(report, rows=_total_row(report))
    if report.year is None:
        raise InputError([Problem(Where(report.source), "未能从报告中读出年度（如“2021年度”），无法形成部门数据")])
    framework = load_framework(report.framework_id) if report.framework_id else own_framework(report)
    figures, also, places = _figure_entries(report, framework)
    raw: dict = {
        "department": report.department or Path(report.source).stem,
        "year": report.year,
        "framework": framework.id,
        "figures": figures,
        "rows": {},
        "slots": {},
    }
    if also:
        raw["also_stated"] = also
    for key in ("stated_total", "stated_grade"):
        if key == "stated_total" and not report.table_complete:
            continue  # rows are missing: the stated total cannot be set beside their sum
        if getattr(report, key) is not None:
            raw[key] = getattr(report, key)
            if key in report.places:
                places[(key,)] = report.places[key]
    leaves = {fold(path[-1]): path for path, node in framework.walk() if node.is_leaf}
    for row in report.rows:
        path = leaves.get(fold(row.path[-1])) if report.framework_id else row.path
        if path is not None:
            key = "/".join(path)
            node = framework.node_at(path)
            raw["rows"][key] = _row_entry(row, node)
            places[("rows", key)] = row.where or Where(report.source)
            continue
        slot, group = _slot_for(framework, row)
        if slot is None:
            report.notes.append((f"“{row.path[-1]}”在指标体系“{framework.id}”中找不到对应位置，未计入", row.where))
            continue
        entries = raw["slots"].setdefault(slot, [])
        entry = {"name": row.path[-1], "weight": row.weight, **({"group": group} if group else {})}
        if row.target is not None and row.actual is not None:
            entry.update(target=row.target, actual=row.actual, stated_score=row.score, **_explained(row))
        else:
            entry.update(_judged(row, "报告未列年度指标值和完成值"))
        places[("slots", slot, len(entries))] = row.where or Where(report.source)
        entries.append(entry)
    _settle_uncomputable(raw, framework, places)
    return raw, framework, places


def _row_entry(row: IngestedRow, node: Node) -> dict:
    kind = node.rule.kind if node.rule else "judgement"
    if kind in FIGURE_KINDS and not (kind == "deduction" and node.rule and node.rule.params.count is None):
        entry: dict = {"stated_score": row.score, **_explained(row)}
        if row.target is not None and row.actual is not None:
            entry.update(target=row.target, actual=row.actual)
        if row.basis:
            entry["basis"] = row.basis
        return entry
    return _judged(row, "依据报告所述评定")


def _slot_for(framework: Framework, row: IngestedRow) -> tuple[str | None, str | None]:
    parents = row.path[:-1]
    for name in reversed(parents):
        slots = framework.resolve(name, slots=True)
        if len(slots) == 1:
            path, node = slots[0]
            group = next((g for g in node.slot.groups if g in parents), None) if node.slot and node.slot.groups else None  # type: ignore[union-attr]
            return "/".join(path), group
    tops = [(path, node) for path, node in framework.walk() if node.slot is not None and parents and path[0] == parents[0]]
    if len(tops) == 1:
        return "/".join(tops[0][0]), None
    return None, None


def _settle_uncomputable(raw: dict, framework: Framework, places: dict) -> None:
    """Rows their rule cannot score from what was read keep the stated score, judged, with the reason."""
    locate = lambda loc: places.get(loc, Where())  # noqa: E731
    try:
        facts = build_facts(raw, locate, framework)
    except Exception:  # noqa: BLE001 - the caller validates again and reports the problems
        return
    result = evaluate(framework, facts)
    blocking = {f.path: f.message for f in result.findings if f.blocking and f.path}
    for row_result in result.rows:
        reason = blocking.get(row_result.path)
        if reason is None:
            continue
        key = "/".join(row_result.path)
        if key in raw["rows"]:
            raw["rows"][key].update(_stated_or_missing(raw["rows"][key].get("stated_score"), reason))
        else:
            for entries in raw["slots"].values():
                for entry in entries:
                    if entry["name"] == row_result.path[-1] and "score" not in entry:
                        entry.update(_stated_or_missing(entry.get("stated_score"), reason))


def _stated_or_missing(stated: Decimal | None, reason: str) -> dict:
    if stated is None:
        return {"score_missing": f"报告未列得分，且未能按规则计算：{reason}"}
    return {"score": stated, "basis": f"报告所列得分（未能按规则计算：{reason}）"}


def own_framework(report: IngestedReport) -> Framework:
    """The report's own table as a framework: its weights as printed, every row judged."""
    registry = default_registry()
    judgement = registry.compile({"kind": "judgement"})

    def build(level_rows: list[IngestedRow], depth: int) -> tuple[Node, ...]:
        groups: dict[str, list[IngestedRow]] = {}
        for row in level_rows:
            groups.setdefault(row.path[depth], []).append(row)
        nodes = []
        for name, rows in groups.items():
            if len(rows) == 1 and len(rows[0].path) == depth + 1:
                row = rows[0]
                nodes.append(Node(name, row.weight, (), row.explanation, "", judgement, None, row.bonus, row.where or Where(report.source)))
            else:
                children = build(rows, depth + 1)
                # a cut-off table's groups lack rows: their printed weights cannot be met, so they are summed
                declared = report.parent_weights.get(rows[0].path[: depth + 1]) if report.table_complete else None
                weight = declared if declared is not None else sum((c.weight for c in children), Decimal(0))
                nodes.append(Node(name, weight, children, where=rows[0].where or Where(report.source)))
        return tuple(nodes)

    nodes = build(report.rows, 0)
    # no table (a narrative-only report): the usual 100-point scale, against which its stated total is read
    total = sum((n.weight for n in nodes), Decimal(0)) if nodes else Decimal(100)
    stem = Path(report.source).stem  # the file's name may hold spaces or brackets: the id keeps it simple
    base = load_framework(builtin_ids()[0])  # for the shared figure catalogue and formulas
    derived = _stated_derived(base, report)
    return Framework(
        id=simple_id(f"report-{stem}"), name=f"{report.department or stem}自评表（据报告读取）", total=total, nodes=nodes,
        figures=base.figures, derived=derived, derived_order=tuple(k for k in base.derived_order if k in derived), source=report.source,
    )


def _stated_derived(base: Framework, report: IngestedReport) -> dict:
    """The derived figures the report states (预算执行率), with those they are computed from: only their stated value
    is there to check. No row of the report's own table uses the others, so computing them could only fail for
    nothing (资金调整调剂率 of a project added mid-year, 年初预算 0.00) or report what the report never said."""
    wanted = {key for key in base.derived if key in report.figures}
    pending = list(wanted)
    while pending:
        for name in base.derived[pending.pop()].formula.names:
            if name in base.derived and name not in wanted:
                wanted.add(name)
                pending.append(name)
    return {key: value for key, value in base.derived.items() if key in wanted}


def facts_for_check(report: IngestedReport) -> tuple[Facts, Framework]:
    if report.project is not None:
        from jixiao.ingest.project_facts import facts_for_check as project_facts_for_check

        return project_facts_for_check(report)
    raw, framework, places = to_facts(report, total_row=False)
    def locate(loc: tuple) -> Where:
        found = next((places[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in places), Where(report.source))
        field = ".".join(str(part) for part in loc)  # the facts field, beside the place in the report
        return replace(found, field=f"{found.field}（{field}）" if found.field else field)

    facts = build_facts(raw, locate, framework, source=report.source)
    return replace(facts, source=report.source, stated_rows=tuple(report.stated_rows), stated_claims=tuple(report.claims)), framework
