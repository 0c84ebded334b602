"""A province from four sources, two of them naming the same park with different areas.

On a copy of the repository a researcher adds Đắk Lắk from four sources (three pages and an
official document), validates and builds the default book with the real CLI (in a copy of the
default book built once per run: the chapters that were there before), and the book must stay
true: the chapter exists and cites its sources, no page types a count that is now wrong,
the shared park counts once in the chapter's and the comparison's hectares, the figures and
numbers of the chapters that were there before do not move, and the article-fact tests pass on
the copy. The rows are synthetic: they live only in the temporary copy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from sixth_province import append_rows

ROOT = Path(__file__).resolve().parents[1]
PROVINCE, NAME = "dak-lak", "Đắk Lắk"

SOURCES = [
    {"source_id": "dl_page_1", "kind": "article", "outlet": "Báo Đắk Lắk", "author": "unknown",
     "title": "Đắk Lắk phát triển công nghiệp", "title_en": "Đắk Lắk develops industry",
     "date": "2024-03-01", "url": "https://example.org/dl-1"},
    {"source_id": "dl_page_2", "kind": "article", "outlet": "unknown", "author": "unknown",
     "title": "unknown", "title_en": "Industrial parks of Đắk Lắk",
     "title_vi": "[Các khu công nghiệp của Đắk Lắk]", "date": "unknown",
     "url": "https://example.org/dl-2"},
    {"source_id": "dl_page_3", "kind": "article", "outlet": "Cổng thông tin", "author": "unknown",
     "title": "Cụm công nghiệp", "title_en": "Industrial clusters", "date": "2023-05-10",
     "url": "https://example.org/dl-3"},
    {"source_id": "dl_plan", "kind": "legal", "outlet": "Ủy ban nhân dân tỉnh Đắk Lắk",
     "author": "unknown", "title": "Kế hoạch phát triển công nghiệp",
     "title_en": "Industrial development plan", "date": "2022-01-15",
     "url": "https://example.org/dl-plan"},
]  # fmt: skip
PARKS = [
    {"park_id": "park-dak-lak-01", "name": "Khu công nghiệp Hòa Phú", "park_type": "KCN",
     "area_ha": "100", "status": "operating", "source_id": "dl_page_1"},
    {"park_id": "park-dak-lak-02", "name": "KCN Hòa Phú (giai đoạn 2)", "park_type": "KCN",
     "area_ha": "150", "status": "expanding", "source_id": "dl_page_2",
     "same_as": "park-dak-lak-01"},
    {"park_id": "park-dak-lak-03", "name": "Cụm công nghiệp Ea Đar", "park_type": "CCN",
     "area_ha": "50", "status": "planned", "source_id": "dl_page_3"},
]  # fmt: skip
TARGETS = [
    {"target_id": "tgt-dak-lak-01", "indicator": "Industrial production growth",
     "kind": "annual_growth", "unit": "% per year", "low": "10", "high": "12",
     "target_year": "2030", "period_start": "2021", "period_end": "2030",
     "source_id": "dl_plan", "note": "Synthetic target."},
]  # fmt: skip
PRIORITIES = [
    {"code": "agro_food_processing", "source_id": "dl_page_3", "evidence": "Synthetic."},
]
#: Values of a chapter that set its province among all coded provinces: they move, rightly, when
#: another province is coded (the priorities section says "of the N coded provinces").
AMONG_CODED = ("n_codes_shared_by_all", "n_provinces_coded")
#: Words that type a count the data no longer supports once a sixth province has facts ("the
#: five-year plan" of a document's note, now on the page, counts no provinces).
TYPED_COUNTS = re.compile(
    r"\b(five|5) (provinces|articles|reports|news reports)\b|\bthe five\b(?!-year)|\ball five\b",
    re.I,
)


def _add_province(data: Path) -> None:
    append_rows(data / "sources.csv", [{**s, "province_id": PROVINCE} for s in SOURCES])
    append_rows(data / "parks.csv", [{**p, "province_id": PROVINCE} for p in PARKS])
    append_rows(data / "targets.csv", [{**t, "province_id": PROVINCE} for t in TARGETS])
    append_rows(
        data / "codebook" / "priorities.csv", [{**p, "province_id": PROVINCE} for p in PRIORITIES]
    )


def _provbook(run_provbook, copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PROVBOOK_DATA": str(copy / "data")}
    result = run_provbook(*args, cwd=copy, env=env, timeout=1500)
    assert result.returncode == 0, f"provbook {' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result


def _glued(path: Path) -> dict[str, str]:
    """Every value a chapter glues, as the text/plain the book pastes."""
    nb = nbformat.read(path, as_version=4)
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            plain = [v for k, v in output.get("data", {}).items() if k.endswith("text/plain")]
            if name and plain:
                values[name] = plain[0]
    return values


def _figure_labels(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [
        label
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for label in re.findall(r":name: (\S+)", cell.source)
    ]


def _text(html: Path) -> str:
    return re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8"))


def test_a_province_from_four_sources_keeps_the_book_true(run_provbook, book_copy: Path):
    # A copy of the default book as built from the data as it was (tests/conftest.py): the
    # chapters that were there before; the build below re-executes only what the rows change.
    copy = book_copy
    chapters = copy / "book" / "provinces"
    before = {p.stem: (_glued(p), _figure_labels(p)) for p in sorted(chapters.glob("*.ipynb"))}
    assert PROVINCE not in before and len(before) >= 1

    _add_province(copy / "data")
    assert "is valid" in _provbook(run_provbook, copy, "validate").stdout
    _provbook(run_provbook, copy, "build", "--root", str(copy), "--jobs", "2")

    html = copy / "_build" / "html" / "book"
    chapter = html / "provinces" / f"{PROVINCE}.html"
    assert chapter.exists()
    text = _text(chapter)
    assert NAME in text
    # Four sources: the chapter says so, and never "the article" as if there were one.
    assert "The article" not in text and "the article " not in text
    assert re.search(r"\b4 sources\b|\bfour sources\b", text, re.I), text[:2000]

    # The shared park counts once, with the larger stated area: 150 + 50 ha, not 300.
    glued = _glued(copy / "book" / "provinces" / f"{PROVINCE}.ipynb")
    assert float(glued["parks_area_ha"]) == pytest.approx(200.0)
    assert int(glued["n_parks"]) == 2 and int(glued["n_park_mentions"]) == 3
    comparative = _glued(copy / "book" / "comparative.ipynb")
    compared_text = _text(html / "comparative.html")
    assert NAME in compared_text
    assert comparative  # the comparison was executed with the new province

    # No page types a count that the sixth province made wrong.
    for page in sorted(html.rglob("*.html")):
        found = TYPED_COUNTS.search(_text(page))
        assert found is None, f"{page.relative_to(html)}: {found.group(0)!r}"

    # The chapters that were there keep their figures and their own numbers. Values that set the
    # province among the coded provinces (priorities) legitimately change with a new one.
    for pid, (values, labels) in before.items():
        path = chapters / f"{pid}.ipynb"
        after_values, after_labels = _glued(path), _figure_labels(path)
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
