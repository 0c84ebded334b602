"""Official statistics: where the compared provinces stand among all provinces (distributions,
ranks, PCI over time), the section's charts and table, and the sentences that read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from provbook import text as words
from provbook.analysis import stats
from provbook.chapters.common.cache import cached
from provbook.chapters.comparative.core import (
    AREA,
    GRDP_PC,
    IIP,
    MEDIAN_LABEL,
    PCI,
    POPULATION,
    SPOKEN_UNITS,
    Comparison,
    ShownTable,
    province_colors,
    province_names,
    rank_of,
    source_labels,
    sources_line,
)
from provbook.draw import charts
from provbook.text import join_names
from provbook.words import say

W = "comparative.official"

# ---------------------------------------------------------------------------------------------
# Tables and figures from the data tables (tested on small synthetic tables)


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


def rank_matrix(long: pd.DataFrame, digits: int = 1, lang: str = "en") -> pd.DataFrame:
    """The :func:`rank_table` as the page shows it: measures x provinces, '16.2 (9th of 63)'."""
    cells = [
        "–"
        if pd.isna(row.rank)
        else f"{words.number(row.value, digits, lang=lang)} ({rank_of(row.rank, row.of, lang)})"
        for row in long.itertuples(index=False)
    ]
    wide = long.assign(cell=cells).pivot(index="Measure", columns="Province", values="cell")
    wide = wide.reindex(index=list(dict.fromkeys(long["Measure"])))
    wide = wide[list(dict.fromkeys(long["Province"]))]
    return wide.reset_index().rename_axis(columns=None)


def draw_distributions(
    panels: Sequence[tuple[str, pd.DataFrame, str, bool]],
    provinces: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    source: str,
    lang: str = "en",
) -> Figure:
    """Small multiples: every province as a bar sorted high to low, the compared ones in their
    colours with their rank above the bar. ``panels`` holds (heading, distribution, y label,
    log scale). :func:`distribution_figure` is the chapter's figure, titled from the data."""
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
        ax.set_xticks([1, len(dist)], [say(f"{W}.rank_tick", lang, rank=r) for r in (1, len(dist))])
        ax.set_ylabel(ylabel)
        ax.set_title(heading, loc="left", fontsize=charts.LABEL_SIZE + 1, color=charts.TEXT)
    for ax in flat[n:]:
        ax.set_visible(False)
    handles = [Patch(color=colors[p], label=names[p]) for p in ids]
    handles.append(Patch(color=charts.OTHERS, label=say(f"{W}.other_provinces", lang)))
    key.legend(
        handles=handles,
        loc="center left",
        ncol=min(len(handles), 3),
        frameon=False,
        fontsize=charts.LABEL_SIZE,
        handlelength=1.0,
        columnspacing=1.2,
    )
    return charts.finish(fig, title, subtitle, source, lang=lang)


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
    lang: str = "en",
) -> Figure:
    """Compared provinces as coloured lines, the all-province median dashed, labels at the
    right end of each line instead of a legend."""
    names = province_names(provinces, ids)
    median = say(f"{W}.median_label", lang)
    table = table.rename(columns={MEDIAN_LABEL: median})
    colors = {names[p]: c for p, c in province_colors(ids).items()}
    colors[median] = charts.MEDIAN
    fig, ax = charts.new_figure(charts.WIDTH, 4.6)
    charts.tidy(ax, grid="y")
    charts.draw_lines(ax, table, colors, styles={median: "--"})
    ax.set_ylabel(ylabel)
    ax.set_xlabel(say(f"{W}.year", lang))
    return charts.finish(fig, title, subtitle, source, lang=lang)


def standing_text(dist: pd.DataFrame, unit: str, digits: int = 1, lang: str = "en") -> str:
    """The compared provinces in rank order: 'Lâm Đồng 9th (16.2% per year), Long An 13th ...'."""
    from provbook.chapters.comparative.core import ordinal

    marked = dist[dist["compared"]].sort_values("rank")
    if marked.empty:
        return say(f"{W}.no_value", lang)
    return ", ".join(
        say(
            f"{W}.standing",
            lang,
            name=row.Province,
            rank=ordinal(row.rank, lang),
            value=words.number(row.value, digits, unit, lang),
        )
        for row in marked.itertuples(index=False)
    )


def best_and_worst(distributions: Iterable[pd.DataFrame], lang: str = "en") -> dict[str, str]:
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
        nothing = say(f"{W}.leaders.nothing", lang)
        return {"best": nothing, "worst": nothing, "title": say(f"{W}.leaders.no_title", lang)}
    m = len(dists)

    def leaders(counts: dict[str, int]) -> tuple[str, int]:
        top = max(counts.values())
        return join_names(sorted(k for k, v in counts.items() if v == top), lang=lang), top

    best_name, best_n = leaders(best)
    worst_name, worst_n = leaders(worst)
    fields = {"best": best_name, "best_n": best_n, "worst": worst_name, "worst_n": worst_n, "m": m}
    return {key: say(f"{W}.leaders.{key}", lang, **fields) for key in ("best", "worst", "title")}


#: FDI stock compared: the FIA's registered capital of valid projects (2015-2023), which runs
#: seven years past GSO's table of FDI in effect (2015-2016, ``core.FDI``).
FDI = "fia_stock_capital"

# ---------------------------------------------------------------------------------------------
# The section for a Comparison: what the chapter glues, draws and shows


@dataclass(frozen=True)
class Measure:
    key: str
    heading: str
    values: pd.Series
    unit: str
    log: bool
    indicator: str
    #: Source ids of the rows drawn (the measure's years only).
    sources: tuple[str, ...]


def _unit(cmp: Comparison, indicator: str) -> str:
    return str(cmp.indicators.set_index("indicator").loc[indicator, "unit"])


@cached
def measures(cmp: Comparison) -> list[Measure]:
    """The four measures every compared province is placed on, each in the newest year all of
    them have a value (IIP: its compound growth over every year of the series, which ends in
    2016); FDI is the FIA's stock, so it reaches the FIA's last year, not GSO's."""
    st = cmp.statistics
    iip_years = stats.years(st, IIP)
    fdi_year = common_latest_year(st, FDI, cmp.ids)
    grdp_year = common_latest_year(st, GRDP_PC, cmp.ids)
    pci_year = common_latest_year(st, PCI, cmp.ids)
    return [
        Measure(
            "iip",
            f"IIP, average growth {iip_years[0]}–{iip_years[-1]}",
            average_growth(st, IIP),
            "% per year",
            False,
            IIP,
            tuple(stats.row_sources(st, [IIP], iip_years)),
        ),
        Measure(
            "fdi",
            f"FDI capital of valid projects (FIA), {fdi_year}",
            stats.cross_section(st, FDI, fdi_year),
            f"{_unit(cmp, FDI)} (log scale)",
            True,
            FDI,
            tuple(stats.row_sources(st, [FDI], [fdi_year])),
        ),
        Measure(
            "grdp",
            f"GRDP per capita, {grdp_year}",
            stats.cross_section(st, GRDP_PC, grdp_year),
            _unit(cmp, GRDP_PC),
            False,
            GRDP_PC,
            tuple(stats.row_sources(st, [GRDP_PC], [grdp_year])),
        ),
        Measure(
            "pci",
            f"PCI score, {pci_year}",
            stats.cross_section(st, PCI, pci_year),
            _unit(cmp, PCI),
            False,
            PCI,
            tuple(stats.row_sources(st, [PCI], [pci_year])),
        ),
    ]


@cached
def distributions(cmp: Comparison) -> dict[str, pd.DataFrame]:
    return {m.key: distribution(m.values, cmp.provinces, cmp.ids) for m in measures(cmp)}


@cached
def pci_trajectories(cmp: Comparison) -> pd.DataFrame:
    return trajectories(cmp.statistics, cmp.provinces, PCI, cmp.ids)


def statistics_sources(cmp: Comparison) -> list[str]:
    """Source ids of the rows of the indicators this chapter draws on, PCI sub-indices included
    (the Sources section cites them)."""
    pci = [i for i in cmp.indicators["indicator"] if i.startswith("pci_")]
    return stats.row_sources(cmp.statistics, [IIP, FDI, GRDP_PC, PCI, AREA, POPULATION, *pci])


def _measure_sources(cmp: Comparison, lang: str = "en") -> str:
    """The source line of the measures: the sources of the rows each one draws."""
    return sources_line(cmp, [s for m in measures(cmp) for s in m.sources], lang)


def heading(cmp: Comparison, m: Measure, lang: str = "en") -> str:
    """A measure's panel heading in ``lang`` (the English one is :class:`Measure`'s)."""
    if lang == "en":
        return m.heading
    st = cmp.statistics
    years = (
        stats.years(st, IIP) if m.key == "iip" else [common_latest_year(st, m.indicator, cmp.ids)]
    )
    return say(f"{W}.heading.{m.key}", lang, first=years[0], last=years[-1])


def axis_unit(m: Measure, lang: str = "en") -> str:
    """A measure's axis label in ``lang`` (the English one is :class:`Measure`'s unit)."""
    return m.unit if lang == "en" else say(f"{W}.axis.{m.key}", lang)


def spoken_unit(key: str, lang: str = "en") -> str:
    """A measure's unit as prose speaks it ('% a year', 'million VND'; 'triệu đồng')."""
    return SPOKEN_UNITS[key] if lang == "en" else say(f"{W}.spoken.{key}", lang)


def pci_sources(cmp: Comparison) -> list[str]:
    """Source ids of the PCI rows the trajectory figure draws (every year of the series)."""
    years = [int(y) for y in pci_trajectories(cmp).index]
    return stats.row_sources(cmp.statistics, [PCI], years)


def statistics_values(cmp: Comparison, lang: str = "en") -> dict:
    """Years, the compared provinces' standing on each measure, who leads, PCI above/below."""
    st = cmp.statistics
    iip_years = stats.years(st, IIP)
    dists = distributions(cmp)
    values: dict = {
        "iip_first_year": iip_years[0],
        "iip_last_year": iip_years[-1],
        "fdi_year": common_latest_year(st, FDI, cmp.ids),
        "grdp_year": common_latest_year(st, GRDP_PC, cmp.ids),
        "pci_year": common_latest_year(st, PCI, cmp.ids),
        "distribution_sources": _measure_sources(cmp, lang),
        "pci_sources": sources_line(cmp, pci_sources(cmp), lang),
    }
    for m in measures(cmp):
        values[f"{m.key}_of"] = int(dists[m.key]["of"].iloc[0])
        values[f"{m.key}_standing"] = standing_text(
            dists[m.key], spoken_unit(m.key, lang), lang=lang
        )
    best = best_and_worst(dists.values(), lang)
    values["stat_best_text"], values["stat_worst_text"] = best["best"], best["worst"]
    values["stat_leaders_text"] = (
        f"{best['best']}; {best['worst']}"
        if cmp.n > 1
        else say(f"{W}.leaders.one", lang, name=cmp.names[cmp.ids[0]])
    )
    pci = pci_trajectories(cmp)
    last = int(pci.index.max())
    median = float(pci.loc[last, MEDIAN_LABEL])
    scores = {p: pci.loc[last, cmp.names[p]] for p in cmp.ids}
    above = [cmp.names[p] for p, v in scores.items() if v > median]
    below = [cmp.names[p] for p, v in scores.items() if v <= median]
    gaps = _pci_gaps(cmp)
    values.update(
        {
            "pci_first_year": int(pci.index.min()),
            "pci_last_year": last,
            "pci_median_last": median,
            "pci_median_last_text": words.number(median, 1, lang=lang),
            "pci_position_text": "; ".join(
                part
                for part in (
                    say(f"{W}.pci.above", lang, names=join_names(above, lang=lang))
                    if above
                    else "",
                    say(f"{W}.pci.below", lang, names=join_names(below, lang=lang))
                    if below
                    else "",
                )
                if part
            ),
            "pci_above": join_names(above, empty=say(f"{W}.pci.nobody", lang), lang=lang),
            "pci_spread_text": (
                say(
                    f"{W}.pci.spread",
                    lang,
                    first=words.number(gaps.iloc[0], lang=lang),
                    first_year=int(gaps.index[0]),
                    last=words.number(gaps.iloc[-1], lang=lang),
                    last_year=int(gaps.index[-1]),
                )
                if len(gaps) > 1
                else say(f"{W}.pci.one", lang)
                if cmp.n == 1
                else say(f"{W}.pci.no_years", lang)
            ),
        }
    )
    return values


def _pci_gaps(cmp: Comparison) -> pd.Series:
    """Highest minus lowest compared PCI score, in years every compared province has one."""
    pci = pci_trajectories(cmp)
    spread = pci[list(cmp.names.values())].dropna()
    if cmp.n < 2:
        return pd.Series(dtype=float)
    return spread.max(axis=1) - spread.min(axis=1)


def distribution_figure(cmp: Comparison, lang: str = "en") -> Figure:
    """The section's chart (:func:`draw_distributions` of the four measures), titled by who
    ranks highest and lowest."""
    dists = distributions(cmp)
    return draw_distributions(
        [(heading(cmp, m, lang), dists[m.key], axis_unit(m, lang), m.log) for m in measures(cmp)],
        cmp.provinces,
        cmp.ids,
        best_and_worst(dists.values(), lang)["title"],
        say(f"{W}.distribution_subtitle", lang),
        _measure_sources(cmp, lang),
        lang,
    )


def pci_figure(cmp: Comparison, lang: str = "en") -> Figure:
    pci = pci_trajectories(cmp)
    gaps = _pci_gaps(cmp)
    if len(gaps) > 1:
        moved = "narrowed" if gaps.iloc[-1] < gaps.iloc[0] else "widened"
        title = say(f"{W}.pci.title_{moved}", lang)
    else:
        names = join_names(list(cmp.names.values()), lang=lang)
        title = say(f"{W}.pci.title_against", lang, names=names)
    return trajectory_figure(
        pci,
        cmp.provinces,
        cmp.ids,
        title,
        say(f"{W}.pci.subtitle", lang, first=int(pci.index.min()), last=int(pci.index.max())),
        say(f"{W}.pci.ylabel", lang),
        sources_line(cmp, pci_sources(cmp), lang),
        lang,
    )


def ranks_table(cmp: Comparison, lang: str = "en") -> ShownTable:
    dists = distributions(cmp)
    measure = {
        m.key: f"{heading(cmp, m, lang)} ({spoken_unit(m.key, lang)})" for m in measures(cmp)
    }
    ranks = rank_table(
        [(measure[m.key], dists[m.key]) for m in measures(cmp)],
        cmp.provinces,
        cmp.ids,
    )
    wide = rank_matrix(ranks, lang=lang)
    labels = {measure[m.key]: source_labels(cmp, m.sources, lang) for m in measures(cmp)}
    head = {k: say(f"{W}.table.{k.lower()}", lang) for k in ("Measure", "Source")}
    wide["Source"] = wide["Measure"].map(labels)
    return ShownTable(
        wide.rename(columns=head),
        say(f"{W}.table.caption", lang),
        "comparative_ranks.csv",
        csv=ranks.assign(Source=ranks["Measure"].map(labels)),
        lang=lang,
    )
