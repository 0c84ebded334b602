"""The book's one bibliography, generated from ``sources.csv`` so citations and data agree."""

from __future__ import annotations

import csv
from pathlib import Path

UNKNOWN = "unknown"


def _escape(text: str) -> str:
    """Protect BibTeX special characters and keep capitalisation of Vietnamese names."""
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return "{" + text + "}"


def author(row: dict) -> str:
    """BibTeX author, braced whole: organisations and Vietnamese names (family name first)
    must not be split into first and last names. Unknown is credited as unsigned, not guessed.
    """
    if row["author"] != UNKNOWN:
        name = row["author"] if row["kind"] == "article" else row["outlet"]
    elif row["outlet"] != UNKNOWN:
        name = row["outlet"]
    else:
        name = "Unsigned news report"
    return "{" + _escape(name) + "}"


def entry(row: dict) -> str:
    """One BibTeX entry; unknown fields are left out rather than guessed."""
    kind = "article" if row["kind"] == "article" else "misc"
    fields: list[tuple[str, str]] = []
    title = row["title"] if row["title"] != UNKNOWN else row.get("title_en") or row["source_id"]
    fields.append(("title", title))
    fields.append(("author", author(row)))
    if kind == "article":
        fields.append(("journal", row["outlet"] if row["outlet"] != UNKNOWN else "Outlet unknown"))
    else:
        fields.append(("howpublished", row["outlet"]))
    date = row["date"]
    fields.append(("year", date[:4] if date != UNKNOWN else "n.d."))
    if date != UNKNOWN and len(date) >= 7:
        fields.append(("month", str(int(date[5:7]))))
    if row["url"] and row["url"] != UNKNOWN:
        fields.append(("url", row["url"]))
    notes = [n for n in (row.get("title_en"), row.get("retrieved_from")) if n]
    if row.get("seed_file"):
        notes.append(f"Seed file {row['seed_file']}")
    if notes:
        fields.append(("note", ". ".join(notes)))
    body = ",\n".join(
        f"  {name} = {value if name == 'author' else _escape(value)}" for name, value in fields
    )
    return f"@{kind}{{{row['source_id']},\n{body}\n}}\n"


def write_bibliography(sources_csv: Path, target: Path) -> int:
    """Write ``references.bib``; returns the number of entries."""
    with open(sources_csv, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    text = "\n".join(entry(row) for row in rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return len(rows)
