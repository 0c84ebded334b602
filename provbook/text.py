"""Words for glued prose and the one Markdown escape: every chapter phrases counts, lists and
dates the same way, and data text never turns into markup."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

#: The book's languages (its English edition and the planned Vietnamese one) as CLDR locales.
LOCALES = {"en": "en", "vi": "vi"}


def check_lang(lang: str) -> str:
    """The CLDR locale of an edition's language; a clear error for any other."""
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(
            f"unknown language {lang!r}: the book is written in {', '.join(sorted(LOCALES))}"
        ) from None


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|${}])")


def missing(value) -> bool:
    """True for None, pandas' NA and float NaN (what an empty CSV cell loads as)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def md_escape(text: str) -> str:
    """Data text inside Markdown/MyST: no markup, no roles, no raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def cite_p(ids: list[str]) -> str:
    """A parenthetical citation of ``ids`` as MyST writes it ('{cite:p}`a,b`'), 'not recorded'
    for none: the template contexts and the sections that cite from code (unit plans) agree."""
    return f"{{cite:p}}`{','.join(ids)}`" if ids else "not recorded"


def markdown(text: str, escape: bool = True):
    """Text to glue as Markdown (``{glue:md}``), escaped so data never turns into markup."""
    from IPython.display import Markdown

    return Markdown(md_escape(text) if escape else text)


def gso_code(code) -> str:
    """A GSO province code as GSO writes it, two digits: '06' for Bắc Kạn, '92' for Cần Thơ."""
    return f"{int(code):02d}"


def upper_first(text: str) -> str:
    """'Index of industrial production': a title or sentence starts with a capital."""
    return text[:1].upper() + text[1:]


def with_unit(label: str, unit: str) -> str:
    """'PCI score (score, 0-100)': the unit in one pair of parentheses, its own parentheses
    (as in 'score (0-100)') turned into a comma, never nested."""
    flat = str(unit).replace(" (", ", ").replace("(", "").replace(")", "")
    return f"{label} ({flat})" if flat else str(label)


def lower_first(text: str) -> str:
    """'Manufacturing growth' -> 'manufacturing growth'; acronyms ('GRDP ...') are kept."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def name_in_sentence(name: str, lang: str = "en") -> str:
    """An administrative unit's official name inside a sentence: Vietnamese writes its
    administrative word in lower case there ('thuộc tỉnh Cà Mau', 'thành phố Cần Thơ'); English
    keeps the name as the statistics office writes it ('part of Tỉnh Cà Mau')."""
    check_lang(lang)
    return lower_first(name) if lang == "vi" else name


#: The last joint of a list in each edition ('A, B and C'; 'A, B và C').
AND = {"en": "and", "vi": "và"}


def join_names(names: Sequence[str], empty: str = "", lang: str = "en") -> str:
    """['A'] -> 'A'; ['A', 'B'] -> 'A and B'; ['A', 'B', 'C'] -> 'A, B and C' ('A, B và C')."""
    check_lang(lang)
    names = list(names)
    if not names:
        return empty
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {AND[lang]} " + names[-1]


#: Dates as each edition writes them (CLDR patterns, formatted by Babel): '1 July 2025',
#: 'ngày 1 tháng 7 năm 2025'.
DATE_PATTERNS = {"en": "d MMMM y", "vi": "'ngày' d 'tháng' M 'năm' y"}
NO_DATE = {"en": "date not given", "vi": "không ghi ngày"}


def long_date(value, lang: str = "en") -> str:
    """2025-07-01 -> '1 July 2025' (English) or 'ngày 1 tháng 7 năm 2025' (Vietnamese)."""
    locale = check_lang(lang)
    if missing(value):
        return NO_DATE[lang]
    day = pd.Timestamp(value).date() if not isinstance(value, date) else value
    return format_date(day, DATE_PATTERNS[lang], locale=locale)


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 park', '3 parks' (``words`` for irregular plurals)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def counted(k: int, noun: str, nouns: str | None = None) -> str:
    """'no sectors', 'one sector', '3 sectors': a count that reads well in running prose."""
    many = nouns or noun + "s"
    if k == 0:
        return f"no {many}"
    return f"one {noun}" if k == 1 else f"{k} {many}"


def number(value: float | None, digits: int = 1, unit: str = "", lang: str = "en") -> str:
    """A readable number: thousands separators, trailing ``.0`` dropped, unit appended.

    Rounded once, the same way for every edition (Python's rounding of the float), then written
    with the edition's CLDR symbols by Babel: '1,227.6' in English, '1.227,6' in Vietnamese. In
    English ``%`` and ``pp`` attach without a space and other units follow a space; Vietnamese
    puts a non-breaking space before ``%`` ('7,2 %'). Missing -> "–".
    """
    locale = check_lang(lang)
    if missing(value):
        return "–"
    rounded = Decimal(f"{float(value):.{digits}f}")
    if rounded == 0:
        rounded = Decimal(0)  # never "-0"
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    text = format_decimal(rounded, format=pattern, locale=locale)
    if not unit:
        return text
    if lang == "vi":
        return f"{text}\u00a0{unit}" if unit.startswith("%") else f"{text} {unit}"
    if unit in ("%", "pp") or unit.startswith("%"):
        return text + unit
    return f"{text} {unit}"


def fixed(value: float | None, digits: int = 1, lang: str = "en") -> str:
    """A number with exactly ``digits`` decimals, as Python's ``{:,.1f}`` writes it in English
    ('1,227.6', '62.0') and with the edition's CLDR symbols otherwise ('1.227,6').
    Missing -> "–"."""
    locale = check_lang(lang)
    if missing(value):
        return "–"
    rounded = Decimal(f"{float(value):.{digits}f}")
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.0"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(rounded, format=pattern, locale=locale)


def span(low: float, high: float, digits: int = 1, unit: str = "", lang: str = "en") -> str:
    """``13%`` for a point, ``40–45%`` for a range."""
    if missing(low) and missing(high):
        return "–"
    if missing(low) or missing(high) or low == high:
        value = high if missing(low) else low
        return number(value, digits, unit, lang)
    if min(low, high) < 0:  # "-1.5–-1%" would be unreadable
        to = {"en": "to", "vi": "đến"}[check_lang(lang)]
        return f"{number(low, digits, lang=lang)} {to} {number(high, digits, unit, lang)}"
    return f"{number(low, digits, lang=lang)}–{number(high, digits, unit, lang)}"
