"""The compared provinces among all provinces in the official statistics, and PCI over time."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from provbook.analysis import stats
from provbook.chapters.common.text import join_names
from provbook.chapters.comparative import builders as compare
from provbook.chapters.comparative.core import (
    AREA,
    GRDP_PC,
    IIP,
    PCI,
    POPULATION,
    SPOKEN_UNITS,
    Comparison,
    ShownTable,
    _cached,
    source_labels,
    sources_line,
)
from provbook.draw import charts

#: FDI stock compared: the FIA's registered capital of valid projects (2015-2023), which runs
#: seven years past GSO's table of FDI in effect (2015-2016, ``core.FDI``).
FDI = "fia_stock_capital"

# ---------------------------------------------------------------------------------------------
# Official statistics


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


@_cached
def measures(cmp: Comparison) -> list[Measure]:
    """The four measures every compared province is placed on, each in the newest year all of
    them have a value (IIP: its compound growth over every year of the series, which ends in
    2016); FDI is the FIA's stock, so it reaches the FIA's last year, not GSO's."""
    st = cmp.statistics
    iip_years = stats.years(st, IIP)
    fdi_year = compare.common_latest_year(st, FDI, cmp.ids)
    grdp_year = compare.common_latest_year(st, GRDP_PC, cmp.ids)
    pci_year = compare.common_latest_year(st, PCI, cmp.ids)
    return [
        Measure(
            "iip",
            f"IIP, average growth {iip_years[0]}–{iip_years[-1]}",
            compare.average_growth(st, IIP),
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


@_cached
def distributions(cmp: Comparison) -> dict[str, pd.DataFrame]:
    return {m.key: compare.distribution(m.values, cmp.provinces, cmp.ids) for m in measures(cmp)}


@_cached
def pci_trajectories(cmp: Comparison) -> pd.DataFrame:
    return compare.trajectories(cmp.statistics, cmp.provinces, PCI, cmp.ids)


def statistics_sources(cmp: Comparison) -> list[str]:
    """Source ids of the rows of the indicators this chapter draws on, PCI sub-indices included
    (the Sources section cites them)."""
    pci = [i for i in cmp.indicators["indicator"] if i.startswith("pci_")]
    return stats.row_sources(cmp.statistics, [IIP, FDI, GRDP_PC, PCI, AREA, POPULATION, *pci])


def _measure_sources(cmp: Comparison) -> str:
    """The source line of the measures: the sources of the rows each one draws."""
    return sources_line(cmp, [s for m in measures(cmp) for s in m.sources])


def pci_sources(cmp: Comparison) -> list[str]:
    """Source ids of the PCI rows the trajectory figure draws (every year of the series)."""
    years = [int(y) for y in pci_trajectories(cmp).index]
    return stats.row_sources(cmp.statistics, [PCI], years)


def statistics_values(cmp: Comparison) -> dict:
    """Years, the compared provinces' standing on each measure, who leads, PCI above/below."""
    st = cmp.statistics
    iip_years = stats.years(st, IIP)
    dists = distributions(cmp)
    values: dict = {
        "iip_first_year": iip_years[0],
        "iip_last_year": iip_years[-1],
        "fdi_year": compare.common_latest_year(st, FDI, cmp.ids),
        "grdp_year": compare.common_latest_year(st, GRDP_PC, cmp.ids),
        "pci_year": compare.common_latest_year(st, PCI, cmp.ids),
        "distribution_sources": _measure_sources(cmp),
        "pci_sources": sources_line(cmp, pci_sources(cmp)),
    }
    for m in measures(cmp):
        values[f"{m.key}_of"] = int(dists[m.key]["of"].iloc[0])
        values[f"{m.key}_standing"] = compare.standing_text(dists[m.key], SPOKEN_UNITS[m.key])
    best = compare.best_and_worst(dists.values())
    values["stat_best_text"], values["stat_worst_text"] = best["best"], best["worst"]
    values["stat_leaders_text"] = (
        f"{best['best']}; {best['worst']}"
        if cmp.n > 1
        else f"With one province compared, these ranks are {cmp.names[cmp.ids[0]]}'s standing "
        "among all provinces"
    )
    pci = pci_trajectories(cmp)
    last = int(pci.index.max())
    median = float(pci.loc[last, compare.MEDIAN_LABEL])
    scores = {p: pci.loc[last, cmp.names[p]] for p in cmp.ids}
    above = [cmp.names[p] for p, v in scores.items() if v > median]
    below = [cmp.names[p] for p, v in scores.items() if v <= median]
    gaps = _pci_gaps(cmp)
    values.update(
        {
            "pci_first_year": int(pci.index.min()),
            "pci_last_year": last,
            "pci_median_last": median,
            "pci_position_text": "; ".join(
                part
                for part in (
                    f"{join_names(above)} scored above the median of all provinces"
                    if above
                    else "",
                    f"{join_names(below)} at or below it" if below else "",
                )
                if part
            ),
            "pci_above": join_names(above, empty="no compared province"),
            "pci_spread_text": (
                "the spread between the highest and the lowest compared province went from "
                f"{charts.number(gaps.iloc[0])} points in {int(gaps.index[0])} to "
                f"{charts.number(gaps.iloc[-1])} in {int(gaps.index[-1])}"
                if len(gaps) > 1
                else "with one province there is no spread between compared provinces"
                if cmp.n == 1
                else "no two years have scores for every compared province"
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


def distribution_figure(cmp: Comparison) -> Figure:
    dists = distributions(cmp)
    return compare.distribution_figure(
        [(m.heading, dists[m.key], m.unit, m.log) for m in measures(cmp)],
        cmp.provinces,
        cmp.ids,
        compare.best_and_worst(dists.values())["title"],
        "Every province's value, sorted from highest to lowest; compared provinces in colour with "
        "their rank",
        _measure_sources(cmp),
    )


def pci_figure(cmp: Comparison) -> Figure:
    pci = pci_trajectories(cmp)
    gaps = _pci_gaps(cmp)
    if len(gaps) > 1:
        title = (
            "The gap between the compared provinces' PCI scores "
            f"{'narrowed' if gaps.iloc[-1] < gaps.iloc[0] else 'widened'}"
        )
    else:
        title = f"PCI score of {join_names(list(cmp.names.values()))} against the median"
    return compare.trajectory_figure(
        pci,
        cmp.provinces,
        cmp.ids,
        title,
        "Provincial Competitiveness Index, composite score (0–100), "
        f"{int(pci.index.min())}–{int(pci.index.max())}",
        "PCI score (0–100)",
        sources_line(cmp, pci_sources(cmp)),
    )


def ranks_table(cmp: Comparison) -> ShownTable:
    dists = distributions(cmp)
    ranks = compare.rank_table(
        [(f"{m.heading} ({SPOKEN_UNITS[m.key]})", dists[m.key]) for m in measures(cmp)],
        cmp.provinces,
        cmp.ids,
    )
    wide = compare.rank_matrix(ranks)
    labels = {
        f"{m.heading} ({SPOKEN_UNITS[m.key]})": source_labels(cmp, m.sources) for m in measures(cmp)
    }
    wide["Source"] = wide["Measure"].map(labels)
    return ShownTable(
        wide,
        "Compared provinces: value (rank among all provinces)",
        "comparative_ranks.csv",
        csv=ranks.assign(Source=ranks["Measure"].map(labels)),
    )
