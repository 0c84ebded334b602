"""Parameter sweeps: the province template for provinces x parameter values, for researchers.

``provbook sweep --province long-an --province soc-trang -p statistics_until 2014 2016 --out
sweep/`` executes one notebook per combination into ``sweep/`` and gathers what each one glued
into one tidy CSV (``glued.csv``: province, one column per swept parameter, key, value). It runs
through the build's scheduler (:func:`provbook.build.pipeline.run_tasks`), so it is parallel, runs
on a Dask cluster with ``--scheduler``, skips combinations whose notebook is up to date and isolates
failures the same way.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
from dataclasses import replace
from pathlib import Path

from provbook.build import pipeline
from provbook.build.folders import Project
from provbook.build.tasks import Task

CSV_NAME = "glued.csv"
#: Glued outputs carry their value under this mimetype prefix (see myst_nb.glue / scrapbook).
RECORD = "application/papermill.record/"


def combinations(provinces: list[str], grid: dict[str, list]) -> list[dict]:
    """Every province with every combination of the swept values, in the order given; a
    province or value given twice is one (its notebook and its rows would be the same)."""
    names = list(grid)
    unique = {name: list({_key(v): v for v in grid[name]}.values()) for name in names}
    return [
        {"province": province, **dict(zip(names, values, strict=True))}
        for province in dict.fromkeys(provinces)
        for values in itertools.product(*(unique[name] for name in names))
    ]


def _key(value) -> str:
    """A value as the notebook receives it (lists are not hashable)."""
    return json.dumps(value, sort_keys=True)


def notebook_name(parameters: dict) -> str:
    """``long-an__statistics_until-2014.ipynb``: readable and unique per combination."""
    parts = [parameters["province"]]
    for name, value in parameters.items():
        if name != "province":
            text = json.dumps(value, ensure_ascii=True) if not isinstance(value, str) else value
            parts.append(f"{name}-{re.sub(r'[^A-Za-z0-9._-]+', '_', text)}")
    return "__".join(parts) + ".ipynb"


def plan(project: Project, combos: list[dict], out: Path) -> list[Task]:
    """One task per combination, hashed with its parameters, writing into ``out``."""
    provinces = list(dict.fromkeys(c["province"] for c in combos))
    by_province = {t.name: t for t in pipeline.plan(project, provinces) if t.name in provinces}
    tasks = []
    for parameters in combos:
        name = notebook_name(parameters)
        task = replace(
            by_province[parameters["province"]],
            name=name.removesuffix(".ipynb"),
            output=out / name,
            parameters=dict(parameters),
            log=out / "logs" / name.replace(".ipynb", ".log"),
        )
        tasks.append(task)
    pipeline.hash_tasks(tasks, project.data_dir)
    return tasks


def glued_values(notebook: Path) -> list[tuple[str, str]]:
    """(key, value) of every glued text value of an executed notebook; figures are left out
    (their text is only a repr)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    found = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            data = output.get("data", {})
            if not name or any(k.startswith(RECORD + "image/") for k in data):
                continue
            text = data.get(RECORD + "text/plain")
            if text is None:
                continue
            found.append((name, "".join(text) if isinstance(text, list) else text))
    return found


def write_csv(tasks: list[Task], grid_names: list[str], path: Path) -> int:
    """The tidy table of the glued values of ``tasks`` (the combinations that finished: a failed
    one's notebook may be from older inputs); the number of rows."""
    partial = path.with_name(f".{path.name}.part")
    rows = 0
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["province", *grid_names, "key", "value"])
            for task in tasks:
                values = [
                    v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                    for v in (task.parameters[n] for n in grid_names)
                ]
                for key, value in glued_values(task.output):
                    writer.writerow([task.parameters["province"], *values, key, value])
                    rows += 1
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return rows
