"""Seeded data made once per test session and put back in each later test's database in a few bulk inserts.

Seeding the demo region through the real code (seed_demo: open_round, prefill, projects, monitoring) costs about
0.1 s of CPU on SQLite and more on PostgreSQL; some hundreds of web tests start from it. Seeds.make(name, build)
runs build() the first time and keeps every row it added; later it inserts those same rows (same primary keys,
same column values, as the database holds them; no save(), no signals, no auto_now) into a database in the same
state as the first time. That state is fingerprinted by each table's row count and largest key: when it differs
(a fixture made rows first, a transactional test flushed the tables), build() runs again and is kept for that
state. Rows that were there before the build and that it changed or deleted are changed or deleted again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction


def _models() -> list:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy and not m._meta.swapped]


def _fingerprint(models) -> tuple:
    """(row count, largest primary key as text) of every table, in one query."""
    quote = connection.ops.quote_name
    parts = [f"SELECT COUNT(*), CAST(MAX({quote(m._meta.pk.column)}) AS TEXT) FROM {quote(m._meta.db_table)}" for m in models]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(tuple(row) for row in cursor.fetchall())


def _rows(model) -> dict:
    """pk → the row's values as the model reads them, in column order."""
    names = [f.attname for f in model._meta.concrete_fields]
    return {row[names.index(model._meta.pk.attname)]: row for row in model._base_manager.order_by().values_list(*names)}


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


@dataclass
class _Snapshot:
    tables: list = field(default_factory=list)  # (model, [row values…]) in table order: rows the build added
    changed: list = field(default_factory=list)  # (model, [row values…]): rows from before, as the build left them
    deleted: list = field(default_factory=list)  # (model, [pk…]): rows from before that the build deleted
    sequences: list = field(default_factory=list)  # SQLite's sqlite_sequence (name, seq) after the build
    evidence: dict = field(default_factory=dict)  # evidence files the build stored: relative path → bytes


class Seeds:
    def __init__(self):
        self._kept: dict[tuple, _Snapshot] = {}

    def make(self, name: str, build: Callable[[], object]) -> None:
        models = _models()
        key = (name, connection.vendor, _fingerprint(models))
        if key in self._kept:
            _restore(self._kept[key])
        else:
            self._kept[key] = _capture(models, build)


def _capture(models, build) -> _Snapshot:
    before = {m: _rows(m) for m in models}
    evidence_dir = Path(settings.EVIDENCE_DIR)
    files_before = _files(evidence_dir)
    build()
    snapshot = _Snapshot()
    for model in models:
        rows = _rows(model)
        old = before[model]
        new = [row for pk, row in rows.items() if pk not in old]
        if new:
            snapshot.tables.append((model, new))
        changed = [rows[pk] for pk, row in old.items() if pk in rows and rows[pk] != row]
        if changed:
            snapshot.changed.append((model, changed))
        deleted = [pk for pk in old if pk not in rows]
        if deleted:
            snapshot.deleted.append((model, deleted))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
            snapshot.sequences = cursor.fetchall()
    snapshot.evidence = {path: (evidence_dir / path).read_bytes() for path in _files(evidence_dir) - files_before}
    return snapshot


def _restore(snapshot: _Snapshot) -> None:
    quote = connection.ops.quote_name
    # One transaction: the foreign keys (deferred) are checked when every row is back, in autocommit tests too.
    with transaction.atomic():
        with connection.cursor() as cursor:
            for model, rows in snapshot.tables:
                fields = model._meta.concrete_fields
                columns = ", ".join(quote(f.column) for f in fields)
                marks = ", ".join(["%s"] * len(fields))
                values = [[f.get_db_prep_save(value, connection) for f, value in zip(fields, row)] for row in rows]
                cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", values)
            for model, rows in snapshot.changed:
                fields, pk = model._meta.concrete_fields, model._meta.pk
                assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
                values = [[f.get_db_prep_save(value, connection) for f, value in zip(fields, row)] + [row[fields.index(pk)]] for row in rows]
                cursor.executemany(f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s", values)
            for model, pks in snapshot.deleted:
                cursor.executemany(f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s", [[pk] for pk in pks])
            if connection.vendor == "sqlite":
                for name, seq in snapshot.sequences:
                    cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [seq, name])
                    if cursor.rowcount == 0:
                        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [name, seq])
            else:
                for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _rows in snapshot.tables]):
                    cursor.execute(sql)
    evidence_dir = Path(settings.EVIDENCE_DIR)
    for path, content in snapshot.evidence.items():
        (evidence_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (evidence_dir / path).write_bytes(content)
