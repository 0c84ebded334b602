"""Check a built book in a real browser, offline: every page loads clean, search and toggles work.

Sphinx's ``-W`` catches broken references, not what a reader sees: a figure that did not load, a
script error, a glue value left as raw text, a page that needs the internet. This module serves
``_build/html`` on 127.0.0.1, opens every page in headless Chromium (Debian's, driven by the
Playwright package, no browser download) and records those problems, with a full-page screenshot
of each page.

    python tests/browser/harness.py _build/html [--screenshots _build/screenshots]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import sys
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin

from provbook.publish.chromium import (  # noqa: F401 (part of the harness's interface)
    CHROMIUM_ARGS,
    CHROMIUM_ENV,
    CHROMIUM_NAMES,
    CHROMIUM_PATHS,
    INSTALL_HINT,
    META_REFRESH,
    ChromiumMissing,
    find_chromium,
    launch,
    meta_refresh_target,
)

#: Looked for in this order after ``$PROVBOOK_CHROMIUM``: Debian's package, then names on PATH
#: (``chromium-browser``/``google-chrome`` are what GitHub's Ubuntu runners have).
#: Build-output folders that hold assets and page sources, not pages.
NOT_PAGES = ("_static", "_sources", "_images")
#: Text a reader must never see: a glue role or directive MyST did not render, or a template
#: placeholder (``{{ name_vi }}``) the build did not fill in.
LEFTOVER = re.compile(r"\{glue|glue:|\{\{")
TIMEOUT_MS = 20_000

# The page's visible text, as a reader sees it: skips scripts and styles, closed <details> (code
# cells hidden behind a toggle) and code shown as code (a page may document the glue syntax),
# but keeps notebook outputs, which are where a failed value would show.
VISIBLE_TEXT_JS = """() => {
  const skipped = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA'].includes(e.tagName)) return true;
      if ((e.tagName === 'PRE' || e.tagName === 'CODE') && !e.closest('.cell_output')) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [document.title];
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || skipped(parent) || !parent.checkVisibility()) continue;
    parts.push(walker.currentNode.nodeValue);
  }
  return parts.join('\\n');
}"""
# Lazy images load only when scrolled to: ask for all of them, then wait (bounded) for each.
IMAGES_SETTLED_JS = """async () => {
  const images = Array.from(document.images);
  images.forEach((img) => { img.loading = 'eager'; });
  const settle = (img) => img.complete ? null : new Promise((done) => {
    img.addEventListener('load', done); img.addEventListener('error', done);
  });
  const timeout = new Promise((done) => setTimeout(done, 10000));
  await Promise.race([Promise.all(images.map(settle)), timeout]);
}"""
BROKEN_IMAGES_JS = """() => Array.from(document.images)
  .filter((img) => !(img.complete && img.naturalWidth > 0))
  .map((img) => img.getAttribute('src') || img.outerHTML.slice(0, 120))"""
SEARCH_DONE_JS = """() => {
  const summary = document.querySelector('#search-results .search-summary');
  // English, or the Vietnamese edition's words (provbook/sphinx/locale/vi).
  const done = /finished|did not match|Tìm kiếm xong|Không có trang nào khớp/i;
  return summary !== null && done.test(summary.textContent);
}"""


class CheckError(RuntimeError):
    """A check could not run at all (no pages, search page broken)."""


def find_pages(html_dir: Path) -> list[str]:
    """Every HTML page of a built site, as sorted POSIX paths relative to ``html_dir``.

    Asset folders and hidden folders (``.doctrees``, caches) are not part of the site a reader
    browses.
    """
    html_dir = Path(html_dir)
    pages = []
    for path in html_dir.rglob("*.html"):
        parts = path.relative_to(html_dir).parts
        if parts[0] == "vi":  # the Vietnamese edition: a site of its own under vi/
            parts = parts[1:]
        if parts[0] in NOT_PAGES or any(part.startswith(".") for part in parts):
            continue
        pages.append(path.relative_to(html_dir).as_posix())
    return sorted(pages)


def glue_leftovers(text: str) -> list[str]:
    """The lines of visible text that still show raw glue syntax or ``{{ }}`` placeholders."""
    return [line.strip()[:160] for line in text.splitlines() if LEFTOVER.search(line)]


def screenshot_path(page: str, screenshots: Path) -> Path:
    """Where a page's screenshot goes: the page's path under ``screenshots``, ending ``.jpg``
    (JPEG: a full-page PNG of a long chapter took a second to encode, a JPEG two thirds of it,
    and the screenshots are for looking at, not for comparing pixels)."""
    return Path(screenshots) / Path(page).with_suffix(".jpg")


def is_local(url: str, base_url: str) -> bool:
    """Whether a request stays on the book's own server (or needs no server at all)."""
    return url.startswith(base_url) or url.split(":", 1)[0] in ("data", "blob", "about")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No per-request lines on stderr; failures are seen by the browser instead."""


@contextmanager
def serve(html_dir: Path) -> Iterator[str]:
    """Serve ``html_dir`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    html_dir = Path(html_dir)
    if not html_dir.is_dir():
        raise CheckError(f"{html_dir} is not a folder: build the book first (provbook build)")
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="provbook-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class PageResult:
    """What one page did in the browser; ``problems`` is empty for a clean page."""

    page: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    images: int = 0
    leftovers: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    seconds: float = 0.0
    error: str | None = None

    @property
    def problems(self) -> list[str]:
        found = []
        if self.error:
            found.append(f"could not check: {self.error}")
        if self.status != 200:
            found.append(f"HTTP status {self.status} (expected 200)")
        found += [f"console error: {text}" for text in self.console_errors]
        found += [f"page error: {text}" for text in self.page_errors]
        found += [f"image did not load: {src}" for src in self.broken_images]
        found += [f"raw glue/placeholder text: {text!r}" for text in self.leftovers]
        found += [f"failed request: {text}" for text in self.failed_requests]
        found += [f"needs the network: {url}" for url in self.external_requests]
        return found


@dataclass
class Report:
    """The outcome of :func:`check_book`."""

    base_url: str
    pages: list[PageResult]
    search_word: str
    search_results: int | None = None
    search_error: str | None = None
    toggle_page: str | None = None
    toggle_code: str | None = None
    toggle_error: str | None = None
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        found = [f"{r.page}: {text}" for r in self.pages for text in r.problems]
        if self.search_error or not self.search_results:
            found.append(
                f"search.html?q={self.search_word}: {self.search_error or 'no results listed'}"
            )
        if self.toggle_error or not self.toggle_code:
            found.append(f"{self.toggle_page}: code toggle: {self.toggle_error or 'no code shown'}")
        return found

    def summary(self) -> str:
        lines = []
        for r in self.pages:
            mark = "ok  " if not r.problems else "FAIL"
            lines.append(f"{mark} {r.page:<40} {r.seconds:5.2f} s  {r.images} images")
            lines += [f"       {text}" for text in r.problems]
        lines.append(
            f"search.html?q={self.search_word}: {self.search_results} result(s)"
            + (f"  ERROR {self.search_error}" if self.search_error else "")
        )
        shown = len(self.toggle_code or "")
        lines.append(
            f"code toggle on {self.toggle_page}: {shown} characters of code shown"
            + (f"  ERROR {self.toggle_error}" if self.toggle_error else "")
        )
        lines.append(
            f"{len(self.pages)} pages, {len(self.problems)} problem(s), {self.seconds:.1f} s"
        )
        return "\n".join(lines)


def _watch(page, result: PageResult, base_url: str) -> list[tuple[str, object]]:
    """Record console errors, uncaught exceptions and bad local responses into ``result``;
    returns the (event, handler) pairs, for :func:`_unwatch` once the page is checked."""

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            result.console_errors.append(f"{message.text}" + (f" ({where})" if where else ""))

    def on_failed(request) -> None:
        if is_local(request.url, base_url):
            result.failed_requests.append(f"{request.url} ({request.failure})")

    def on_response(response) -> None:
        if is_local(response.url, base_url) and response.status >= 400:
            result.failed_requests.append(f"{response.url} (HTTP {response.status})")

    handlers = [
        ("console", on_console),
        ("pageerror", lambda error: result.page_errors.append(str(error))),
        ("requestfailed", on_failed),
        ("response", on_response),
    ]
    for event, handler in handlers:
        page.on(event, handler)
    return handlers


def _unwatch(page, handlers: list[tuple[str, object]]) -> None:
    for event, handler in handlers:
        page.remove_listener(event, handler)


def check_page(
    page,
    base_url: str,
    page_path: str,
    html_dir: Path,
    screenshots: Path | None,
    external: list[str],
) -> PageResult:
    """Load one page in the pass's tab and run every per-page check on it.

    One tab serves the whole pass: a new tab per page started a renderer process each time
    (half of the pass's time). The page's events are recorded from just before it loads until
    it is checked; the pass then takes the tab to ``about:blank`` (:func:`blank`) without
    listeners, so nothing of this page is counted for the next. ``external`` is the context's
    growing list of blocked off-site requests.
    """
    result = PageResult(page_path)
    started = time.perf_counter()
    external_before = len(external)
    handlers = _watch(page, result, base_url)
    try:
        url = urljoin(base_url, quote(page_path))
        response = page.goto(url, wait_until="load")
        result.status = response.status if response else None
        target = meta_refresh_target((html_dir / page_path).read_text(encoding="utf-8"))
        if target:  # index.html: check the page it leads to has loaded too
            page.wait_for_url(urljoin(url, target), wait_until="load")
        page.evaluate(IMAGES_SETTLED_JS)
        result.images = page.evaluate("() => document.images.length")
        result.broken_images = page.evaluate(BROKEN_IMAGES_JS)
        result.leftovers = glue_leftovers(page.evaluate(VISIBLE_TEXT_JS))
        if screenshots is not None:
            result.screenshot = screenshot_path(page_path, screenshots)
            result.screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(result.screenshot),
                full_page=True,
                animations="disabled",
                type="jpeg",
                quality=85,
            )
    except Exception as exc:  # a timeout or crash is a finding about this page, not the run
        result.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        _unwatch(page, handlers)
        result.external_requests = external[external_before:]
    result.seconds = time.perf_counter() - started
    return result


def blank(context, tab):
    """The tab, on ``about:blank`` for the next page; a new tab if it crashed or hangs."""
    try:
        tab.goto("about:blank")
        return tab
    except Exception:
        with suppress(Exception):
            tab.close()
        return context.new_page()


def check_search(context, base_url: str, word: str) -> int:
    """Number of results the book's own search lists for ``word`` (the page runs offline)."""
    page = context.new_page()
    try:
        page.goto(urljoin(base_url, f"search.html?q={quote(word)}"), wait_until="load")
        page.wait_for_function(SEARCH_DONE_JS, timeout=TIMEOUT_MS)
        return page.locator("#search-results ul.search > li").count()
    finally:
        page.close()


def check_code_toggle(context, base_url: str, page_path: str) -> str:
    """Open the first hidden code cell of a chapter; returns the code it then shows."""
    page = context.new_page()
    try:
        page.goto(urljoin(base_url, quote(page_path)), wait_until="load")
        toggle = page.locator("details.above-input, details.hide-input").first
        if toggle.count() == 0:
            raise CheckError("no hidden code cell (details.above-input / details.hide-input)")
        code = toggle.locator(".cell_input pre, pre").first
        if toggle.evaluate("el => el.open") or code.is_visible():
            raise CheckError("the code cell is already open before clicking its toggle")
        summary = toggle.locator("summary")
        label = summary.inner_text().strip()
        if "Show code cell source" not in label:
            raise CheckError(f"toggle label is {label!r}, expected 'Show code cell source'")
        summary.click()
        code.wait_for(state="visible", timeout=TIMEOUT_MS)
        if not toggle.evaluate("el => el.open"):
            raise CheckError("the <details> did not open on click")
        return code.inner_text()
    finally:
        page.close()


def _default_chapter(pages: Sequence[str]) -> str | None:
    chapters = [p for p in pages if p.startswith("book/provinces/")]
    return chapters[0] if chapters else None


def check_book(
    html_dir: Path,
    screenshots: Path | None = None,
    search_word: str = "industrial",
    toggle_page: str | None = None,
    executable: str | None = None,
    shoot: Collection[str] | None = None,
) -> Report:
    """Serve ``html_dir`` and check every page, the search page and a chapter's code toggle.

    With ``screenshots``, every page is photographed, or only the pages in ``shoot``: a
    full-page screenshot costs more than all the checks of its page (the test suite's pass took
    28 of its 45 s photographing pages nobody looks at; it photographs one chapter)."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    html_dir = Path(html_dir)
    executable = executable or find_chromium()
    pages = find_pages(html_dir)
    if not pages:
        raise CheckError(f"no HTML pages under {html_dir}: build the book first (provbook build)")
    toggle_page = toggle_page or _default_chapter(pages)
    with serve(html_dir) as base_url, sync_playwright() as playwright:
        browser = launch(playwright, executable)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            external: list[str] = []

            def offline(route) -> None:
                """The book must work offline: note who asks for the network, never reach it."""
                external.append(route.request.url)
                route.abort("blockedbyclient")

            context.route(lambda url: not is_local(url, base_url), offline)
            report = Report(base_url, [], search_word, toggle_page=toggle_page)
            tab = context.new_page()
            for page_path in pages:
                shots = screenshots if shoot is None or page_path in shoot else None
                report.pages.append(check_page(tab, base_url, page_path, html_dir, shots, external))
                tab = blank(context, tab)
            tab.close()
            try:
                report.search_results = check_search(context, base_url, search_word)
            except Exception as exc:
                report.search_error = f"{type(exc).__name__}: {exc}".splitlines()[0]
            if toggle_page is None:
                report.toggle_error = "no chapter under book/provinces/ to try a code toggle on"
            else:
                try:
                    report.toggle_code = check_code_toggle(context, base_url, toggle_page)
                except Exception as exc:
                    report.toggle_error = f"{type(exc).__name__}: {exc}".splitlines()[0]
            context.close()
        finally:
            browser.close()
    report.seconds = time.perf_counter() - started
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tests/browser/harness.py",
        description="Open every page of a built book in headless Chromium (offline) and report "
        "console errors, broken images, raw glue text and network requests; saves screenshots.",
    )
    parser.add_argument("html", type=Path, nargs="?", default=Path("_build/html"))
    parser.add_argument(
        "--screenshots", type=Path, help="folder for full-page screenshots (default: beside html)"
    )
    parser.add_argument("--search", default="industrial", help="a word the search must find")
    parser.add_argument("--chapter", help="page whose code toggle to try (default: first province)")
    args = parser.parse_args(argv)
    screenshots = args.screenshots or args.html.resolve().parent / "screenshots"
    try:
        report = check_book(args.html, screenshots, args.search, args.chapter)
    except (ChromiumMissing, CheckError) as exc:
        print(f"harness: error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    print(f"Screenshots: {screenshots}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
