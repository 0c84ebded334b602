"""Every chapter ends with a "Cite this chapter" box whose version and address come from
CITATION.cff, for old and new provinces alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from provbook.build import template

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("notebook", "parameter", "pid", "name"),
    [
        ("province.md", "province", "long-an", "Long An"),
        ("unit.md", "unit", "can-tho-2025", "Thành phố Cần Thơ"),
    ],
)
def test_every_chapter_ends_with_a_citation(notebook, parameter, pid, name):
    nb = template.read(ROOT / "notebooks" / notebook)
    nb.metadata.setdefault("papermill", {})["parameters"] = {parameter: pid}
    template.fill(nb, template.context_for(nb))
    box = nb.cells[-1].source
    version = re.search(r'^version:\s*"?([^"\n]+)"?', (ROOT / "CITATION.cff").read_text(), re.M)
    assert box.startswith("```{admonition} Cite this chapter")
    assert f"“{name}”" in box and f"version {version.group(1)}" in box
    assert "https://github.com/provbook/provbook" in box
    assert not template.unfilled(nb)


@pytest.mark.parametrize(
    ("notebook", "parameter", "pid", "page"),
    [
        ("province.md", "province", "soc-trang", "book/provinces/soc-trang.html"),
        ("unit.md", "unit", "can-tho-2025", "book/provinces_2025/can-tho-2025.html"),
    ],
)
def test_the_box_gives_year_chapter_address_and_access_date(notebook, parameter, pid, page):
    """As a librarian expects: the year (the footer's © year, the one the BibTeX gives), the
    chapter's own address (how it is formed, while the site has no published base URL) and an
    access date for the reader to fill."""
    nb = template.read(ROOT / "notebooks" / notebook)
    nb.metadata.setdefault("papermill", {})["parameters"] = {parameter: pid}
    template.fill(nb, template.context_for(nb))
    box = nb.cells[-1].source
    year = re.search(r"^copyright:\s*\"?(\d{4})", (ROOT / "_config.yml").read_text(), re.M)
    assert year and f"The provbook authors. {year.group(1)}." in box
    assert f"year    = {{{year.group(1)}}}" in (ROOT / "book" / "how-to-cite.md").read_text()
    assert page in box and "Accessed [" in box
    assert "baseurl" in box  # no published address: the box says how the address is formed


def test_a_published_base_url_gives_the_full_chapter_address(tmp_path, monkeypatch):
    from provbook.build import context

    config = tmp_path / "_config.yml"
    config.write_text('copyright: "2031, x"\nhtml:\n  baseurl: "https://book.example.org/"\n')
    monkeypatch.setattr(context, "CONFIG_FILE", config)
    found = context.citation_context("book/provinces/long-an.html")
    assert found["book_year"] == "2031"
    assert found["chapter_url"] == "https://book.example.org/book/provinces/long-an.html"
    assert found["chapter_url_note"] == ""
