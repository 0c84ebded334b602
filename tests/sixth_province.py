"""The synthetic sixth province of tests/fixtures/sixth_province, appended to a copy of data/."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sixth_province"
PROVINCE, NAME = "hau-giang", "Hậu Giang"
#: fixture file -> the table of data/ it extends
TABLES = {
    "sources.csv": "sources.csv",
    "documents.csv": "documents.csv",
    "targets.csv": "targets.csv",
    "results.csv": "results.csv",
    "parks.csv": "parks.csv",
    "priorities.csv": "codebook/priorities.csv",
}


def append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows to a CSV file, by column name (missing columns stay empty)."""
    with open(path, encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    text = path.read_text(encoding="utf-8")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        if not text.endswith("\n"):
            handle.write("\n")
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fields})


def rows(name: str) -> list[dict]:
    with open(FIXTURE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def add_to(data: Path) -> Path:
    """Append the sixth province's rows to the data folder `data` (a copy, never data/)."""
    for name, table in TABLES.items():
        append_rows(data / table, rows(name))
    return data


def copy_with_sixth(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest)
    return add_to(dest)
