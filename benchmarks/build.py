"""Build timings of the default book, printed as figures.

Usage: .venv/bin/python benchmarks/build.py [--cluster] [--baseline] [--all]

Copies the repository's sources into a temp dir and times, with the real CLI: cold build with
--jobs 1, cold build with the default jobs, the rebuild with nothing changed, after one data
file changed, after one book page changed and after one article row of one province changed.
``--cluster`` repeats the cold, no-change, page and row builds on a 2-worker LocalCluster
(127.0.0.1, 1 thread each, no dashboard). ``--baseline`` times a serial papermill loop plus
``jupyter-book build`` on the same sources and prints its ratio to the cold ``provbook build``.
``--all`` times a cold ``provbook build --all`` (every province and the comparison, HTML too).
``--editions`` times one edition (``--lang en``) against both (the default) on the default book,
cold, and where the time goes (notebooks, HTML); with ``--all``, both editions of ``--all`` only.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROVBOOK = str(Path(sys.executable).with_name("provbook"))
SOURCES = ("data", "notebooks", "book", "_config.yml", "_toc.yml", "_toc.vi.yml", "_config.vi.yml")


def copy_sources(dest: Path) -> Path:
    """A checkout's sources without build outputs (executed chapters, generated pages)."""
    dest.mkdir(parents=True)
    outputs = shutil.ignore_patterns(
        "provinces", "provinces_2025", "comparative.ipynb", "_generated"
    )
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=outputs if name == "book" else None)
        else:
            shutil.copy2(source, dest / name)
    return dest


def timed(root: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [PROVBOOK, "build", "--root", str(root), *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed ({args}):\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout


def executed(stdout: str) -> str:
    names = re.findall(r"^\s+executed\s+(\S+)", stdout, re.M)
    html = "HTML skipped" if "HTML is up to date" in stdout or "Nothing changed" in stdout else ""
    return f"{len(names)} executed" + (f", {html}" if html else "")


def change_one_page(root: Path) -> None:
    page = root / "book" / "methods.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def change_one_row(root: Path) -> None:
    """The note of the first target row of one province (its chapter and the comparison)."""
    path = root / "data" / "targets.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    note = rows[0].index("note")
    rows[1][note] = (rows[1][note] + " (checked)").strip()
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def change_one_data_file(root: Path) -> None:
    indicators = root / "data" / "indicators.csv"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(text.replace("Index", "index", 1), encoding="utf-8")


def phases(stdout: str) -> str:
    """Where a build's time went: its notebooks and its HTML step (from its own report)."""
    notebooks = re.search(r"^Notebooks: (\d+) executed.*\(([\d.]+) s\)", stdout, re.M)
    html = re.search(r"^HTML built in ([\d.]+) s", stdout, re.M)
    parts = []
    if notebooks:
        parts.append(f"{notebooks[1]} notebooks {float(notebooks[2]):.1f} s")
        # Each notebook's own seconds, summed per language (English names carry no prefix).
        per_lang: dict[str, float] = {}
        for name, seconds in re.findall(r"^\s+executed\s+(\S+)\s+([\d.]+) s", stdout, re.M):
            lang = name.split("/")[0] if "/" in name else "en"
            per_lang[lang] = per_lang.get(lang, 0.0) + float(seconds)
        parts += [f"{lang} notebooks {total:.1f} s summed" for lang, total in per_lang.items()]
    if html:
        parts.append(f"HTML {float(html[1]):.1f} s")
    return ", ".join(parts)


def editions(tmp: Path, *args: str, one_too: bool = True) -> None:
    """One edition against both, cold, each in a fresh copy: seconds, phases and the ratio
    (``one_too=False``: both only, for ``--all``, which takes minutes)."""
    label = " ".join(args) or "default book"
    runs = {}
    if one_too:
        runs[f"{label}, one edition (en)"] = timed(copy_sources(tmp / "one"), *args, "--lang", "en")
    runs[f"{label}, both editions"] = timed(copy_sources(tmp / "both"), *args, "--lang", "all")
    for name, (seconds, stdout) in runs.items():
        print(f"{name:<52} {seconds:7.1f} s   {phases(stdout)}", flush=True)
    if one_too:
        one, both = (seconds for seconds, _ in runs.values())
        print(f"{'both / one':<52} {both / one:7.2f} x", flush=True)


def series(root: Path, *args: str, label: str = "") -> dict[str, tuple[float, str]]:
    """Cold, nothing changed, one page changed, one row changed."""
    figures = {}
    figures[f"cold build{label}"] = timed(root, *args)
    figures[f"rebuild, nothing changed{label}"] = timed(root, *args)
    change_one_page(root)
    figures[f"rebuild, one page changed{label}"] = timed(root, *args)
    change_one_row(root)
    figures[f"rebuild, one article row changed{label}"] = timed(root, *args)
    return figures


def baseline(root: Path) -> float:
    """A serial papermill loop (a fresh kernel per notebook) and a plain jupyter-book build."""
    import papermill

    from provbook.build import pipeline
    from provbook.build.folders import Project
    from provbook.build.html import generate_pages
    from provbook.build.tasks import render_template
    from provbook.build.writes import write_atomically
    from provbook.datapackage.data import provinces_with_facts

    project = Project.at(root)
    provinces = provinces_with_facts(project.data_dir)
    tasks = pipeline.plan(project, provinces)
    start = time.perf_counter()
    for task in tasks:
        nb = render_template(task.template, task.context)
        task.output.parent.mkdir(parents=True, exist_ok=True)
        executed_nb = papermill.execute_notebook(
            nb, None, parameters=task.parameters, cwd=str(task.template.parent), progress_bar=False
        )
        write_atomically(executed_nb, task.output)
    generate_pages(project)
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    subprocess.run([jupyter_book, "build", str(root), "--quiet"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cluster", action="store_true", help="also on a 2-worker LocalCluster")
    parser.add_argument("--baseline", action="store_true", help="serial papermill + jupyter-book")
    parser.add_argument("--all", action="store_true", help="only: cold provbook build --all")
    parser.add_argument("--editions", action="store_true", help="only: one edition vs both")
    args = parser.parse_args()
    figures: dict[str, tuple[float, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.editions:
            if args.all:
                editions(Path(tmp), "--all", one_too=False)
            else:
                editions(Path(tmp))
            return
        if args.all:
            figures["cold build --all (every province)"] = timed(
                copy_sources(Path(tmp) / "all"), "--all"
            )
        else:
            serial = copy_sources(Path(tmp) / "serial")
            figures["cold build, --jobs 1"] = timed(serial, "--jobs", "1")
            root = copy_sources(Path(tmp) / "parallel")
            figures.update(series(root, label=", default jobs"))
            change_one_data_file(root)
            figures["rebuild, one data file changed"] = timed(root)
        if args.cluster:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster:
                root = copy_sources(Path(tmp) / "cluster")
                scheduler = ("--scheduler", cluster.scheduler_address)
                figures.update(series(root, *scheduler, label=", 2-worker LocalCluster"))
        for label, (seconds, stdout) in figures.items():
            print(f"{label:<52} {seconds:7.1f} s   {executed(stdout)}", flush=True)
        if args.baseline:
            cold = figures["cold build, default jobs"][0]
            serial = baseline(copy_sources(Path(tmp) / "baseline"))
            print(f"{'serial papermill loop + jupyter-book build':<52} {serial:7.1f} s")
            print(f"{'ratio (serial loop / provbook build, cold)':<52} {serial / cold:7.2f} x")


if __name__ == "__main__":
    main()
