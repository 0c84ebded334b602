"""The package imports without a circle: read with ast, nothing imported (fast)."""

from __future__ import annotations

import functools
from pathlib import Path

from provbook.build import import_graph as graph


@functools.cache
def _edges() -> tuple[graph.Edge, ...]:
    """The real package's imports, read once for the tests below."""
    return tuple(graph.package_edges())


def _package(root: Path, files: dict[str, str]) -> Path:
    """A synthetic package ``provbook`` under ``root``: relative path -> source."""
    package = root / "provbook"
    for relative, source in {"__init__.py": "", **files}.items():
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return package


def test_a_circle_of_module_level_imports_is_found_and_named(tmp_path: Path):
    package = _package(
        tmp_path,
        {
            "stage/__init__.py": "",
            "stage/plan.py": "from provbook.stage import run\n",
            "stage/run.py": "import provbook.stage.cluster\n",
            "stage/cluster.py": "from provbook.stage.plan import Task\n",
            "other.py": "from provbook.stage import plan\n",
        },
    )
    circles = graph.cycles(graph.package_edges(package))
    assert [c.modules for c in circles] == [
        ("provbook.stage.cluster", "provbook.stage.plan", "provbook.stage.run")
    ]
    assert circles[0].example == (
        "provbook.stage.cluster",
        "provbook.stage.plan",
        "provbook.stage.run",
        "provbook.stage.cluster",
    )
    assert str(circles[0]).startswith(
        "provbook.stage.cluster -> provbook.stage.plan -> provbook.stage.run -> "
    )


def test_imports_inside_functions_and_for_type_checking_are_told_apart(tmp_path: Path):
    """The old pipeline <-> cluster shape: each imports the other inside a function. No
    module-level circle, but a hidden one; a TYPE_CHECKING import never runs."""
    package = _package(
        tmp_path,
        {
            "pipeline.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from provbook import kernels\n"
                "def run_tasks():\n    from provbook import cluster\n"
            ),
            "cluster.py": (
                "class C:\n    def run(self):\n        from provbook.pipeline import execute\n"
            ),
            "kernels.py": "import provbook.pipeline\n",
        },
    )
    edges = graph.package_edges(package)
    kinds = {(e.importer, e.imported): (e.kind, e.line) for e in edges}
    assert kinds == {
        ("provbook.pipeline", "provbook.kernels"): ("type", 3),
        ("provbook.pipeline", "provbook.cluster"): ("function", 5),
        ("provbook.cluster", "provbook.pipeline"): ("function", 3),
        ("provbook.kernels", "provbook.pipeline"): ("module", 1),
    }
    assert graph.cycles(edges) == []
    hidden = graph.cycles(edges, ("module", "function"))
    assert [c.modules for c in hidden] == [("provbook.cluster", "provbook.pipeline")]


def test_an_import_runs_the_packages_on_its_way_but_not_its_own(tmp_path: Path):
    package = _package(
        tmp_path,
        {
            "draw/__init__.py": "from provbook.draw import charts\n",
            "draw/charts.py": "from . import layout\nimport provbook.data.load\n",
            "draw/layout.py": "",
            "data/__init__.py": "",
            "data/load.py": "",
        },
    )
    edges = {(e.importer, e.imported): e.on_the_way for e in graph.package_edges(package)}
    assert edges == {
        ("provbook.draw", "provbook.draw.charts"): False,
        ("provbook.draw.charts", "provbook.draw.layout"): False,
        ("provbook.draw.charts", "provbook.data"): True,
        ("provbook.draw.charts", "provbook.data.load"): False,
    }
    # The picture counts the module named, not the packages run on the way to it.
    counts = graph.folder_edges(graph.package_edges(package), package_dir=package)
    assert counts == {("draw", "data"): 1}


def test_the_package_has_no_import_circle():
    """None among module-level imports, and none that an import inside a function hides."""
    circles = graph.cycles(list(_edges()), ("module", "function"))
    assert not circles, "import circles:\n" + "\n".join(map(str, circles))


def test_no_circle_between_folders():
    """The picture of the closing note: folders (and top-level modules) as nodes."""
    counts = graph.folder_edges(list(_edges()))
    circles = graph.cycles([graph.Edge(a, b, "module", 0) for a, b in counts])
    assert not circles, "\n".join(map(str, circles))


def test_the_build_package_has_no_circle_even_through_function_imports():
    """The pipeline needs the cluster executor, the executor the task type and its execution:
    both take those from provbook.build.tasks, so nothing in build/ dodges a circle."""
    build = [
        e
        for e in _edges()
        if e.importer.startswith("provbook.build") and e.imported.startswith("provbook.build")
    ]
    circles = graph.cycles(build, ("module", "function"))
    assert not circles, "\n".join(map(str, circles))
