"""Shared fixtures: a small book of the project's shape, built in a temp dir with real tools."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

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
    for name in ("_config.yml", "_toc.yml"):
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
