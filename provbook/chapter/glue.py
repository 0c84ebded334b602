"""Gluing (the chapter's only link to myst-nb)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from provbook.chapter.prose import markdown


def glue_values(values: dict) -> None:
    """Glue every value of a section; keys ending in ``_note`` are sentences glued as Markdown
    (``{glue:md}``), the rest as plain values (``{glue:text}``)."""
    from myst_nb import glue

    for key, value in values.items():
        if isinstance(value, np.generic):  # np.float64 would paste as "np.float64(...)"
            value = value.item()
        if key.endswith("_note") and isinstance(value, str):
            value = markdown(value)
        glue(key, value, display=False)


def glue_figure(key: str, fig: Figure | None) -> None:
    """Glue a figure (the chapter's markdown pastes it with ``{glue:figure}``); None is skipped
    because the province's markdown then has no block for it."""
    from myst_nb import glue

    if fig is not None:
        glue(key, fig, display=False)
