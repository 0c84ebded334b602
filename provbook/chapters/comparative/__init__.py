"""The comparative chapter (``notebooks/comparative.md``): the one module its notebook imports
(``from provbook.chapters import comparative as chapter``), as the province chapters do.

The notebook is prose and thin calls: it loads one :class:`Comparison` for the compared ids and
calls one builder per section (``*_values`` dicts of glue keys, ``*_figure`` figures, ``*_table``
tables). One module per section, each holding both the tables and figures drawn from the data
tables (tested on small synthetic tables) and what the chapter says about them:

- :mod:`.core`: what the sections share: loading (:class:`Comparison`), province names and
  colours, source labels and lines, shown tables with a CSV download (:class:`ShownTable`), and
  the introduction's counts;
- :mod:`.targets`, :mod:`.priorities`, :mod:`.land`, :mod:`.official`, :mod:`.merger`: the
  sections on targets and horizons, priority sectors and instruments, industrial land, the
  official statistics, and the 2025 merger;
- :mod:`.synthesis`: the synthesis's sentences, reusing the sections' tables;
- :mod:`.argument`: each province's plan set against its own data (reached as
  ``chapter.argument``);
- :mod:`.units_2025`: the 34 provinces formed on 2025-07-01 ranked on the statistics office's
  figures, and :mod:`.plans2030`: their targets to 2030 (``chapter.units_2025``,
  ``chapter.plans2030``).

Gluing is :mod:`provbook.chapters.common.glue`'s, the same as the province chapters'. Every
count and list of provinces, sources and parks comes from the data, so a province may have any
number of sources (or none).
"""

from __future__ import annotations

from matplotlib.figure import Figure

from provbook.chapters.common import glue
from provbook.chapters.common.notebook import setup
from provbook.chapters.comparative import argument, plans2030, units_2025
from provbook.chapters.comparative.core import (
    BOUNDARIES_NEW,
    BOUNDARIES_OLD,
    Comparison,
    ShownTable,
    load,
    overview_values,
    province_sources,
    source_label,
    source_labels,
    sources_line,
    sources_text,
)
from provbook.chapters.comparative.edition import Edition, in_language
from provbook.chapters.comparative.land import land_figure, land_table, land_values
from provbook.chapters.comparative.merger import merger_figure, merger_table, merger_values
from provbook.chapters.comparative.official import (
    distribution_figure,
    distributions,
    measures,
    pci_figure,
    ranks_table,
    statistics_sources,
    statistics_values,
)
from provbook.chapters.comparative.priorities import (
    codebook_table,
    coded_ids,
    instruments_figure,
    matrices,
    priorities_values,
    sectors_figure,
)
from provbook.chapters.comparative.synthesis import synthesis_values
from provbook.chapters.comparative.targets import (
    growth_figure,
    growth_targets,
    growth_values,
    horizons,
    horizons_figure,
    share_targets,
    shares_figure,
    targets_table,
)


def glue_values(values: dict, show: bool = False) -> None:
    """:func:`provbook.chapters.common.glue.glue_values`, by default without the researcher
    view: this chapter's glue cells are tagged ``remove-input``, not ``remove-cell``, so what a
    cell displays is printed in the book (``show=True`` for a notebook read in JupyterLab)."""
    glue.glue_values(values, show)


def glue_figure(key: str, fig: Figure | None, show: bool = False) -> None:
    """:func:`provbook.chapters.common.glue.glue_figure`, by default without showing the figure
    under the cell (for the reason :func:`glue_values` gives)."""
    glue.glue_figure(key, fig, show)


__all__ = [
    "BOUNDARIES_NEW",
    "BOUNDARIES_OLD",
    "Comparison",
    "ShownTable",
    "argument",
    "codebook_table",
    "coded_ids",
    "distribution_figure",
    "distributions",
    "Edition",
    "glue_figure",
    "glue_values",
    "growth_figure",
    "growth_targets",
    "growth_values",
    "horizons",
    "horizons_figure",
    "in_language",
    "instruments_figure",
    "land_figure",
    "land_table",
    "land_values",
    "load",
    "matrices",
    "measures",
    "merger_figure",
    "merger_table",
    "merger_values",
    "overview_values",
    "pci_figure",
    "plans2030",
    "priorities_values",
    "province_sources",
    "ranks_table",
    "sectors_figure",
    "setup",
    "share_targets",
    "shares_figure",
    "source_label",
    "source_labels",
    "sources_line",
    "sources_text",
    "statistics_sources",
    "statistics_values",
    "synthesis_values",
    "targets_table",
    "units_2025",
]
