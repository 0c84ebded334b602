"""One call at the top of every chapter: reproducible figures and quiet, readable output."""

from __future__ import annotations

import matplotlib

#: PNG/SVG metadata that would otherwise stamp the software version or the date into each image.
FIGURE_METADATA = {"Software": None}


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
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: nothing to configure
        return
    if get_ipython() is None:
        return
    set_matplotlib_formats("png", bbox_inches="tight", metadata=FIGURE_METADATA, dpi=120)
