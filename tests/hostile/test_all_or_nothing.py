"""Issue 13 §6 and issue 14 "Not all-or-nothing": every output or none, every destination
checked before the first is written, and an exit status of 2 with the failing path."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DAPENG, ROOT

REPORT = ROOT / "tests" / "fixtures" / "reports" / "002_8b3c8e17f1ca9b91.txt"


def test_evaluate_out_with_a_directory_in_the_way_writes_nothing(cli, tmp_path):
    out = tmp_path / "out"
    (out / "自评报告.docx").mkdir(parents=True)
    code, stdout, err = cli("evaluate", DAPENG, "--out", out)
    assert code == 2 and "自评报告.docx" in err and "这是一个目录" in err
    assert [p.name for p in out.iterdir()] == ["自评报告.docx"]  # no 评分表.xlsx beside it
    assert stdout == ""  # refused before the result was shown as if all went well


def test_out_below_a_file_is_refused(cli, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = cli("evaluate", DAPENG, "--out", tmp_path / "file" / "sub")
    assert code == 2 and "路径中的某一级不是目录" in err and "Not a directory" not in err


def test_ingest_output_that_is_a_directory_leaves_no_framework_file(cli, tmp_path):
    (tmp_path / "r.yaml").mkdir()
    code, _, err = cli("ingest", REPORT, "-o", tmp_path / "r.yaml")
    assert code == 2 and "这是一个目录" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]


def test_folder_ingest_into_a_file_is_an_input_error(cli, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(REPORT, reports)
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    code, _, err = cli("ingest", reports, "-o", tmp_path / "taken" / "x")
    assert code == 2 and "无法写出文件" in err and "内部错误" not in err


def test_write_all_undoes_moves_when_one_fails(tmp_path, monkeypatch):
    from jixiao.render import atomic

    first, second = tmp_path / "a.txt", tmp_path / "new" / "b.txt"
    first.write_text("old", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(source, target):
        if Path(target) == second:
            raise OSError(28, "No space left on device", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError):
        atomic.write_all({first: atomic.text_writer("new"), second: atomic.text_writer("new")})
    assert first.read_text(encoding="utf-8") == "old"  # restored
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporaries, no "new" folder


def test_write_all_writer_failure_leaves_nothing(tmp_path):
    from jixiao.render.atomic import text_writer, write_all

    def broken(path: Path) -> None:
        raise OSError(5, "Input/output error", str(path))

    with pytest.raises(OSError):
        write_all({tmp_path / "x" / "a.txt": text_writer("a"), tmp_path / "x" / "b.txt": broken})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="runs the CLI as an unprivileged user")
def test_unwritable_output_directory_exits_2(tmp_path):
    """Root may write anywhere, so the command runs as nobody against a directory only root may write."""
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o755)
    os.chmod(tmp_path, 0o755)
    exe = Path(sys.executable).parent / "jixiao"
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(exe), "template", "-f", "shenzhen-2019", "-o", str(locked / "t.xlsx")],
                          capture_output=True, text=True, timeout=60, cwd="/")
    if "Permission denied" in done.stderr and "jixiao" in done.stderr.split("\n")[0] and done.returncode == 126:
        pytest.skip("the virtualenv is not readable by nobody")
    assert done.returncode == 2, done.stderr
    assert "没有访问权限" in done.stderr and not (locked / "t.xlsx").exists()


def test_an_unwritable_folder_is_named_with_the_file_it_stopped(cli, tmp_path, monkeypatch):
    # Issue 18 §14: the message named the folder only, not which file could not be written.
    from jixiao.render import atomic

    out = tmp_path / "只读"
    out.mkdir()

    class ReadOnlyOut:  # os as atomic.py sees it, with `out` not writable (the tests run as root, where chmod is no bar)
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def access(path, mode):
            return False if Path(path) == out else os.access(path, mode)

    monkeypatch.setattr(atomic, "os", ReadOnlyOut())
    code, stdout, err = cli("evaluate", DAPENG, "--out", out)
    assert code == 2 and stdout == ""
    assert f"{out / '评分表.xlsx'}：无法写出文件：文件夹“{out}”没有访问权限" in err.replace("\n", "")
    assert list(out.iterdir()) == []


def test_out_below_a_file_names_the_file_and_the_file_in_the_way(cli, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = cli("evaluate", DAPENG, "--out", tmp_path / "file" / "sub")
    assert code == 2 and f"{tmp_path / 'file' / 'sub' / '评分表.xlsx'}：无法写出文件：“{tmp_path / 'file'}”：路径中的某一级不是目录" in err.replace("\n", "")
