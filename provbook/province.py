"""Tables, figures and glued values of one province chapter, all computed from ``data/``.

The chapter notebook (``notebooks/province.ipynb``) stays thin: it loads :class:`Facts` once and
calls one builder per table or figure. Every builder works for all 63 pre-2025 provinces: where a
province has no article facts, the builder returns an empty table or ``None`` instead of a figure,
and :func:`available_figures` (also used by :mod:`provbook.context` to decide which figure blocks
the chapter's markdown gets) says so up front.
"""

from __future__ import annotations

import base64
import html
import math
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from provbook import charts, data, maps, stats

# --- Statistics used by the chapter (indicator ids of data/indicators.csv) ---------------------
IIP = "iip_index"
FDI_STOCK = "fdi_stock_capital"
GRDP_PC = "grdp_per_capita"
POPULATION = "population"
AREA = "area"
DENSITY = "population_density"
PCI = "pci_weighted"
PCI_SUBINDEX_PREFIX = "pci_"
PCI_NOT_SUBINDICES = ("pci_weighted", "pci_unweighted")
#: Source rows of sources.csv behind the locator map (boundaries) and the 2025 merger.
BOUNDARY_SOURCE = "odv_boundaries"
MERGER_SOURCE = "merger_2025"
#: The distant archipelagos are parts of these provinces in the boundary files.
ARCHIPELAGOS = {"da-nang": "Quần đảo Hoàng Sa", "khanh-hoa": "Quần đảo Trường Sa"}

STATUS_ORDER = ["operating", "under_construction", "approved", "planned", "proposed", "unknown"]
STATUS_LABELS = {
    "operating": "operating",
    "under_construction": "under construction",
    "approved": "approved",
    "licensed": "licensed",
    "planned": "planned",
    "proposed": "proposed",
    "unknown": "status not given",
}
PARK_TYPES = {
    "KCN": "Industrial park (KCN)",
    "CCN": "Industrial cluster (CCN)",
    "EZ": "Economic zone",
    "other": "Other industrial zone",
}
KIND_LABELS = {
    "level": "level",
    "share_of_grdp": "share of GRDP",
    "annual_growth": "annual growth",
    "share": "share",
    "count": "count",
    "qualitative": "qualitative",
}
#: Order in which a target is picked as the chapter's headline target.
HEADLINE_KINDS = ["share_of_grdp", "annual_growth", "level", "count", "share"]
FACT_TABLES = ("documents", "targets", "results", "parks", "projects", "priorities")
FIGURES = ("timeline", "targets", "ambition", "results", "parks", "priorities")


# ---------------------------------------------------------------------------------------------
# Loading


@dataclass
class Facts:
    """Everything one chapter needs, filtered to the province where a table is per province."""

    province: str
    profile: pd.Series
    names: dict[str, str]
    unit_name: str
    partners: list[str]
    documents: pd.DataFrame
    targets: pd.DataFrame
    results: pd.DataFrame
    parks: pd.DataFrame
    projects: pd.DataFrame
    priorities: pd.DataFrame
    all_priorities: pd.DataFrame
    codes: pd.DataFrame
    sources: pd.DataFrame
    statistics: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    data_dir: object = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.names[self.province]

    @property
    def has_article(self) -> bool:
        return any(len(getattr(self, t)) for t in FACT_TABLES)


def _own(frame: pd.DataFrame, province: str) -> pd.DataFrame:
    return frame[frame["province_id"] == province].reset_index(drop=True)


def _cached(function):
    """Compute once per Facts: several figures and tables reuse the same statistics."""

    def wrapper(facts: Facts):
        key = function.__name__
        if key not in facts._cache:
            facts._cache[key] = function(facts)
        return facts._cache[key]

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def load(province: str, data_dir=None, statistics_until: int | None = None) -> Facts:
    """Load and filter every table for one province; unknown ids raise ValueError (listing ids).

    ``statistics_until`` keeps official statistics up to that year only, so a chapter can be
    read as of an earlier date (every "latest year" in the chapter then falls on or before it).
    """
    data.check_province(province, data_dir)
    statistics = data.statistics(data_dir)
    if statistics_until is not None:
        years = statistics["year"]
        if isinstance(statistics_until, bool) or not isinstance(statistics_until, int):
            raise ValueError(
                f"statistics_until must be a year (an integer) or None, not {statistics_until!r}"
            )
        if statistics_until < years.min():
            raise ValueError(
                f"statistics_until={statistics_until} is before the first year of the official "
                f"statistics ({years.min()}); use a year from {years.min()} to {years.max()}"
            )
        statistics = statistics[years <= statistics_until]
    provinces = data.provinces(data_dir)
    units = data.units_2025(data_dir)
    profile = provinces.set_index("province_id").loc[province]
    names = dict(zip(provinces["province_id"], provinces["name_vi"], strict=True))
    code = profile["unit_2025_code"]
    unit_rows = units[units["unit_2025_code"] == code]
    unit_name = str(unit_rows["name_vi"].iloc[0]) if len(unit_rows) else str(code)
    members = provinces[provinces["unit_2025_code"] == code]["province_id"]
    partners = [names[p] for p in members if p != province]
    all_priorities = data.priorities(data_dir)
    return Facts(
        province=province,
        profile=profile,
        names=names,
        unit_name=unit_name,
        partners=partners,
        documents=_own(data.documents(data_dir), province),
        targets=_own(data.targets(data_dir), province),
        results=_own(data.results(data_dir), province),
        parks=_own(data.parks(data_dir), province),
        projects=_own(data.projects(data_dir), province),
        priorities=_own(all_priorities, province),
        all_priorities=all_priorities,
        codes=data.codes(data_dir),
        sources=data.sources(data_dir),
        # Categories make the many per-indicator filters of a chapter cheap (codes, not strings).
        statistics=statistics.astype({"province_id": "category", "indicator": "category"}),
        indicators=data.indicators(data_dir),
        provinces=provinces,
        data_dir=data_dir,
    )


# ---------------------------------------------------------------------------------------------
# Small text helpers


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _int(value) -> int | None:
    return None if _missing(value) else int(value)


def lower_first(text: str) -> str:
    """'Manufacturing growth' -> 'manufacturing growth'; acronyms ('GRDP ...') are kept."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def join_names(names: list[str]) -> str:
    """['A'] -> 'A'; ['A', 'B'] -> 'A and B'; ['A', 'B', 'C'] -> 'A, B and C'."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def long_date(value) -> str:
    """2025-07-01 -> '1 July 2025'."""
    if _missing(value):
        return "date not given"
    day = pd.Timestamp(value).date() if not isinstance(value, date) else value
    return f"{day.day} {day.strftime('%B')} {day.year}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _growth_unit(unit) -> str:
    return "%" if isinstance(unit, str) and unit.startswith("%") else (unit or "")


def source_label(facts: Facts, source_id: str) -> str:
    """Short name for a source line under a chart, from sources.csv (publisher and year)."""
    rows = facts.sources[facts.sources["source_id"] == source_id]
    if rows.empty:
        return source_id
    row = rows.iloc[0]
    outlet = str(row["outlet"])
    short = re.search(r"\(([A-Z]{2,})\)", outlet)
    if row["kind"] == "article":
        about = facts.names.get(row["province_id"], "")
        when = str(row["date"]) if row["date"] != "unknown" else "undated"
        if outlet == "unknown":
            return f"news article on {about} (outlet not named, {when})"
        return f"{outlet} ({when})"
    who = short.group(1) if short else outlet
    year = str(row["date"])[:4] if row["date"] != "unknown" else "n.d."
    return f"{who} ({year})"


def sources_line(facts: Facts, source_ids) -> str:
    """'Source: A; B.' for the ids given (order kept, duplicates dropped)."""
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s]
    if not ids:
        return ""
    labels = dict.fromkeys(source_label(facts, s) for s in ids)
    return "Source: " + "; ".join(labels) + ". Chart: provbook."


def indicator_sources(facts: Facts, indicators) -> list[str]:
    rows = facts.statistics[facts.statistics["indicator"].isin(list(indicators))]
    return list(dict.fromkeys(rows["source_id"].dropna()))


def indicator_label(facts: Facts, indicator: str) -> str:
    rows = facts.indicators[facts.indicators["indicator"] == indicator]
    return str(rows["label"].iloc[0]) if len(rows) else indicator


def indicator_unit(facts: Facts, indicator: str) -> str:
    rows = facts.indicators[facts.indicators["indicator"] == indicator]
    return str(rows["unit"].iloc[0]) if len(rows) else ""


# ---------------------------------------------------------------------------------------------
# Downloadable tables


class DownloadableTable:
    """A table shown as HTML with a link that downloads the same rows as CSV (a data: URI).

    The link is self-contained (no network, no file next to the page), so every table in the
    book can be taken away as it is shown.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        filename: str,
        caption: str = "",
        shown: list[str] | None = None,
    ) -> None:
        self.frame = frame
        self.filename = filename
        self.caption = caption
        #: Columns on the page; the CSV always has them all (ids, bounds, sources ...).
        self.shown = [c for c in (shown or frame.columns) if c in frame.columns]

    def csv(self) -> str:
        return self.frame.to_csv(index=False, lineterminator="\n")

    def href(self) -> str:
        encoded = base64.b64encode(self.csv().encode("utf-8")).decode("ascii")
        return f"data:text/csv;charset=utf-8;base64,{encoded}"

    def _cell(self, value) -> str:
        if _missing(value):
            return "–"
        if isinstance(value, float | np.floating):
            return charts.number(float(value), 2)
        if isinstance(value, int | np.integer):
            return str(int(value))
        return html.escape(str(value))

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.shown)
        body = "".join(
            "<tr>" + "".join(f"<td>{self._cell(v)}</td>" for v in row) + "</tr>"
            for row in self.frame[self.shown].itertuples(index=False)
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        rows = plural(len(self.frame), "row")
        if len(self.shown) < len(self.frame.columns):
            rows += f", all {len(self.frame.columns)} columns"
        link = (
            f'<p class="provbook-download"><a download="{html.escape(self.filename)}" '
            f'href="{self.href()}">Download this table as CSV</a> '
            f"({html.escape(self.filename)}, {rows})</p>"
        )
        return (
            '<div class="provbook-table" style="overflow-x:auto; font-size:0.85em">'
            f'<table class="dataframe provbook">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{link}</div>"
        )

    def __repr__(self) -> str:
        return f"{self.caption or self.filename} ({len(self.frame)} rows)\n" + self.frame.to_string(
            index=False
        )


def table(
    facts: Facts, frame: pd.DataFrame, name: str, caption: str = ""
) -> DownloadableTable | None:
    """Wrap a chapter table for display (CSV named ``<province>-<name>.csv``).

    An empty table gives None, which a notebook cell displays as nothing: the section's glued
    sentence already says there is nothing to show.
    """
    if frame.empty:
        return None
    return DownloadableTable(frame, f"{facts.province}-{name}.csv", caption, SHOWN.get(name))


#: Columns shown on the page per table (the downloadable CSV has every column).
SHOWN = {
    "documents": ["Document", "Type", "Number", "Issued by", "Issued", "From", "To", "Vision"],
    "targets": ["Target", "Value", "Year", "Our summary"],
    "results": ["Result", "Period", "Value", "Unit", "% of plan", "Change on previous year, %"],
    "parks": ["Name", "Type", "District", "Area, ha", "Developer", "Status", "Expected"],
    "projects": [
        "Project",
        "Category",
        "Capacity",
        "Capacity unit",
        "Investment",
        "Investment unit",
        "Count",
        "Status",
        "Year",
    ],
    "priorities": ["Dimension", "Priority", "Vietnamese term", "Evidence (our summary)"],
    "statistics": [
        "Indicator",
        "Year",
        "Value",
        "Unit",
        "Rank",
        "Of",
        "Median of provinces",
        "Vietnam",
    ],
}


# ---------------------------------------------------------------------------------------------
# Which figures a province gets


def quantitative_targets(facts: Facts) -> pd.DataFrame:
    t = facts.targets
    keep = (t["kind"] != "qualitative") & (t["low"].notna() | t["high"].notna())
    return t[keep].reset_index(drop=True)


def growth_targets(facts: Facts) -> pd.DataFrame:
    """Annual growth targets for output (rising); reductions such as energy intensity excluded."""
    q = quantitative_targets(facts)
    q = q[q["kind"] == "annual_growth"]
    top = q[["low", "high"]].max(axis=1)
    return q[top > 0].reset_index(drop=True)


def _dated_documents(facts: Facts) -> pd.DataFrame:
    d = facts.documents
    issued = d["issued_date"].str[:4]
    has = d["period_start"].notna() | d["period_end"].notna() | issued.notna()
    return d[has].reset_index(drop=True)


def results_with_plan(facts: Facts) -> pd.DataFrame:
    """Results with their share of plan: as reported, else computed from a linked target."""
    r = facts.results.copy()
    computed = []
    for row in r.itertuples(index=False):
        if not _missing(row.share_of_plan_pct):
            computed.append((float(row.share_of_plan_pct), "reported"))
            continue
        target = facts.targets[facts.targets["target_id"] == row.target_id]
        if isinstance(row.target_id, str) and len(target):
            t = target.iloc[0]
            goal = t["high"] if not _missing(t["high"]) else t["low"]
            if t["unit"] == row.unit and t["kind"] in ("level", "count") and not _missing(goal):
                computed.append((stats.share(row.value, goal), "computed from target"))
                continue
        computed.append((float("nan"), ""))
    r["share_of_plan"] = [c[0] for c in computed]
    r["plan_basis"] = [c[1] for c in computed]
    return r


def available_figures(facts: Facts) -> dict[str, bool]:
    """Which optional (article-based) figures this province's chapter shows."""
    r = results_with_plan(facts)
    return {
        "timeline": len(_dated_documents(facts)) > 0,
        "targets": len(quantitative_targets(facts)) > 0,
        "ambition": len(growth_targets(facts)) > 0,
        "results": bool(
            r["share_of_plan"].notna().any() or r["change_prev_year_pct"].notna().any()
        ),
        "parks": len(facts.parks) > 0,
        "priorities": len(facts.priorities) > 0,
    }


def article_sources(facts: Facts) -> list[str]:
    """Source ids of the article facts about this province, in table order."""
    ids: list[str] = []
    for name in FACT_TABLES:
        ids += list(getattr(facts, name)["source_id"].dropna())
    return list(dict.fromkeys(ids))


def statistics_sources(facts: Facts) -> list[str]:
    used = [IIP, FDI_STOCK, GRDP_PC, POPULATION, AREA, DENSITY, PCI, *pci_subindices(facts)]
    return indicator_sources(facts, used)


def cited_sources(facts: Facts) -> list[str]:
    """Every source the chapter cites, existing in sources.csv: articles, statistics, maps."""
    known = set(facts.sources["source_id"])
    ids = [*article_sources(facts), *statistics_sources(facts), BOUNDARY_SOURCE, MERGER_SOURCE]
    return [s for s in dict.fromkeys(ids) if s in known]


# ---------------------------------------------------------------------------------------------
# 1. At a glance


def with_ordinals(values: dict) -> dict:
    """Add ``<key>_ord`` ('14th') beside every ``<key>`` ending in ``_rank``, for prose."""
    out = dict(values)
    for key, value in values.items():
        if key.endswith("_rank"):
            out[f"{key}_ord"] = stats.ordinal(value or None)
    return out


def _nothing(facts: Facts, what: str) -> str:
    """'The article names no X for P.' or, without an article, 'The five articles name ...'."""
    if facts.has_article:
        return f"The article {what} for {facts.name}."
    verb, rest = what.split(" ", 1)
    return f"The five articles {verb.removesuffix('s')} {rest} for {facts.name}."


def _latest(facts: Facts, indicator: str) -> stats.Standing:
    return stats.standing(facts.statistics, facts.province, indicator)


def headline_targets(facts: Facts, limit: int = 3) -> list[str]:
    """Plain-English phrases for the province's headline quantitative targets."""
    q = quantitative_targets(facts)
    if q.empty:
        return []
    order = {k: i for i, k in enumerate(HEADLINE_KINDS)}
    q = q.assign(
        _kind=q["kind"].map(order).fillna(len(order)),
        _year=q["target_year"].astype("Float64").fillna(9999),
    )
    q = q.sort_values(["_kind", "_year"], kind="stable")
    return [describe_target(row) for _, row in q.head(limit).iterrows()]


def describe_target(row: pd.Series) -> str:
    """'manufacturing growth of 11.9–12.3% a year to 2025' and the like."""
    year = _int(row["target_year"])
    what = lower_first(str(row["indicator"]))
    if row["kind"] == "annual_growth":
        value = charts.span(row["low"], row["high"], 1, "%")
        when = f" to {year}" if year else ""
        return f"{what} of {value} a year{when}"
    unit = _growth_unit(row["unit"]) if row["kind"] in ("share_of_grdp", "share") else row["unit"]
    value = charts.span(row["low"], row["high"], 1, unit if isinstance(unit, str) else "")
    when = f" by {year}" if year else " (no year given)"
    return f"{what} of {value}{when}"


def glance_values(facts: Facts) -> dict:
    p = facts.profile
    area = _latest(facts, AREA)
    population = _latest(facts, POPULATION)
    dens = _latest(facts, DENSITY)
    headlines = headline_targets(facts)
    n_qual = int((facts.targets["kind"] == "qualitative").sum())
    if headlines:
        headline = "Headline targets: " + "; ".join(headlines) + "."
    elif n_qual:
        headline = (
            f"The article states {plural(n_qual, 'target')} for {facts.name}, all in words "
            "without figures (see the targets table)."
        )
    else:
        headline = _nothing(facts, "states no targets")
    if facts.partners:
        merger = (
            f"On {long_date(p['merged_on'])} {facts.name} became part of {facts.unit_name}, "
            f"together with {join_names(facts.partners)}."
        )
    else:
        merger = (
            f"On {long_date(p['merged_on'])} {facts.name} was not merged with another province; "
            f"it continues as {facts.unit_name}."
        )
    values = {
        "name_vi": facts.name,
        "gso_code": int(p["gso_code"]),
        "region": str(p["region"]),
        "unit_2025_name": facts.unit_name,
        "unit_2025_partners": join_names(facts.partners) or "no other province",
        "merged_on": long_date(p["merged_on"]),
        "merger_note": merger,
        "area_km2": area.value,
        "area_rank": area.rank or 0,
        "population_thousand": population.value,
        "population_rank": population.rank or 0,
        "population_year": population.year or 0,
        "density": dens.value,
        "density_rank": dens.rank or 0,
        "headline_note": headline,
        "n_provinces": int(len(facts.provinces)),
    }
    return with_ordinals(values)


def glance_table(facts: Facts) -> pd.DataFrame:
    v = glance_values(facts)
    year = v["population_year"]
    rows = [
        ("Name", facts.name, ""),
        ("Region", v["region"], ""),
        ("GSO code", v["gso_code"], ""),
        ("Area", v["area_km2"], f"km², {year}"),
        ("Average population", v["population_thousand"], f"thousand persons, {year}"),
        ("Population density", v["density"], f"persons per km², {year}"),
        ("Unit from 2025-07-01", v["unit_2025_name"], ""),
        ("Merged with", v["unit_2025_partners"], ""),
        ("Documents, targets, results, parks named in the article", _fact_counts(facts), ""),
    ]
    return pd.DataFrame(rows, columns=["Fact", "Value", "Unit and year"])


def _fact_counts(facts: Facts) -> str:
    if not facts.has_article:
        return "none (not covered by the five articles)"
    return ", ".join(
        str(len(getattr(facts, t))) for t in ("documents", "targets", "results", "parks")
    )


def locator_map(facts: Facts) -> Figure:
    """The 63 provinces, this one highlighted, the outline of the 2025 unit; a zoom beside it."""
    p63 = maps.features_by(data.boundaries("provinces_63", facts.data_dir), "province_id")
    u34 = maps.features_by(data.boundaries("units_34", facts.data_dir), "unit_2025_code")
    code = str(int(facts.profile["unit_2025_code"]))
    members = facts.provinces[facts.provinces["unit_2025_code"] == facts.profile["unit_2025_code"]]
    member_ids = [m for m in members["province_id"] if m in p63]
    unit = [u34[code]] if code in u34 else [p63[m] for m in member_ids]
    fig, (left, right) = charts.new_figure(charts.WIDTH, 5.6, 1, 2, width_ratios=[1.0, 1.1])
    for ax in (left, right):
        maps.draw(ax, p63.values(), facecolor="#E6E6E6", edgecolor="white", linewidth=0.35)
        others = [p63[m] for m in member_ids if m != facts.province]
        if others:
            maps.draw(
                ax, others, facecolor=charts.HIGHLIGHT_LIGHT, edgecolor="white", linewidth=0.5
            )
        if facts.province in p63:
            maps.draw(ax, [p63[facts.province]], facecolor=charts.HIGHLIGHT, edgecolor="white")
        maps.draw(ax, unit, facecolor="none", edgecolor=charts.OUTLINE, linewidth=1.1, zorder=5)
    maps.frame(left, maps.bounds(p63.values()))
    for pid, label in ARCHIPELAGOS.items():
        if pid in p63:
            maps.label_offshore(left, p63[pid], label, fontsize=7, color=charts.SUBTLE, lift=3)
    x0, y0, x1, y1 = maps.bounds(unit)
    pad = max(x1 - x0, y1 - y0) * 0.12
    maps.frame(right, (x0 - pad, y0 - pad, x1 + pad, y1 + pad), margin=0)
    for m in member_ids:
        x, y = maps.label_point(p63[m])
        right.text(
            x,
            y,
            facts.names[m],
            ha="center",
            va="center",
            fontsize=8.5,
            fontweight="bold" if m == facts.province else "normal",
            color="white" if m == facts.province else charts.TEXT,
            zorder=6,
        )
    right.set_title(f"{facts.unit_name} from 2025", fontsize=9, color=charts.SUBTLE, loc="left")
    left.set_title("The 63 provinces before 2025", fontsize=9, color=charts.SUBTLE, loc="left")
    if facts.partners:
        title = f"{facts.name} became part of {facts.unit_name} in 2025"
        sub = f"With {join_names(facts.partners)}; outline: the new unit ({facts.unit_name})"
    else:
        title = f"{facts.name} kept its borders in the 2025 merger, as {facts.unit_name}"
        sub = "Outline: the unit from 2025"
    return charts.finish(
        fig,
        title,
        sub,
        sources_line(facts, [BOUNDARY_SOURCE, MERGER_SOURCE]),
        alt=f"Map of Vietnam's 63 pre-2025 provinces with {facts.name} highlighted and the "
        f"outline of {facts.unit_name}, and a zoom on that unit.",
    )


# ---------------------------------------------------------------------------------------------
# 2. Policy framework


def documents_table(facts: Facts) -> pd.DataFrame:
    d = facts.documents
    return pd.DataFrame(
        {
            "Document": d["title_en"],
            "Type": d["doc_type"],
            "Number": d["number"],
            "Issued by": d["issued_by"],
            "Issued": d["issued_date"],
            "From": d["period_start"],
            "To": d["period_end"],
            "Vision": d["vision_year"],
            "Source": d["source_id"],
        }
    )


def documents_values(facts: Facts) -> dict:
    d = facts.documents
    horizons = pd.concat([d["period_end"], d["vision_year"]]).dropna()
    n = len(d)
    undated = n - len(_dated_documents(facts))
    if n == 0:
        note = _nothing(facts, "names no policy documents")
    else:
        note = f"The article names {plural(n, 'policy document')} for {facts.name}"
        if len(horizons):
            note += f"; the furthest horizon is {int(horizons.max())}"
        note += "."
        if undated:
            note += f" {plural(undated, 'document has', 'documents have')} no dates in the article."
    return {
        "n_documents": n,
        "documents_horizon": int(horizons.max()) if len(horizons) else 0,
        "documents_note": note,
    }


def timeline_figure(facts: Facts) -> Figure | None:
    d = _dated_documents(facts)
    if d.empty:
        return None
    issued = pd.to_numeric(d["issued_date"].str[:4], errors="coerce")
    labels = [
        f"{t.capitalize()} {n}".strip() + f": {title}"
        for t, n, title in zip(d["doc_type"], d["number"].fillna(""), d["title_en"], strict=True)
    ]
    fig, ax = charts.new_figure(charts.WIDTH, 1.4 + 0.68 * len(d))
    charts.tidy(ax, grid="x")
    charts.draw_timeline(
        ax,
        labels,
        d["period_start"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        d["period_end"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        d["vision_year"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        issued.to_numpy(dtype=float),
        label_width=44,
    )
    ax.set_xlabel("Year")
    horizon = documents_values(facts)["documents_horizon"]
    title = (
        f"{facts.name}'s policy documents look ahead to {horizon}"
        if horizon
        else f"{facts.name}'s policy documents by date of issue"
    )
    return charts.finish(
        fig,
        title,
        "Years each document covers (bar), its longer vision (dotted) and date of issue (◆)",
        sources_line(facts, d["source_id"]),
        alt=f"Timeline of {plural(len(d), 'policy document')} for {facts.name}.",
    )


# ---------------------------------------------------------------------------------------------
# 3. Targets


def targets_table(facts: Facts) -> pd.DataFrame:
    t = facts.targets
    shown = [
        "in words"
        if k == "qualitative"
        else charts.span(lo, hi, 2)
        if k == "count"
        else charts.span(
            lo, hi, 2, _growth_unit(u) if k in ("annual_growth", "share_of_grdp") else u
        )
        for lo, hi, u, k in zip(t["low"], t["high"], t["unit"], t["kind"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Target": t["indicator"],
            "Kind": t["kind"].map(KIND_LABELS),
            "Value": shown,
            "Low": t["low"],
            "High": t["high"],
            "Unit": t["unit"],
            "Year": t["target_year"],
            "Document": t["document_id"],
            "Our summary": t["note"],
            "Source": t["source_id"],
        }
    )


def iip_record(facts: Facts, province: str | None = None) -> float:
    """Average yearly growth of the industrial production index over all years in the data."""
    series = stats.series(facts.statistics, province or facts.province, IIP)
    return stats.average_annual_growth(series.to_numpy())


def iip_years(facts: Facts) -> tuple[int, int]:
    ys = stats.years(facts.statistics, IIP)
    return (ys[0], ys[-1]) if ys else (0, 0)


@_cached
def iip_record_all(facts: Facts) -> pd.Series:
    """Average yearly IIP growth of every province (national row excluded)."""
    s = facts.statistics[
        (facts.statistics["indicator"] == IIP) & (facts.statistics["province_id"] != stats.NATIONAL)
    ]
    return (
        s.sort_values("year")
        .groupby("province_id")["value"]
        .apply(lambda v: stats.average_annual_growth(v.to_numpy()))
        .dropna()
    )


def targets_values(facts: Facts) -> dict:
    t = facts.targets
    q = quantitative_targets(facts)
    g = growth_targets(facts)
    first, last = iip_years(facts)
    record = iip_record(facts)
    national = iip_record(facts, stats.NATIONAL)
    n_ranges = int((q["low"] != q["high"]).sum())
    if t.empty:
        note = _nothing(facts, "states no targets")
    else:
        note = (
            f"The article states {plural(len(t), 'target')} for {facts.name}: "
            f"{len(q)} with figures ({n_ranges} of them as ranges) and "
            f"{len(t) - len(q)} in words only."
        )
    if g.empty:
        ambition = (
            f"No annual growth target for {facts.name} is stated, so there is nothing to set "
            f"against its {first}–{last} record of {charts.number(record, 1, '%')} a year "
            "industrial production growth."
        )
        gap = float("nan")
    else:
        top = g.iloc[0]
        goal = float(np.nanmean([top["low"], top["high"]]))
        gap = goal - record
        ambition = (
            f"The target of {describe_target(top)} compares with the province's own "
            f"{first}–{last} record of {charts.number(record, 1, '%')} a year industrial "
            f"production growth and {charts.number(national, 1, '%')} for Vietnam as a whole."
        )
    return {
        "n_targets": int(len(t)),
        "n_targets_quantitative": int(len(q)),
        "n_targets_qualitative": int(len(t) - len(q)),
        "targets_note": note,
        "ambition_note": ambition,
        "growth_target_gap": gap,
    }


def targets_figure(facts: Facts) -> Figure | None:
    """Quantitative targets, one panel per unit; ranges drawn as ranges."""
    q = quantitative_targets(facts)
    if q.empty:
        return None
    q = q.assign(_unit=q["unit"].fillna(""))
    groups = list(dict.fromkeys(q["_unit"]))
    heights = [max(1, int((q["_unit"] == u).sum())) for u in groups]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.5 + 0.62 * sum(heights) + 0.35 * len(groups), len(groups), 1,
        height_ratios=[h + 0.9 for h in heights],
    )  # fmt: skip
    axes = np.atleast_1d(axes)
    for ax, unit in zip(axes, groups, strict=True):
        rows = q[q["_unit"] == unit]
        shown_unit = _growth_unit(unit) if unit.startswith("%") else unit
        labels = [f"{r.indicator} ({_int(r.target_year) or 'no year'})" for r in rows.itertuples()]
        counted = set(rows["kind"]) == {"count"}
        charts.draw_ranges(
            ax,
            labels,
            rows["low"].tolist(),
            rows["high"].tolist(),
            value_labels=[
                charts.span(a, b, 2, "" if counted else shown_unit)
                for a, b in zip(rows["low"], rows["high"], strict=True)
            ],
        )
        if counted:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(unit or "value", loc="right")
    headline = headline_targets(facts, 1)[0]
    n_qual = int((facts.targets["kind"] == "qualitative").sum())
    sub = "Targets with figures, one panel per unit; bars are ranges, dots single values"
    if n_qual:
        sub += f". Targets in words only ({n_qual}) are listed in the table"
    return charts.finish(
        fig,
        f"{facts.name}'s headline target: {headline}",
        sub,
        sources_line(facts, q["source_id"]),
        alt=f"Chart of {plural(len(q), 'quantitative target')} of {facts.name}.",
    )


def ambition_figure(facts: Facts) -> Figure | None:
    """Annual growth targets beside the province's IIP record and the national record."""
    g = growth_targets(facts)
    if g.empty:
        return None
    first, last = iip_years(facts)
    record = iip_record(facts)
    national = iip_record(facts, stats.NATIONAL)
    median = stats.median(iip_record_all(facts))
    labels = [f"Target: {r.indicator}, to {_int(r.target_year) or '?'}" for r in g.itertuples()]
    labels += [
        f"Record: {facts.name}, industrial production {first}–{last}",
        f"Record: Vietnam, {first}–{last}",
        f"Record: median province, {first}–{last}",
    ]
    low = [*g["low"].tolist(), record, national, median]
    high = [*g["high"].tolist(), record, national, median]
    colors = [charts.HIGHLIGHT] * len(g) + [charts.HIGHLIGHT_LIGHT, charts.NATIONAL, charts.MEDIAN]
    fig, ax = charts.new_figure(charts.WIDTH, 1.7 + 0.5 * len(labels))
    charts.draw_ranges(
        ax, labels, low, high, colors,
        value_labels=[charts.span(a, b, 1, "%") for a, b in zip(low, high, strict=True)],
        label_width=40,
    )  # fmt: skip
    ax.set_xlabel("% per year", loc="right")
    top = g.iloc[0]
    goal = float(np.nanmean([top["low"], top["high"]]))
    relation = "above" if goal > record else "below" if goal < record else "equal to"
    title = (
        f"{facts.name} targets {charts.span(top['low'], top['high'], 1, '%')} "
        f"{lower_first(str(top['indicator']))} a year, {relation} its {first}–{last} record of "
        f"{charts.number(record, 1, '%')}"
    )
    return charts.finish(
        fig,
        title,
        "Annual growth targets beside average yearly growth of the GSO index of industrial "
        "production (IIP), % per year. The IIP covers all industry, not only the targeted branch",
        sources_line(facts, [*g["source_id"], *indicator_sources(facts, [IIP])]),
        alt=f"Growth targets of {facts.name} compared with its industrial production record.",
    )


# ---------------------------------------------------------------------------------------------
# 4. Results


def _period(start, end) -> str:
    a, b = _int(start), _int(end)
    if a and b and a != b:
        return f"{a}–{b}"
    return str(b or a or "")


def results_table(facts: Facts) -> pd.DataFrame:
    r = results_with_plan(facts)
    return pd.DataFrame(
        {
            "Result": r["indicator"],
            "Period": [
                _period(a, b) for a, b in zip(r["period_start"], r["period_end"], strict=True)
            ],
            "Value": r["value"],
            "Unit": r["unit"],
            "% of plan": r["share_of_plan"],
            "Plan basis": r["plan_basis"],
            "Change on previous year, %": r["change_prev_year_pct"],
            "Our summary": r["note"],
            "Source": r["source_id"],
        }
    )  # fmt: skip


def results_values(facts: Facts) -> dict:
    r = results_with_plan(facts)
    plan = r["share_of_plan"].dropna()
    over = int((plan >= 100).sum())
    under = int((plan < 100).sum())
    if r.empty:
        note = _nothing(facts, "reports no achieved figures (results)")
    else:
        note = f"The article reports {plural(len(r), 'result')} for {facts.name}"
        if len(plan):
            note += f"; {over} of {len(plan)} with a plan figure met or beat the plan"
        note += "."
    return {
        "n_results": int(len(r)),
        "n_results_with_plan": int(len(plan)),
        "n_over_plan": over,
        "n_under_plan": under,
        "results_note": note,
    }


def results_figure(facts: Facts) -> Figure | None:
    r = results_with_plan(facts)
    shown = r[r["share_of_plan"].notna() | r["change_prev_year_pct"].notna()]
    if shown.empty:
        return None
    periods = [_period(row.period_start, row.period_end) for row in shown.itertuples()]
    one_period = len(set(periods)) == 1  # then the title gives it, not every label
    labels = [
        row.indicator if one_period or not period else f"{row.indicator} ({period})"
        for row, period in zip(shown.itertuples(), periods, strict=True)
    ]
    panels = [
        (col, base, xlabel)
        for col, base, xlabel in (
            ("share_of_plan", 100.0, "% of plan (100 = plan met)"),
            ("change_prev_year_pct", 0.0, "change on previous year, %"),
        )
        if shown[col].notna().any()
    ]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.6 + 0.45 * len(shown), 1, len(panels), sharey=True
    )
    axes = np.atleast_1d(axes)
    for k, (ax, (col, base, xlabel)) in enumerate(zip(axes, panels, strict=True)):
        values = shown[col].tolist()
        colors = [charts.UNDER if (not _missing(v) and v < base) else charts.OVER for v in values]
        charts.draw_hbars(
            ax,
            labels,
            values,
            colors,
            base=base,
            value_labels=[
                charts.number(v, 1, "" if col == "share_of_plan" else "%")
                if not _missing(v) else "not reported"
                for v in values
            ],
            label_width=30,
        )  # fmt: skip
        ax.set_xlabel(xlabel, loc="right")
        if k > 0:
            ax.tick_params(labelleft=False)
    v = results_values(facts)
    year = _int(shown["period_end"].mode().iloc[0]) if shown["period_end"].notna().any() else None
    when = f" in {year}" if year else ""
    if v["n_results_with_plan"]:
        title = (
            f"{facts.name} met or beat {v['n_over_plan']} of {v['n_results_with_plan']} "
            f"plan figures{when}"
        )
    else:
        growing = int((shown["change_prev_year_pct"] > 0).sum())
        title = f"{growing} of {len(shown)} reported figures for {facts.name} grew{when}"
    return charts.finish(
        fig,
        title,
        "Results as reported: green bars at or above plan (or growth), orange below",
        sources_line(facts, shown["source_id"]),
        alt=f"Bar chart of {plural(len(shown), 'reported result')} of {facts.name} against plan.",
    )


# ---------------------------------------------------------------------------------------------
# 5. Parks, clusters and projects


def parks_table(facts: Facts) -> pd.DataFrame:
    p = facts.parks
    return pd.DataFrame(
        {
            "Name": p["name"],
            "Type": p["park_type"],
            "District": p["district"],
            "Area, ha": p["area_ha"],
            "Developer": p["developer"],
            "Status": p["status"].map(STATUS_LABELS),
            "Expected": p["expected_year"],
            "Cost": p["cost"],
            "Cost unit": p["cost_unit"],
            "Occupancy, %": p["occupancy_pct"],
            "Source": p["source_id"],
        }
    )


def projects_table(facts: Facts) -> pd.DataFrame:
    p = facts.projects
    return pd.DataFrame(
        {
            "Project": p["name"],
            "Category": p["category"].str.replace("_", " "),
            "Location": p["location"],
            "Capacity": p["capacity"],
            "Capacity unit": p["capacity_unit"],
            "Investment": p["investment"],
            "Investment unit": p["investment_unit"],
            "Count": p["count"],
            "Status": p["status"].map(STATUS_LABELS),
            "Year": p["year"],
            "Source": p["source_id"],
        }
    )


def parks_values(facts: Facts) -> dict:
    p = facts.parks
    area = p["area_ha"].dropna()
    counts = p["status"].value_counts()
    if p.empty:
        note = _nothing(facts, "names no industrial parks or clusters")
    else:
        kinds = p["park_type"].value_counts()
        parts = [
            plural(int(kinds.get(k, 0)), PARK_TYPES[k].split(" (")[0].lower())
            for k in PARK_TYPES
            if kinds.get(k, 0)
        ]
        note = f"The article names {join_names(parts)} in {facts.name}"
        if len(area):
            note += (
                f"; {plural(len(area), 'has', 'have')} a reported area, "
                f"{charts.number(area.sum(), 1)} ha in all"
            )
        note += "."
    projects = len(facts.projects)
    projects_note = (
        f"The article also names {plural(projects, 'energy site, plant or investment item')}."
        if projects
        else "The article names no energy sites, plants or investment aggregates."
        if facts.has_article
        else _nothing(facts, "names no energy sites or plants")
    )
    return {
        "n_parks": int(len(p)),
        "n_parks_kcn": int((p["park_type"] == "KCN").sum()),
        "n_parks_ccn": int((p["park_type"] == "CCN").sum()),
        "parks_area_ha": float(area.sum()) if len(area) else 0.0,
        "n_parks_with_area": int(len(area)),
        "parks_top_status": STATUS_LABELS.get(counts.index[0], "") if len(counts) else "",
        "parks_note": note,
        "n_projects": projects,
        "projects_note": projects_note,
    }


def parks_figure(facts: Facts) -> Figure | None:
    """Parks and clusters by status (stacked by type) and, where given, area by developer."""
    p = facts.parks
    if p.empty:
        return None
    counts = (
        p.assign(type=p["park_type"].map(PARK_TYPES))
        .pivot_table(index="status", columns="type", values="park_id", aggfunc="count")
        .reindex([s for s in STATUS_ORDER if s in set(p["status"])])
    )
    counts.index = [STATUS_LABELS[s] for s in counts.index]
    counts = counts[[t for t in PARK_TYPES.values() if t in counts.columns]]
    with_area = p[p["area_ha"].notna()]
    ncols = 2 if len(with_area) else 1  # panels, stacked vertically
    developers = with_area["developer"].fillna("not named").nunique()
    sizes = [len(counts), developers][:ncols]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.9 + 0.5 * sum(sizes) + 0.6 * ncols, ncols, 1,
        height_ratios=[n + 1.4 for n in sizes],
    )  # fmt: skip
    axes = np.atleast_1d(axes)
    type_colors = dict(zip(PARK_TYPES.values(), charts.CATEGORICAL, strict=False))
    charts.draw_stacked_hbars(
        axes[0], counts, type_colors, label_width=20, total_format=lambda v: f"{int(v)}"
    )
    axes[0].set_xlabel("number of parks and clusters by status", loc="right")
    if ncols == 2:
        by_dev = (
            with_area.assign(developer=with_area["developer"].fillna("not named"))
            .groupby("developer")["area_ha"]
            .sum()
            .sort_values(ascending=False)
        )
        charts.draw_hbars(
            axes[1],
            list(by_dev.index),
            by_dev.tolist(),
            charts.NATIONAL,
            value_labels=[charts.number(v, 1, "ha") for v in by_dev],
            label_width=44,
        )
        axes[1].set_xlabel("reported area by developer, ha", loc="right")
    v = parks_values(facts)
    status_counts = p["status"].value_counts()
    top, k = status_counts.index[0], int(status_counts.iloc[0])
    share = "all" if k == len(p) else f"{k} of them"
    title = (
        f"{facts.name}: {plural(len(p), 'park or cluster', 'parks and clusters')} named, "
        f"{share} {STATUS_LABELS[top]}"
    )
    sub = "Industrial parks (KCN), clusters (CCN) and other zones named in the article"
    if ncols == 2:
        sub += (
            f"; {plural(v['n_parks_with_area'], 'has', 'have')} an area "
            f"({charts.number(v['parks_area_ha'], 1, 'ha')})"
        )
    return charts.finish(
        fig,
        title,
        sub,
        sources_line(facts, p["source_id"]),
        alt=f"Bar charts of the industrial parks and clusters of {facts.name} by status"
        + (" and their area by developer." if ncols == 2 else "."),
    )


# ---------------------------------------------------------------------------------------------
# 6. Priorities


def priorities_table(facts: Facts) -> pd.DataFrame:
    merged = facts.priorities.merge(facts.codes, on="code", how="left")
    merged["_order"] = merged["dimension"].map({"sector": 0, "instrument": 1})
    merged = merged.sort_values(["_order", "label_en"], kind="stable")
    return pd.DataFrame(
        {
            "Dimension": merged["dimension"],
            "Priority": merged["label_en"],
            "Vietnamese term": merged["label_vi"],
            "Evidence (our summary)": merged["evidence"],
            "Code": merged["code"],
            "Source": merged["source_id"],
        }
    ).reset_index(drop=True)


def priorities_values(facts: Facts) -> dict:
    merged = facts.priorities.merge(facts.codes, on="code", how="left")
    sectors = merged[merged["dimension"] == "sector"]
    instruments = merged[merged["dimension"] == "instrument"]
    coded = sorted(set(facts.all_priorities["province_id"]))
    shared = 0
    unique = 0
    for code in merged["code"]:
        holders = set(facts.all_priorities.loc[facts.all_priorities["code"] == code, "province_id"])
        shared += holders == set(coded)
        unique += holders == {facts.province}
    if merged.empty:
        note = (
            f"No priorities are coded for {facts.name}: the codebook covers the provinces of the "
            "five articles only."
            if not facts.has_article
            else _nothing(facts, "supports no code of the codebook")
        )
    else:
        note = (
            f"{facts.name}'s article supports {plural(len(sectors), 'priority sector')} and "
            f"{plural(len(instruments), 'policy instrument')} of the codebook; "
            f"{unique} of these codes are found for no other province coded, "
            f"{shared} for all {len(coded)}."
        )
    return {
        "n_sectors": int(len(sectors)),
        "n_instruments": int(len(instruments)),
        "n_codes_unique": int(unique),
        "n_codes_shared_by_all": int(shared),
        "n_provinces_coded": len(coded),
        "priorities_note": note,
    }


def priorities_figure(facts: Facts) -> Figure | None:
    """The province's codes (rows; sectors, then instruments) across the coded provinces."""
    t = priorities_table(facts)
    if t.empty:
        return None
    coded = sorted(set(facts.all_priorities["province_id"]), key=lambda p: (p != facts.province, p))
    held = set(zip(facts.all_priorities["province_id"], facts.all_priorities["code"], strict=True))
    groups = [
        (title, t[t["Dimension"] == dim])
        for dim, title in (("sector", "Priority sectors"), ("instrument", "Policy instruments"))
        if (t["Dimension"] == dim).any()
    ]
    sizes = [len(rows) for _, rows in groups]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.7 + 0.3 * sum(sizes) + 0.45 * len(groups), len(groups), 1,
        height_ratios=[n + 1.2 for n in sizes],
    )  # fmt: skip
    for k, (ax, (title, rows)) in enumerate(zip(np.atleast_1d(axes), groups, strict=True)):
        present = np.array([[(p, c) in held for p in coded] for c in rows["Code"]])
        charts.draw_matrix(
            ax,
            list(rows["Priority"]),
            [facts.names[p] for p in coded] if k == 0 else [""] * len(coded),
            present,
            highlight_column=0,
            label_width=48,
        )
        ax.set_ylabel(title, rotation=0, ha="left", va="bottom", fontweight="bold")
        ax.yaxis.set_label_coords(-0.0, 1.0)
        ax.set_title(title, loc="left", fontsize=charts.LABEL_SIZE + 0.5, color=charts.TEXT)
        ax.set_ylabel("")
    v = priorities_values(facts)
    return charts.finish(
        fig,
        f"{facts.name} names {plural(v['n_sectors'], 'priority sector')} and "
        f"{plural(v['n_instruments'], 'policy instrument')}",
        f"Codes supported by {facts.name}'s article (rows); a dot means the article of that "
        "province supports the code too",
        sources_line(facts, sorted(set(facts.all_priorities["source_id"]))),
        alt=f"Dot matrix of the priority codes of {facts.name} across the coded provinces.",
    )


# ---------------------------------------------------------------------------------------------
# 7. Official statistics


def pci_subindices(facts: Facts) -> list[str]:
    ids = facts.indicators["indicator"]
    return [i for i in ids if i.startswith(PCI_SUBINDEX_PREFIX) and i not in PCI_NOT_SUBINDICES]


@_cached
def statistics_values(facts: Facts) -> dict:
    s = facts.statistics
    first, last = iip_years(facts)
    records = iip_record_all(facts)
    fdi = _latest(facts, FDI_STOCK)
    if not fdi.known:  # a province without the figure: use the year the others report
        fdi = stats.standing(s, facts.province, FDI_STOCK, stats.latest_year(s, FDI_STOCK))
    grdp = _latest(facts, GRDP_PC)
    pci = _latest(facts, PCI)
    grdp_over = stats.over_time(s, facts.province, GRDP_PC)
    grdp_first = grdp_over.dropna(subset=["value"]).head(1)
    sub = pci_subindex_standing(facts)
    if fdi.known:
        fdi_sentence = (
            f"Registered capital of foreign direct investment projects in effect at the end of "
            f"{fdi.year} was {charts.number(fdi.value, 1)} million USD, "
            f"{stats.ordinal(fdi.rank)} of the {fdi.count} provinces with a figure "
            f"(median {charts.number(fdi.median, 1)} million USD)."
        )
    else:
        fdi_sentence = (
            f"GSO's table of foreign direct investment in effect has no figure for {facts.name}"
            + (f" ({fdi.year})." if fdi.year else ".")
        )
    best = sub.iloc[0]["label"] if len(sub) else ""
    worst = sub.iloc[-1]["label"] if len(sub) else ""
    values = {
        "iip_record": iip_record(facts),
        "iip_record_vietnam": iip_record(facts, stats.NATIONAL),
        "iip_record_median": stats.median(records),
        "iip_record_rank": stats.rank(records, facts.province) or 0,
        "iip_record_count": int(len(records)),
        "iip_first_year": first,
        "iip_last_year": last,
        "fdi_stock": fdi.value,
        "fdi_stock_rank": fdi.rank or 0,
        "fdi_stock_year": fdi.year or 0,
        "fdi_stock_median": fdi.median,
        "fdi_note": fdi_sentence,
        "grdp_pc": grdp.value,
        "grdp_pc_year": grdp.year or 0,
        "grdp_pc_rank": grdp.rank or 0,
        "grdp_pc_count": grdp.count,
        "grdp_pc_median": grdp.median,
        "grdp_pc_first_year": int(grdp_first["year"].iloc[0]) if len(grdp_first) else 0,
        "grdp_pc_first_rank": int(grdp_first["rank"].iloc[0]) if len(grdp_first) else 0,
        "pci": pci.value,
        "pci_year": pci.year or 0,
        "pci_rank": pci.rank or 0,
        "pci_count": pci.count,
        "pci_median": pci.median,
        "pci_best_subindex": best,
        "pci_worst_subindex": worst,
    }
    return with_ordinals(values)


@_cached
def pci_subindex_standing(facts: Facts) -> pd.DataFrame:
    """Latest-year PCI sub-indices: province score, median, gap; best first."""
    year = stats.latest_year(facts.statistics, PCI, facts.province)
    rows = []
    for ind in pci_subindices(facts):
        if year is None:
            break
        st = stats.standing(facts.statistics, facts.province, ind, year)
        if st.known:
            label = indicator_label(facts, ind).removeprefix("PCI: ")
            rows.append(
                {
                    "indicator": ind,
                    "label": label,
                    "year": year,
                    "value": st.value,
                    "median": st.median,
                    "gap": st.value - st.median,
                    "rank": st.rank,
                    "count": st.count,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["indicator", "label", "year", "value", "median", "gap", "rank", "count"]
    )
    return frame.sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)


def statistics_table(facts: Facts) -> pd.DataFrame:
    """Each statistic of the chapter: value, rank among provinces, median, national figure."""
    rows = []
    first, last = iip_years(facts)
    records = iip_record_all(facts)
    rows.append(
        {
            "Indicator": f"Industrial production growth, average {first}–{last}",
            "Year": last,
            "Value": iip_record(facts),
            "Unit": "% per year",
            "Rank": stats.rank(records, facts.province),
            "Of": len(records),
            "Median of provinces": stats.median(records),
            "Vietnam": iip_record(facts, stats.NATIONAL),
            "Source": ", ".join(indicator_sources(facts, [IIP])),
        }
    )
    pci_year = stats.latest_year(facts.statistics, PCI, facts.province)
    for ind in [FDI_STOCK, GRDP_PC, POPULATION, AREA, DENSITY, PCI, *pci_subindices(facts)]:
        if ind in pci_subindices(facts):  # sub-indices of the composite's year only
            st = stats.standing(facts.statistics, facts.province, ind, pci_year)
        else:
            st = _latest(facts, ind)
        if not st.known:
            continue
        rows.append(
            {
                "Indicator": indicator_label(facts, ind),
                "Year": st.year,
                "Value": st.value,
                "Unit": indicator_unit(facts, ind),
                "Rank": st.rank,
                "Of": st.count,
                "Median of provinces": st.median,
                "Vietnam": st.national,
                "Source": ", ".join(indicator_sources(facts, [ind])),
            }
        )
    frame = pd.DataFrame(rows)
    frame["Rank"] = frame["Rank"].astype("Int64")
    return frame


def iip_figure(facts: Facts) -> Figure:
    s = facts.statistics
    province = stats.growth_from_index(stats.series(s, facts.province, IIP))
    national = stats.growth_from_index(stats.series(s, stats.NATIONAL, IIP))
    medians = {
        y: stats.median(stats.growth_from_index(stats.cross_section(s, IIP, y)))
        for y in stats.years(s, IIP)
    }
    frame = pd.DataFrame(
        {facts.name: province, "Vietnam": national, "Median province": pd.Series(medians)}
    ).sort_index()
    fig, ax = charts.new_figure(charts.WIDTH, 3.9)
    charts.tidy(ax, grid="y")
    charts.draw_lines(
        ax,
        frame,
        {
            facts.name: charts.HIGHLIGHT,
            "Vietnam": charts.NATIONAL,
            "Median province": charts.MEDIAN,
        },
        styles={"Median province": "--"},
    )
    ax.axhline(0, color="#9A9A9A", linewidth=0.8)
    ax.set_ylabel("growth on previous year, %")
    v = statistics_values(facts)
    relation = "faster than" if v["iip_record"] > v["iip_record_vietnam"] else "slower than"
    title = (
        f"{facts.name}'s industrial production grew {charts.number(v['iip_record'], 1, '%')} a "
        f"year in {v['iip_first_year']}–{v['iip_last_year']}, {relation} Vietnam's "
        f"{charts.number(v['iip_record_vietnam'], 1, '%')}"
    )
    return charts.finish(
        fig,
        title,
        "Growth of the GSO index of industrial production on the previous year, % "
        f"({stats.ordinal(v['iip_record_rank'])} of {v['iip_record_count']} provinces on the "
        "average)",
        sources_line(facts, indicator_sources(facts, [IIP])),
        alt=f"Line chart of yearly industrial production growth of {facts.name}, Vietnam and "
        "the median province.",
    )


def grdp_figure(facts: Facts) -> Figure:
    over = stats.over_time(facts.statistics, facts.province, GRDP_PC).set_index("year")
    frame = pd.DataFrame({facts.name: over["value"], "Median province": over["median"]})
    fig, ax = charts.new_figure(charts.WIDTH, 3.8)
    charts.tidy(ax, grid="y")
    charts.draw_lines(
        ax,
        frame,
        {facts.name: charts.HIGHLIGHT, "Median province": charts.MEDIAN},
        styles={"Median province": "--"},
    )
    for year, row in over.iterrows():
        if not _missing(row["rank"]):
            ax.annotate(
                stats.ordinal(row["rank"]),
                (year, row["value"]),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                fontsize=charts.LABEL_SIZE - 1,
                color=charts.HIGHLIGHT,
            )
    top = frame.max().max()
    ax.set_ylim(0, max(top * 1.18, 1) if pd.notna(top) else 1)
    ax.set_ylabel("million VND per person, current prices")
    v = statistics_values(facts)
    if over["value"].notna().any():
        title = (
            f"{facts.name}'s GRDP per capita ranked {stats.ordinal(v['grdp_pc_rank'])} of "
            f"{v['grdp_pc_count']} provinces in {v['grdp_pc_year']}"
        )
    else:  # e.g. a chapter read with statistics_until before the first GRDP year
        title = f"No GRDP per capita figures for {facts.name} in the statistics used"
        ax.text(0.5, 0.5, "no figures", transform=ax.transAxes, ha="center", color=charts.SUBTLE)
    if v["grdp_pc_first_rank"] and v["grdp_pc_first_year"] != v["grdp_pc_year"]:
        title += f" ({stats.ordinal(v['grdp_pc_first_rank'])} in {v['grdp_pc_first_year']})"
    return charts.finish(
        fig,
        title,
        "GRDP per capita, million VND at current prices; labels give the rank among the 63 "
        "provinces each year",
        sources_line(facts, indicator_sources(facts, [GRDP_PC])),
        alt=f"Line chart of GRDP per capita of {facts.name} and the median province.",
    )


def standing_figure(facts: Facts) -> Figure:
    """Where the province stands among all provinces on each headline statistic."""
    s = facts.statistics
    records = iip_record_all(facts)
    first, last = iip_years(facts)
    panels = [
        (records, f"Industrial production growth, average {first}–{last}, % per year", False, "%"),
    ]
    for ind, log in (
        (FDI_STOCK, True),
        (GRDP_PC, False),
        (POPULATION, True),
        (DENSITY, True),
        (PCI, False),
    ):  # noqa: E501
        year = stats.latest_year(s, ind)
        if year is None:
            continue
        label = f"{indicator_label(facts, ind)}, {year}, {indicator_unit(facts, ind)}"
        panels.append((stats.cross_section(s, ind, year), label, log, ""))
    fig, axes = charts.new_figure(charts.WIDTH, 1.0 + 0.9 * len(panels), len(panels), 1)
    for ax, (values, label, log, unit) in zip(np.atleast_1d(axes), panels, strict=True):
        suffix = f" ({stats.ordinal(stats.rank(values, facts.province))} of {len(values)})"
        charts.draw_strip(
            ax,
            values,
            facts.province,
            label,
            log=log,
            value_format=lambda x, u=unit, t=suffix: charts.number(x, 1, u) + t,
        )
        if facts.province not in values.index:
            ax.annotate(
                f"no figure for {facts.name}", (0.99, 0.7), xycoords="axes fraction",
                ha="right", fontsize=charts.LABEL_SIZE - 1, color=charts.SUBTLE,
            )  # fmt: skip
    v = statistics_values(facts)
    return charts.finish(
        fig,
        f"{facts.name} among the {len(facts.provinces)} provinces: "
        f"{stats.ordinal(v['grdp_pc_rank'])} in GRDP per capita, "
        f"{stats.ordinal(v['pci_rank'])} in the PCI",
        f"Each grey tick is a province, the dot is {facts.name} (rank 1 = highest), the taller "
        "dark tick is the median. Log scales for FDI, population and density",
        sources_line(facts, indicator_sources(facts, [IIP, FDI_STOCK, GRDP_PC, POPULATION, PCI])),
        alt=f"Strip charts placing {facts.name} among all provinces on six statistics.",
    )


def pci_figure(facts: Facts) -> Figure:
    s = facts.statistics
    over = stats.over_time(s, facts.province, PCI).set_index("year")
    sub = pci_subindex_standing(facts)
    fig, (left, right) = charts.new_figure(
        charts.WIDTH, 2.2 + 0.36 * max(len(sub), 6), 1, 2, width_ratios=[1.0, 1.3]
    )
    charts.tidy(left, grid="y")
    frame = pd.DataFrame({facts.name: over["value"], "Median": over["median"]})
    charts.draw_lines(
        left,
        frame,
        {facts.name: charts.HIGHLIGHT, "Median": charts.MEDIAN},
        styles={"Median": "--"},
    )
    step = max(1, math.ceil(len(frame) / 4))
    left.set_xticks(list(frame.index)[::step], [str(y) for y in frame.index][::step])
    left.set_ylabel("PCI score (0-100)")
    left.set_title("Composite PCI by year", loc="left", fontsize=charts.LABEL_SIZE + 0.5)
    if len(sub):
        ys = np.arange(len(sub))[::-1]
        for y, row in zip(ys, sub.itertuples(), strict=True):
            color = charts.OVER if row.gap >= 0 else charts.UNDER
            right.plot([row.median, row.value], [y, y], color=color, linewidth=2.4, zorder=2)
            right.plot([row.median], [y], "|", color=charts.MEDIAN, markersize=12, mew=2)
            right.plot([row.value], [y], "o", color=charts.HIGHLIGHT, markersize=6, zorder=3)
        right.set_yticks(ys, [charts.wrap(lbl, 30) for lbl in sub["label"]])
        right.set_ylim(-0.6, len(sub) - 0.4)
        right.set_xlim(0, 10)
        right.set_xlabel("sub-index score (0-10); grey tick = median", loc="right")
        right.set_title(
            f"Sub-indices {int(sub['year'].iloc[0])}", loc="left", fontsize=charts.LABEL_SIZE + 0.5
        )
    else:
        charts.message_axes(right, "No PCI sub-indices for this province")
    v = statistics_values(facts)
    title = (
        f"{facts.name} ranked {stats.ordinal(v['pci_rank'])} of {v['pci_count']} in the "
        f"{v['pci_year']} PCI"
    )
    if len(sub):
        title += f", strongest on {v['pci_best_subindex']} against the median"
    return charts.finish(
        fig,
        title,
        "Provincial Competitiveness Index: weighted composite score (left) and sub-indices of the "
        "latest year against the median province (right)",
        sources_line(facts, indicator_sources(facts, [PCI, *pci_subindices(facts)])),
        alt=f"Line chart of the PCI of {facts.name} and dumbbell chart of its sub-indices.",
    )


# ---------------------------------------------------------------------------------------------
# 8. Summary


def summary_points(facts: Facts) -> str:
    """A short Markdown list of the chapter's findings, each computed above."""
    g = glance_values(facts)
    st = statistics_values(facts)
    points = [g["merger_note"]]
    if facts.has_article:
        t = targets_values(facts)
        points.append(t["targets_note"])
        if t["n_targets_quantitative"]:
            points.append(g["headline_note"])
        points.append(results_values(facts)["results_note"])
        points.append(parks_values(facts)["parks_note"])
    else:
        points.append(
            f"None of the five articles is about {facts.name}; this chapter shows official "
            "statistics only."
        )
    points.append(
        f"Industrial production grew {charts.number(st['iip_record'], 1, '%')} a year in "
        f"{st['iip_first_year']}–{st['iip_last_year']} "
        f"({stats.ordinal(st['iip_record_rank'])} of {st['iip_record_count']}; Vietnam "
        f"{charts.number(st['iip_record_vietnam'], 1, '%')})."
    )
    points.append(
        f"GRDP per capita ranked {stats.ordinal(st['grdp_pc_rank'])} of {st['grdp_pc_count']} "
        f"in {st['grdp_pc_year']}; the PCI ranked {stats.ordinal(st['pci_rank'])} of "
        f"{st['pci_count']} in {st['pci_year']}."
    )
    return "\n".join(f"- {_md_escape(p)}" for p in points)


def summary_values(facts: Facts) -> dict:
    """The summary list, glued as Markdown for a ``{glue:md}`` block."""
    return {"summary_points": markdown(summary_points(facts), escape=False)}


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|$])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown(text: str, escape: bool = True):
    """Text to glue as Markdown (``{glue:md}``), escaped so data never turns into markup."""
    from IPython.display import Markdown

    return Markdown(_md_escape(text) if escape else text)


# ---------------------------------------------------------------------------------------------
# Gluing (the notebook's only link to myst-nb)


def glue_values(values: dict) -> None:
    """Glue every value of a section; keys ending in ``_note`` are sentences glued as Markdown
    (``{glue:md}``), the rest as plain values (``{glue:text}``)."""
    from myst_nb import glue

    for key, value in values.items():
        if isinstance(value, np.generic):  # np.float64 would paste as "np.float64(...)"
            value = value.item()
        if key.endswith("_note") and isinstance(value, str):
            value = markdown(value)
        glue(key, value, display=False)


def glue_figure(key: str, fig: Figure | None) -> None:
    """Glue a figure (the chapter's markdown pastes it with ``{glue:figure}``); None is skipped
    because the province's markdown then has no block for it."""
    from myst_nb import glue

    if fig is not None:
        glue(key, fig, display=False)
