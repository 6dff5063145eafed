"""A complete publication's units and files read once per app-server process and kept: it never changes.

Every public page of a publication (the list with its search and filters, each unit's page) is answered from
this, without a query per page; the key holds the publication's completion and withdrawal times, so a
withdrawn publication is read afresh. Kept in the process (not Django's cache, which would unpickle 5,000 rows
on every request), for the few publications most recently read.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from jixiao.web.disclosure.models import PublishedFile, PublishedUnit

KEPT = 8  # publications per process: each about 2 MB at 5,000 units


@dataclass(frozen=True)
class Snapshot:
    units: tuple[PublishedUnit, ...]  # as listed: by 主管部门, then unit
    by_pk: dict[int, PublishedUnit]
    files: dict[int, tuple[PublishedFile, ...]]  # by unit pk
    departments: tuple[str, ...]
    summary: PublishedFile | None  # the region's 汇总表
    names: tuple[str, ...]  # each unit's name in lower case, for the search

    def matching(self, q: str = "", grade: str = "", department: str = "") -> list[PublishedUnit]:
        """The list's search (name contains q, ignoring case) and filters (grade of a published unit, 主管部门)."""
        q = q.lower()
        return [u for u, name in zip(self.units, self.names)
                if (not q or q in name) and (not grade or (u.grade == grade and not u.withheld)) and (not department or u.department == department)]


def snapshot(publication) -> Snapshot:
    return _read(publication.pk, publication.published_at, publication.withdrawn_at)


@lru_cache(maxsize=KEPT)
def _read(pk: int, _published_at: datetime | None, _withdrawn_at: datetime | None) -> Snapshot:
    units = tuple(PublishedUnit.objects.filter(publication_id=pk).order_by("department", "unit", "id"))
    files: dict[int, list[PublishedFile]] = {}
    summary = None
    for item in PublishedFile.objects.filter(publication_id=pk).order_by("kind", "id"):
        if item.unit_id is None:
            summary = summary or (item if item.kind == PublishedFile.SUMMARY else None)
        else:
            files.setdefault(item.unit_id, []).append(item)
    return Snapshot(units, {u.pk: u for u in units}, {k: tuple(v) for k, v in files.items()}, tuple(sorted({u.department for u in units})),
                    summary, tuple(u.unit.lower() for u in units))
