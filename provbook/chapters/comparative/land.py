"""Industrial parks and clusters named, and their stated area against land and people."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from provbook.chapters.common.text import counted, join_names, plural
from provbook.chapters.comparative import builders as compare
from provbook.chapters.comparative.core import (
    AREA,
    POPULATION,
    Comparison,
    ShownTable,
    _cached,
    _only_text,
    _rows_of,
    source_labels,
    sources_line,
)
from provbook.datapackage import data
from provbook.draw import charts

# ---------------------------------------------------------------------------------------------
# Industrial land


@_cached
def land(cmp: Comparison) -> pd.DataFrame:
    """Industrial land per compared province, each park counted once (data.distinct_parks):
    a park two sources name adds its largest stated area, not both."""
    return compare.industrial_land(
        data.distinct_parks(cmp.parks), cmp.statistics, cmp.provinces, cmp.ids
    )


def counted_once_text(cmp: Comparison) -> str:
    """Which figure a park named in several rows contributes, for the land section."""
    rows = _rows_of(cmp, cmp.parks)
    merged = data.distinct_parks(rows)
    merged = merged[merged["mentions"] > 1] if len(merged) else merged
    if merged.empty:
        return "No park or cluster is named in more than one row"
    n = len(merged)
    return (
        f"{plural(n, 'park or cluster', 'parks and clusters')} named in more than one row "
        f"{'is' if n == 1 else 'are'} counted once, with the {data.DISTINCT_PARK_RULE}"
    )


def _years_text(table: pd.DataFrame, column: str) -> str:
    years = sorted(int(y) for y in table[column].dropna().unique())
    if not years:
        return "no year"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _land_sources(cmp: Comparison) -> tuple[list[str], list[str]]:
    parks = list(dict.fromkeys(_rows_of(cmp, cmp.parks)["source_id"]))
    rows = _rows_of(cmp, cmp.statistics)
    official = list(dict.fromkeys(rows[rows["indicator"].isin([AREA, POPULATION])]["source_id"]))
    return parks, official


def _parks_intro(n_parks: int, kinds: list[str], n_area: int, stated: list[str]) -> str:
    if not n_parks:
        return "The sources name no industrial park, cluster or zone for the compared provinces"
    named = plural(n_parks, "park, cluster or zone", "parks, clusters and zones")
    kinds = join_names([k for k in kinds if not k.startswith("no ")])
    area = (
        f"state an area for {n_area} of them, in {join_names(stated)}"
        if n_area
        else ("state an area for none of them")
    )
    return f"The sources name {named} for the compared provinces ({kinds}), and {area}"


def land_values(cmp: Comparison) -> dict:
    table = land(cmp)
    stated = table[table["With area stated"] > 0]
    without = [
        cmp.names[p]
        for p in cmp.ids
        if table.loc[p, ["KCN named", "CCN named", "Other zones named"]].sum() == 0
    ]
    parks, official = _land_sources(cmp)
    n_parks = int(table[["KCN named", "CCN named", "Other zones named"]].sum().sum())
    n_area = int(table["With area stated"].sum())
    kinds = [
        counted(int(table["KCN named"].sum()), "industrial park (KCN)", "industrial parks (KCN)"),
        counted(int(table["CCN named"].sum()), "cluster (CCN)", "clusters (CCN)"),
        counted(int(table["Other zones named"].sum()), "other zone"),
    ]
    return {
        "parks_intro_text": _parks_intro(n_parks, kinds, n_area, list(stated["Province"])),
        "land_synthesis_text": (
            f"{plural(n_parks, 'park, cluster or zone', 'parks, clusters and zones')} "
            f"{'is' if n_parks == 1 else 'are'} named, {'none' if n_area == 0 else n_area} "
            "with an area"
            if n_parks
            else "No park, cluster or zone is named at all"
        ),
        "n_parks": n_parks,
        "n_kcn": int(table["KCN named"].sum()),
        "n_ccn": int(table["CCN named"].sum()),
        "n_with_area": int(table["With area stated"].sum()),
        "area_provinces": join_names(list(stated["Province"]), empty="no compared province"),
        "no_parks_text": (
            f"The sources of {join_names(without)} name no park or cluster"
            if without
            else "Every compared province's sources name at least one park or cluster"
        ),
        "area_year": _years_text(table, "Area year"),
        "population_year": _years_text(table, "Population year"),
        "land_density_text": "; ".join(
            f"{row['Province']}: {charts.number(row['ha per 1,000 km²'])} ha per 1,000 km² "
            f"and {charts.number(row['ha per 1,000 people'], 3)} ha per 1,000 people"
            for _, row in stated.iterrows()
        )
        or "no density can be computed",
        "land_sources": sources_line(cmp, parks + official),
        "parks_counted_once_text": counted_once_text(cmp),
    }


def land_figure(cmp: Comparison) -> Figure:
    table = land(cmp)
    stated = table[table["With area stated"] > 0]
    parks, official = _land_sources(cmp)
    return compare.land_figure(
        table,
        cmp.ids,
        _only_text(
            cmp,
            list(stated.index),
            ("state", "states"),
            "the area of their parks and clusters"
            if len(stated) > 1
            else "the area of its parks and clusters",
            "No compared province's sources state the area of a park or cluster",
        ),
        "Parks and clusters named in the sources; their stated area per 1,000 km² of land and "
        f"per 1,000 people (area {_years_text(table, 'Area year')}, population "
        f"{_years_text(table, 'Population year')}); a park named in several rows counts once",
        sources_line(cmp, parks + official),
    )


def land_table(cmp: Comparison) -> ShownTable:
    table = land(cmp)
    parks = _rows_of(cmp, cmp.parks)
    table = table.assign(
        Source=[
            source_labels(cmp, parks.loc[parks["province_id"] == p, "source_id"]) or "–"
            for p in table.index
        ]
    )
    shown = [
        "Province",
        "KCN named",
        "CCN named",
        "Other zones named",
        "With area stated",
        "Stated area (ha)",
        "ha per 1,000 km²",
        "ha per 1,000 people",
        "Source",
    ]
    return ShownTable(
        table[shown],
        "Industrial parks and clusters named in the sources, relative to area and population",
        "comparative_land.csv",
        {
            "Stated area (ha)": "{:,.1f}",
            "ha per 1,000 km²": "{:,.1f}",
            "ha per 1,000 people": "{:,.3f}",
        },
        csv=table.reset_index(),
    )
