"""The figures of the comparison and of the chapters of the provinces formed in 2025, drawn in the
Vietnamese edition from the notebooks' own code (provbook.draw.layout_sweep.chapter_figures, no
kernel): every text a reader sees on them is Vietnamese, and their numbers are written with a
decimal comma. (The province chapters' figures: tests/test_province_labels.py.)"""

from __future__ import annotations

import re

import matplotlib
import pytest

from provbook.datapackage import data
from provbook.draw import charts, layout_sweep
from provbook.publish.language_check import data_names, english_words, reader_text

matplotlib.use("Agg")

UNIT_TEMPLATE = layout_sweep.ROOT / "notebooks" / "unit.md"
#: The new provinces of the default book's five, and Hà Nội (its PCI axis has half points:
#: 47,5). Drawing all 34 takes 40 s, too long for the fast tier.
UNITS = (
    "ca-mau-2025",
    "can-tho-2025",
    "lam-dong-2025",
    "tay-ninh-2025",
    "thai-nguyen-2025",
    "ha-noi-2025",
)
#: A tick number written with a decimal point (a point before one, two or four digits or more;
#: '1.000' is a Vietnamese thousand), or a year 1950-2049 with a thousands separator ('2.015').
POINT = re.compile(r"\d\.(?:\d{1,2}|\d{4,})(?!\d)|^(?:1\.9[5-9]|2\.0[0-4])\d$")


def reader_texts(fig) -> list[tuple[str, str]]:
    """(what, text) of every text a reader sees: title, subtitle, source line, axis labels,
    panel titles, legends, labels on the chart and the tick labels of the axes shown."""
    fig.draw_without_rendering()
    meta = charts.text_of(fig)
    found = [("title", meta.title), ("subtitle", meta.subtitle), ("source", meta.source)]
    for ax in fig.axes:
        found += [("axis label", ax.get_xlabel()), ("axis label", ax.get_ylabel())]
        found += [("panel title", ax.get_title()), ("panel title", ax.get_title(loc="left"))]
        legend = ax.get_legend()
        if legend is not None:
            found += [("legend", t.get_text()) for t in legend.get_texts()]
            found.append(("legend", legend.get_title().get_text()))
        found += [("label", t.get_text()) for t in ax.texts]
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                if axis.get_visible():
                    found += [
                        ("tick", t.get_text()) for t in axis.get_ticklabels() if t.get_visible()
                    ]
    for legend in fig.legends:
        found += [("legend", t.get_text()) for t in legend.get_texts()]
    return [(what, text) for what, text in found if text]


def problems(chapter: str, figures: dict, names: list[str]) -> list[str]:
    """Every English word and every decimal point on the figures, named by figure and text."""
    found = []
    for key, fig in figures.items():
        for what, text in reader_texts(fig):
            plain = reader_text(f"<article><p>{text}</p></article>", names)
            words = english_words(plain)
            if words:
                found.append(f"{chapter} {key} {what} {text!r}: English {words}")
            if what in ("tick", "label") and POINT.search(text.replace("\u00a0", " ")):
                found.append(f"{chapter} {key} {what} {text!r}: a decimal point")
    return found


@pytest.fixture(scope="module")
def names() -> list[str]:
    """The names a figure may print as data gives them, less the short credits of statistics
    and legal sources (sources.csv author: 'GSO', 'National Assembly'): a source line names a
    publisher in the edition's words, so those are reader text."""
    sources = data.sources()
    credits = set(sources.loc[~sources["kind"].isin(["article", "press"]), "author"].dropna())
    return [name for name in data_names() if name not in credits]


def test_the_checks_find_an_english_word_and_a_decimal_point(names):
    fig, ax = charts.new_figure(charts.WIDTH, 3.0)
    ax.plot([2015, 2016], [47.5, 50.0])
    ax.set_xticks([2015, 2016], ["2015", "2016"])
    charts.finish(fig, "Điểm PCI của Cần Thơ", "", "Nguồn: National Assembly, 2025.", lang="en")
    found = problems("test", {"fig": fig}, names)
    assert any("English ['national']" in p for p in found), found
    assert any("'47.5': a decimal point" in p for p in found), found
    assert not any("'2015'" in p for p in found), found  # a year is no decimal
    assert POINT.search("1.000") is None and POINT.search("2.015") and POINT.search("0.25")


def test_the_comparisons_figures_speak_vietnamese(names):
    figures = layout_sweep.chapter_figures(layout_sweep.COMPARATIVE, lang="vi")
    assert len(figures) >= 10
    assert problems("comparative", figures, names) == []


@pytest.mark.parametrize("unit", UNITS)
def test_the_figures_of_a_province_formed_in_2025_speak_vietnamese(unit, names):
    figures = layout_sweep.chapter_figures(UNIT_TEMPLATE, unit=unit, lang="vi")
    assert figures
    assert problems(unit, figures, names) == []
