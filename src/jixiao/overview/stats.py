"""Counts, distributions, medians and rankings of a round's units, as tables (title, headers, rows).

Scores are exact Decimals; averages and medians are rounded once, half up, to two places (the score's
own precision). Only final scores (submitted, approved, reported) enter the distributions: a draft's
score is still being filled in.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from jixiao.overview.finding_names import UNNAMED

# A unit's place in the round, in the order the overview lists them.
NOT_STARTED, DRAFT, SUBMITTED, RETURNED, APPROVED, REPORTED = "not_started", "draft", "submitted", "returned", "approved", "reported"
PROGRESS = ((NOT_STARTED, "未开始"), (DRAFT, "草稿"), (SUBMITTED, "已提交"), (RETURNED, "已退回"), (APPROVED, "已审核"), (REPORTED, "已报送"))
PROGRESS_LABELS = dict(PROGRESS)
FINAL = (SUBMITTED, APPROVED, REPORTED)
# Score bands of the histogram: below 60 (差) as one band, then five points each up to 100.
BANDS = ((Decimal(0), Decimal(60)),) + tuple((Decimal(low), Decimal(low + 5)) for low in range(60, 100, 5))
TWO_PLACES = Decimal("0.01")
RANKED = 10


@dataclass(frozen=True)
class Entry:
    unit: str
    department: str
    progress: str  # one of PROGRESS
    score: Decimal | None  # 自评分数 (None: not yet scorable)
    reviewed: Decimal | None = None  # 复核分数 where there is one
    late: bool = False  # past its due date and not yet submitted
    findings: tuple[str, ...] = ()  # check codes found in this unit's submission
    ref: int | None = None  # the caller's own key (the web's submission id)
    total: Decimal | None = None  # the score as it stands, a draft's too (the unit list sorts and filters on it)

    @property
    def final(self) -> bool:
        return self.progress in FINAL and self.score is not None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    note: str = ""


@dataclass(frozen=True)
class Overview:
    entries: tuple[Entry, ...]
    grades: tuple[tuple[str, Decimal], ...]  # the framework's (grade, minimum), best first
    finding_titles: dict[str, str] = field(default_factory=dict)

    # Computed once per overview (a frozen dataclass still takes cached_property: it writes the instance dict).
    @cached_property
    def final(self) -> list[Entry]:
        return [e for e in self.entries if e.final]

    @cached_property
    def by_department(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for entry in self.entries:
            out.setdefault(entry.department, []).append(entry)
        return out

    @cached_property
    def final_by_department(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for entry in self.final:
            out.setdefault(entry.department, []).append(entry)
        return out

    def progress_counts(self, entries: Iterable[Entry] | None = None) -> dict[str, int]:
        counts = Counter(e.progress for e in (self.entries if entries is None else entries))
        return {key: counts.get(key, 0) for key, _label in PROGRESS}

    @cached_property
    def late(self) -> list[Entry]:
        return sorted((e for e in self.entries if e.late), key=lambda e: (e.department, e.unit))

    @property
    def returned(self) -> list[Entry]:
        return sorted((e for e in self.entries if e.progress == RETURNED), key=lambda e: (e.department, e.unit))

    def departments(self) -> list[str]:
        return sorted(self.by_department)

    def grade_of(self, score: Decimal) -> str:
        for grade, minimum in self.grades:
            if score >= minimum:
                return grade
        return self.grades[-1][0]

    @cached_property
    def _grade_counts(self) -> dict[str, int]:
        counts = Counter(self.grade_of(e.score) for e in self.final)
        return {grade: counts.get(grade, 0) for grade, _minimum in self.grades}

    def grade_counts(self) -> dict[str, int]:
        return dict(self._grade_counts)

    @cached_property
    def _histogram(self) -> dict[str, int]:
        labels = [band_label(low, high) for low, high in BANDS]
        counts = Counter(band_index(entry.score) for entry in self.final)
        return {label: counts.get(index, 0) for index, label in enumerate(labels)}

    def histogram(self) -> dict[str, int]:
        return dict(self._histogram)

    @cached_property
    def ranking_order(self) -> list[Entry]:
        # Two stable sorts (name, then score descending): no key tuples or negated Decimals for 5,000 units.
        return sorted(sorted(self.final, key=attrgetter("unit")), key=attrgetter("score"), reverse=True)

    def ranking(self) -> list[Entry]:
        """Final entries best first; ties by unit name, so the order never depends on the database."""
        return self.ranking_order

    def frequent_findings(self, limit: int = 10) -> list[tuple[str, int]]:
        """(code, number of units where it was found), most frequent first."""
        counts = Counter(code for e in self.entries for code in set(e.findings))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def band_label(low: Decimal, high: Decimal) -> str:
    return f"{high}以下" if low == 0 else f"{low}–{high}"


def band_index(score: Decimal) -> int:
    for index, (_low, high) in enumerate(BANDS):
        if score < high:
            return index
    return len(BANDS) - 1  # 100 (or a bonus above it) sits in the top band


def band_of(score: Decimal) -> tuple[Decimal, Decimal]:
    return BANDS[band_index(score)]


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)


def median(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return value.quantize(TWO_PLACES, ROUND_HALF_UP)


def _share(part: int, whole: int) -> str:
    return "—" if not whole else f"{(Decimal(part) * 100 / whole).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


# --- the tables the page, the xlsx and the docx show ----------------------------------------------------


def progress_table(now: Overview) -> Table:
    headers = ("主管部门", "单位数") + tuple(label for _key, label in PROGRESS) + ("逾期未提交", "已提交及以后占比")
    rows = []
    for department in now.departments() + ["合计"]:
        entries = now.entries if department == "合计" else now.by_department[department]
        counts = now.progress_counts(entries)
        done = sum(counts[key] for key in FINAL)
        rows.append((department, len(entries), *counts.values(), sum(e.late for e in entries), _share(done, len(entries))))
    return Table("progress", "填报进度（按主管部门）", headers, tuple(rows))


def grade_table(now: Overview, before: Overview | None) -> Table:
    now_counts, now_total = now.grade_counts(), len(now.final)
    headers = ("等级", "分数", "单位数", "占比")
    before_counts = before.grade_counts() if before else {}
    if before:
        headers += ("上年单位数", "上年占比")
    rows = []
    for index, (grade, minimum) in enumerate(now.grades):
        upper = now.grades[index - 1][1] if index else None
        band = f"≥ {minimum}" if upper is None else (f"< {upper}" if minimum == 0 else f"{minimum}–{upper}（不含 {upper}）")
        row = (grade, band, now_counts[grade], _share(now_counts[grade], now_total))
        if before:
            row += (before_counts.get(grade, 0), _share(before_counts.get(grade, 0), len(before.final)))
        rows.append(row)
    return Table("grades", "等级分布", headers, tuple(rows), note=f"只计已提交、已审核、已报送的 {now_total} 个单位")


def histogram_table(now: Overview, before: Overview | None) -> Table:
    headers = ("分数段", "单位数") + (("上年单位数",) if before else ())
    before_bins = before.histogram() if before else {}
    rows = tuple((label, count) + ((before_bins[label],) if before else ()) for label, count in now.histogram().items())
    return Table("histogram", "分数分布", headers, rows, note="每段含下限、不含上限；100 分计入最高一段")


def department_scores_table(now: Overview, before: Overview | None) -> Table:
    headers = ("主管部门", "已评单位数", "平均分", "中位数", "最高分", "最低分")
    if before:
        headers += ("上年平均分", "上年中位数")
    rows = []
    for department in now.departments() + ["全部"]:
        scores = [e.score for e in (now.final if department == "全部" else now.final_by_department.get(department, ()))]
        row = (department, len(scores), mean(scores), median(scores), max(scores, default=None), min(scores, default=None))
        if before:
            last = [e.score for e in (before.final if department == "全部" else before.final_by_department.get(department, ()))]
            row += (mean(last), median(last))
        rows.append(row)
    return Table("departments", "各主管部门平均分与中位数", headers, tuple(rows))


def ranked_refs(now: Overview) -> set:
    """The entries the rankings show (their refs): the only ones whose 复核分数 is needed."""
    ranked = now.ranking()
    return {e.ref for e in ranked[:RANKED] + ranked[-RANKED:]}


def ranking_table(now: Overview, best: bool, reviewed: dict | None = None) -> Table:
    """前十 / 后十; reviewed maps an entry's ref to its 复核分数 where the caller looked them up."""
    ranked = now.ranking()
    count = len(ranked)
    if best:
        chosen = [(index + 1, e) for index, e in enumerate(ranked[:RANKED])]
    else:
        chosen = [(count - index, e) for index, e in enumerate(reversed(ranked[-RANKED:]))]
    reviewed = reviewed or {}
    rows = tuple((place, e.unit, e.department, e.score, now.grade_of(e.score), reviewed.get(e.ref, e.reviewed)) for place, e in chosen)
    key, title = ("top", "前十名") if best else ("bottom", "后十名")
    return Table(key, title, ("名次", "预算单位", "主管部门", "自评分数", "等级", "复核分数"), rows)


def findings_table(now: Overview, before: Overview | None) -> Table:
    before_counts = dict(before.frequent_findings(limit=10_000)) if before else {}
    headers = ("问题", "单位数", "占全部单位") + (("上年单位数",) if before else ())
    rows = []
    for code, count in now.frequent_findings():
        row = (now.finding_titles.get(code, UNNAMED), count, _share(count, len(now.entries)))
        rows.append(row + ((before_counts.get(code, 0),) if before else ()))
    return Table("findings", "最常见的问题", headers, tuple(rows), note="按发现该问题的单位数排列（一个单位同一问题只计一次）")


def attention_table(now: Overview) -> Table:
    rows = [(e.unit, e.department, PROGRESS_LABELS[e.progress], "是" if e.late else "") for e in now.entries if e.late or e.progress == RETURNED]
    rows.sort(key=lambda r: (r[1], r[0]))
    return Table("attention", "逾期与退回的单位", ("预算单位", "主管部门", "状态", "逾期"), tuple(rows))


def all_tables(now: Overview, before: Overview | None, reviewed: dict | None = None) -> list[Table]:
    return [
        progress_table(now), grade_table(now, before), histogram_table(now, before), department_scores_table(now, before),
        ranking_table(now, True, reviewed), ranking_table(now, False, reviewed), findings_table(now, before), attention_table(now),
    ]
