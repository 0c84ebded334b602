"""The 2025 merger: the unit each compared province joined, on a map and in a table."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from provbook.chapters.common.text import counted
from provbook.chapters.comparative import builders as compare
from provbook.chapters.comparative.core import (
    BOUNDARIES_NEW,
    BOUNDARIES_OLD,
    BOUNDARY_SOURCE,
    MERGER_SOURCE,
    Comparison,
    ShownTable,
    _cached,
    source_labels,
    sources_line,
)

# ---------------------------------------------------------------------------------------------
# The 2025 merger


@_cached
def merger(cmp: Comparison) -> pd.DataFrame:
    return compare.merger_table(cmp.provinces, cmp.units, cmp.ids)


def merger_values(cmp: Comparison) -> dict:
    table = merger(cmp)
    return {
        "merger_date": table["Merged on"].iloc[0],
        "n_receiving_units": int(table["unit_2025_code"].nunique()),
        "merger_partners_text": compare.merger_text(table),
        "merger_intro_text": (
            f"The {cmp.n} compared provinces went into {int(table['unit_2025_code'].nunique())} "
            "of them"
            if cmp.n > 1
            else "The compared province went into one of them"
        ),
        "merger_sources": sources_line(cmp, [BOUNDARY_SOURCE, MERGER_SOURCE]),
    }


def merger_figure(cmp: Comparison) -> Figure:
    table = merger(cmp)
    k = int(table["unit_2025_code"].nunique())
    merged_on = table["Merged on"].iloc[0]
    return compare.merger_map(
        cmp.boundary(BOUNDARIES_OLD),
        cmp.boundary(BOUNDARIES_NEW),
        cmp.provinces,
        cmp.units,
        cmp.ids,
        f"{'Each compared province is' if cmp.n > 1 else 'The compared province is'} now part "
        f"of a larger unit ({counted(k, 'unit')})",
        f"Provincial units from {merged_on} (grey, tinted where they absorbed a compared "
        "province) and the compared provinces' earlier outlines",
        sources_line(cmp, [BOUNDARY_SOURCE, MERGER_SOURCE]),
    )


def merger_table(cmp: Comparison) -> ShownTable:
    table = merger(cmp)
    table = table.assign(Source=source_labels(cmp, [MERGER_SOURCE]))
    return ShownTable(
        table[
            ["Province", "Unit from the merger", "Joined with", "Provinces in the unit", "Source"]
        ],
        "The unit each compared province joined, and with whom",
        "comparative_merger.csv",
        csv=table,
    )
