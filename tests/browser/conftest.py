"""Session fixtures: the real book (built once per run, tests/conftest.py ``default_book``), find
Chromium, check every page once."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import harness as browser


def chromium_or_fail() -> str:
    """The system Chromium; if missing, the run fails (never skips) saying how to install it."""
    try:
        return browser.find_chromium()
    except browser.ChromiumMissing as exc:
        message = str(exc)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def chromium() -> str:
    return chromium_or_fail()


@pytest.fixture(scope="session")
def built_book(default_book: Path) -> Path:
    """The site of the real default book (built once per run into a copy of the checkout)."""
    return default_book / "_build" / "html"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the browser pass puts its screenshot (outside the checkout)."""
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def book_report(built_book: Path, chromium: str, screenshots: Path) -> browser.Report:
    """One pass of the browser over the whole book; the tests read different parts of it.
    It photographs one chapter (:data:`PHOTOGRAPHED`), not every page: the harness run by hand
    photographs them all, and the checker's test shows that on a small site."""
    return browser.check_book(
        built_book,
        screenshots,
        search_word="industrial",
        executable=chromium,
        shoot={PHOTOGRAPHED},
    )


#: The page the suite's pass photographs: a long chapter, so a full page is many screens.
PHOTOGRAPHED = "book/provinces/long-an.html"
