"""Find texts of a chart that collide: one tested rule instead of case-by-case fixes.

:func:`collisions` lays a figure out on an Agg canvas (without painting it), records every
text matplotlib actually draws (tick labels outside the view, empty or invisible texts are
never drawn, so they are never reported) and measures it with matplotlib's own extents. It
reports

- ``overlap``: two texts whose ink rectangles overlap, or come closer than :data:`MIN_GAP`
  along the line of reading (touching words read as one; stacked lines may touch). Rotated
  texts are compared as rotated rectangles, so slanted tick labels that merely share a
  bounding box are not reported;
- ``struck``: a text crossed by a line plotted in its axes (an arrow through a label);
- ``clipped``: a text cut by its clip box (e.g. a map label at the edge of its axes);
- ``outside``: a text beyond the figure's own canvas. The book saves figures with
  ``bbox_inches="tight"``, which does not cut such a text but grows the image around it: the
  chart is then shrunk in the page and every text with it, and the chart no longer reads the
  same as designed (:func:`provbook.draw.charts.finish` reserves the space inside the figure).
  Texts left out of the tight box (``set_in_layout(False)``) are reported as well: they are cut;
- ``small``: a text under :data:`MIN_TEXT_PX` CSS pixels on a phone. The book shows a chart at
  most as wide as the page's content, :data:`PHONE_CONTENT_PX` on a 390 px phone, so a chart
  image wider than that is scaled down and every text with it (:func:`phone_text_px`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from matplotlib import text as mtext
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

#: Texts must stay this far apart (points): year ticks that touch ("2005200820112014") read as
#: one number, so touching counts as a collision; a gap of about a thin space does not.
MIN_GAP = 2.0
#: Pixels a text may stray over an edge (rounding of the extents) before it is reported.
TOLERANCE = 1.0
#: The content width (CSS px) of a page on a 390 px phone: the viewport less the page's side
#: padding on a narrow screen (book/_static/provbook.css sets it to 12 px a side).
PHONE_CONTENT_PX = 390 - 2 * 12
#: Smallest text (CSS px, the font's size) a reader meets in a chart on that phone.
MIN_TEXT_PX = 9.0
#: Resolution of the book's chart images (provbook.chapters.common.notebook saves them at 120 dpi)
#: and the margin ``savefig(bbox_inches="tight")`` adds on each side, in inches.
SAVED_DPI = 120
SAVED_PAD = 0.1


@dataclass(frozen=True)
class Collision:
    """One problem of one figure, named so that a reader can find it on the chart."""

    figure: str
    kind: str  # "overlap", "struck", "clipped", "outside" or "small"
    first: str
    second: str = ""

    def __str__(self) -> str:
        what = {
            "overlap": f"{self.first} overlaps {self.second}",
            "struck": f"{self.first} is crossed by {self.second}",
            "clipped": f"{self.first} is clipped by {self.second}",
            "outside": f"{self.first} leaves the canvas ({self.second})",
            "small": f"{self.first} is too small on a phone ({self.second})",
        }[self.kind]
        return f"{self.figure}: {what}"


@dataclass
class _Drawn:
    text: Text
    where: str
    box: Bbox  # axis-aligned extent in display pixels
    corners: np.ndarray  # 4x2, the (possibly rotated) rectangle of the text

    @property
    def name(self) -> str:
        string = " ".join(self.text.get_text().split())
        if len(string) > 60:
            string = string[:57] + "..."
        return f'{self.where} "{string}"'


def collisions(fig: Figure, name: str | None = None) -> list[Collision]:
    """Every pair of drawn texts that overlap, texts struck by lines, and texts that leave the
    canvas, in a stable order. ``name`` defaults to the chart's title (``fig.provbook``)."""
    name = name or _figure_name(fig)
    drawn = _draw_and_measure(fig)
    found: list[Collision] = []
    gap = MIN_GAP * fig.dpi / 72
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            if _rectangles_overlap(a, b, gap):
                found.append(Collision(name, "overlap", a.name, b.name))
    for item in drawn:
        for line in _lines_crossing(item, fig):
            found.append(Collision(name, "struck", item.name, line))
    canvas = fig.bbox
    tight = _saved_area(fig)
    for item in drawn:
        clip = _clip_box(item.text)
        if clip is not None and not _inside(item.box, clip):
            found.append(Collision(name, "clipped", item.name, "its axes"))
            continue  # what is cut off cannot leave the canvas as well
        if not _inside(item.box, tight):
            found.append(Collision(name, "outside", item.name, "cut from the saved image"))
        elif not _inside(item.box, canvas):
            found.append(
                Collision(name, "outside", item.name, "beyond the figure; the image grows")
            )
    for item in drawn:
        size = phone_text_px(fig, item.text.get_fontsize())
        if size < MIN_TEXT_PX - 0.005:
            found.append(
                Collision(
                    name, "small", item.name, f"{size:.1f} px, at least {MIN_TEXT_PX:g} px needed"
                )
            )
    return found


def phone_text_px(fig: Figure, size_pt: float) -> float:
    """CSS pixels a ``size_pt`` text of ``fig`` measures on a 390 px phone.

    The saved image is the figure plus the tight margin (at most: the tight box trims white
    space, which only makes the image narrower), one image pixel a CSS pixel, shown at most
    :data:`PHONE_CONTENT_PX` wide.
    """
    natural = (fig.get_figwidth() + 2 * SAVED_PAD) * SAVED_DPI
    scale = min(1.0, PHONE_CONTENT_PX / natural)
    return size_pt * SAVED_DPI / 72 * scale


def _figure_name(fig: Figure) -> str:
    chart = getattr(fig, "provbook", None)
    if chart is not None and getattr(chart, "title", ""):
        return chart.title
    return fig.get_label() or "figure"


@contextlib.contextmanager
def _recording_texts() -> Iterator[list[Text]]:
    """Record each Text whose ``draw`` really paints it (visible, non-empty, in view)."""
    seen: list[Text] = []
    original = Text.draw

    def draw(self, renderer):
        result = original(self, renderer)
        if self.get_visible() and self.get_text().strip() and _painted(self):
            seen.append(self)
        return result

    Text.draw = draw
    try:
        yield seen
    finally:
        Text.draw = original


def _painted(text: Text) -> bool:
    if isinstance(text, Annotation) and text.get_annotation_clip() is not False:
        # An annotation whose point lies outside its axes is skipped by matplotlib.
        renderer = text.get_figure(root=True).canvas.get_renderer()
        if not text._check_xy(renderer):
            return False
    alpha = text.get_alpha()
    return to_rgba(text.get_color())[3] > 0 and (alpha is None or alpha > 0)


def _draw_and_measure(fig: Figure) -> list[_Drawn]:
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    # Laid out and measured as for the saved image, but nothing painted: the rule needs the
    # texts' places and extents, not pixels (the paint was a third of the sweep's time).
    with _recording_texts() as seen:
        fig.draw_without_rendering()
    renderer = canvas.get_renderer()
    roles = _roles(fig)
    unique = list(dict.fromkeys(seen))
    return [_measure(text, roles.get(id(text), "text"), renderer) for text in unique]


def _measure(text: Text, where: str, renderer) -> _Drawn:
    """The text's box, and the rectangle its ink fills (turned with the text).

    Matplotlib's box gives every line the height of "lp" (room for ascenders and descenders):
    digits at an axis corner would seem to touch although their ink is far apart. The
    rectangle keeps the width but trims the height to the glyphs of the first and last line.
    """
    box = Text.get_window_extent(text, renderer)  # the text alone, not an annotation's arrow
    rotation = text.get_rotation()
    if rotation % 360:
        text.set_rotation(0)
        upright = Text.get_window_extent(text, renderer)
        text.set_rotation(rotation)
    else:
        upright = box
    top, bottom = _unused_height(text, renderer)
    w = upright.width / 2
    low = -upright.height / 2 + bottom
    high = upright.height / 2 - top
    if high <= low:  # nothing but spaces and marks: keep the box
        low, high = -upright.height / 2, upright.height / 2
    theta = np.radians(rotation)
    turn = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    rect = np.array([[-w, low], [w, low], [w, high], [-w, high]]) @ turn.T
    centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    return _Drawn(text, where, box, rect + centre)


def _unused_height(text: Text, renderer) -> tuple[float, float]:
    """Pixels of the box above the first line's glyphs and below the last line's."""
    lines = text.get_text().split("\n")
    prop = text.get_fontproperties()

    def measured(string: str, ismath) -> tuple[float, float, float]:
        # matplotlib's own cache of text metrics (the one Text uses; the chapters keep it per
        # process, provbook.chapters.common.notebook): the same "lp" and tick labels recur.
        # Looked up on the module at each call, so that the kept one is used once installed.
        return mtext._get_text_metrics_with_cache(renderer, string, prop, ismath, renderer.dpi)

    def metrics(line: str) -> tuple[float, float]:
        clean, ismath = text._preprocess_math(line)
        _, height, descent = measured(clean or " ", ismath)
        return height, descent

    _, lp_height, lp_descent = measured("lp", False)
    first_height, first_descent = metrics(lines[0])
    last_height, last_descent = metrics(lines[-1])
    top = max(0.0, (lp_height - lp_descent) - (first_height - first_descent))
    bottom = max(0.0, lp_descent - last_descent)
    return top, bottom


def _roles(fig: Figure) -> dict[int, str]:
    """What each text is, in words a reader of the chart understands."""
    roles: dict[int, str] = {}

    def put(texts, role):
        for t in texts:
            if t is not None:
                roles.setdefault(id(t), role)

    for ax in fig.get_axes():
        where = _axes_name(ax, fig)
        put(ax.xaxis.get_ticklabels(which="both"), f"x tick label{where}")
        put(ax.yaxis.get_ticklabels(which="both"), f"y tick label{where}")
        for tick in [*ax.xaxis.get_major_ticks(), *ax.xaxis.get_minor_ticks()]:
            put([tick.label2], f"x tick label{where}")
        for tick in [*ax.yaxis.get_major_ticks(), *ax.yaxis.get_minor_ticks()]:
            put([tick.label2], f"y tick label{where}")
        put([ax.xaxis.label], f"x axis label{where}")
        put([ax.yaxis.label], f"y axis label{where}")
        put([ax.xaxis.get_offset_text(), ax.yaxis.get_offset_text()], f"axis offset{where}")
        put([ax.title, ax._left_title, ax._right_title], f"axes title{where}")
        for t in ax.texts:
            put([t], ("annotation" if isinstance(t, Annotation) else "label") + where)
        legend = ax.get_legend()
        if legend is not None:
            put([*legend.get_texts(), legend.get_title()], f"legend text{where}")
    for legend in fig.legends:
        if isinstance(legend, Legend):
            put([*legend.get_texts(), legend.get_title()], "legend text")
    put([fig._suptitle], "suptitle")
    put([getattr(fig, "_supxlabel", None), getattr(fig, "_supylabel", None)], "figure label")
    put(fig.texts, "figure text")
    return roles


def _axes_name(ax: Axes, fig: Figure) -> str:
    axes = fig.get_axes()
    if len(axes) == 1:
        return ""
    title = ax.get_title(loc="left") or ax.get_title() or ax.get_title(loc="right")
    if title:
        return f' (panel "{" ".join(title.split())[:40]}")'
    return f" (panel {axes.index(ax) + 1})"


def _rectangles_overlap(a: _Drawn, b: _Drawn, gap: float) -> bool:
    """Separating-axis test on the two (possibly turned) ink rectangles.

    Along a text's baseline the two must be ``gap`` apart (touching words read as one); across
    it, stacked lines may touch but not overlap.
    """
    if not _boxes_overlap(_extent(a.corners), _extent(b.corners), gap):
        return False
    for corners in (a.corners, b.corners):
        # The normal of edge 0 (the baseline) points across the text, that of edge 1 along it.
        for k, separated in ((0, TOLERANCE), (1, -gap)):
            edge = corners[k + 1] - corners[k]
            norm = np.hypot(*edge)
            if norm == 0:
                return False
            axis = np.array([-edge[1], edge[0]]) / norm
            pa, pb = a.corners @ axis, b.corners @ axis
            shared = min(pa.max(), pb.max()) - max(pa.min(), pb.min())
            if shared <= separated:
                return False
    return True


def _extent(corners: np.ndarray) -> Bbox:
    return Bbox.from_extents(*corners.min(axis=0), *corners.max(axis=0))


def _boxes_overlap(a: Bbox, b: Bbox, gap: float) -> bool:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width > -gap and height > -gap


def _inside(box: Bbox, area: Bbox) -> bool:
    return (
        box.x0 >= area.x0 - TOLERANCE
        and box.y0 >= area.y0 - TOLERANCE
        and box.x1 <= area.x1 + TOLERANCE
        and box.y1 <= area.y1 + TOLERANCE
    )


def _clip_box(text: Text) -> Bbox | None:
    if not text.get_clip_on():
        return None
    clip = text.get_clip_box()
    path = text.get_clip_path()
    if path is not None:
        transformed = path.get_fully_transformed_path().get_extents()
        return transformed if clip is None else Bbox.intersection(clip, transformed)
    return clip


def _saved_area(fig: Figure) -> Bbox:
    """The part of the drawing that ``savefig(bbox_inches="tight")`` keeps, in pixels."""
    renderer = fig.canvas.get_renderer()
    tight = fig.get_tightbbox(renderer)
    pad = 0.1  # savefig.pad_inches
    return Bbox.from_extents(
        (tight.x0 - pad) * fig.dpi,
        (tight.y0 - pad) * fig.dpi,
        (tight.x1 + pad) * fig.dpi,
        (tight.y1 + pad) * fig.dpi,
    )


def _lines_crossing(item: _Drawn, fig: Figure) -> list[str]:
    """Plotted lines (not grid lines) that pass through a text that has no background box."""
    patch = item.text.get_bbox_patch()
    if patch is not None and to_rgba(patch.get_facecolor())[3] > 0.5:
        return []  # the text is painted over the line on purpose
    ax = item.text.axes
    if ax is None:
        return []
    box = item.box.padded(-TOLERANCE)
    if box.width <= 0 or box.height <= 0:
        return []
    found = []
    for line in ax.lines:
        if not isinstance(line, Line2D) or not line.get_visible():
            continue
        xy = line.get_transform().transform(line.get_xydata())
        xy = xy[np.isfinite(xy).all(axis=1)]
        if not len(xy):
            continue
        hit = False
        if line.get_linestyle() not in ("None", " ", "") and len(xy) > 1:
            hit = _segments_cross(xy[:-1], xy[1:], box)
        if not hit and line.get_marker() not in (None, "None", " ", ""):
            hit = bool(
                (
                    (xy[:, 0] > box.x0)
                    & (xy[:, 0] < box.x1)
                    & (xy[:, 1] > box.y0)
                    & (xy[:, 1] < box.y1)
                ).any()
            )
        if hit:
            label = line.get_label()
            shown = "" if label.startswith("_") else f' "{label}"'
            found.append(f"a line{shown} plotted in the same axes")
    return found


def _segments_cross(p: np.ndarray, q: np.ndarray, box: Bbox) -> bool:
    """Whether any segment p[i]-q[i] passes through ``box`` (vectorised Liang-Barsky)."""
    d = q - p
    t0 = np.zeros(len(p))
    t1 = np.ones(len(p))
    ok = np.ones(len(p), dtype=bool)
    for delta, start, low, high in (
        (d[:, 0], p[:, 0], box.x0, box.x1),
        (d[:, 1], p[:, 1], box.y0, box.y1),
    ):
        flat = delta == 0
        ok &= ~(flat & ((start < low) | (start > high)))
        with np.errstate(divide="ignore", invalid="ignore"):
            ta = (low - start) / delta
            tb = (high - start) / delta
        near = np.where(flat, -np.inf, np.minimum(ta, tb))
        far = np.where(flat, np.inf, np.maximum(ta, tb))
        t0 = np.maximum(t0, near)
        t1 = np.minimum(t1, far)
    return bool((ok & (t0 <= t1)).any())
