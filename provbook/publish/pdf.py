"""The whole book as one PDF, offline and without LaTeX.

Jupyter Book's ``singlehtml`` builder puts every page into one HTML file; Debian's headless
Chromium (driven by Playwright, as in the browser check of the tests) prints it. The print rules of
``book/_static/provbook.css`` (``@media print``) hide the code cells, their toggles and the
navigation, so the PDF holds the prose, figures and tables. The PDF is written next to its
final name and moved into place, so a failed run leaves no half-written file.

    python -m provbook.publish.pdf [--site .] [--out _build/pdf/book.pdf] [--copy-to _build/html]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from provbook.publish import chromium as browser

ROOT = Path(__file__).resolve().parents[2]
PDF_NAME = "book.pdf"
#: Extra rules for the print, on top of the book's own ``@media print`` rules: the single page
#: repeats the theme's chrome, which paper does not need.
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .bd-footer,
.bd-footer-article, .prev-next-area, .footer-article-items, .search-button-field,
.theme-switch-button, .headerlink, .copybtn, .cell_input, details.hide.above-input,
.toggle-details, button.toggle-button, .skip-link { display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.bd-page-width { max-width: 100% !important; }
img { max-width: 100% !important; break-inside: avoid; }
figure, table { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; }
"""


#: Before printing: hidden code goes, hidden outputs (a folded table) are opened without their
#: "Show code cell output" toggle. CSS alone cannot open a closed <details>.
PREPARE_JS = """() => {
  document.querySelectorAll('details.above-input, .cell_input').forEach((e) => e.remove());
  document.querySelectorAll('details.below-input, details.hide').forEach((d) => {
    d.open = true;
    const summary = d.querySelector(':scope > summary');
    if (summary) summary.remove();
  });
}"""


class PdfError(RuntimeError):
    """The single-page build or the print failed; the message says which and why."""


def build_singlehtml(site: Path, staging: Path) -> Path:
    """Build the book as one HTML page (execution off, as for the site) and return its path."""
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(site),
        "--builder",
        "singlehtml",
        "--path-output",
        str(staging),
        "--keep-going",
    ]
    process = subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)
    page = staging / "_build" / "singlehtml" / "index.html"
    if process.returncode != 0 or not page.exists():
        tail = "\n".join((process.stdout + process.stderr).splitlines()[-30:])
        raise PdfError(f"jupyter-book singlehtml build failed (exit {process.returncode}):\n{tail}")
    # When the root document sits in a folder (book/intro.md), index.html only redirects.
    target = browser.meta_refresh_target(page.read_text(encoding="utf-8"))
    if not target:
        return page
    single = (page.parent / target).resolve()
    # Sphinx writes the paths of images and of the stylesheets (the book's own print rules in
    # provbook.css among them) relative to the output root even then: give the page's folder
    # the same _images and _static.
    for name in ("_images", "_static"):
        shared, beside = page.parent / name, single.parent / name
        if shared.is_dir() and single.parent != page.parent and not beside.exists():
            beside.symlink_to(shared.resolve(), target_is_directory=True)
    return single


def print_pdf(page: Path, out: Path, executable: str | None = None) -> Path:
    """Print one HTML file to ``out`` with headless Chromium (print media, A4, backgrounds)."""
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright, executable)
            try:
                tab = chromium.new_page()
                tab.route("**/*", _offline)
                tab.goto(page.resolve().as_uri(), wait_until="load", timeout=120_000)
                tab.evaluate(PREPARE_JS)
                tab.emulate_media(media="print")
                tab.add_style_tag(content=PRINT_CSS)
                tab.pdf(path=str(partial), print_background=True, prefer_css_page_size=True)
            finally:
                chromium.close()
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _offline(route) -> None:
    """Only local files: the PDF must be the same with or without a network."""
    if route.request.url.startswith("file:") or route.request.url.startswith("data:"):
        route.continue_()
    else:
        route.abort()


def build_pdf(site: Path, out: Path, staging: Path | None = None) -> Path:
    """The book at ``site`` (already executed by ``provbook build``) as a PDF at ``out``."""
    staging = staging or out.parent / ".singlehtml"
    page = build_singlehtml(site, staging)
    return print_pdf(page, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT, help="the book's root (_config.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / PDF_NAME)
    parser.add_argument(
        "--copy-to", type=Path, default=None, help="also copy the PDF into this HTML folder"
    )
    args = parser.parse_args(argv)
    try:
        pdf = build_pdf(args.site.resolve(), args.out.resolve())
    except (PdfError, browser.ChromiumMissing) as exc:
        print(f"provbook.publish.pdf: {exc}", file=sys.stderr)
        return 1
    print(f"PDF: {pdf}")
    if args.copy_to is not None and args.copy_to.is_dir():
        shutil.copyfile(pdf, args.copy_to / PDF_NAME)
        print(f"copied to {args.copy_to / PDF_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
