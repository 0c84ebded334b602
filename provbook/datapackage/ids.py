"""Chapter ids: the 63 provinces before 2025 and the 34 formed on 2025-07-01, in one namespace.

Old provinces keep their slugs (``can-tho``); the new ones are ``<slug>-2025``
(``can-tho-2025``), as in ``data/units_2025.csv``. A name or a near miss is never guessed into
an id: several chapters may share a name (Cần Thơ before and since 2025), so the error lists
every candidate with its name and period and the reader picks one.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from provbook.datapackage.names import name_key

#: Suffix of the ids of the provinces formed on 2025-07-01.
NEW_SUFFIX = "-2025"


class UnknownIdError(ValueError):
    """An id that names no chapter, or a name that matches several: says which ids fit."""


@dataclass(frozen=True)
class Chapter:
    """One chapter id with the name a reader knows it by and the period it covers."""

    id: str
    name: str
    since_2025: bool

    def describe(self) -> str:
        period = "since 2025-07-01" if self.since_2025 else "before 2025"
        return f"{self.id} ({self.name}, {period})"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def chapters(data_dir: Path) -> list[Chapter]:
    """Every chapter id: old provinces (provinces.csv), then new ones (units_2025.csv)."""
    old = [
        Chapter(r["province_id"], r["name_vi"], False) for r in _rows(data_dir / "provinces.csv")
    ]
    new = [
        Chapter(r["unit_2025_id"], r["name_vi"], True) for r in _rows(data_dir / "units_2025.csv")
    ]
    return old + new


def is_new(chapter_id: str) -> bool:
    """True for the id of a province formed on 2025-07-01."""
    return chapter_id.endswith(NEW_SUFFIX)


def _key(text: str) -> str:
    """Letters and digits of a name or id without diacritics, prefix or the -2025 suffix."""
    text = re.sub(rf"{re.escape(NEW_SUFFIX)}$", "", str(text).strip())
    return name_key(text)


def candidates(text: str, known: list[Chapter]) -> list[Chapter]:
    """Chapters a mistyped id or a name may mean: same letters (``cantho``, ``Cần Thơ``), else
    the closest spellings."""
    key = _key(text)
    same = [c for c in known if key and key in (_key(c.id), _key(c.name))]
    if same:
        return same
    keys = {c.id: _key(c.id) for c in known}
    close = difflib.get_close_matches(key, list(dict.fromkeys(keys.values())), n=2, cutoff=0.75)
    return [c for c in known if keys[c.id] in close]


def check_ids(requested: list[str], data_dir: Path) -> list[str]:
    """The requested ids if every one is known; else UnknownIdError saying what each may mean
    (the candidates when some fit, else every known id)."""
    known = chapters(data_dir)
    ids = {c.id for c in known}
    unknown = [text for text in requested if text not in ids]
    if not unknown:
        return list(requested)
    found = {text: candidates(text, known) for text in unknown}
    first = f"unknown province id(s): {', '.join(unknown)}."
    if not all(found.values()):  # something resembles nothing: list every id
        old = sorted(c.id for c in known if not c.since_2025)
        new = sorted(c.id for c in known if c.since_2025)
        first += (
            f" Known ids ({len(old)}): {', '.join(old)}; since 2025-07-01 ({len(new)}): "
            f"{', '.join(new)}."
        )
    lines = [first]
    for text, options in found.items():
        if options:
            lines.append(f"{text!r}: did you mean {' or '.join(c.describe() for c in options)}?")
    lines.append(
        "Ids are ASCII slugs: a province before 2025 as in data/provinces.csv (can-tho), a "
        "province since 2025-07-01 with -2025 (can-tho-2025), as in data/units_2025.csv."
    )
    raise UnknownIdError("\n".join(lines))
