"""Which provbook module imports which, read with :mod:`ast` (nothing is imported).

Every import statement is one of three kinds: ``module`` (it runs when the module is imported:
at the top, or inside a class body, ``if`` or ``try`` there), ``function`` (inside a function:
it runs on the first call) and ``type`` (under ``if TYPE_CHECKING:``: it never runs). Only the
``module`` imports can make a circle that breaks an import, so :func:`cycles` looks at those; a
function-level import that only dodges a circle hides one, which is why they are listed apart.

Importing ``a.b.c`` runs the ``__init__`` of ``a`` and ``a.b`` first: an import counts as an edge
to every package on the way, except the importer's own packages (already running by then).
``benchmarks/import_picture.py`` prints the picture by folder.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from provbook.build.inputs import PACKAGE, PACKAGE_DIR, imported_names, module_file, module_name

KINDS = ("module", "function", "type")


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    kind: str  # one of KINDS
    line: int
    #: A package whose ``__init__`` runs on the way to the module the statement names.
    on_the_way: bool = False


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(statements: list[ast.stmt], kind: str = "module"):
    """(import statement, kind) for every import among ``statements`` and the blocks inside
    them (imports are statements: expressions are not searched)."""
    for statement in statements:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            yield statement, kind
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _imports(statement.body, "function" if kind == "module" else kind)
        elif isinstance(statement, ast.If) and _is_type_checking(statement.test):
            yield from _imports(statement.body, "type")
            yield from _imports(statement.orelse, kind)
        else:
            blocks = [getattr(statement, name, []) for name in ("body", "orelse", "finalbody")]
            blocks += [h.body for h in getattr(statement, "handlers", [])]
            blocks += [c.body for c in getattr(statement, "cases", [])]
            for block in blocks:
                yield from _imports(block, kind)


def module_edges(path: Path, package_dir: Path = PACKAGE_DIR) -> list[Edge]:
    """The provbook modules one file imports, each edge with its kind and line."""
    name = module_name(path, package_dir)
    current = f"{name}.__init__" if path.name == "__init__.py" else name
    own_packages = {".".join(name.split(".")[:depth]) for depth in range(1, name.count(".") + 2)}
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    edges: dict[tuple[str, str], Edge] = {}
    for statement, kind in _imports(tree.body):
        named = imported_names(ast.Module(body=[statement], type_ignores=[]), current)
        targets = set()
        for imported in named:
            parts = imported.split(".")
            targets.update(".".join(parts[:depth]) for depth in range(1, len(parts) + 1))
        targets = {t for t in targets if t not in own_packages and module_file(t, package_dir)}
        for target in sorted(targets):
            on_the_way = any(other.startswith(f"{target}.") for other in targets)
            # One edge per module, kind and target: the first statement says where.
            edges.setdefault((kind, target), Edge(name, target, kind, statement.lineno, on_the_way))
    return list(edges.values())


def package_edges(package_dir: Path = PACKAGE_DIR) -> list[Edge]:
    """Every import between provbook modules, module by module."""
    return [
        edge
        for path in sorted(package_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
        for edge in module_edges(path, package_dir)
    ]


@dataclass(frozen=True)
class Circle:
    """Modules that import each other (directly or round about), and one circle among them."""

    modules: tuple[str, ...]
    example: tuple[str, ...]  # (a, b, ..., a)

    def __str__(self) -> str:
        return f"{' -> '.join(self.example)} (the circle takes in {', '.join(self.modules)})"


def cycles(edges: list[Edge], kinds: tuple[str, ...] = ("module",)) -> list[Circle]:
    """Each group of modules that import each other through imports of ``kinds``, with one
    circle of it; [] when there is none (Tarjan's strongly connected components). With
    ``("module", "function")`` it also finds the circles a function-level import hides."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if edge.kind in kinds:
            graph.setdefault(edge.importer, set()).add(edge.imported)
            graph.setdefault(edge.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # recursion depth is bounded by the number of modules
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [Circle(tuple(group), tuple(_circle(group, graph))) for group in sorted(groups)]


def _circle(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & set(group)):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"no circle through {start} in {group}")  # a group always has one


def folder(module: str, package_dir: Path = PACKAGE_DIR) -> str:
    """The folder of a module inside the package: ``provbook.chapters.unit.facts`` ->
    ``chapters/unit``; a module at the top is its own node (``provbook.cli`` -> ``cli``, the
    package's ``__init__`` -> ``provbook``), so the command line importing the build and the
    build reading ``provbook.ROOT`` are not drawn as a circle; a package's ``__init__`` belongs
    to its own folder."""
    parts = module.split(".")[1:]
    path = module_file(module, package_dir)
    if path is not None and path.name == "__init__.py":
        return "/".join(parts) or PACKAGE
    return "/".join(parts[:-1]) or parts[-1]


def folder_edges(
    edges: list[Edge], kind: str = "module", package_dir: Path = PACKAGE_DIR
) -> Counter:
    """(importing folder, imported folder) -> number of module-to-module imports of ``kind``,
    imports inside one folder and packages run on the way left out."""
    pairs = (
        (folder(e.importer, package_dir), folder(e.imported, package_dir))
        for e in edges
        if e.kind == kind and not e.on_the_way
    )
    return Counter((a, b) for a, b in pairs if a != b)
