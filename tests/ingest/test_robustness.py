"""Whatever the order or damage of a report's lines, ingest gives a reading or a clear InputError — never a crash,
never a row without a place, never a negative weight."""
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from jixiao.ingest.report import ingest
from jixiao.loaders.problems import InputError

SOURCES = sorted((ROOT / "tests" / "fixtures" / "reports" / "extra").glob("*.txt"))
LINES = [line for path in SOURCES for line in path.read_text(encoding="utf-8").splitlines()]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, len(LINES) - 1), min_size=1, max_size=60), st.integers(0, 3), st.randoms())
def test_shuffled_and_damaged_lines(tmp_path_factory, picks, damage, rnd: random.Random):
    lines = [LINES[i] for i in picks]
    if damage == 1:  # cut every line somewhere
        lines = [line[: rnd.randint(0, len(line))] for line in lines]
    elif damage == 2:  # tabs and pipes where spaces were
        lines = [line.replace(" ", rnd.choice(["\t", " | ", " "])) for line in lines]
    elif damage == 3:  # one cell per line
        lines = [cell for line in lines for cell in line.split("|")]
    path = tmp_path_factory.mktemp("r") / "r.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        report = ingest(path)
    except InputError:
        return
    assert all(row.where is not None and row.weight >= 0 for row in report.rows)
    assert all(found.where.line for values in report.figures.values() for found in values)
