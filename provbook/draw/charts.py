"""One chart style for the whole book (province chapters and the comparative chapter).

The style follows Our World in Data: a title that states the finding, a grey subtitle that says
what is measured and in which unit, direct labels instead of legends where possible, light grid
lines, no box, and a source line under every chart. Figures are plain ``matplotlib.figure.Figure``
objects (not pyplot): they are never shown twice by the inline backend and tests can inspect
them. Every chart carries its texts in ``fig.provbook`` (a :class:`ChartText`) so tests check
titles, units and sources without looking at pixels.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogFormatter, MaxNLocator, NullLocator, ScalarFormatter

from provbook.text import missing, number

#: Colours with a meaning that stays the same in every chart of the book.
HIGHLIGHT = "#B5452F"  # the province the chapter is about
HIGHLIGHT_LIGHT = "#E3A493"  # the same province, secondary series (e.g. its record)
NATIONAL = "#2F5D8C"  # Vietnam as a whole
MEDIAN = "#6B6B6B"  # median of the provinces
OTHERS = "#C9C9C9"  # every other province
OUTLINE = "#222222"
OVER = "#2E8B6E"  # above plan / positive
UNDER = "#D0822E"  # below plan / negative
TEXT = "#2B2B2B"
SUBTLE = "#666666"
GRID = "#E4E4E4"
#: Categories without an intrinsic colour (status, developer, park type), in this order.
CATEGORICAL = (
    "#3C6E9F",
    "#D27C2C",
    "#5B9C74",
    "#A2559C",
    "#B8A03D",
    "#6FA8C7",
    "#9A6B4F",
    "#8C8C8C",
)

#: Tags (``Text.get_gid()``) of the labels :func:`finish` adjusts once the layout is final.
END_LABEL = "provbook-end-label"
VALUE_LABEL = "provbook-value-label"
#: Most year labels on a time axis (line charts): more collide at the book's column width.
MAX_YEAR_LABELS = 8
#: Most year labels on a timeline's axis.
MAX_TIMELINE_TICKS = 5
#: Width of every chart in inches. A phone shows a chart at its content width (about 366 CSS px
#: on a 390 px screen), so the ratio of font size to width is what keeps texts legible there:
#: at 5 inches (620 px at 120 dpi) the smallest text, MIN_TEXT_SIZE, is still 9 CSS px
#: (provbook.draw.layout reports any text under that as "small").
WIDTH = 5.0
TITLE_SIZE = 14.0
SUBTITLE_SIZE = 11.0
LABEL_SIZE = 10.0
SOURCE_SIZE = 9.5
#: No text of a chart is smaller (points).
MIN_TEXT_SIZE = 9.5
#: Points of a figure's height its builder leaves for the texts :func:`finish` adds: one line
#: each of title, subtitle and source; :func:`finish` adds the height of any further line.
TEXT_ALLOWANCE = 4.0 + TITLE_SIZE * 1.3 + SUBTITLE_SIZE * 1.35 + 8.0 + SOURCE_SIZE * 1.35 + 8.0
#: Inches a panel's title may take: the figure's width less the axes' indent from its edge (a
#: title as wide as the figure ran off it).
PANEL_TITLE_WIDTH = WIDTH - 0.25
#: The same over a panel with a value axis and its label (a wider indent).
PANEL_TITLE_WIDTH_BESIDE_AXIS = WIDTH - 0.75
#: Average glyph width as a share of the font size (DejaVu Sans), used to wrap texts.
_GLYPH = {False: 0.5, True: 0.56}


@dataclass(frozen=True)
class ChartText:
    """What a chart says in words: its finding, what is measured, where it comes from."""

    title: str
    subtitle: str = ""
    source: str = ""
    alt: str = ""


def wrap(text: str, width: int) -> str:
    """Wrap a label to lines of at most ``width`` characters (never splitting words)."""
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False)) or str(text)


def fitted(text: str, width_in: float, size: float, bold: bool = False) -> str:
    """``text`` wrapped to lines that fit ``width_in`` inches at ``size`` points (measured): a
    panel title that fits stays one line."""
    return "\n".join(_wrapped_lines(text, width_in, size, bold)) or text


def new_figure(
    width: float = WIDTH,
    height: float = 3.6,
    nrows: int = 1,
    ncols: int = 1,
    **kwargs,
) -> tuple[Figure, Axes | np.ndarray]:
    """A figure in the book's style with constrained layout (axes as ``plt.subplots`` gives)."""
    fig = Figure(figsize=(width, height), layout="constrained", facecolor="white")
    fig.get_layout_engine().set(w_pad=0.04, h_pad=0.04)
    axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    for ax in np.atleast_1d(axes).ravel():
        tidy(ax)
    return fig, axes


def tidy(ax: Axes, grid: str | None = "x") -> Axes:
    """No box, light grid lines on the value axis, grey ticks, readable labels."""
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#9A9A9A")
    ax.tick_params(colors=SUBTLE, labelcolor=TEXT, labelsize=LABEL_SIZE, length=0, pad=4)
    ax.xaxis.label.set_color(SUBTLE)
    ax.yaxis.label.set_color(SUBTLE)
    ax.xaxis.label.set_size(LABEL_SIZE)
    ax.yaxis.label.set_size(LABEL_SIZE)
    ax.grid(False)
    if grid in ("x", "both"):
        ax.grid(True, axis="x", color=GRID, linewidth=0.8)
    if grid in ("y", "both"):
        ax.grid(True, axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_facecolor("white")
    return ax


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of ``text`` at ``size`` points, measured."""
    return _text_width(text, size, bold)


def _text_width(text: str, size: float, bold: bool) -> float:
    """Width in points of one line of text in the book's font (matplotlib's own metrics)."""
    from matplotlib import rcParams

    family = rcParams["font.family"]
    fallbacks = rcParams["font.sans-serif"]
    return _measured_width(text, size, bold, tuple(family), tuple(fallbacks))


@functools.lru_cache(maxsize=8192)
def _measured_width(
    text: str, size: float, bold: bool, family: tuple[str, ...], _fallbacks: tuple[str, ...]
) -> float:
    """:func:`_text_width` kept per text, size and font: the same subtitles, source lines and
    words are measured in every chapter (a measurement costs about 10 µs per character)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=list(family), size=size, weight="bold" if bold else "normal")
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


#: Whitespace a line may break at: every kind but the non-breaking space.
NO_BREAK_SPLIT = re.compile(r"[^\S\u00a0]+")


def _wrapped_lines(text: str, width_in: float, size: float, bold: bool = False) -> list[str]:
    """Greedy wrap by measured width; 4 % kept free for hinting (rendered text is wider).

    Each line holds the most words whose measured width fits (at least one word), as adding
    words one at a time and measuring each trial gives; but the line's end is guessed from
    the words' own widths and only checked by measuring the line there and one word longer,
    so a line costs about two measurements instead of one per word.
    """
    if not text:
        return []
    limit = width_in * 72 * 0.96
    # A non-breaking space holds its words together ('7,2\u00a0%' in the Vietnamese edition).
    words = NO_BREAK_SPLIT.split(text.strip())
    lines: list[str] = []
    start = 0
    while start < len(words):
        end = _line_end(words, start, limit, size, bold)
        lines.append(" ".join(words[start:end]))
        start = end
    return lines


def _line_end(words: list[str], start: int, limit: float, size: float, bold: bool) -> int:
    """End (exclusive) of the line that starts at ``words[start]``.

    A line's width never shrinks when a word is added, so the greedy line is the one that
    fits (or has a single word) while one more word would not fit.
    """

    def fits(end: int) -> bool:
        return _text_width(" ".join(words[start:end]), size, bold) <= limit

    gap = size * 0.32  # about a space; only the first guess depends on it
    end, total = start + 1, _text_width(words[start], size, bold)
    while end < len(words):
        total += gap + _text_width(words[end], size, bold)
        if total > limit:
            break
        end += 1
    while end > start + 1 and not fits(end):
        end -= 1
    while end < len(words) and fits(end + 1):
        end += 1
    return end


def fit_rows(fig: Figure, ax: Axes, gap: float = 1.0, passes: int = 3) -> None:
    """Make ``fig`` taller until the y tick labels of ``ax`` (a chart of categories) stand
    ``gap`` points apart, from their measured extents: a label that wraps to more lines, as the
    Vietnamese ones do, gets a taller row instead of running into the next. Call it before
    :func:`finish`, which takes :data:`TEXT_ALLOWANCE` from the axes (counted here)."""
    for _ in range(passes):
        fig.draw_without_rendering()
        labels = [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text().strip()]
        if len(labels) < 2:
            return
        boxes = sorted((t.get_window_extent() for t in labels), key=lambda b: b.y0)
        # Pixels the axes lose to finish's texts: their pitch shrinks in proportion.
        height = ax.bbox.height
        kept = max(height - TEXT_ALLOWANCE * fig.dpi / 72, 1.0) / height
        need = 1.0
        for low, high in itertools.pairwise(boxes):
            distance = ((high.y0 + high.y1) - (low.y0 + low.y1)) / 2 * kept
            wanted = (low.height + high.height) / 2 + gap * fig.dpi / 72
            if distance > 0:
                need = max(need, wanted / distance)
        if need <= 1.0:
            return
        width, fig_height = fig.get_size_inches()
        fig.set_size_inches(width, fig_height + height * kept * (need - 1.0) / fig.dpi + 0.02)


def finish(
    fig: Figure,
    title: str,
    subtitle: str = "",
    source: str = "",
    alt: str = "",
    lang: str = "en",
) -> Figure:
    """Add the title (the finding), subtitle (the measure) and source line; keep them on the fig.

    Space for the texts is reserved inside the figure so that the chart reads the same saved
    with or without ``bbox_inches="tight"``. In another language than English the numbers of
    the value axes are written as that edition writes them (:func:`number_axes`).
    """
    if lang != "en":
        number_axes(fig, lang)
    width, height = fig.get_size_inches()
    title_lines = _wrapped_lines(title, width, TITLE_SIZE, bold=True)
    subtitle_lines = _wrapped_lines(subtitle, width, SUBTITLE_SIZE)
    source_lines = _wrapped_lines(source, width, SOURCE_SIZE)
    top = 4.0
    header = top + len(title_lines) * TITLE_SIZE * 1.3 + len(subtitle_lines) * SUBTITLE_SIZE * 1.35
    header += 8.0 if subtitle_lines else 4.0
    footer = (len(source_lines) * SOURCE_SIZE * 1.35 + 8.0) if source_lines else 0.0
    # The heights the builders ask for leave room for a line each of title, subtitle and source;
    # longer texts (a narrow chart wraps them more) make the figure taller, not the chart smaller.
    height += max(0.0, header + footer - TEXT_ALLOWANCE) / 72
    fig.set_size_inches(width, height)
    points = height * 72
    fig.get_layout_engine().set(
        rect=(0.0, footer / points, 1.0, max(0.2, 1.0 - (header + footer) / points))
    )
    y = 1.0 - top / points
    if title_lines:
        fig.text(
            0.0,
            y,
            "\n".join(title_lines),
            ha="left",
            va="top",
            fontsize=TITLE_SIZE,
            fontweight="bold",
            color=TEXT,
            linespacing=1.15,
        )
        y -= len(title_lines) * TITLE_SIZE * 1.3 / points
    if subtitle_lines:
        fig.text(
            0.0,
            y - 2.0 / points,
            "\n".join(subtitle_lines),
            ha="left",
            va="top",
            fontsize=SUBTITLE_SIZE,
            color=SUBTLE,
            linespacing=1.2,
        )
    if source_lines:
        fig.text(
            0.0,
            2.0 / points,
            "\n".join(source_lines),
            ha="left",
            va="bottom",
            fontsize=SOURCE_SIZE,
            color=SUBTLE,
            linespacing=1.2,
        )
    fig.provbook = ChartText(title=title, subtitle=subtitle, source=source, alt=alt or title)
    _fit_labels(fig)
    return fig


def number_axes(fig: Figure, lang: str) -> None:
    """Tick numbers of every value axis (matplotlib's own number formatters; axes of years or
    categories carry their labels already) written by :func:`provbook.text.number` in ``lang``:
    '1.227,5' in Vietnamese. The English edition keeps matplotlib's own ticks."""

    def tick(value, _position) -> str:
        return number(value, 2, lang=lang)

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter | LogFormatter):
                axis.set_major_formatter(FuncFormatter(tick))


def _fit_labels(fig: Figure) -> None:
    """What only the final layout tells: end labels a line apart, value labels inside the
    figure. Costs one draw without rendering per pass, and only for charts with such labels;
    the second pass only when the first moved something (most charts: a third of the sweep's
    draws), since the layout it would measure is the one already measured."""
    tagged = [
        ax for ax in fig.axes if any(t.get_gid() in (END_LABEL, VALUE_LABEL) for t in ax.texts)
    ]
    if not tagged:
        return
    step = LABEL_SIZE * 1.3 * fig.dpi / 72  # pixels between the centres of two end labels
    for _ in range(2):
        fig.draw_without_rendering()
        moved = False
        for ax in tagged:
            ends = sorted(
                (t for t in ax.texts if t.get_gid() == END_LABEL),
                key=lambda t: ax.transData.transform(t.xy)[1],
            )
            previous = None
            for label in ends:
                y = ax.transData.transform(label.xy)[1]
                target = y if previous is None else max(y, previous + step)
                offset = (label.xyann[0], (target - y) * 72 / fig.dpi)
                moved |= offset != tuple(label.xyann)
                label.xyann = offset
                previous = target
            values = [t for t in ax.texts if t.get_gid() == VALUE_LABEL]
            if values:
                overflow = max(t.get_window_extent().x1 for t in values) - fig.bbox.x1 + 2
                if overflow > 0:
                    x0, x1 = ax.get_xlim()
                    width = max(ax.bbox.width - overflow, 1.0)
                    ax.set_xlim(x0, x1 + overflow * (x1 - x0) / width)
                    moved = True
        if not moved:
            break


def text_of(fig: Figure) -> ChartText:
    """The texts :func:`finish` attached to a figure."""
    return fig.provbook


def message_axes(ax: Axes, message: str) -> None:
    """An empty panel that says why it is empty."""
    ax.set_axis_off()
    ax.text(
        0.5, 0.5, wrap(message, 40), ha="center", va="center", color=SUBTLE, fontsize=LABEL_SIZE
    )


def value_label(
    ax: Axes,
    xy: tuple[float, float],
    text: str,
    offset: tuple[float, float] = (5, 0),
    ha: str = "left",
    va: str = "center",
    color: str = TEXT,
    size: float = LABEL_SIZE,
):
    """A figure written beside its mark (``offset`` in points), tagged so that :func:`finish`
    keeps it inside the figure. ``size`` is never below :data:`MIN_TEXT_SIZE`."""
    return ax.annotate(
        text,
        xy,
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=max(size, MIN_TEXT_SIZE),
        color=color,
        gid=VALUE_LABEL,
    )


# ---------------------------------------------------------------------------------------------
# Drawing primitives (on one Axes); the chapter builders compose them.


def draw_ranges(
    ax: Axes,
    labels: Sequence[str],
    low: Sequence[float],
    high: Sequence[float],
    colors: Sequence[str] | str = HIGHLIGHT,
    value_labels: Sequence[str] | None = None,
    label_width: int = 26,
) -> None:
    """One row per item, top to bottom: a thick bar from low to high, or a dot for a point.

    Ranges are drawn as ranges, never as their midpoint.
    """
    n = len(labels)
    colors = [colors] * n if isinstance(colors, str) else list(colors)
    ys = np.arange(n)[::-1]
    finite = [v for v in [*low, *high] if not missing(v)]
    lo_lim = min([0.0, *finite]) if finite else 0.0
    hi_lim = max([0.0, *finite]) if finite else 1.0
    pad = (hi_lim - lo_lim) * 0.03 or 1.0
    for y, a, b, color in zip(ys, low, high, colors, strict=True):
        a = b if missing(a) else a
        b = a if missing(b) else b
        if missing(a):
            continue
        if a == b:
            ax.plot([a], [y], "o", color=color, markersize=8, zorder=3)
        else:
            ax.plot([a, b], [y, y], color=color, linewidth=7, solid_capstyle="butt", zorder=3)
            ax.plot([a, b], [y, y], "|", color=color, markersize=14, markeredgewidth=2, zorder=3)
    if value_labels is not None:
        for y, a, b, text in zip(ys, low, high, value_labels, strict=True):
            end = max(v for v in (a, b, 0.0) if not missing(v))
            value_label(ax, (end, y), text, offset=(8, 0))
        hi_lim += (hi_lim - lo_lim) * 0.18
    ax.set_yticks(ys, [wrap(label, label_width) for label in labels])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(lo_lim - pad if lo_lim < 0 else 0, hi_lim + pad)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=3))  # room for long numbers on a phone
    if lo_lim < 0:
        ax.axvline(0, color="#9A9A9A", linewidth=0.8, zorder=1)


def draw_hbars(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    colors: Sequence[str] | str = NATIONAL,
    base: float = 0.0,
    value_labels: Sequence[str] | None = None,
    label_width: int = 26,
    height: float = 0.62,
) -> None:
    """Horizontal bars from ``base`` (e.g. 100 for '% of plan'), first item on top."""
    n = len(labels)
    colors = [colors] * n if isinstance(colors, str) else list(colors)
    ys = np.arange(n)[::-1]
    for y, value, color in zip(ys, values, colors, strict=True):
        if missing(value):
            continue
        ax.barh(y, value - base, left=base, color=color, height=height, zorder=3)
    finite = [float(v) for v in values if not missing(v)] + [base]
    lo, hi = min(finite), max(finite)
    spread = (hi - lo) or abs(base) or 1.0
    if value_labels is not None:
        # Labels always sit right of the bar end or of the base line, never over the axis labels.
        for y, value, text in zip(ys, values, value_labels, strict=True):
            absent = missing(value)
            at = (base if absent else max(value, base), y)
            value_label(ax, at, text, color=SUBTLE if absent else TEXT)
    margin = spread * (0.22 if value_labels is not None else 0.04)
    ax.set_xlim(min(lo, base) - (spread * 0.04 if lo < base else 0), max(hi, base) + margin)
    ax.set_yticks(ys, [wrap(label, label_width) for label in labels])
    ax.set_ylim(-0.6, n - 0.4)
    if base != 0 or lo < 0:
        ax.axvline(base, color=OUTLINE, linewidth=1.0, zorder=4)


def draw_lines(
    ax: Axes,
    frame: pd.DataFrame,
    colors: dict[str, str],
    styles: dict[str, str] | None = None,
    label_format=None,
    direct_labels: bool = True,
) -> None:
    """One line per column of ``frame`` (index = x), labelled at its right end, not in a legend."""
    styles = styles or {}
    ends = []
    for column in frame.columns:
        values = frame[column].astype(float)
        if values.notna().sum() == 0:
            continue
        color = colors.get(column, MEDIAN)
        style = styles.get(column, "-")
        ax.plot(
            frame.index,
            values,
            style,
            color=color,
            linewidth=2.2 if style == "-" else 1.6,
            marker="o",
            markersize=4,
            zorder=3,
        )
        last = values.dropna()
        ends.append((float(last.iloc[-1]), last.index[-1], column, color))
    if direct_labels and ends:
        _end_labels(ax, ends, label_format)
    years = list(frame.index)
    # At most MAX_YEAR_LABELS labelled years (every 2nd, 3rd, ... year, always the last one):
    # a label for each of 18 years runs them into one another on a phone-width chart.
    step = max(1, math.ceil(len(years) / MAX_YEAR_LABELS))
    shown = years[::-1][::step][::-1]
    ax.set_xticks(shown, [str(x) for x in shown])
    ax.margins(x=0.04)


def _end_labels(ax: Axes, ends: list, label_format) -> None:
    """Labels at the right end of lines, nudged apart so they never overlap."""
    lo, hi = ax.get_ylim()
    gap = (hi - lo) * 0.09
    ends = sorted(ends, key=lambda e: e[0])
    placed: list[float] = []
    for value, x, name, color in ends:
        y = value if not placed else max(value, placed[-1] + gap)
        placed.append(y)
        text = name if label_format is None else label_format(name, value)
        ax.annotate(
            text,
            (x, value),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=LABEL_SIZE,
            color=color,
            fontweight="bold",
            annotation_clip=False,
            gid=END_LABEL,
            # On a white ground: a line that runs on to the axes' edge (a zero line) passes under.
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0},
        )
        if y != value:
            ax.texts[-1].xy = (x, y)
            ax.texts[-1].xyann = (8, 0)
    top = max(placed) + gap * 0.5
    if top > hi:
        ax.set_ylim(lo, top)


def draw_strip(
    ax: Axes,
    values: pd.Series,
    highlight: str,
    label: str,
    log: bool = False,
    value_format=None,
    title_width: float | None = None,
) -> None:
    """All provinces as grey ticks on one line, the median marked, one province highlighted;
    ``label`` over it, wrapped to ``title_width`` inches (default: the figure's width).

    Log axes keep their labelled decades and grid lines but no minor ticks: unlabelled, they
    added little to a chart read by rank, and their tick objects were a quarter of the drawing
    time of the chapter's heaviest chart (six strips, three of them on log scales).
    """
    values = values.dropna().astype(float)
    if log:
        values = values[values > 0]
        ax.set_xscale("log")
        ax.xaxis.set_minor_locator(NullLocator())
    ax.plot(values.to_numpy(), np.zeros(len(values)), "|", color=OTHERS, markersize=16, mew=1.6)
    if len(values):
        mid = float(values.median())
        ax.plot([mid], [0], "|", color=MEDIAN, markersize=26, mew=2.2, zorder=3)
    if highlight in values.index:
        value = float(values[highlight])
        ax.plot([value], [0], "o", color=HIGHLIGHT, markersize=9, zorder=4)
        text = label if value_format is None else value_format(value)
        lo, hi = (
            (np.log10(values.min()), np.log10(values.max()))
            if log
            else (values.min(), values.max())
        )
        where = (np.log10(value) if log else value) - lo
        right_side = where <= (hi - lo) * 0.6
        ax.annotate(
            text,
            (value, 0),
            xytext=(9 if right_side else -9, 0),
            textcoords="offset points",
            ha="left" if right_side else "right",
            va="center",
            fontsize=LABEL_SIZE,
            color=HIGHLIGHT,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0},
            zorder=5,
        )
    ax.set_yticks([])
    ax.set_ylim(-1, 1)
    ax.spines["bottom"].set_visible(False)
    ax.grid(True, axis="x", color=GRID, linewidth=0.8)
    width = title_width or ax.get_figure().get_figwidth()
    title = fitted(label, width, LABEL_SIZE + 0.5)
    ax.set_title(title, loc="left", fontsize=LABEL_SIZE + 0.5, color=TEXT, pad=2)


def draw_timeline(
    ax: Axes,
    labels: Sequence[str],
    starts: Sequence[float],
    ends: Sequence[float],
    visions: Sequence[float] | None = None,
    issued: Sequence[float] | None = None,
    color: str = HIGHLIGHT,
    label_width: int = 28,
    no_start: str = "start not given",
) -> None:
    """Documents as bars over the years they cover; a dotted tail to a longer 'vision' year
    (``no_start``: the words beside a document whose start is not given)."""
    n = len(labels)
    ys = np.arange(n)[::-1]
    visions = visions if visions is not None else [float("nan")] * n
    issued = issued if issued is not None else [float("nan")] * n
    years = []
    given = [float(x) for x in [*starts, *ends, *visions, *issued] if not missing(x)]
    middle = (min(given) + max(given)) / 2 if given else 0.0
    for y, a, b, v, i in zip(ys, starts, ends, visions, issued, strict=True):
        first = a if not missing(a) else i
        last = b if not missing(b) else first
        if not missing(first) and not missing(last):
            ax.plot(
                [first, max(last, first + 0.15)], [y, y], color=color, linewidth=9,
                solid_capstyle="butt", zorder=3,
            )  # fmt: skip
            years += [first, last]
        elif not missing(last):  # only the horizon is known
            ax.plot([last], [y], "|", color=color, markersize=16, mew=3, zorder=3)
            right = last <= middle  # towards the middle: clear of the labels and of the edge
            ax.annotate(
                no_start, (last, y), xytext=(6 if right else -6, 4),
                textcoords="offset points", ha="left" if right else "right", va="bottom",
                fontsize=MIN_TEXT_SIZE,
                color=SUBTLE,
            )  # fmt: skip
            years.append(last)
        if not missing(v) and not missing(last):
            ax.plot([last, v], [y, y], ":", color=color, linewidth=2.2, zorder=3)
            ax.plot([v], [y], ">", color=color, markersize=6, zorder=3)
            years.append(v)
        if not missing(i):
            ax.plot([i], [y], "D", color=OUTLINE, markersize=5, zorder=4)
            years.append(i)
    ax.set_yticks(ys, [wrap(label, label_width) for label in labels])
    ax.set_ylim(-0.7, n - 0.3)
    if years:
        lo, hi = int(math.floor(min(years))), int(math.ceil(max(years)))
        # At most MAX_TIMELINE_TICKS years labelled: four-digit years need room on a phone.
        step = next(s for s in (1, 2, 5, 10, 20, 50) if (hi - lo) // s + 1 <= MAX_TIMELINE_TICKS)
        ticks = list(range(lo - lo % step, hi + 1, step))
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.set_xlim(min(lo, ticks[0]) - 0.5, hi + 0.5)


def draw_stacked_hbars(
    ax: Axes,
    table: pd.DataFrame,
    colors: dict[str, str] | None = None,
    label_width: int = 30,
    total_format=None,
    legend: bool = True,
) -> None:
    """Rows of ``table`` as bars (first row on top), columns stacked with a legend (``legend``
    False: the colours are those of another panel's legend)."""
    n = len(table.index)
    ys = np.arange(n)[::-1]
    left = np.zeros(n)
    colors = colors or {}
    for k, column in enumerate(table.columns):
        values = table[column].fillna(0).astype(float).to_numpy()
        ax.barh(
            ys,
            values,
            left=left,
            color=colors.get(column, CATEGORICAL[k % len(CATEGORICAL)]),
            height=0.62,
            label=str(column),
            zorder=3,
            edgecolor="white",
            linewidth=0.6,
        )
        left += values
    if total_format is not None:
        for y, total in zip(ys, left, strict=True):
            ax.annotate(
                total_format(total),
                (total, y),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontsize=LABEL_SIZE,
                color=TEXT,
            )
    ax.set_yticks(ys, [wrap(label, label_width) for label in table.index])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, (left.max() if n else 1) * 1.22 or 1)
    if legend and len(table.columns) > 1:
        ax.legend(
            frameon=False,
            fontsize=LABEL_SIZE - 0.5,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            # One column when the names are long: three of them overran the figure's width.
            ncols=1 if max(len(str(c)) for c in table.columns) > 16 else min(len(table.columns), 3),
            handlelength=1.0,
            handleheight=1.0,
            borderaxespad=0.2,
        )


def draw_matrix(
    ax: Axes,
    rows: Sequence[str],
    columns: Sequence[str],
    present: np.ndarray,
    highlight_column: int | None = None,
    label_width: int = 28,
) -> None:
    """Dots where ``present[i, j]`` is true; one column may be highlighted."""
    n, m = len(rows), len(columns)
    ys = np.arange(n)[::-1]
    if highlight_column is not None:
        ax.axvspan(highlight_column - 0.45, highlight_column + 0.45, color="#F6E3DD", zorder=0)
    for i, y in enumerate(ys):
        for j in range(m):
            if present[i, j]:
                color = HIGHLIGHT if j == highlight_column else NATIONAL
                ax.plot([j], [y], "o", color=color, markersize=8, zorder=3)
            else:
                ax.plot([j], [y], "o", color=GRID, markersize=4, zorder=2)
    ax.set_yticks(ys, [wrap(r, label_width) for r in rows])
    ax.set_xticks(range(m), ["\n".join(str(c).split()) if m >= 4 else c for c in columns])
    ax.xaxis.tick_top()
    ax.set_xlim(-0.6, m - 0.4)
    ax.set_ylim(-0.6, n - 0.4)
    ax.spines["bottom"].set_visible(False)
    ax.grid(False)
    for tick, label in zip(ax.get_xticklabels(), range(m), strict=True):
        if label == highlight_column:
            tick.set_color(HIGHLIGHT)
            tick.set_fontweight("bold")
