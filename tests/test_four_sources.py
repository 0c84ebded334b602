"""A province from four sources, two of them naming the same park with different areas.

On a copy of the built default book a researcher adds Gia Lai from four sources (three pages
and an official document: tests/added_provinces.py), validates and builds with the real CLI,
and the book must stay true: the chapter exists and cites its sources, no page types a count
that is now wrong, the shared park counts once in the chapter's and the comparison's hectares,
the figures and numbers of the chapters that were there before do not move, and the
article-fact tests pass on the copy. The same copy holds the province the "Add a province"
guide adds (tests/test_add_province.py): both are built by one build. The rows are synthetic:
they live only in the temporary copy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from added_provinces import NAME, PROVINCE, before_additions, figure_labels, glued

ROOT = Path(__file__).resolve().parents[1]

#: Values of a chapter that set its province among all coded provinces: they move, rightly, when
#: another province is coded (the priorities section says "of the N coded provinces").
AMONG_CODED = ("n_codes_shared_by_all", "n_provinces_coded")
#: Words that type a count the data no longer supports once a sixth province has facts ("the
#: five-year plan" of a document's note, now on the page, counts no provinces).
TYPED_COUNTS = re.compile(
    r"\b(five|5) (provinces|articles|reports|news reports)\b|\bthe five\b(?!-year)|\ball five\b",
    re.I,
)


def _text(html: Path) -> str:
    return re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8"))


def test_a_province_from_four_sources_keeps_the_book_true(book_with_added_provinces: Path):
    # A copy of the default book as built from the data as it was (tests/conftest.py), with the
    # rows added and built again: the build re-executed only what the rows change.
    copy = book_with_added_provinces
    chapters = copy / "book" / "provinces"
    noted = before_additions(copy)
    before = {pid: (c["values"], c["labels"]) for pid, c in noted["chapters"].items()}
    assert PROVINCE not in before and len(before) >= 1
    assert all(run["returncode"] == 0 for run in noted["runs"])
    validated = [run for run in noted["runs"] if run["command"] == "provbook validate"]
    assert validated and "is valid" in validated[0]["stdout"]

    html = copy / "_build" / "html" / "book"
    chapter = html / "provinces" / f"{PROVINCE}.html"
    assert chapter.exists()
    text = _text(chapter)
    assert NAME in text
    # Four sources: the chapter says so, and never "the article" as if there were one.
    assert "The article" not in text and "the article " not in text
    assert re.search(r"\b4 sources\b|\bfour sources\b", text, re.I), text[:2000]

    # The shared park counts once, with the larger stated area: 150 + 50 ha, not 300.
    own = glued(copy / "book" / "provinces" / f"{PROVINCE}.ipynb")
    assert float(own["parks_area_ha"]) == pytest.approx(200.0)
    assert int(own["n_parks"]) == 2 and int(own["n_park_mentions"]) == 3
    comparative = glued(copy / "book" / "comparative.ipynb")
    compared_text = _text(html / "comparative.html")
    assert NAME in compared_text
    assert comparative  # the comparison was executed with the new province

    # No page types a count that the new provinces made wrong.
    for page in sorted(html.rglob("*.html")):
        found = TYPED_COUNTS.search(_text(page))
        assert found is None, f"{page.relative_to(html)}: {found.group(0)!r}"

    # The chapters that were there keep their figures and their own numbers. Values that set the
    # province among the coded provinces (priorities) legitimately change with a new one.
    for pid, (values, labels) in before.items():
        path = chapters / f"{pid}.ipynb"
        after_values, after_labels = glued(path), figure_labels(path)
        assert after_labels == labels, pid
        moved = {
            k
            for k in values
            if after_values.get(k) != values[k] and k not in AMONG_CODED and "priorit" not in k
        }
        assert not moved, (pid, {k: (values[k], after_values.get(k)) for k in sorted(moved)})

    # The article-fact tests hold on the copy too.
    facts = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_article_facts.py",
        ],
        cwd=ROOT,
        env={**os.environ, "PROVBOOK_DATA": str(copy / "data")},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert facts.returncode == 0, facts.stdout[-3000:]
