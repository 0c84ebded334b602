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
    LABOUR_USE,
    NEW_ENTERPRISES,
    PCI,
    POPULATION,
    POPULATION_2018,
    Facts,
    codebook_word,
    codebook_words,
    data_unit,
    growth_unit,
    header,
    iip_record,
    iip_record_all,
    iip_years,
    in_language,
    indicator_label,
    indicator_unit,
    latest_standing,
    pci_subindex_standing,
    pci_subindices,
    period_span,
    results_with_plan,
    row_sources,
    slug,
    span_as_stated,
    statistics_index,
    target_when,
)
from provbook.chapters.province.prose import (
    fact_counts,
    fact_counts_label,
    glance_values,
)
from provbook.chapters.province.series import status_by_year
from provbook.datapackage import data
from provbook.text import missing, upper_first
from provbook.words import say

#: Columns the Vietnamese page leaves to the CSV: our own notes (written in English) and the
#: Vietnamese term beside a priority (the priority itself is in Vietnamese there).
NOT_SHOWN_IN_VIETNAMESE = ("Our summary", "Evidence (our summary)", "Vietnamese term")
#: Headers that mean something else in one table: (table, column) -> key of charts.table.
OWN_KEYS = {"results": {"Number": "number_value"}}

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
        lang: str = "en",
    ) -> None:
        self.frame = frame
        self.filename = filename
        self.caption = caption
        #: Columns on the page; the CSV always has them all (ids, bounds, sources ...).
        self.shown = [c for c in (shown or frame.columns) if c in frame.columns]
        self.lang = lang

    def csv(self) -> str:
        return self.frame.to_csv(index=False, lineterminator="\n")

    def href(self) -> str:
        encoded = base64.b64encode(self.csv().encode("utf-8")).decode("ascii")
        return f"data:text/csv;charset=utf-8;base64,{encoded}"

    def _cell(self, value) -> str:
        if _blank(value):
            return MISSING_MARK
        if isinstance(value, float | np.floating):
            return words.number(float(value), 2, lang=self.lang)
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
        rows = say("charts.table_words.rows", self.lang, count=len(self.frame))
        if len(columns) < len(self.frame.columns):
            rows += say("charts.table_words.all_columns", self.lang, count=len(self.frame.columns))
        download = html.escape(say("charts.table_words.download", self.lang))
        link = (
            f'<p class="provbook-download"><a download="{html.escape(self.filename)}" '
            f'href="{self.href()}">{download}</a> '
            f"({html.escape(self.filename)}, {rows})</p>"
        )
        return (
            '<div class="provbook-table" style="overflow-x:auto; font-size:0.85em">'
            f'<table class="dataframe provbook">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{link}</div>"
        )

    def __repr__(self) -> str:
        shown = self.frame[self.shown].to_string(index=False)  # as on the page: no ids
        rows = say("charts.table_words.rows", self.lang, count=len(self.frame))
        return f"{self.caption or self.filename} ({rows})\n{shown}"


def table(
    facts: Facts, frame: pd.DataFrame, name: str, caption: str = "", lang: str = "en"
) -> DownloadableTable | None:
    """Wrap a chapter table for display (CSV named ``<province>-<name>.csv``), ``frame`` as a
    builder gave it in ``lang`` (its headers in that language; the Vietnamese page leaves our
    English notes to the CSV). Numbers in the CSV stay machine-readable in every language.

    An empty table gives None, which a notebook cell displays as nothing: the section's glued
    sentence already says there is nothing to show.
    """
    if frame.empty:
        return None
    shown = shown_columns(name, lang)
    return DownloadableTable(frame, f"{facts.province}-{name}.csv", caption, shown, lang)


def shown_columns(name: str, lang: str = "en") -> list[str] | None:
    """The columns of table ``name`` on the page, in the edition's headers (None: all). The
    Vietnamese page leaves our English notes to the CSV."""
    shown = SHOWN.get(name)
    if shown is not None and lang != "en":
        keys = OWN_KEYS.get(name)
        shown = [header(c, lang, keys) for c in shown if c not in NOT_SHOWN_IN_VIETNAMESE]
    return shown


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


def glance_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    v = glance_values(facts)
    year = v["population_year"]

    def w(key: str, **fields) -> str:
        return say(f"charts.table_words.{key}", lang, **fields)

    rows = [
        (w("name"), facts.name, ""),
        (
            w("region"),
            v["region"] if lang == "en" else codebook_word("region", slug(v["region"]), lang),
            "",
        ),
        (w("gso_code"), v["gso_code"], ""),
        (w("area"), v["area_km2"], w("area_unit", year=year)),
        (w("population"), v["population_thousand"], w("population_unit", year=year)),
        (w("density"), v["density"], w("density_unit", year=year)),
        (w("unit_2025"), v["unit_2025_name"], ""),
        (w("merged_with"), glance_values(facts, lang)["unit_2025_partners"], ""),
    ]
    rows.append((fact_counts_label(facts, lang), fact_counts(facts, lang), ""))
    return in_language(pd.DataFrame(rows, columns=["Fact", "Value", "Unit and year"]), lang)


def documents_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    d = facts.documents
    english = lang == "en"
    frame = pd.DataFrame(
        {
            "Document": d["title_en"] if english else d["title_vi"].fillna(d["title_en"]),
            "Type": d["doc_type"] if english else codebook_words(d["doc_type"], "doc_type", lang),
            "Number": d["number"],
            # The body as the source prints it in Vietnamese; else as written (never guessed).
            "Issued by": d["issued_by"] if english else _vietnamese_or(d, "issued_by"),
            "Issued": d["issued_date"],
            "From": d["period_start"],
            "To": d["period_end"],
            "Vision": d["vision_year"],
            "Our summary": [readable(facts, n) for n in d["note"]],
            "Source": source_column(facts, d["source_id"], lang),
            "Source id": d["source_id"],
        }
    )
    return in_language(frame, lang)


def _vietnamese_or(rows: pd.DataFrame, column: str) -> pd.Series:
    """``<column>_vi`` where the data give it, else ``column`` (a file without the column too)."""
    twin = f"{column}_vi"
    return rows[twin].fillna(rows[column]) if twin in rows else rows[column]


def targets_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    t = facts.targets
    shown = [
        say("charts.table_words.in_words", lang)
        if k == "qualitative"
        else span_as_stated(lo, hi, q, 2, lang=lang)
        if k == "count"
        else span_as_stated(
            lo,
            hi,
            q,
            2,
            data_unit(growth_unit(u) if k in ("annual_growth", "share_of_grdp") else u, lang),
            lang,
        )  # fmt: skip
        for lo, hi, u, k, q in zip(
            t["low"], t["high"], t["unit"], t["kind"], t["qualifier"], strict=True
        )
    ]
    frame = pd.DataFrame(
        {
            "Target": t["indicator" if lang == "en" else "indicator_vi"],
            "Kind": codebook_words(t["kind"], "kind", lang),
            "Value": shown,
            "Low": t["low"],
            "High": t["high"],
            "Qualifier": t["qualifier"],
            "Unit": t["unit"].map(lambda u: data_unit(u, lang)),
            "Year": t["target_year"],
            "When": [target_when(r)[1] for _, r in t.iterrows()],
            "Document": t["document_id"],
            "Our summary": [readable(facts, n) for n in t["note"]],
            "Source": source_column(facts, t["source_id"], lang),
            "Source id": t["source_id"],
        }
    )
    return in_language(frame, lang)


def results_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    r = results_with_plan(facts)
    return in_language(pd.DataFrame(
        {
            "Result": r["indicator" if lang == "en" else "indicator_vi"],
            "Period": [
                period_span(a, b) for a, b in zip(r["period_start"], r["period_end"], strict=True)
            ],
            "Value": [
                span_as_stated(v, v, q, 2, lang=lang) if not missing(v) else ""
                for v, q in zip(r["value"], r["qualifier"], strict=True)
            ]
            if lang != "en"
            else [data.qualified(v, q) for v, q in zip(r["value"], r["qualifier"], strict=True)],
            "Number": r["value"],
            "Qualifier": r["qualifier"],
            "Unit": r["unit"].map(lambda u: data_unit(u, lang)),
            "% of plan": r["share_of_plan"],
            "Plan basis": r["plan_basis"],
            "Change on previous year, %": r["change_prev_year_pct"],
            "Document": r["document_id"],
            "Our summary": [readable(facts, n) for n in r["note"]],
            "Source": source_column(facts, r["source_id"], lang),
            "Source id": r["source_id"],
        }
    ), lang, OWN_KEYS["results"])  # fmt: skip


def same_park_column(parks: pd.DataFrame, lang: str = "en") -> list[str] | None:
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
            counted = "area_counted" if park_id == park.figure_from else "area_not_counted"
            if park.figure_rule.startswith("no area stated"):
                counted = "no_area_stated"
            cells[park_id] = say(
                "charts.table_words.one_park", lang, number=number, count=len(ids),
                name=park.name, counted=say(f"charts.table_words.{counted}", lang),
            )  # fmt: skip
    return [cells.get(i, "") for i in parks["park_id"]]


def parks_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    p = facts.parks
    same = same_park_column(p, lang)
    types = p["park_type"] if lang == "en" else codebook_words(p["park_type"], "park_type", lang)
    return in_language(pd.DataFrame(
        {
            "Name": p["name"],
            "Type": types,
            "District": p["district"],
            "Area, ha": [
                data.qualified(a, q) for a, q in zip(p["area_ha"], p["area_qualifier"], strict=True)
            ],
            "Area number, ha": p["area_ha"],
            "Area qualifier": p["area_qualifier"],
            "Developer": p["developer"],
            "Status": codebook_words(p["status"], "status", lang),
            "Expected": p["expected_year"],
            "Cost": [
                data.qualified(c, q, u)
                for c, q, u in zip(p["cost"], p["cost_qualifier"], p["cost_unit"], strict=True)
            ],
            "Occupancy, %": p["occupancy_pct"],
            **({"One park": same} if same else {}),
            "Our summary": [readable(facts, n) for n in p["note"]],
            "Source": source_column(facts, p["source_id"], lang),
            "Source id": p["source_id"],
        }
    ), lang)  # fmt: skip


def projects_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    p = facts.projects
    return in_language(pd.DataFrame(
        {
            "Project": p["name"],
            "Category": codebook_words(p["category"], "project_category", lang),
            "Location": p["location"],
            "Capacity": p["capacity"],
            "Capacity unit": p["capacity_unit"] if lang == "en"
            else p["capacity_unit"].map(lambda u: data_unit(u, lang)),
            "Investment": [
                data.qualified(v, q) if lang == "en"
                else "" if missing(v) else span_as_stated(v, v, q, 2, lang=lang)
                for v, q in zip(p["investment"], p["investment_qualifier"], strict=True)
            ],
            # English keeps the column as read (its dtype: the notebook's plain text is the same)
            "Investment unit": p["investment_unit"] if lang == "en"
            else p["investment_unit"].map(lambda u: data_unit(u, lang)),
            "Count": p["count"],
            "Status": codebook_words(p["status"], "status", lang),
            "Year": p["year"],
            "Source": source_column(facts, p["source_id"], lang),
            "Source id": p["source_id"],
        }
    ), lang)  # fmt: skip


def priorities_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    merged = facts.priorities.merge(facts.codes, on="code", how="left")
    merged["_order"] = merged["dimension"].map({"sector": 0, "instrument": 1})
    merged = merged.sort_values(["_order", "label_en"], kind="stable")
    return in_language(pd.DataFrame(
        {
            "Dimension": merged["dimension"]
            if lang == "en"
            else codebook_words(merged["dimension"], "dimension", lang),
            "Priority": merged["label_en"] if lang == "en" else merged["label_vi"].map(upper_first),
            "Vietnamese term": merged["label_vi"],
            "Evidence (our summary)": [readable(facts, n) for n in merged["evidence"]],
            "Code": merged["code"],
            "Source": source_column(facts, merged["source_id"], lang),
            "Source id": merged["source_id"],
        }
    ).reset_index(drop=True), lang)  # fmt: skip


def statistics_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    """Each statistic of the chapter: value, rank among provinces, median, national figure."""
    rows = []
    first, last = iip_years(facts)
    records = iip_record_all(facts)
    rows.append(
        {
            "Indicator": say("charts.table_words.iip_record", lang, first=first, last=last),
            "Year": last,
            "Value": iip_record(facts),
            "Unit": say("charts.table_words.per_year", lang),
            "Status": codebook_word("figure_status", "official", lang),
            "Rank": stats.rank(records, facts.province),
            "Of": len(records),
            "Median of provinces": stats.median(records),
            "Vietnam": iip_record(facts, stats.NATIONAL),
            "Source": "; ".join(
                source_column(facts, row_sources(facts, [IIP], range(first, last + 1)), lang)
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
                "Indicator": indicator_label(facts, ind, lang),
                "Year": st.year,
                "Value": st.value,
                "Unit": indicator_unit(facts, ind, lang),
                "Status": status if lang == "en" else codebook_word("figure_status", status, lang),
                "Rank": st.rank,
                "Of": st.count,
                "Median of provinces": st.median,
                "Vietnam": st.national,
                "Source": "; ".join(
                    source_column(facts, row_sources(facts, [ind], [st.year]), lang)
                ),
            }
        )
    frame = pd.DataFrame(rows)
    frame["Rank"] = frame["Rank"].astype("Int64")
    return in_language(frame, lang)
