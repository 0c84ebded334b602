"""The comparative chapter's builders: glued values, figures and tables, all from ``data/``.

The chapter notebook (``notebooks/comparative.md``) is prose and thin calls, as the province
chapter is: it loads one :class:`Comparison` for the compared ids and calls one builder per
section (``*_values`` dicts of glue keys, ``*_figure`` figures, ``*_table`` tables). One module
per section; :mod:`provbook.chapters.comparative.argument` sets the plans against the data. The
drawing and table primitives live in :mod:`provbook.chapters.comparative.builders`; this package
decides what the chapter says. Every count and list of provinces, sources and parks comes from the
data, so a province may have any number of sources (or none).
"""

from provbook.chapters.comparative import argument
from provbook.chapters.comparative import plans2030 as plans2030
from provbook.chapters.comparative.core import (
    BOUNDARIES_NEW,
    BOUNDARIES_OLD,
    Comparison,
    ShownTable,
    glue_figure,
    glue_values,
    load,
    overview_values,
    province_sources,
    source_label,
    source_labels,
    sources_line,
    sources_text,
)
from provbook.chapters.comparative.land import land, land_figure, land_table, land_values
from provbook.chapters.comparative.merger import merger, merger_figure, merger_table, merger_values
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
    "glue_figure",
    "glue_values",
    "growth_figure",
    "growth_targets",
    "growth_values",
    "horizons",
    "horizons_figure",
    "instruments_figure",
    "land",
    "land_figure",
    "land_table",
    "land_values",
    "load",
    "matrices",
    "measures",
    "merger",
    "merger_figure",
    "merger_table",
    "merger_values",
    "overview_values",
    "pci_figure",
    "priorities_values",
    "province_sources",
    "ranks_table",
    "sectors_figure",
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
]
