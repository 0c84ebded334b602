"""Build timings of the default book, printed as figures.

Usage: .venv/bin/python benchmarks/build.py
Copies the repository's sources into a temp dir and times, with the real CLI:
cold build with --jobs 1, cold build with the default jobs, warm rebuild with nothing changed,
and the rebuild after one data file changes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROVBOOK = str(Path(sys.executable).with_name("provbook"))
SOURCES = ("data", "notebooks", "book", "_config.yml", "_toc.yml")


def copy_sources(dest: Path) -> Path:
    """A checkout's sources without build outputs (executed chapters, generated pages)."""
    dest.mkdir(parents=True)
    outputs = shutil.ignore_patterns("provinces", "comparative.ipynb", "_generated")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=outputs if name == "book" else None)
        else:
            shutil.copy2(source, dest / name)
    return dest


def timed(root: Path, *args: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [PROVBOOK, "build", "--root", str(root), *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed ({args}):\n{result.stdout}\n{result.stderr}")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        figures = {}
        figures["cold build, --jobs 1"] = timed(copy_sources(Path(tmp) / "serial"), "--jobs", "1")
        root = copy_sources(Path(tmp) / "parallel")
        figures["cold build, default jobs"] = timed(root)
        figures["warm rebuild, nothing changed"] = timed(root)
        indicators = root / "data" / "indicators.csv"
        text = indicators.read_text(encoding="utf-8")
        indicators.write_text(text.replace("Index", "index", 1), encoding="utf-8")
        figures["rebuild after one data file changed"] = timed(root)
    for label, seconds in figures.items():
        print(f"{label:<40} {seconds:7.1f} s")


if __name__ == "__main__":
    main()
