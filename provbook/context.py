"""Values filled into ``{{ name }}`` placeholders of the templates' markdown cells.

Markdown cannot be computed by a cell without breaking the book's section tree, so headings,
figure labels and citation keys that depend on the province are rendered into the template
before papermill executes it. Numbers never go here: they are glued from computed values.
"""

from __future__ import annotations

import csv
from pathlib import Path


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def province_context(data_dir: Path, province: str) -> dict[str, str]:
    names = {row["province_id"]: row["name_vi"] for row in _rows(data_dir / "provinces.csv")}
    return {"province": province, "name_vi": names[province]}


def comparative_context(data_dir: Path, provinces: list[str]) -> dict[str, str]:
    names = {row["province_id"]: row["name_vi"] for row in _rows(data_dir / "provinces.csv")}
    return {"provinces": ", ".join(names[p] for p in provinces)}
