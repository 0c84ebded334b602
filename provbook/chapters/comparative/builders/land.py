"""Industrial land: the parks and clusters the articles name, their stated area per land area
and per person, and its chart."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from matplotlib.figure import Figure

from provbook.analysis import stats
from provbook.chapters.comparative.builders.common import (
    province_colors,
    province_names,
)
from provbook.draw import charts


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


def land_figure(
    table: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    source: str,
) -> Figure:
    """Three panels: parks and clusters named (by type), then the stated area per 1,000 km² and
    per 1,000 people; a province whose article states no area is marked, not drawn as zero."""
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
        total_format=lambda total: charts.number(total, 0),
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
                "no area stated" if pd.isna(v) else charts.number(v, digits) for v in values
            ],
        )
        ax.set_xlabel(f"stated {column}")
    return charts.finish(fig, title, subtitle, source)
