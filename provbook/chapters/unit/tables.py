"""Tables of the new-province chapter: office figures, figures computed from the parts, the
parts side by side, and the article facts of every part labelled by province and source."""

from __future__ import annotations

import functools
import inspect

import pandas as pd

from provbook.chapters import province as chapter
from provbook.chapters.province.series import comparable_years
from provbook.chapters.province.tables import DownloadableTable, shown_columns
from provbook.chapters.unit.facts import (
    COMPUTED,
    OFFICE_SOURCE,
    SIDE_BY_SIDE,
    UnitFacts,
    computed_series,
    computed_sources,
    indicator_row,
    memo,
    part_chapter,
    side_by_side,
)
from provbook.chapters.unit.prose import indicator_label, rule_word, status_word, unit_word
from provbook.text import join_names
from provbook.words import outlet_name, say

#: Fact tables of the old chapters shown for each part (never summed across parts).
PART_TABLES = ("documents", "targets", "results", "parks", "projects")
PART_COLUMN = "Province before 2025"


def header(key: str, lang: str = "en") -> str:
    """A column header of the chapter's tables ('Indicator', 'Chỉ tiêu')."""
    return say(f"unit.table.{key}", lang)


def part_caption(name: str, lang: str = "en") -> str:
    """Caption of a parts' table: what its rows are (each row names its province and source)."""
    return say(f"unit.table.caption.{name}", lang) if name in PART_TABLES else ""


def wrapped(frame, filename: str, caption: str, shown, lang: str) -> DownloadableTable:
    """A :class:`DownloadableTable` in the edition's language (its numbers and download link)."""
    return DownloadableTable(frame, filename, caption, shown, lang=lang)


def source_label(facts: UnitFacts, source_id: str, lang: str = "en") -> str:
    """The old chapters' short name of a source (sources.csv is the same for every part), its
    publisher named as the edition names it ('Cục Thống kê (NSO/GSO) (2025)')."""
    label = memo(
        facts,
        ("source_label", source_id),
        lambda: chapter.source_label(part_chapter(facts, facts.parts[0]), source_id),
    )
    if lang == "en":
        return label
    rows = facts.sources[facts.sources["source_id"] == source_id]
    outlet = str(rows["outlet"].iloc[0]) if len(rows) else ""
    return label.replace(outlet, outlet_name(outlet, lang)) if outlet else label


def office_table(facts: UnitFacts, lang: str = "en") -> pd.DataFrame:
    """Every figure the statistics office published for the new province, with its status."""
    label = source_label(facts, OFFICE_SOURCE, lang)
    h = {k: header(k, lang) for k in ("indicator", "year", "value", "unit", "status", "source")}
    rows = []
    for r in facts.office.sort_values(["indicator", "year"]).itertuples(index=False):
        rows.append(
            {
                h["indicator"]: indicator_label(facts, r.indicator, lang),
                h["year"]: int(r.year),
                h["value"]: float(r.value),
                h["unit"]: unit_word(r.unit, lang),
                h["status"]: str(r.status) if lang == "en" else status_word(r.status, lang),
                h["source"]: label
                if r.source_id == OFFICE_SOURCE
                else source_label(facts, r.source_id, lang),
            }
        )
    return pd.DataFrame(rows)


def computed_table(facts: UnitFacts, lang: str = "en") -> pd.DataFrame:
    """The book's figures for the new province from its parts, first and last year computed."""
    keys = ("indicator", "year", "value", "unit", "rule", "from", "source")
    h = {k: header(k, lang) for k in keys}
    rows = []
    for indicator in COMPUTED:
        series = computed_series(facts, indicator)
        series = series[series["year"].isin(comparable_years(indicator, list(series["year"])))]
        if series.empty:
            continue
        row = indicator_row(facts, indicator)
        for point in (series.iloc[0], series.iloc[-1]) if len(series) > 1 else (series.iloc[0],):
            sources = computed_sources(facts, indicator, [int(point["year"])])
            rows.append(
                {
                    h["indicator"]: indicator_label(facts, indicator, lang),
                    h["year"]: int(point["year"]),
                    h["value"]: round(float(point["value"]), 2),
                    h["unit"]: unit_word(row["unit"], lang),
                    h["rule"]: rule_word(str(row["aggregation"]), lang),
                    h["from"]: join_names(facts.part_names, lang=lang),
                    h["source"]: "; ".join(
                        dict.fromkeys(source_label(facts, s, lang) for s in sources)
                    ),
                }
            )
    return pd.DataFrame(rows)


def side_by_side_table(facts: UnitFacts, lang: str = "en") -> pd.DataFrame:
    """The latest year of each never-combined indicator, one column per part."""
    rows = []
    for indicator in SIDE_BY_SIDE:
        wide = side_by_side(facts, indicator)
        if wide.empty:
            continue
        year = int(wide.index.max())
        row = {
            header("indicator", lang): indicator_label(facts, indicator, lang),
            header("year", lang): year,
        }
        row.update({name: wide.loc[year, name] for name in wide.columns})
        rows.append(row)
    return pd.DataFrame(rows)


def parts_facts_table(facts: UnitFacts, name: str, lang: str = "en") -> pd.DataFrame:
    """One old-chapter table (targets, parks ...) for every part, each row labelled by its
    province and keeping its own source: listed, never summed. The old chapter's table is in
    ``lang`` as soon as its builder takes a language (the province chapter's own work)."""
    frames = []
    column = header("part", lang)
    for part in facts.parts:
        old = part_chapter(facts, part)
        build = getattr(chapter, f"{name}_table")
        frame = build(old, lang=lang) if takes_lang(build) else build(old)
        if frame.empty:
            continue
        frames.append(frame.assign(**{column: old.name})[[column, *frame.columns]])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@functools.cache
def takes_lang(function) -> bool:
    """Whether a builder has a ``lang`` parameter (is written for every edition)."""
    try:
        return "lang" in inspect.signature(function).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False


def table(
    facts: UnitFacts, frame: pd.DataFrame, name: str, lang: str = "en"
) -> DownloadableTable | None:
    """Shown with a CSV download named ``<new province>-<name>.csv``; None when empty."""
    if frame.empty:
        return None
    shown = shown_columns(name, lang)
    shown = [header("part", lang), *shown] if shown else None
    if shown and len([c for c in shown if c in frame.columns]) < 2:
        shown = None  # the old chapter's columns in another language: show them all
    return wrapped(frame, f"{facts.unit}-{name}.csv", part_caption(name, lang), shown, lang)


def parts_tables(facts: UnitFacts, lang: str = "en") -> list[DownloadableTable]:
    """The parts' fact tables that have rows, in the order of :data:`PART_TABLES`."""
    shown = [table(facts, parts_facts_table(facts, name, lang), name, lang) for name in PART_TABLES]
    return [t for t in shown if t is not None]
