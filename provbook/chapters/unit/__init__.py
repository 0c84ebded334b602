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

import functools
import sys
import types

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


class Edition:
    """The chapter in one language: ``edition("vi").office_table(facts)`` is
    ``office_table(facts, lang="vi")``. Every builder that takes ``lang`` gets the edition's;
    the rest (``load``, ``glue_values``, constants) are the module's own, and the section module
    ``plans2030`` is bound the same way. The notebook binds it once, in its hidden first cell,
    so the cells a reader can open read the same in both editions."""

    def __init__(self, module: types.ModuleType, lang: str) -> None:
        from provbook.text import check_lang

        check_lang(lang)
        self._module = module
        self.lang = lang

    def __getattr__(self, name: str):
        from provbook.chapters.unit.tables import takes_lang

        value = getattr(self._module, name)
        if isinstance(value, types.ModuleType):
            return Edition(value, self.lang)
        if callable(value) and not isinstance(value, type) and takes_lang(value):
            return functools.partial(value, lang=self.lang)
        return value


def edition(lang: str) -> Edition:
    """This chapter's builders in ``lang`` ('en' or 'vi')."""
    return Edition(sys.modules[__name__], lang)


__all__ = [
    "Edition",
    "edition",
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
