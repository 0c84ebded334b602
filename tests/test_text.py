"""Numbers and dates in the book's two languages (provbook.text): one rounding for both editions,
each edition's CLDR symbols (Babel), checked by hand against how each language writes them."""

from __future__ import annotations

from datetime import date

import pytest

from provbook import text


@pytest.mark.parametrize(
    ("value", "digits", "unit", "english", "vietnamese"),
    [
        (1227.6, 1, "", "1,227.6", "1.227,6"),
        (1227.6, 1, "thousand", "1,227.6 thousand", "1.227,6 thousand"),
        (7.2, 1, "%", "7.2%", "7,2\u00a0%"),
        (7.0, 1, "%", "7%", "7\u00a0%"),
        (-0.04, 1, "", "0", "0"),
        (-1.25, 1, "pp", "-1.2pp", "-1,2 pp"),
        (1234567.891, 2, "", "1,234,567.89", "1.234.567,89"),
        (499.88, 0, "", "500", "500"),
    ],
)
def test_a_number_reads_as_each_language_writes_it(value, digits, unit, english, vietnamese):
    assert text.number(value, digits, unit) == english
    assert text.number(value, digits, unit, lang="vi") == vietnamese


@pytest.mark.parametrize("value", [2.675, 0.05, 0.15, -2.5, 1e6 + 0.45, 94.85, 10.55])
def test_both_editions_round_the_same_way(value):
    """Same digits in both: only the separators differ (a value never rounds up in one edition
    and down in the other)."""
    english = text.number(value, 1)
    vietnamese = text.number(value, 1, lang="vi")
    assert vietnamese.translate(str.maketrans(".,", ",.")) == english


def test_missing_numbers_and_ranges_in_both_languages():
    assert text.number(None) == text.number(float("nan"), lang="vi") == "–"
    assert text.span(40, 45, 0, "%") == "40–45%"
    assert text.span(40, 45, 0, "%", lang="vi") == "40–45\u00a0%"
    assert text.span(-1.5, -1, 1, "%") == "-1.5 to -1%"
    assert text.span(-1.5, -1, 1, "%", lang="vi") == "-1,5 đến -1\u00a0%"


def test_dates_read_as_each_language_writes_them():
    assert text.long_date(date(2025, 7, 1)) == "1 July 2025"
    assert text.long_date("2025-07-01", lang="vi") == "ngày 1 tháng 7 năm 2025"
    assert text.long_date("2017-12-25", lang="vi") == "ngày 25 tháng 12 năm 2017"
    assert text.long_date(None, lang="vi") == "không ghi ngày"


def test_an_unknown_language_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown language 'fr': the book is written in en, vi"):
        text.number(1.0, lang="fr")
    with pytest.raises(ValueError, match="unknown language"):
        text.long_date("2025-07-01", lang="EN")
