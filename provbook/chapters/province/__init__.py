"""The chapter of a pre-2025 province (``notebooks/province.md``): the one module its notebook
imports (``from provbook.chapters import province as chapter``).

Where a chapter's words live (one home each):

- fixed prose, headings and figure captions: the template's markdown cells
  (``notebooks/province.md``), with numbers and citations glued or filled in;
- sentences whose wording depends on the data (counts, singular/plural, "none"): :mod:`.prose`
  chooses them, ``provbook/words/<lang>/province.toml`` words them in each edition;
- citations of the rows shown (table Source column, figure captions, chart source lines):
  :mod:`provbook.chapters.province.citations`;
- markdown that must exist before execution (title, figure labels, optional figure blocks):
  :mod:`provbook.build.template`, filled the same way by ``provbook build``, ``provbook run`` and
  ``papermill --engine provbook``.

Modules: :mod:`.facts` (loading the province's rows and selecting from them), :mod:`.prose`
(glued values and sentences), :mod:`.tables` (tables with a CSV download), :mod:`.figures`
(charts and the locator map), :mod:`.series` (statistics to the newest year of every series:
business, FDI, population), :mod:`.outcomes` (targets set against what happened). Gluing is
:mod:`provbook.chapters.common.glue`'s. The names below are what the notebook, the template
context and the tests use.

Both editions run the same code: the figure and table builders take the edition's language
(``chapter.glance_table(facts, lang)``, ``chapter.locator_map(facts, lang)``,
``chapter.table(facts, frame, name, lang=lang)``; ``lang`` defaults to ``"en"``), and ``facts``
carries none, so a chapter's data are loaded and computed once for both. Their words live in
``provbook/words/<lang>/charts.toml`` (titles, axes, legends, source lines, table headers) and
``codebook.toml`` (the data's statuses, types, kinds, units, indicators).
"""

from __future__ import annotations

from provbook.chapters.common.edition import Edition
from provbook.chapters.common.edition import in_language as bind
from provbook.chapters.common.glue import glue_figure, glue_values
from provbook.chapters.province.citations import figure_sources, readable, source_label
from provbook.chapters.province.facts import (
    BOUNDARY_SOURCE,
    FACT_TABLES,
    MERGER_SOURCE,
    STATUS_ORDER,
    Facts,
    article_sources,
    available_figures,
    cited_sources,
    growth_targets,
    iip_record_all,
    load,
    quantitative_targets,
    results_with_plan,
    statistics_index,
)
from provbook.chapters.province.figures import (
    ambition_figure,
    grdp_figure,
    iip_figure,
    locator_map,
    parks_figure,
    pci_figure,
    priorities_figure,
    results_figure,
    standing_figure,
    targets_figure,
    timeline_figure,
)
from provbook.chapters.province.outcomes import outcomes_table, outcomes_values
from provbook.chapters.province.prose import (
    describe_target,
    documents_values,
    fact_counts_label,
    glance_values,
    headline_targets,
    parks_values,
    priorities_values,
    qualified_span,
    results_values,
    statistics_values,
    summary_points,
    summary_values,
    targets_values,
)
from provbook.chapters.province.series import (
    business_figure,
    business_values,
    fdi_figure,
    fdi_flow_over_time,
    fdi_values,
    population_revision,
    population_values,
    series_ends,
    series_ends_note,
    series_table,
)
from provbook.chapters.province.tables import (
    SHOWN,
    documents_table,
    glance_table,
    parks_table,
    priorities_table,
    projects_table,
    results_table,
    shown_columns,
    statistics_table,
    table,
    targets_table,
)


def in_language(lang: str) -> Edition:
    """This chapter's builders bound to ``lang`` ('en' or 'vi'): see
    provbook.chapters.common.edition (the one binder of the three chapters)."""
    return bind(__name__, lang)


__all__ = [
    "Edition",
    "in_language",
    "BOUNDARY_SOURCE",
    "FACT_TABLES",
    "MERGER_SOURCE",
    "SHOWN",
    "shown_columns",
    "STATUS_ORDER",
    "Facts",
    "ambition_figure",
    "article_sources",
    "available_figures",
    "business_figure",
    "business_values",
    "cited_sources",
    "describe_target",
    "documents_table",
    "documents_values",
    "fact_counts_label",
    "fdi_figure",
    "fdi_flow_over_time",
    "fdi_values",
    "figure_sources",
    "glance_table",
    "glance_values",
    "glue_figure",
    "glue_values",
    "grdp_figure",
    "growth_targets",
    "headline_targets",
    "iip_figure",
    "iip_record_all",
    "load",
    "locator_map",
    "outcomes_table",
    "outcomes_values",
    "parks_figure",
    "parks_table",
    "parks_values",
    "pci_figure",
    "population_revision",
    "population_values",
    "priorities_figure",
    "priorities_table",
    "priorities_values",
    "projects_table",
    "qualified_span",
    "quantitative_targets",
    "readable",
    "results_figure",
    "results_table",
    "results_values",
    "results_with_plan",
    "series_ends",
    "series_ends_note",
    "series_table",
    "source_label",
    "standing_figure",
    "statistics_index",
    "statistics_table",
    "statistics_values",
    "summary_points",
    "summary_values",
    "table",
    "targets_figure",
    "targets_table",
    "targets_values",
    "timeline_figure",
]
