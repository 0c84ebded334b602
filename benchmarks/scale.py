"""How the build scales with the number of provinces, printed as figures.

Usage: .venv/bin/python benchmarks/scale.py [--sizes 5 20 63] [--jobs-default N] [--kernels reused]

For each kernel mode (``fresh``: a new kernel per notebook, as before the optimisation;
``reused``: one reset kernel per build process, the default), each size (the five article
provinces first, then others in id order) and for ``--jobs 1`` and the default (number of
CPUs), a clean copy of the sources is built in a child process:
every chapter is executed (``force``), then the HTML. Printed per run: notebook seconds, seconds
per province, the speed-up of parallel over serial, peak memory of the largest process (a kernel
or the builder), the share of notebook time spent outside cells (starting kernels, papermill)
against running cells, and the HTML build seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import copy_sources  # noqa: E402


def worker(root: Path, provinces: list[str], jobs: int, fresh: bool) -> dict:
    """Runs in a child process so peak memory belongs to this run alone."""
    from provbook.build import pipeline
    from provbook.build.folders import Project
    from provbook.build.html import build_html
    from provbook.datapackage.data import provinces_with_facts

    project = Project.at(root)
    with_facts = provinces_with_facts(project.data_dir)
    start = time.perf_counter()
    # Old chapters link forward to their 2025 province: its chapter is built too, as `build` does.
    provinces = pipeline.with_new_provinces(project, provinces)
    tasks = pipeline.plan(project, provinces, compare=with_facts)
    outcomes = pipeline.run_tasks(tasks, root, jobs, force=True, fresh_kernels=fresh)
    notebooks = time.perf_counter() - start
    failed = [o.name for o in outcomes if o.status != "executed"]
    start = time.perf_counter()
    build_html(project, log=lambda line: None, jobs=jobs)
    html = time.perf_counter() - start
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {
        "notebooks_s": notebooks,
        "html_s": html,
        "sum_notebook_s": sum(o.seconds for o in outcomes),
        "sum_cells_s": sum(o.timings.get("cells", 0.0) for o in outcomes),
        "peak_mib": peak_kib / 1024,
        "chapters": len(tasks) - 1,
        "failed": failed,
    }


def run(size: int, jobs: int, kernels: str, tmp: Path) -> dict:
    from provbook.build import pipeline
    from provbook.datapackage.data import provinces_with_facts

    root = copy_sources(tmp / f"n{size}-j{jobs}-{kernels}")
    with_facts = provinces_with_facts(root / "data")
    others = [p for p in sorted(pipeline.province_names(root / "data")) if p not in with_facts]
    provinces = (with_facts + others)[:size]
    command = [sys.executable, __file__, "--worker", str(root), str(jobs), kernels, *provinces]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"run n={size} jobs={jobs} failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["failed"]:
        sys.exit(f"notebooks failed: {figures['failed']}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=None,
        help="numbers of province chapters (default: 5, 20 and every province in data/)",
    )
    parser.add_argument("--jobs-default", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--kernels",
        nargs="+",
        default=["fresh", "reused"],
        choices=["fresh", "reused"],
        help="fresh: a kernel per notebook (before the optimisation); reused: the default",
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        root, jobs, kernels, *provinces = args.worker
        print(json.dumps(worker(Path(root), provinces, int(jobs), kernels == "fresh")))
        return
    if args.sizes is None:
        from provbook.build import pipeline

        args.sizes = [5, 20, len(pipeline.province_names(Path(__file__).parents[1] / "data"))]
    header = (
        f"{'kernels':>7} {'chapters':>9} {'jobs':>4} {'notebooks s':>11} {'s/chapter':>10} "
        f"{'speed-up':>8} {'peak MiB':>8} {'outside cells':>13} {'html s':>7}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for kernels in args.kernels:
            for size in args.sizes:
                serial = None
                for jobs in sorted({1, args.jobs_default}):
                    f = run(size, jobs, kernels, Path(tmp))
                    serial = serial or f["notebooks_s"]
                    outside = 1 - f["sum_cells_s"] / f["sum_notebook_s"]
                    per_chapter = f["notebooks_s"] / f["chapters"]
                    print(
                        f"{kernels:>7} {f['chapters']:>9} {jobs:>4} {f['notebooks_s']:>11.1f} "
                        f"{per_chapter:>10.2f} {serial / f['notebooks_s']:>8.2f} "
                        f"{f['peak_mib']:>8.0f} {outside:>13.0%} {f['html_s']:>7.1f}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
