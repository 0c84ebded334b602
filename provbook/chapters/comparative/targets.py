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
    rank_of,
    rows_of,
    source_label,
    sources_line,
)
from provbook.draw import charts
from provbook.text import join_names, lower_first
from provbook.words import say, say_or

# ---------------------------------------------------------------------------------------------
# Tables and figures from the data tables (tested on small synthetic tables)


W = "comparative.targets"


def _period(start, end, year, lang: str = "en") -> str:
    """'2021–2025', 'to 2030', 'by 2025' or 'no year given', in ``lang``."""
    if pd.notna(start) and pd.notna(end):
        return f"{start}–{end}"
    if pd.notna(end):
        return say(f"{W}.period.to", lang, year=end)
    if pd.notna(year):
        return say(f"{W}.period.by", lang, year=year)
    return say(f"{W}.period.none", lang)


def target_words(cmp: Comparison, target_id: str, lang: str = "en") -> tuple[str, str]:
    """A target's indicator and period in ``lang``: the English indicator of targets.csv, or
    the source's own Vietnamese phrase (``indicator_vi``) when there is one."""
    row = cmp.targets.set_index("target_id").loc[target_id]
    column = "indicator" if lang == "en" else "indicator_vi"
    text = row[column] if isinstance(row[column], str) and row[column] else row["indicator"]
    return str(text), _period(row["period_start"], row["period_end"], row["target_year"], lang)


def in_language(cmp: Comparison, table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A targets table (:func:`targets_of_kind` with sources) with its indicator, period and
    source in ``lang``; the English table is the one computed once, unchanged."""
    if lang == "en":
        return table
    out = table.copy()
    texts = [target_words(cmp, t, lang) for t in out["target_id"]]
    out["Indicator"] = [t for t, _ in texts]
    out["Period"] = [p for _, p in texts]
    out["Source"] = [source_label(cmp, s, lang) for s in out["source_id"]]
    return out


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


def _span(low: float, high: float, lang: str = "en") -> str:
    """text.span: "-1.5 to -1" rather than an ambiguous "-1.5–-1" for negative ranges."""
    return words.span(low, high, lang=lang)


def range_figure(
    table: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    xlabel: str,
    source: str = ARTICLE_SOURCE,
    lang: str = "en",
) -> Figure:
    """One row per target: a bar from low to high (a dot for a point target), coloured by
    province and labelled with its value and period."""
    colors = province_colors(ids)
    n = len(table)
    fig, ax = charts.new_figure(charts.WIDTH, 1.7 + 0.45 * max(n, 1))
    if n == 0:
        charts.message_axes(ax, say(f"{W}.figure.no_target", lang))
        return charts.finish(fig, title, subtitle, source, lang=lang)
    charts.draw_ranges(
        ax,
        [f"{r.Province}: {r.Indicator}" for r in table.itertuples(index=False)],
        table["Low"].tolist(),
        table["High"].tolist(),
        colors=[colors[p] for p in table["province_id"]],
        value_labels=[
            f"{_span(r.Low, r.High, lang)}  ({r.Period})" for r in table.itertuples(index=False)
        ],
        label_width=28,
    )
    ax.set_xlabel(xlabel)
    return charts.finish(fig, title, subtitle, source, lang=lang)


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
    lang: str = "en",
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
    ax.set_xlabel(say(f"{W}.figure.year", lang))
    legend = {k: say(f"{W}.figure.legend.{k}", lang) for k in ("period", "due", "vision")}
    handles = [
        Line2D([], [], color=charts.SUBTLE, linewidth=3.5, alpha=0.6, label=legend["period"]),
        Line2D([], [], marker="o", color=charts.SUBTLE, linestyle="", label=legend["due"]),
        Line2D(
            [],
            [],
            marker="D",
            markerfacecolor="white",
            color=charts.SUBTLE,
            linestyle="",
            label=legend["vision"],
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
    return charts.finish(fig, title, subtitle, source, lang=lang)


def ambition_text(
    growth: pd.DataFrame,
    record: pd.DataFrame,
    names: dict[str, str],
    what: str,
    lang: str = "en",
) -> str:
    """Provinces with numeric growth targets set against their past growth (a ``distribution``
    table): rank and side of the all-province median."""
    ids = list(dict.fromkeys(growth["province_id"]))
    key = f"{W}.ambition"
    if not ids:
        return say(f"{key}.none", lang)
    median = stats.median(record.set_index("province_id")["value"])
    parts = []
    for pid in ids:
        row = record[record["province_id"] == pid]
        if row.empty:
            parts.append(say(f"{key}.no_value", lang, name=names[pid]))
            continue
        row = row.iloc[0]
        side = "above" if row["value"] > median else "below"
        rank = rank_of(int(row["rank"]), int(row["of"]), lang)
        parts.append(say(f"{key}.{side}", lang, name=names[pid], rank=rank))
    return say(f"{key}.lead", lang, what=what, parts="; ".join(parts))


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


def growth_values(cmp: Comparison, lang: str = "en") -> dict:
    """Numeric growth and share targets, horizons: counts, names and the busiest year."""
    growth = in_language(cmp, growth_targets(cmp), lang)
    shares, spans = in_language(cmp, share_targets(cmp), lang), horizons(cmp)
    growth_ids, share_ids = ordered_ids(growth), ordered_ids(shares)
    others = [cmp.names[p] for p in cmp.ids if p not in growth_ids]
    positive = growth[growth["High"] > 0]
    if len(positive):
        best = positive.loc[positive["High"].idxmax()]
        growth_max = say(
            f"{W}.growth_max",
            lang,
            high=words.number(best["High"], 1, say(f"{W}.per_year", lang), lang),
            indicator=lower_first(best["Indicator"]),
            province=best["Province"],
            period=best["Period"],
        )
    else:
        growth_max = say(f"{W}.no_positive", lang)
    compared = rows_of(cmp, cmp.targets)
    due = spans[spans["kind"] == "target year"]
    visions = spans[spans["kind"] == "vision"]
    busiest = due.groupby("start")["n"].sum() if len(due) else None
    n_dated = int(due["n"].sum())
    n_targets, n_qual = len(compared), int((compared["kind"] == "qualitative").sum())
    none = say(f"{W}.none", lang)
    return {
        "targets_intro_text": targets_intro(n_targets, n_qual, lang),
        "growth_intro_text": _growth_intro(cmp, len(growth), growth_ids, others, lang),
        "horizons_text": (
            say(
                f"{W}.horizons",
                lang,
                count=n_dated,
                targets=say(f"{W}.targets_count", lang, count=n_targets),
            )
            if n_targets
            else say(f"{W}.no_horizons", lang)
        ),
        "n_growth_targets": len(growth),
        "n_growth_provinces": len(growth_ids),
        "growth_provinces": join_names([cmp.names[p] for p in growth_ids], empty=none, lang=lang),
        "growth_others_text": (
            say(f"{W}.others.some", lang, names=join_names(others, lang=lang))
            if others and growth_ids
            else say(f"{W}.others.none", lang)
            if others
            else say(f"{W}.others.all", lang)
        ),
        "growth_max_text": growth_max,
        "growth_sources": sources_line(cmp, growth["source_id"], lang),
        "n_targets": len(compared),
        "n_qualitative_targets": int((compared["kind"] == "qualitative").sum()),
        "n_dated_targets": n_dated,
        "n_undated_targets": len(compared) - n_dated,
        "due_text": (
            say(
                f"{W}.due",
                lang,
                first=int(due["start"].min()),
                last=int(due["start"].max()),
            )
            if len(due)
            else say(f"{W}.no_due", lang)
        ),
        "busiest_year_text": (
            say(
                f"{W}.busiest",
                lang,
                year=int(busiest.idxmax()),
                targets=say(f"{W}.targets_counted", lang, count=int(busiest.max())),
            )
            if busiest is not None
            else say(f"{W}.no_busiest", lang)
        ),
        "vision_text": (
            say(f"{W}.vision", lang, year=int(visions["start"].max()))
            if len(visions)
            else say(f"{W}.no_vision", lang)
        ),
        "horizons_sources": sources_line(
            cmp,
            list(rows_of(cmp, cmp.documents)["source_id"]) + list(compared["source_id"]),
            lang,
        ),
        "n_share_targets": len(shares),
        "share_text": only_text(cmp, share_ids, f"{W}.share_text", lang, k=len(shares)),
        "shares_sources": sources_line(cmp, shares["source_id"], lang),
    }


def targets_intro(n: int, qualitative: int, lang: str = "en") -> str:
    """How many targets the sources state and how many are qualitative (the targets section's
    opening, repeated by the synthesis)."""
    key = f"{W}.intro"
    if n == 0:
        return say(f"{key}.none", lang)
    share = (
        say(f"{key}.all_qualitative", lang)
        if qualitative == n
        else say(f"{key}.no_qualitative", lang)
        if qualitative == 0
        else say(f"{key}.some_qualitative", lang, k=qualitative)
    )
    return say(f"{key}.lead", lang, targets=say(f"{W}.targets_count", lang, count=n), share=share)


def _growth_intro(cmp: Comparison, n: int, ids: list[str], others: list[str], lang="en") -> str:
    key = f"{W}.growth_intro"
    if n == 0:
        return say(f"{key}.none", lang)
    names = join_names([cmp.names[p] for p in ids], lang=lang)
    where = (
        names
        if len(ids) == cmp.n == 1
        else say(f"{key}.where", lang, k=len(ids), n=cmp.n, names=names)
    )
    text = say(f"{key}.lead", lang, count=n, where=where)
    if others:
        text += say(f"{key}.others", lang, names=join_names(others, lang=lang))
    return text


def growth_figure(cmp: Comparison, lang: str = "en") -> Figure:
    growth = in_language(cmp, growth_targets(cmp), lang)
    ids = ordered_ids(growth)
    key = f"{W}.figure.growth"
    title = (
        say(
            f"{key}.title",
            lang,
            count=len(ids),
            names=join_names([cmp.names[p] for p in ids], lang=lang),
            what=say(
                f"{key}.{'many' if len(growth) > 1 else 'one'}_"
                f"{'different' if growth['Indicator'].nunique() > 1 else 'same'}",
                lang,
            ),
        )
        if len(growth)
        else say(f"{key}.none", lang)
    )
    return range_figure(
        growth,
        cmp.ids,
        title,
        say(f"{key}.subtitle", lang),
        say(f"{key}.xlabel", lang),
        sources_line(cmp, growth["source_id"], lang),
        lang,
    )


def horizons_figure(cmp: Comparison, lang: str = "en") -> Figure:
    spans = horizons(cmp)
    due = spans[spans["kind"] == "target year"]
    busiest = due.groupby("start")["n"].sum() if len(due) else None
    key = f"{W}.figure.horizons"
    return timeline_figure(
        spans,
        cmp.provinces,
        cmp.ids,
        say(f"{key}.title", lang, year=int(busiest.idxmax()))
        if busiest is not None
        else say(f"{key}.none", lang),
        say(f"{key}.subtitle", lang),
        growth_values(cmp, lang)["horizons_sources"],
        lang,
    )


def shares_figure(cmp: Comparison, lang: str = "en") -> Figure:
    shares = in_language(cmp, share_targets(cmp), lang)
    ids = ordered_ids(shares)
    key = f"{W}.figure.shares"
    return range_figure(
        shares,
        cmp.ids,
        only_text(cmp, ids, f"{key}.title", lang),
        say(f"{key}.subtitle", lang),
        say(f"{key}.xlabel", lang),
        sources_line(cmp, shares["source_id"], lang),
        lang,
    )


def targets_table(cmp: Comparison, lang: str = "en") -> ShownTable:
    numeric = pd.concat(
        [in_language(cmp, growth_targets(cmp), lang), in_language(cmp, share_targets(cmp), lang)],
        ignore_index=True,
    )
    columns = ["Province", "Indicator", "Low", "High", "Unit", "Period", "Source"]
    shown = numeric[columns]
    if lang != "en":
        # Units are free text of the sources; one the catalogue does not know is printed as written.
        shown = shown.assign(Unit=[say_or(f"{W}.unit.{u}", lang, u) for u in shown["Unit"]])
    head = {c: say(f"{W}.table.{c.lower()}", lang) for c in columns}
    number = "{:g}" if lang == "en" else (lambda v: words.number(v, 2, lang=lang))
    return ShownTable(
        shown.rename(columns=head),
        say(f"{W}.table.caption", lang),
        "comparative_targets.csv",
        {head["Low"]: number, head["High"]: number},
        csv=numeric.drop(columns=["province_id"]),
        lang=lang,
    )
