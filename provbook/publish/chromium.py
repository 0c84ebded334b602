"""Find and start the system's headless Chromium (Debian's, never a downloaded build).

Shared by the PDF of the book (:mod:`provbook.publish.pdf`) and the browser check of the test suite
(``tests/browser/harness.py``); Playwright, which drives it, is imported by the callers only.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

CHROMIUM_PATHS = ("/usr/bin/chromium",)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ENV = "PROVBOOK_CHROMIUM"
INSTALL_HINT = (
    "Chromium is needed for the browser check and was not found (looked at $PROVBOOK_CHROMIUM, "
    f"{', '.join(CHROMIUM_PATHS)} and {', '.join(CHROMIUM_NAMES)} on PATH). Install it as root: "
    "`apt-get install chromium chromium-driver` (or `make browser-deps`), or set "
    "PROVBOOK_CHROMIUM to a Chromium/Chrome executable."
)
#: Headless and quiet: no GPU, no sandbox (containers), and no background traffic, so the only
#: requests are the ones the pages make.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
)
META_REFRESH = re.compile(
    r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']\s*\d+\s*;\s*url=([^"'>\s]+)""",
    re.IGNORECASE,
)


class ChromiumMissing(RuntimeError):
    """No Chromium to drive: the message says how to install one."""


def meta_refresh_target(html: str) -> str | None:
    """The URL a redirect-only page (Jupyter Book's ``index.html``) sends the browser to."""
    match = META_REFRESH.search(html)
    return match.group(1) if match else None


def find_chromium(
    env: dict[str, str] | None = None,
    paths: Sequence[str] = CHROMIUM_PATHS,
    names: Sequence[str] = CHROMIUM_NAMES,
) -> str:
    """The Chromium executable to launch, or :class:`ChromiumMissing` saying how to get one."""
    env = os.environ if env is None else env
    chosen = env.get(CHROMIUM_ENV)
    if chosen:
        if Path(chosen).is_file() and os.access(chosen, os.X_OK):
            return chosen
        raise ChromiumMissing(
            f"${CHROMIUM_ENV} is {chosen!r}, which is not an executable file. {INSTALL_HINT}"
        )
    for path in paths:
        if Path(path).is_file() and os.access(path, os.X_OK):
            return path
    for name in names:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return found
    raise ChromiumMissing(INSTALL_HINT)


def launch(playwright, executable: str | None = None):
    """Headless Chromium from the system, never a Playwright-downloaded one."""
    return playwright.chromium.launch(
        executable_path=executable or find_chromium(),
        headless=True,
        args=list(CHROMIUM_ARGS),
    )
