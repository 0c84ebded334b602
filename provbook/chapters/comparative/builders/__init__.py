"""Tables and figures of the comparative chapter, a module per section of it.

Every function takes tables as loaded by :mod:`provbook.datapackage.data` and the compared province
ids and returns a DataFrame, a Figure (drawn in the book's style, :mod:`provbook.draw.charts`) or
HTML. The notebook only arranges and glues them, and each piece is tested on small synthetic tables.
Ranks, medians and growth rates come from :mod:`provbook.analysis.stats`, maps from
:mod:`provbook.draw.maps`.
"""

from __future__ import annotations

from provbook.chapters.comparative.builders.common import (
    ARTICLE_SOURCE,
    MEDIAN_LABEL,
    csv_link,
    province_colors,
    province_names,
    table_html,
)
from provbook.chapters.comparative.builders.land import (
    PEOPLE_PER_UNIT,
    industrial_land,
    land_figure,
    latest_value,
)
from provbook.chapters.comparative.builders.merger import (
    merger_map,
    merger_table,
    merger_text,
)
from provbook.chapters.comparative.builders.official import (
    average_growth,
    best_and_worst,
    common_latest_year,
    distribution,
    distribution_figure,
    rank_matrix,
    rank_table,
    standing_text,
    trajectories,
    trajectory_figure,
)
from provbook.chapters.comparative.builders.priorities import (
    codebook_table,
    coding_matrix,
    heatmap_figure,
    matrix_title,
)
from provbook.chapters.comparative.builders.targets import (
    ambition_text,
    horizons,
    range_figure,
    targets_of_kind,
    timeline_figure,
)

__all__ = [
    "ARTICLE_SOURCE",
    "MEDIAN_LABEL",
    "PEOPLE_PER_UNIT",
    "ambition_text",
    "average_growth",
    "best_and_worst",
    "codebook_table",
    "coding_matrix",
    "common_latest_year",
    "csv_link",
    "distribution",
    "distribution_figure",
    "heatmap_figure",
    "horizons",
    "industrial_land",
    "land_figure",
    "latest_value",
    "matrix_title",
    "merger_map",
    "merger_table",
    "merger_text",
    "province_colors",
    "province_names",
    "range_figure",
    "rank_matrix",
    "rank_table",
    "standing_text",
    "table_html",
    "targets_of_kind",
    "timeline_figure",
    "trajectories",
    "trajectory_figure",
]
