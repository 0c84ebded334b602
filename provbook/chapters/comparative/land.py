"""Industrial land: the parks and clusters the sources name, their stated area per land area
and per person (each park counted once), the section's chart, table and sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from matplotlib.figure import Figure

from provbook import text as words
from provbook.analysis import stats
from provbook.chapters.common.cache import cached
from provbook.chapters.comparative.core import (
    AREA,
    POPULATION,
    Comparison,
    ShownTable,
    only_text,
    province_colors,
    province_names,
    rows_of,
    source_labels,
    sources_line,
)
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import counted, join_names, plural

# ---------------------------------------------------------------------------------------------
# Tables and figures from the data tables (tested on small synthetic tables)


def latest_value(statistics: pd.DataFrame, indicator: str, ids: Iterable[str]) -> pd.DataFrame:
    """Each province's latest value of an indicator: columns province_id, year, value, unit."""
    rows = []
    units = statistics.loc[statistics["indicator"] == indicator, "unit"]
    for pid in ids:
        year = stats.latest_year(statistics, indicator, pid)
        if year is not None:
            rows.append((pid, year, stats.series(statistics, pid, indicator)[year], units.iloc[0]))
    return pd.DataFrame(rows, columns=["province_id", "year", "value", "unit"])


#: How many people one unit of a population statistic stands for.
PEOPLE_PER_UNIT = {"persons": 1, "people": 1, "thousand persons": 1000, "thousand people": 1000}


def industrial_land(
    parks: pd.DataFrame,
    statistics: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
    area_indicator: str = "area",
    population_indicator: str = "population",
) -> pd.DataFrame:
    """Parks and clusters the articles name, the area they state, and that area per 1,000 km2
    of land and per 1,000 people (each province's latest area and population in the statistics).

    A park whose article gives no area counts as named but adds nothing to the area: the
    "With area stated" column says how complete the sum is. A province with no stated area gets
    no density (missing, not zero).
    """
    names = province_names(provinces, ids)
    ids = list(ids)
    named = parks[parks["province_id"].isin(ids)]
    by_type = named.groupby(["province_id", "park_type"]).size().unstack(fill_value=0)
    by_type = by_type.reindex(index=ids, columns=["KCN", "CCN", "EZ", "other"], fill_value=0)
    with_area = named.dropna(subset=["area_ha"]).groupby("province_id")
    n_area = with_area.size().reindex(ids, fill_value=0)
    area = with_area["area_ha"].sum().reindex(ids)
    land = latest_value(statistics, area_indicator, ids).set_index("province_id").reindex(ids)
    people = latest_value(statistics, population_indicator, ids).set_index("province_id")
    unknown = set(people["unit"]) - set(PEOPLE_PER_UNIT)
    if unknown:
        raise ValueError(
            f"population unit(s) {sorted(unknown)} not understood; known: {sorted(PEOPLE_PER_UNIT)}"
        )
    thousands = (people["value"] * people["unit"].map(PEOPLE_PER_UNIT) / 1000).reindex(ids)
    people = people.reindex(ids)
    table = pd.DataFrame(
        {
            "Province": [names[p] for p in ids],
            "KCN named": by_type["KCN"].to_numpy(),
            "CCN named": by_type["CCN"].to_numpy(),
            "Other zones named": (by_type["EZ"] + by_type["other"]).to_numpy(),
            "With area stated": n_area.to_numpy(),
            "Stated area (ha)": area.to_numpy(dtype=float),
            "Land area (km²)": land["value"].to_numpy(dtype=float),
            "Area year": land["year"].astype("Int64").to_numpy(),
            "Population (thousand)": thousands.to_numpy(dtype=float),
            "Population year": people["year"].astype("Int64").to_numpy(),
        },
        index=pd.Index(ids, name="province_id"),
    )
    table["ha per 1,000 km²"] = table["Stated area (ha)"] / table["Land area (km²)"] * 1000
    table["ha per 1,000 people"] = table["Stated area (ha)"] / table["Population (thousand)"]
    return table


#: Kinds of zone in the count panel: greys, so that no kind takes a compared province's colour
#: (the area panels draw each province in its own colour).
KIND_COLORS = {"KCN": "#4A4A4A", "CCN": "#9A9A9A", "other": "#D6D6D6"}


def draw_land(
    table: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    source: str,
) -> Figure:
    """Three panels: parks and clusters named (by type), then the stated area per 1,000 km² and
    per 1,000 people; a province whose article states no area is marked, not drawn as zero.
    Draws an :func:`industrial_land` table with the titles given; :func:`land_figure` is the
    chapter's figure, titled from the data."""
    colors = province_colors(ids)
    ids = list(ids)
    # One panel a row: three side by side leave a phone-width chart no room for their labels.
    fig, axes = charts.new_figure(charts.WIDTH, 1.5 + 3 * (0.9 + 0.4 * len(ids)), nrows=3)
    counts = table.loc[ids, ["KCN named", "CCN named", "Other zones named"]]
    counts.index = list(table.loc[ids, "Province"])
    counts.columns = ["KCN", "CCN", "other"]
    charts.draw_stacked_hbars(
        axes[0],
        counts,
        colors=KIND_COLORS,
        total_format=lambda total: words.number(total, 0),
    )
    axes[0].set_xlabel("parks and clusters named")
    for ax, column, digits in zip(
        axes[1:], ["ha per 1,000 km²", "ha per 1,000 people"], [1, 3], strict=True
    ):
        values = table.loc[ids, column]
        charts.draw_hbars(
            ax,
            list(table.loc[ids, "Province"]),
            values.tolist(),
            colors=[colors[p] for p in ids],
            value_labels=[
                "no area stated" if pd.isna(v) else words.number(v, digits) for v in values
            ],
        )
        ax.set_xlabel(f"stated {column}")
    return charts.finish(fig, title, subtitle, source)


# ---------------------------------------------------------------------------------------------
# The section for a Comparison: what the chapter glues, draws and shows


@cached
def land(cmp: Comparison) -> pd.DataFrame:
    """Industrial land per compared province, each park counted once (data.distinct_parks):
    a park two sources name adds its largest stated area, not both."""
    return industrial_land(data.distinct_parks(cmp.parks), cmp.statistics, cmp.provinces, cmp.ids)


def counted_once_text(cmp: Comparison) -> str:
    """Which figure a park named in several rows contributes, for the land section."""
    rows = rows_of(cmp, cmp.parks)
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
    parks = list(dict.fromkeys(rows_of(cmp, cmp.parks)["source_id"]))
    rows = rows_of(cmp, cmp.statistics)
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
            f"{row['Province']}: {words.number(row['ha per 1,000 km²'])} ha per 1,000 km² "
            f"and {words.number(row['ha per 1,000 people'], 3)} ha per 1,000 people"
            for _, row in stated.iterrows()
        )
        or "no density can be computed",
        "land_sources": sources_line(cmp, parks + official),
        "parks_counted_once_text": counted_once_text(cmp),
    }


def land_figure(cmp: Comparison) -> Figure:
    """The section's chart (:func:`draw_land` of :func:`land`), titled by who states an area."""
    table = land(cmp)
    stated = table[table["With area stated"] > 0]
    parks, official = _land_sources(cmp)
    return draw_land(
        table,
        cmp.ids,
        only_text(
            cmp,
            list(stated.index),
            "comparative.land.stated_title",
            "en",
            whose="their" if len(stated) > 1 else "its",
        ),
        "Parks and clusters named in the sources; their stated area per 1,000 km² of land and "
        f"per 1,000 people (area {_years_text(table, 'Area year')}, population "
        f"{_years_text(table, 'Population year')}); a park named in several rows counts once",
        sources_line(cmp, parks + official),
    )


def land_table(cmp: Comparison) -> ShownTable:
    table = land(cmp)
    parks = rows_of(cmp, cmp.parks)
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
