"""provbook.chapters.common.notebook: the text metrics kept across figures change no pixel and
follow the font."""

from __future__ import annotations

import io

import matplotlib
from matplotlib import text as mtext
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from provbook.chapters.common import notebook
from provbook.draw import charts


def _png() -> bytes:
    fig, ax = charts.new_figure(charts.WIDTH, 3.0)
    charts.draw_lines(ax, _frame(), {"Hà Nội": charts.HIGHLIGHT, "Median": charts.MEDIAN})
    charts.finish(fig, "Hà Nội grew faster than the median", "Index, %", "Source: GSO (2018).")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=120, bbox_inches="tight", metadata={"Software": None})
    return out.getvalue()


def _frame():
    import pandas as pd

    return pd.DataFrame(
        {"Hà Nội": [1.0, 3.0, 2.0], "Median": [1.5, 2.0, 2.5]}, index=[2020, 2021, 2022]
    )


def test_kept_metrics_leave_the_png_byte_identical(monkeypatch):
    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["DejaVu Sans"])
    before = _png()
    kept = _installed(monkeypatch)
    first = _png()  # measures and keeps
    assert len(kept.kept) > 10
    hits = dict(kept.kept)
    second = _png()  # every text answered from what the first figure kept
    assert kept.kept == hits
    assert before == first == second


def _installed(monkeypatch):
    original = getattr(
        mtext._get_text_metrics_with_cache, "provbook_original", mtext._get_text_metrics_with_cache
    )
    monkeypatch.setattr(mtext, "_get_text_metrics_with_cache", original)
    notebook.keep_text_metrics()
    notebook.keep_text_metrics()  # a second setup() does not wrap the wrapper
    installed = mtext._get_text_metrics_with_cache
    assert installed.provbook_original is original
    return installed


def test_kept_metrics_follow_dpi_font_and_rcparams(monkeypatch):
    """Each answer is what a fresh renderer measures under the same settings, and the settings
    do change the answer (so a key that left one out would hand back a stale width)."""
    kept = _installed(monkeypatch)
    original = kept.provbook_original
    text = "Industrial production, Thừa Thiên Huế"

    def both(dpi=100, size=10.0, weight="normal"):
        prop = FontProperties(family="DejaVu Sans", size=size, weight=weight)
        answer = kept(RendererAgg(10, 10, dpi), text, prop, False, dpi)
        assert answer == original(RendererAgg(10, 10, dpi), text, prop.copy(), False, dpi)
        return answer

    base = both()
    assert both() == base
    assert both(dpi=200) != base
    assert both(size=11.0) != base
    assert both(weight="bold") != base
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        assert both() != base
    assert both() == base
    generic = FontProperties(family="sans-serif", size=10.0)  # looked up in font.sans-serif
    monkeypatch.setitem(matplotlib.rcParams, "font.sans-serif", ["DejaVu Sans"])
    sans = kept(RendererAgg(10, 10, 100), text, generic, False, 100)
    matplotlib.rcParams["font.sans-serif"].insert(0, "DejaVu Serif")  # changed in place
    serif = kept(RendererAgg(10, 10, 100), text, generic, False, 100)
    assert serif != sans
    assert serif == original(RendererAgg(10, 10, 100), text, generic.copy(), False, 100)
    prop = FontProperties(family="DejaVu Sans", size=10.0)
    prop.set_size(12.0)  # a changed FontProperties is a new key, not the old one's answer
    assert kept(RendererAgg(10, 10, 100), text, prop, False, 100) == both(size=12.0)
