"""Each edition of the built default book speaks its own language: the common English words the
language check knows (provbook.publish.language_check) are absent from the reader text of the
Vietnamese edition's pages; names from data/ and the proper names below are not words."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from provbook.publish import language_check

ROOT = Path(__file__).resolve().parents[1]

#: Proper names a Vietnamese page quotes: the tools' names, a menu item of JupyterLab, and the
#: English edition's own title and authors (the how-to-cite page quotes its citation).
PROPER_NAMES = (
    "Jupyter Book",
    "Open With",
    "Industrial strategies of Vietnamese provinces",
    "The provbook authors",
)

#: Every page of the Vietnamese edition but the glossary, which explains English terms by design.
PAGES = [
    "book/intro.html",
    "book/methods.html",
    "book/how-to-cite.html",
    "book/references.html",
    "book/_generated/data_appendix.html",
    "book/add-province.html",
    "book/reproduce.html",
    "book/provinces/bac-lieu.html",
    "book/provinces/long-an.html",
    "book/provinces_2025/can-tho-2025.html",
    "book/provinces_2025/tay-ninh-2025.html",
    "book/comparative.html",
]


@pytest.fixture(scope="module")
def names():
    return [*language_check.data_names(ROOT / "data"), *PROPER_NAMES]


def codebook_terms(column: str) -> list[str]:
    with open(ROOT / "data" / "codebook" / "codes.csv", encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle) if row[column]]


@pytest.mark.parametrize("page", PAGES)
def test_no_english_word_in_a_vietnamese_page(default_book: Path, names, page):
    """The comparison's codebook table gives each code's English term beside the Vietnamese
    one (the glossary's role, turned around): those terms are names here."""
    path = default_book / "_build" / "html" / "vi" / page
    known = [*names, *codebook_terms("label_en")]
    text = language_check.reader_text(path.read_text(encoding="utf-8"), known)
    assert len(text) > 500, f"{page}: almost no reader text found"
    found = language_check.english_words(text)
    assert not found, f"{page}: English words in the Vietnamese edition: {sorted(set(found))}"


#: Pages of the English edition that quote Vietnamese terms by design: the glossary (and Sphinx's
#: index of its terms) explains them, and the guide's table maps the sources' status words.
QUOTING_TERMS = ("book/glossary.html", "genindex.html", "book/add-province.html")
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|'[^']*'|\"[^\"]*\"")


def source_terms() -> list[str]:
    """The sources' own Vietnamese wording the English edition shows beside ours: the codebook's
    Vietnamese labels (and their parts) and the Vietnamese columns of the fact tables."""
    terms = []
    for name, column in (
        ("codebook/codes.csv", "label_vi"),  # the codebook table's Vietnamese terms
        ("documents.csv", "title_vi"),
        ("targets.csv", "indicator_vi"),
        ("results.csv", "indicator_vi"),
        ("plans_2030.csv", "indicator_vi"),
    ):
        with open(ROOT / "data" / name, encoding="utf-8", newline="") as handle:
            terms += [row[column] for row in csv.DictReader(handle) if row[column]]
    return terms + [part.strip() for t in terms for part in re.split(r"[,()“”]", t) if part.strip()]


def test_no_vietnamese_sentence_in_the_english_edition(default_book: Path, names):
    html = default_book / "_build" / "html"
    known = [*names, *source_terms()]
    found = {}
    for path in sorted(html.rglob("*.html")):
        page = path.relative_to(html).as_posix()
        if page.startswith(("vi/", "_")) or page in QUOTING_TERMS:
            continue
        text = QUOTED.sub(" ", language_check.reader_text(path.read_text("utf-8"), known))
        if runs := language_check.vietnamese_sentences(text):
            found[page] = runs
    assert not found, f"Vietnamese in the English edition: {found}"
