"""One call at the top of every chapter: reproducible figures and quiet, readable output."""

from __future__ import annotations

from itertools import repeat

import matplotlib

#: PNG/SVG metadata that would otherwise stamp the software version or the date into each image.
FIGURE_METADATA = {"Software": None}

#: rcParams that change what Agg measures for a text: font lookup, hinting and kerning.
METRIC_RC = (
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
    "font.enable_last_resort",
    "font.family",
    "font.style",
    "font.variant",
    "font.weight",
    "font.stretch",
    "font.size",
    "font.serif",
    "font.sans-serif",
    "font.cursive",
    "font.fantasy",
    "font.monospace",
)

#: Texts measured at most before the kept metrics start afresh (a book holds far fewer).
KEPT_METRICS = 200_000


def setup() -> None:
    """Make figures byte-identical between runs and sharp in the book.

    The inline backend is kept on purpose: with ``Agg`` glued figures silently disappear.
    """
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "provbook",
            "figure.dpi": 100,
            "savefig.dpi": 120,
            "font.family": "DejaVu Sans",
        }
    )
    keep_text_metrics()
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: nothing to configure
        return
    if get_ipython() is None:
        return
    set_matplotlib_formats("png", bbox_inches="tight", metadata=FIGURE_METADATA, dpi=120)


def keep_text_metrics() -> None:
    """Measure each text once per process instead of once per figure (installed once).

    matplotlib keeps text metrics per renderer, and every figure, and every draw that
    ``bbox_inches="tight"`` and the layout make, gets a new renderer: each chapter measured the
    same tick labels and titles again (about a tenth of a figure's time). What Agg measures
    depends only on the text, the font properties, the dpi and the rcParams of
    :data:`METRIC_RC`, so those are the key; mathtext and other renderers keep matplotlib's own
    cache. Figures stay byte-identical (tested).
    """
    from matplotlib import text as mtext
    from matplotlib.backends.backend_agg import RendererAgg

    original = mtext._get_text_metrics_with_cache
    if getattr(original, "provbook_original", None) is not None:
        return
    kept: dict[tuple, tuple[float, float, float]] = {}
    last = {"raw": None, "settings": None}  # the rcParams' values as last read, made hashable

    def metrics(renderer, text, fontprop, ismath, dpi):
        if ismath is not False or type(renderer) is not RendererAgg:
            return original(renderer, text, fontprop, ismath, dpi)
        # RcParams is a dict: read in C, without validation (or deprecation warnings)
        raw = list(map(dict.get, repeat(matplotlib.rcParams, len(METRIC_RC)), METRIC_RC))
        if raw != last["raw"]:  # compared with a copy: a list changed in place is seen too
            last["raw"] = [list(v) if isinstance(v, list) else v for v in raw]
            last["settings"] = tuple(tuple(v) if isinstance(v, list) else v for v in raw)
        # FontProperties hashes (and compares) by these values; it is mutable, so not the key
        key = (text, tuple(fontprop.__dict__.values()), dpi, renderer.dpi, last["settings"])
        value = kept.get(key)
        if value is None:
            if len(kept) >= KEPT_METRICS:
                kept.clear()
            value = kept[key] = original(renderer, text, fontprop, ismath, dpi)
        return value

    metrics.provbook_original = original
    metrics.kept = kept
    mtext._get_text_metrics_with_cache = metrics
