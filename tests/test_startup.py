"""Issue 18 §19: `jixiao --help` loads only what the help needs (its time is measured in bench/quick.py, not here)."""
from __future__ import annotations

import json
import subprocess
import sys

# Modules the help never uses: markdown (typer's markup_mode="markdown"), the HTTP client of `jixiao push`,
# the scoring engine, spreadsheets and documents. Each was loaded on start-up at some point.
NOT_FOR_HELP = ("markdown_it", "urllib.request", "http.client", "json", "openpyxl", "docx", "yaml", "pydantic", "jixiao.engine", "django")

PROBE = """
import contextlib, io, sys
from jixiao.cli.main import app
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        app(["--help"], prog_name="jixiao")
    except SystemExit:
        pass
loaded = sorted(sys.modules)  # before json is imported here to answer
import json
sys.__stdout__.write(json.dumps({"loaded": loaded, "help": out.getvalue()}))
"""


def test_help_loads_nothing_it_does_not_show():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout)
    assert "用法：jixiao" in answer["help"] and "evaluate" in answer["help"]
    loaded = set(answer["loaded"])
    assert [name for name in NOT_FOR_HELP if name in loaded] == []


def test_markdown_still_works_when_asked_for():
    code = "import jixiao.cli.main, rich.markdown as m, sys; print(type(m.Markdown('**粗**')).__module__, 'markdown_it' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["rich.markdown", "True"]
