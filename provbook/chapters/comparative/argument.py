"""The comparative chapter's argument: each province's plan set against its own data.

Counting codes ("named in 5 of 5 provinces") says little; these builders put each claim of the
plans next to evidence the book holds: growth targets against the province's realised growth
and all provinces' growth, instruments against the province's weakest PCI sub-indices, parks
named against parks measured, and the limits of what these data can show. Each returns glued
values, a figure or a table for :class:`~provbook.chapters.comparative.core.Comparison`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from provbook import text as words
from provbook.analysis import stats
from provbook.analysis.changes import growth_phrase
from provbook.chapters.common.cache import cached
from provbook.chapters.comparative.core import (
    IIP,
    Comparison,
    ShownTable,
    province_colors,
    rows_of,
    source_labels,
    sources_line,
)
from provbook.chapters.comparative.official import average_growth
from provbook.chapters.comparative.targets import growth_targets
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import counted, join_names, lower_first

#: Growth targets that measure what the IIP measures (industrial or manufacturing output), by
#: their indicator text; export, energy-use or investment growth are not set against the IIP.
OUTPUT_TARGET = re.compile(
    r"^(manufacturing|industrial production( index)?|industrial output|industry)"
    r"( value| output| value added)? growth$",
    re.IGNORECASE,
)
#: Within this many percentage points a target "keeps the pace" of the province's record.
PACE_BAND = 1.0
#: Verdicts as the table shows them.
VERDICT_WORDS = {
    "above": "asks for more than the record",
    "at": "keeps the pace of the record",
    "below": "asks for less than the record",
    "no record": "no complete record",
}
PCI_PREFIX = "pci_"
PCI_COMPOSITES = ("pci_weighted", "pci_unweighted")
#: The authors' reading of which codebook instruments act on which PCI sub-index. A sub-index
#: missing here (informal charges, policy bias, legal institutions ...) has no instrument in
#: the codebook that addresses it directly.
PCI_INSTRUMENTS = {
    "pci_land": ("land_clearance",),
    "pci_entry": ("administrative_reform",),
    "pci_time": ("administrative_reform",),
    "pci_transparency": ("administrative_reform", "digital_transformation"),
    "pci_labor": ("training",),
    "pci_support": (
        "business_support",
        "investment_promotion",
        "industrial_promotion",
        "trade_export_promotion",
    ),
}
#: How many of a province's weakest sub-indices are set against its instruments, and how low
#: a rank must be (share of the provinces above it) for a sub-index to count as a weakness.
WEAKEST = 3
BOTTOM_SHARE = 0.5
#: Park statuses that mean land in use or being built (the rest are intentions).
#: Statuses of a park that exists on the ground (built, being built or enlarged).
BUILT = ("operating", "expanding", "infrastructure_complete", "under_construction", "established")


# ---------------------------------------------------------------------------------------------
# Growth targets against the record


@cached
def realised_growth(cmp: Comparison) -> pd.Series:
    """Every province's compound average IIP growth (% a year) over the whole series."""
    return average_growth(cmp.statistics, IIP)


def national_growth(cmp: Comparison) -> float:
    """Vietnam's own average IIP growth over the same years (NaN without a national row)."""
    span = stats.years(cmp.statistics, IIP)
    national = stats.series(cmp.statistics, stats.NATIONAL, IIP).reindex(span)
    return stats.average_annual_growth(national.tolist())


def verdict(low: float, high: float, record: float, band: float = PACE_BAND) -> str:
    """'below', 'at' or 'above' the record: a range counts as 'at' when it comes within
    ``band`` points of the record, as 'above' only when its low end is beyond it."""
    if np.isnan(record):
        return "no record"
    if low - record > band:
        return "above"
    if record - high > band:
        return "below"
    return "at"


@cached
def ambition_table(cmp: Comparison) -> pd.DataFrame:
    """One row per output growth target: the target, the province's realised growth and rank,
    and how many provinces grew at least as fast as the target's low end."""
    growth = growth_targets(cmp)
    output = growth[growth["Indicator"].map(lambda s: bool(OUTPUT_TARGET.match(str(s).strip())))]
    record = realised_growth(cmp)
    rows = []
    for row in output.itertuples(index=False):
        own = float(record.get(row.province_id, np.nan))
        rows.append(
            {
                "province_id": row.province_id,
                "Province": row.Province,
                "Target": row.Indicator,
                "Low": float(row.Low),
                "High": float(row.High),
                "Period": row.Period,
                "Record": own,
                "Rank": stats.rank(record, row.province_id),
                "Of": len(record),
                "Provinces as fast": int((record >= row.Low).sum()),
                "Verdict": verdict(float(row.Low), float(row.High), own),
                "Source": source_labels(cmp, [row.source_id]),
                "target_id": row.target_id,
            }
        )
    columns = ["province_id", "Province", "Target", "Low", "High", "Period", "Record", "Rank"]
    columns += ["Of", "Provinces as fast", "Verdict", "Source", "target_id"]
    table = pd.DataFrame(rows, columns=columns)
    table["Rank"] = table["Rank"].astype("Int64")
    return table


def _as_fast(k: int, of: int) -> str:
    """'no province grew', 'one of 4 provinces grew', '3 of 4 provinces grew' (never '0 of')."""
    if k == 0:
        return f"none of the {of} provinces grew"
    return f"one of {of} provinces grew" if k == 1 else f"{k} of {of} provinces grew"


def _ambition_sentence(row: dict, first: int, last: int) -> str:
    target = words.span(row["Low"], row["High"], 1, "% a year")
    pace = {
        "above": "asks for more than it achieved",
        "at": "asks it to keep the pace it had",
        "below": "asks for less than it achieved",
        "no record": "cannot be set against a record",
    }[row["Verdict"]]
    if row["Verdict"] == "no record":
        return f"{row['Province']} aims at {target}, but has no complete production record"
    return (
        f"{row['Province']} aims at {target} for {lower_first(row['Target'])} ({row['Period']}); "
        f"its industrial production {growth_phrase(row['Record'])} in "
        f"{first}–{last}, {stats.ordinal(row['Rank'])} of {row['Of']} provinces, so the target "
        f"{pace} ({_as_fast(row['Provinces as fast'], row['Of'])} at least "
        f"{words.number(row['Low'], 1, '%')} a year)"
    )


def _other_targets_text(growth: pd.DataFrame, output: pd.DataFrame) -> str:
    others = growth[~growth["target_id"].isin(output["target_id"])]
    if others.empty:
        return (
            "Every numeric growth target here is one of industrial output"
            if len(growth)
            else "No compared province states a numeric growth target"
        )
    what = join_names(list(dict.fromkeys(lower_first(str(i)) for i in others["Indicator"])))
    lead = (
        "The other growth target measures"
        if len(others) == 1
        else f"The other {len(others)} growth targets measure"
    )
    return f"{lead} something the official statistics here do not track ({what})"


def ambition_values(cmp: Comparison) -> dict:
    """Sentences setting output growth targets against the record and the distribution."""
    table = ambition_table(cmp)
    record = realised_growth(cmp)
    years = stats.years(cmp.statistics, IIP)
    output_ids = list(dict.fromkeys(table["province_id"]))
    # The highest target per province speaks for its ambition; lower ones are steps to it.
    top = table.sort_values("High").groupby("province_id", sort=False).tail(1)
    top = top.set_index("province_id").loc[output_ids].reset_index()
    sentences = [_ambition_sentence(r, years[0], years[-1]) for r in top.to_dict("records")]
    return {
        "n_output_targets": len(table),
        "n_output_provinces": len(output_ids),
        "iip_median_growth": float(stats.median(record)) if len(record) else float("nan"),
        "iip_national_growth": national_growth(cmp),
        "ambition_text": "; ".join(sentences)
        or "No compared province states a growth target for industrial output, so no target "
        "can be set against the record",
        "ambition_other_text": _other_targets_text(growth_targets(cmp), table),
        "ambition_verdicts": "; ".join(
            f"{words}: {join_names(list(top.loc[top['Verdict'] == v, 'Province']))}"
            for v, words in (
                ("above", "beyond the province's own record"),
                ("at", "within a point of the province's own record"),
                ("below", "below the province's own record"),
            )
            if (top["Verdict"] == v).any()
        )
        or "no province has an output target to set against its record",
        "ambition_sources": sources_line(
            cmp,
            list(
                rows_of(cmp, cmp.targets)
                .set_index("target_id")
                .loc[table["target_id"], "source_id"]
            )
            + stats.row_sources(cmp.statistics, [IIP]),
        ),
    }


def ambition_figure(cmp: Comparison) -> Figure:
    """Each output target as a bar over the realised growth of every province (grey ticks),
    the province's own record as a dot in its colour: ambition measured against the record."""
    table = ambition_table(cmp)
    record = realised_growth(cmp)
    colors = province_colors(cmp.ids)
    years = stats.years(cmp.statistics, IIP)
    n = len(table)
    fig, ax = charts.new_figure(charts.WIDTH, 2.0 + 0.6 * max(n, 1))
    values = ambition_values(cmp)
    source = values["ambition_sources"]
    subtitle = (
        f"Growth targets for industrial output (bars) against the province's average growth of "
        f"industrial production {years[0]}–{years[-1]} (dot) and every province's (grey ticks), "
        "% a year"
    )
    if n == 0:
        charts.message_axes(ax, "No growth target for industrial output")
        return charts.finish(fig, "No output target to set against the record", subtitle, source)
    ys = np.arange(n)[::-1]
    for y, row in zip(ys, table.itertuples(index=False), strict=True):
        ax.scatter(record.to_numpy(), [y] * len(record), marker="|", s=60, color=charts.OTHERS)
        color = colors[row.province_id]
        ax.plot(
            [row.Low, row.High],
            [y + 0.22] * 2,
            color=color,
            linewidth=6,
            alpha=0.75,
            solid_capstyle="butt",
        )
        if row.Low == row.High:
            ax.scatter([row.Low], [y + 0.22], marker="s", s=40, color=color)
        ax.scatter([row.Record], [y - 0.05], s=45, color=color, edgecolor="white", zorder=3)
    median = stats.median(record)
    ax.axvline(median, color=charts.MEDIAN, linestyle="--", linewidth=1)
    ax.set_yticks(
        ys,
        [
            charts.wrap(f"{r.Province}: {lower_first(r.Target)} ({r.Period})", 26)
            for r in table.itertuples(index=False)
        ],
    )
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("% a year")
    ax.legend(
        handles=[
            Line2D([], [], color=charts.SUBTLE, linewidth=6, alpha=0.75, label="target"),
            Line2D([], [], marker="o", linestyle="", color=charts.SUBTLE, label="own record"),
            Line2D([], [], marker="|", linestyle="", color=charts.OTHERS, label="every province"),
            Line2D([], [], color=charts.MEDIAN, linestyle="--", label="median of provinces"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=1,  # more entries in a row run past the edge of a phone-width chart
        frameon=False,
        fontsize=charts.LABEL_SIZE - 0.5,
    )
    title = {
        "above": "Targets ask for more than the record",
        "at": "Targets ask the provinces to keep the pace they had",
        "below": "Targets ask for less than the record",
    }
    verdicts = set(table["Verdict"]) - {"no record"}
    heading = (
        title[verdicts.pop()]
        if len(verdicts) == 1
        else "Growth targets set against each province's record"
    )
    return charts.finish(fig, heading, subtitle, source)


def ambition_shown_table(cmp: Comparison) -> ShownTable:
    table = ambition_table(cmp)
    shown = table.assign(
        Verdict=table["Verdict"].map(VERDICT_WORDS),
        Target=[f"{t} ({p})" for t, p in zip(table["Target"], table["Period"], strict=True)],
        **{
            "Target, % a year": [
                words.span(lo, hi) for lo, hi in zip(table["Low"], table["High"], strict=True)
            ],
            "Rank of record": [
                f"{stats.ordinal(r)} of {o}"
                for r, o in zip(table["Rank"], table["Of"], strict=True)
            ],
        },
    )
    return ShownTable(
        shown[
            [
                "Province",
                "Target",
                "Target, % a year",
                "Record",
                "Rank of record",
                "Provinces as fast",
                "Verdict",
                "Source",
            ]
        ].rename(columns={"Record": "Own record, % a year"}),
        "Growth targets for industrial output against each province's record",
        "comparative_ambition.csv",
        {"Own record, % a year": "{:.1f}"},
        csv=table.drop(columns=["province_id"]),
    )


# ---------------------------------------------------------------------------------------------
# Instruments against PCI weaknesses


def pci_subindices(cmp: Comparison) -> list[str]:
    """PCI sub-index indicators in the statistics (every pci_* but the composites)."""
    names = cmp.indicators["indicator"]
    return [i for i in names if i.startswith(PCI_PREFIX) and i not in PCI_COMPOSITES]


def subindex_year(cmp: Comparison) -> int | None:
    """Latest year in which every compared province has a score on at least one sub-index."""
    rows = cmp.statistics[cmp.statistics["indicator"].isin(pci_subindices(cmp))].dropna(
        subset=["value"]
    )
    found = [int(y) for y, g in rows.groupby("year") if set(cmp.ids) <= set(g["province_id"])]
    return max(found) if found else None


@cached
def weaknesses(cmp: Comparison) -> pd.DataFrame:
    """Each compared province's weakest sub-indices (lowest ranks among all provinces) in the
    latest year with sub-indices, and the instruments its sources name that address them."""
    year = subindex_year(cmp)
    columns = ["province_id", "Province", "indicator", "Sub-index", "Score", "Rank", "Of"]
    columns += ["Instruments named", "Addressed", "Year"]
    if year is None:
        return pd.DataFrame(columns=columns)
    labels = cmp.indicators.set_index("indicator")["label"]
    codes = cmp.codes.set_index("code")["label_en"]
    named = rows_of(cmp, cmp.priorities)
    rows = []
    for pid in cmp.ids:
        own_codes = set(named.loc[named["province_id"] == pid, "code"])
        standing = []
        for indicator in pci_subindices(cmp):
            values = stats.cross_section(cmp.statistics, indicator, year)
            rank = stats.rank(values, pid)
            if rank is not None:
                standing.append(
                    (rank / len(values), indicator, float(values[pid]), rank, len(values))
                )
        weak = sorted((s for s in standing if s[0] > BOTTOM_SHARE), key=lambda s: (-s[0], s[1]))
        for _, indicator, score, rank, of in weak[:WEAKEST]:
            answers = [c for c in PCI_INSTRUMENTS.get(indicator, ()) if c in own_codes]
            rows.append(
                {
                    "province_id": pid,
                    "Province": cmp.names[pid],
                    "indicator": indicator,
                    "Sub-index": str(labels[indicator]).removeprefix("PCI: "),
                    "Score": score,
                    "Rank": rank,
                    "Of": of,
                    "Instruments named": join_names([codes[c] for c in answers])
                    if answers
                    else "none named"
                    if indicator in PCI_INSTRUMENTS
                    else "no instrument in the codebook",
                    "Addressed": bool(answers),
                    "Year": year,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def weakness_values(cmp: Comparison) -> dict:
    table = weaknesses(cmp)
    year = subindex_year(cmp)
    parts = []
    for pid, group in table.groupby("province_id", sort=False):
        weakest = join_names(
            [
                f"{r['Sub-index'].lower()} ({stats.ordinal(r['Rank'])} of {r['Of']})"
                for _, r in group.iterrows()
            ]
        )
        met = group[group["Addressed"]]
        if len(met) == len(group):
            answer = "its sources name an instrument for each"
        elif len(met):
            answer = "its sources name an instrument for " + join_names(
                [x.lower() for x in met["Sub-index"]]
            )
        else:
            answer = "its sources name no instrument for any of them"
        parts.append(f"{cmp.names[pid]}: {weakest}; {answer}")
    n_met = int(table["Addressed"].sum()) if len(table) else 0
    common = ""
    if len(table):
        counts = table.groupby("Sub-index", sort=False)["province_id"].nunique()
        top = counts.max()
        if top > 1:
            sentences = []
            for label in sorted(counts[counts == top].index):
                rows = table[table["Sub-index"] == label]
                named = int(rows["Addressed"].sum())
                answer = (
                    "none of their sources names an instrument for it"
                    if named == 0
                    else "the sources of all of them name an instrument for it"
                    if named == len(rows)
                    else f"the sources of {named} of them name an instrument for it"
                )
                sentences.append(
                    f"{label} is among the weakest sub-indices of {top} of the {cmp.n} "
                    f"compared provinces ({join_names(list(rows['Province']))}); {answer}"
                )
            common = ". ".join(sentences)
        else:
            common = "No sub-index is among the weakest of more than one compared province"
    return {
        "pci_sub_year": year if year is not None else "no year",
        "n_weakest": WEAKEST,
        "weakness_text": ". ".join(parts)
        or "No compared province has PCI sub-index scores, so instruments cannot be set against "
        "weaknesses",
        "weakness_common_text": common
        or "No compared province has a sub-index in the bottom half of the provinces",
        "weakness_summary": (
            f"{n_met} of the {len(table)} weakest sub-index scores of the compared provinces "
            f"{'meets' if n_met == 1 else 'meet'} an instrument named in the province's own "
            "sources"
        ),
        "weakness_sources": sources_line(
            cmp,
            list(dict.fromkeys(rows_of(cmp, cmp.priorities)["source_id"]))
            + _subindex_sources(cmp, pci_subindices(cmp)),
        ),
    }


def _subindex_sources(cmp: Comparison, indicators) -> list[str]:
    """Source ids of the sub-index rows of the year the weaknesses are read from."""
    year = subindex_year(cmp)
    return [] if year is None else stats.row_sources(cmp.statistics, indicators, [year])


def _weakness_sources(cmp: Comparison, row: pd.Series) -> str:
    """The PCI source of the score and, where an instrument is named, the sources naming it."""
    score = _subindex_sources(cmp, [row["indicator"]])
    named = rows_of(cmp, cmp.priorities)
    codes = PCI_INSTRUMENTS.get(row["indicator"], ())
    naming = named[(named["province_id"] == row["province_id"]) & named["code"].isin(codes)]
    return source_labels(cmp, score + list(naming["source_id"]))


def weakness_table(cmp: Comparison) -> ShownTable:
    table = weaknesses(cmp)
    table = table.assign(Source=[_weakness_sources(cmp, row) for _, row in table.iterrows()])
    shown = table.assign(
        **{
            "Rank among provinces": [
                f"{stats.ordinal(r)} of {o}"
                for r, o in zip(table["Rank"], table["Of"], strict=True)
            ]
        }
    )
    return ShownTable(
        shown[
            [
                "Province",
                "Sub-index",
                "Score",
                "Rank among provinces",
                "Instruments named",
                "Source",
            ]
        ],
        f"Weakest PCI sub-indices of each compared province ({subindex_year(cmp)}) and the "
        "instruments its sources name for them",
        "comparative_weaknesses.csv",
        {"Score": "{:.2f}"},
        csv=table.drop(columns=["province_id"]),
    )


# ---------------------------------------------------------------------------------------------
# Land named against land stated, and the limits


def land_argument_values(cmp: Comparison) -> dict:
    # A park several sources name is one park (data.distinct_parks: largest stated area).
    parks = data.distinct_parks(rows_of(cmp, cmp.parks))
    built = parks[parks["status"].isin(BUILT)]
    stated = parks.dropna(subset=["area_ha"])
    return {
        "n_parks_built": len(built),
        "n_parks_intended": len(parks) - len(built),
        "land_argument_text": (
            f"Of the {counted(len(parks), 'park or cluster', 'parks and clusters')} named, "
            f"{len(built)} {'is' if len(built) == 1 else 'are'} built, being built or "
            f"established and {len(parks) - len(built)} approved, planned, proposed or of "
            f"unstated status; an area is stated for {len(stated)}, together "
            f"{words.number(float(stated['area_ha'].sum()), 1, 'ha')}"
            if len(parks)
            else "The sources name no park or cluster for the compared provinces"
        ),
    }


def _targets_limit(k: int, n: int) -> str:
    if k == 0 and n == 1:
        return (
            "The compared province states no growth target for industrial output, so no "
            "ambition is measured against a record"
        )
    if k == 0:
        return (
            f"None of the {n} compared provinces states a growth target for industrial output, "
            "so no ambition is measured against a record"
        )
    if k == n:
        return "Every compared province states a growth target for industrial output"
    return (
        f"Only {k} of the {n} compared provinces {'states' if k == 1 else 'state'} a growth "
        "target for industrial output, so ambition is measured against the record for "
        f"{'it' if k == 1 else 'them'} alone"
    )


def limits_values(cmp: Comparison) -> dict:
    """What these data cannot support, each with the numbers that show why."""
    iip_last = stats.years(cmp.statistics, IIP)[-1]
    targets = rows_of(cmp, cmp.targets)
    years = targets["target_year"].fillna(targets["period_end"]).dropna()
    first_due = int(years.min()) if len(years) else None
    parks = data.distinct_parks(rows_of(cmp, cmp.parks))
    table = ambition_table(cmp)
    return {
        "limit_outcomes_text": (
            f"The industrial production series ends in {iip_last}, "
            f"{counted(first_due - iip_last, 'year')} before the first target falls due "
            f"({first_due}): no target is checked against its outcome here"
            if first_due is not None and first_due > iip_last
            else "No target is checked against its outcome here: the book holds no matching "
            "result series"
        ),
        "limit_targets_text": _targets_limit(table["province_id"].nunique(), cmp.n),
        "limit_land_text": (
            f"Areas are stated for {parks['area_ha'].notna().sum()} of the {len(parks)} zones "
            "named, so the provinces' industrial land cannot be compared in hectares"
            if len(parks)
            else "No zone is named, so industrial land cannot be compared"
        ),
        "limit_codes_text": "A code records that a source names an instrument, not its budget "
        "or its result, so the weaknesses met by an instrument are only weaknesses named",
    }
