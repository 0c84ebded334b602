"""Short, readable citations of source rows (never internal ids): under charts, in tables' Source
column, and in figure captions, each naming only the sources of the rows it shows."""

from __future__ import annotations

import re

from provbook.chapter.facts import Facts


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
