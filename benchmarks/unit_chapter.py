"""Cell time of the new-province chapter (notebooks/unit.md), in-process, and its outputs.

Usage: .venv/bin/python benchmarks/unit_chapter.py [IDS|all] [--repeat N] [--dump DIR]

Runs the template's code cells in one IPython shell, as a reused build kernel does (reset
between chapters), first one chapter cold, then every chapter warm; prints each chapter's wall
and CPU seconds and the mean. Target: at most 1.0 s of cells per chapter on average, warm
(2.2 s before the statistics were indexed once per chapter).

``--dump DIR`` writes DIR/<id>.json with everything the cells display (glued values, tables as
HTML and text, figures as the sha256 of their PNG): dumps made before and after a change to
:mod:`provbook.chapters.unit` or :mod:`provbook.analysis.aggregate` must be equal (``diff -r``).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import io
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 1.0
DEFAULT_IDS = (
    "tay-ninh-2025,ca-mau-2025,ha-noi-2025,lam-dong-2025,can-tho-2025,thai-nguyen-2025,"
    "cao-bang-2025"
)


def _cells() -> list[str]:
    from provbook.build.template import read

    cells = [c.source for c in read(ROOT / "notebooks" / "unit.md").cells if c.cell_type == "code"]
    return [re.sub(r"\{\{\s*template_filled\s*\}\}", "filled", c) for c in cells]


def _stable(value):
    """JSON-ready, with each PNG replaced by its sha256 (the bytes themselves are large)."""
    if isinstance(value, dict):
        return {
            k: "sha256:" + hashlib.sha256(base64.b64decode(v)).hexdigest()
            if k.endswith("image/png") and isinstance(v, str)
            else _stable(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)


class Runner:
    """One shell for every chapter; records what each chapter's cells publish."""

    def __init__(self) -> None:
        import matplotlib

        matplotlib.use("module://matplotlib_inline.backend_inline")
        from IPython.core.interactiveshell import InteractiveShell

        self.shell = InteractiveShell.instance()
        self.cells = _cells()
        self.outputs: list[dict] = []
        publish = self.shell.display_pub.publish

        def recording(data, metadata=None, *args, **kwargs):
            self.outputs.append({"data": data, "metadata": metadata})
            return publish(data, metadata, *args, **kwargs)

        self.shell.display_pub.publish = recording

    def run(self, unit: str) -> tuple[float, float]:
        """Wall and CPU seconds of the chapter's cells; raises if a cell fails."""
        self.shell.reset(new_session=True, aggressive=False)
        self.outputs = []
        wall, cpu = time.perf_counter(), time.process_time()
        for number, source in enumerate(self.cells):
            source = re.sub(r'^unit = "[^"]*"', f'unit = "{unit}"', source, flags=re.M)
            with contextlib.redirect_stdout(io.StringIO()):
                result = self.shell.run_cell(source, silent=False, store_history=False)
            result.raise_error()
            if result.result is not None:  # the cell's value, as the notebook shows it
                data, metadata = self.shell.display_formatter.format(result.result)
                self.outputs.append({"cell": number, "data": data, "metadata": metadata})
        return time.perf_counter() - wall, time.process_time() - cpu

    def dump(self, path: Path) -> None:
        text = json.dumps(_stable(self.outputs), indent=1, sort_keys=True, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="?", default=DEFAULT_IDS, help="comma-separated, or all")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from provbook.datapackage import data

    known = sorted(data.units_2025()["unit_2025_id"])
    ids = known if args.ids == "all" else args.ids.split(",")
    runner = Runner()
    wall, cpu = runner.run(ids[0])
    print(f"cold {ids[0]}: {wall:.2f} s (CPU {cpu:.2f} s)")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):
        for unit in ids:
            wall, cpu = runner.run(unit)
            print(f"{unit}: {wall:.2f} s (CPU {cpu:.2f} s)", flush=True)
            best[unit] = min(best.get(unit, (wall, cpu)), (wall, cpu))
            if args.dump:
                runner.dump(args.dump / f"{unit}.json")
    mean_wall = sum(w for w, _ in best.values()) / len(best)
    mean_cpu = sum(c for _, c in best.values()) / len(best)
    print(
        f"mean of {len(best)} chapters, warm (best of {args.repeat}): {mean_wall:.2f} s "
        f"(CPU {mean_cpu:.2f} s); target {TARGET_SECONDS:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
