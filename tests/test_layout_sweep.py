"""Every figure of every chapter (63 provinces and the comparative chapter) against the rules.

Slow (about two minutes): each chapter's figures are drawn in this process, once per run, for
this sweep and the check of every province chart's texts (tests/conftest.py
``every_chapter_figure``, which draws them as layout_sweep.sweep does); both live in this file so
that ``--dist loadfile`` runs them in one process. Collisions known
before their fix are listed in tests/fixtures/layout_known.txt; anything new fails, and so does
a listed collision that is gone, so the list only shrinks.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure
from test_reader_numbers import _check_chart_texts

from provbook.draw import layout_sweep

KNOWN = Path(__file__).parent / "fixtures" / "layout_known.txt"


def test_the_sweep_finds_the_figures_each_chapter_glues():
    figures = layout_sweep.chapter_figures(layout_sweep.PROVINCE_TEMPLATE, province="soc-trang")
    assert {"map_figure", "timeline_figure", "pci_figure", "grdp_figure"} <= set(figures)
    assert all(isinstance(fig, Figure) for fig in figures.values())
    # Parameters are applied as papermill applies them: the chapter is about Sóc Trăng.
    assert "Sóc Trăng" in figures["map_figure"].provbook.title


def test_no_chart_collision_beyond_the_known_ones(every_chapter_figure):
    found = sorted(collision for fig in every_chapter_figure for collision in fig.collisions)
    chapters = {fig.chapter for fig in every_chapter_figure}
    assert chapters == {*layout_sweep.all_province_ids(), "comparative"}
    known = layout_sweep.read_known(KNOWN)
    new = sorted(set(found) - set(known))
    gone = sorted(set(known) - set(found))
    assert not new, "new chart collisions:\n" + "\n".join(new)
    assert not gone, (
        "fixed collisions still listed in tests/fixtures/layout_known.txt (remove them, or run "
        "`python -m provbook.draw.layout_sweep --write-known tests/fixtures/layout_known.txt`):\n"
        + "\n".join(gone)
    )


#: The charts of a province chapter whose texts are checked: all it glues but the locator map.
PROVINCE_CHARTS = [
    f"{name}_figure"
    for name in ("timeline", "targets", "ambition", "results", "parks", "priorities", "standing")
    + ("iip", "fdi", "business", "grdp", "pci")
]


def test_every_province_chart_title_starts_with_a_capital_and_units_are_not_nested(
    every_chapter_figure,
):
    """All charts of all 63 chapters, as the chapter notebooks glue them, checked as
    tests/test_reader_numbers.py checks the other chapters' charts (here, beside the layout sweep,
    so that one process draws the figures for both: tests/conftest.py ``every_chapter_figure``)."""
    checked = {}
    for fig in every_chapter_figure:
        if fig.chapter != "comparative" and fig.key in PROVINCE_CHARTS:
            _check_chart_texts(fig, f"{fig.chapter} {fig.key}")
            checked.setdefault(fig.key, set()).add(fig.chapter)
    assert set(checked) == set(PROVINCE_CHARTS)  # each kind of chart, in some chapter
    assert len({c for chapters in checked.values() for c in chapters}) == 63


def test_vietnamese_figures_of_the_default_chapters_have_no_collision(vietnamese_default_figures):
    """Every figure of the default book's Vietnamese chapters (the five provinces, the five
    provinces formed on 2025-07-01 that they joined, the comparison): no text over another,
    none off the canvas, none too small for a 390 px screen (no list of known ones: none is
    allowed)."""
    keys = {(fig.chapter, fig.key) for fig in vietnamese_default_figures}
    assert ("long-an", "pci_figure") in keys and ("soc-trang", "map_figure") in keys
    # The comparison's and the 2025 chapters' figures, where collisions were found (and fixed).
    for key in ("fig_instruments", "fig_merger", "fig_ambition", "fig_units_rank"):
        assert ("comparative", key) in keys
    assert ("can-tho-2025", "plans_figure") in keys and ("lam-dong-2025", "grdp_figure") in keys
    chapters = {fig.chapter for fig in vietnamese_default_figures}
    assert len([c for c in chapters if c.endswith("-2025")]) == 5
    found = [c for fig in vietnamese_default_figures for c in fig.collisions]
    assert found == [], "\n".join(found)
    for fig in vietnamese_default_figures:
        # A capital first (a title may open with a quoted code, '“Công nghiệp...', or a number).
        first = next((ch for ch in fig.provbook.title if ch.isalnum()), "")
        assert first.isdigit() or first.isupper(), (fig.chapter, fig.key, fig.provbook.title)
