"""The readers every derive module uses for a raw CSV file and its cells.

One way to open a raw table (UTF-8 with or without a byte-order mark, the columns it must have)
and one way to read a cell as a number, so that a missing figure is missing in every file:
an empty cell, ``..`` (how the GSO and NSO print "no figure") and ``NA``. Anything else that is
not a finite number stops the derivation, naming the file, line, column and the text found.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

#: Cell texts that mean "no figure" (after stripping spaces).
MISSING = ("", "..", "NA")


def read_csv(path: Path, required: list[str]) -> list[dict[str, str]]:
    """The rows of a raw CSV file (line 2 is the first), which must have ``required`` columns."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: raw file not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def number(path: Path, line: int, column: str, text: str | None) -> float | None:
    """A cell as a finite number; None when it is missing (:data:`MISSING`)."""
    text = (text or "").strip()
    if text in MISSING:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(
            f"{path}, line {line}, column {column}: {text!r} is not a number "
            f"(allowed: a number, or empty, '..' or 'NA' for no figure)"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{path}, line {line}, column {column}: {text!r} is not finite")
    return value


def integer(path: Path, line: int, column: str, text: str) -> int:
    """A cell that must hold a whole number (a code, a year)."""
    try:
        return int(text)
    except ValueError:
        raise ValueError(
            f"{path}, line {line}, column {column}: {text!r} is not an integer"
        ) from None
