"""No module of matcher imports another that imports it back, directly or through others.

The graph is read from the source with ``ast``: every ``import`` and ``from … import`` counts,
at module level, inside functions and under ``if TYPE_CHECKING:``, because a loop is a loop for
whoever reads the code even when a lazy import keeps it from failing at run time. An edge goes
to the module named (``from matcher.readers import pdf`` is an edge to ``matcher.readers.pdf``),
not to the packages above it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "matcher"

# Loops that run through files other work is reorganising right now; each is listed so the
# test still fails on any new loop. Remove an entry once its loop is gone.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            candidates = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
        else:
            continue
        for candidate in candidates:
            # the longest known module the name starts with: "matcher.x.y" may be a function y
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
                break
    return targets


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Tarjan's algorithm, iterative: every group of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[frozenset[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(frozenset(group))
    return groups


def test_import_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    # a function-level import: read_document imports the PDF reader only for PDFs
    assert "matcher.readers.pdf" in graph["matcher.readers"]
    assert "matcher.taxonomy.types" in graph["matcher.taxonomy.check"]


def test_import_graph_finds_a_planted_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(graph) == [frozenset({"a", "b", "c"})]


def test_import_graph_has_no_loops():
    loops = [group for group in strongly_connected(import_graph()) if group not in KNOWN_CYCLES]
    assert not loops, "modules that import each other: " + "; ".join(
        " <-> ".join(sorted(group)) for group in loops
    )


def test_import_graph_known_cycles_still_exist():
    # an exception that no longer applies should be deleted, so it cannot hide a new loop
    found = set(strongly_connected(import_graph()))
    assert KNOWN_CYCLES <= found, KNOWN_CYCLES - found


def test_the_taxonomy_package_names_what_its_loader_exports():
    # The package resolves its names lazily from matcher.taxonomy.load (PEP 562), so it writes
    # the list out rather than importing it; the two must not drift apart.
    import matcher.taxonomy
    import matcher.taxonomy.load

    assert sorted(matcher.taxonomy.__all__) == sorted(matcher.taxonomy.load.__all__)
    for name in matcher.taxonomy.__all__:
        assert getattr(matcher.taxonomy, name) is getattr(matcher.taxonomy.load, name)
