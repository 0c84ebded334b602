"""How the built book looks: favicon, figures fit a phone, tables in dark mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import harness as browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone_pages(built_book: Path, chromium: str):
    """Measurements of the comparative chapter and one province chapter on a phone, light and
    dark, plus whether the favicon was served."""
    from playwright.sync_api import sync_playwright

    chapter = next(p for p in browser.find_pages(built_book) if p.startswith("book/provinces/"))
    found = {}
    with browser.serve(built_book) as base, sync_playwright() as playwright:
        chromium_browser = browser.launch(playwright, chromium)
        try:
            for scheme in ("light", "dark"):
                context = chromium_browser.new_context(viewport=PHONE, color_scheme=scheme)
                page = context.new_page()
                for path in ("book/comparative.html", chapter):
                    page.goto(base + path, wait_until="load")
                    found[scheme, path] = page.evaluate(MEASURE_JS)
                favicon = page.evaluate(
                    "() => document.querySelector('link[rel~=\"icon\"]')?.href || ''"
                )
                found[scheme, "favicon"] = favicon
                if favicon:
                    found[scheme, "favicon_status"] = page.request.get(favicon).status
                context.close()
        finally:
            chromium_browser.close()
    return found


MEASURE_JS = """() => {
  const figures = [...document.querySelectorAll('article figure img')].map((img) => ({
    src: img.getAttribute('src'),
    width: img.getBoundingClientRect().width,
    scrolls: img.parentElement.scrollWidth > img.parentElement.clientWidth,
  }));
  const cells = [...document.querySelectorAll('article .cell_output table td')].slice(0, 20);
  const tables = cells.map((td) => {
    const box = td.closest('.text_html');
    const cell = getComputedStyle(td);
    return {
      padding: parseFloat(cell.paddingLeft),
      color: cell.color,
      boxBackground: getComputedStyle(box).backgroundColor,
    };
  });
  return {
    figures,
    tables,
    pageWidth: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  };
}"""


def test_favicon_is_served(phone_pages) -> None:
    assert phone_pages["light", "favicon"].endswith("favicon.svg")
    assert phone_pages["light", "favicon_status"] == 200


def test_figures_fit_a_phone_without_a_scroll_box(phone_pages) -> None:
    """Charts scale to the page's width (their texts stay legible: tests/browser/test_phone.py);
    they no longer keep 560 px inside a box that scrolls sideways."""
    for (scheme, path), measured in phone_pages.items():
        if not isinstance(measured, dict):
            continue
        assert measured["figures"], f"no figures measured on {path}"
        wide = [f["src"] for f in measured["figures"] if f["width"] > measured["viewport"]]
        assert not wide, f"{path} ({scheme}): figures wider than the screen: {wide}"
        assert not any(f["scrolls"] for f in measured["figures"])
        assert measured["pageWidth"] <= measured["viewport"], path


def test_tables_are_padded_and_dark_in_dark_mode(phone_pages) -> None:
    comparative = phone_pages["dark", "book/comparative.html"]["tables"]
    assert comparative, "no table cells measured in the comparative chapter"
    assert all(cell["padding"] >= 4 for cell in comparative)
    # No light box behind light text: the box around the table is transparent in dark mode.
    assert {cell["boxBackground"] for cell in comparative} == {"rgba(0, 0, 0, 0)"}
    light_text = {cell["color"] for cell in comparative}
    assert all(_luminance(color) > 0.5 for color in light_text), light_text


def _luminance(css: str) -> float:
    r, g, b = (int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
