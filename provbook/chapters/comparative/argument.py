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
    decimals,
    province_colors,
    rank_of,
    rows_of,
    source_labels,
    sources_line,
)
from provbook.chapters.comparative.official import average_growth
from provbook.chapters.comparative.priorities import terms
from provbook.chapters.comparative.targets import growth_targets, target_words
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import join_names, lower_first
from provbook.words import say

W = "comparative.argument"

#: Growth targets that measure what the IIP measures (industrial or manufacturing output), by
#: their indicator text; export, energy-use or investment growth are not set against the IIP.
OUTPUT_TARGET = re.compile(
    r"^(manufacturing|industrial production( index)?|industrial output|industry)"
    r"( value| output| value added)? growth$",
    re.IGNORECASE,
)
#: Within this many percentage points a target "keeps the pace" of the province's record.
PACE_BAND = 1.0
#: Verdicts as the table shows them (English; every language: :func:`verdict_words`).
VERDICT_WORDS = {
    "above": "asks for more than the record",
    "at": "keeps the pace of the record",
    "below": "asks for less than the record",
    "no record": "no complete record",
}


def verdict_words(lang: str = "en") -> dict[str, str]:
    """The verdicts as the table shows them in ``lang``."""
    return {v: say(f"{W}.verdict.{v.replace(' ', '_')}", lang) for v in VERDICT_WORDS}


def record_phrase(rate: float, lang: str = "en") -> str:
    """How a province's production moved: a fall said as a fall, in ``lang``."""
    if lang == "en":
        return growth_phrase(rate)
    if pd.isna(rate):
        return say(f"{W}.record.missing", lang)
    shown = words.number(abs(rate), 1, "%", lang)
    if shown == words.number(0, 1, "%", lang):
        return say(f"{W}.record.flat", lang)
    return say(f"{W}.record.{'grew' if rate > 0 else 'fell'}", lang, rate=shown)


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
    and how many provinces grew at least as fast as the target's low end (no words but the
    English target and period; :func:`ambition_rows` gives them in a language)."""
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
                "target_id": row.target_id,
                "source_id": row.source_id,
            }
        )
    columns = ["province_id", "Province", "Target", "Low", "High", "Period", "Record", "Rank"]
    columns += ["Of", "Provinces as fast", "Verdict", "target_id", "source_id"]
    table = pd.DataFrame(rows, columns=columns)
    table["Rank"] = table["Rank"].astype("Int64")
    return table


def ambition_rows(cmp: Comparison, lang: str = "en") -> pd.DataFrame:
    """:func:`ambition_table` with its target and period in ``lang`` and a readable source."""
    table = ambition_table(cmp).copy()
    if lang != "en":
        texts = [target_words(cmp, t, lang) for t in table["target_id"]]
        table["Target"] = [t for t, _ in texts]
        table["Period"] = [p for _, p in texts]
    sources = [source_labels(cmp, [s], lang) for s in table["source_id"]]
    table.insert(table.columns.get_loc("target_id"), "Source", sources)
    return table.drop(columns="source_id")


def _as_fast(k: int, of: int, lang: str = "en") -> str:
    """'no province grew', 'one of 4 provinces grew', '3 of 4 provinces grew' (never '0 of')."""
    if k == 0:
        return say(f"{W}.as_fast.none", lang, of=of)
    return say(f"{W}.as_fast.some", lang, count=k, of=of)


def _ambition_sentence(row: dict, first: int, last: int, lang: str = "en") -> str:
    target = words.span(row["Low"], row["High"], 1, say(f"{W}.per_year", lang), lang)
    if row["Verdict"] == "no record":
        return say(f"{W}.ambition.no_record", lang, province=row["Province"], target=target)
    return say(
        f"{W}.ambition.sentence",
        lang,
        province=row["Province"],
        target=target,
        indicator=lower_first(row["Target"]),
        period=row["Period"],
        record=record_phrase(row["Record"], lang),
        first=first,
        last=last,
        rank=rank_of(row["Rank"], row["Of"], lang),
        pace=say(f"{W}.pace.{row['Verdict']}", lang),
        as_fast=_as_fast(row["Provinces as fast"], row["Of"], lang),
        low=words.number(row["Low"], 1, "%", lang),
    )


def _other_targets_text(cmp: Comparison, output: pd.DataFrame, lang: str = "en") -> str:
    growth = growth_targets(cmp)
    others = growth[~growth["target_id"].isin(output["target_id"])]
    if others.empty:
        return say(f"{W}.other.{'all_output' if len(growth) else 'none'}", lang)
    named = [target_words(cmp, t, lang)[0] for t in others["target_id"]]
    what = join_names(list(dict.fromkeys(lower_first(str(i)) for i in named)), lang=lang)
    return say(f"{W}.other.{'one' if len(others) == 1 else 'many'}", lang, n=len(others), what=what)


def ambition_values(cmp: Comparison, lang: str = "en") -> dict:
    """Sentences setting output growth targets against the record and the distribution."""
    table = ambition_rows(cmp, lang)
    record = realised_growth(cmp)
    years = stats.years(cmp.statistics, IIP)
    output_ids = list(dict.fromkeys(table["province_id"]))
    # The highest target per province speaks for its ambition; lower ones are steps to it.
    top = table.sort_values("High").groupby("province_id", sort=False).tail(1)
    top = top.set_index("province_id").loc[output_ids].reset_index()
    sentences = [_ambition_sentence(r, years[0], years[-1], lang) for r in top.to_dict("records")]
    median = float(stats.median(record)) if len(record) else float("nan")
    national = national_growth(cmp)
    return {
        "n_output_targets": len(table),
        "n_output_provinces": len(output_ids),
        "iip_median_growth": median,
        "iip_national_growth": national,
        "iip_median_growth_text": words.number(median, 1, "%", lang),
        "iip_national_growth_text": words.number(national, 1, "%", lang),
        "ambition_text": "; ".join(sentences) or say(f"{W}.ambition.none", lang),
        "ambition_other_text": _other_targets_text(cmp, table, lang),
        "ambition_verdicts": "; ".join(
            say(
                f"{W}.verdicts.{v}",
                lang,
                names=join_names(list(top.loc[top["Verdict"] == v, "Province"]), lang=lang),
            )
            for v in ("above", "at", "below")
            if (top["Verdict"] == v).any()
        )
        or say(f"{W}.verdicts.none", lang),
        "ambition_sources": sources_line(
            cmp,
            list(
                rows_of(cmp, cmp.targets)
                .set_index("target_id")
                .loc[table["target_id"], "source_id"]
            )
            + stats.row_sources(cmp.statistics, [IIP]),
            lang,
        ),
    }


def ambition_figure(cmp: Comparison, lang: str = "en") -> Figure:
    """Each output target as a bar over the realised growth of every province (grey ticks),
    the province's own record as a dot in its colour: ambition measured against the record."""
    table = ambition_rows(cmp, lang)
    record = realised_growth(cmp)
    colors = province_colors(cmp.ids)
    years = stats.years(cmp.statistics, IIP)
    n = len(table)
    fig, ax = charts.new_figure(charts.WIDTH, 2.0 + 0.6 * max(n, 1))
    values = ambition_values(cmp, lang)
    source = values["ambition_sources"]
    subtitle = say(f"{W}.figure.subtitle", lang, first=years[0], last=years[-1])
    if n == 0:
        charts.message_axes(ax, say(f"{W}.figure.no_target", lang))
        return charts.finish(fig, say(f"{W}.figure.title_none", lang), subtitle, source, lang=lang)
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
    ax.set_xlabel(say(f"{W}.per_year", lang))
    legend = {k: say(f"{W}.figure.legend.{k}", lang) for k in ("target", "own", "every", "median")}
    ax.legend(
        handles=[
            Line2D([], [], color=charts.SUBTLE, linewidth=6, alpha=0.75, label=legend["target"]),
            Line2D([], [], marker="o", linestyle="", color=charts.SUBTLE, label=legend["own"]),
            Line2D([], [], marker="|", linestyle="", color=charts.OTHERS, label=legend["every"]),
            Line2D([], [], color=charts.MEDIAN, linestyle="--", label=legend["median"]),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=1,  # more entries in a row run past the edge of a phone-width chart
        frameon=False,
        fontsize=charts.LABEL_SIZE - 0.5,
    )
    verdicts = set(table["Verdict"]) - {"no record"}
    heading = say(f"{W}.figure.title.{verdicts.pop() if len(verdicts) == 1 else 'mixed'}", lang)
    charts.fit_rows(fig, ax)  # a label of three lines (Vietnamese) gets a taller row
    return charts.finish(fig, heading, subtitle, source, lang=lang)


def ambition_shown_table(cmp: Comparison, lang: str = "en") -> ShownTable:
    table = ambition_rows(cmp, lang)
    head = {k: say(f"{W}.table.{k}", lang) for k in ("province", "target", "target_pa")}
    head |= {k: say(f"{W}.table.{k}", lang) for k in ("record", "rank", "as_fast")}
    head |= {k: say(f"{W}.table.{k}", lang) for k in ("verdict", "source")}
    shown = pd.DataFrame(
        {
            head["province"]: table["Province"],
            head["target"]: [
                f"{t} ({p})" for t, p in zip(table["Target"], table["Period"], strict=True)
            ],
            head["target_pa"]: [
                words.span(lo, hi, lang=lang)
                for lo, hi in zip(table["Low"], table["High"], strict=True)
            ],
            head["record"]: table["Record"],
            head["rank"]: [
                rank_of(r, o, lang) for r, o in zip(table["Rank"], table["Of"], strict=True)
            ],
            head["as_fast"]: table["Provinces as fast"],
            head["verdict"]: table["Verdict"].map(verdict_words(lang)),
            head["source"]: table["Source"],
        }
    )
    return ShownTable(
        shown,
        say(f"{W}.table.caption", lang),
        "comparative_ambition.csv",
        {head["record"]: decimals(1, lang)},
        csv=table.drop(columns=["province_id"]),
        lang=lang,
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


def subindex_label(cmp: Comparison, indicator: str, lang: str = "en") -> str:
    """A PCI sub-index's name without 'PCI: ': indicators.csv's label in English, the
    codebook's word in another language."""
    if lang == "en":
        label = cmp.indicators.set_index("indicator")["label"][indicator]
    else:
        label = say(f"codebook.indicator.{indicator}", lang)
    return str(label).removeprefix("PCI: ")


@cached
def weakness_rows(cmp: Comparison) -> pd.DataFrame:
    """Each compared province's weakest sub-indices (lowest ranks among all provinces) in the
    latest year with sub-indices, and the codes of the instruments its sources name that
    address them: ids and numbers only, computed once (:func:`weaknesses` adds the words)."""
    year = subindex_year(cmp)
    columns = ["province_id", "indicator", "Score", "Rank", "Of", "answers", "Year"]
    if year is None:
        return pd.DataFrame(columns=columns)
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
            answers = tuple(c for c in PCI_INSTRUMENTS.get(indicator, ()) if c in own_codes)
            rows.append(
                {
                    "province_id": pid,
                    "indicator": indicator,
                    "Score": score,
                    "Rank": rank,
                    "Of": of,
                    "answers": answers,
                    "Year": year,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def weaknesses(cmp: Comparison, lang: str = "en") -> pd.DataFrame:
    """:func:`weakness_rows` with the province, the sub-index and the instruments named in
    ``lang``."""
    rows = weakness_rows(cmp)
    columns = ["province_id", "Province", "indicator", "Sub-index", "Score", "Rank", "Of"]
    columns += ["Instruments named", "Addressed", "Year"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    codes = cmp.codes.set_index("code")["label_en" if lang == "en" else "label_vi"]

    def instruments(indicator: str, answers: tuple) -> str:
        if answers:
            return join_names(terms([codes[c] for c in answers], lang), lang=lang)
        return say(
            f"{W}.weakness.{'none_named' if indicator in PCI_INSTRUMENTS else 'no_code'}", lang
        )

    table = rows.assign(
        Province=[cmp.names[p] for p in rows["province_id"]],
        **{
            "Sub-index": [subindex_label(cmp, i, lang) for i in rows["indicator"]],
            "Instruments named": [
                instruments(i, a) for i, a in zip(rows["indicator"], rows["answers"], strict=True)
            ],
        },
        Addressed=[bool(a) for a in rows["answers"]],
    )
    return table[columns]


def _subindex_in_text(label: str, lang: str) -> str:
    """A sub-index's name inside a sentence: lower case in English ('land access'), its first
    letter only in Vietnamese (which keeps 'Nhà nước')."""
    return label.lower() if lang == "en" else lower_first(label)


def weakness_values(cmp: Comparison, lang: str = "en") -> dict:
    table = weaknesses(cmp, lang)
    year = subindex_year(cmp)
    key = f"{W}.weakness"
    parts = []
    for pid, group in table.groupby("province_id", sort=False):
        weakest = join_names(
            [
                say(
                    f"{key}.ranked",
                    lang,
                    label=_subindex_in_text(r["Sub-index"], lang),
                    rank=rank_of(r["Rank"], r["Of"], lang),
                )
                for _, r in group.iterrows()
            ],
            lang=lang,
        )
        met = group[group["Addressed"]]
        if len(met) == len(group):
            answer = say(f"{key}.answer_each", lang)
        elif len(met):
            answer = say(
                f"{key}.answer_some",
                lang,
                labels=join_names(
                    terms([_subindex_in_text(x, lang) for x in met["Sub-index"]], lang),
                    lang=lang,
                ),
            )
        else:
            answer = say(f"{key}.answer_none", lang)
        parts.append(
            say(f"{key}.province", lang, name=cmp.names[pid], weakest=weakest, answer=answer)
        )
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
                    say(f"{key}.common_none", lang)
                    if named == 0
                    else say(f"{key}.common_all", lang)
                    if named == len(rows)
                    else say(f"{key}.common_some", lang, named=named)
                )
                sentences.append(
                    say(
                        f"{key}.common",
                        lang,
                        label=label,
                        top=top,
                        n=cmp.n,
                        names=join_names(list(rows["Province"]), lang=lang),
                        answer=answer,
                    )
                )
            common = ". ".join(sentences)
        else:
            common = say(f"{key}.common_no_shared", lang)
    return {
        "pci_sub_year": year if year is not None else say(f"{key}.no_year", lang),
        "n_weakest": WEAKEST,
        "weakness_text": ". ".join(parts) or say(f"{key}.no_scores", lang),
        "weakness_common_text": common or say(f"{key}.no_weakness", lang),
        "weakness_summary": say(f"{key}.summary", lang, count=n_met, total=len(table)),
        "weakness_sources": sources_line(
            cmp,
            list(dict.fromkeys(rows_of(cmp, cmp.priorities)["source_id"]))
            + _subindex_sources(cmp, pci_subindices(cmp)),
            lang,
        ),
    }


def _subindex_sources(cmp: Comparison, indicators) -> list[str]:
    """Source ids of the sub-index rows of the year the weaknesses are read from."""
    year = subindex_year(cmp)
    return [] if year is None else stats.row_sources(cmp.statistics, indicators, [year])


def _weakness_sources(cmp: Comparison, row: pd.Series, lang: str = "en") -> str:
    """The PCI source of the score and, where an instrument is named, the sources naming it."""
    score = _subindex_sources(cmp, [row["indicator"]])
    named = rows_of(cmp, cmp.priorities)
    codes = PCI_INSTRUMENTS.get(row["indicator"], ())
    naming = named[(named["province_id"] == row["province_id"]) & named["code"].isin(codes)]
    return source_labels(cmp, score + list(naming["source_id"]), lang)


def weakness_table(cmp: Comparison, lang: str = "en") -> ShownTable:
    table = weaknesses(cmp, lang)
    table = table.assign(Source=[_weakness_sources(cmp, row, lang) for _, row in table.iterrows()])
    head = {
        k: say(f"{W}.weakness.table.{k}", lang)
        for k in ("province", "subindex", "score", "rank", "instruments", "source")
    }
    shown = pd.DataFrame(
        {
            head["province"]: table["Province"],
            head["subindex"]: table["Sub-index"],
            head["score"]: table["Score"],
            head["rank"]: [
                rank_of(r, o, lang) for r, o in zip(table["Rank"], table["Of"], strict=True)
            ],
            head["instruments"]: table["Instruments named"],
            head["source"]: table["Source"],
        }
    )
    return ShownTable(
        shown,
        say(f"{W}.weakness.table.caption", lang, year=subindex_year(cmp)),
        "comparative_weaknesses.csv",
        {head["score"]: decimals(2, lang)},
        csv=table.drop(columns=["province_id"]),
        lang=lang,
    )


# ---------------------------------------------------------------------------------------------
# Land named against land stated, and the limits


def land_argument_values(cmp: Comparison, lang: str = "en") -> dict:
    # A park several sources name is one park (data.distinct_parks: largest stated area).
    parks = data.distinct_parks(rows_of(cmp, cmp.parks))
    built = parks[parks["status"].isin(BUILT)]
    stated = parks.dropna(subset=["area_ha"])
    key = f"{W}.land"
    return {
        "n_parks_built": len(built),
        "n_parks_intended": len(parks) - len(built),
        "land_argument_text": (
            say(
                f"{key}.named",
                lang,
                count=len(built),
                parks=say(f"{key}.parks", lang, count=len(parks)),
                intended=len(parks) - len(built),
                stated=len(stated),
                area=words.number(float(stated["area_ha"].sum()), 1, "ha", lang),
            )
            if len(parks)
            else say(f"{key}.none", lang)
        ),
    }


def _targets_limit(k: int, n: int, lang: str = "en") -> str:
    key = f"{W}.limit.targets"
    if k == 0:
        return say(f"{key}.{'none_one' if n == 1 else 'none_many'}", lang, n=n)
    if k == n:
        return say(f"{key}.all", lang)
    return say(f"{key}.some", lang, count=k, n=n)


def limits_values(cmp: Comparison, lang: str = "en") -> dict:
    """What these data cannot support, each with the numbers that show why."""
    iip_last = stats.years(cmp.statistics, IIP)[-1]
    targets = rows_of(cmp, cmp.targets)
    years = targets["target_year"].fillna(targets["period_end"]).dropna()
    first_due = int(years.min()) if len(years) else None
    parks = data.distinct_parks(rows_of(cmp, cmp.parks))
    table = ambition_table(cmp)
    key = f"{W}.limit"
    return {
        "limit_outcomes_text": (
            say(
                f"{key}.outcomes",
                lang,
                count=first_due - iip_last,
                last=iip_last,
                first=first_due,
            )
            if first_due is not None and first_due > iip_last
            else say(f"{key}.no_outcomes", lang)
        ),
        "limit_targets_text": _targets_limit(table["province_id"].nunique(), cmp.n, lang),
        "limit_land_text": (
            say(f"{key}.land", lang, k=int(parks["area_ha"].notna().sum()), n=len(parks))
            if len(parks)
            else say(f"{key}.no_land", lang)
        ),
        "limit_codes_text": say(f"{key}.codes", lang),
    }
