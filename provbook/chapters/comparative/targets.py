"""Numeric growth and share-of-GRDP targets and the horizons of the plans."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from provbook.chapters.common.text import counted, join_names, lower_first, plural
from provbook.chapters.comparative import builders as compare
from provbook.chapters.comparative.core import (
    Comparison,
    ShownTable,
    _cached,
    _only_text,
    _ordered_ids,
    _rows_of,
    source_label,
    sources_line,
)
from provbook.draw import charts

# ---------------------------------------------------------------------------------------------
# Targets


def _with_sources(cmp: Comparison, table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out["Source"] = [source_label(cmp, s) for s in out["source_id"]]
    return out


@_cached
def growth_targets(cmp: Comparison) -> pd.DataFrame:
    """Numeric annual growth targets, with a readable source per row."""
    table = compare.targets_of_kind(cmp.targets, cmp.provinces, cmp.ids, "annual_growth")
    return _with_sources(cmp, table)


@_cached
def share_targets(cmp: Comparison) -> pd.DataFrame:
    """Numeric targets for shares of GRDP, with a readable source per row."""
    table = compare.targets_of_kind(cmp.targets, cmp.provinces, cmp.ids, "share_of_grdp")
    return _with_sources(cmp, table)


@_cached
def horizons(cmp: Comparison) -> pd.DataFrame:
    return compare.horizons(cmp.targets, cmp.documents, cmp.provinces, cmp.ids)


def growth_values(cmp: Comparison) -> dict:
    """Numeric growth and share targets, horizons: counts, names and the busiest year."""
    growth, shares, spans = growth_targets(cmp), share_targets(cmp), horizons(cmp)
    growth_ids, share_ids = _ordered_ids(growth), _ordered_ids(shares)
    others = [cmp.names[p] for p in cmp.ids if p not in growth_ids]
    positive = growth[growth["High"] > 0]
    if len(positive):
        best = positive.loc[positive["High"].idxmax()]
        growth_max = (
            f"The highest upper bound is {charts.number(best['High'], 1, '% a year')}, for "
            f"{lower_first(best['Indicator'])} in {best['Province']} ({best['Period']})"
        )
    else:
        growth_max = "None of them states a positive growth figure"
    compared = _rows_of(cmp, cmp.targets)
    due = spans[spans["kind"] == "target year"]
    visions = spans[spans["kind"] == "vision"]
    busiest = due.groupby("start")["n"].sum() if len(due) else None
    n_dated = int(due["n"].sum())
    n_targets, n_qual = len(compared), int((compared["kind"] == "qualitative").sum())
    return {
        "targets_intro_text": _targets_intro(n_targets, n_qual),
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
            list(_rows_of(cmp, cmp.documents)["source_id"]) + list(compared["source_id"]),
        ),
        "n_share_targets": len(shares),
        "share_text": _only_text(
            cmp,
            share_ids,
            ("set", "sets"),
            f"targets for shares of GRDP ({len(shares)} in all)",
            "No compared province sets a numeric target for a share of GRDP",
        ),
        "shares_sources": sources_line(cmp, shares["source_id"]),
    }


def _targets_intro(n: int, qualitative: int) -> str:
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
    ids = _ordered_ids(growth)
    title = (
        f"{join_names([cmp.names[p] for p in ids])} "
        f"{'sets' if len(ids) == 1 else 'set'} numeric growth targets; "
        f"{'they measure' if len(growth) > 1 else 'it measures'} "
        f"{'different things' if growth['Indicator'].nunique() > 1 else 'one thing'}"
        if len(growth)
        else "No compared province states a numeric growth target"
    )
    return compare.range_figure(
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
    return compare.timeline_figure(
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
    ids = _ordered_ids(shares)
    return compare.range_figure(
        shares,
        cmp.ids,
        _only_text(
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
