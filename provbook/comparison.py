"""The comparative chapter's builders: glued values, figures and tables, all from ``data/``.

The chapter notebook (``notebooks/comparative.ipynb``) is prose and thin calls, as the province
chapter is: it loads one :class:`Comparison` for the compared ids and calls one builder per
section (``*_values`` dicts of glue keys, ``*_figure`` figures, ``*_table`` tables). The drawing
and table primitives live in :mod:`provbook.compare`; this module decides what the chapter says.
Every count and list of provinces, sources and parks comes from the data, so a province may have
any number of sources (or none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from provbook import charts, compare, data, stats
from provbook.text import counted, join_names, lower_first, plural

#: Fact tables whose rows carry the source they were taken from.
FACT_TABLES = ("documents", "targets", "parks", "priorities", "projects", "results")
#: Nouns for the kinds of sources.csv, for prose ("one news article", "2 sources").
SOURCE_NOUNS = {"article": ("news article", "news articles")}
IIP, FDI, GRDP_PC, PCI = "iip_index", "fdi_stock_capital", "grdp_per_capita", "pci_weighted"
AREA, POPULATION = "area", "population"
#: Units as the prose speaks them (indicators.csv keeps the formal unit).
SPOKEN_UNITS = {"iip": "% a year", "fdi": "USD million", "grdp": "million VND", "pci": "points"}
BOUNDARIES_OLD, BOUNDARIES_NEW = "provinces_63", "units_34"
BOUNDARY_SOURCE, MERGER_SOURCE = "odv_boundaries", "merger_2025"


# ---------------------------------------------------------------------------------------------
# Loading


@dataclass
class Comparison:
    """Every table the chapter needs, loaded once; ``ids`` are the compared provinces in order."""

    ids: list[str]
    provinces: pd.DataFrame
    units: pd.DataFrame
    codes: pd.DataFrame
    priorities: pd.DataFrame
    targets: pd.DataFrame
    documents: pd.DataFrame
    parks: pd.DataFrame
    statistics: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    projects: pd.DataFrame = field(default_factory=pd.DataFrame)
    results: pd.DataFrame = field(default_factory=pd.DataFrame)
    data_dir: object = None
    #: Parsed boundary files by name, read on first use (only the merger map needs them).
    boundaries: dict = field(default_factory=dict, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    def boundary(self, name: str) -> dict:
        if name not in self.boundaries:
            self.boundaries[name] = data.boundaries(name, self.data_dir)
        return self.boundaries[name]

    @property
    def names(self) -> dict[str, str]:
        """Vietnamese names of the compared provinces, in the compared order."""
        return compare.province_names(self.provinces, self.ids)

    @property
    def n(self) -> int:
        return len(self.ids)


def load(ids, data_dir=None) -> Comparison:
    """Load the data package once for the compared ids; unknown ids raise ValueError (listing
    the known ones), and a repeated id is an error rather than a province counted twice."""
    ids = [data.check_province(pid, data_dir) for pid in ids]
    if not ids:
        raise ValueError("no province to compare: give at least one province id")
    repeated = sorted({pid for pid in ids if ids.count(pid) > 1})
    if repeated:
        raise ValueError(f"province id(s) given more than once: {', '.join(repeated)}")
    return Comparison(
        ids=ids,
        provinces=data.provinces(data_dir),
        units=data.units_2025(data_dir),
        codes=data.codes(data_dir),
        priorities=data.priorities(data_dir),
        targets=data.targets(data_dir),
        documents=data.documents(data_dir),
        parks=data.parks(data_dir),
        statistics=data.statistics(data_dir),
        indicators=data.indicators(data_dir),
        sources=data.sources(data_dir),
        projects=data.projects(data_dir),
        results=data.results(data_dir),
        data_dir=data_dir,
    )


def _cached(function):
    """Compute once per Comparison: several sections reuse the same tables."""

    def wrapper(cmp: Comparison):
        key = function.__name__
        if key not in cmp._cache:
            cmp._cache[key] = function(cmp)
        return cmp._cache[key]

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


# ---------------------------------------------------------------------------------------------
# Sources: readable labels instead of ids


def source_label(cmp: Comparison, source_id: str) -> str:
    """A short author-year label, as the bibliography credits the source ('Quý Đôn, 2023').

    An article with neither author nor outlet is named by its province, so that two unsigned
    reports stay apart; an id not in sources.csv is an error (it would print an internal id).
    """
    rows = cmp.sources[cmp.sources["source_id"] == source_id]
    if rows.empty:
        raise ValueError(f"source {source_id!r} is cited by a data row but not in sources.csv")
    row = rows.iloc[0]
    known = {k: row[k] for k in ("author", "outlet", "date") if str(row[k]) != "unknown"}
    year = str(known["date"])[:4] if "date" in known else "n.d."
    if row["kind"] == "article":
        about = cmp.provinces.set_index("province_id")["name_vi"].get(row["province_id"], "")
        who = known.get("author") or known.get("outlet") or f"Unsigned news report on {about}"
    else:
        short = re.search(r"\(([A-Z]{2,})\)", str(row["outlet"]))
        who = (
            short.group(1) if short else str(row["author"] if "author" in known else row["outlet"])
        )
    return f"{who}, {year}"


def source_labels(cmp: Comparison, source_ids) -> str:
    """'A; B' for the ids given, order kept and duplicates dropped ('' for none)."""
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s]
    return "; ".join(dict.fromkeys(source_label(cmp, s) for s in ids))


def sources_line(cmp: Comparison, source_ids) -> str:
    """'Sources: A; B.' (a figure's source line or caption; '' when there is none)."""
    labels = source_labels(cmp, source_ids)
    if not labels:
        return ""
    line = f"{'Sources' if ';' in labels else 'Source'}: {labels}"
    return line if line.endswith(".") else line + "."


def _rows_of(cmp: Comparison, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty or "province_id" not in frame:
        return frame.iloc[0:0]
    return frame[frame["province_id"].isin(cmp.ids)]


def province_sources(cmp: Comparison) -> dict[str, list[str]]:
    """Each compared province's sources: those about it in sources.csv and those its fact rows
    cite, in sources.csv order (a province may have several, or none)."""
    cited: dict[str, set[str]] = {pid: set() for pid in cmp.ids}
    for name in FACT_TABLES:
        for row in _rows_of(cmp, getattr(cmp, name)).itertuples(index=False):
            if isinstance(row.source_id, str):
                cited[row.province_id].add(row.source_id)
    about = _rows_of(cmp, cmp.sources)
    for row in about.itertuples(index=False):
        cited[row.province_id].add(row.source_id)
    order = list(cmp.sources["source_id"])
    return {
        pid: sorted(s, key=lambda x: order.index(x) if x in order else len(order))
        for pid, s in cited.items()
    }


def _source_noun(cmp: Comparison, source_ids) -> tuple[str, str]:
    kinds = set(cmp.sources.loc[cmp.sources["source_id"].isin(list(source_ids)), "kind"])
    if len(kinds) == 1 and (kind := kinds.pop()) in SOURCE_NOUNS:
        return SOURCE_NOUNS[kind]
    return "source", "sources"


def sources_text(cmp: Comparison) -> str:
    """How each province is seen: 'each seen through one news article', 'Long An through
    2 sources and Đắk Lắk through none' (counts and nouns from the data)."""
    by_province = province_sources(cmp)
    every = {s for ids in by_province.values() for s in ids}
    noun, nouns = _source_noun(cmp, every)
    counts = {pid: len(ids) for pid, ids in by_province.items()}
    if len(set(counts.values())) == 1:
        k = next(iter(counts.values()))
        if k == 0:
            if cmp.n > 1:
                return "none of them with a source of its own beyond the statistics"
            return "with no source of its own beyond the statistics"
        lead = "each seen" if cmp.n > 1 else "seen"
        return f"{lead} through {counted(k, noun, nouns)}"
    groups: dict[int, list[str]] = {}
    for pid, k in counts.items():
        groups.setdefault(k, []).append(cmp.names[pid])
    parts = [
        f"{join_names(who)} through {'none' if k == 0 else counted(k, noun, nouns)}"
        for k, who in sorted(groups.items(), reverse=True)
    ]
    first, *rest = parts
    return join_names([first.replace(" through ", " seen through ", 1), *rest])


def overview_values(cmp: Comparison) -> dict:
    """Counts and names the introduction speaks of."""
    by_province = province_sources(cmp)
    every = list(dict.fromkeys(s for ids in by_province.values() for s in ids))
    return {
        "n_compared": cmp.n,
        "n_all_provinces": len(cmp.provinces),
        "n_units": len(cmp.units),
        "compared_names": join_names(list(cmp.names.values())),
        "compared_count": plural(cmp.n, "province"),
        "n_sources": len(every),
        "sources_text": sources_text(cmp),
    }


# ---------------------------------------------------------------------------------------------
# Tables shown on the page


@dataclass
class ShownTable:
    """A captioned table with its CSV download; ``frame`` is what the page shows, ``csv`` what
    the link downloads (by default the same rows)."""

    frame: pd.DataFrame
    caption: str
    filename: str
    formats: dict[str, str] | None = None
    csv: pd.DataFrame | None = None

    def _repr_html_(self) -> str:
        return compare.table_html(self.frame, self.caption, self.filename, self.formats, self.csv)

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}"


# ---------------------------------------------------------------------------------------------
# Priorities


@_cached
def matrices(cmp: Comparison) -> dict[str, pd.DataFrame]:
    """The sector and instrument coding matrices of the compared provinces."""
    return {
        dim: compare.coding_matrix(cmp.priorities, cmp.codes, cmp.provinces, cmp.ids, dim)
        for dim in ("sector", "instrument")
    }


def coded_ids(cmp: Comparison) -> list[str]:
    """Compared provinces with at least one coded priority (in the compared order)."""
    coded = set(_rows_of(cmp, cmp.priorities)["province_id"])
    return [pid for pid in cmp.ids if pid in coded]


def _priority_sources(cmp: Comparison) -> list[str]:
    return list(dict.fromkeys(_rows_of(cmp, cmp.priorities)["source_id"]))


def priorities_values(cmp: Comparison) -> dict:
    """Shared, most frequent, widest and narrowest codes, for sectors and instruments.

    Widest and narrowest are among the provinces with coded sources: a province without any
    coding is named once (``uncoded_text``), not as the one with the shortest list."""
    coded = coded_ids(cmp)
    names = cmp.names
    uncoded = [names[p] for p in cmp.ids if p not in coded]
    values: dict = {
        "n_coded_provinces": len(coded),
        "uncoded_text": (
            f"{join_names(uncoded)} {'has' if len(uncoded) == 1 else 'have'} no coded source, "
            "so every cell of "
            f"{'its column' if len(uncoded) == 1 else 'their columns'} is empty"
            if uncoded
            else "Every compared province has coded sources"
        ),
        "priorities_sources": sources_line(cmp, _priority_sources(cmp)),
    }
    for dim, noun in (("sector", "sectors"), ("instrument", "instruments")):
        matrix = matrices(cmp)[dim]
        shares = matrix.sum(axis=1)
        per_province = matrix.sum(axis=0)[[names[p] for p in coded]] if coded else pd.Series()
        top = int(shares.max()) if len(shares) else 0
        everywhere = list(shares[shares == cmp.n].index)
        widest = int(per_province.max()) if len(per_province) else 0
        narrowest = int(per_province.min()) if len(per_province) else 0
        values[f"{dim}_summary_text"] = _priorities_sentence(
            cmp, dim, noun, shares, per_province, everywhere
        )
        values.update(
            {
                f"n_{dim}_codes": int((cmp.codes["dimension"] == dim).sum()),
                f"n_{noun}_coded": len(matrix),
                f"top_{dim}s": join_names(list(shares[shares == top].index), empty="none"),
                f"top_{dim}_n": top,
                f"n_{noun}_all": len(everywhere),
                f"{noun}_all": join_names(everywhere, empty="none"),
                f"widest_{dim}_province": join_names(
                    list(per_province[per_province == widest].index), empty="none"
                ),
                f"widest_{dim}_n": widest,
                f"narrowest_{dim}_province": join_names(
                    list(per_province[per_province == narrowest].index), empty="none"
                ),
                f"narrowest_{dim}_n": narrowest,
            }
        )
    return values


def _priorities_sentence(cmp, dim, noun, shares, per_province, everywhere) -> str:
    """What the coding shows for one dimension, in words that fit any number of provinces."""
    if not len(shares):
        return f"No {dim} is coded for the compared {'provinces' if cmp.n > 1 else 'province'}"
    parts = [f"The sources use {len(shares)} of the {noun}"]
    if cmp.n > 1:
        top = int(shares.max())
        parts.append(
            f"coded most often: {join_names(list(shares[shares == top].index))}, for {top} of "
            f"the {cmp.n} provinces; coded for every compared province: "
            f"{join_names(everywhere, empty='none')}"
        )
    if len(per_province) > 1:
        widest, narrowest = int(per_province.max()), int(per_province.min())
        most = join_names(list(per_province[per_province == widest].index))
        fewest = join_names(list(per_province[per_province == narrowest].index))
        parts.append(
            f"each province's sources name {widest}"
            if widest == narrowest
            else f"{most} {'names' if ' and ' not in most else 'name'} the most "
            f"({widest}), {fewest} the fewest ({narrowest})"
        )
    elif len(per_province) == 1:
        parts.append(f"all of them for {per_province.index[0]}")
    return "; ".join(parts)


def _priorities_figure(cmp: Comparison, dim: str, what: str) -> Figure:
    matrix = matrices(cmp)[dim]
    return compare.heatmap_figure(
        matrix,
        compare.matrix_title(matrix, dim),
        f"{what} coded in each province's sources; right: number of provinces",
        sources_line(cmp, _priority_sources(cmp)) + " Coding by the authors.",
    )


def sectors_figure(cmp: Comparison) -> Figure:
    return _priorities_figure(cmp, "sector", "Priority sectors")


def instruments_figure(cmp: Comparison) -> Figure:
    return _priorities_figure(cmp, "instrument", "Policy instruments")


def codebook_table(cmp: Comparison) -> ShownTable:
    table = compare.codebook_table(cmp.codes)
    return ShownTable(
        table.drop(columns="code id"),
        "Codebook of priority sectors and policy instruments",
        "codebook.csv",
        csv=table,
    )


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


def _ordered_ids(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(table["province_id"]))


def _only_text(cmp: Comparison, ids: list[str], verb: tuple[str, str], what: str, none: str):
    """'Only A sets ...' / 'A and B set ...' / 'All compared provinces set ...' / none."""
    if not ids:
        return none
    names = join_names([cmp.names[p] for p in ids])
    if len(ids) == cmp.n:
        return f"{'All compared provinces' if cmp.n > 1 else names} {verb[cmp.n == 1]} {what}"
    return f"Only {names} {verb[len(ids) == 1]} {what}"


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


# ---------------------------------------------------------------------------------------------
# Industrial land


@_cached
def land(cmp: Comparison) -> pd.DataFrame:
    return compare.industrial_land(cmp.parks, cmp.statistics, cmp.provinces, cmp.ids)


def _years_text(table: pd.DataFrame, column: str) -> str:
    years = sorted(int(y) for y in table[column].dropna().unique())
    if not years:
        return "no year"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _land_sources(cmp: Comparison) -> tuple[list[str], list[str]]:
    parks = list(dict.fromkeys(_rows_of(cmp, cmp.parks)["source_id"]))
    rows = _rows_of(cmp, cmp.statistics)
    official = list(dict.fromkeys(rows[rows["indicator"].isin([AREA, POPULATION])]["source_id"]))
    return parks, official


def _parks_intro(n_parks: int, kinds: list[str], n_area: int, stated: list[str]) -> str:
    if not n_parks:
        return "The sources name no industrial park, cluster or zone for the compared provinces"
    named = plural(n_parks, "park, cluster or zone", "parks, clusters and zones")
    kinds = join_names([k for k in kinds if not k.startswith("no ")])
    area = (
        f"state an area for {n_area} of them, in {join_names(stated)}"
        if n_area
        else ("state an area for none of them")
    )
    return f"The sources name {named} for the compared provinces ({kinds}), and {area}"


def land_values(cmp: Comparison) -> dict:
    table = land(cmp)
    stated = table[table["With area stated"] > 0]
    without = [
        cmp.names[p]
        for p in cmp.ids
        if table.loc[p, ["KCN named", "CCN named", "Other zones named"]].sum() == 0
    ]
    parks, official = _land_sources(cmp)
    n_parks = int(table[["KCN named", "CCN named", "Other zones named"]].sum().sum())
    n_area = int(table["With area stated"].sum())
    kinds = [
        counted(int(table["KCN named"].sum()), "industrial park (KCN)", "industrial parks (KCN)"),
        counted(int(table["CCN named"].sum()), "cluster (CCN)", "clusters (CCN)"),
        counted(int(table["Other zones named"].sum()), "other zone"),
    ]
    return {
        "parks_intro_text": _parks_intro(n_parks, kinds, n_area, list(stated["Province"])),
        "land_synthesis_text": (
            f"{plural(n_parks, 'park, cluster or zone', 'parks, clusters and zones')} "
            f"{'is' if n_parks == 1 else 'are'} named, {'none' if n_area == 0 else n_area} "
            "with an area"
            if n_parks
            else "No park, cluster or zone is named at all"
        ),
        "n_parks": n_parks,
        "n_kcn": int(table["KCN named"].sum()),
        "n_ccn": int(table["CCN named"].sum()),
        "n_with_area": int(table["With area stated"].sum()),
        "area_provinces": join_names(list(stated["Province"]), empty="no compared province"),
        "no_parks_text": (
            f"The sources of {join_names(without)} name no park or cluster"
            if without
            else "Every compared province's sources name at least one park or cluster"
        ),
        "area_year": _years_text(table, "Area year"),
        "population_year": _years_text(table, "Population year"),
        "land_density_text": "; ".join(
            f"{row['Province']}: {charts.number(row['ha per 1,000 km²'])} ha per 1,000 km² "
            f"and {charts.number(row['ha per 1,000 people'], 3)} ha per 1,000 people"
            for _, row in stated.iterrows()
        )
        or "no density can be computed",
        "land_sources": sources_line(cmp, parks + official),
    }


def land_figure(cmp: Comparison) -> Figure:
    table = land(cmp)
    stated = table[table["With area stated"] > 0]
    parks, official = _land_sources(cmp)
    return compare.land_figure(
        table,
        cmp.ids,
        _only_text(
            cmp,
            list(stated.index),
            ("state", "states"),
            "the area of their parks and clusters"
            if len(stated) > 1
            else "the area of its parks and clusters",
            "No compared province's sources state the area of a park or cluster",
        ),
        "Parks and clusters named in the sources; their stated area per 1,000 km² of land and "
        f"per 1,000 people (area {_years_text(table, 'Area year')}, population "
        f"{_years_text(table, 'Population year')})",
        sources_line(cmp, parks + official),
    )


def land_table(cmp: Comparison) -> ShownTable:
    table = land(cmp)
    parks = _rows_of(cmp, cmp.parks)
    table = table.assign(
        Source=[
            source_labels(cmp, parks.loc[parks["province_id"] == p, "source_id"]) or "–"
            for p in table.index
        ]
    )
    shown = [
        "Province",
        "KCN named",
        "CCN named",
        "Other zones named",
        "With area stated",
        "Stated area (ha)",
        "ha per 1,000 km²",
        "ha per 1,000 people",
        "Source",
    ]
    return ShownTable(
        table[shown],
        "Industrial parks and clusters named in the sources, relative to area and population",
        "comparative_land.csv",
        {
            "Stated area (ha)": "{:,.1f}",
            "ha per 1,000 km²": "{:,.1f}",
            "ha per 1,000 people": "{:,.3f}",
        },
        csv=table.reset_index(),
    )


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


def _unit(cmp: Comparison, indicator: str) -> str:
    return str(cmp.indicators.set_index("indicator").loc[indicator, "unit"])


@_cached
def measures(cmp: Comparison) -> list[Measure]:
    """The four measures every compared province is placed on, each in the latest year all of
    them have a value (IIP: its compound growth over every year of the series)."""
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
        ),
        Measure(
            "fdi",
            f"FDI capital in effect, end {fdi_year}",
            stats.cross_section(st, FDI, fdi_year),
            f"{_unit(cmp, FDI)} (log scale)",
            True,
            FDI,
        ),
        Measure(
            "grdp",
            f"GRDP per capita, {grdp_year}",
            stats.cross_section(st, GRDP_PC, grdp_year),
            _unit(cmp, GRDP_PC),
            False,
            GRDP_PC,
        ),
        Measure(
            "pci",
            f"PCI score, {pci_year}",
            stats.cross_section(st, PCI, pci_year),
            _unit(cmp, PCI),
            False,
            PCI,
        ),
    ]


@_cached
def distributions(cmp: Comparison) -> dict[str, pd.DataFrame]:
    return {m.key: compare.distribution(m.values, cmp.provinces, cmp.ids) for m in measures(cmp)}


@_cached
def pci_trajectories(cmp: Comparison) -> pd.DataFrame:
    return compare.trajectories(cmp.statistics, cmp.provinces, PCI, cmp.ids)


def statistics_sources(cmp: Comparison) -> list[str]:
    """Source ids of the indicators this chapter draws on, PCI sub-indices included (the
    Sources section cites them)."""
    pci = [i for i in cmp.indicators["indicator"] if i.startswith("pci_")]
    return _indicator_sources(cmp, [IIP, FDI, GRDP_PC, PCI, AREA, POPULATION, *pci])


def _indicator_sources(cmp: Comparison, indicators) -> list[str]:
    rows = cmp.indicators[cmp.indicators["indicator"].isin(list(indicators))]
    return list(dict.fromkeys(rows["source_id"]))


def _measure_sources(cmp: Comparison, indicators) -> str:
    return sources_line(cmp, _indicator_sources(cmp, indicators))


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
        "distribution_sources": _measure_sources(cmp, [m.indicator for m in measures(cmp)]),
        "pci_sources": _measure_sources(cmp, [PCI]),
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
        _measure_sources(cmp, [m.indicator for m in measures(cmp)]),
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
        _measure_sources(cmp, [PCI]),
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
        f"{m.heading} ({SPOKEN_UNITS[m.key]})": source_labels(
            cmp, _indicator_sources(cmp, [m.indicator])
        )
        for m in measures(cmp)
    }
    wide["Source"] = wide["Measure"].map(labels)
    return ShownTable(
        wide,
        "Compared provinces: value (rank among all provinces)",
        "comparative_ranks.csv",
        csv=ranks.assign(Source=ranks["Measure"].map(labels)),
    )


# ---------------------------------------------------------------------------------------------
# The 2025 merger


@_cached
def merger(cmp: Comparison) -> pd.DataFrame:
    return compare.merger_table(cmp.provinces, cmp.units, cmp.ids)


def merger_values(cmp: Comparison) -> dict:
    table = merger(cmp)
    return {
        "merger_date": table["Merged on"].iloc[0],
        "n_receiving_units": int(table["unit_2025_code"].nunique()),
        "merger_partners_text": compare.merger_text(table),
        "merger_intro_text": (
            f"The {cmp.n} compared provinces went into {int(table['unit_2025_code'].nunique())} "
            "of them"
            if cmp.n > 1
            else "The compared province went into one of them"
        ),
        "merger_sources": sources_line(cmp, [BOUNDARY_SOURCE, MERGER_SOURCE]),
    }


def merger_figure(cmp: Comparison) -> Figure:
    table = merger(cmp)
    k = int(table["unit_2025_code"].nunique())
    merged_on = table["Merged on"].iloc[0]
    return compare.merger_map(
        cmp.boundary(BOUNDARIES_OLD),
        cmp.boundary(BOUNDARIES_NEW),
        cmp.provinces,
        cmp.units,
        cmp.ids,
        f"{'Each compared province is' if cmp.n > 1 else 'The compared province is'} now part "
        f"of a larger unit ({counted(k, 'unit')})",
        f"Provincial units from {merged_on} (grey, tinted where they absorbed a compared "
        "province) and the compared provinces' earlier outlines",
        sources_line(cmp, [BOUNDARY_SOURCE, MERGER_SOURCE]),
    )


def merger_table(cmp: Comparison) -> ShownTable:
    table = merger(cmp)
    table = table.assign(Source=source_labels(cmp, [MERGER_SOURCE]))
    return ShownTable(
        table[
            ["Province", "Unit from the merger", "Joined with", "Provinces in the unit", "Source"]
        ],
        "The unit each compared province joined, and with whom",
        "comparative_merger.csv",
        csv=table,
    )


# ---------------------------------------------------------------------------------------------
# Synthesis


def synthesis_values(cmp: Comparison) -> dict:
    """The synthesis bullets' computed sentences (sections' values are reused)."""
    shared = {}
    for dim in ("sector", "instrument"):
        matrix = matrices(cmp)[dim]
        everywhere = list(matrix.index[matrix.sum(axis=1) == cmp.n])
        shared[dim] = counted(len(everywhere), dim) + (
            f" ({join_names(everywhere)})" if everywhere else ""
        )
    growth = growth_targets(cmp)
    growth_ids = _ordered_ids(growth)
    iip_years = stats.years(cmp.statistics, IIP)
    per_province = matrices(cmp)["sector"].sum(axis=0)
    per_province = per_province[[cmp.names[p] for p in coded_ids(cmp)]]
    compared = _rows_of(cmp, cmp.targets)
    n_dated = int(horizons(cmp).query("kind == 'target year'")["n"].sum())
    merger_table_ = merger(cmp)
    k = int(merger_table_["unit_2025_code"].nunique())
    return {
        "diverge_text": (
            f"{per_province.idxmax()} names {plural(int(per_province.max()), 'sector')}, "
            f"{per_province.idxmin()} {int(per_province.min())}"
            if len(per_province) > 1
            else "only one province's sources are coded, so nothing diverges"
        ),
        "targets_synthesis_text": (
            _targets_intro(len(compared), int((compared["kind"] == "qualitative").sum()))
            + (
                "; all of them carry a year"
                if n_dated == len(compared)
                else f"; {len(compared) - n_dated} "
                f"{'carries' if len(compared) - n_dated == 1 else 'carry'} no year"
            )
            if len(compared)
            else "No target is stated at all"
        ),
        "merger_synthesis_text": (
            f"Since {merger_table_['Merged on'].iloc[0]} the {cmp.n} provinces are parts of "
            f"{plural(k, 'larger unit')}, so their plans are now inputs to the new units' "
            "planning rather than plans of their own"
            if cmp.n > 1
            else f"Since {merger_table_['Merged on'].iloc[0]} {cmp.names[cmp.ids[0]]} is part "
            "of a larger unit, so its plans are now inputs to the new unit's planning rather "
            "than plans of its own"
        ),
        "shared_text": f"{shared['sector']} and {shared['instrument']} "
        + ("are coded for every compared province" if cmp.n > 1 else "are coded"),
        "growth_share_text": (
            f"{len(growth_ids)} of the {cmp.n} compared provinces "
            f"{'has' if len(growth_ids) == 1 else 'have'} a numeric growth target in "
            "their sources"
        ),
        "synthesis_ambition_text": compare.ambition_text(
            growth,
            distributions(cmp)["iip"],
            cmp.names,
            f"average growth of industrial production {iip_years[0]}–{iip_years[-1]}",
        ),
    }


# ---------------------------------------------------------------------------------------------
# Gluing (the notebook's only link to myst-nb)


def glue_values(values: dict) -> None:
    """Glue every value of a section as a plain value for ``{glue:text}`` (Python types, so
    that format specs such as ``:.1f`` work)."""
    from myst_nb import glue

    for key, value in values.items():
        if isinstance(value, np.generic):  # np.float64 would paste as "np.float64(...)"
            value = value.item()
        glue(key, value, display=False)


def glue_figure(key: str, fig: Figure) -> None:
    from myst_nb import glue

    glue(key, fig, display=False)
