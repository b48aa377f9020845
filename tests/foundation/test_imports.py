"""cjm's modules import in one direction: a test walks the import graph and fails on any cycle.

Why: a cycle means two modules cannot be understood (or loaded) apart, and Python resolves it by
the order modules happen to be imported in, which breaks the day someone imports from Python
instead of the CLI. Imports inside functions count too: deferring an import hides a cycle from
the interpreter, not from a reader. Only ``if TYPE_CHECKING:`` blocks are left out, since they
never run.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("import-graph")  # one worker builds the graph once

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cjm"


def module_names() -> dict[str, Path]:
    """Every module under cjm/, by dotted name (a package by its ``__init__``)."""
    out: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for sub in child.orelse:
                    walk_one(sub)
                continue
            walk_one(child)

    def walk_one(node: ast.AST) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        walk(node)

    walk(tree)
    return found


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The cjm module ``name`` refers to: itself, or the nearest enclosing module that exists."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


@functools.cache  # the tree does not change during a run; four tests read it
def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base_parts = package.split(".")
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join(base_parts)
                    source = f"{base}.{node.module}" if node.module else base
                else:
                    source = node.module or ""
                for alias in node.names:
                    candidate = f"{source}.{alias.name}"
                    # `from . import x`: the submodule when x is one, else the package itself
                    targets.append(candidate if candidate in modules else source)
            for target in targets:
                owner = _owner(target, modules) if target.startswith("cjm") else None
                if owner is not None and owner != name:
                    graph[name].add(owner)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component bigger than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def connect(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
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
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return [_a_cycle(graph, set(c)) for c in components]


def _a_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A concrete path around one strongly connected component, for the failure message."""
    start = min(component)
    path = [start]
    seen = {start}
    current = start
    while True:
        nxt = sorted(w for w in graph[current] if w in component)
        if start in nxt and len(path) > 1:
            return [*path, start]
        fresh = [w for w in nxt if w not in seen]
        if not fresh:
            loop_to = next(w for w in nxt if w in seen)
            return [*path[path.index(loop_to):], loop_to]
        current = fresh[0]
        path.append(current)
        seen.add(current)


def subsystem_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same graph one level up: ``cjm.lint.runner`` counts as ``cjm.lint``.

    Modules of one package may lean on each other; two packages (or a package and a top-level
    module, as config and lint were) must not, or neither can be taken out, tested or read alone.
    """

    def unit(name: str) -> str:
        return ".".join(name.split(".")[:2])

    out: dict[str, set[str]] = {}
    for name, targets in graph.items():
        out.setdefault(unit(name), set()).update(unit(t) for t in targets if unit(t) != unit(name))
    return out


def test_the_graph_sees_relative_deferred_and_only_running_imports() -> None:
    graph = import_graph()
    assert "cjm.commands.base" in graph["cjm.commands.lint"]  # relative, module level
    assert "cjm.output" in graph["cjm.commands.base"]  # inside a function
    assert "cjm.render.mermaid" in graph["cjm.render.markdown"]  # `from . import mermaid`
    assert "cjm.model" not in graph["cjm.render"]  # under `if TYPE_CHECKING:` only
    assert "cjm.render" not in graph["cjm.render.site"]  # `from .facts`: no implicit parent edge
    assert "cjm.render" in graph["cjm.render.publish"]  # `from . import RENDERERS`: the package


def test_cjm_has_no_import_cycles() -> None:
    cycles = find_cycles(import_graph())
    shown = "\n".join(" -> ".join(c) for c in cycles)
    assert not cycles, f"import cycles in cjm/:\n{shown}"


def test_cjm_packages_do_not_import_each_other_both_ways() -> None:
    cycles = find_cycles(subsystem_graph(import_graph()))
    shown = "\n".join(" -> ".join(c) for c in cycles)
    assert not cycles, f"import cycles between cjm's packages and modules:\n{shown}"


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every cjm module ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_facts_sit_under_everything_that_reads_them() -> None:
    """The facts layer computes journey numbers from the model alone: it imports neither
    validation, lint, the diff, renderers, reports nor commands, which all read it."""
    graph = import_graph()
    facts = {name for name in graph if name == "cjm.facts" or name.startswith("cjm.facts.")}
    assert len(facts) > 5  # one module per concept
    reached = set().union(*(_reach(graph, name) for name in facts)) - facts
    allowed = {"cjm.model", "cjm.periods", "cjm.references", "cjm.problems", "cjm.limits",
               "cjm.text", "cjm.romanize",  # romanize: text's slug tables, no imports of its own
               "cjm.scoring"}  # scoring: the formula and scales, pure like the model
    assert reached <= allowed, f"cjm.facts reaches {sorted(reached - allowed)}"
