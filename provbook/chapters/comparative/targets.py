"""Numeric growth and share-of-GRDP targets and the horizons of the plans: targets by kind,
their ranges and horizons on charts, the table, the section's sentences, and the targets set
against each province's record (:func:`ambition_text`, for the synthesis).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from provbook import text as words
from provbook.analysis import stats
from provbook.chapters.common.cache import cached
from provbook.chapters.comparative.core import (
    ARTICLE_SOURCE,
    Comparison,
    ShownTable,
    only_text,
    ordered_ids,
    province_colors,
    province_names,
    rows_of,
    source_label,
    sources_line,
)
from provbook.draw import charts
from provbook.text import counted, join_names, lower_first, plural

# ---------------------------------------------------------------------------------------------
# Tables and figures from the data tables (tested on small synthetic tables)


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
    """text.span, but "-1.5 to -1" rather than an ambiguous "-1.5–-1" for negative ranges."""
    if low < 0 and low != high:
        return f"{words.number(low)} to {words.number(high)}"
    return words.span(low, high)


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
    fig, ax = charts.new_figure(charts.WIDTH, 1.7 + 0.45 * max(n, 1))
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
        label_width=28,
    )
    ax.set_xlabel(xlabel)
    return charts.finish(fig, title, subtitle, source)


def horizons_frame(
    targets: pd.DataFrame,
    documents: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
) -> pd.DataFrame:
    """Every dated horizon of the compared provinces: document periods, visions, target years.

    One row per document period or vision; one row per province and target year with the number
    of targets due that year (refs lists their ids). :func:`horizons` is the same table for a
    Comparison, computed once.
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
    fig, ax = charts.new_figure(charts.WIDTH, 2.2 + 0.75 * len(ids))
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
                fontsize=charts.MIN_TEXT_SIZE,
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
        step = 5 if hi - lo <= 20 else 10  # four-digit years need room on a phone
        ticks = list(range(lo - lo % step, hi + step, step))
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
        ncol=1,
        frameon=False,
        fontsize=charts.LABEL_SIZE - 0.5,
    )
    return charts.finish(fig, title, subtitle, source)


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


# ---------------------------------------------------------------------------------------------
# The section for a Comparison: what the chapter glues, draws and shows


def _with_sources(cmp: Comparison, table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out["Source"] = [source_label(cmp, s) for s in out["source_id"]]
    return out


@cached
def growth_targets(cmp: Comparison) -> pd.DataFrame:
    """Numeric annual growth targets, with a readable source per row."""
    table = targets_of_kind(cmp.targets, cmp.provinces, cmp.ids, "annual_growth")
    return _with_sources(cmp, table)


@cached
def share_targets(cmp: Comparison) -> pd.DataFrame:
    """Numeric targets for shares of GRDP, with a readable source per row."""
    table = targets_of_kind(cmp.targets, cmp.provinces, cmp.ids, "share_of_grdp")
    return _with_sources(cmp, table)


@cached
def horizons(cmp: Comparison) -> pd.DataFrame:
    """:func:`horizons_frame` of the compared provinces, computed once per Comparison."""
    return horizons_frame(cmp.targets, cmp.documents, cmp.provinces, cmp.ids)


def growth_values(cmp: Comparison) -> dict:
    """Numeric growth and share targets, horizons: counts, names and the busiest year."""
    growth, shares, spans = growth_targets(cmp), share_targets(cmp), horizons(cmp)
    growth_ids, share_ids = ordered_ids(growth), ordered_ids(shares)
    others = [cmp.names[p] for p in cmp.ids if p not in growth_ids]
    positive = growth[growth["High"] > 0]
    if len(positive):
        best = positive.loc[positive["High"].idxmax()]
        growth_max = (
            f"The highest upper bound is {words.number(best['High'], 1, '% a year')}, for "
            f"{lower_first(best['Indicator'])} in {best['Province']} ({best['Period']})"
        )
    else:
        growth_max = "None of them states a positive growth figure"
    compared = rows_of(cmp, cmp.targets)
    due = spans[spans["kind"] == "target year"]
    visions = spans[spans["kind"] == "vision"]
    busiest = due.groupby("start")["n"].sum() if len(due) else None
    n_dated = int(due["n"].sum())
    n_targets, n_qual = len(compared), int((compared["kind"] == "qualitative").sum())
    return {
        "targets_intro_text": targets_intro(n_targets, n_qual),
        "growth_intro_text": _growth_intro(cmp, len(growth), growth_ids, others),
        "horizons_text": (
            f"Of the {plural(n_targets, 'target')}, {n_dated} "
            f"{'carries' if n_dated == 1 else 'carry'} a year"
            if n_targets
            else "No target is stated, so no horizon can be compared"
        ),
        "n_growth_targets": len(growth),
        "n_growth_provinces": len(growth_ids),
        "growth_provinces": join_names([cmp.names[p] for p in growth_ids], empty="none"),
        "growth_others_text": (
            f"the sources of {join_names(others)} give no growth figure"
            if others and growth_ids
            else "no compared province's sources give a growth figure"
            if others
            else "every compared province has one"
        ),
        "growth_max_text": growth_max,
        "growth_sources": sources_line(cmp, growth["source_id"]),
        "n_targets": len(compared),
        "n_qualitative_targets": int((compared["kind"] == "qualitative").sum()),
        "n_dated_targets": n_dated,
        "n_undated_targets": len(compared) - n_dated,
        "due_text": (
            f"they fall due between {int(due['start'].min())} and {int(due['start'].max())}"
            if len(due)
            else "none falls due in a stated year"
        ),
        "busiest_year_text": (
            f"{int(busiest.idxmax())} is the year most of them aim at "
            f"({counted(int(busiest.max()), 'target')})"
            if busiest is not None
            else "no year stands out"
        ),
        "vision_text": (
            f"Long-term visions reach {int(visions['start'].max())}"
            if len(visions)
            else "No document states a longer-term vision"
        ),
        "horizons_sources": sources_line(
            cmp,
            list(rows_of(cmp, cmp.documents)["source_id"]) + list(compared["source_id"]),
        ),
        "n_share_targets": len(shares),
        "share_text": only_text(
            cmp,
            share_ids,
            ("set", "sets"),
            f"targets for shares of GRDP ({len(shares)} in all)",
            "No compared province sets a numeric target for a share of GRDP",
        ),
        "shares_sources": sources_line(cmp, shares["source_id"]),
    }


def targets_intro(n: int, qualitative: int) -> str:
    """How many targets the sources state and how many are qualitative (the targets section's
    opening, repeated by the synthesis)."""
    if n == 0:
        return "The sources state no target for the compared provinces"
    share = (
        "all of them qualitative"
        if qualitative == n
        else "none of them qualitative"
        if qualitative == 0
        else f"{qualitative} of them qualitative"
    )
    return f"The sources state {plural(n, 'target')} for the compared provinces, {share}"


def _growth_intro(cmp: Comparison, n: int, ids: list[str], others: list[str]) -> str:
    if n == 0:
        return "No compared province's sources give a numeric growth target"
    names = join_names([cmp.names[p] for p in ids])
    where = names if len(ids) == cmp.n == 1 else f"{len(ids)} of the {cmp.n} provinces ({names})"
    text = f"{plural(n, 'numeric growth target')} {'comes' if n == 1 else 'come'} from {where}"
    if others:
        text += f"; the sources of {join_names(others)} give no growth figure"
    return text


def growth_figure(cmp: Comparison) -> Figure:
    growth = growth_targets(cmp)
    ids = ordered_ids(growth)
    title = (
        f"{join_names([cmp.names[p] for p in ids])} "
        f"{'sets' if len(ids) == 1 else 'set'} numeric growth targets; "
        f"{'they measure' if len(growth) > 1 else 'it measures'} "
        f"{'different things' if growth['Indicator'].nunique() > 1 else 'one thing'}"
        if len(growth)
        else "No compared province states a numeric growth target"
    )
    return range_figure(
        growth,
        cmp.ids,
        title,
        "Annual growth targets stated in the sources, % per year; bars are ranges, dots single "
        "values",
        "% per year",
        sources_line(cmp, growth["source_id"]),
    )


def horizons_figure(cmp: Comparison) -> Figure:
    spans = horizons(cmp)
    due = spans[spans["kind"] == "target year"]
    busiest = due.groupby("start")["n"].sum() if len(due) else None
    return timeline_figure(
        spans,
        cmp.provinces,
        cmp.ids,
        f"Most targets fall due in {int(busiest.idxmax())}"
        if busiest is not None
        else "No target carries a year",
        "Policy documents' periods, years targets fall due, long-term visions",
        growth_values(cmp)["horizons_sources"],
    )


def shares_figure(cmp: Comparison) -> Figure:
    shares = share_targets(cmp)
    ids = ordered_ids(shares)
    return range_figure(
        shares,
        cmp.ids,
        only_text(
            cmp,
            ids,
            ("put", "puts"),
            "figures on industry's weight in the economy",
            "No compared province puts a figure on industry's weight in the economy",
        ),
        "Targets for shares of GRDP stated in the sources, % of GRDP",
        "% of GRDP",
        sources_line(cmp, shares["source_id"]),
    )


def targets_table(cmp: Comparison) -> ShownTable:
    numeric = pd.concat([growth_targets(cmp), share_targets(cmp)], ignore_index=True)
    shown = ["Province", "Indicator", "Low", "High", "Unit", "Period", "Source"]
    return ShownTable(
        numeric[shown],
        "Numeric growth and share-of-GRDP targets of the compared provinces",
        "comparative_targets.csv",
        {"Low": "{:g}", "High": "{:g}"},
        csv=numeric.drop(columns=["province_id"]),
    )
