"""Shared fixtures: a small book of the project's shape, built in a temp dir with real tools."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from provbook.build.inputs import CONFIG_FILES

ROOT = Path(__file__).resolve().parents[1]
#: The data folder the tests that read data/ check: $PROVBOOK_DATA (a user's folder, or a copy with
#: an added province, see tests/test_sixth_province.py), else the checkout's data/.
DATA = Path(os.environ.get("PROVBOOK_DATA") or ROOT / "data")
PROVBOOK = str(Path(sys.executable).with_name("provbook"))
KERNELSPEC = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}


@pytest.fixture(autouse=True)
def _environment_restored():
    """Each test gets the environment back as it found it: ``tasks.execute`` run in-process
    sets PROVBOOK_DATA (and the kernel's variables), which would point later tests at a deleted
    temporary data folder."""
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


PROVINCE_CODE = """\
import os

import matplotlib.pyplot as plt
import pandas as pd
from myst_nb import glue

from provbook.chapters.common.notebook import setup

setup()
table = pd.read_csv(os.path.join(os.environ["PROVBOOK_DATA"], "provinces.csv"))
row = table.set_index("province_id").loc[province]
glue("gso_code", int(row.gso_code), display=False)
fig, ax = plt.subplots(figsize=(3, 2))
ax.bar(["a", "b"], [row.gso_code, row.unit_2025_code])
ax.set_title(row.name_vi)
glue("figure", fig, display=False)
plt.close(fig)
"""


def write_notebook(path: Path, cells: list) -> None:
    """A template as the real ones are kept: MyST Markdown text (``.md``, see
    provbook.build.template.read); notebook JSON for any other name."""
    import jupytext

    nb = nbformat.v4.new_notebook(metadata=KERNELSPEC)
    nb.cells = cells
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"  # fixed ids: two copies of a template are the same bytes
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".md":
        path.write_text(jupytext.writes(nb, fmt="md:myst"), encoding="utf-8")
    else:
        nbformat.write(nb, path)


def province_template(extra_code: str = "") -> list:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return [
        md("# {{ name_vi }}"),
        code('province = "long-an"', metadata={"tags": ["parameters"]}),
        code(PROVINCE_CODE + extra_code, metadata={"tags": ["hide-input"]}),
        md("GSO code {glue:text}`gso_code`.\n\n```{glue:figure} figure\nA figure.\n```"),
    ]


def comparative_template() -> list:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return [
        md("# Comparison"),
        code("provinces = []", metadata={"tags": ["parameters"]}),
        code("from myst_nb import glue\n\nglue('n', len(provinces), display=False)"),
        md("{glue:text}`n` provinces."),
    ]


def make_project(dest: Path) -> Path:
    """Real data/ with small templates and a two-page book configuration."""
    shutil.copytree(ROOT / "data", dest / "data")
    write_notebook(dest / "notebooks" / "province.md", province_template())
    write_notebook(dest / "notebooks" / "comparative.md", comparative_template())
    (dest / "book").mkdir()
    (dest / "book" / "intro.md").write_text("# Test book\n\nIntroduction.\n", encoding="utf-8")
    (dest / "_config.yml").write_text(
        "title: Test book\nauthor: tests\ncopyright: '2026'\nonly_build_toc_files: true\n"
        "execute:\n  execute_notebooks: 'off'\n"
        "bibtex_bibfiles:\n  - book/_generated/references.bib\n",
        encoding="utf-8",
    )
    (dest / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n"
        "  - glob: book/provinces/*\n  - file: book/comparative\n",
        encoding="utf-8",
    )
    return dest


def copy_checkout(dest: Path) -> Path:
    """What a user's checkout holds: data, templates, authored pages and the book config (no
    executed chapters or generated pages: a build makes those)."""
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "notebooks", dest / "notebooks")
    shutil.copytree(
        ROOT / "book",
        dest / "book",
        ignore=shutil.ignore_patterns("provinces", "provinces_2025", "_generated", "*.ipynb"),
    )
    for name in CONFIG_FILES:  # both editions' (the Vietnamese one: _toc.vi.yml, _config.vi.yml)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def provbook(*args: str, cwd=None, env=None, timeout=900) -> subprocess.CompletedProcess:
    """``provbook *args`` in a subprocess. Tests get it as the fixture ``run_provbook`` (which
    makes them slow); a fast test that calls it fails (tests/tiers.py)."""
    return subprocess.run(
        [PROVBOOK, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def built_project(run_provbook, dest: Path, *build_args: str) -> Path:
    """A small project (make_project) built once with ``run_provbook("build", *build_args)``
    (``run_provbook``: the fixture, which makes the tests that use the project slow)."""
    project = make_project(dest)
    result = run_provbook("build", "--root", str(project), *build_args)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


# --- the two tiers: tests/tiers.py marks by fixture and guards the fast tier --------------------
from tiers import (  # noqa: E402, F401  (pytest finds hooks by name in conftest)
    pytest_collection_modifyitems,
    pytest_runtest_makereport,
    pytest_runtest_protocol,
)


@pytest.fixture(scope="session")
def run_provbook():
    """The provbook command in a subprocess (:func:`provbook`): builds books, executes
    notebooks. A test that uses this fixture is slow."""
    return provbook


@pytest.fixture(scope="session")
def execute_notebooks() -> None:
    """Declares that a test or fixture executes notebooks in-process
    (provbook.build.tasks.execute, papermill): ask for it, and the tests that use it are slow."""


@pytest.fixture
def provbook_main(capsys):
    """``provbook *args`` in-process (provbook.cli.main), for what stops before any notebook
    runs (bad input caught at validation, refused options): a CompletedProcess like
    :func:`provbook`'s, in milliseconds. A case that goes on to execute or build fails (the guard
    of tests/tiers.py): it belongs with ``run_provbook``."""
    from provbook import cli

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        capsys.readouterr()
        with contextlib.chdir(cwd) if cwd else contextlib.nullcontext():
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return subprocess.CompletedProcess(["provbook", *args], code, out.out, out.err)

    return run


@pytest.fixture(scope="session")
def build_books() -> None:
    """Declares that a test or fixture builds a book itself (jupyter-book, Sphinx, the PDF):
    ask for it, and the tests that use it are slow."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


# --- nothing is written into the checkout -------------------------------------------------------

#: What a build writes into a checkout: the tests build copies, never the checkout itself.
CHECKOUT_OUTPUTS = ("_build", "book/provinces", "book/provinces_2025", "book/_generated")


def checkout_outputs(root: Path = ROOT) -> dict[str, int]:
    """Every file under the checkout's build outputs, with its modification time."""
    found = {}
    for name in (*CHECKOUT_OUTPUTS, "book/comparative.ipynb"):
        path = root / name
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            with contextlib.suppress(OSError):
                if file.is_file():
                    found[str(file.relative_to(root))] = file.stat().st_mtime_ns
    return found


def written(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


@pytest.fixture(scope="session", autouse=True)
def _checkout_untouched():
    """The run fails (an error at the end) if any test wrote into the checkout's ``_build/`` or
    its generated chapters: tests build into copies (default_book, toy_book, make_project)."""
    before = checkout_outputs()
    yield
    changed = written(before, checkout_outputs())
    if changed:
        pytest.fail(
            f"the tests wrote into the checkout {ROOT} (build into a copy instead, e.g. "
            f"copy_checkout): {', '.join(changed[:10])}",
            pytrace=False,
        )


# --- the real default book, built once per session ----------------------------------------------


def shared_folder(tmp_path_factory, name: str) -> Path:
    """A folder all the processes of one pytest run share: under xdist each worker has its own
    base temp folder, whose parent is the run's."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / name


@contextlib.contextmanager
def held(lock: Path):
    """``fcntl.flock`` on ``lock``: one process at a time (the other xdist workers wait)."""
    import fcntl

    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` run once per pytest run (once for all xdist workers), into a folder
    outside the checkout; the other callers wait for it and get the same folder. A failed
    ``make`` fails every test that asked, each time, with its message."""
    folder = shared_folder(tmp_path_factory, name)
    done = folder.with_name(name + ".done")
    with held(folder.with_name(name + ".lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


def build_or_fail(run_provbook, root: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_provbook("build", "--root", str(root), *args, timeout=1800)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"`provbook build` failed (exit {result.returncode}):\n{tail}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def default_book(run_provbook, tmp_path_factory) -> Path:
    """A copy of the checkout (:func:`copy_checkout`) with the real default book built in it by
    ``provbook build``, once per run: the browser, chapter and comparison tests READ it (never
    write into it: take :func:`book_copy`). Nothing is written into the checkout itself."""

    def make(folder: Path) -> None:
        copy_checkout(folder)
        build_or_fail(run_provbook, folder, "--jobs", "2")

    return built_once(tmp_path_factory, "default-book", make)


#: The toy book's build: one chapter (Long An) and the comparison, in one process.
TOY_BUILD = ("--province", "long-an", "--only", "--jobs", "1")


@pytest.fixture(scope="session")
def toy_book(run_provbook, tmp_path_factory) -> Path:
    """A small project (:func:`make_project`) built once per run with ``provbook build
    *TOY_BUILD`` (chapters and HTML). Tests that only read a built toy book share it; tests that
    change it take a copy (:func:`copy_built`)."""

    def make(folder: Path) -> None:
        make_project(folder)
        build_or_fail(run_provbook, folder, *TOY_BUILD)

    return built_once(tmp_path_factory, "toy-book", make)


#: The build most build tests start from: the small project's two chapters and the comparison.
TWO = ("--province", "bac-lieu", "--province", "long-an", "--only", "--jobs", "2")


@pytest.fixture(scope="session")
def two_chapters_built(run_provbook, tmp_path_factory) -> Path:
    """A small project (:func:`make_project`) built once per run with ``build *TWO``, HTML
    too. Tests read it, or take a copy to change (:func:`built_two`)."""

    def make(folder: Path) -> None:
        make_project(folder)
        result = build_or_fail(run_provbook, folder, *TWO)
        # A cold build executes every chapter (the tests that start from it used to say so).
        if "Notebooks: 3 executed, 0 up to date, 0 failed" not in result.stdout:
            pytest.fail(f"the first build did not execute all 3:\n{result.stdout}", pytrace=False)

    return built_once(tmp_path_factory, "two-chapters-built", make)


@pytest.fixture
def built_two(two_chapters_built: Path, tmp_path: Path) -> Path:
    """A copy of :func:`two_chapters_built`, as the project is after its first build: the same
    build in the copy does nothing ("Nothing changed", the stamp holds wherever the project
    lies), and any build executes only what the test changes."""
    return copy_built(two_chapters_built, tmp_path / "project")


def copy_built(book: Path, dest: Path) -> Path:
    """A copy of a built book, stamps and all (file times kept): a build in the copy re-executes
    only the chapters whose sources the test changes (their hashes cover file contents and
    relative paths, see provbook.build.inputs)."""
    shutil.copytree(book, dest, symlinks=True)
    return dest


@pytest.fixture
def book_copy(default_book: Path, tmp_path: Path) -> Path:
    """A copy of the built default book for a scenario that changes it and builds again."""
    return copy_built(default_book, tmp_path / "checkout")


@pytest.fixture(scope="session")
def book_with_added_provinces(run_provbook, default_book: Path, tmp_path_factory) -> Path:
    """A copy of the built default book to which two researchers added a province each (Đắk
    Lắk by the guide, Gia Lai from four sources: tests/added_provinces.py), built once per run
    with the guide's own commands. Tests READ it; ``added_provinces.before_additions(copy)``
    gives the chapters as they were, and each command's output."""
    import added_provinces

    def make(folder: Path) -> None:
        copy_built(default_book, folder)
        added_provinces.add_and_build(run_provbook, folder)
        for run in added_provinces.before_additions(folder)["runs"]:
            if run["returncode"] != 0:
                tail = "\n".join((run["stdout"] + run["stderr"]).splitlines()[-40:])
                pytest.fail(f"`{run['command']}` failed:\n{tail}", pytrace=False)

    return built_once(tmp_path_factory, "added-provinces", make)


# --- every figure of every chapter, drawn once per run -------------------------------------------


@dataclasses.dataclass(frozen=True)
class Labels:
    """An axis' labels, read as from a matplotlib axis."""

    xlabel: str
    ylabel: str

    def get_xlabel(self) -> str:
        return self.xlabel

    def get_ylabel(self) -> str:
        return self.ylabel


@dataclasses.dataclass(frozen=True)
class DrawnFigure:
    """What the tests read of one figure a chapter glues, once it is drawn and closed: its
    collisions (provbook.draw.layout, as text) and the texts a reader reads on it, in the shape
    of a figure (``.provbook.title``, ``.provbook.subtitle``, each axis' labels)."""

    chapter: str
    key: str
    collisions: tuple[str, ...]
    provbook: types.SimpleNamespace
    axes: tuple[Labels, ...]


def drawn(chapter: str, key: str, fig) -> DrawnFigure:
    from provbook.draw import layout

    found = tuple(str(c) for c in layout.collisions(fig, f"{chapter} {key}"))
    meta = getattr(fig, "provbook", None)
    texts = types.SimpleNamespace(
        title=getattr(meta, "title", None), subtitle=getattr(meta, "subtitle", "")
    )
    axes = tuple(Labels(ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes)
    return DrawnFigure(chapter, key, found, texts, axes)


@pytest.fixture(scope="session")
def every_chapter_figure() -> list[DrawnFigure]:
    """Every figure of every chapter (the 63 provinces and the comparison), drawn once per run
    from the notebooks' own code (provbook.draw.layout_sweep.chapter_figures: no kernel), with
    its collisions and reader texts. The layout sweep and the chart-text checks of all chapters
    read it (a couple of minutes of drawing: the tests that use it are slow; they live in one
    file, tests/test_layout_sweep.py, which ``--dist loadfile`` runs in one process)."""
    from provbook.draw import layout_sweep

    chapters = [
        (pid, layout_sweep.PROVINCE_TEMPLATE, {"province": pid})
        for pid in layout_sweep.all_province_ids()
    ]
    chapters.append(("comparative", layout_sweep.COMPARATIVE, {}))
    return [
        drawn(chapter, key, fig)
        for chapter, template, parameters in chapters
        for key, fig in layout_sweep.chapter_figures(template, **parameters).items()
    ]


#: The chapters the default book builds (every province with article facts).
DEFAULT_PROVINCES = ("bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang")


def default_units() -> list[str]:
    """The provinces formed on 2025-07-01 whose chapters the default book builds: those of the
    five default provinces (provbook.build.pipeline.with_new_provinces)."""
    from provbook.build import pipeline
    from provbook.datapackage import data

    unit_of = pipeline.new_province_of(data.resolve_data_dir(None))
    return sorted({unit_of[pid] for pid in DEFAULT_PROVINCES})


@pytest.fixture(scope="session")
def vietnamese_default_figures() -> list[DrawnFigure]:
    """The figures of the Vietnamese edition's default chapters (the notebooks' own code with
    ``lang = "vi"``): the five province chapters, the chapters of the provinces they became
    part of on 2025-07-01 and the comparison, drawn once per run with their collisions:
    Vietnamese words are longer, so their layout is checked on its own. (All 34 chapters since
    2025: ``python -m provbook.draw.layout_sweep --lang vi --units``.)"""
    from provbook.draw import layout_sweep

    chapters = [*DEFAULT_PROVINCES, *default_units(), "comparative"]
    return [
        drawn(chapter, key, fig)
        for chapter in chapters
        for key, fig in layout_sweep.edition_figures(chapter, "vi").items()
    ]
