"""The modules depend on each other one way: no import circle, counting imports inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "dragoman"
# store/__init__ re-exports its api, synthetic and versions modules, which build on it: one
# package's internal layout, left to the store's owners. Nothing else may form a circle.
INSIDE = "dragoman.store"


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imported(module: str, path: Path, names: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports anywhere in its source."""
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(here[:len(here) - node.level + 1] + [node.module or ""]) if node.level else node.module
            base = base.rstrip(".")
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in names else base for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in names:
                target = target.rpartition(".")[0]
            if target and target != module:
                found.add(target)
    return found


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[set[str]] = []

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
            component = set()
            while True:
                top = stack.pop()
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def import_graph() -> dict[str, set[str]]:
    names = module_names()
    return {module: imported(module, path, names) for module, path in names.items()}


def test_no_import_circle():
    found = [c for c in circles(import_graph()) if not all(m.split(".")[:2] == INSIDE.split(".") for m in c)]
    assert found == [], f"modules that import each other: {found}"


def test_readers_and_the_dask_runner_depend_one_way():
    graph = import_graph()
    readers = {m for m in graph if m.startswith("dragoman.sources.") and m != "dragoman.sources.files"}
    for reader in readers:  # every reader builds on items (and records) only
        assert graph[reader] <= {"dragoman.sources.items", "dragoman.records"}, (reader, graph[reader])
    assert "dragoman.distributed" in graph["dragoman.ingest"]
    assert not any(m.startswith("dragoman.ingest") for m in graph["dragoman.distributed"])


def test_the_check_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
