"""Tables of the province chapter, shown as HTML with a CSV download of the same rows."""

from __future__ import annotations

import base64
import html

import numpy as np
import pandas as pd

from provbook import text as words
from provbook.analysis import stats
from provbook.chapters.province.citations import readable, source_column
from provbook.chapters.province.facts import (
    AREA,
    DENSITY,
    FDI_FLOW,
    FDI_STOCK,
    GRDP_PC,
    IIP,
    KIND_LABELS,
    LABOUR_USE,
    NEW_ENTERPRISES,
    PCI,
    POPULATION,
    POPULATION_2018,
    STATUS_LABELS,
    Facts,
    growth_unit,
    iip_record,
    iip_record_all,
    iip_years,
    indicator_label,
    indicator_unit,
    latest_standing,
    pci_subindex_standing,
    pci_subindices,
    period_span,
    results_with_plan,
    row_sources,
    statistics_index,
    target_when,
)
from provbook.chapters.province.prose import (
    fact_counts,
    fact_counts_label,
    glance_values,
    qualified_span,
)
from provbook.chapters.province.series import status_by_year
from provbook.datapackage import data
from provbook.text import missing, plural

#: What a table shows for a missing value, whatever the column (a number, a unit, a name).
MISSING_MARK = "–"


def _blank(value) -> bool:
    """Missing, or text with nothing in it (``data.qualified`` gives "" for no figure)."""
    return missing(value) or (isinstance(value, str) and not value.strip())


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
        if _blank(value):
            return MISSING_MARK
        if isinstance(value, float | np.floating):
            return words.number(float(value), 2)
        if isinstance(value, int | np.integer):
            return str(int(value))
        return html.escape(str(value))

    def on_page(self) -> list[str]:
        """The shown columns that hold a value in some row: a column empty in every row (the
        capacity and investment of projects no source quantifies) is left to the CSV."""
        return [c for c in self.shown if not self.frame[c].map(_blank).all()]

    def _repr_html_(self) -> str:
        columns = self.on_page()
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{self._cell(v)}</td>" for v in row) + "</tr>"
            for row in self.frame[columns].itertuples(index=False)
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        rows = plural(len(self.frame), "row")
        if len(columns) < len(self.frame.columns):
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
        shown = self.frame[self.shown].to_string(index=False)  # as on the page: no ids
        return f"{self.caption or self.filename} ({plural(len(self.frame), 'row')})\n{shown}"


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
    "documents": [
        "Document",
        "Type",
        "Number",
        "Issued by",
        "Issued",
        "From",
        "To",
        "Vision",
        "Our summary",
        "Source",
    ],
    "targets": ["Target", "Value", "When", "Our summary", "Source"],
    "results": [
        "Result",
        "Period",
        "Value",
        "Unit",
        "% of plan",
        "Change on previous year, %",
        "Our summary",
        "Source",
    ],
    "parks": [
        "Name",
        "Type",
        "District",
        "Area, ha",
        "Developer",
        "Status",
        "Expected",
        "One park",
        "Our summary",
        "Source",
    ],
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
        "Source",
    ],
    "priorities": ["Dimension", "Priority", "Vietnamese term", "Evidence (our summary)", "Source"],
    "statistics": [
        "Indicator",
        "Year",
        "Value",
        "Unit",
        "Status",
        "Rank",
        "Of",
        "Median of provinces",
        "Vietnam",
        "Source",
    ],
}


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
        (fact_counts_label(facts), fact_counts(facts), ""),
    ]
    return pd.DataFrame(rows, columns=["Fact", "Value", "Unit and year"])


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
            "Our summary": [readable(facts, n) for n in d["note"]],
            "Source": source_column(facts, d["source_id"]),
            "Source id": d["source_id"],
        }
    )


def targets_table(facts: Facts) -> pd.DataFrame:
    t = facts.targets
    shown = [
        "in words"
        if k == "qualitative"
        else qualified_span(lo, hi, q, 2)
        if k == "count"
        else qualified_span(
            lo, hi, q, 2, growth_unit(u) if k in ("annual_growth", "share_of_grdp") else u
        )
        for lo, hi, u, k, q in zip(
            t["low"], t["high"], t["unit"], t["kind"], t["qualifier"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "Target": t["indicator"],
            "Kind": t["kind"].map(KIND_LABELS),
            "Value": shown,
            "Low": t["low"],
            "High": t["high"],
            "Qualifier": t["qualifier"],
            "Unit": t["unit"],
            "Year": t["target_year"],
            "When": [target_when(r)[1] for _, r in t.iterrows()],
            "Document": t["document_id"],
            "Our summary": [readable(facts, n) for n in t["note"]],
            "Source": source_column(facts, t["source_id"]),
            "Source id": t["source_id"],
        }
    )


def results_table(facts: Facts) -> pd.DataFrame:
    r = results_with_plan(facts)
    return pd.DataFrame(
        {
            "Result": r["indicator"],
            "Period": [
                period_span(a, b) for a, b in zip(r["period_start"], r["period_end"], strict=True)
            ],
            "Value": [
                data.qualified(v, q) for v, q in zip(r["value"], r["qualifier"], strict=True)
            ],
            "Number": r["value"],
            "Qualifier": r["qualifier"],
            "Unit": r["unit"],
            "% of plan": r["share_of_plan"],
            "Plan basis": r["plan_basis"],
            "Change on previous year, %": r["change_prev_year_pct"],
            "Document": r["document_id"],
            "Our summary": [readable(facts, n) for n in r["note"]],
            "Source": source_column(facts, r["source_id"]),
            "Source id": r["source_id"],
        }
    )  # fmt: skip


def same_park_column(parks: pd.DataFrame) -> list[str] | None:
    """For parks named in several rows (``same_as``): which mentions are one park and whose
    area is the one counted (data.distinct_parks), one cell per row; None when no park is
    named twice."""
    merged = data.distinct_parks(parks)
    merged = merged[merged["mentions"] > 1] if len(merged) else merged
    if merged.empty:
        return None
    cells = {}
    for park in merged.itertuples(index=False):
        ids = park.mention_ids.split(";")
        for number, park_id in enumerate(ids, 1):
            counted = "area counted" if park_id == park.figure_from else "area not counted"
            if park.figure_rule.startswith("no area stated"):
                counted = "no area stated"
            cells[park_id] = f"mention {number} of {len(ids)} of {park.name}; {counted}"
    return [cells.get(i, "") for i in parks["park_id"]]


def parks_table(facts: Facts) -> pd.DataFrame:
    p = facts.parks
    same = same_park_column(p)
    return pd.DataFrame(
        {
            "Name": p["name"],
            "Type": p["park_type"],
            "District": p["district"],
            "Area, ha": [
                data.qualified(a, q) for a, q in zip(p["area_ha"], p["area_qualifier"], strict=True)
            ],
            "Area number, ha": p["area_ha"],
            "Area qualifier": p["area_qualifier"],
            "Developer": p["developer"],
            "Status": p["status"].map(STATUS_LABELS),
            "Expected": p["expected_year"],
            "Cost": [
                data.qualified(c, q, u)
                for c, q, u in zip(p["cost"], p["cost_qualifier"], p["cost_unit"], strict=True)
            ],
            "Occupancy, %": p["occupancy_pct"],
            **({"One park": same} if same else {}),
            "Our summary": [readable(facts, n) for n in p["note"]],
            "Source": source_column(facts, p["source_id"]),
            "Source id": p["source_id"],
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
            "Investment": [
                data.qualified(v, q)
                for v, q in zip(p["investment"], p["investment_qualifier"], strict=True)
            ],
            "Investment unit": p["investment_unit"],
            "Count": p["count"],
            "Status": p["status"].map(STATUS_LABELS),
            "Year": p["year"],
            "Source": source_column(facts, p["source_id"]),
            "Source id": p["source_id"],
        }
    )


def priorities_table(facts: Facts) -> pd.DataFrame:
    merged = facts.priorities.merge(facts.codes, on="code", how="left")
    merged["_order"] = merged["dimension"].map({"sector": 0, "instrument": 1})
    merged = merged.sort_values(["_order", "label_en"], kind="stable")
    return pd.DataFrame(
        {
            "Dimension": merged["dimension"],
            "Priority": merged["label_en"],
            "Vietnamese term": merged["label_vi"],
            "Evidence (our summary)": [readable(facts, n) for n in merged["evidence"]],
            "Code": merged["code"],
            "Source": source_column(facts, merged["source_id"]),
            "Source id": merged["source_id"],
        }
    ).reset_index(drop=True)


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
            "Status": "official",
            "Rank": stats.rank(records, facts.province),
            "Of": len(records),
            "Median of provinces": stats.median(records),
            "Vietnam": iip_record(facts, stats.NATIONAL),
            "Source": "; ".join(
                source_column(facts, row_sources(facts, [IIP], range(first, last + 1)))
            ),
        }
    )
    sub = pci_subindex_standing(facts)
    sub_year = int(sub["year"].iloc[0]) if len(sub) else None
    shown = [
        FDI_STOCK, FDI_FLOW, NEW_ENTERPRISES, LABOUR_USE, GRDP_PC, POPULATION, POPULATION_2018,
        AREA, DENSITY, PCI, *pci_subindices(facts),
    ]  # fmt: skip
    for ind in shown:
        if ind in pci_subindices(facts):  # sub-indices end before the composite: their own year
            st = statistics_index(facts).standing(facts.province, ind, sub_year)
        else:
            st = latest_standing(facts, ind)
        if not st.known:
            continue
        status = status_by_year(facts, ind).get(st.year, "")
        rows.append(
            {
                "Indicator": indicator_label(facts, ind),
                "Year": st.year,
                "Value": st.value,
                "Unit": indicator_unit(facts, ind),
                "Status": status,
                "Rank": st.rank,
                "Of": st.count,
                "Median of provinces": st.median,
                "Vietnam": st.national,
                "Source": "; ".join(source_column(facts, row_sources(facts, [ind], [st.year]))),
            }
        )
    frame = pd.DataFrame(rows)
    frame["Rank"] = frame["Rank"].astype("Int64")
    return frame
