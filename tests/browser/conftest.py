"""Session fixtures: build the real book once, find Chromium, check every page once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser import harness as browser

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
PROVBOOK = str(Path(sys.executable).with_name("provbook"))


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
def built_book() -> Path:
    """The real book, brought up to date (incremental: seconds when nothing changed)."""
    process = subprocess.run(
        [PROVBOOK, "build"], cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False
    )
    if process.returncode != 0:
        tail = "\n".join((process.stdout + process.stderr).splitlines()[-40:])
        pytest.fail(f"`provbook build` failed (exit {process.returncode}):\n{tail}", pytrace=False)
    return HTML


@pytest.fixture(scope="session")
def book_report(built_book: Path, chromium: str) -> browser.Report:
    """One pass of the browser over the whole book; the tests read different parts of it."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # no screenshots of pages that are gone
    return browser.check_book(
        built_book, SCREENSHOTS, search_word="industrial", executable=chromium
    )
