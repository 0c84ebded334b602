"""Every figure of every chapter (63 provinces and the comparative chapter) against the rule.

Slow (about two minutes): each chapter's figures are drawn in this process, once per run for
this sweep and the chart-text checks of tests/test_reader_numbers.py (tests/conftest.py
``every_chapter_figure``, which draws them as layout_sweep.sweep does). Collisions known
before their fix are listed in tests/fixtures/layout_known.txt; anything new fails, and so does
a listed collision that is gone, so the list only shrinks.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

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
