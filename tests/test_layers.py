"""Data flows one way: no kg module imports, even lazily inside a function, one that imports it back."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "kg"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, modules: set[str], package: str) -> set[str]:
    """The kg modules a module imports anywhere in its body (``from kg import api`` names kg.api)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names)
    return found & modules


def import_graph() -> nx.DiGraph:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    graph = nx.DiGraph()
    for path in paths:
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph.add_node(name)
        for other in imported(ast.parse(path.read_text(encoding="utf-8")), modules, package):
            # a package's __init__ re-exporting its own submodules is not a flow back
            if other != name and not (path.name == "__init__.py" and other.startswith(name + ".")):
                graph.add_edge(name, other)
    return graph


def test_the_import_graph_is_read():
    graph = import_graph()
    assert ("kg.cli", "kg.api") in graph.edges and ("kg.api", "kg.fetch") in graph.edges


def test_no_import_cycle():
    assert sorted(nx.simple_cycles(import_graph())) == []
