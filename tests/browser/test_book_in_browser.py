"""The built book in headless Chromium, offline: what a reader actually gets on every page."""

from __future__ import annotations

import struct
from pathlib import Path

from browser import harness as browser

from .conftest import PHOTOGRAPHED, chromium_or_fail


def _per_page(report: browser.Report, attribute: str) -> dict[str, list[str]]:
    return {r.page: getattr(r, attribute) for r in report.pages if getattr(r, attribute)}


def test_chromium_is_installed() -> None:
    assert Path(chromium_or_fail()).is_file()


def test_every_kind_of_page_is_checked(book_report: browser.Report, built_book: Path) -> None:
    pages = {r.page for r in book_report.pages}
    for page in ("index.html", "book/intro.html", "book/comparative.html", "search.html"):
        assert page in pages
    chapters = {p for p in pages if p.startswith("book/provinces/")}
    sources = {
        f"book/provinces/{p.stem}.html"
        for p in (built_book.parents[1] / "book").glob("provinces/*.ipynb")
    }
    assert chapters and chapters == sources, "every province chapter has a page, and no other"
    # The provinces since 2025 (their own folder): every chapter built was checked in the browser.
    since_2025 = {p for p in pages if p.startswith("book/provinces_2025/")}
    built_2025 = {
        f"book/provinces_2025/{p.stem}.html"
        for p in (built_book.parents[1] / "book").glob("provinces_2025/*.ipynb")
    }
    assert since_2025 and since_2025 == built_2025
    assert pages == set(browser.find_pages(built_book))


def test_no_stray_pages_in_the_site(built_book: Path) -> None:
    """Only the book's pages: Sphinx never deletes old output, so leftovers would be published."""
    root = built_book.parents[1]
    stray = []
    for path in sorted(built_book.rglob("*.html")):
        page = path.relative_to(built_book)
        edition = root / "book"  # the Vietnamese edition's book/x.html comes from book/vi/x
        if page.parts[0] == "vi":
            page, edition = page.relative_to("vi"), root / "book" / "vi"
        if page.parts[0] in browser.NOT_PAGES:
            continue
        if page.as_posix() in ("index.html", "search.html", "genindex.html"):
            continue
        if page.parts[0] != "book":
            stray.append(page.as_posix())
            continue
        source = edition / page.relative_to("book").with_suffix("")
        if not any(source.with_suffix(ext).is_file() for ext in (".md", ".ipynb")):
            stray.append(page.as_posix())
    assert not stray, f"pages that are not part of the book (left over from older builds?): {stray}"


def test_pages_load(book_report: browser.Report) -> None:
    bad = {r.page: r.status for r in book_report.pages if r.status != 200 or r.error}
    errors = {r.page: r.error for r in book_report.pages if r.error}
    assert not bad, f"pages not served with HTTP 200: {bad}; errors: {errors}"


def test_no_console_errors(book_report: browser.Report) -> None:
    assert not _per_page(book_report, "console_errors")


def test_no_page_errors(book_report: browser.Report) -> None:
    assert not _per_page(book_report, "page_errors")


def test_every_image_loads(book_report: browser.Report) -> None:
    assert not _per_page(book_report, "broken_images")
    without = [r.page for r in book_report.pages if r.page.startswith("book/") and r.images == 0]
    chapters = [r.page for r in book_report.pages if "/provinces/" in r.page]
    chapters += [r.page for r in book_report.pages if "/provinces_2025/" in r.page]
    assert not set(chapters) & set(without), "a chapter without any figure lost its charts"
    assert "book/comparative.html" not in without


def test_glued_values_are_rendered(book_report: browser.Report) -> None:
    assert not _per_page(book_report, "leftovers")


def test_no_failed_local_requests(book_report: browser.Report) -> None:
    assert not _per_page(book_report, "failed_requests")


def test_book_works_offline(book_report: browser.Report) -> None:
    assert not _per_page(book_report, "external_requests"), "these resources need the network"


def test_search_finds_a_word_of_the_book(book_report: browser.Report) -> None:
    assert book_report.search_error is None
    assert book_report.search_results and book_report.search_results > 0


def test_both_editions_are_checked(book_report: browser.Report) -> None:
    pages = {r.page for r in book_report.pages}
    for page in ("book/intro.html", "book/comparative.html", "search.html"):
        assert page in pages and f"vi/{page}" in pages


def test_the_vietnamese_search_finds_a_vietnamese_word(built_book: Path, chromium: str) -> None:
    """In the Vietnamese edition (its own search language, provbook.sphinx.editions): a word with
    diacritics, as a reader types it."""
    from playwright.sync_api import sync_playwright

    with browser.serve(built_book) as base, sync_playwright() as playwright:
        launched = browser.launch(playwright, chromium)
        try:
            context = launched.new_context()
            assert browser.check_search(context, base + "vi/", "Liêu") > 0
            context.close()
        finally:
            launched.close()


def test_the_language_switch_shows_whole_on_a_phone(built_book: Path, chromium: str) -> None:
    """In the header of both editions at 390 px, inside the screen, the page not wider."""
    from playwright.sync_api import sync_playwright

    from browser.phone import PHONE

    with browser.serve(built_book) as base, sync_playwright() as playwright:
        launched = browser.launch(playwright, chromium)
        try:
            page = launched.new_context(viewport=PHONE).new_page()
            for path in ("book/comparative.html", "vi/book/comparative.html"):
                page.goto(base + path, wait_until="load")
                switch = page.locator(".provbook-edition-switch")
                assert switch.count() == 1 and switch.is_visible(), path
                box = switch.bounding_box()
                assert box["x"] >= 0 and box["y"] >= 0, (path, box)
                assert box["x"] + box["width"] <= PHONE["width"], (path, box)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], (path, width)
        finally:
            launched.close()


def test_code_toggle_shows_hidden_code(book_report: browser.Report) -> None:
    assert book_report.toggle_page and book_report.toggle_page.startswith("book/provinces/")
    assert book_report.toggle_error is None
    # The first folded cell of a province chapter is a table's (imports have no toggle).
    assert "chapter.table(" in (book_report.toggle_code or "")


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's start-of-frame segment."""
    assert data[:3] == b"\xff\xd8\xff", "not a JPEG"
    at = 2
    while at + 9 < len(data):
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):  # baseline, extended, progressive
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    raise AssertionError("no start-of-frame segment in the JPEG")


def test_the_photographed_chapter_is_shot_whole(
    book_report: browser.Report, screenshots: Path
) -> None:
    """A full-page screenshot of a real chapter: the whole page, many screens tall, and only
    the page asked for (the checker's test shows every page of a site photographed)."""
    shot = {r.page: r.screenshot for r in book_report.pages if r.screenshot}
    expected = screenshots / Path(PHOTOGRAPHED).with_suffix(".jpg")
    assert shot == {PHOTOGRAPHED: expected}
    width, height = jpeg_size(expected.read_bytes())
    assert width == 1280 and height > 3 * 900, (expected, width, height)


# A small site with one problem of each kind: the checks above are only worth something if the
# checker sees these.
BROKEN_PAGE = """<!DOCTYPE html><html><head><title>Broken</title>
<link rel="stylesheet" href="missing.css">
<script src="https://cdn.example.invalid/lib.js"></script>
</head><body>
<p>Value: {glue:text}`growth`</p><p>Province: {{ name_vi }}</p>
<img src="_images/missing.png" alt="missing">
<pre>glue("key", 1)  # code may show glue calls</pre>
<script>console.error("boom from the page"); undefinedFunction();</script>
</body></html>
"""
CLEAN_PAGE = """<!DOCTYPE html><html><head><title>Bạc Liêu</title></head><body>
<h1>Bạc Liêu</h1><p>Clean page.</p><code>{glue:text}`shown as code is fine`</code>
<details class="hide above-input"><summary>Show code cell source</summary>
<div class="cell_input"><pre>import pandas as pd</pre></div></details>
</body></html>
"""
SEARCH_PAGE = """<!DOCTYPE html><html><head><title>Search</title></head><body>
<div id="search-results"><p class="search-summary">Search finished, found 1 page(s).</p>
<ul class="search"><li><a href="book/provinces/bac-lieu.html">Bạc Liêu</a></li></ul></div>
</body></html>
"""


def test_checker_sees_each_kind_of_problem(tmp_path: Path, chromium: str) -> None:
    site = tmp_path / "html"
    (site / "book" / "provinces").mkdir(parents=True)
    (site / "_static").mkdir()
    (site / "_static" / "not-a-page.html").write_text("<p>asset</p>", encoding="utf-8")
    (site / "index.html").write_text(
        '<meta http-equiv="Refresh" content="0; url=book/provinces/bac-lieu.html" />',
        encoding="utf-8",
    )
    (site / "book" / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (site / "book" / "provinces" / "bac-lieu.html").write_text(CLEAN_PAGE, encoding="utf-8")
    (site / "search.html").write_text(SEARCH_PAGE, encoding="utf-8")

    report = browser.check_book(site, tmp_path / "shots", executable=chromium)

    pages = {r.page: r for r in report.pages}
    assert list(pages) == [
        "book/broken.html",
        "book/provinces/bac-lieu.html",
        "index.html",
        "search.html",
    ]
    for clean in ("book/provinces/bac-lieu.html", "index.html", "search.html"):
        assert pages[clean].problems == [], clean
    broken = pages["book/broken.html"]
    assert broken.status == 200
    assert any("boom from the page" in e for e in broken.console_errors)
    assert any("undefinedFunction" in e for e in broken.page_errors)
    assert broken.broken_images == ["_images/missing.png"]
    assert broken.leftovers == ["Value: {glue:text}`growth`", "Province: {{ name_vi }}"]
    assert any("missing.css (HTTP 404)" in f for f in broken.failed_requests)
    assert broken.external_requests == ["https://cdn.example.invalid/lib.js"]
    assert report.search_results == 1
    assert report.toggle_page == "book/provinces/bac-lieu.html"
    assert report.toggle_code == "import pandas as pd"
    for result in report.pages:  # every page photographed, each as wide as the window
        expected = tmp_path / "shots" / Path(result.page).with_suffix(".jpg")
        assert result.screenshot == expected
        width, height = jpeg_size(expected.read_bytes())
        assert width == 1280 and height >= 300, (expected, width, height)
    assert len(report.problems) == len(broken.problems) >= 7
