"""Short, readable citations of source rows (never internal ids): under charts, in tables' Source
column, and in figure captions, each naming only the sources of the rows it shows."""

from __future__ import annotations

import re

from provbook import words
from provbook.chapters.province.facts import (
    BOUNDARY_SOURCE,
    FDI_FLOW,
    GRDP_PC,
    IIP,
    LABOUR_USE,
    MERGER_SOURCE,
    NEW_ENTERPRISES,
    PCI,
    Facts,
    dated_documents,
    growth_targets,
    indicator_sources,
    pci_subindices,
    quantitative_targets,
    results_with_plan,
    standing_sources,
)
from provbook.text import join_names
from provbook.words import say


def source_label(facts: Facts, source_id: str, lang: str = "en") -> str:
    """Short name for a source line under a chart, from sources.csv (publisher and year).

    Kept per chapter and language: every table row and chart names its source."""
    labels = facts._cache.setdefault("source_labels", {})
    if (source_id, lang) not in labels:
        labels[source_id, lang] = _source_label(facts, source_id, lang)
    return labels[source_id, lang]


def _source_label(facts: Facts, source_id: str, lang: str = "en") -> str:
    rows = facts.sources[facts.sources["source_id"] == source_id]
    if rows.empty:
        return source_id
    row = rows.iloc[0]
    outlet = str(row["outlet"])
    short = re.search(r"\(([A-Z]{2,})\)", outlet)
    if row["kind"] == "article":
        about = facts.names.get(row["province_id"], "")
        when = str(row["date"]) if row["date"] != "unknown" else say("charts.source.undated", lang)
        if outlet == "unknown":
            return say("charts.source.unnamed_article", lang, about=about, when=when)
        return f"{outlet} ({when})"
    who = short.group(1) if short else outlet
    # The publisher as the edition names it ('Tổng cục Thống kê', 'Quốc hội; Chính phủ'): by
    # its acronym, else by the source row; the outlet as written when the catalogue has neither.
    known = words.catalogue(lang, "charts")
    for key in (f"publisher.{who.lower()}", f"publisher.{source_id}"):
        if key in known:
            who = known[key]
            break
    year = str(row["date"])[:4] if row["date"] != "unknown" else say("charts.source.no_year", lang)
    return f"{who} ({year})"


def sources_line(facts: Facts, source_ids, lang: str = "en") -> str:
    """'Source: A; B. Chart: provbook.' for the ids given (order kept, duplicates dropped), in
    the edition's language ('Nguồn: A; B; Biểu đồ: provbook.')."""
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s]
    if not ids:
        return ""
    labels = dict.fromkeys(source_label(facts, s, lang) for s in ids)
    return say("charts.source.line", lang, sources="; ".join(labels))


def source_column(facts: Facts, source_ids, lang: str = "en") -> list[str]:
    """The readable Source column of a fact table: each row's own source, never its id."""
    return [source_label(facts, s, lang) if isinstance(s, str) and s else "–" for s in source_ids]


def _ids(values) -> list[str]:
    return [s for s in dict.fromkeys(values) if isinstance(s, str) and s]


def figure_sources(facts: Facts) -> dict[str, list[str]]:
    """Per figure, the source ids of the rows it draws (its caption cites these and no others)."""
    r = results_with_plan(facts)
    drawn_results = r[r["share_of_plan"].notna() | r["change_prev_year_pct"].notna()]
    codes = set(facts.priorities["code"])
    priorities = facts.all_priorities[facts.all_priorities["code"].isin(codes)]
    subindices = pci_subindices(facts)
    return {
        "map": _ids([BOUNDARY_SOURCE, MERGER_SOURCE]),
        "timeline": _ids(dated_documents(facts)["source_id"]),
        "targets": _ids(quantitative_targets(facts)["source_id"]),
        "ambition": _ids([*growth_targets(facts)["source_id"], *indicator_sources(facts, [IIP])]),
        "results": _ids(drawn_results["source_id"]),
        "parks": _ids(facts.parks["source_id"]),
        "priorities": _ids(priorities["source_id"]),
        "standing": standing_sources(facts),
        "iip": indicator_sources(facts, [IIP]),
        "fdi": indicator_sources(facts, [FDI_FLOW]),
        "business": indicator_sources(facts, [NEW_ENTERPRISES, LABOUR_USE]),
        "grdp": indicator_sources(facts, [GRDP_PC]),
        "pci": indicator_sources(facts, [PCI, *subindices]),
    }


_ROW_ID = re.compile(
    r"\b(doc|park|prj|tgt|res)-([a-z]+(?:-[a-z]+)*)-(\d\d)((?:(?:, | and |/)-\d\d)*)"
)
#: Row-id prefix -> (table, id column, readable column) of the row an id names.
_ROW_TABLES = {
    "doc": ("documents", "document_id", "title_en"),
    "park": ("parks", "park_id", "name"),
    "prj": ("projects", "project_id", "name"),
    "tgt": ("targets", "target_id", "indicator"),
    "res": ("results", "result_id", "indicator"),
}


def readable(facts: Facts, text, lang: str = "en"):
    """Our summaries may point at other rows by id ('see doc-long-an-04'); readers get the row's
    title or name instead ('see Resolution of ...'), never the id."""
    if not isinstance(text, str):
        return text

    def name(prefix: str, province: str, number: str) -> str:
        table, key, label = _ROW_TABLES[prefix]
        frame = getattr(facts, table)
        if lang != "en" and f"{label.removesuffix('_en')}_vi" in frame:
            label = f"{label.removesuffix('_en')}_vi"  # documents' Vietnamese titles
        rows = frame[frame[key] == f"{prefix}-{province}-{number}"]
        if len(rows):
            return say("province.citations.quoted", lang, name=rows[label].iloc[0])
        return say(f"province.citations.another.{table}", lang)

    def replace(match: re.Match) -> str:
        prefix, province, first, more = match.groups()
        numbers = [first, *re.findall(r"\d\d", more or "")]
        return join_names([name(prefix, province, n) for n in numbers], lang=lang)

    return _ROW_ID.sub(replace, text)
