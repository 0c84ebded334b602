"""The import picture of the provbook package: which folder imports which, and any circle.

Usage: .venv/bin/python benchmarks/import_picture.py [--modules]

Folders are the nodes (``build``, ``chapters/unit``, ``provbook`` for the modules at the top);
an edge ``a -> b  n`` says that n module-to-module imports go from a module of folder a to one
of folder b (imports inside one folder are left out). Module-level imports (they run when a
module is imported) come first, then the function-level ones (they run on the first call).
Then the circles: among module-level imports (these break an import), and those that only
function-level imports close (hidden circles). ``--modules`` also lists every module of a
circle. Read with ast (provbook.build.import_graph); nothing is imported or run.
"""

from __future__ import annotations

import argparse

from provbook.build import import_graph


def picture(show_modules: bool = False) -> str:
    edges = import_graph.package_edges()
    lines = []
    for kind, title in (("module", "module-level imports"), ("function", "function-level imports")):
        counts = import_graph.folder_edges(edges, kind)
        lines.append(f"{title} between folders ({sum(counts.values())} in {len(counts)} edges):")
        width = max((len(name) for pair in counts for name in pair), default=0)
        lines += [f"  {a:<{width}} -> {b:<{width}} {n:>3}" for (a, b), n in sorted(counts.items())]
    circles = import_graph.cycles(edges)
    every = import_graph.cycles(edges, ("module", "function"))
    hidden = [c for c in every if not any(set(c.modules) <= set(m.modules) for m in circles)]
    for title, found in (("module-level circles", circles), ("hidden circles", hidden)):
        lines.append(f"{title}: {len(found) or 'none'}")
        for circle in found:
            lines.append(f"  {' -> '.join(circle.example)}")
            if show_modules:
                lines.append(f"    ({len(circle.modules)} modules: {', '.join(circle.modules)})")
    folder_circles = _folder_circles(edges)
    lines.append(f"circles between folders (module-level): {folder_circles or 'none'}")
    return "\n".join(lines)


def _folder_circles(edges: list[import_graph.Edge]) -> str:
    """Circles of the folder picture itself (a imports b, b imports a), module-level imports."""
    as_folders = [
        import_graph.Edge(
            import_graph.folder(e.importer), import_graph.folder(e.imported), e.kind, 0
        )
        for e in edges
        if not e.on_the_way and import_graph.folder(e.importer) != import_graph.folder(e.imported)
    ]
    return "; ".join(" -> ".join(c.example) for c in import_graph.cycles(as_folders))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", action="store_true", help="list every module of a circle")
    args = parser.parse_args()
    print(picture(args.modules))


if __name__ == "__main__":
    main()
