"""The book's words, one home per language: ``provbook/words/<lang>/<area>.toml``.

Each edition's sentences, labels and codebook words live in that language's catalogue, under the
same keys in every language; the code decides *which* sentence (a rise or a fall, none, one or
many) and this module gives its wording. An entry is a whole sentence with ``{named}`` fields
(``str.format``), or a table of CLDR plural forms (``{ one = "...", other = "..." }``) chosen by
``count``: English has ``one`` and ``other``, Vietnamese only ``other``.

Why TOML files and not Python: a translator or reviewer reads and edits one file per language and
area, and a test compares the languages key by key (tests/test_words.py).
"""

from __future__ import annotations

import functools
import string
import tomllib
from pathlib import Path

from babel import Locale

from provbook.text import LOCALES, check_lang

HERE = Path(__file__).resolve().parent
#: The areas of the catalogues, one TOML file each per language.
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


class WordsError(KeyError):
    """A key missing from a catalogue, or a field the caller did not give: names file and key."""

    def __str__(self) -> str:  # KeyError quotes its message; this one reads as a sentence
        return str(self.args[0])


@functools.cache
def catalogue(lang: str, area: str, folder: Path = HERE) -> dict:
    """One language's entries of one area, flattened to dotted keys ('status.planned')."""
    check_lang(lang)
    path = folder / lang / f"{area}.toml"
    try:
        with open(path, "rb") as handle:
            tree = tomllib.load(handle)
    except FileNotFoundError:
        raise WordsError(f"{path}: no catalogue for area {area!r} in language {lang!r}") from None
    except tomllib.TOMLDecodeError as exc:
        raise WordsError(f"{path}: not valid TOML: {exc}") from None
    return dict(flatten(tree))


def flatten(tree: dict, prefix: str = ""):
    """Dotted keys down to strings or plural tables (a table whose keys are all plural forms)."""
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not is_plural(value):
            yield from flatten(value, name + ".")
        else:
            yield name, value


def is_plural(value) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(PLURAL_FORMS)


def areas(folder: Path = HERE) -> list[str]:
    """The areas the English catalogue has (every language must have the same)."""
    return sorted(path.stem for path in (folder / "en").glob("*.toml"))


def differences(folder: Path = HERE) -> list[str]:
    """Every way another language's catalogues differ from the English ones, one sentence each
    naming the file: an area one language has and the other not, a key in one and not the
    other, an entry with other ``{fields}``. Empty when every language agrees with English key
    by key and field by field (tests/test_words.py; a translator runs it after an edit)."""
    english = areas(folder)
    found = []
    for lang in sorted(set(LOCALES) - {"en"}):
        own = sorted(path.stem for path in (folder / lang).glob("*.toml"))
        found += [
            f"{folder / lang}: area {a!r} has no English catalogue" for a in own if a not in english
        ]
        for area in english:
            path = folder / lang / f"{area}.toml"
            if area not in own:
                found.append(
                    f"{folder / lang}: no catalogue for area {area!r} "
                    f"(English has {folder / 'en' / (area + '.toml')})"
                )
                continue
            theirs, ours = catalogue("en", area, folder), catalogue(lang, area, folder)
            found += [f"{path}: lacks {key!r}" for key in theirs if key not in ours]
            found += [
                f"{path}: has {key!r}, which English has not" for key in ours if key not in theirs
            ]
            for key in theirs.keys() & ours.keys():
                want, have = sorted(fields_of(theirs[key])), sorted(fields_of(ours[key]))
                if want != have:
                    found.append(f"{path}: {key!r} has the fields {have} where English has {want}")
    return found


def entry(key: str, lang: str, folder: Path = HERE):
    """The raw entry of ``area.rest.of.key`` in ``lang``."""
    area, _, rest = key.partition(".")
    entries = catalogue(lang, area, folder)
    if rest not in entries:
        raise WordsError(
            f"{folder / lang / (area + '.toml')}: no entry {rest!r} (asked for {key!r} in {lang!r})"
        )
    return entries[rest]


def plural_form(count, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang`` ('one', 'other', ...)."""
    return Locale.parse(check_lang(lang)).plural_form(abs(count))


def say(key: str, lang: str = "en", /, count=None, **fields) -> str:
    """The entry ``key`` in ``lang``, its fields filled; ``count`` picks a plural form (and is a
    field ``{count}`` too). A missing field names the key and the field."""
    value = entry(key, lang)
    if is_plural(value):
        if count is None:
            raise WordsError(f"{key!r} has plural forms: give count=")
        form = plural_form(count, lang)
        value = value.get(form, value.get("other"))
        if value is None:
            raise WordsError(f"{key!r} in {lang!r} has no {form!r} or 'other' form")
    if count is not None:
        fields.setdefault("count", count)
    try:
        return value.format(**fields)
    except KeyError as exc:
        raise WordsError(f"{key!r} in {lang!r} needs the field {exc.args[0]!r}") from None


def fields_of(value) -> set[str]:
    """The ``{named}`` fields of an entry (of every plural form)."""
    texts = value.values() if is_plural(value) else [value]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def say_or(key: str, lang: str, default: str, /, **fields) -> str:
    """``say(key, lang, **fields)``, or ``default`` when the catalogue has no such entry (a
    code of the data without words of its own, such as an outlet that is a name)."""
    try:
        return say(key, lang, **fields)
    except WordsError:
        return default


def outlet_name(outlet: str, lang: str = "en") -> str:
    """A publisher of sources.csv as the edition names it ('Tổng cục Thống kê (GSO)'); names
    without an English word stay as they are."""
    return say_or(f"codebook.publisher.{outlet}", lang, outlet)
