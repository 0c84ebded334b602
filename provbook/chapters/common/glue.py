"""Gluing (the chapter's only link to myst-nb), readable in JupyterLab too.

The book pastes glued values and figures into its markdown; the cells that glue are tagged
``remove-cell`` in the template, so the book shows nothing of them. A researcher who opens the
executed notebook (``provbook run``, ``papermill --engine provbook``) sees, under each such
cell, what it glued: the sentences, a table of the values by key (the key the markdown's
``{glue:text}`` role names) and the figures.
"""

from __future__ import annotations

import numpy as np
from IPython.display import Markdown
from matplotlib.figure import Figure

from provbook import text as words
from provbook.text import markdown, md_escape


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value  # not "np.float64(...)"


def values_view(values: dict):
    """The glued values as a researcher reads them: sentences as text, the rest keyed."""
    notes = [md_escape(v) for k, v in values.items() if k.endswith("_note") and isinstance(v, str)]
    notes += [v.data for v in values.values() if isinstance(v, Markdown)]  # already Markdown
    rows = []
    for key, value in values.items():
        value = _plain(value)
        if key.endswith("_note") or not isinstance(value, int | float | str):
            continue
        shown = words.number(value, 2) if isinstance(value, float) else str(value)
        rows.append(f"| `{key}` | {md_escape(shown)} |")
    text = "\n\n".join(notes)
    if rows:
        text += "\n\n| glued value | |\n|---|---|\n" + "\n".join(rows)
    return markdown(text.strip(), escape=False)


def glue_values(values: dict, show: bool = True) -> None:
    """Glue every value of a section; keys ending in ``_note`` are sentences glued as Markdown
    (``{glue:md}``), the rest as plain values (``{glue:text}``). ``show`` also displays them
    for a reader of the notebook (see the module docstring)."""
    from IPython.display import display
    from myst_nb import glue

    for key, value in values.items():
        value = _plain(value)
        if key.endswith("_note") and isinstance(value, str):
            value = markdown(value)
        glue(key, value, display=False)
    if show:
        display(values_view(values))


def glue_figure(key: str, fig: Figure | None, show: bool = True) -> None:
    """Glue a figure (the chapter's markdown pastes it with ``{glue:figure}``) and show the same
    image to a reader of the notebook (rendered once); None is skipped because the province's
    markdown then has no block for it."""
    from IPython.core.formatters import format_display_data
    from IPython.display import display
    from myst_nb.ext.glue import GLUE_PREFIX

    if fig is None:
        return
    # What myst_nb.glue(key, fig, display=False) writes, without rendering the PNG twice.
    bundle, metadata = format_display_data(fig)
    record = {**metadata, "scrapbook": {"name": key, "mime_prefix": GLUE_PREFIX}}
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=record)
    if show:
        display(bundle, raw=True, metadata=metadata)
