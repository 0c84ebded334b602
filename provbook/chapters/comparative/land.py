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
    decimals,
    only_text,
    province_colors,
    province_names,
    rows_of,
    source_labels,
    sources_line,
)
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import join_names
from provbook.words import say

W = "comparative.land"

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
    lang: str = "en",
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
    other = say(f"{W}.figure.other", lang)
    counts.columns = ["KCN", "CCN", other]
    charts.draw_stacked_hbars(
        axes[0],
        counts,
        colors={"KCN": KIND_COLORS["KCN"], "CCN": KIND_COLORS["CCN"], other: KIND_COLORS["other"]},
        total_format=lambda total: words.number(total, 0, lang=lang),
    )
    axes[0].set_xlabel(say(f"{W}.figure.named", lang))
    for ax, column, digits, per in zip(
        axes[1:], ["ha per 1,000 km²", "ha per 1,000 people"], [1, 3], ["km", "people"], strict=True
    ):
        values = table.loc[ids, column]
        charts.draw_hbars(
            ax,
            list(table.loc[ids, "Province"]),
            values.tolist(),
            colors=[colors[p] for p in ids],
            value_labels=[
                say(f"{W}.figure.no_area", lang)
                if pd.isna(v)
                else words.number(v, digits, lang=lang)
                for v in values
            ],
        )
        ax.set_xlabel(say(f"{W}.figure.per_{per}", lang))
    return charts.finish(fig, title, subtitle, source, lang=lang)


# ---------------------------------------------------------------------------------------------
# The section for a Comparison: what the chapter glues, draws and shows


@cached
def land(cmp: Comparison) -> pd.DataFrame:
    """Industrial land per compared province, each park counted once (data.distinct_parks):
    a park two sources name adds its largest stated area, not both."""
    return industrial_land(data.distinct_parks(cmp.parks), cmp.statistics, cmp.provinces, cmp.ids)


def counted_once_text(cmp: Comparison, lang: str = "en") -> str:
    """Which figure a park named in several rows contributes, for the land section (the rule
    is data.DISTINCT_PARK_RULE, said in each language)."""
    rows = rows_of(cmp, cmp.parks)
    merged = data.distinct_parks(rows)
    merged = merged[merged["mentions"] > 1] if len(merged) else merged
    if merged.empty:
        return say(f"{W}.once.none", lang)
    return say(f"{W}.once.some", lang, count=len(merged), rule=say(f"{W}.once.rule", lang))


def _years_text(table: pd.DataFrame, column: str, lang: str = "en") -> str:
    years = sorted(int(y) for y in table[column].dropna().unique())
    if not years:
        return say(f"{W}.no_year", lang)
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _land_sources(cmp: Comparison) -> tuple[list[str], list[str]]:
    parks = list(dict.fromkeys(rows_of(cmp, cmp.parks)["source_id"]))
    rows = rows_of(cmp, cmp.statistics)
    official = list(dict.fromkeys(rows[rows["indicator"].isin([AREA, POPULATION])]["source_id"]))
    return parks, official


def _parks_intro(
    n_parks: int, kinds: list[str], n_area: int, stated: list[str], lang: str = "en"
) -> str:
    key = f"{W}.intro"
    if not n_parks:
        return say(f"{key}.none", lang)
    area = (
        say(f"{key}.area", lang, k=n_area, names=join_names(stated, lang=lang))
        if n_area
        else say(f"{key}.no_area", lang)
    )
    return say(
        f"{key}.lead",
        lang,
        named=say(f"{W}.zones", lang, count=n_parks),
        kinds=join_names(kinds, lang=lang),
        area=area,
    )


def land_values(cmp: Comparison, lang: str = "en") -> dict:
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
        say(f"{W}.kind.{kind}", lang, count=k)
        for kind, k in (
            ("kcn", int(table["KCN named"].sum())),
            ("ccn", int(table["CCN named"].sum())),
            ("other", int(table["Other zones named"].sum())),
        )
        if k
    ]
    return {
        "parks_intro_text": _parks_intro(n_parks, kinds, n_area, list(stated["Province"]), lang),
        "land_synthesis_text": (
            say(
                f"{W}.synthesis",
                lang,
                count=n_parks,
                zones=say(f"{W}.zones", lang, count=n_parks),
                area=say(f"{W}.none", lang) if n_area == 0 else n_area,
            )
            if n_parks
            else say(f"{W}.no_zones", lang)
        ),
        "n_parks": n_parks,
        "n_kcn": int(table["KCN named"].sum()),
        "n_ccn": int(table["CCN named"].sum()),
        "n_with_area": int(table["With area stated"].sum()),
        "area_provinces": join_names(
            list(stated["Province"]), empty=say(f"{W}.nobody", lang), lang=lang
        ),
        "no_parks_text": (
            say(f"{W}.without", lang, names=join_names(without, lang=lang))
            if without
            else say(f"{W}.every", lang)
        ),
        "area_year": _years_text(table, "Area year", lang),
        "population_year": _years_text(table, "Population year", lang),
        "land_density_text": "; ".join(
            say(
                f"{W}.density",
                lang,
                name=row["Province"],
                km=words.number(row["ha per 1,000 km²"], lang=lang),
                people=words.number(row["ha per 1,000 people"], 3, lang=lang),
            )
            for _, row in stated.iterrows()
        )
        or say(f"{W}.no_density", lang),
        "land_sources": sources_line(cmp, parks + official, lang),
        "parks_counted_once_text": counted_once_text(cmp, lang),
    }


def land_figure(cmp: Comparison, lang: str = "en") -> Figure:
    """The section's chart (:func:`draw_land` of :func:`land`), titled by who states an area."""
    table = land(cmp)
    stated = table[table["With area stated"] > 0]
    parks, official = _land_sources(cmp)
    return draw_land(
        table,
        cmp.ids,
        only_text(cmp, list(stated.index), f"{W}.stated_title", lang),
        say(
            f"{W}.figure.subtitle",
            lang,
            area=_years_text(table, "Area year", lang),
            population=_years_text(table, "Population year", lang),
        ),
        sources_line(cmp, parks + official, lang),
        lang,
    )


def land_table(cmp: Comparison, lang: str = "en") -> ShownTable:
    table = land(cmp)
    parks = rows_of(cmp, cmp.parks)
    table = table.assign(
        Source=[
            source_labels(cmp, parks.loc[parks["province_id"] == p, "source_id"], lang) or "–"
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
    head = {c: say(f"{W}.table.{i}", lang) for i, c in enumerate(shown)}
    return ShownTable(
        table[shown].rename(columns=head),
        say(f"{W}.table.caption", lang),
        "comparative_land.csv",
        {
            head["Stated area (ha)"]: decimals(1, lang, thousands=True),
            head["ha per 1,000 km²"]: decimals(1, lang, thousands=True),
            head["ha per 1,000 people"]: decimals(3, lang, thousands=True),
        },
        csv=table.reset_index(),
        lang=lang,
    )
