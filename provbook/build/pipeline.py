"""Execute the chapter notebooks with papermill and assemble the Jupyter Book.

The scheduler is a plain ``concurrent.futures`` process pool so it stays small and replaceable.
Each executed notebook carries a content hash of everything it depends on; a notebook whose hash
is unchanged is not executed again.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from provbook.build import inputs

if TYPE_CHECKING:
    import nbformat

#: The one province-id check and the one fact-table list live with the data; re-exported for
#: the CLI and tests, and imported on first use (provbook.datapackage.data imports pandas, which a
#: no-change rebuild never needs).
_FROM_DATA = ("FACT_TABLES", "UnknownProvinceError", "check_provinces", "provinces_with_facts")


def __getattr__(name: str):
    if name in _FROM_DATA:
        from provbook.datapackage import data

        return getattr(data, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PROVINCE_TEMPLATE = "notebooks/province.md"
COMPARATIVE_TEMPLATE = "notebooks/comparative.md"
#: The chapter of a province formed on 2025-07-01 (ids ``<slug>-2025``, see
#: provbook.datapackage.ids).
UNIT_TEMPLATE = "notebooks/unit.md"
#: Folder of the new provinces' chapters (their own part of the table of contents).
UNITS_FOLDER = "provinces_2025"
#: Cell tags that hide parameter cells from the reader (they stay in the notebook for researchers).
HIDDEN_PARAMETER_TAGS = ("parameters", "injected-parameters")
#: Options of every jupyter-book run: any warning fails the build.
JUPYTER_BOOK_OPTIONS = ["-W", "-n", "--keep-going"]
#: Sphinx colours its progress lines even into a pipe.
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
#: Marks a separate output folder as provbook's own, which a later build may overwrite.
SITE_MARKER = ".provbook-site"
#: Seconds one cell may run before its chapter fails (``--cell-timeout``): the slowest cell of
#: the book takes about 1.5 s, so this only ever stops a cell that would never end.
CELL_TIMEOUT = 600


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

    @property
    def staging_dir(self) -> Path:
        """Where jupyter-book builds before the finished site is swapped into ``html``."""
        return self.site / "_build" / ".jupyter-book"

    @property
    def html_stamp(self) -> Path:
        """The sources of the published site, written only after a successful build."""
        return self.site / "_build" / ".provbook-html.json"

    @property
    def runtime_dir(self) -> Path:
        """The kernels' connection files during a build."""
        return self.site / "_build" / ".kernels"

    def chapter_path(self, province: str) -> Path:
        from provbook.datapackage.ids import is_new

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
    #: A province chapter reads only its own rows of the fact tables, a 2025 province's chapter
    #: only those of its parts (see provbook.build.inputs); None: the notebook reads all of data/.
    own_rows: tuple[str, ...] | None = None
    #: Where the kernel's own stderr goes (start-up warnings, shutdown noise); None: inherited.
    log: Path | None = None
    #: Seconds a cell may run (how, not what, a notebook is built: not in its hash).
    cell_timeout: int = CELL_TIMEOUT


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


def check_ids(requested: Iterable[str], data_dir: Path) -> None:
    """Old and new (``-2025``) ids; an unknown one names its candidates (datapackage.ids)."""
    from provbook.datapackage import ids
    from provbook.datapackage.data import UnknownProvinceError

    try:
        ids.check_ids(list(requested), data_dir)
    except ids.UnknownIdError as exc:
        raise UnknownProvinceError(str(exc)) from None


def with_new_provinces(project: Project, provinces: list[str]) -> list[str]:
    """The chapters plus the new province of every old one (its chapter links forward to it);
    unchanged when the checkout has no new-province template."""
    if not (project.root / UNIT_TEMPLATE).exists():
        return [p for p in provinces if not p.endswith("-2025")]
    from provbook.datapackage import ids

    unit_of = new_province_of(project.data_dir)
    new = [unit_of[p] for p in provinces if not ids.is_new(p)]
    return list(dict.fromkeys([*provinces, *sorted(new)]))


def new_province_of(data_dir: Path) -> dict[str, str]:
    """The id of the province formed on 2025-07-01 that each old province became part of."""
    units = {
        row["unit_2025_code"]: row["unit_2025_id"] for row in _read_csv(data_dir / "units_2025.csv")
    }
    return {
        row["province_id"]: units[row["unit_2025_code"]]
        for row in _read_csv(data_dir / "provinces.csv")
    }


# ---------------------------------------------------------------------------------------------
# Content hashes


def task_dependencies(task: Task, data: inputs.DataInputs, code: dict[Path, str]) -> str:
    """Hash of the code and data one notebook reads (see provbook.build.inputs)."""
    if task.template not in code:
        code[task.template] = inputs.code_hash(task.template)
    rows = data.full if task.own_rows is None else data.for_provinces(task.own_rows)
    return f"{code[task.template]}:{rows}"


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
    """Read a text template with its ``{{ name }}`` placeholders filled (see
    provbook.build.template)."""
    from provbook.build import template as filling

    return filling.fill(filling.read(template), context)


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


class OutputRefused(ValueError):
    """An output path that provbook must not replace or fill (a device, a folder not its own)."""


def file_kind(path: Path) -> str:
    """What is at ``path``, in words: "missing", "a regular file", "a folder", "a character
    device" ..."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "missing"  # a parent is a file: creating it fails with its own clear error
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself"
        return f"unreadable ({exc.strerror})"
    kinds = (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((text for test, text in kinds if test(mode)), "a special file")


def check_output_file(path: Path) -> None:
    """A notebook may only replace a regular file: the rename of an atomic write would turn
    ``/dev/null`` into a regular file (and, as root, break the system's ``/dev/null``)."""
    kind = file_kind(path)
    if kind not in ("missing", "a regular file"):
        raise OutputRefused(
            f"refusing to write {path}: it is {kind}; the output must be a new or existing "
            "regular .ipynb file"
        )


def check_notebook_output(path: Path, data_dir: Path) -> None:
    """Where ``provbook run -o`` may write: a new or existing regular file whose name ends in
    ``.ipynb``, outside the data package (a table there must never become a notebook)."""
    check_output_file(path)
    if path.suffix != ".ipynb":
        raise OutputRefused(
            f"refusing to write {path}: the output of a run is a notebook, and its name must "
            "end in .ipynb"
        )
    data = Path(os.path.realpath(data_dir))
    if Path(os.path.realpath(path)).is_relative_to(data):
        raise OutputRefused(
            f"refusing to write {path}: it is inside the data package {data}/, which holds only "
            "data; write the notebook outside data/"
        )


def write_atomically(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write next to the target, then rename: a reader never sees a half-written notebook."""
    import nbformat

    check_output_file(path)
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

    By default the notebook runs in this process's reused kernel (see provbook.build.kernels), reset
    to a new session first; ``fresh_kernel`` starts and stops a kernel for this notebook alone.
    """
    import papermill

    from provbook.build import kernels

    start = time.perf_counter()
    # The kernel inherits this environment: fixed hash salt for reproducible output, and the data.
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["PROVBOOK_DATA"] = str(task.data_dir)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    started_cells: list[int] = []
    options = {
        "parameters": task.parameters,
        "kernel_name": kernels.KERNEL_NAME,
        "progress_bar": False,
        "request_save_on_cell_execute": False,
        "execution_timeout": task.cell_timeout,
        "on_cell_start": lambda cell, cell_index: started_cells.append(cell_index),
    }
    try:
        nb = render_template(task.template, task.context)
        if fresh_kernel:
            with _stderr_to(task.log):
                # Every output is in hand when the last cell ends: stop the kernel at once
                # instead of the graceful shutdown (measured ~0.2 s less per notebook).
                executed = papermill.execute_notebook(
                    nb,
                    None,
                    cwd=str(task.template.parent),
                    shutdown_kernel="immediate",
                    kernel_manager_class=kernels.manager_class(),
                    config=kernels.connection_config(),  # connection file in the build's folder
                    **options,
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
        from nbclient.exceptions import CellTimeoutError
        from papermill.exceptions import PapermillExecutionError

        if not fresh_kernel and not isinstance(exc, PapermillExecutionError):
            kernels.shutdown()  # still running the cell, or in an unknown state: not reused
        error = describe_failure(exc)
        if isinstance(exc, CellTimeoutError):
            cell = f"cell {started_cells[-1]}" if started_cells else "a cell"
            error = (
                f"{cell} did not finish within {task.cell_timeout} s (the per-cell timeout; "
                "set it with --cell-timeout SECONDS)"
            )
        return Outcome(task.name, "failed", time.perf_counter() - start, error)
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
    from provbook.build.context import comparative_context, province_context
    from provbook.datapackage.ids import is_new

    old = [pid for pid in provinces if not is_new(pid)]
    tasks = [
        Task(
            name=pid,
            template=project.root / PROVINCE_TEMPLATE,
            output=project.chapter_path(pid),
            parameters={"province": pid},
            context=province_context(project.data_dir, pid),
            data_dir=project.data_dir,
            own_rows=(pid,),
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
    hash_tasks(tasks, project.data_dir)
    for task in tasks:
        task.log = project.logs_dir / f"{task.name}.log"
    return tasks


def hash_tasks(tasks: Iterable[Task], data_dir: Path) -> None:
    """Set each task's content hash from its template, every parameter, its context and what
    it reads; call it again after changing a task's parameters."""
    data = inputs.DataInputs(data_dir)
    code: dict[Path, str] = {}
    for task in tasks:
        task.input_hash = task_hash(task, task_dependencies(task, data, code))


def _unit_tasks(project: Project, units: list[str], linked: list[str]) -> list[Task]:
    """New-province chapters, linking to the old chapters of the same build."""
    from provbook.build.context import unit_context

    unit_of = new_province_of(project.data_dir)
    return [
        Task(
            name=uid,
            template=project.root / UNIT_TEMPLATE,
            output=project.chapter_path(uid),
            parameters={"unit": uid},
            context=unit_context(project.data_dir, uid, linked),
            data_dir=project.data_dir,
            # Its parts' fact rows (their tables are in the chapter), not every province's.
            own_rows=tuple(p for p, unit in unit_of.items() if unit == uid),
        )
        for uid in units
    ]


def longest_first(tasks: list[Task]) -> list[Task]:
    """The comparison first: it takes about twice a province chapter, and started last it ran
    alone at the end of a parallel build while the other processes had nothing left to do."""
    return sorted(tasks, key=lambda task: task.name != "comparative")


def run_tasks(
    tasks: list[Task],
    root: Path,
    jobs: int,
    force: bool = False,
    report: Callable[[Outcome], None] = lambda outcome: None,
    fresh_kernels: bool = False,
    scheduler: str | None = None,
) -> list[Outcome]:
    """Execute the stale notebooks in parallel; report each as it finishes.

    With ``scheduler`` (a Dask scheduler address) they run on that cluster (provbook.build.cluster)
    instead of the local pool; ``jobs`` is then the cluster's business."""
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
    stale = longest_first(stale)
    if scheduler:
        from provbook.build import cluster

        return outcomes + cluster.run_on_cluster(stale, root, scheduler, fresh_kernels, report)
    if jobs <= 1 or len(stale) == 1:
        from provbook.build import kernels, signals

        try:
            for task in stale:
                outcome = execute(task, root, fresh_kernels)
                outcomes.append(outcome)
                report(outcome)
        except BaseException:
            signals.stop_descendants()  # the kernel, mid-notebook
            raise
        finally:
            kernels.shutdown()
        return outcomes
    from provbook.build import signals

    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(stale)),
        initializer=signals.init_worker,
        initargs=(os.getpid(),),
    )
    try:
        futures = [pool.submit(execute, task, root, fresh_kernels) for task in stale]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            report(outcome)
    except BaseException:
        # Interrupted (or broken): queued notebooks must not start, running ones must stop.
        pool.shutdown(wait=False, cancel_futures=True)
        signals.stop_descendants()
        raise
    pool.shutdown(wait=True)
    return outcomes


def generate_pages(project: Project) -> None:
    """Pages made from data/ (bibliography, data appendix, the intro's list of provinces), written
    before Sphinx reads the book."""
    from provbook.datapackage.data import describe_package
    from provbook.publish.bib import write_bibliography
    from provbook.publish.package_zip import ZIP_NAME, write_zip
    from provbook.publish.provinces_page import provinces_page

    generated = project.book_dir / "_generated"
    write_bibliography(project.data_dir / "sources.csv", generated / "references.bib")
    # The data package as the site's download, linked from the appendix (same bytes for the
    # same data, so an unchanged build stays unchanged).
    package = write_zip(project.data_dir, generated / ZIP_NAME)
    _write_if_changed(
        generated / "data_appendix.md", describe_package(project.data_dir, download=package)
    )
    _write_if_changed(generated / "provinces.md", provinces_page(project.data_dir))
    _write_if_changed(generated / "pdf_note.md", pdf_note(project))


#: Where `make pdf` (provbook.publish.pdf) writes the whole book; the intro links it once it exists.
PDF_PATH = Path("_build") / "pdf" / "book.pdf"


def pdf_note(project: Project) -> str:
    """The intro's line on the PDF: a download link when `make pdf` has made one (Sphinx copies
    it into the site), else how to make it. The size is in the text: a new PDF changes the page."""
    pdf = project.site / PDF_PATH
    if pdf.is_file():
        size = pdf.stat().st_size / 1e6
        return (
            f"The whole book is also one PDF, without the code: {{download}}`book.pdf "
            f"</{PDF_PATH.as_posix()}>` ({size:.1f} MB).\n"
        )
    return "`make pdf` prints the whole book, without the code, to one PDF file.\n"


def _write_if_changed(path: Path, text: str) -> None:
    """Leave unchanged pages alone so Sphinx's incremental build skips them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def source_digest(project: Project) -> dict:
    """Everything the HTML is made from: every file under book/ (contents), the book
    configuration, the jupyter-book command and the versions of the tools that render it."""
    from importlib.metadata import version

    files = [project.site / "_config.yml", project.site / "_toc.yml"]
    files += [p for p in project.book_dir.rglob("*") if p.is_file() and not p.name.startswith(".")]
    contents = {
        str(path.relative_to(project.site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(files)
    }
    tools = {name: version(name) for name in ("jupyter-book", "sphinx", "myst-nb")}
    return {"files": contents, "command": JUPYTER_BOOK_OPTIONS, "tools": tools}


def chapters_outside(project: Project, keep: Iterable[str]) -> list[Path]:
    """Executed chapters in book/ of provinces not in ``keep``: what a build of ``keep`` removes."""
    keep = set(keep)
    chapters = [*(project.book_dir / "provinces").glob("*.ipynb")]
    chapters += (project.book_dir / UNITS_FOLDER).glob("*.ipynb")
    return [path for path in sorted(chapters) if path.stem not in keep]


def prune_chapters(project: Project, keep: Iterable[str]) -> list[str]:
    """Delete executed chapters of provinces not in this build, so the TOC glob matches it."""
    removed = []
    for path in chapters_outside(project, keep):
        path.unlink()
        removed.append(path.stem)
    return removed


def sphinx_jobs(jobs: int) -> int:
    """Sphinx processes for a build of ``jobs`` CPUs. Sphinx writes pages with one process fewer
    than it is given while its main process resolves each page for them, so its writers wait
    on it: twice the CPUs keeps them busy (full book on 2 cores: 23.2 s with 2 processes, 20.4
    with 3, 18.8-20.2 with 4, 19.3 with 6). One CPU stays one process."""
    return 1 if jobs <= 1 else 2 * jobs


def build_html(project: Project, log: Callable[[str], None] = print, jobs: int = 1) -> bool:
    """Build the site with execution off into a fresh staging folder, then swap it in; False if
    nothing it is made from changed since the last successful build (the site is kept).

    Sphinx's incremental build is not used: it publishes a different site than a clean build
    (glossary terms leave the search index) and a build killed after reading a page would let
    the next one pass ``-W`` without that page's warning. The stamp of the published sources is
    removed before Sphinx starts and written after the swap, so only a finished, warning-free
    build can make a later one skip Sphinx. A failed run leaves the previous ``html`` as it was.
    With ``jobs`` (CPUs) above 1 Sphinx reads and writes pages in parallel
    (provbook.sphinx.sphinx_speed,
    :func:`sphinx_jobs`); the site is the same.
    """
    from provbook.build import stamps

    generate_pages(project)
    staging = project.staging_dir
    stamp = project.html_stamp
    sources = source_digest(project)
    published = stamps.read_stamp(stamp)  # {} when missing or unreadable: build
    if published.get("sources") == sources and isinstance(published.get("site"), dict):
        damaged = site_differences(published["site"], site_hashes(project.html_dir))
        if not damaged:
            log("  HTML is up to date: no page, configuration or tool changed since the last build")
            return False
        log(f"  The published site was changed since the last build ({damaged}): rebuilding it")
    stamp.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    # Jupyter Book's own command, with Sphinx reading and writing ``jobs`` pages at a time.
    command = [
        sys.executable,
        "-m",
        "provbook.sphinx.sphinx_speed",
        "--jobs",
        str(sphinx_jobs(jobs)),
        "build",
        str(project.site),
        "--path-output",
        str(staging),
        *JUPYTER_BOOK_OPTIONS,
    ]
    from provbook.build import signals

    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=project.site,
        preexec_fn=signals.die_with_parent(),  # noqa: PLW1509 - only prctl runs in it
    )
    lines = []
    shown: dict[str, int] = {}  # progress per phase, shown in steps of a quarter
    try:
        assert process.stdout is not None
        for line in process.stdout:
            line = ANSI_COLOUR.sub("", line).rstrip()
            lines.append(line)
            progress = re.search(r"(reading sources|writing output)\.\.\. \[\s*(\d+)%\]", line)
            if progress and int(progress[2]) >= shown.get(progress[1], -25) + 25:
                shown[progress[1]] = int(progress[2])
                log("  " + line.strip())
        returncode = process.wait()
    except BaseException:
        process.kill()  # interrupted: Sphinx must not go on writing into staging
        process.wait()
        raise
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        problems = [line for line in lines if re.search(r"WARNING|ERROR|Error|Exception", line)]
        detail = "\n".join(problems[-40:] or lines[-40:])
        raise RuntimeError(f"jupyter-book build failed (exit {returncode}):\n{detail}")
    built = staging / "_build" / "html"
    fresh = project.html_dir.with_name(project.html_dir.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        shutil.copytree(built, fresh)
    except OSError as exc:  # disk full: give the space back, say it once
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise OSError(f"could not copy the new site into {fresh}: {first_error(exc)}") from None
    old = project.html_dir.with_name(project.html_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if project.html_dir.exists():
        os.replace(project.html_dir, old)
    os.replace(fresh, project.html_dir)
    remove_tree(old)
    stamps.write_stamp(stamp, {"sources": sources, "site": site_hashes(project.html_dir)})
    return True


def remove_tree(folder: Path) -> None:
    """Remove a folder a build made, also where someone made it read-only (``chmod -R a-w``):
    an entry can be removed once its folder is writable again. What still resists is left."""

    def make_writable(function, name, exc_info) -> None:
        if function not in (os.unlink, os.rmdir) or not isinstance(exc_info[1], PermissionError):
            return
        parent = os.path.dirname(name)
        with contextlib.suppress(OSError):
            os.chmod(parent, stat.S_IMODE(os.stat(parent).st_mode) | stat.S_IRWXU)
            function(name)

    shutil.rmtree(folder, onerror=make_writable)


def site_hashes(html: Path) -> dict[str, str]:
    """Every file of a published site and the hash of its content ({} when there is none)."""
    if not html.is_dir():
        return {}
    return {
        path.relative_to(html).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(html.rglob("*"))
        if path.is_file()
    }


def site_differences(recorded: dict[str, str], found: dict[str, str]) -> str:
    """What differs between the site a build published and the one on disk, in words; ""
    when they are the same."""
    kinds = {
        "missing": sorted(set(recorded) - set(found)),
        "changed": sorted(n for n in set(recorded) & set(found) if recorded[n] != found[n]),
        "added": sorted(set(found) - set(recorded)),
    }
    return "; ".join(
        f"{len(names)} {kind}: {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}"
        for kind, names in kinds.items()
        if names
    )


def first_error(exc: OSError) -> str:
    """One line for an OSError: copytree's shutil.Error lists every file that failed (tens of
    kilobytes on a full disk); its first failure and a count are enough."""
    failures = exc.args[0] if isinstance(exc, shutil.Error) and exc.args else None
    if isinstance(failures, list) and failures and len(failures[0]) == 3:
        more = f" (and {len(failures) - 1} more files)" if len(failures) > 1 else ""
        return f"{failures[0][2]}{more}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def clean_leftovers(project: Project) -> list[str]:
    """Remove what a killed build leaves (half-written notebooks, half-swapped sites, kernel
    connection files) and the previous build's kernel logs; what was removed, for the log."""
    removed = []
    for partial in sorted(project.book_dir.rglob(".*.part")):
        partial.unlink(missing_ok=True)
        removed.append(str(partial.relative_to(project.site)))
    html = project.html_dir
    old = html.with_name(html.name + ".old")
    if old.is_dir() and not html.exists():
        os.replace(old, html)  # killed between the two renames of the swap: put it back
    for folder in (html.with_name(html.name + ".new"), old, project.runtime_dir):
        if folder.exists():
            remove_tree(folder)
            removed.append(str(folder.relative_to(project.site)))
    shutil.rmtree(project.logs_dir, ignore_errors=True)  # logs are of the last build only
    return removed


@contextlib.contextmanager
def kernel_runtime(folder: Path):
    """Kernel connection files go to ``folder`` (not the user's Jupyter runtime folder) and are
    removed with it at the end, also when kernels were killed and could not remove their own."""
    from provbook.build import signals

    saved = os.environ.get(signals.RUNTIME_VARIABLE)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[signals.RUNTIME_VARIABLE] = str(folder)
    try:
        yield folder
    finally:
        if saved is None:
            os.environ.pop(signals.RUNTIME_VARIABLE, None)
        else:
            os.environ[signals.RUNTIME_VARIABLE] = saved
        shutil.rmtree(folder, ignore_errors=True)


#: The folders of a checkout that a build reads, besides its configuration.
SOURCE_FOLDERS = ("book", "data", "notebooks", "provbook")


def source_folders(root: Path) -> list[Path]:
    """The folders a build reads: the checkout's sources and the installed provbook package."""
    return [Path(os.path.realpath(root / name)) for name in SOURCE_FOLDERS] + [inputs.PACKAGE_DIR]


def claim_site(site: Path, root: Path) -> None:
    """Make sure a separate output folder is ours to fill: new, empty, or made by provbook.

    Raises OutputRefused for anything else (a folder inside the sources the build reads, a
    file, a device, someone's non-empty folder);
    OSError if it cannot be created."""
    if site == root:
        return
    real = Path(os.path.realpath(site))
    inside = next((f for f in source_folders(root) if real.is_relative_to(f)), None)
    if inside is not None:
        raise OutputRefused(
            f"refusing to build into {site}: it is inside {inside}, which the build reads "
            f"(its output would become its own input); give a folder outside "
            f"{', '.join(f + '/' for f in SOURCE_FOLDERS)} and the provbook package"
        )
    kind = file_kind(site)
    if kind not in ("missing", "a folder"):
        raise OutputRefused(f"refusing to build into {site}: it is {kind}, not a folder")
    marker = site / SITE_MARKER
    if kind == "a folder" and not marker.exists() and any(site.iterdir()):
        raise OutputRefused(
            f"refusing to build into {site}: the folder is not empty and was not made by "
            f"provbook (it has no {SITE_MARKER} file); give a new or empty folder"
        )
    site.mkdir(parents=True, exist_ok=True)
    marker.write_text(
        "This folder was made by `provbook build --output`; provbook may overwrite it.\n",
        encoding="utf-8",
    )
