"""`jixiao backup OUT` / `jixiao restore ARCHIVE`: the database and every evidence file in one tar archive.

SQLite is copied with its online backup API (a consistent copy while the server keeps running);
PostgreSQL with pg_dump in its custom format, restored with pg_restore. Evidence is read through the
storages API (folder or S3), so the archive is the same whichever store is configured. Restore goes into
a fresh instance only: it refuses a database that already holds organisations or rounds.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from django.db import connection

from jixiao.web.rounds import evidence as store

MANIFEST = "backup.json"
FORMAT = "jixiao-backup/1"


class BackupFailed(Exception):
    pass


def _pg_env() -> tuple[list[str], dict]:
    params = connection.settings_dict
    args = ["-h", params["HOST"] or "localhost", "-U", params["USER"], "-d", params["NAME"]]
    if params.get("PORT"):
        args[2:2] = ["-p", str(params["PORT"])]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict, what: str) -> bytes:
    try:
        done = subprocess.run(command, env=env, capture_output=True, check=False)
    except FileNotFoundError:
        raise BackupFailed(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（Debian 软件包 postgresql-client）") from None
    if done.returncode != 0:
        raise BackupFailed(f"{what}失败：{done.stderr.decode('utf-8', 'replace').strip()[:2000]}")
    return done.stdout


def _database_bytes(scratch: Path) -> tuple[str, bytes]:
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        return "database.pgdump", _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", *args], env, "pg_dump ")
    if connection.vendor != "sqlite":
        raise BackupFailed(f"不支持的数据库：{connection.vendor}")
    connection.ensure_connection()
    copy = scratch / "database.sqlite3"
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)  # online backup: consistent while others write
    finally:
        target.close()
    return "database.sqlite3", copy.read_bytes()


def _evidence_hashes() -> list[str]:
    from jixiao.web.rounds.models import Evidence

    return sorted(set(Evidence.objects.values_list("sha256", flat=True)))


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(out: Path) -> dict:
    """Write the archive (atomically: a partial file never stays under OUT); returns its manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-backup-") as scratch:
        db_name, db_bytes = _database_bytes(Path(scratch))
        hashes = _evidence_hashes()
        manifest = {"format": FORMAT, "database": connection.vendor, "created": datetime.now(timezone.utc).isoformat(), "evidence": hashes}
        fd, partial = tempfile.mkstemp(dir=out.parent, prefix=".backup-")
        os.close(fd)
        try:
            with tarfile.open(partial, "w:gz") as archive:
                _add(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
                _add(archive, db_name, db_bytes)
                for digest in hashes:
                    _add(archive, f"evidence/{digest}", store.read(digest))
            os.replace(partial, out)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return manifest


def _read(path: Path) -> tuple[dict, dict[str, bytes]]:
    try:
        with tarfile.open(path, "r:*") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            if MANIFEST not in members:
                raise BackupFailed(f"{path}：缺少 {MANIFEST}，不是 jixiao 备份")
            manifest = json.loads(archive.extractfile(members[MANIFEST]).read().decode("utf-8"))
            contents = {name: archive.extractfile(member).read() for name, member in members.items() if name != MANIFEST}
    except (tarfile.TarError, OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupFailed(f"{path}：备份文件无法读取或已损坏（{type(error).__name__}）") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupFailed(f"{path}：{MANIFEST} 的格式标识应为 {FORMAT}")
    for digest in manifest.get("evidence") or []:
        data = contents.get(f"evidence/{digest}")
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            raise BackupFailed(f"{path}：佐证材料 {str(digest)[:12]}… 缺失或内容与其 SHA-256 不符")
    return manifest, contents


def _target_is_fresh() -> bool:
    tables = set(connection.introspection.table_names())
    if "orgs_organisation" not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM orgs_organisation")
        return cursor.fetchone()[0] == 0


def restore(path: Path) -> dict:
    manifest, contents = _read(Path(path))
    if manifest.get("database") != connection.vendor:
        raise BackupFailed(f"{path}：这是 {manifest.get('database')} 的备份，本实例使用 {connection.vendor}；换数据库请用 jixiao round export / import")
    if not _target_is_fresh():
        raise BackupFailed("目标数据库已有数据：恢复只写入新的实例（空的数据目录或空的数据库）")
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        with tempfile.NamedTemporaryFile(suffix=".pgdump") as dump:
            dump.write(contents["database.pgdump"])
            dump.flush()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", *args, dump.name], env, "pg_restore ")
    else:
        with tempfile.TemporaryDirectory(prefix="jixiao-restore-") as scratch:
            source_path = Path(scratch) / "database.sqlite3"
            source_path.write_bytes(contents["database.sqlite3"])
            source = sqlite3.connect(source_path)
            connection.ensure_connection()
            try:
                source.backup(connection.connection)  # replaces the whole target database page by page
            finally:
                source.close()
    connection.close()
    for digest in manifest.get("evidence") or []:
        store.store(contents[f"evidence/{digest}"])
    return manifest
