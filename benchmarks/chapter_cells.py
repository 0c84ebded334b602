"""Cell time of the province chapter, in-process and warm, with a digest of everything it shows.

Usage: .venv/bin/python benchmarks/chapter_cells.py [ids] [--repeat N] [--until YEAR]

Runs the code cells of ``notebooks/province.md`` in one IPython shell (reset between
chapters, as a build's kernel is) for each province id (comma-separated; default: six with and
without article facts), after one warm-up chapter. Prints the CPU seconds of each chapter (the
best of ``--repeat`` runs, so other load on the machine counts less) and their mean; the target
is a mean of at most 2.4 s. Then a sha256 of every output (glued values, tables, the PNG bytes of
every figure): a speed-up must leave it unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "notebooks" / "province.md"
DEFAULT_IDS = "an-giang,bac-lieu,ha-noi,long-an,lam-dong,soc-trang"
TARGET = 2.4


def code_cells(until: int | None) -> list[str]:
    """The template's code cells, filled as ``provbook.build.template`` fills them."""
    from provbook.build.template import FILLED, FILLED_KEY, read

    cells = []
    for cell in read(TEMPLATE).cells:
        if cell.cell_type != "code":
            continue
        source = cell.source.replace("{{ " + FILLED_KEY + " }}", FILLED)
        if until is not None:
            source = re.sub(
                r"^statistics_until = None", f"statistics_until = {until}", source, flags=re.M
            )
        cells.append(source)
    return cells


def run(shell, cells: list[str], province: str) -> tuple[float, list]:
    """CPU seconds of one chapter's cells, and what they displayed."""
    from IPython.utils.capture import capture_output

    shell.reset(new_session=True, aggressive=False)
    outputs = []
    start = time.process_time()
    for source in cells:
        source = re.sub(r'^province = "[^"]*"', f'province = "{province}"', source, flags=re.M)
        with capture_output() as captured:
            result = shell.run_cell(source, silent=True)
        if not result.success:
            raise SystemExit(f"{province}: a cell failed: {result.error_in_exec!r}")
        outputs += [(o.data, o.metadata) for o in captured.outputs]
    return time.process_time() - start, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="?", default=DEFAULT_IDS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--until", type=int, default=None)
    args = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    cells = code_cells(args.until)
    ids = args.ids.split(",")
    run(shell, cells, ids[0])  # warm-up: imports, data and font caches
    best: dict[str, float] = {}
    digest = hashlib.sha256()
    for k in range(args.repeat):
        for province in ids:
            seconds, outputs = run(shell, cells, province)
            best[province] = min(best.get(province, seconds), seconds)
            if k == 0:
                digest.update(json.dumps(outputs, sort_keys=True, default=repr).encode())
    for province, seconds in best.items():
        print(f"{province:20} {seconds:6.2f} s")
    mean = sum(best.values()) / len(best)
    print(f"mean {mean:.2f} s per chapter (target <= {TARGET} s)")
    print(f"outputs sha256 {digest.hexdigest()}")
    sys.exit(0 if mean <= TARGET else 1)


if __name__ == "__main__":
    main()
