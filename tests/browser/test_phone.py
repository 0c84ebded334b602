"""Every page of the built book on a 390 px phone (see tests/browser/phone.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from browser import harness as browser
from browser.phone import MEASURE_JS, PHONE, phone_problems


@pytest.fixture(scope="module")
def on_a_phone(built_book: Path, chromium: str) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    measured = {}
    with browser.serve(built_book) as base, sync_playwright() as playwright:
        chromium_browser = browser.launch(playwright, chromium)
        try:
            context = chromium_browser.new_context(viewport=PHONE)
            page = context.new_page()
            for path in browser.find_pages(built_book):
                page.goto(base + path, wait_until="load")
                target = browser.meta_refresh_target((built_book / path).read_text("utf-8"))
                if target:  # index.html leads on to the first page: measure that one
                    page.wait_for_url(urljoin(base + path, target), wait_until="load")
                page.evaluate(browser.IMAGES_SETTLED_JS)
                measured[path] = page.evaluate(MEASURE_JS, PHONE["width"])
            context.close()
        finally:
            chromium_browser.close()
    return measured


def test_every_page_fits_a_phone_and_its_charts_read(on_a_phone: dict[str, dict]) -> None:
    problems = {path: phone_problems(m) for path, m in on_a_phone.items()}
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, "\n".join(f"{p}: {'; '.join(f)}" for p, f in problems.items())


def test_the_phone_check_saw_the_charts_and_tables(on_a_phone: dict[str, dict]) -> None:
    """Guards the test above against measuring nothing: charts scaled down, tables that scroll."""
    chapter = on_a_phone["book/provinces_2025/can-tho-2025.html"]
    charts = [i for i in chapter["images"] if i["chart"]]
    assert len(charts) >= 3
    assert all(i["width"] < i["natural"] for i in charts)  # scaled to the page, not cropped
    comparative = on_a_phone["book/comparative.html"]
    assert any(t["scrolls"] for t in comparative["tables"])


#: The narrowest a note column in words may be on a phone: about 30 characters of the tables'
#: 0.85em text a line (it was 72 px, a word or two a line, in Cần Thơ's plans table).
MIN_NOTE_PX = 200


def test_the_plans_tables_notes_read_on_a_phone(on_a_phone: dict[str, dict]) -> None:
    """The plans to 2030 tables (a chapter of 2025 and the comparison) end with a note in
    words: on a 390 px phone that column keeps a readable width (book/_static/provbook.css)."""
    pages = {
        "book/provinces_2025/can-tho-2025.html": "What the source says (our words)",
        "book/comparative.html": "Note on GRDP per capita",
    }
    for path, head in pages.items():
        tables = [t for t in on_a_phone[path]["tables"] if "to 2030" in t["caption"]]
        assert len(tables) == 1, (path, [t["caption"] for t in on_a_phone[path]["tables"]])
        (table,) = tables
        assert table["lastHead"] == head
        assert table["last"] >= MIN_NOTE_PX, (path, table)


def test_the_site_carries_the_data_package(built_book: Path) -> None:
    """The data appendix links the zip of data/ that the build made, and the site holds it."""
    import re
    import zipfile

    appendix = built_book / "book" / "_generated" / "data_appendix.html"
    links = re.findall(r'href="([^"]*provbook-data\.zip)"', appendix.read_text("utf-8"))
    assert len(links) == 1
    target = (appendix.parent / links[0]).resolve()
    assert target.is_relative_to(built_book.resolve())
    data = built_book.parents[1] / "data"
    with zipfile.ZipFile(target) as archive:
        assert archive.read("data/datapackage.json") == (data / "datapackage.json").read_bytes()
