"""What a reader reads on the built site: no internal ids, no form-filling phrases, references a
librarian accepts. Checked on the HTML of the real book; code (cells, literals, example rows)
is left out, since it may name ids as what they are."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from browser import harness as browser

#: Row ids of the fact tables and source ids of articles: internal keys, never reader text.
ID_PATTERN = re.compile(r"\b(?:park|doc|tgt|res|prj)-[a-z-]+-\d{2}\b|\bart_[a-z_]+\b")
#: Phrases of a filled-in form rather than a written sentence.
FORM_PHRASES = re.compile(r"\b0 of them\b|grew by -|\b1 of these \w+ are\b|\(0 of them")
CODE = re.compile(r'<div class="cell_input.*?</div>\s*</div>', re.S)


def reader_text(page: Path) -> str:
    """Visible text of a page without its code cells, scripts, styles and tags."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<details class="hide above-input">.*?</details>', " ", html, flags=re.S)
    html = CODE.sub(" ", html)
    # Identifiers shown as code (the data appendix's keys, the guide's example rows) are
    # documentation of the data, set apart as code: not prose.
    html = re.sub(r"<(pre|code)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<a [^>]*download=[^>]*>.*?</a>", " ", html, flags=re.S)  # CSV file names
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_reader_text_has_no_ids_and_no_form_phrases(built_book: Path) -> None:
    pages = [p for p in browser.find_pages(built_book) if not p.startswith("_")]
    assert any(p.startswith("book/provinces/") for p in pages)
    found = {}
    for page in pages:
        if page.endswith(("genindex.html", "search.html")):
            continue
        text = reader_text(built_book / page)
        hits = ID_PATTERN.findall(text) + FORM_PHRASES.findall(text)
        if hits:
            found[page] = sorted(set(hits))[:8]
    assert not found, found


def test_references_read_as_references(built_book: Path) -> None:
    text = reader_text(built_book / "book" / "references.html")
    assert "Seed file" not in text and ".txt" not in text
    for name in ("Bạc Liêu", "Long An", "GSO", "Lâm Đồng", "Sóc Trăng", "Bắc Kạn"):
        assert name in text, name
    for wrong in ("Long an", "Lâm đồng", "Gso ", "Bạc liêu"):
        assert wrong not in text, wrong
    assert not re.search(r"\b\d{1,2} (19|20)\d\d\b", text)  # no "6 2025": dates read as dates
