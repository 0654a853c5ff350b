"""No import cycle anywhere in src/datalchemy, found from the source with ``ast``.

Only imports that run when a module is imported count: module-level statements, including those
inside module-level ``if`` / ``try`` / ``with`` blocks and class bodies, but not the body of
``if TYPE_CHECKING:`` nor imports inside functions. An edge also goes to every package whose
``__init__`` the import runs: importing ``a.b.c`` from ``x.y`` runs ``a`` and ``a.b`` first
(unless the importer is inside them, when they are already running), so a cycle through a
package's re-exports is a cycle too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

#: The package, read from disk: the test reports a cycle even when it breaks `import datalchemy`.
SOURCE = Path(__file__).resolve().parents[1] / "src" / "datalchemy"
#: Cycles tolerated for now, each as the set of its modules. Empty: keep it so.
ALLOWED_CYCLES: set[frozenset[str]] = set()


class ImportGraph:
    """Modules of one package on disk and the modules of that package each one imports."""

    def __init__(self, package_dir: Path) -> None:
        self.root = package_dir.parent
        self.files = {self._name(p): p for p in sorted(package_dir.rglob("*.py"))}
        self.edges = {name: self._imports(name) for name in self.files}

    def _name(self, path: Path) -> str:
        parts = path.relative_to(self.root).with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    def _is_package(self, name: str) -> bool:
        return self.files[name].name == "__init__.py"

    def _imports(self, name: str) -> set[str]:
        running = _parents(name) | ({name} if self._is_package(name) else set())
        package = name if self._is_package(name) else name.rpartition(".")[0]
        out: set[str] = set()

        def add(target: str) -> None:
            if target not in self.files:
                return
            out.add(target)
            out.update(p for p in _parents(target) if p in self.files and p not in running)

        for node in _executed(ast.parse(self.files[name].read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(alias.name)
            elif isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                for alias in node.names:
                    if f"{source}.{alias.name}" in self.files:  # a submodule
                        add(f"{source}.{alias.name}")
                    elif source in self.files:  # a name the package's __init__ must define
                        add(source)
        out.discard(name)
        return out

    def cycles(self) -> list[list[str]]:
        """Strongly connected components with more than one module (Tarjan), sorted."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        found: list[list[str]] = []

        def visit(v: str) -> None:
            index[v] = low[v] = len(index)
            stack.append(v)
            on_stack.add(v)
            for w in sorted(self.edges[v]):
                if w not in index:
                    visit(w)
                    low[v] = min(low[v], low[w])
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

        for v in sorted(self.edges):
            if v not in index:
                visit(v)
        return sorted(found)

    def describe(self, component: list[str]) -> str:
        members = set(component)
        return "\n".join(f"  {m} -> {sorted(self.edges[m] & members)}" for m in component)


def _parents(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _executed(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of ``body`` that run on import (functions' bodies do not)."""
    for node in body:
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _executed(node.body)
            yield from _executed(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _executed(block)
            for handler in node.handlers:
                yield from _executed(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from _executed(node.body)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    return ImportGraph(SOURCE)


def test_datalchemy_has_no_import_cycle(graph: ImportGraph) -> None:
    assert len(graph.files) > 100
    cycles = [c for c in graph.cycles() if frozenset(c) not in ALLOWED_CYCLES]
    assert not cycles, "import cycles:\n" + "\n\n".join(graph.describe(c) for c in cycles)
    assert not ALLOWED_CYCLES - {frozenset(c) for c in graph.cycles()}, "an allowed cycle is gone"


#: What each group of datalchemy.plan may import from the others (all may use the shared modules).
PLAN_LAYERS = {"resolve": set(), "validate": {"resolve"}, "suggest": {"resolve"}}


def test_plan_layers_import_downwards(graph: ImportGraph) -> None:
    def layer(module: str) -> str | None:
        parts = module.split(".")
        return parts[2] if len(parts) > 2 and parts[:2] == ["datalchemy", "plan"] else None

    crossings = {
        (layer(m), layer(t))
        for m, targets in graph.edges.items()
        for t in targets
        if layer(m) in PLAN_LAYERS and layer(t) in PLAN_LAYERS and layer(m) != layer(t)
    }
    assert crossings == {("validate", "resolve"), ("suggest", "resolve")}
    for source, target in crossings:
        assert source is not None and target in PLAN_LAYERS[source]


def test_the_graph_sees_what_runs_on_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "from pkg import b\n",
        "b.py": "import pkg.a\n",  # a <-> b: a cycle
        "c.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from pkg import d\n"
            "def f():\n    from pkg import d\n"
        ),
        "d.py": "from pkg import c\n",  # c -> d only under TYPE_CHECKING or in a function
        "sub/__init__.py": "from pkg.sub.e import E\n",
        "sub/e.py": "E = 1\n",
        "f.py": "from pkg.sub.e import E\n",  # runs pkg.sub's __init__ too
        "g.py": "from .sub import E\n",
    }
    for rel, text in files.items():
        (pkg / rel).write_text(text)
    small = ImportGraph(pkg)
    assert small.cycles() == [["pkg.a", "pkg.b"]]
    assert small.edges["pkg.c"] == set()
    assert small.edges["pkg.f"] == {"pkg.sub", "pkg.sub.e"}
    assert small.edges["pkg.g"] == {"pkg.sub"}
    assert small.edges["pkg.sub.e"] == set()
