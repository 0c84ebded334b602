"""The collision rule on synthetic figures: each kind of problem is caught, clean charts pass."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from provbook.draw import charts, layout


def _years_figure(step: int) -> Figure:
    """Long year labels on a narrow axis: every year is a tick when ``step`` is 1."""
    fig = Figure(figsize=(2.4, 2.0), layout="constrained")
    ax = fig.subplots()
    years = np.arange(2005, 2024)
    ax.plot(years, np.linspace(50, 70, len(years)))
    ticks = years[::step]
    ax.set_xticks(ticks, [str(y) for y in ticks])
    ax.tick_params(labelsize=10)
    return fig


def test_crowded_year_ticks_are_caught_and_named():
    found = layout.collisions(_years_figure(1), "years")
    overlaps = [c for c in found if c.kind == "overlap"]
    assert overlaps
    assert all(c.figure == "years" for c in overlaps)
    assert 'x tick label "2005"' in {c.first for c in overlaps}
    assert 'x tick label "2006"' in {c.second for c in overlaps}
    assert "overlaps" in str(overlaps[0])


def test_fewer_year_ticks_pass():
    assert layout.collisions(_years_figure(6), "years") == []


def test_rotated_year_ticks_are_compared_as_rotated_rectangles():
    fig = _years_figure(2)
    ax = fig.get_axes()[0]
    for label in ax.get_xticklabels():
        label.set_rotation(45)
        label.set_ha("right")
        label.set_rotation_mode("anchor")
    # Their axis-aligned boxes overlap, the slanted texts themselves do not.
    assert [c for c in layout.collisions(fig) if c.kind == "overlap"] == []


def test_rotated_labels_that_do_touch_are_caught():
    fig = _years_figure(1)
    for label in fig.get_axes()[0].get_xticklabels():
        label.set_rotation(20)
    assert any(c.kind == "overlap" for c in layout.collisions(fig))


def test_annotation_over_a_title_is_caught():
    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("Industrial production")
    ax.annotate("record year", (0.5, 1.0), xycoords="axes fraction", xytext=(0, 6),
                textcoords="offset points", ha="center", va="bottom")  # fmt: skip
    found = layout.collisions(fig, "annotated")
    assert [(c.kind, {c.first, c.second}) for c in found] == [
        ("overlap", {'axes title "Industrial production"', 'annotation "record year"'})
    ]


def test_text_outside_the_canvas_is_caught():
    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    fig.text(0.8, 0.5, "Source: a line far too long for its place")
    found = layout.collisions(fig, "source")
    assert [(c.kind, c.first) for c in found] == [
        ("outside", 'figure text "Source: a line far too long for its place"')
    ]
    assert "beyond the figure" in found[0].second


def test_text_left_out_of_the_tight_box_is_cut():
    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.subplots()
    text = fig.text(1.05, 0.5, "cut off")
    text.set_in_layout(False)
    found = layout.collisions(fig)
    assert [c.second for c in found if c.kind == "outside"] == ["cut from the saved image"]
    del ax


def test_clipped_label_is_caught():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.set_xlim(0, 1)
    ax.text(0.98, 0.5, "Đà Nẵng", clip_on=True)
    found = layout.collisions(fig)
    assert [(c.kind, c.first) for c in found] == [("clipped", 'label "Đà Nẵng"')]


def test_text_struck_by_a_plotted_line_is_caught():
    fig = Figure(figsize=(4, 2), layout="constrained")
    ax = fig.subplots()
    ax.plot([2020, 2030], [0, 0], ":")
    ax.annotate("start not given", (2020, 0), xytext=(8, 0), textcoords="offset points",
                va="center")  # fmt: skip
    found = layout.collisions(fig)
    assert [(c.kind, c.first) for c in found] == [("struck", 'annotation "start not given"')]


def test_text_on_a_white_box_over_a_line_is_intended():
    fig = Figure(figsize=(4, 2), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 10], [0, 0])
    ax.annotate("highlighted", (5, 0), va="center", bbox={"facecolor": "white"})
    assert layout.collisions(fig) == []


def test_stacked_texts_legends_and_colorbars_are_checked():
    fig = Figure(figsize=(5, 3), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(np.arange(12).reshape(3, 4))
    fig.colorbar(image, ax=ax)
    ax.plot([0, 1], [0, 1], label="Long An")
    ax.legend(loc="upper left")
    assert layout.collisions(fig) == []
    ax.text(2.5, 0.5, "same place")
    ax.text(2.5, 0.5, "same place")
    found = layout.collisions(fig)
    # The colorbar is a second axes, so the texts are named by their panel.
    assert [(c.kind, c.first, c.second) for c in found] == [
        ("overlap", 'label (panel 1) "same place"', 'label (panel 1) "same place"')
    ]


def test_empty_invisible_and_out_of_view_texts_are_ignored():
    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("Title")
    ax.text(0.5, 1.02, "", transform=ax.transAxes)
    hidden = ax.text(0.5, 1.02, "hidden", transform=ax.transAxes, ha="center")
    hidden.set_visible(False)
    ax.text(0.5, 1.02, "   ", transform=ax.transAxes)
    ax.annotate("out of view", (5, 5), xytext=(0, 0), textcoords="offset points")
    assert layout.collisions(fig) == []


def test_a_clean_book_chart_passes():
    fig, ax = charts.new_figure(height=3.0)
    charts.draw_hbars(ax, ["Bạc Liêu", "Sóc Trăng", "Lâm Đồng"], [3.0, 5.5, 8.0],
                      value_labels=["3%", "5.5%", "8%"])  # fmt: skip
    charts.finish(fig, "Lâm Đồng grew fastest", "Industrial growth, % a year", "Source: GSO.")
    assert layout.collisions(fig) == []


def test_text_too_small_on_a_phone_is_caught():
    """A 7-inch chart is shown about 366 px wide on a 390 px phone: its 8.5 pt source line
    would be set at about 6 px (8.5 pt at 120 dpi is 14.2 image px, times 366 / 864)."""
    fig = Figure(figsize=(7.0, 2.0), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=14)
    fig.text(0.0, 0.0, "Source: GSO.", fontsize=8.5)
    small = [c for c in layout.collisions(fig, "wide") if c.kind == "small"]
    assert [c.first for c in small] == ['figure text "Source: GSO."']
    assert "6.0 px" in small[0].second and "too small on a phone" in str(small[0])
    assert 6.0 == round(layout.phone_text_px(fig, 8.5), 1)


def test_the_same_text_on_a_narrower_chart_is_legible():
    fig = Figure(figsize=(4.8, 2.0), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    fig.text(0.0, 0.0, "Source: GSO.", fontsize=9.5)
    assert [c for c in layout.collisions(fig) if c.kind == "small"] == []
    # Narrower than the phone's column (3 in is 360 image px): shown at its own size.
    assert layout.phone_text_px(Figure(figsize=(2.8, 2.0)), 9.0) == 15.0
