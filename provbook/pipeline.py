"""Execute the chapter notebooks with papermill and assemble the Jupyter Book.

The scheduler is a plain ``concurrent.futures`` process pool so it stays small and replaceable.
Each executed notebook carries a content hash of everything it depends on; a notebook whose hash
is unchanged is not executed again.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import provbook

PROVINCE_TEMPLATE = "notebooks/province.ipynb"
COMPARATIVE_TEMPLATE = "notebooks/comparative.ipynb"
#: The chapter of a province formed on 2025-07-01 (ids ``<slug>-2025``, see provbook.ids).
UNIT_TEMPLATE = "notebooks/unit.ipynb"
#: Folder of the new provinces' chapters (their own part of the table of contents).
UNITS_FOLDER = "provinces_2025"
#: Tables whose province_id rows count as "article facts" (what makes a province a default chapter).
FACT_TABLES = (
    "documents.csv",
    "targets.csv",
    "results.csv",
    "parks.csv",
    "projects.csv",
    "codebook/priorities.csv",
)
#: Cell tags that hide parameter cells from the reader (they stay in the notebook for researchers).
HIDDEN_PARAMETER_TAGS = ("parameters", "injected-parameters")


class UnknownProvinceError(ValueError):
    """A province id that is not one of the 63 pre-2025 provinces."""


@dataclass(frozen=True)
class Project:
    """Where a build reads its sources and writes its outputs.

    ``site`` is the folder holding ``_config.yml``, ``_toc.yml`` and ``book/``: the repository
    itself for the default book, or a separate output folder (e.g. for all 63 provinces).
    """

    root: Path
    site: Path

    @classmethod
    def at(cls, root: Path, output: Path | None = None) -> Project:
        root = root.resolve()
        return cls(root, root if output is None else output.resolve())

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def book_dir(self) -> Path:
        return self.site / "book"

    @property
    def html_dir(self) -> Path:
        return self.site / "_build" / "html"

    @property
    def logs_dir(self) -> Path:
        """Kernel output of each notebook (start-up warnings, shutdown noise)."""
        return self.site / "_build" / "logs"

    def chapter_path(self, province: str) -> Path:
        from provbook.ids import is_new

        folder = UNITS_FOLDER if is_new(province) else "provinces"
        return self.book_dir / folder / f"{province}.ipynb"

    @property
    def comparative_path(self) -> Path:
        return self.book_dir / "comparative.ipynb"

    def prepare_site(self) -> None:
        """Copy the authored pages and book configuration into a separate output folder."""
        if self.site == self.root:
            return
        self.book_dir.mkdir(parents=True, exist_ok=True)
        for name in ("_config.yml", "_toc.yml"):
            shutil.copy2(self.root / name, self.site / name)
        for path in (self.root / "book").rglob("*"):
            relative = path.relative_to(self.root / "book")
            if (
                path.is_dir()
                or relative.parts[0] in ("provinces", UNITS_FOLDER)
                or path.suffix == ".ipynb"
            ):
                continue
            target = self.book_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


@dataclass
class Task:
    """One notebook to execute: template, parameters, output and the context for its headings."""

    name: str
    template: Path
    output: Path
    parameters: dict
    context: dict
    data_dir: Path
    input_hash: str = ""
    #: Where the kernel's own stderr goes (start-up warnings, shutdown noise); None: inherited.
    log: Path | None = None


@dataclass
class Outcome:
    name: str
    status: str  # executed | up to date | failed
    seconds: float
    error: str = ""
    output: str = ""
    timings: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Provinces


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def province_names(data_dir: Path) -> dict[str, str]:
    """Province id -> Vietnamese name, for all 63 pre-2025 provinces."""
    return {row["province_id"]: row["name_vi"] for row in _read_csv(data_dir / "provinces.csv")}


def provinces_with_facts(data_dir: Path) -> list[str]:
    """Provinces that have at least one article fact: the default chapters of the book."""
    found: set[str] = set()
    for table in FACT_TABLES:
        path = data_dir / table
        if path.exists():
            found.update(row["province_id"] for row in _read_csv(path) if row.get("province_id"))
    return sorted(found)


def check_ids(requested: Iterable[str], data_dir: Path) -> None:
    """Old and new (``-2025``) ids; an unknown one names its candidates (provbook.ids)."""
    from provbook import ids

    try:
        ids.check_ids(list(requested), data_dir)
    except ids.UnknownIdError as exc:
        raise UnknownProvinceError(str(exc)) from None


def with_new_provinces(project: Project, provinces: list[str]) -> list[str]:
    """The chapters plus the new province of every old one (its chapter links forward to it);
    unchanged when the checkout has no new-province template."""
    if not (project.root / UNIT_TEMPLATE).exists():
        return [p for p in provinces if not p.endswith("-2025")]
    from provbook import ids

    units = {
        row["unit_2025_code"]: row["unit_2025_id"]
        for row in _read_csv(project.data_dir / "units_2025.csv")
    }
    codes = {
        row["province_id"]: row["unit_2025_code"]
        for row in _read_csv(project.data_dir / "provinces.csv")
    }
    new = [units[codes[p]] for p in provinces if not ids.is_new(p)]
    return list(dict.fromkeys([*provinces, *sorted(new)]))


def check_provinces(requested: Iterable[str], known: Iterable[str]) -> None:
    known = sorted(known)
    unknown = [p for p in requested if p not in known]
    if unknown:
        raise UnknownProvinceError(
            f"unknown province id(s): {', '.join(unknown)}. Known ids ({len(known)}): "
            + ", ".join(known)
        )


# ---------------------------------------------------------------------------------------------
# Content hashes


def _hash_files(digest, base: Path, files: Iterable[Path]) -> None:
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def dependency_hash(project: Project) -> str:
    """Hash of what every notebook depends on besides its template: package code and data."""
    digest = hashlib.sha256()
    package_dir = Path(provbook.__file__).resolve().parent
    _hash_files(digest, package_dir, package_dir.rglob("*.py"))
    data = project.data_dir
    _hash_files(digest, data, (p for p in data.rglob("*") if p.is_file()))
    return digest.hexdigest()


def task_hash(task: Task, dependencies: str) -> str:
    digest = hashlib.sha256()
    digest.update(task.template.read_bytes())
    digest.update(json.dumps(task.parameters, sort_keys=True, ensure_ascii=False).encode())
    digest.update(json.dumps(task.context, sort_keys=True, ensure_ascii=False).encode())
    digest.update(dependencies.encode())
    return digest.hexdigest()


def stored_hash(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)["metadata"]["provbook"]["input_hash"]
    except (KeyError, ValueError, OSError):
        return None


# ---------------------------------------------------------------------------------------------
# Executing one notebook


def render_template(template: Path, context: dict) -> nbformat.NotebookNode:
    """Read a template with its ``{{ name }}`` placeholders filled (see provbook.template)."""
    from provbook import template as filling

    return filling.fill(nbformat.read(template, as_version=4), context)


def finalize(nb: nbformat.NotebookNode, task: Task, root: Path) -> nbformat.NotebookNode:
    """Hide parameter cells in the book and record what the notebook was built from."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"  # papermill draws a random id: keep output reproducible
        if any(tag in tags for tag in HIDDEN_PARAMETER_TAGS) and "remove-cell" not in tags:
            tags.append("remove-cell")
    papermill_meta = nb.metadata.get("papermill", {})
    papermill_meta["input_path"] = str(task.template.relative_to(root))
    papermill_meta["output_path"] = task.output.name
    papermill_meta.pop("environment_variables", None)
    nb.metadata["provbook"] = {
        "input_hash": task.input_hash,
        "parameters": task.parameters,
        "template": str(task.template.relative_to(root)),
    }
    return nb


def write_atomically(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write next to the target, then rename: a reader never sees a half-written notebook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    try:
        nbformat.write(nb, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def describe_failure(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return (
            f"cell {exc.cell_index} (execution count {exc.exec_count}): {exc.ename}: {exc.evalue}"
        )
    return f"{type(exc).__name__}: {exc}"


@contextlib.contextmanager
def _stderr_to(path: Path | None):
    """Send this process's stderr (which kernels inherit) to a log file while a notebook runs."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "w", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def execute(task: Task, root: Path, fresh_kernel: bool = False) -> Outcome:
    """Run one notebook; never raises: failures come back as an Outcome.

    By default the notebook runs in this process's reused kernel (see provbook.kernels), reset
    to a new session first; ``fresh_kernel`` starts and stops a kernel for this notebook alone.
    """
    import papermill

    from provbook import kernels

    start = time.perf_counter()
    # The kernel inherits this environment: fixed hash salt for reproducible output, and the data.
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["PROVBOOK_DATA"] = str(task.data_dir)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    options = {
        "parameters": task.parameters,
        "kernel_name": "python3",
        "progress_bar": False,
        "request_save_on_cell_execute": False,
    }
    try:
        nb = render_template(task.template, task.context)
        if fresh_kernel:
            with _stderr_to(task.log):
                # Every output is in hand when the last cell ends: stop the kernel at once
                # instead of the graceful shutdown (measured ~0.2 s less per notebook).
                executed = papermill.execute_notebook(
                    nb, None, cwd=str(task.template.parent), shutdown_kernel="immediate", **options
                )
        else:
            log = task.log.with_name(f"kernel-{os.getpid()}.log") if task.log else None
            manager = kernels.kernel_for(task.template.parent, task.data_dir, log)
            kernels.reset(manager)
            executed = papermill.execute_notebook(
                nb, None, engine_name=kernels.ENGINE, km=manager, **options
            )
        write_atomically(finalize(executed, task, root), task.output)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the others
        return Outcome(task.name, "failed", time.perf_counter() - start, describe_failure(exc))
    seconds = time.perf_counter() - start
    timings = {
        "cells": sum(
            float(c.metadata.get("papermill", {}).get("duration") or 0) for c in executed.cells
        )
    }
    return Outcome(task.name, "executed", seconds, output=str(task.output), timings=timings)


# ---------------------------------------------------------------------------------------------
# Planning and running a build


def plan(project: Project, provinces: list[str], compare: list[str] | None = None) -> list[Task]:
    """The notebooks of a build, each with its content hash."""
    from provbook.context import comparative_context, province_context
    from provbook.ids import is_new

    old = [pid for pid in provinces if not is_new(pid)]
    tasks = [
        Task(
            name=pid,
            template=project.root / PROVINCE_TEMPLATE,
            output=project.chapter_path(pid),
            parameters={"province": pid},
            context=province_context(project.data_dir, pid),
            data_dir=project.data_dir,
        )
        for pid in old
    ]
    tasks += _unit_tasks(project, [p for p in provinces if is_new(p)], old)
    if (project.root / COMPARATIVE_TEMPLATE).exists():
        compared = old if compare is None else compare
        tasks.append(
            Task(
                name="comparative",
                template=project.root / COMPARATIVE_TEMPLATE,
                output=project.comparative_path,
                parameters={"provinces": list(compared)},
                context=comparative_context(project.data_dir, list(compared)),
                data_dir=project.data_dir,
            )
        )
    dependencies = dependency_hash(project)
    for task in tasks:
        task.input_hash = task_hash(task, dependencies)
        task.log = project.logs_dir / f"{task.name}.log"
    return tasks


def _unit_tasks(project: Project, units: list[str], linked: list[str]) -> list[Task]:
    """New-province chapters, linking to the old chapters of the same build."""
    from provbook.context import unit_context

    return [
        Task(
            name=uid,
            template=project.root / UNIT_TEMPLATE,
            output=project.chapter_path(uid),
            parameters={"unit": uid},
            context=unit_context(project.data_dir, uid, linked),
            data_dir=project.data_dir,
        )
        for uid in units
    ]


def run_tasks(
    tasks: list[Task],
    root: Path,
    jobs: int,
    force: bool = False,
    report: Callable[[Outcome], None] = lambda outcome: None,
    fresh_kernels: bool = False,
) -> list[Outcome]:
    """Execute the stale notebooks in parallel; report each as it finishes."""
    outcomes: list[Outcome] = []
    stale = []
    for task in tasks:
        if not force and stored_hash(task.output) == task.input_hash:
            outcome = Outcome(task.name, "up to date", 0.0, output=str(task.output))
            outcomes.append(outcome)
            report(outcome)
        else:
            stale.append(task)
    if not stale:
        return outcomes
    if jobs <= 1 or len(stale) == 1:
        from provbook import kernels

        try:
            for task in stale:
                outcome = execute(task, root, fresh_kernels)
                outcomes.append(outcome)
                report(outcome)
        finally:
            kernels.shutdown()
        return outcomes
    with ProcessPoolExecutor(max_workers=min(jobs, len(stale))) as pool:
        futures = [pool.submit(execute, task, root, fresh_kernels) for task in stale]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            report(outcome)
    return outcomes


def generate_pages(project: Project) -> None:
    """Pages made from data/ (bibliography, data appendix, the intro's list of provinces), written
    before Sphinx reads the book."""
    from provbook.bib import write_bibliography
    from provbook.data import describe_package
    from provbook.provinces_page import provinces_page

    generated = project.book_dir / "_generated"
    write_bibliography(project.data_dir / "sources.csv", generated / "references.bib")
    _write_if_changed(generated / "data_appendix.md", describe_package(project.data_dir))
    _write_if_changed(generated / "provinces.md", provinces_page(project.data_dir))


def _write_if_changed(path: Path, text: str) -> None:
    """Leave unchanged pages alone so Sphinx's incremental build skips them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def source_manifest(project: Project) -> dict:
    """The pages and configuration a site is built from (names, not contents)."""
    pages = sorted(
        str(path.relative_to(project.site))
        for path in project.book_dir.rglob("*")
        if path.suffix in {".md", ".ipynb", ".bib"} and not path.name.startswith(".")
    )
    config = {
        name: hashlib.sha256((project.site / name).read_bytes()).hexdigest()
        for name in ("_config.yml", "_toc.yml")
    }
    return {"pages": pages, "config": config}


def prune_chapters(project: Project, keep: Iterable[str]) -> list[str]:
    """Delete executed chapters of provinces not in this build, so the TOC glob matches it."""
    keep = set(keep)
    removed = []
    chapters = [*(project.book_dir / "provinces").glob("*.ipynb")]
    chapters += (project.book_dir / UNITS_FOLDER).glob("*.ipynb")
    for path in sorted(chapters):
        if path.stem not in keep:
            path.unlink()
            removed.append(path.stem)
    return removed


def build_html(project: Project, log: Callable[[str], None] = print) -> None:
    """Build the site with execution off into a staging folder, then swap it in.

    A failed Sphinx run leaves the previous ``html`` folder as it was.
    """
    generate_pages(project)
    staging = project.html_dir.parent / ".jupyter-book"
    manifest = staging / "provbook-sources.json"
    sources = source_manifest(project)
    if not manifest.exists() or json.loads(manifest.read_text(encoding="utf-8")) != sources:
        # Pages were added, removed or re-configured: Sphinx's cache would keep the pages of
        # removed chapters (and skip unchanged pages' warnings), so start from a clean state.
        shutil.rmtree(staging, ignore_errors=True)
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(project.site),
        "--path-output",
        str(staging),
        "-W",
        "-n",
        "--keep-going",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=project.site,
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip())
        if re.search(r"(reading sources|writing output)\.\.\. \[\s*(\d+)%\]", line):
            log("  " + line.strip())
    if process.wait() != 0:
        # The next build must re-read every page, or it would pass without the failing warning.
        shutil.rmtree(staging, ignore_errors=True)
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]  # no colour codes
        problems = [line for line in lines if re.search(r"WARNING|ERROR|Error|Exception", line)]
        detail = "\n".join(problems[-40:] or lines[-40:])
        raise RuntimeError(f"jupyter-book build failed (exit {process.returncode}):\n{detail}")
    manifest.write_text(json.dumps(sources), encoding="utf-8")
    built = staging / "_build" / "html"
    fresh = project.html_dir.with_name(project.html_dir.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(built, fresh)
    old = project.html_dir.with_name(project.html_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if project.html_dir.exists():
        os.replace(project.html_dir, old)
    os.replace(fresh, project.html_dir)
    shutil.rmtree(old, ignore_errors=True)
