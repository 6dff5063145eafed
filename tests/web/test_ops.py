"""Operations: migrations from empty, indexes, backup/restore into a fresh instance, round export/import.

The round-trip tests run real instances in child processes (tests/web/instance_script.py), each with its own
data folder and, when the suite runs on PostgreSQL (JIXIAO_DATABASE_URL set by scripts/with-postgres), its own
fresh database in that cluster; they compare every round record, history entry and evidence hash.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.web
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("instance_script.py")
JIXIAO = [sys.executable, "-c", "from jixiao.cli.main import run; run()"]
PG_URL = os.environ.get("JIXIAO_DATABASE_URL", "")


class Instance:
    """A fresh data folder, and on PostgreSQL a fresh database; dropped afterwards."""

    def __init__(self, folder: Path):
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "PYTEST_CURRENT_TEST")}
        self.env["JIXIAO_DATA_DIR"] = str(folder)
        self.database = None
        if PG_URL:
            self.database = f"jixiao_ops_{uuid.uuid4().hex[:10]}"
            subprocess.run(["createdb", self.database], check=True)
            self.env["JIXIAO_DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + "/" + self.database

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), env=self.env, capture_output=True, text=True, check=check, cwd=ROOT, timeout=300)

    def jixiao(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(*JIXIAO, *args, check=False)

    def snapshot(self) -> dict:
        return json.loads(self.run(sys.executable, str(SCRIPT), "snapshot").stdout)

    def drop(self) -> None:
        if self.database:
            subprocess.run(["dropdb", "--if-exists", "--force", self.database], check=False)


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    made = []

    def make() -> Instance:
        made.append(Instance(tmp_path_factory.mktemp("instance")))
        return made[-1]

    yield make
    for instance in made:
        instance.drop()


@pytest.fixture(scope="module")
def source(instances):
    """The demo region after a worked round: saves, two evidence files, a warning explained, submit, a 复核得分, approve, a login."""
    instance = instances()
    instance.run(sys.executable, str(SCRIPT), "fill")
    return instance


def test_backup_restores_into_a_fresh_instance_with_nothing_lost(source, instances, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    done = source.jixiao("backup", str(archive))
    assert done.returncode == 0, done.stderr
    target = instances()
    done = target.jixiao("restore", str(archive))
    assert done.returncode == 0, done.stderr
    before, after = source.snapshot(), target.snapshot()
    assert len(before["evidence"]) == 2 and all(stored == content for stored, content in before["evidence"])
    assert any(entry[2] == "login" for entry in before["history"])  # history outside any round is kept too
    assert after == before
    # Restoring again over what is now a used instance is refused, exit 2, in Chinese.
    again = target.jixiao("restore", str(archive))
    assert again.returncode == 2 and "目标数据库已有数据" in again.stderr and "Traceback" not in again.stderr


def test_round_export_import_round_trip_loses_nothing(source, instances, tmp_path):
    archive = tmp_path / "round.zip"
    done = source.jixiao("round", "export", "1", "-o", str(archive))
    assert done.returncode == 0, done.stderr
    target = instances()
    done = target.jixiao("round", "import", str(archive))
    assert done.returncode == 0, done.stderr
    before, after = source.snapshot(), target.snapshot()
    record = before["rounds"][0]
    school = next(s for s in record["submissions"] if s["unit"] == "演示市第一中学")
    assert school["state"] == "approved" and len(school["evidence"]) == 2 and school["reviews"][0]["score"] == "0.0000"
    assert after["rounds"] == before["rounds"]
    assert after["evidence"] == before["evidence"]
    # The round's history (all of it but the login, which belongs to no round) came across in order.
    assert after["history"] == [entry for entry in before["history"] if entry[3] is not None]
    # Importing it a second time is refused and changes nothing.
    again = target.jixiao("round", "import", str(archive))
    assert again.returncode == 2 and "本系统已有" in again.stderr
    assert target.snapshot() == after


# --- in-process checks (the suite's own test database) -----------------------------------


def _exported(demo) -> dict:
    from jixiao.web.rounds.transfer import export_round

    content = export_round(demo)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("round.json"))


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _counts() -> tuple:
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds.models import HistoryEntry, Round, Submission

    return Organisation.objects.count(), Round.objects.count(), Submission.objects.count(), HistoryEntry.objects.count()


@pytest.mark.parametrize("case", ["not_zip", "no_manifest", "path_escape", "bad_json", "bad_hash", "bad_state", "bad_deadline", "unknown_framework"])
def test_hostile_or_corrupt_archive_refused_and_nothing_written(case, demo):
    from jixiao.web.rounds.transfer import ArchiveRefused, import_round

    record = _exported(demo)
    record["round"]["title"] = "另一批次"  # so that only the archive's own fault can refuse it
    good = json.dumps(record).encode()
    assert all(text in good for text in (b'"state": "draft"', b'"submit_deadline": null', b'"framework_id": "shenzhen-2019"'))  # what the cases replace
    content = {
        "not_zip": b"PK\x03\x04 not really",
        "no_manifest": _zip({"readme.txt": b"x"}),
        "path_escape": _zip({"round.json": good, "../../etc/passwd": b"x"}),
        "bad_json": _zip({"round.json": b"{not json"}),
        "bad_hash": _zip({"round.json": good, "evidence/" + "0" * 64: b"%PDF-1.4"}),
        "bad_state": _zip({"round.json": good.replace(b'"state": "draft"', b'"state": "deleted"', 1)}),
        "bad_deadline": _zip({"round.json": good.replace(b'"submit_deadline": null', b'"submit_deadline": "2022-13-45"', 1)}),
        "unknown_framework": _zip({"round.json": good.replace(b'"framework_id": "shenzhen-2019"', b'"framework_id": "no-such-framework"', 1)}),
    }[case]
    before = _counts()
    with pytest.raises(ArchiveRefused) as refused:
        import_round(content, "批次.zip")
    assert all(reason.startswith("批次.zip") for reason in refused.value.reasons)
    assert _counts() == before


def test_import_conflicting_with_existing_units_is_rolled_back_whole(demo):
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds.transfer import ArchiveRefused, import_round

    record = _exported(demo)
    record["round"]["title"] = "另一批次"
    # A new unit (would be created first) and an existing unit under another 主管部门 (found after it).
    record["organisations"].insert(0, {"name": "新的主管部门", "kind": "department", "parent": record["round"]["region"]})
    clash = next(o for o in record["organisations"] if o["name"] == "演示市第一中学")
    clash["parent"] = "新的主管部门"
    before = _counts()
    with pytest.raises(ArchiveRefused) as refused:
        import_round(_zip({"round.json": json.dumps(record).encode()}), "批次.zip")
    assert "演示市第一中学" in str(refused.value)
    assert _counts() == before and not Organisation.objects.filter(name="新的主管部门").exists()


def test_round_import_cli_refuses_corrupt_file_with_exit_2(tmp_path):
    bad = tmp_path / "坏.zip"
    bad.write_bytes(b"garbage")
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path / "data")}
    env.pop("PYTEST_VERSION", None)
    if PG_URL:
        pytest.skip("the CLI's refusal does not depend on the database; checked on SQLite")
    done = subprocess.run([*JIXIAO, "round", "import", str(bad)], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "不是有效的 zip 压缩包" in done.stderr and str(bad) in done.stderr and "Traceback" not in done.stderr


INDEXES = {
    "rounds_submission": {"submission_round_state": ["round_id", "state"]},
    "rounds_historyentry": {"history_submission_at": ["submission_id", "at"], "history_round_org_at": ["round_id", "organisation_id", "at"]},
    "orgs_organisation": {"organisation_kind_parent": ["kind", "parent_id"]},
}


def _indexes(connection) -> dict:
    with connection.cursor() as cursor:
        return {table: connection.introspection.get_constraints(cursor, table) for table in INDEXES}


@pytest.mark.django_db(transaction=True)
def test_migrations_run_from_empty_and_create_the_indexes():
    """Every app migrated back to nothing and forward again on this run's database (SQLite, or PostgreSQL)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    for app in ("orgs", "rounds"):
        assert len([leaf for leaf in leaves if leaf[0] == app]) == 1, f"{app} has more than one leaf migration"
    apps = sorted({app for app, _ in leaves})
    executor.migrate([(app, None) for app in apps])
    tables = set(connection.introspection.table_names())
    assert not tables & {"rounds_submission", "orgs_organisation", "django_session"}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert {"rounds_submission", "rounds_scoresummary", "django_session"} <= set(connection.introspection.table_names())
    found = _indexes(connection)
    for table, expected in INDEXES.items():
        for name, columns in expected.items():
            assert found[table][name]["index"] and found[table][name]["columns"] == columns


def test_sessions_are_kept_in_the_database(settings, login, db):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    client = login("filler_own")
    assert client.get("/").status_code == 200
    assert Session.objects.filter(session_key=client.session.session_key).exists()


def test_evidence_storage_setting(monkeypatch):
    from jixiao.web.settings import evidence_storage

    assert evidence_storage("")["BACKEND"] == "jixiao.web.rounds.evidence.EvidenceFolder"
    with pytest.raises(ValueError, match="JIXIAO_S3_BUCKET"):
        evidence_storage("s3")
    with pytest.raises(ValueError, match="files 或 s3"):
        evidence_storage("ftp")
    monkeypatch.setenv("JIXIAO_S3_BUCKET", "jixiao-evidence")
    monkeypatch.setenv("JIXIAO_S3_ENDPOINT_URL", "https://minio.example:9000")
    s3 = evidence_storage("S3")
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "jixiao-evidence" and s3["OPTIONS"]["endpoint_url"] == "https://minio.example:9000"
    assert s3["OPTIONS"]["file_overwrite"] is False  # content-addressed names: an existing object is never replaced
