"""The package layout the project rules ask for: no stray top-level modules, no import cycles between modules."""
from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "src" / "jixiao"
# The top level holds the entry points and the pure evaluation core; everything else lives in its package.
TOP_LEVEL = {"__init__", "__main__", "engine", "plan", "plugins", "review"}


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names[name] = path
    return names


def import_graph() -> dict[str, set[str]]:
    """Each module's jixiao imports, wherever they are written (top level, in a function, under TYPE_CHECKING)."""
    names = module_names()
    graph = {}
    for name, path in names.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("jixiao"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {other for other in found if other in names and other != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each one an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others():
    # checks/plan.py and checks/registry.py imported each other (one lazily, one under TYPE_CHECKING) before
    # what a check is moved into checks/check.py.
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_stray_top_level_modules():
    # pydantic_messages, os_messages and template_layout sat at the top level; they belong to loaders/.
    stray = {path.stem for path in PACKAGE.glob("*.py")} - TOP_LEVEL
    assert stray == set()


# A folder beside the clone, however spelled: "../shared", "/work/shared", ROOT.parent / "shared".
OUTSIDE = re.compile(r"""\.\./shared|/work/shared|parent\s*/\s*["']shared["']""")


def test_tests_read_only_what_the_clone_holds():
    # tests/web/api/test_push.py read ../shared/reports/003_…; CI runs a clone with no shared/ beside it.
    readers = sorted(
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*")
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".json"}
        and path != Path(__file__).resolve() and OUTSIDE.search(path.read_text(encoding="utf-8", errors="replace"))
    )
    assert readers == []
