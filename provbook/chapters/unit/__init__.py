"""The chapter of a province formed on 2025-07-01 (``notebooks/unit.md``): the one module its
notebook imports (``from provbook.chapters import unit as chapter``).

Words live as in :mod:`provbook.chapters.province`: fixed prose and captions in the template,
sentences that depend on the data in :mod:`.prose`, tables in :mod:`.tables`, figures in
:mod:`.figures`, loading and the computed figures of a new province in :mod:`.facts`, and the
section "Plans to 2030" in :mod:`.plans2030` (reached as ``chapter.plans2030``). Every figure says
where it comes from: published by the statistics office for the new province, or computed by the
book from its old parts by the indicator's rule (:mod:`provbook.analysis.aggregate`); indicators
without a valid rule are shown part by part, never averaged. Gluing is
:mod:`provbook.chapters.common.glue`'s.
"""

from __future__ import annotations

from provbook.chapters.common.edition import Edition
from provbook.chapters.common.edition import in_language as bind
from provbook.chapters.common.glue import glue_figure, glue_values
from provbook.chapters.unit import plans2030
from provbook.chapters.unit.facts import (
    BOUNDARY_SOURCE,
    COMPUTED,
    MERGER_SOURCE,
    OFFICE_SOURCE,
    SIDE_BY_SIDE,
    computed,
    consistency,
    grdp_sources,
    load,
    part_chapter,
    parts_with_facts,
    side_by_side,
)
from provbook.chapters.unit.figures import grdp_figure, locator_map, parts_figure
from provbook.chapters.unit.prose import (
    consistency_values,
    formation_note,
    glance_values,
    parts_facts_values,
    side_by_side_note,
    statistics_values,
    structure_note,
)
from provbook.chapters.unit.tables import (
    PART_COLUMN,
    computed_table,
    office_table,
    parts_facts_table,
    parts_tables,
    side_by_side_table,
    table,
)


def in_language(lang: str) -> Edition:
    """This chapter's builders bound to ``lang`` ('en' or 'vi'): see
    provbook.chapters.common.edition (the one binder of the three chapters)."""
    return bind(__name__, lang)


__all__ = [
    "Edition",
    "in_language",
    "BOUNDARY_SOURCE",
    "COMPUTED",
    "MERGER_SOURCE",
    "OFFICE_SOURCE",
    "PART_COLUMN",
    "SIDE_BY_SIDE",
    "computed",
    "computed_table",
    "consistency",
    "consistency_values",
    "formation_note",
    "glance_values",
    "glue_figure",
    "glue_values",
    "grdp_figure",
    "grdp_sources",
    "load",
    "locator_map",
    "office_table",
    "part_chapter",
    "parts_facts_table",
    "parts_facts_values",
    "parts_figure",
    "parts_tables",
    "parts_with_facts",
    "plans2030",
    "side_by_side",
    "side_by_side_note",
    "side_by_side_table",
    "statistics_values",
    "structure_note",
    "table",
]
