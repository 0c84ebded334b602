"""The comparison across the 34 provinces formed on 2025-07-01: their rank on the statistics
office's own figures (GRDP per capita, real growth, share of industry and construction, newest
year of each) and a map shaded by one of them, with the new homes of the article provinces
highlighted. Only published figures are ranked: nothing is computed from old provinces here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure

from provbook.analysis import stats
from provbook.datapackage import data
from provbook.draw import charts, maps
from provbook.text import join_names, plural

#: Ranked indicators of statistics_2025.csv, in the order of the table.
RANKED = ("grdp_per_capita", "grdp_real_growth", "grdp_share_industry_construction")
#: The indicator the map is shaded by.
SHADED = "grdp_per_capita"
OFFICE_SOURCE = "nso_units_2025"
BOUNDARY_SOURCE = "odv_boundaries"
STATUS_WORDS = {"official": "official", "preliminary": "preliminary", "estimate": "estimate"}


@dataclass
class Units2025:
    """The 34 new provinces, the office's figures, and which ones hold an article province."""

    units: pd.DataFrame
    statistics: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    homes: list[str]
    data_dir: object = None
    sources: pd.DataFrame | None = None

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.units["unit_2025_id"], self.units["name_vi"], strict=True))


def load(provinces: list[str], data_dir=None) -> Units2025:
    """The new provinces with the new homes of ``provinces`` (old ids, e.g. the compared ones)."""
    units = data.units_2025(data_dir)
    old = data.provinces(data_dir)
    codes = old.set_index("province_id")["unit_2025_code"]
    unknown = [p for p in provinces if p not in codes.index]
    if unknown:
        raise ValueError(f"unknown province id(s) before 2025: {', '.join(unknown)}")
    home_codes = {int(codes[p]) for p in provinces}
    homes = sorted(units.loc[units["unit_2025_code"].astype(int).isin(home_codes), "unit_2025_id"])
    return Units2025(
        units=units,
        statistics=data.statistics_2025(data_dir),
        indicators=data.indicators(data_dir),
        provinces=old,
        homes=homes,
        data_dir=data_dir,
        sources=data.sources(data_dir),
    )


def newest_year(view: Units2025, indicator: str) -> int:
    """The newest year the office published the indicator for."""
    rows = view.statistics[view.statistics["indicator"] == indicator]
    return int(rows["year"].max())


def _values(view: Units2025, indicator: str, year: int) -> pd.DataFrame:
    rows = view.statistics[
        (view.statistics["indicator"] == indicator) & (view.statistics["year"].astype(int) == year)
    ]
    return rows.set_index("unit_2025_id")[["value", "status"]]


def ranking(view: Units2025) -> pd.DataFrame:
    """One row per new province: value and rank (1 = highest) of each ranked indicator in its
    newest year; a province without a published figure has no value and no rank."""
    frame = view.units[["unit_2025_id", "name_vi"]].set_index("unit_2025_id")
    for indicator in RANKED:
        year = newest_year(view, indicator)
        values = _values(view, indicator, year)["value"]
        frame[indicator] = values.reindex(frame.index)
        frame[f"{indicator}_rank"] = frame[indicator].rank(ascending=False, method="min")
    frame["home"] = frame.index.isin(view.homes)
    return frame.sort_values(f"{RANKED[0]}_rank").reset_index()


def ranking_table(view: Units2025) -> pd.DataFrame:
    """The ranking as readers see it: names, figures with their year and unit, ranks."""
    ranked = ranking(view)
    labels = view.indicators.set_index("indicator")
    table = pd.DataFrame({"Province since 2025": ranked["name_vi"]})
    for indicator in RANKED:
        row = labels.loc[indicator]
        year = newest_year(view, indicator)
        status = STATUS_WORDS.get(_values(view, indicator, year)["status"].iloc[0], "")
        table[f"{row['label']}, {year} ({status}), {row['unit']}"] = ranked[indicator].round(2)
        table[f"Rank, {row['label'].lower()}"] = ranked[f"{indicator}_rank"].astype("Int64")
    table["Holds a province the sources describe"] = ranked["home"].map({True: "yes", False: ""})
    return table


def ranking_values(view: Units2025) -> dict:
    """Glued values: years, counts, the top province and the article provinces' new homes."""
    ranked = ranking(view).set_index("unit_2025_id")
    grdp_year = newest_year(view, "grdp_per_capita")
    share = "grdp_share_industry_construction"
    top = ranked["grdp_per_capita"].idxmax()
    homes = [
        f"{view.names[u]} ({stats.ordinal(int(ranked.loc[u, 'grdp_per_capita_rank']))})"
        for u in ranked.sort_values("grdp_per_capita_rank").index
        if u in view.homes
    ]
    missing_share = int(ranked[share].isna().sum())
    return {
        "units_count": len(ranked),
        "units_grdp_year": grdp_year,
        "units_growth_year": newest_year(view, "grdp_real_growth"),
        "units_share_year": newest_year(view, share),
        "units_top_name": view.names[top],
        "units_top_grdp": float(ranked.loc[top, "grdp_per_capita"]),
        "units_homes_text": join_names(homes),
        "units_homes_count": plural(len(homes), "province"),
        "units_share_missing_text": (
            "the office published it for every new province"
            if missing_share == 0
            else f"the office has not published it for {plural(missing_share, 'province')}, "
            "which are left unranked"
        ),
    }


def figure_sources(view: Units2025, indicator: str = SHADED) -> dict[str, list[str]]:
    """Source ids of the rows each figure draws: the indicator's rows of its newest year (each
    row's own source), and for the map the boundaries it draws too. Captions cite these."""
    year = newest_year(view, indicator)
    rows = list(dict.fromkeys(stats.row_sources(view.statistics, [indicator], [year])))
    return {"map": [*rows, BOUNDARY_SOURCE], "rank": rows}


def sources_line(view: Units2025, ids) -> str:
    """The source line under a chart, labelled as the comparative chapter names sources."""
    from provbook.chapters.comparative.core import label_of, line_of

    sources = view.sources if view.sources is not None else data.sources(view.data_dir)
    labels = "; ".join(dict.fromkeys(label_of(sources, view.provinces, s) for s in ids))
    return f"{line_of(labels)} Chart: provbook."


def shaded_map(view: Units2025, indicator: str = SHADED) -> Figure:
    """The 34 new provinces shaded by an office figure; the article provinces' new homes outlined
    and numbered in a key (few, legible labels); the archipelagos named."""
    year = newest_year(view, indicator)
    values = _values(view, indicator, year)["value"]
    geometries = maps.features_by(data.boundaries("units_34", view.data_dir), "unit_2025_code")
    code_of = dict(zip(view.units["unit_2025_id"], view.units["unit_2025_code"], strict=True))
    row = view.indicators.set_index("indicator").loc[indicator]
    norm = Normalize(vmin=float(values.min()), vmax=float(values.max()))
    # Blues without its near-white end: the lowest value stays visible on a white page, and
    # the colour bar shows exactly the colours drawn.
    cmap = ListedColormap(colormaps["Blues"](np.linspace(0.15, 1.0, 256)))
    fig, ax = charts.new_figure(charts.WIDTH * 0.8, 6.0)
    for unit, code in code_of.items():
        value = values.get(unit, math.nan)
        color = "#EEEEEE" if math.isnan(value) else cmap(norm(value))
        maps.draw(ax, [geometries[str(int(code))]], facecolor=color, edgecolor="white")
    homes = [geometries[str(int(code_of[u]))] for u in view.homes]
    maps.draw(ax, homes, facecolor="none", edgecolor=charts.HIGHLIGHT, linewidth=1.8, zorder=5)
    maps.frame(ax, maps.bounds(geometries.values()))
    codes = dict(zip(view.provinces["province_id"], view.provinces["unit_2025_code"], strict=True))
    for pid, label in maps.ARCHIPELAGOS.items():
        maps.mark_offshore(
            ax,
            geometries[str(int(codes[pid]))],
            label,
            fontsize=charts.MIN_TEXT_SIZE,
            color=charts.SUBTLE,
            lift=3,
        )
    bar = fig.colorbar(
        ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, location="left", pad=0.02
    )
    bar.set_label(f"{row['label']}, {row['unit']}", fontsize=charts.LABEL_SIZE)
    bar.ax.tick_params(labelsize=charts.MIN_TEXT_SIZE)
    ranked = ranking(view).set_index("unit_2025_id")
    top = ranked[indicator].idxmax()
    title = (
        f"{view.names[top]} has the highest {str(row['label'])} of the {len(ranked)} provinces "
        f"in {year}"
    )
    return charts.finish(
        fig,
        title,
        f"{row['label']} in {year}, by province since the merger; red outline: new home of a "
        "province the book's sources describe",
        sources_line(view, figure_sources(view, indicator)["map"]),
        alt=f"Map of Vietnam's {len(ranked)} provinces since 2025 shaded by "
        f"{str(row['label']).lower()}, with {join_names([view.names[u] for u in view.homes])} "
        "outlined.",
    )


def rank_figure(view: Units2025, indicator: str = SHADED) -> Figure:
    """Bars of the 34 new provinces on one office figure, the article provinces' homes in
    colour: the ranking the map shades."""
    year = newest_year(view, indicator)
    ranked = ranking(view).dropna(subset=[indicator]).sort_values(indicator)
    row = view.indicators.set_index("indicator").loc[indicator]
    fig, ax = charts.new_figure(charts.WIDTH, 0.2 * len(ranked) + 1.6)
    colors = [charts.HIGHLIGHT if home else charts.OTHERS for home in ranked["home"]]
    ax.barh(ranked["name_vi"], ranked[indicator], color=colors, height=0.7)
    ax.tick_params(axis="y", labelsize=charts.MIN_TEXT_SIZE)
    ax.set_xlabel(f"{row['label']}, {row['unit']} ({year})")
    homes = ranked[ranked["home"]]
    return charts.finish(
        fig,
        f"The new homes of the described provinces rank between "
        f"{stats.ordinal(int(homes[f'{indicator}_rank'].min()))} and "
        f"{stats.ordinal(int(homes[f'{indicator}_rank'].max()))} of {len(ranked)}",
        f"{row['label']} of the provinces since 2025, {year}; in colour: new home of a province "
        "the book's sources describe",
        sources_line(view, figure_sources(view, indicator)["rank"]),
        alt=f"Bar chart of {str(row['label']).lower()} of the {len(ranked)} provinces since 2025.",
    )


def shown_ranking(view: Units2025):
    """The ranking with its CSV download, as the comparison shows it."""
    from provbook.chapters.province.tables import DownloadableTable

    table = ranking_table(view)
    table["Source"] = "NSO (2025)"
    return DownloadableTable(
        table,
        "comparative-provinces-since-2025.csv",
        "The provinces since 2025 on the statistics office's own figures, rank 1 the highest",
    )
