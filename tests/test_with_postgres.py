"""scripts/with-postgres: a throwaway PostgreSQL cluster for one command, removed afterwards however it ends."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "with-postgres"

# Connects through JIXIAO_DATABASE_URL, writes and reads a row, says where the cluster lives, then fails on purpose.
PROBE = """
import os, psycopg
with psycopg.connect(os.environ["JIXIAO_DATABASE_URL"]) as db:
    db.execute("create table t (n numeric)")
    db.execute("insert into t values (93.76)")
    print(db.execute("select n from t").fetchone()[0], db.execute("show fsync").fetchone()[0])
print(os.environ["PGHOST"])
raise SystemExit(3)
"""


def test_cluster_serves_the_command_and_is_removed_on_failure():
    done = subprocess.run([str(SCRIPT), sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr  # the command's own status is passed on
    value_line, folder = done.stdout.split("\n")[:2]
    assert value_line == "93.76 off"  # a real server with durability off for speed
    assert folder.startswith("/tmp/jixiao-pg.")
    assert not Path(folder).exists()
    running = subprocess.run(["pgrep", "-f", f"postgres -D {folder}/data"], capture_output=True, text=True)
    assert running.stdout == ""


def test_no_command_is_a_usage_error():
    done = subprocess.run([str(SCRIPT)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "用法" in done.stderr
