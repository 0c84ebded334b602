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

from provbook.text import check_lang, upper_first
from provbook.words import outlet_name, say

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


def note_word(key: str, lang: str, /, **fields) -> str:
    """The words of an entry's notes in ``lang`` (provbook/words/<lang>/pages.toml
    [references]; the Vietnamese edition's bibliography is book/vi/_generated/references.bib)."""
    return say(f"pages.references.{key}", lang, **fields)


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


def date_fields(date: str, lang: str = "en") -> list[tuple[str, str]]:
    """'2023-11-28' -> year 2023, month '28 November' (the style prints "28 November 2023");
    in Vietnamese month 'ngày 28 tháng 11 năm', printed "ngày 28 tháng 11 năm 2023" (the style
    writes the month before the year, so the month carries the words before the year)."""
    if not known(date):
        return []
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if not match:
        raise ValueError(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    fields = [("year", _plain(year))]
    if month and lang == "vi":
        words = f"tháng {int(month)} năm"
        if day:
            words = f"ngày {int(day)} {words}"
        fields.append(("month", _plain(words)))
    elif month:
        words = MONTHS[int(month) - 1]
        if day:
            words = f"{int(day)} {words}"
        fields.append(("month", _plain(words)))
    return fields


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def title(row: dict, lang: str = "en", span: str = "") -> str:
    """The title an edition prints: the original, followed by its translation into the
    edition's language when the original is in the other one.

    English edition: a Vietnamese original (``title_vi`` empty) is followed by ``title_en``, our
    rendering, in square brackets. Vietnamese edition: an original in another language is
    followed by ``title_vi``: our translation keeps its square brackets, the publisher's own
    Vietnamese title is a parallel title after " = ". Without a headline, our description in
    the edition's language, bracketed as a supplied title. ``span`` ('2015-2023'), the years a
    series title ends with, is left out of the original and of its translation (the entry's
    year prints it)."""
    check_lang(lang)
    original = row.get("title") or ""
    english, vietnamese = (row.get("title_en") or "").strip(), (row.get("title_vi") or "").strip()
    if span:
        tail = re.compile(r"\s+" + re.escape(span).replace("–", "[-–]") + r"(\]?)$")
        original, english, vietnamese = (
            tail.sub(r"\1", t) for t in (original, english, vietnamese)
        )
    if not known(original):
        if lang == "vi" and vietnamese:
            return vietnamese if vietnamese.startswith("[") else f"[{vietnamese}]"
        return f"[{english}]" if known(english) else ""
    if lang == "vi" and vietnamese:
        return (
            f"{original} {vietnamese}"
            if vietnamese.startswith("[")
            else f"{original} = {vietnamese}"
        )
    if lang == "en" and not vietnamese and known(english) and english != original:
        return f"{original} [{english}]"
    return original


def _article_fields(row: dict, lang: str = "en") -> tuple[list[tuple[str, str]], list[str]]:
    fields: list[tuple[str, str]] = []
    notes: list[str] = []
    if known(row.get("author")):
        fields.append(("author", _protected(row["author"])))
    printed = title(row, lang)
    if printed:
        fields.append(("title", _protected(printed)))
    if known(row.get("outlet")):
        fields.append(("howpublished", _protected(row["outlet"])))
    unknown = [
        note_word(column, lang)
        for column in ("outlet", "date", "author")
        if not known(row.get(column))
    ]
    if unknown:
        joint = note_word("and", lang) if len(unknown) > 1 else ""
        listed = ", ".join(unknown[:-1]) + joint + unknown[-1]
        notes.append(upper_first(note_word("unknown", lang, what=listed).lower()))
    original, copy = row.get("url", ""), row.get("copy_url", "")
    # The note on the addresses in the edition's words (url_note_vi: validation asks for it
    # with every url_note, so the Vietnamese reader is told as much as the English one).
    note = row.get("url_note" if lang == "en" else "url_note_vi", "") or ""
    if known(original):
        fields.append(("url", _url(original)))
        if known(copy):
            notes.append(note_word("also_copy", lang, url=copy))
    elif known(copy):
        fields.append(("url", _url(copy)))
        notes += [note_word("copy_only", lang), note]
    else:
        notes += [note_word("no_address", lang), note or note_word("not_found", lang)]
    return fields, [n for n in notes if n]


def _statistics_fields(
    row: dict, lang: str = "en", span: str = ""
) -> tuple[list[tuple[str, str]], list[str]]:
    """Credited to the publisher, named as the edition names it ('Tổng cục Thống kê (GSO)');
    where we took the file from is only a note."""
    fields = [("author", _protected(outlet_name(row["outlet"], lang)))]
    if known(row.get("title")):
        printed = title(row, lang, span)
    elif lang == "vi" and row.get("title_vi"):
        printed = title(row, lang, span)
    else:
        printed = row.get("title_en", "")
    if printed:
        fields.append(("title", _protected(printed)))
    notes = []
    if known(row.get("url")):
        fields.append(("url", _url(row["url"])))
    if row.get("retrieved_from"):
        notes.append(note_word("retrieved", lang, where=row["retrieved_from"]))
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


def entry(row: dict, lang: str = "en") -> str:
    """One BibTeX entry (@misc, which every style prints without a journal or a publisher), in
    the words of the edition ``lang``."""
    check_lang(lang)
    key = row["source_id"]
    if not _KEY_RE.fullmatch(key or ""):
        raise ValueError(f"source_id {key!r} cannot be a BibTeX key (use a-z, 0-9, '_', '-')")
    span = _series_span(row)
    if row["kind"] in ARTICLE_KINDS:
        fields, notes = _article_fields(row, lang)
    elif span:
        fields, notes = _statistics_fields({**row, "title": span[0]}, lang, span[1])
    else:
        fields, notes = _statistics_fields(row, lang)
    fields += [("year", _plain(span[1]))] if span else date_fields(row.get("date", ""), lang)
    if notes:
        fields.append(("note", _plain(" ".join(_sentence(n) for n in notes))))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def write_bibliography(sources_csv: Path, target: Path, lang: str = "en") -> int:
    """Write the bibliography of the edition ``lang`` (book/_generated/references.bib for
    English, book/vi/_generated/references.bib for Vietnamese); returns the number of
    entries."""
    with open(sources_csv, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    text = "\n".join(entry(row, lang) for row in rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return len(rows)
