"""One notebook of a build: its task, its content hash, and its execution into the book.

Both executors run a task through :func:`execute` here: the local process pool of
:func:`provbook.build.pipeline.run_tasks` and the Dask cluster of :mod:`provbook.build.cluster`.
A task's hash covers its template, parameters, heading context and the code and data it reads
(:mod:`provbook.build.inputs`); a notebook whose stored hash is unchanged is not executed again.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from provbook.build import inputs, kernels
from provbook.build import template as filling
from provbook.build.writes import write_atomically

if TYPE_CHECKING:
    import nbformat

#: Cell tags that hide parameter cells from the reader (they stay in the notebook for researchers).
HIDDEN_PARAMETER_TAGS = ("parameters", "injected-parameters")
#: Seconds one cell may run before its chapter fails (``--cell-timeout``): the slowest cell of
#: the book takes about 1.5 s, so this only ever stops a cell that would never end.
CELL_TIMEOUT = 600


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
    #: The edition's language: its markdown cells from the template's twin in notebooks/<lang>/.
    lang: str = "en"

    @property
    def chapter(self) -> str:
        """The chapter this notebook is one language of (its English task's name)."""
        return self.name.removeprefix(f"{self.lang}/") if self.lang != "en" else self.name


@dataclass
class Outcome:
    name: str
    status: str  # executed | up to date | failed
    seconds: float
    error: str = ""
    output: str = ""
    timings: dict = field(default_factory=dict)


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
    if task.lang != "en":  # its markdown (an English task's hash is as it always was)
        digest.update(filling.twin(task.template, task.lang).read_bytes())
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


def render_template(template: Path, context: dict, lang: str = "en") -> nbformat.NotebookNode:
    """Read a text template in the edition's language with its ``{{ name }}`` placeholders
    filled (see provbook.build.template)."""
    return filling.fill(filling.read(template, lang), context)


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


def _in_fresh_kernel(nb, task: Task, options: dict, started_cells: list[int]):
    """The notebook run by papermill in a kernel of its own; started again (new ports) if it
    died before any cell ran (:func:`provbook.build.kernels.died_starting`)."""
    import papermill

    # Every output is in hand when the last cell ends: stop the kernel at once instead of the
    # graceful shutdown (measured ~0.2 s less per notebook).
    return kernels.with_new_ports(
        lambda: papermill.execute_notebook(
            nb,
            None,
            cwd=str(task.template.parent),
            shutdown_kernel="immediate",
            kernel_manager_class=kernels.manager_class(),
            config=kernels.connection_config(),  # connection file in the build's folder
            **options,
        ),
        ran=lambda: bool(started_cells),
    )


def execute_chapter(group: list[Task], root: Path, fresh_kernel: bool = False) -> list[Outcome]:
    """A chapter's notebooks (its languages), one after the other in this process: its kernel's
    memoised ``chapter.load`` computes the chapter once for both editions."""
    return [execute(task, root, fresh_kernel) for task in group]


def execute(task: Task, root: Path, fresh_kernel: bool = False) -> Outcome:
    """Run one notebook; never raises: failures come back as an Outcome.

    By default the notebook runs in this process's reused kernel (see provbook.build.kernels), reset
    to a new session first; ``fresh_kernel`` starts and stops a kernel for this notebook alone.
    """
    import papermill

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
        nb = render_template(task.template, task.context, task.lang)
        if fresh_kernel:
            with _stderr_to(task.log):
                executed = _in_fresh_kernel(nb, task, options, started_cells)
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
