"""Plan a build's notebooks and run them: which chapters, in which folders, and who executes them.

:func:`plan` makes one :class:`provbook.build.tasks.Task` per chapter with its content hash;
:func:`run_tasks` executes the stale ones (:func:`provbook.build.tasks.execute`) on a plain
``concurrent.futures`` process pool, which stays small and replaceable, or on a Dask cluster
(:mod:`provbook.build.cluster`). The HTML step is :mod:`provbook.build.html`.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from provbook.build import cluster, inputs, kernels, signals, tasks
from provbook.build.folders import COMPARATIVE_TEMPLATE, PROVINCE_TEMPLATE, UNIT_TEMPLATE, Project
from provbook.datapackage import ids

# ---------------------------------------------------------------------------------------------
# Provinces


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def province_names(data_dir: Path) -> dict[str, str]:
    """Province id -> Vietnamese name, for all 63 pre-2025 provinces."""
    return {row["province_id"]: row["name_vi"] for row in _read_csv(data_dir / "provinces.csv")}


def with_new_provinces(project: Project, provinces: list[str]) -> list[str]:
    """The chapters plus the new province of every old one (its chapter links forward to it);
    unchanged when the checkout has no new-province template."""
    if not (project.root / UNIT_TEMPLATE).exists():
        return [p for p in provinces if not p.endswith("-2025")]
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
# Planning and running a build


def plan(
    project: Project,
    provinces: list[str],
    compare: list[str] | None = None,
    langs: Iterable[str] = ("en",),
) -> list[tasks.Task]:
    """The notebooks of a build, each with its content hash: every chapter in every language of
    ``langs``, a chapter's languages next to each other (English first)."""
    planned = []
    for lang in langs:
        planned += _edition_tasks(project, provinces, compare, lang)
    order = {task.chapter: number for number, task in enumerate(planned)}
    planned.sort(key=lambda task: order[task.chapter])  # stable: languages in the given order
    hash_tasks(planned, project.data_dir)
    for task in planned:
        task.log = project.logs_dir / f"{task.name}.log"
    return planned


def _task(project: Project, lang: str, chapter: str, template: str, parameters: dict, **kw):
    """One chapter's task in an edition: the English one as it always was (no ``lang``
    parameter, so the English chapters stay byte-identical); in another language named
    ``<lang>/<chapter>``, with the ``lang`` parameter and its context in the edition's words."""
    context, *args = kw.pop("context")
    return tasks.Task(
        name=chapter if lang == "en" else f"{lang}/{chapter}",
        template=project.root / template,
        parameters=parameters if lang == "en" else {**parameters, "lang": lang},
        context=context(*args) if lang == "en" else context(*args, lang=lang),
        data_dir=project.data_dir,
        lang=lang,
        **kw,
    )


def _edition_tasks(
    project: Project, provinces: list[str], compare: list[str] | None, lang: str
) -> list[tasks.Task]:
    from provbook.build.context import comparative_context, province_context

    old = [pid for pid in provinces if not ids.is_new(pid)]
    planned = [
        _task(
            project,
            lang,
            pid,
            PROVINCE_TEMPLATE,
            {"province": pid},
            output=project.chapter_path(pid, lang),
            context=(province_context, project.data_dir, pid),
            own_rows=(pid,),
        )
        for pid in old
    ]
    planned += _unit_tasks(project, [p for p in provinces if ids.is_new(p)], old, lang)
    if (project.root / COMPARATIVE_TEMPLATE).exists():
        compared = list(old if compare is None else compare)
        planned.append(
            _task(
                project,
                lang,
                "comparative",
                COMPARATIVE_TEMPLATE,
                {"provinces": compared},
                output=project.comparative_in(lang),
                context=(comparative_context, project.data_dir, compared),
            )
        )
    return planned


def hash_tasks(planned: Iterable[tasks.Task], data_dir: Path) -> None:
    """Set each task's content hash from its template, every parameter, its context and what
    it reads; call it again after changing a task's parameters."""
    data = inputs.DataInputs(data_dir)
    code: dict[Path, str] = {}
    for task in planned:
        task.input_hash = tasks.task_hash(task, tasks.task_dependencies(task, data, code))


def _unit_tasks(
    project: Project, units: list[str], linked: list[str], lang: str = "en"
) -> list[tasks.Task]:
    """New-province chapters, linking to the old chapters of the same build."""
    from provbook.build.context import unit_context

    unit_of = new_province_of(project.data_dir)
    return [
        _task(
            project,
            lang,
            uid,
            UNIT_TEMPLATE,
            {"unit": uid},
            output=project.chapter_path(uid, lang),
            context=(unit_context, project.data_dir, uid, linked),
            # Its parts' fact rows (their tables are in the chapter), not every province's.
            own_rows=tuple(p for p, unit in unit_of.items() if unit == uid),
        )
        for uid in units
    ]


def longest_first(planned: list[tasks.Task]) -> list[tasks.Task]:
    """The comparison first: it takes about twice a province chapter, and started last it ran
    alone at the end of a parallel build while the other processes had nothing left to do."""
    return sorted(planned, key=lambda task: task.chapter != "comparative")


def by_chapter(planned: list[tasks.Task]) -> list[list[tasks.Task]]:
    """The tasks grouped by chapter (its languages, in order): one process runs a group."""
    groups: dict[str, list[tasks.Task]] = {}
    for task in planned:
        groups.setdefault(task.chapter, []).append(task)
    return list(groups.values())


def run_tasks(
    planned: list[tasks.Task],
    root: Path,
    jobs: int,
    force: bool = False,
    report: Callable[[tasks.Outcome], None] = lambda outcome: None,
    fresh_kernels: bool = False,
    scheduler: str | None = None,
) -> list[tasks.Outcome]:
    """Execute the stale notebooks in parallel; report each as it finishes.

    With ``scheduler`` (a Dask scheduler address) they run on that cluster (provbook.build.cluster)
    instead of the local pool; ``jobs`` is then the cluster's business."""
    outcomes: list[tasks.Outcome] = []
    stale = []
    for task in planned:
        if not force and tasks.stored_hash(task.output) == task.input_hash:
            outcome = tasks.Outcome(task.name, "up to date", 0.0, output=str(task.output))
            outcomes.append(outcome)
            report(outcome)
        else:
            stale.append(task)
    if not stale:
        return outcomes
    stale = longest_first(stale)
    if scheduler:
        return outcomes + cluster.run_on_cluster(stale, root, scheduler, fresh_kernels, report)
    if jobs <= 1 or len(stale) == 1:
        try:
            for task in stale:
                outcome = tasks.execute(task, root, fresh_kernels)
                outcomes.append(outcome)
                report(outcome)
        except BaseException:
            signals.stop_descendants()  # the kernel, mid-notebook
            raise
        finally:
            kernels.shutdown()
        return outcomes
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(by_chapter(stale))),
        initializer=signals.init_worker,
        initargs=(os.getpid(),),
    )
    try:
        # A chapter's languages in one process, one after the other (its kernel computes the
        # chapter once for both); a group reports when its last language is done.
        futures = [
            pool.submit(tasks.execute_chapter, group, root, fresh_kernels)
            for group in by_chapter(stale)
        ]
        for future in as_completed(futures):
            for outcome in future.result():
                outcomes.append(outcome)
                report(outcome)
    except BaseException:
        # Interrupted (or broken): queued notebooks must not start, running ones must stop.
        pool.shutdown(wait=False, cancel_futures=True)
        signals.stop_descendants()
        raise
    pool.shutdown(wait=True)
    return outcomes


@contextlib.contextmanager
def kernel_runtime(folder: Path):
    """Kernel connection files go to ``folder`` (not the user's Jupyter runtime folder) and are
    removed with it at the end, also when kernels were killed and could not remove their own."""
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
