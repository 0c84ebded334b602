"""The book's one bibliography, generated from ``sources.csv`` so citations and data agree.

Entries are written for a librarian: titles keep their capitals and diacritics (braced, so the
style cannot lower-case "Bạc Liêu"), one title per entry, dates written as dates, statistics
credited to their publisher with the repository we took the file from as a separate
"retrieved from" note, and what is unknown said plainly. Every value is escaped, so a brace or
a backslash in a title cannot end the field and inject another.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

UNKNOWN = "unknown"
#: Source kinds cited like a news article (author, headline, outlet, date), not like statistics.
ARTICLE_KINDS = ("article", "press")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: BibTeX/LaTeX specials and what stands for them. Braces become commands, not "\{": BibTeX
#: counts every brace, so an escaped but unbalanced brace would still close the field.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "#": r"\#",
    "&": r"\&",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
    "@": "{@}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIALS))
_KEY_RE = re.compile(r"[a-z0-9_-]+")


def escape(text: str) -> str:
    """Text safe inside a braced BibTeX value: every special written as a LaTeX command."""
    text = " ".join(str(text).split())  # no line breaks or tabs inside a field
    return _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], text)


def _protected(text: str) -> str:
    """Braced twice: the style must print it exactly as written (capitals, diacritics)."""
    return "{{" + escape(text) + "}}"


def _plain(text: str) -> str:
    return "{" + escape(text) + "}"


def _url(text: str) -> str:
    """A URL field is printed raw (no LaTeX decoding): percent-encode what could break it."""
    for char, code in (("{", "%7B"), ("}", "%7D"), ("\\", "%5C"), (" ", "%20")):
        text = text.replace(char, code)
    return "{" + text + "}"


def known(value: str | None) -> bool:
    """A sources.csv field that holds something ('unknown' and empty do not): the bibliography
    and the book's source lists leave unknown authors, titles and dates out the same way."""
    return bool(value) and value.strip().lower() != UNKNOWN


def date_fields(date: str) -> list[tuple[str, str]]:
    """'2023-11-28' -> year 2023, month '28 November' (the style prints "28 November 2023")."""
    if not known(date):
        return []
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if not match:
        raise ValueError(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    fields = [("year", _plain(year))]
    if month:
        words = MONTHS[int(month) - 1]
        if day:
            words = f"{int(day)} {words}"
        fields.append(("month", _plain(words)))
    return fields


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _article_fields(row: dict) -> tuple[list[tuple[str, str]], list[str]]:
    fields: list[tuple[str, str]] = []
    notes: list[str] = []
    if known(row.get("author")):
        fields.append(("author", _protected(row["author"])))
    if known(row.get("title")):
        fields.append(("title", _protected(row["title"])))
    elif known(row.get("title_en")):
        # No headline: our own description, bracketed as a supplied title.
        fields.append(("title", _protected(f"[{row['title_en']}]")))
    if known(row.get("outlet")):
        fields.append(("howpublished", _protected(row["outlet"])))
    unknown = [
        label
        for label, column in (("outlet", "outlet"), ("date", "date"), ("author", "author"))
        if not known(row.get(column))
    ]
    if unknown:
        words = ", ".join(unknown[:-1]) + (" and " if len(unknown) > 1 else "") + unknown[-1]
        notes.append(f"{words.capitalize()} unknown")
    original, copy = row.get("url", ""), row.get("copy_url", "")
    note = row.get("url_note", "")
    if known(original):
        fields.append(("url", _url(original)))
        if known(copy):
            notes.append(f"Also read in a copy at {copy}")
    elif known(copy):
        fields.append(("url", _url(copy)))
        notes += ["Address of a copy, not of the original", note]
    else:
        notes += ["No address", note or "The original was not found"]
    return fields, [n for n in notes if n]


def _statistics_fields(row: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """Credited to the publisher; where we took the file from is only a note."""
    fields = [("author", _protected(row["outlet"]))]
    title = row["title"] if known(row.get("title")) else row.get("title_en", "")
    if title:
        fields.append(("title", _protected(title)))
    notes = []
    if known(row.get("url")):
        fields.append(("url", _url(row["url"])))
    if row.get("retrieved_from"):
        notes.append(f"Retrieved from {row['retrieved_from']} (a redistributing copy)")
    return fields, notes


_TITLE_SPAN = re.compile(r"^(.*\S)\s+(\d{4})\s*[-–]\s*(\d{4})$")


def _series_span(row: dict) -> tuple[str, str] | None:
    """(title, 'first–last') when a statistics title ends in the span of years it covers and
    the source's date is the span's last year: the span is then the entry's year, printed once
    (not 'Tables 2015-2023. 2023.')."""
    title = row.get("title", "") if known(row.get("title")) else row.get("title_en", "")
    match = _TITLE_SPAN.match(" ".join(str(title or "").split()))
    if row.get("kind") == "article" or not match or str(row.get("date", "")).strip() != match[3]:
        return None
    return match[1], f"{match[2]}–{match[3]}"


def entry(row: dict) -> str:
    """One BibTeX entry (@misc, which every style prints without a journal or a publisher)."""
    key = row["source_id"]
    if not _KEY_RE.fullmatch(key or ""):
        raise ValueError(f"source_id {key!r} cannot be a BibTeX key (use a-z, 0-9, '_', '-')")
    span = _series_span(row)
    if row["kind"] in ARTICLE_KINDS:
        fields, notes = _article_fields(row)
    elif span:
        fields, notes = _statistics_fields({**row, "title": span[0]})
    else:
        fields, notes = _statistics_fields(row)
    fields += [("year", _plain(span[1]))] if span else date_fields(row.get("date", ""))
    if notes:
        fields.append(("note", _plain(" ".join(_sentence(n) for n in notes))))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def write_bibliography(sources_csv: Path, target: Path) -> int:
    """Write ``references.bib``; returns the number of entries."""
    with open(sources_csv, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    text = "\n".join(entry(row) for row in rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return len(rows)
