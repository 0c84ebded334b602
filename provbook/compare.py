"""Tables and figures of the comparative chapter.

Every function takes tables as loaded by :mod:`provbook.data` and the compared province ids and
returns a DataFrame, a Figure (drawn in the book's style, :mod:`provbook.charts`) or HTML. The
notebook only arranges and glues them, and each piece is tested on small synthetic tables.
Ranks, medians and growth rates come from :mod:`provbook.stats`, maps from :mod:`provbook.maps`.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from provbook import charts, maps, stats
from provbook.names import strip_admin_prefix
from provbook.text import join_names

ARTICLE_SOURCE = "Source: provincial news articles; facts extracted and coded by the authors."
MEDIAN_LABEL = "Median, all provinces"


# ---------------------------------------------------------------------------------------------
# Shared helpers


def province_names(provinces: pd.DataFrame, ids: Sequence[str]) -> dict[str, str]:
    """Vietnamese names of the compared provinces, in the order given; unknown ids are an error."""
    names = provinces.set_index("province_id")["name_vi"]
    unknown = [pid for pid in ids if pid not in names.index]
    if unknown:
        raise ValueError(
            f"unknown province id(s) {', '.join(unknown)}: not in provinces.csv "
            f"(known ids look like {', '.join(sorted(names.index)[:3])})"
        )
    return {pid: names[pid] for pid in ids}


def province_colors(ids: Sequence[str]) -> dict[str, str]:
    """One stable colour per compared province, used by every chart of the chapter."""
    palette = charts.CATEGORICAL
    return {pid: palette[i % len(palette)] for i, pid in enumerate(ids)}


def csv_link(table: pd.DataFrame, filename: str, text: str = "Download this table (CSV)") -> str:
    """An HTML link carrying the table as a data URI, so the static book needs no file server."""
    payload = base64.b64encode(table.to_csv(index=False).encode("utf-8")).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:text/csv;charset=utf-8;base64,'
        f'{payload}">{html.escape(text)}</a>'
    )


def table_html(
    table: pd.DataFrame,
    caption: str,
    filename: str,
    formats: dict[str, str] | None = None,
    csv: pd.DataFrame | None = None,
) -> str:
    """A captioned HTML table with a CSV download link underneath.

    ``csv`` is what the link downloads when it should hold more than the page shows (ids,
    years, a long format): the page stays readable, the file stays complete.
    """
    # A fixed id (pandas draws a random one): the same data gives byte-identical pages.
    uuid = re.sub(r"[^A-Za-z0-9]+", "_", filename.rsplit(".", 1)[0])
    styler = table.style.set_uuid(uuid).hide(axis="index").set_caption(html.escape(caption))
    # The one escaping boundary: data text (names, indicators, units) never becomes markup.
    styler = styler.format(formats or {}, na_rep="–", escape="html")
    styler = styler.format_index(escape="html", axis=1)
    link = csv_link(table if csv is None else csv, filename)
    return styler.to_html() + f'<p class="provbook-download" style="font-size:0.85em">{link}</p>'


# ---------------------------------------------------------------------------------------------
# Priorities


def coding_matrix(
    priorities: pd.DataFrame,
    codes: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
    dimension: str,
) -> pd.DataFrame:
    """Codes of one dimension (sector or instrument) x compared provinces, 1 where coded.

    Only codes given to at least one compared province are kept; rows are ordered by how many
    provinces share the code, then by codebook order. Columns are the provinces' names.
    """
    if dimension not in set(codes["dimension"]):
        known = ", ".join(sorted(set(codes["dimension"])))
        raise ValueError(f"no code has dimension {dimension!r}; the codebook has {known}")
    names = province_names(provinces, ids)
    book = codes[codes["dimension"] == dimension]
    order = list(book["code"])
    coded = priorities[priorities["province_id"].isin(ids) & priorities["code"].isin(order)]
    matrix = pd.DataFrame(0, index=order, columns=list(ids), dtype="int64")
    for row in coded.itertuples(index=False):
        matrix.loc[row.code, row.province_id] = 1
    matrix = matrix[matrix.sum(axis=1) > 0]
    ranked = sorted(matrix.index, key=lambda c: (-int(matrix.loc[c].sum()), order.index(c)))
    labels = book.set_index("code")["label_en"]
    matrix = matrix.loc[ranked]
    matrix.index = pd.Index([labels[c] for c in ranked], name=dimension)
    matrix.columns = pd.Index([names[p] for p in ids], name="province")
    return matrix


def heatmap_figure(
    matrix: pd.DataFrame, title: str, subtitle: str, source: str = ARTICLE_SOURCE
) -> Figure:
    """Filled cells where a province is coded, the share of provinces on the right."""
    n_rows, n_cols = matrix.shape
    fig, ax = charts.new_figure(min(7.2, 3.0 + 0.8 * n_cols), 1.9 + 0.34 * max(n_rows, 1))
    if n_rows == 0:
        charts.message_axes(ax, "No code of this dimension for the compared provinces")
        return charts.finish(fig, title, subtitle, source)
    cmap = ListedColormap(["#F1F1F1", charts.NATIONAL])
    ax.imshow(matrix.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    # Five or more names side by side overlap: they are then slanted, on one line each.
    slanted = n_cols >= 5
    ax.set_xticks(range(n_cols), [c if slanted else charts.wrap(c, 12) for c in matrix.columns])
    ax.xaxis.tick_top()
    if slanted:
        ax.tick_params(axis="x", labelrotation=40)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("left")
            label.set_rotation_mode("anchor")
    ax.set_yticks(range(n_rows), [charts.wrap(r, 30) for r in matrix.index])
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=2.5)
    ax.tick_params(which="both", length=0)
    ax.spines["bottom"].set_visible(False)
    for i, total in enumerate(matrix.sum(axis=1)):
        ax.annotate(
            f"{total} of {n_cols}",
            (n_cols - 0.5, i),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=charts.LABEL_SIZE - 0.5,
            color=charts.SUBTLE,
            annotation_clip=False,
        )
    return charts.finish(fig, title, subtitle, source)


def codebook_table(codes: pd.DataFrame) -> pd.DataFrame:
    """The codebook as readers see it: dimension, label, Vietnamese term, rule."""
    table = codes[["dimension", "label_en", "label_vi", "rule", "code"]].copy()
    table.columns = ["Dimension", "Code", "Vietnamese term", "Rule", "code id"]
    return table.sort_values(["Dimension", "Code"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Targets


def _period(start, end, year) -> str:
    if pd.notna(start) and pd.notna(end):
        return f"{start}–{end}"
    if pd.notna(end):
        return f"to {end}"
    if pd.notna(year):
        return f"by {year}"
    return "no year given"


def targets_of_kind(
    targets: pd.DataFrame, provinces: pd.DataFrame, ids: Sequence[str], kind: str
) -> pd.DataFrame:
    """Numeric targets of one kind (annual_growth, share_of_grdp ...) of the compared provinces.

    Ranges stay ranges (low, high); a point target has low == high. Rows follow the province
    order, then the horizon.
    """
    names = province_names(provinces, ids)
    rows = targets[
        targets["province_id"].isin(ids) & (targets["kind"] == kind) & targets["high"].notna()
    ].copy()
    rows["order"] = rows["province_id"].map({p: i for i, p in enumerate(ids)})
    rows["horizon"] = rows["target_year"].fillna(rows["period_end"])
    rows = rows.sort_values(["order", "horizon", "indicator"], na_position="last")
    table = pd.DataFrame(
        {
            "province_id": rows["province_id"],
            "Province": rows["province_id"].map(names),
            "Indicator": rows["indicator"],
            "Low": rows["low"].fillna(rows["high"]),
            "High": rows["high"],
            "Unit": rows["unit"],
            "Horizon": rows["horizon"].astype("Int64"),
            "Period": [
                _period(r.period_start, r.period_end, r.target_year)
                for r in rows.itertuples(index=False)
            ],
            "target_id": rows["target_id"],
            "source_id": rows["source_id"],
        }
    )
    return table.reset_index(drop=True)


def _span(low: float, high: float) -> str:
    """charts.span, but "-1.5 to -1" rather than an ambiguous "-1.5–-1" for negative ranges."""
    if low < 0 and low != high:
        return f"{charts.number(low)} to {charts.number(high)}"
    return charts.span(low, high)


def range_figure(
    table: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    xlabel: str,
    source: str = ARTICLE_SOURCE,
) -> Figure:
    """One row per target: a bar from low to high (a dot for a point target), coloured by
    province and labelled with its value and period."""
    colors = province_colors(ids)
    n = len(table)
    fig, ax = charts.new_figure(7.2, 1.7 + 0.45 * max(n, 1))
    if n == 0:
        charts.message_axes(ax, "No numeric target of this kind for the compared provinces")
        return charts.finish(fig, title, subtitle, source)
    charts.draw_ranges(
        ax,
        [f"{r.Province}: {r.Indicator}" for r in table.itertuples(index=False)],
        table["Low"].tolist(),
        table["High"].tolist(),
        colors=[colors[p] for p in table["province_id"]],
        value_labels=[
            f"{_span(r.Low, r.High)}  ({r.Period})" for r in table.itertuples(index=False)
        ],
        label_width=44,
    )
    ax.set_xlabel(xlabel)
    return charts.finish(fig, title, subtitle, source)


def horizons(
    targets: pd.DataFrame,
    documents: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
) -> pd.DataFrame:
    """Every dated horizon of the compared provinces: document periods, visions, target years.

    One row per document period or vision; one row per province and target year with the number
    of targets due that year (refs lists their ids).
    """
    names = province_names(provinces, ids)
    rows = []
    for doc in documents[documents["province_id"].isin(ids)].itertuples(index=False):
        if pd.notna(doc.period_end):
            start = doc.period_start if pd.notna(doc.period_start) else doc.period_end
            rows.append(
                (doc.province_id, "document period", start, doc.period_end, 1, doc.document_id)
            )
        if pd.notna(doc.vision_year):
            rows.append(
                (doc.province_id, "vision", doc.vision_year, doc.vision_year, 1, doc.document_id)
            )
    due = targets[targets["province_id"].isin(ids)].copy()
    due["year"] = due["target_year"].fillna(due["period_end"])
    for (pid, year), group in due.dropna(subset=["year"]).groupby(["province_id", "year"]):
        rows.append((pid, "target year", year, year, len(group), ", ".join(group["target_id"])))
    table = pd.DataFrame(rows, columns=["province_id", "kind", "start", "end", "n", "refs"])
    table["start"] = table["start"].astype("Int64")
    table["end"] = table["end"].astype("Int64")
    table["n"] = table["n"].astype("int64")  # an empty table would be object-typed
    table.insert(1, "Province", table["province_id"].map(names))
    table["order"] = table["province_id"].map({p: i for i, p in enumerate(ids)})
    table = table.sort_values(["order", "kind", "start"]).drop(columns="order")
    return table.reset_index(drop=True)


def timeline_figure(
    table: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    source: str = ARTICLE_SOURCE,
) -> Figure:
    """One lane per province: document periods as thin bars, the years targets fall due as dots
    sized (and labelled) by the number of targets, long-term visions as open diamonds."""
    names = province_names(provinces, ids)
    colors = province_colors(ids)
    fig, ax = charts.new_figure(7.2, 2.2 + 0.75 * len(ids))
    years: list[int] = []
    for lane, pid in enumerate(ids):
        y = len(ids) - 1 - lane
        rows = table[table["province_id"] == pid]
        periods = rows[rows["kind"] == "document period"]
        for j, row in enumerate(periods.itertuples(index=False)):
            offset = 0.28 - 0.1 * (j % 4)
            ax.plot(
                [row.start, row.end + 1],
                [y + offset] * 2,
                color=colors[pid],
                linewidth=3.5,
                alpha=0.6,
                solid_capstyle="butt",
            )
            years += [int(row.start), int(row.end) + 1]
        dots = rows[rows["kind"] == "target year"]
        xs = dots["start"].astype(float).to_numpy()
        ax.scatter(
            xs,
            [y - 0.2] * len(dots),
            s=30 + 25 * dots["n"].to_numpy(),
            color=colors[pid],
            edgecolor="white",
            zorder=3,
        )
        for x, n in zip(xs, dots["n"], strict=True):
            ax.annotate(
                str(n),
                (x, y - 0.2),
                xytext=(0, -13),
                textcoords="offset points",
                ha="center",
                fontsize=charts.LABEL_SIZE - 1.5,
                color=charts.TEXT,
            )
        years += [int(x) for x in xs]
        visions = rows[rows["kind"] == "vision"]
        ax.scatter(
            visions["start"].astype(float),
            [y] * len(visions),
            marker="D",
            s=45,
            facecolor="white",
            edgecolor=colors[pid],
            linewidth=1.6,
            zorder=3,
        )
        years += [int(v) for v in visions["start"]]
    ax.set_yticks(range(len(ids)), [names[p] for p in ids][::-1])
    ax.set_ylim(-0.8, len(ids) - 0.4)
    if years:
        lo, hi = min(years), max(years)
        ticks = list(range(lo - lo % 5, hi + 5, 5))
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.set_xlim(lo - 1, hi + 1)
    ax.set_xlabel("Year")
    handles = [
        Line2D([], [], color=charts.SUBTLE, linewidth=3.5, alpha=0.6, label="period of a document"),
        Line2D(
            [],
            [],
            marker="o",
            color=charts.SUBTLE,
            linestyle="",
            label="targets due that year (number)",
        ),
        Line2D(
            [],
            [],
            marker="D",
            markerfacecolor="white",
            color=charts.SUBTLE,
            linestyle="",
            label="long-term vision",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=3,
        frameon=False,
        fontsize=charts.LABEL_SIZE - 0.5,
    )
    return charts.finish(fig, title, subtitle, source)


# ---------------------------------------------------------------------------------------------
# Industrial land


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
    fig, axes = charts.new_figure(7.6, 2.1 + 0.5 * len(ids), ncols=3, sharey=True)
    counts = table.loc[ids, ["KCN named", "CCN named", "Other zones named"]]
    counts.index = list(table.loc[ids, "Province"])
    counts.columns = ["KCN", "CCN", "other"]
    charts.draw_stacked_hbars(
        axes[0],
        counts,
        colors={"KCN": charts.NATIONAL, "CCN": "#7FA7CF", "other": charts.OTHERS},
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


# ---------------------------------------------------------------------------------------------
# Official statistics


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
    :func:`provbook.stats.rank` (1 = highest, ties share the best rank), compared ones marked.

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
    ncols = 2 if n > 1 else 1
    nrows = -(-n // ncols)
    # A full-width strip on top holds the colour key: a legend inside an axes of its own does
    # not squeeze the panels the way a wide legend attached to one panel does.
    fig = Figure(figsize=(7.6, 2.2 + 2.7 * nrows), layout="constrained", facecolor="white")
    fig.get_layout_engine().set(w_pad=0.04, h_pad=0.04)
    cells = [[f"p{r * ncols + c}" for c in range(ncols)] for r in range(nrows)]
    mosaic = fig.subplot_mosaic([["key"] * ncols, *cells], height_ratios=[0.12] + [1] * nrows)
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
                xytext=(0, 3 + 9 * (k % 3)),
                textcoords="offset points",
                ha="center",
                fontsize=charts.LABEL_SIZE - 1,
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
        ncol=min(len(handles), 6),
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
    fig, ax = charts.new_figure(7.2, 4.6)
    charts.tidy(ax, grid="y")
    charts.draw_lines(ax, table, colors, styles={MEDIAN_LABEL: "--"})
    ax.set_ylabel(ylabel)
    ax.set_xlabel("Year")
    return charts.finish(fig, title, subtitle, source)


# ---------------------------------------------------------------------------------------------
# The 2025 merger


def merger_table(provinces: pd.DataFrame, units: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """For each compared province: the unit it joined on the merger date and with whom."""
    province_names(provinces, ids)
    unit_names = units.set_index("unit_2025_code")["name_vi"]
    by_id = provinces.set_index("province_id")
    rows = []
    for pid in ids:
        row = by_id.loc[pid]
        members = provinces[provinces["unit_2025_code"] == row["unit_2025_code"]]
        partners = members[members["province_id"] != pid].sort_values("name_vi")
        rows.append(
            {
                "province_id": pid,
                "Province": row["name_vi"],
                "Unit from the merger": unit_names[row["unit_2025_code"]],
                "unit_2025_code": int(row["unit_2025_code"]),
                "Joined with": join_names(list(partners["name_vi"])) if len(partners) else "–",
                "Provinces in the unit": len(members),
                "Merged on": row["merged_on"].date().isoformat(),
            }
        )
    return pd.DataFrame(rows)


def merger_map(
    old: dict,
    new: dict,
    provinces: pd.DataFrame,
    units: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    source: str,
) -> Figure:
    """All new units in grey, those that absorbed a compared province tinted in its colour, the
    compared provinces' old outlines drawn over them. The extent is the whole country with its
    archipelagos: nothing is cropped."""
    names = province_names(provinces, ids)
    colors = province_colors(ids)
    unit_of = provinces.set_index("province_id")["unit_2025_code"].astype(int)
    unit_geoms = {int(k): g for k, g in maps.features_by(new, "unit_2025_code").items()}
    old_geoms = maps.features_by(old, "province_id")
    units_by_code = units.set_index("unit_2025_code")
    tint = {int(unit_of[p]): colors[p] for p in ids}
    extent = maps.bounds([*unit_geoms.values(), *old_geoms.values()])
    fig, ax = charts.new_figure(7.2, 9.6)
    # Grey edges, so that the small islands stay visible at the national scale.
    maps.draw(
        ax, list(unit_geoms.values()), facecolor="#E6E6E6", edgecolor="#A9A9A9", linewidth=0.4
    )
    for code, color in tint.items():
        maps.draw(
            ax,
            [unit_geoms[code]],
            facecolor=color,
            alpha=0.3,
            edgecolor="white",
            linewidth=0.6,
            zorder=2,
        )
    for pid in ids:
        maps.draw(
            ax, [old_geoms[pid]], facecolor="none", edgecolor=colors[pid], linewidth=1.6, zorder=3
        )
    for code in tint:
        x, y = maps.label_point(unit_geoms[code])
        # A unit in the eastern half is labelled to its west, so no label leaves the canvas.
        east = x > (extent[0] + extent[2]) / 2
        ax.annotate(
            strip_admin_prefix(units_by_code.loc[code, "name_vi"]),
            (x, y),
            xytext=(-34 if east else 34, 0),
            textcoords="offset points",
            ha="right" if east else "left",
            va="center",
            fontsize=charts.LABEL_SIZE,
            fontweight="bold",
            color=charts.TEXT,
            arrowprops={"arrowstyle": "-", "color": charts.SUBTLE, "lw": 0.6},
            zorder=5,
        )
    # Each archipelago lies in the unit that kept the name (and id slug) of the province that held
    # it: Đà Nẵng, Khánh Hòa (maps.ARCHIPELAGOS, keyed by the old province).
    by_unit_id = units.set_index("unit_2025_id")["unit_2025_code"]
    for pid, label in maps.ARCHIPELAGOS.items():
        unit_id = f"{pid}-2025"
        if unit_id not in by_unit_id.index or int(by_unit_id[unit_id]) not in unit_geoms:
            continue
        maps.label_offshore(
            ax,
            unit_geoms[int(by_unit_id[unit_id])],
            label,
            fontsize=charts.LABEL_SIZE - 0.5,
            color=charts.SUBTLE,
            lift=4,
        )
    maps.frame(ax, extent)
    merged = provinces.set_index("province_id").loc[list(ids), "merged_on"].min().date()
    handles = [
        Patch(
            facecolor="white",
            edgecolor=colors[p],
            linewidth=1.6,
            label=f"{names[p]}, before {merged.isoformat()}",
        )
        for p in ids
    ]
    handles.append(
        Patch(facecolor="#E6E6E6", edgecolor="white", label=f"unit from {merged.isoformat()}")
    )
    ax.legend(handles=handles, loc="upper right", frameon=False, fontsize=charts.LABEL_SIZE - 0.5)
    return charts.finish(fig, title, subtitle, source)


# ---------------------------------------------------------------------------------------------
# Sentences for the prose and chart titles (computed, so that no number is typed)


def matrix_title(matrix: pd.DataFrame, noun: str) -> str:
    """The finding of a coding heat map: what all provinces share, how much is unique."""
    n = matrix.shape[1]
    if matrix.empty:
        return f"No {noun} is coded for the compared provinces"
    shares = matrix.sum(axis=1)
    everywhere = list(shares[shares == n].index)
    single = int((shares == 1).sum())
    tail = f"{single} of the {len(shares)} {noun}s are coded for one province only"
    if everywhere and n > 1:
        verb = "is" if len(everywhere) == 1 else "are"
        return f"{join_names(everywhere)} {verb} named for all {n} provinces; {tail}"
    top = int(shares.max())
    return (
        f"No {noun} is named for all {n} provinces; {shares.index[0]} comes closest ({top} of {n})"
    )


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


def ambition_text(
    growth: pd.DataFrame, record: pd.DataFrame, names: dict[str, str], what: str
) -> str:
    """Provinces with numeric growth targets set against their past growth (a ``distribution``
    table): rank and side of the all-province median."""
    ids = list(dict.fromkeys(growth["province_id"]))
    if not ids:
        return "No compared province states a numeric growth target to set against its record"
    median = stats.median(record.set_index("province_id")["value"])
    parts = []
    for pid in ids:
        row = record[record["province_id"] == pid]
        if row.empty:
            parts.append(f"{names[pid]} has no value")
            continue
        row = row.iloc[0]
        side = "above" if row["value"] > median else "at or below"
        parts.append(
            f"{names[pid]} ranked {stats.ordinal(int(row['rank']))} of {int(row['of'])}, "
            f"{side} the median"
        )
    return f"Of the provinces with numeric growth targets, on {what}: " + "; ".join(parts)


def merger_text(merger: pd.DataFrame) -> str:
    """Who joined how many others, from :func:`merger_table`: 'Bắc Kạn and Long An each joined
    one other province; Lâm Đồng joined two others'."""
    parts = []
    for size, group in merger.groupby("Provinces in the unit", sort=True):
        others = int(size) - 1
        who = join_names(list(group["Province"]))
        each = " each" if len(group) > 1 else ""
        if others == 0:
            parts.append(f"{who}{each} became a unit on {'their' if each else 'its'} own")
        elif others == 1:
            parts.append(f"{who}{each} joined one other province")
        else:
            parts.append(f"{who}{each} joined {others} others")
    return "; ".join(parts)
