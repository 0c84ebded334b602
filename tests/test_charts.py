"""The book's chart style: texts, units, sources and the data each primitive draws."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from provbook import text as words
from provbook.draw import charts


def test_number_and_span_formatting():
    assert words.number(1234.5) == "1,234.5"
    assert words.number(13.0, 1, "%") == "13%"
    assert words.number(60.25, 2, "% per year") == "60.25% per year"
    assert words.number(74.4, 1, "ha") == "74.4 ha"
    assert words.number(float("nan")) == "–"
    assert words.number(-0.01, 1) == "0"
    assert words.span(46, 48, 1, "%") == "46–48%"
    assert words.span(13, 13, 1, "%") == "13%"
    assert words.span(float("nan"), 5, 1, "") == "5"
    assert words.span(-1.5, -1, 1, "%") == "-1.5 to -1%"


def test_new_figure_is_not_managed_by_pyplot():
    """Figures made outside pyplot are never displayed a second time by the inline backend."""
    before = plt.get_fignums()
    fig, axes = charts.new_figure(nrows=2)
    assert isinstance(fig, Figure)
    assert len(axes) == 2
    assert plt.get_fignums() == before
    assert not axes[0].spines["top"].get_visible()


def test_finish_keeps_title_subtitle_source_and_alt_on_the_figure():
    fig, ax = charts.new_figure()
    ax.plot([0, 1], [0, 1])
    charts.finish(fig, "Sales doubled", "Sales, VND billion", "Source: GSO (2018).", alt="A line")
    texts = [t.get_text().replace("\n", " ") for t in fig.texts]
    assert texts == ["Sales doubled", "Sales, VND billion", "Source: GSO (2018)."]
    assert charts.text_of(fig) == charts.ChartText(
        "Sales doubled", "Sales, VND billion", "Source: GSO (2018).", "A line"
    )
    # the axes were pushed down and up to leave room for the header and the source line
    left, bottom, width, height = fig.get_layout_engine().get()["rect"]
    assert bottom > 0 and bottom + height < 1


def test_long_titles_are_wrapped_to_the_figure_width():
    fig, _ = charts.new_figure(width=4)
    charts.finish(fig, "word " * 40)
    assert fig.texts[0].get_text().count("\n") >= 3


def _greedy_lines(text: str, width_in: float, size: float, bold: bool) -> list[str]:
    """The plain greedy wrap: add words one at a time, measure every trial line."""
    limit = width_in * 72 * 0.96
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and charts._text_width(trial, size, bold) > limit:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if text else []


WRAP_TEXTS = [
    "",
    "Sales doubled",
    "Bà Rịa–Vũng Tàu's industrial production grew by 12.3% a year in 2012–2016, faster than "
    "Vietnam (8.1%)",
    "Growth of the GSO index of industrial production on the previous year, % (12th of 63 "
    "provinces on the average)",
    "Source: GSO (2018); FIA (2024); VCCI-USAID (2023); news article on Thừa Thiên Huế (outlet "
    "not named, 2021-05-04). Chart: provbook.",
    "Supercalifragilisticexpialidocious-and-then-some-more-without-any-space is one long word",
    "i " * 60,
    "W" * 30 + " " + "WWW " * 20,
    "Hà Nội  has   several    spaces\tand a tab",
]


@pytest.mark.parametrize("text", WRAP_TEXTS)
@pytest.mark.parametrize(
    ("width", "size", "bold"),
    [(7.0, 14.0, True), (7.0, 11.0, False), (3.0, 8.5, False), (1.0, 14.0, True)],
)
def test_wrapped_lines_are_those_of_the_plain_greedy_wrap(text, width, size, bold):
    """Guessing a line's end from its words' widths and checking it there gives the lines the
    word-by-word greedy wrap gives (so no figure's title moves)."""
    assert charts._wrapped_lines(text, width, size, bold) == _greedy_lines(text, width, size, bold)


def test_kept_text_widths_follow_the_font(monkeypatch):
    """Widths are kept per text, size, weight and font: another font family is measured anew."""
    import matplotlib

    text = "Industrial production of Thừa Thiên Huế"
    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["DejaVu Sans"])
    sans = charts._text_width(text, 11.0, False)
    assert charts._text_width(text, 11.0, False) == sans
    assert charts._text_width(text, 11.0, True) > sans
    assert charts._text_width(text, 14.0, False) > sans
    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["DejaVu Serif"])
    serif = charts._text_width(text, 11.0, False)
    assert serif != sans
    assert serif == charts._measured_width.__wrapped__(text, 11.0, False, ("DejaVu Serif",), ())


def test_draw_ranges_draws_ranges_as_ranges_and_points_as_points():
    fig, ax = charts.new_figure()
    charts.draw_ranges(ax, ["range", "point"], [46, 13], [48, 13], value_labels=["46–48%", "13%"])
    thick = [line for line in ax.lines if line.get_linewidth() == 7]
    assert len(thick) == 1
    assert list(thick[0].get_xdata()) == [46, 48]
    assert thick[0].get_ydata()[0] == 1  # first item on top
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert [list(d.get_xdata()) for d in dots] == [[13]]
    assert [t.get_text() for t in ax.texts] == ["46–48%", "13%"]
    ticks = dict(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()], strict=True))
    assert ticks == {1: "range", 0: "point"}


def test_draw_ranges_with_negative_values_marks_zero():
    fig, ax = charts.new_figure()
    charts.draw_ranges(ax, ["cut"], [-1.5], [-1.0])
    assert ax.get_xlim()[0] < -1.5
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.lines)


def test_draw_hbars_from_a_base_of_100():
    fig, ax = charts.new_figure()
    charts.draw_hbars(ax, ["over", "under"], [104.6, 66.7], base=100, value_labels=["a", "b"])
    bars = ax.patches
    assert [round(b.get_x(), 1) for b in bars] == [100.0, 100.0]
    assert [round(b.get_width(), 1) for b in bars] == [4.6, -33.3]
    assert any(list(line.get_xdata()) == [100, 100] for line in ax.lines)  # the plan line


def test_draw_lines_labels_each_line_at_its_end():
    fig, ax = charts.new_figure()
    frame = pd.DataFrame({"Long An": [1.0, 2.0], "Vietnam": [1.0, 1.05]}, index=[2015, 2016])
    charts.draw_lines(ax, frame, {"Long An": charts.HIGHLIGHT, "Vietnam": charts.NATIONAL})
    labels = {t.get_text(): t for t in ax.texts}
    assert set(labels) == {"Long An", "Vietnam"}
    assert labels["Vietnam"].get_color() == charts.NATIONAL
    ys = sorted(t.xy[1] for t in ax.texts)
    assert ys[1] - ys[0] > 0.05  # labels of close lines pushed apart
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2015", "2016"]


def _lines_drawn(values: dict[str, list[float]], monkeypatch, height: float) -> tuple[Figure, int]:
    """A finished line chart of ``values`` and how many layout passes its end labels took."""
    passes = []
    original = Figure.draw_without_rendering
    monkeypatch.setattr(
        Figure, "draw_without_rendering", lambda fig: passes.append(1) or original(fig)
    )
    fig, ax = charts.new_figure(height=height)
    charts.draw_lines(ax, pd.DataFrame(values, index=[2019, 2020, 2021]), {})
    charts.finish(fig, "Title")
    return fig, len(passes)


def test_end_labels_take_a_second_layout_pass_only_when_the_first_moved_one(monkeypatch):
    # Far apart: the first pass leaves every label where it is, so a second would change nothing.
    _, apart = _lines_drawn({"A": [1.0, 2.0, 3.0], "B": [50.0, 60.0, 90.0]}, monkeypatch, 3.6)
    # Ends 0.5 apart on a short chart: the spread of draw_lines (a share of the axis) is less
    # than a line there, so the first pass pushes one label up; the second measures the layout
    # that move made.
    fig, close = _lines_drawn({"A": [1.0, 50.0, 40.0], "B": [100.0, 60.0, 40.5]}, monkeypatch, 1.6)
    assert (apart, close) == (1, 2)
    ax = fig.axes[0]
    low, high = sorted(
        ax.transData.transform(t.xy)[1] + t.xyann[1] * fig.dpi / 72
        for t in ax.texts
        if t.get_gid() == charts.END_LABEL
    )
    assert high - low >= charts.LABEL_SIZE * 1.3 * fig.dpi / 72 - 0.5  # a line apart


def test_draw_strip_highlights_one_province_among_all():
    fig, ax = charts.new_figure()
    values = pd.Series({"a": 1.0, "b": 2.0, "c": 3.0})
    charts.draw_strip(ax, values, "c", "GRDP", value_format=lambda v: f"{v:.0f} (1st of 3)")
    highlighted = [line for line in ax.lines if line.get_marker() == "o"]
    assert list(highlighted[0].get_xdata()) == [3.0]
    assert ax.texts[0].get_text() == "3 (1st of 3)"
    assert ax.get_title(loc="left") == "GRDP"
    medians = [line for line in ax.lines if line.get_color() == charts.MEDIAN]
    assert list(medians[0].get_xdata()) == [2.0]


def test_draw_timeline_bars_vision_and_horizon_only():
    fig, ax = charts.new_figure()
    charts.draw_timeline(
        ax,
        ["full", "horizon only"],
        [2021, np.nan],
        [2030, 2030],
        visions=[2050, np.nan],
        issued=[2021, np.nan],
    )
    bar = [line for line in ax.lines if line.get_linewidth() == 9][0]
    assert list(bar.get_xdata()) == [2021, 2030]
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"][0]
    assert list(dotted.get_xdata()) == [2030, 2050]
    assert any("start not given" in t.get_text() for t in ax.texts)
    lo, hi = ax.get_xlim()
    assert lo < 2021 and hi > 2050


def test_draw_stacked_hbars_and_legend():
    fig, ax = charts.new_figure()
    table = pd.DataFrame({"KCN": [3, 0], "CCN": [1, 5]}, index=["planned", "approved"])
    charts.draw_stacked_hbars(ax, table, total_format=lambda v: f"{v:.0f}")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["KCN", "CCN"]
    assert sorted(t.get_text() for t in ax.texts) == ["4", "5"]


def test_draw_matrix_marks_present_cells():
    fig, ax = charts.new_figure()
    present = np.array([[True, False], [True, True]])
    charts.draw_matrix(ax, ["x", "y"], ["A", "B"], present, highlight_column=0)
    big = [line for line in ax.lines if line.get_markersize() == 8]
    assert len(big) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B"]


def test_vietnamese_diacritics_have_glyphs():
    """Every mark of the names must exist in the chart font (DejaVu Sans) or it renders as boxes."""
    fig, ax = charts.new_figure()
    charts.finish(fig, "Bạc Liêu, Sóc Trăng, Lâm Đồng, Bắc Kạn, Thừa Thiên Huế, Quảng Ngãi")
    ax.set_yticks([0], ["Tỉnh Đắk Lắk, Khánh Hòa, Bà Rịa - Vũng Tàu"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_log_strip_keeps_labelled_decades_without_minor_ticks():
    fig, ax = charts.new_figure()
    values = pd.Series({"a": 3.0, "b": 250.0, "c": 42_000.0, "d": 0.0})  # 0 cannot be drawn
    charts.draw_strip(ax, values, "c", "FDI", log=True)
    fig.draw_without_rendering()
    assert ax.get_xscale() == "log"
    assert len(ax.xaxis.get_minor_locator()()) == 0
    low, high = ax.get_xlim()
    decades = [t for t in ax.xaxis.get_majorticklocs() if low <= t <= high]
    assert decades == [10.0, 100.0, 1_000.0, 10_000.0]
    assert list(ax.lines[0].get_xdata()) == [3.0, 250.0, 42_000.0]


def test_a_longer_title_makes_the_figure_taller_not_the_chart_smaller():
    """A phone-width chart wraps its title onto more lines: the room for them is added to the
    figure, so the plotting area keeps the height its builder asked for."""

    def chart(title: str):
        fig, ax = charts.new_figure(height=3.0)
        ax.plot([0, 1], [0, 1])
        charts.finish(fig, title, "A subtitle", "Source: a source.")
        fig.draw_without_rendering()
        return fig, ax.get_position().height * fig.get_figheight()

    short_fig, short_axes = chart("Short title")
    long_fig, long_axes = chart(" ".join(["A much longer finding that wraps"] * 4))
    assert short_fig.get_figheight() == 3.0  # one line each of title, subtitle and source
    assert long_fig.get_figheight() > 3.4
    assert abs(long_axes - short_axes) < 0.05
