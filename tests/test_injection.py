"""Hostile text in every free-text field of every table must reach the site as text.

The book is built from data that users contribute. On a copy of the repository, every string
field that validation lets through unconstrained (no enum, no pattern, not a key) gets a payload
of HTML, script, Markdown/MyST, BibTeX and quote syntax appended to its value; the real book is
built and every page is opened in headless Chromium. Any dialog, injected element or broken
bibliography entry fails the test, naming the fields whose payload got through.

The payload depends only on the original value, so values that must agree across tables (a
statistic's unit and its indicator's unit) still agree, and the data stays valid.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pandas as pd
from browser import harness
from conftest import copy_checkout
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]

#: Fields whose name says they hold an address: they get a hostile but well-formed http(s) URL.
URL_FIELDS = ("url", "copy_url")

INJECTED_JS = """() => {
  const found = [];
  const images = document.querySelectorAll('img[src="x"], img[src$="/x"]');
  for (const el of images) found.push(el.outerHTML);
  for (const el of document.querySelectorAll('a[href^="javascript:"]')) found.push(el.outerHTML);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on') && attr.value.includes('PBX')) {
        found.push(el.outerHTML.slice(0, 200));
      }
    }
  }
  for (const el of document.querySelectorAll('script')) {
    if (el.textContent.includes('alert("PBX')) found.push(el.outerHTML.slice(0, 200));
  }
  return found;
}"""


def payload(marker: str) -> str:
    """Every syntax that could turn data into markup, with a marker naming the value."""
    return (
        f' <img src=x onerror=alert("{marker}")><script>alert("{marker}")</script>'
        f' [{marker}](javascript:alert("{marker}")) {{cite}}`{marker}` {{{{ name_vi }}}}'
        f" {{glue:text}}`{marker}` $\\alpha$ *{marker}* `{marker}` }}, evil = {{{marker}}}"
        " \\ % # & ~ ^ _ ' \" “ ” ‘ ’ <!-- -->"
    )


def url_payload(marker: str) -> str:
    return f'https://example.org/?q="><script>alert("{marker}")</script>'


def free_text_fields(resource: dict) -> list[str]:
    """String fields validation cannot constrain: no enum, no pattern, not a key."""
    schema = resource.get("schema", {})
    keys = set(schema.get("primaryKey", []) if isinstance(schema.get("primaryKey"), list) else [])
    if isinstance(schema.get("primaryKey"), str):
        keys.add(schema["primaryKey"])
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"]
        keys.update([fields] if isinstance(fields, str) else fields)
    chosen = []
    for field in schema.get("fields", []):
        constraints = field.get("constraints", {})
        if field.get("type", "string") != "string" or field["name"] in keys:
            continue
        if "enum" in constraints or "pattern" in constraints:
            continue
        chosen.append(field["name"])
    return chosen


def inject(data_dir: Path) -> dict[str, list[str]]:
    """Append payloads to every free-text cell; returns marker -> the fields it was put in."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    markers: dict[str, str] = {}
    origins: dict[str, list[str]] = defaultdict(list)

    def marked(value: str, where: str) -> str:
        marker = markers.setdefault(value, f"PBX{len(markers):04d}")
        origins[marker].append(where)
        return marker

    for resource in descriptor["resources"]:
        path = resource.get("path")
        if not isinstance(path, str) or not path.endswith(".csv"):
            continue
        fields = free_text_fields(resource)
        if not fields:
            continue
        frame = pd.read_csv(data_dir / path, dtype=str, keep_default_na=False)
        for name in fields:
            if name not in frame.columns:
                continue
            where = f"{path}:{name}"

            def change(value: str, name: str = name, where: str = where) -> str:
                if value == "":
                    return value
                if name in URL_FIELDS:
                    return url_payload(marked(value, where))
                return value + payload(marked(value, where))

            frame[name] = frame[name].map(change)
        frame.to_csv(data_dir / path, index=False, lineterminator="\n")
    return {m: sorted(set(w)) for m, w in origins.items()}


def _run(run_provbook, copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PROVBOOK_DATA": str(copy / "data")}
    return run_provbook(*args, cwd=copy, env=env, timeout=1200)


def test_free_text_fields_cover_every_table_with_text():
    """The sweep is not a list of known holes: it reaches names, titles, notes and units."""
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    covered = {
        r["name"]: free_text_fields(r) for r in descriptor["resources"] if free_text_fields(r)
    }
    for table, field in [
        ("provinces", "name_vi"),
        ("units_2025", "name_vi"),
        ("sources", "title"),
        ("targets", "indicator"),
        ("targets", "note"),
        ("parks", "name"),
        ("indicators", "label"),
    ]:
        assert field in covered.get(table, []), (table, covered.get(table))


def test_hostile_text_in_every_field_stays_text(run_provbook, tmp_path: Path):
    chromium = harness.find_chromium()
    copy = copy_checkout(tmp_path / "checkout")
    origins = inject(copy / "data")
    assert len(origins) > 100  # names, titles, notes, units of every table

    # The build validates the data first (the copy has never validated): payloads that made
    # the data invalid would fail it here, with validation's message.
    built = _run(run_provbook, copy, "build", "--root", str(copy), "--jobs", "2")
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]

    bib = parse_file(str(copy / "book" / "_generated" / "references.bib"))
    for key, entry in bib.entries.items():
        assert "evil" not in entry.fields, f"{key}: a brace in the data opened a new field"

    html = copy / "_build" / "html"
    pages = harness.find_pages(html)
    # Both editions: the Vietnamese one (vi/) carries the same data in its own pages.
    assert "book/comparative.html" in pages and "vi/book/comparative.html" in pages
    assert any(p.startswith("vi/book/provinces/") for p in pages)
    vi_bib = parse_file(str(copy / "book" / "vi" / "_generated" / "references.bib"))
    assert vi_bib.entries and all("evil" not in e.fields for e in vi_bib.entries.values())
    findings: dict[str, list[str]] = {}
    dialogs: list[str] = []
    shown_markers: set[str] = set()
    from playwright.sync_api import sync_playwright

    with harness.serve(html) as base_url, sync_playwright() as playwright:
        browser = harness.launch(playwright, chromium)
        context = browser.new_context()
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if harness.is_local(route.request.url, base_url)
                else route.abort()
            ),
        )
        # One tab for every page (harness.check_page says why); a dialog names the page open.
        page = context.new_page()
        current = {"page": None}

        def on_dialog(dialog) -> None:
            dialogs.append(f"{current['page']}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        for page_path in pages:
            if harness.meta_refresh_target((html / page_path).read_text(encoding="utf-8")):
                continue  # index.html only redirects to a page checked on its own
            current["page"] = page_path
            page.goto(base_url + page_path, wait_until="load")
            page.wait_for_timeout(50)
            injected = page.evaluate(INJECTED_JS)
            if injected:
                findings[page_path] = injected
            text = page.evaluate("() => document.body ? document.body.innerText : ''")
            shown_markers.update(m for m in origins if m in text)
            fresh = harness.blank(context, page)
            if fresh is not page:  # the tab crashed: a new one, watched the same way
                fresh.on("dialog", on_dialog)
            page = fresh
        browser.close()

    def name(found: str) -> str:
        hits = [m for m in origins if m in found]
        return f"{found[:160]} <- {[origins[m] for m in hits]}"

    assert not dialogs, dialogs
    assert not findings, {page: [name(f) for f in found] for page, found in findings.items()}
    # The payloads were shown as text, not dropped: chapter titles and table cells carry them.
    assert len(shown_markers) > 20, len(shown_markers)


def test_data_in_directive_options_is_quoted():
    """Directive options are not Markdown: a placeholder there is a quoted ``*_alt`` value
    (provbook.build.context.option_text), or a '#' in a name would start a comment."""
    from provbook.build.template import read

    templates = sorted((ROOT / "notebooks").glob("*.md"))
    assert len(templates) == 3
    for template in templates:
        for cell in read(template).cells:
            for line in cell.source.splitlines():
                if line.startswith(":") and "{{" in line and not line.startswith(":name:"):
                    assert line.startswith(':alt: "') and line.endswith('"'), (template, line)
                    assert set(re.findall(r"\{\{ (\w+) \}\}", line)) <= {"name_alt", "unit_alt"}
