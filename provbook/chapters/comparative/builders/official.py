"""Official statistics: where the compared provinces stand among all (distributions, ranks,
trajectories), and the sentences that read those tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from provbook.analysis import stats
from provbook.chapters.common.text import join_names
from provbook.chapters.comparative.builders.common import (
    MEDIAN_LABEL,
    province_colors,
    province_names,
)
from provbook.draw import charts


def common_latest_year(statistics: pd.DataFrame, indicator: str, ids: Iterable[str]) -> int:
    """Latest year in which every compared province has a value of the indicator."""
    rows = statistics[statistics["indicator"] == indicator].dropna(subset=["value"])
    wanted = set(ids)
    found = [int(y) for y, group in rows.groupby("year") if wanted <= set(group["province_id"])]
    if not found:
        raise ValueError(f"no year of {indicator!r} has a value for all of {sorted(wanted)}")
    return max(found)


def average_growth(statistics: pd.DataFrame, indicator: str) -> pd.Series:
    """Compound average yearly growth (%) of every province over all years of an index with the
    previous year = 100; a province missing a year gets none (stats.average_annual_growth)."""
    span = stats.years(statistics, indicator)
    rows = statistics[
        (statistics["indicator"] == indicator) & (statistics["province_id"] != stats.NATIONAL)
    ]
    wide = rows.pivot_table(index="province_id", columns="year", values="value", aggfunc="first")
    wide = wide.reindex(columns=span)
    values = pd.Series(
        {pid: stats.average_annual_growth(row.tolist()) for pid, row in wide.iterrows()},
        dtype=float,
        name=indicator,
    )
    return values.dropna().sort_index()


def distribution(values: pd.Series, provinces: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """All provinces' values (a cross-section indexed by province id) ranked with
    :func:`provbook.analysis.stats.rank` (1 = highest, ties share the best rank), compared ones
    marked.

    Rows run from rank 1 down, ties in id order; ids that are not provinces ('vietnam') are
    left out."""
    names = provinces.set_index("province_id")["name_vi"]
    values = values.dropna()
    values = values[values.index.isin(names.index)]
    table = pd.DataFrame(
        {
            "province_id": values.index,
            "Province": values.index.map(names),
            "value": values.to_numpy(dtype=float),
            "rank": [stats.rank(values, pid) for pid in values.index],
        }
    )
    table["rank"] = table["rank"].astype("int64")
    table["of"] = len(table)
    table["compared"] = table["province_id"].isin(list(ids))
    return table.sort_values(["rank", "province_id"]).reset_index(drop=True)


def rank_table(
    panels: Sequence[tuple[str, pd.DataFrame]],
    provinces: pd.DataFrame,
    ids: Sequence[str],
) -> pd.DataFrame:
    """Long table of the compared provinces' standing: one row per measure and province with
    value, rank and the number of provinces ranked. ``panels`` holds (measure, distribution)."""
    names = province_names(provinces, ids)
    rows = []
    for measure, dist in panels:
        by_id = dist.set_index("province_id")
        for pid in ids:
            known = pid in by_id.index
            rows.append(
                {
                    "Measure": measure,
                    "Province": names[pid],
                    "value": float(by_id.loc[pid, "value"]) if known else np.nan,
                    "rank": int(by_id.loc[pid, "rank"]) if known else pd.NA,
                    "of": len(dist),
                }
            )
    table = pd.DataFrame(rows)
    table["rank"] = table["rank"].astype("Int64")
    return table


def rank_matrix(long: pd.DataFrame, digits: int = 1) -> pd.DataFrame:
    """The :func:`rank_table` as the page shows it: measures x provinces, '16.2 (9th of 63)'."""
    cells = [
        "–"
        if pd.isna(row.rank)
        else f"{charts.number(row.value, digits)} ({stats.ordinal(row.rank)} of {row.of})"
        for row in long.itertuples(index=False)
    ]
    wide = long.assign(cell=cells).pivot(index="Measure", columns="Province", values="cell")
    wide = wide.reindex(index=list(dict.fromkeys(long["Measure"])))
    wide = wide[list(dict.fromkeys(long["Province"]))]
    return wide.reset_index().rename_axis(columns=None)


def distribution_figure(
    panels: Sequence[tuple[str, pd.DataFrame, str, bool]],
    provinces: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    source: str,
) -> Figure:
    """Small multiples: every province as a bar sorted high to low, the compared ones in their
    colours with their rank above the bar. ``panels`` holds (heading, distribution, y label,
    log scale)."""
    names = province_names(provinces, ids)
    colors = province_colors(ids)
    n = len(panels)
    ncols = 1  # one panel a row: two side by side leave a phone-width chart no room
    nrows = -(-n // ncols)
    # A full-width strip on top holds the colour key: a legend inside an axes of its own does
    # not squeeze the panels the way a wide legend attached to one panel does.
    fig = Figure(figsize=(charts.WIDTH, 1.6 + 2.4 * nrows), layout="constrained", facecolor="white")
    fig.get_layout_engine().set(w_pad=0.04, h_pad=0.04)
    cells = [[f"p{r * ncols + c}" for c in range(ncols)] for r in range(nrows)]
    mosaic = fig.subplot_mosaic(
        [["key"] * ncols, *cells], height_ratios=[0.08 * -(-len(ids) // 3) + 0.06] + [1] * nrows
    )
    flat = [charts.tidy(mosaic[f"p{i}"]) for i in range(nrows * ncols)]
    key = mosaic["key"]
    key.set_axis_off()
    for ax, (heading, dist, ylabel, log) in zip(flat, panels, strict=False):
        charts.tidy(ax, grid="y")
        position = np.arange(1, len(dist) + 1)
        bar_colors = [colors.get(p, charts.OTHERS) for p in dist["province_id"]]
        ax.bar(position, dist["value"], color=bar_colors, width=0.8, zorder=3)
        if log:
            ax.set_yscale("log")
        marked = [
            (x, r)
            for x, r in zip(position, dist.itertuples(index=False), strict=True)
            if r.compared
        ]
        for k, (x, row) in enumerate(marked):
            ax.annotate(
                str(row.rank),
                (x, row.value if row.value > 0 else 0),
                xytext=(0, 3 + 12 * (k % 3)),
                textcoords="offset points",
                ha="center",
                fontsize=charts.MIN_TEXT_SIZE,
                fontweight="bold",
                color=colors[row.province_id],
            )
        if not log:
            top = max(float(dist["value"].max()), 0.0)
            bottom = min(float(dist["value"].min()), 0.0)
            ax.set_ylim(bottom * 1.15, top * 1.2 if top > 0 else 1)
            ax.axhline(0, color="#9A9A9A", linewidth=0.8, zorder=4)
        else:
            ax.set_ylim(top=float(dist["value"].max()) * 4)
        ax.set_xlim(0, len(dist) + 1)
        ax.set_xticks([1, len(dist)], ["rank 1", f"rank {len(dist)}"])
        ax.set_ylabel(ylabel)
        ax.set_title(heading, loc="left", fontsize=charts.LABEL_SIZE + 1, color=charts.TEXT)
    for ax in flat[n:]:
        ax.set_visible(False)
    handles = [Patch(color=colors[p], label=names[p]) for p in ids]
    handles.append(Patch(color=charts.OTHERS, label="other provinces"))
    key.legend(
        handles=handles,
        loc="center left",
        ncol=min(len(handles), 3),
        frameon=False,
        fontsize=charts.LABEL_SIZE,
        handlelength=1.0,
        columnspacing=1.2,
    )
    return charts.finish(fig, title, subtitle, source)


def trajectories(
    statistics: pd.DataFrame,
    provinces: pd.DataFrame,
    indicator: str,
    ids: Sequence[str],
) -> pd.DataFrame:
    """Year x compared province values of one indicator, with the median of all provinces."""
    names = province_names(provinces, ids)
    rows = statistics[
        (statistics["indicator"] == indicator) & (statistics["province_id"] != stats.NATIONAL)
    ].dropna(subset=["value"])
    if rows.empty:
        raise ValueError(f"statistics has no province values of {indicator!r}")
    span = stats.years(statistics, indicator)
    table = pd.DataFrame(
        {names[p]: stats.series(statistics, p, indicator).reindex(span) for p in ids},
        index=pd.Index(span, name="year"),
    )
    table[MEDIAN_LABEL] = stats.median_by_year(statistics, indicator).reindex(span)
    return table


def trajectory_figure(
    table: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    ylabel: str,
    source: str,
) -> Figure:
    """Compared provinces as coloured lines, the all-province median dashed, labels at the
    right end of each line instead of a legend."""
    names = province_names(provinces, ids)
    colors = {names[p]: c for p, c in province_colors(ids).items()}
    colors[MEDIAN_LABEL] = charts.MEDIAN
    fig, ax = charts.new_figure(charts.WIDTH, 4.6)
    charts.tidy(ax, grid="y")
    charts.draw_lines(ax, table, colors, styles={MEDIAN_LABEL: "--"})
    ax.set_ylabel(ylabel)
    ax.set_xlabel("Year")
    return charts.finish(fig, title, subtitle, source)


def standing_text(dist: pd.DataFrame, unit: str, digits: int = 1) -> str:
    """The compared provinces in rank order: 'Lâm Đồng 9th (16.2% per year), Long An 13th ...'."""
    marked = dist[dist["compared"]].sort_values("rank")
    if marked.empty:
        return "no compared province has a value"
    return ", ".join(
        f"{row.Province} {stats.ordinal(row.rank)} ({charts.number(row.value, digits, unit)})"
        for row in marked.itertuples(index=False)
    )


def best_and_worst(distributions: Iterable[pd.DataFrame]) -> dict[str, str]:
    """Which compared province ranks highest (and lowest) among the compared on most measures.

    Returns sentences for the prose ('best', 'worst') and a chart title ('title').
    """
    dists = [d for d in distributions if d["compared"].any()]
    best: dict[str, int] = {}
    worst: dict[str, int] = {}
    for dist in dists:
        marked = dist[dist["compared"]]
        for name in marked.loc[marked["rank"] == marked["rank"].min(), "Province"]:
            best[name] = best.get(name, 0) + 1
        for name in marked.loc[marked["rank"] == marked["rank"].max(), "Province"]:
            worst[name] = worst.get(name, 0) + 1
    if not dists:
        nothing = "no measure has a value for the compared provinces"
        return {"best": nothing, "worst": nothing, "title": "No statistics for these provinces"}
    m = len(dists)

    def leaders(counts: dict[str, int]) -> tuple[str, int]:
        top = max(counts.values())
        return join_names(sorted(k for k, v in counts.items() if v == top)), top

    best_name, best_n = leaders(best)
    worst_name, worst_n = leaders(worst)
    return {
        "best": f"{best_name} ranks highest of the compared provinces on {best_n} of the {m} "
        "measures",
        "worst": f"{worst_name} ranks lowest on {worst_n} of the {m}",
        "title": f"{best_name} ranks highest of the compared provinces on {best_n} of {m} "
        f"measures, {worst_name} lowest on {worst_n}",
    }
