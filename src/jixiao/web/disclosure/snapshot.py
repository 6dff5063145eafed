"""A complete publication's list of units, read once per app-server process and kept: it never changes.

The list page (its search, filters and pages) is answered from this without a query per page; the key holds
the publication's completion and withdrawal times, so a withdrawn publication is read afresh. Plain tuples, in
the process (not Django's cache, which would unpickle 5,000 rows on every request), for the few publications
read last: reading 5,000 model instances with their files took about a second per worker, these rows a tenth.
Each unit's own page reads its row and files by key (two indexed queries) and is kept as rendered.
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from jixiao.web.disclosure.models import PublishedFile, PublishedUnit

KEPT = 8  # publications per process: each well under 1 MB at 5,000 units


class Row(NamedTuple):
    pk: int
    department: str
    unit: str
    final_score: str
    grade: str
    withheld: bool
    withheld_reason: str


class Snapshot(NamedTuple):
    units: tuple[Row, ...]  # as listed: by 主管部门, then unit
    departments: tuple[str, ...]
    summary: PublishedFile | None  # the region's 汇总表
    names: tuple[str, ...]  # each unit's name in lower case, for the search

    def matching(self, q: str = "", grade: str = "", department: str = "") -> list[Row]:
        """The list's search (name contains q, ignoring case) and filters (grade of a published unit, 主管部门)."""
        q = q.lower()
        return [u for u, name in zip(self.units, self.names)
                if (not q or q in name) and (not grade or (u.grade == grade and not u.withheld)) and (not department or u.department == department)]


def snapshot(publication) -> Snapshot:
    return _read(publication.pk, publication.published_at, publication.withdrawn_at)


@lru_cache(maxsize=KEPT)
def _read(pk: int, _published_at: datetime | None, _withdrawn_at: datetime | None) -> Snapshot:
    units = tuple(Row(*values) for values in PublishedUnit.objects.filter(publication_id=pk).order_by("department", "unit", "id").values_list(
        "pk", "department", "unit", "final_score", "grade", "withheld", "withheld_reason"))
    summary = PublishedFile.objects.filter(publication_id=pk, kind=PublishedFile.SUMMARY).first()
    return Snapshot(units, tuple(sorted({u.department for u in units})), summary, tuple(u.unit.lower() for u in units))
