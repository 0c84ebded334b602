"""Typed access to the data package in data/, driven by datapackage.json.

The descriptor is the one place that says what each column is, so types come from it rather than
from pandas' guessing: integers stay integers when a cell is empty (nullable Int64), ids stay
strings, and only the empty string means "missing". Tables are cached per process, keyed on the
file's path and modification time, because notebooks call these functions often.
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
import math
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from provbook.datapackage import schema
from provbook.datapackage.schema import (
    DATA_ENV,
    DESCRIPTOR,
    FACT_TABLES,
    DataError,
    resolve_data_dir,
)
from provbook.text import check_lang, join_names, md_escape
from provbook.words import outlet_name, say, say_or

__all__ = [
    "DATA_ENV",
    "DESCRIPTOR",
    "FACT_TABLES",
    "DataError",
    "resolve_data_dir",
]


def stat_key(path: Path) -> tuple[str, int, int]:
    """Cache key that changes whenever the file is rewritten (path, mtime, size): the loaders
    here and the map drawing's boundary cache (:mod:`provbook.draw.maps`) key on it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path} is missing") from None
    return str(path), st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=8)
def _package_cached(path: str, _mtime_ns: int, _size: int) -> schema.Package:
    return schema.load(Path(path).parent)


def _package(directory: Path) -> schema.Package:
    return _package_cached(*stat_key(directory / DESCRIPTOR))


def package(data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The datapackage.json descriptor (a copy, so callers may change it freely)."""
    return copy.deepcopy(_package(resolve_data_dir(data_dir)).raw)


def table_names(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Resource names in descriptor order."""
    return [r.name for r in _package(resolve_data_dir(data_dir)).resources]


def _typed_frame(res: schema.Resource) -> pd.DataFrame:
    """Read every cell as text, then convert column by column; raise ValueError on any mismatch."""
    frame = pd.read_csv(
        res.file,
        dtype=str,
        keep_default_na=False,
        na_values=list(res.missing_values),
        encoding="utf-8",
    )
    names = res.field_names
    present = [n for n in names if n in frame.columns]
    absent = [n for n in names if n not in frame.columns]
    if list(frame.columns) != present or not set(absent) <= res.optional_columns:
        raise ValueError("header does not match the schema")
    for name in absent:  # an optional column the file predates: every cell missing
        frame[name] = pd.Series(pd.NA, index=frame.index, dtype="str")
    frame = frame[names]
    if res.rows_required and frame.empty:
        raise ValueError("table has no rows")
    for f in res.fields:
        column = frame[f["name"]]
        present = column.dropna()
        # The column as one text, each check a single pass in C (a space composes with nothing,
        # so the text is NFC exactly when every cell is).
        text = " ".join(present)
        if schema.HIDDEN_RE.search(text):
            raise ValueError(f"column {f['name']!r} holds a control or formatting character")
        if max(map(len, present), default=0) > schema.CELL_LIMIT:
            raise ValueError(f"column {f['name']!r} holds a cell longer than the limit")
        if not unicodedata.is_normalized("NFC", text):
            raise ValueError(f"column {f['name']!r} holds text that is not NFC")
        kind = f.get("type", "string")
        if kind == "integer":
            if not present.str.fullmatch(schema.INTEGER_RE.pattern).all():
                raise ValueError(f"column {f['name']!r} is not all integers")
            frame[f["name"]] = column.astype("Int64")
        elif kind == "number":
            if not present.str.fullmatch(schema.NUMBER_RE.pattern).all():
                raise ValueError(f"column {f['name']!r} is not all numbers")
            frame[f["name"]] = column.astype("float64")
            if not frame[f["name"]].dropna().map(math.isfinite).all():
                raise ValueError(f"column {f['name']!r} holds a number too large to be finite")
        elif kind == "date":
            if not present.str.fullmatch(schema.DATE_RE.pattern).all():
                raise ValueError(f"column {f['name']!r} is not all dates")
            frame[f["name"]] = pd.to_datetime(column, format="%Y-%m-%d", errors="raise")
    return frame


@functools.lru_cache(maxsize=64)
def _load_cached(
    csv_key: tuple[str, int, int], pkg_key: tuple[str, int, int], name: str
) -> pd.DataFrame:
    res = _package_cached(*pkg_key).resource(name)
    try:
        return _typed_frame(res)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        # The fast path failed: let the validator say exactly where and why.
        from provbook.datapackage.validate import validate_resource

        problems = validate_resource(Path(pkg_key[0]).parent, name)
        detail = "\n".join(str(p) for p in problems) or f"{csv_key[0]}: {exc}"
        raise DataError(
            f"cannot load table {name!r}:\n{detail}\nRun `provbook validate` for a full report."
        ) from None


def load(name: str, data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One table of the package, typed per its schema (integer→Int64, number→float64,
    date→datetime64, string→str; an empty cell is missing). Raises DataError on bad files."""
    directory = resolve_data_dir(data_dir)
    pkg_key = stat_key(directory / DESCRIPTOR)
    res = _package_cached(*pkg_key).resource(name)
    if not res.file.exists():
        raise DataError(f"{res.file} is missing (table {name!r} of {directory / DESCRIPTOR})")
    # A copy: the cached frame must survive callers that add or change columns.
    return _load_cached(stat_key(res.file), pkg_key, name).copy()


def provinces(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The 63 pre-2025 provinces with codes, region and post-2025 unit."""
    return load("provinces", data_dir)


def units_2025(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The 34 provincial units from 2025-07-01."""
    return load("units_2025", data_dir)


def sources(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Every article and statistical source, with licence."""
    return load("sources", data_dir)


def documents(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Policy documents named in the articles."""
    return load("documents", data_dir)


def targets(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Targets stated in the articles (ranges as low/high)."""
    return load("targets", data_dir)


def results(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Results the articles report as achieved."""
    return load("results", data_dir)


def parks(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Industrial parks and clusters named in the articles."""
    return load("parks", data_dir)


def projects(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Energy sites, plants and investment aggregates named in the articles."""
    return load("projects", data_dir)


def codes(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Codebook of priority sectors and policy instruments."""
    return load("codes", data_dir)


def priorities(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Coded priorities, one row per province and code."""
    return load("priorities", data_dir)


def indicators(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Definitions and units of the statistical indicators."""
    return load("indicators", data_dir)


def statistics(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Official statistics, long format (province or 'vietnam', indicator, year, value)."""
    return load("statistics", data_dir)


def statistics_2025(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The statistics office's own figures for the 34 units of 2025 (long format)."""
    return load("statistics_2025", data_dir)


def plans_2030(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Targets to 2030 of the 34 units of 2025, as their 2025 Party congresses set them."""
    return load("plans_2030", data_dir)


def known_province_ids(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Sorted pre-2025 province ids from provinces.csv."""
    return sorted(provinces(data_dir)["province_id"].dropna())


class UnknownProvinceError(ValueError):
    """A province id that is not one of the pre-2025 provinces in provinces.csv."""


def check_provinces(
    requested: Iterable[str],
    known: Iterable[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> list[str]:
    """The requested ids, in order, if provinces.csv knows every one; else UnknownProvinceError
    naming each unknown id (with the closest known id) and all known ids. The one province-id
    check for the CLI, the pipeline and the notebooks; ``known`` skips reading the table."""
    requested = list(requested)
    known = sorted(known if known is not None else known_province_ids(data_dir))
    unknown = [p for p in requested if p not in known]
    if not unknown:
        return requested
    hints = []
    for pid in unknown:
        close = difflib.get_close_matches(str(pid), known, n=1)
        if close:
            hints.append(f"{pid!r}: did you mean {close[0]!r}?")
    hint = f" ({'; '.join(hints)})" if hints else ""
    raise UnknownProvinceError(
        f"unknown province id(s): {', '.join(map(str, unknown))}. Known ids ({len(known)}): "
        + ", ".join(known)
        + hint
    )


def check_province(pid: str, data_dir: str | os.PathLike[str] | None = None) -> str:
    """Return pid if provinces.csv knows it; else ValueError naming the known ids (a plain
    ValueError: a notebook's error line reads "ValueError: unknown province id ...")."""
    known = known_province_ids(data_dir)
    if pid in known:
        return pid
    close = difflib.get_close_matches(str(pid), known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"unknown province id {pid!r}{hint}; known ids: {', '.join(known)}")


def provinces_with_facts(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Sorted ids of provinces with at least one row in a fact table (FACT_TABLES): the
    default chapters of the book and the members of the comparison."""
    found: set[str] = set()
    for name in FACT_TABLES:
        found.update(load(name, data_dir)["province_id"].dropna())
    return sorted(found)


def boundary_entries(data_dir: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The descriptor's boundary files: path, 'name' (file stem), id property, description."""
    return [
        {
            "path": b.path,
            "name": b.name,
            "id_property": b.id_property,
            "description": b.description,
        }
        for b in _package(resolve_data_dir(data_dir)).boundaries
    ]


@functools.lru_cache(maxsize=4)
def _read_bytes(path: str, _mtime_ns: int, _size: int) -> bytes:
    return Path(path).read_bytes()


def boundary_file(which: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The file of one boundary set: 'provinces_63' or 'units_34' (stem or path)."""
    directory = resolve_data_dir(data_dir)
    entries = _package(directory).boundaries
    match = [b for b in entries if which in (b.name, b.path)]
    if not match:
        known = ", ".join(b.name for b in entries)
        raise ValueError(f"unknown boundary file {which!r}; known: {known}")
    path = match[0].file
    if not path.exists():
        raise DataError(f"{path} is missing (listed under 'boundaries' in {DESCRIPTOR})")
    return path


def boundaries(which: str, data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Parsed GeoJSON of one boundary file: 'provinces_63' or 'units_34' (stem or path).

    Parsed afresh on each call (from cached bytes) so callers can annotate features freely.
    """
    path = boundary_file(which, data_dir)
    try:
        return json.loads(_read_bytes(*stat_key(path)).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path} is not valid UTF-8 GeoJSON: {exc}") from None


# --- Reading the facts: qualifiers, statuses, one row per park ---------------------------------

#: How a qualifier reads in English before the number ("about 1,200 ha").
QUALIFIERS = {
    "about": "about",
    "just_under": "just under",
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
}
#: Park statuses from the most to the least advanced, with the words the chapters print.
PARK_STATUSES = {
    "operating": "operating",
    "expanding": "operating, being enlarged",
    "infrastructure_complete": "infrastructure complete",
    "under_construction": "under construction",
    "established": "established, infrastructure not finished",
    "approved": "approved",
    "planned": "planned",
    "proposed": "proposed",
    "unknown": "status not given",
}
#: What an empty year or period means in every fact table.
NO_YEAR = "no year stated"


def _number(value: float) -> str:
    """1200 -> '1,200'; 74.4 -> '74.4'; -1.5 -> '-1.5' (no trailing zeros)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def qualified(value: Any, qualifier: Any = None, unit: Any = None) -> str:
    """A number as the source stated it: ``qualified(1200, "about", "ha")`` -> "about 1,200 ha".

    Chapters show every figure through this so that "gần 58" never reads as exactly 58. A
    missing value gives "" (nothing to show); an unknown qualifier raises ValueError.
    """
    if value is None or pd.isna(value):
        return ""
    words = []
    if qualifier is not None and not pd.isna(qualifier) and qualifier != "":
        if qualifier not in QUALIFIERS:
            raise ValueError(
                f"unknown qualifier {qualifier!r}; allowed: {', '.join(QUALIFIERS)} or empty"
            )
        words.append(QUALIFIERS[qualifier])
    words.append(_number(float(value)))
    if unit is not None and not pd.isna(unit) and str(unit).strip():
        words.append(str(unit).strip())
    return " ".join(words)


def year_label(year: Any) -> str:
    """A year for reader text; an empty year reads "no year stated", never a guess."""
    if year is None or pd.isna(year):
        return NO_YEAR
    return str(int(year))


#: The rule distinct_parks uses to pick the figure of a park named in several rows.
DISTINCT_PARK_RULE = (
    "largest stated area among the mentions (a whole park outsizes any of its phases); "
    "when no mention states an area, the row the others point to"
)


def distinct_parks(parks: pd.DataFrame) -> pd.DataFrame:
    """One row per park or cluster, for totals and comparisons that must count each park once.

    Rows linked by ``same_as`` are one park. The row whose area counts is the mention with the
    largest stated area (ties: the row the others point to, then file order); when no mention
    states an area, the row the others point to. Its area, area qualifier, status and expected
    year are used. Added columns say what was merged and which rule chose the figure:
    ``mentions`` (count), ``mention_ids`` and ``source_ids`` (';'-joined), ``figure_from``
    (park_id of the chosen row) and ``figure_rule`` (reader text).
    """
    if parks.empty:
        extra = ["mentions", "mention_ids", "source_ids", "figure_from", "figure_rule"]
        return parks.assign(**{c: pd.Series(dtype="object") for c in extra})
    frame = parks.reset_index(drop=True)
    same_as = frame["same_as"] if "same_as" in frame else pd.Series(pd.NA, index=frame.index)
    root = same_as.where(same_as.notna() & (same_as != ""), frame["park_id"])
    out = []
    for park_id, group in frame.groupby(root, sort=False):
        head = group[group["park_id"] == park_id]
        head = head.iloc[0] if len(head) else group.iloc[0]
        areas = group["area_ha"].dropna() if "area_ha" in group else pd.Series(dtype=float)
        if len(group) == 1:
            chosen, rule = group.iloc[0], "only mention"
        elif len(areas):
            largest = group[group["area_ha"] == areas.max()]
            own = largest[largest["park_id"] == park_id]
            chosen = (own if len(own) else largest).iloc[0]
            rule = f"largest stated area of {len(group)} mentions"
        else:
            chosen, rule = head, f"no area stated in {len(group)} mentions; main row"
        row = head.copy()
        for column in ("area_ha", "area_qualifier", "status", "expected_year"):
            if column in chosen.index:
                row[column] = chosen[column]
        row["mentions"] = len(group)
        row["mention_ids"] = ";".join(group["park_id"])
        row["source_ids"] = ";".join(dict.fromkeys(group["source_id"]))
        row["figure_from"] = chosen["park_id"]
        row["figure_rule"] = rule
        out.append(row)
    result = pd.DataFrame(out).reset_index(drop=True)
    if "same_as" in result:
        result["same_as"] = pd.NA
    return result


def total_area(parks: pd.DataFrame) -> float:
    """Hectares of the parks with a stated area, each park counted once (see distinct_parks)."""
    return float(distinct_parks(parks)["area_ha"].sum()) if len(parks) else 0.0


# --- Markdown data appendix -------------------------------------------------------------------


def _md(text: Any) -> str:
    """Plain text safe inside a Markdown table cell (MyST): no markup, no raw HTML, no math."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return md_escape(" ".join(str(text).split()))


def _code(text: Any) -> str:
    """Inline code that survives inside a table cell."""
    return "`" + str(text).replace("|", "\\|") + "`"


def _constraints(field: dict[str, Any], lang: str = "en") -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append(_w("required", lang))
    if c.get("unique"):
        parts.append(_w("unique", lang))
    if "enum" in c:
        parts.append(_w("one_of", lang, values=", ".join(_code(v) for v in c["enum"])))
    if "pattern" in c:
        parts.append(_w("pattern", lang, pattern=_code(c["pattern"])))
    if "minimum" in c:
        parts.append(_w("minimum", lang, value=c["minimum"]))
    if "maximum" in c:
        parts.append(_w("maximum", lang, value=c["maximum"]))
    if field.get(schema.OPTIONAL_COLUMN_KEY):
        parts.append(_w("optional", lang))
    if schema.is_url_column(field["name"]):
        parts.append(_w("url_only", lang))
    return "; ".join(parts)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


#: The population series as revised after the 2019 census, and GSO's 2018 release of it.
POPULATION_REVISED, POPULATION_RELEASE_2018 = "population", "population_release_2018"


def _w(key: str, lang: str, /, **fields) -> str:
    """The appendix's own words (headings, sentences, table headers) in ``lang``, from the
    catalogue (provbook/words/<lang>/pages.toml [appendix]); an unknown language is a clear
    error. The data's words (tables' and fields' descriptions, indicators, licences) come from
    data/datapackage.json in English and from datapackage_vi.toml in Vietnamese
    (:func:`vietnamese_package`)."""
    return say(f"pages.appendix.{key}", lang, **fields)


#: The columns of the appendix's table of sources.
SOURCES_COLUMNS = ("source", "kind", "publisher", "title", "date", "licence", "retrieved_from")


def _header(table: str, columns: tuple[str, ...], lang: str) -> list[str]:
    """A table's header row, column by column ([appendix.<table>] of the catalogue)."""
    return [_w(f"{table}.{column}", lang) for column in columns]


def _decimal(value: float, lang: str) -> str:
    """One decimal, kept when zero ('1.0' / '1,0'): English as Python writes it, Vietnamese
    with its CLDR symbols (Babel)."""
    if lang == "en":
        return f"{value:.1f}"
    from babel.numbers import format_decimal

    return format_decimal(round(value, 1), format="#,##0.0", locale="vi")


def _percent(value: float, lang: str, sign: bool = False) -> str:
    """'+1.2%' / '+1,2 %': one decimal, the edition's symbols, a sign when asked."""
    if lang == "en":
        return f"{value:+.1f}%" if sign else f"{value:.1f}%"
    text = _decimal(abs(value), lang) + "\u00a0%"
    return (("+" if value >= 0 else "−") + text) if sign else text


def _join(items: list[str], lang: str) -> str:
    """'a, b and c' / 'a, b và c'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + _w("and", lang) + items[-1]


def population_revision_paragraph(
    statistics: pd.DataFrame, names: dict[str, str] | None = None, lang: str = "en"
) -> list[str]:
    """Appendix lines on the two population series and the size of the revision, computed from
    the statistics (empty when either series is missing): a reader comparing our per-person
    figures with older reports needs to know which series we use and how far apart they are."""
    check_lang(lang)
    wide = statistics[
        statistics["indicator"].isin([POPULATION_REVISED, POPULATION_RELEASE_2018])
        & (statistics["province_id"] != "vietnam")
    ].pivot_table(index=["province_id", "year"], columns="indicator", values="value")
    if not {POPULATION_REVISED, POPULATION_RELEASE_2018} <= set(wide.columns):
        return []
    both = wide.dropna()
    if both.empty:
        return []
    year = int(both.index.get_level_values("year").max())
    last = both.xs(year, level="year")
    pct = (last[POPULATION_REVISED] / last[POPULATION_RELEASE_2018] - 1) * 100
    years = sorted(int(y) for y in both.index.get_level_values("year").unique())
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    names = names or {}
    lowest, highest = (names.get(p, p) for p in (pct.idxmin(), pct.idxmax()))
    return [
        "",
        _w("population_heading", lang),
        "",
        _w(
            "population",
            lang,
            revised=POPULATION_REVISED,
            release=POPULATION_RELEASE_2018,
            span=span,
            year=year,
            low=_percent(pct.min(), lang, sign=True),
            lowest=_md(lowest),
            high=_percent(pct.max(), lang, sign=True),
            highest=_md(highest),
            count=len(pct),
            median=_percent(pct.abs().median(), lang),
        ),
    ]


#: GSO's FDI capital indicators: a registered capital below zero is odd but published so.
NEGATIVE_AS_PUBLISHED = ("fdi_new_capital", "fdi_stock_capital")


def negative_capital_paragraph(
    statistics: pd.DataFrame, names: dict[str, str] | None = None, lang: str = "en"
) -> list[str]:
    """Appendix lines naming each negative GSO FDI capital figure, computed from the statistics
    (empty when there is none): kept as published, and a reader must know they are not ours."""
    check_lang(lang)
    rows = statistics[
        statistics["indicator"].isin(NEGATIVE_AS_PUBLISHED)
        & (statistics["province_id"] != "vietnam")
        & (pd.to_numeric(statistics["value"], errors="coerce") < 0)
    ]
    if rows.empty:
        return []
    names = names or {}
    units = _vietnamese_units() if lang == "vi" else {}
    parts = []
    for (indicator, year), group in rows.groupby(["indicator", "year"], sort=True):
        listed = [
            f"{_md(names.get(r.province_id, r.province_id))} ({_signed(float(r.value), lang)}"
            + f" {units.get(r.indicator, r.unit)})"
            for r in group.sort_values("province_id").itertuples(index=False)
        ]
        who = _join(listed, lang)
        parts.append(_w("negative_item", lang, indicator=indicator, year=int(year), who=who))
    return ["", _w("negative_heading", lang), "", _w("negative", lang, items="; ".join(parts))]


def _signed(value: float, lang: str) -> str:
    """-12.3 -> '−12.3' / '−12,3': one decimal, kept when zero, a minus sign."""
    return _decimal(value, lang).replace("-", "−")


def _aggregation_section(directory: Path, lang: str = "en") -> list[str]:
    """The rule of every indicator, so a reader of a 2025 chapter can check each figure."""
    check_lang(lang)
    table = indicators(directory)
    if "aggregation" not in table.columns:
        return []
    out = ["", "(data-aggregation-rules)=", _w("aggregation_heading", lang), ""]
    out += [_w("aggregation", lang), ""]
    labels = vietnamese_package()["indicators"] if lang == "vi" else {}
    out += _table(
        _header("aggregation_header", ("indicator", "unit", "rule"), lang),
        [
            [
                _md(labels[r.indicator][0] if lang == "vi" else r.label),
                _md(labels[r.indicator][1] if lang == "vi" else r.unit),
                # The rule in the words of the codebook (the unit chapters' too); a rule
                # without words (validation stops it first) as written.
                say_or(f"codebook.aggregation.{r.aggregation}", lang, _md(r.aggregation)),
            ]
            for r in table.itertuples(index=False)
        ],
    )
    return out


def plans_coverage_paragraph(
    units: pd.DataFrame, plans: pd.DataFrame, lang: str = "en"
) -> list[str]:
    """Which of the 34 provinces have a congress target in the table and which do not: the
    appendix names the provinces with no published target found, as their chapters do."""
    covered = set(plans["unit_2025_id"])
    missing_units = units[~units["unit_2025_id"].isin(covered)]
    found = len(units) - len(missing_units)
    line = _w("coverage", lang, found=found, total=len(units))
    if len(missing_units):
        listed = [_md(n) for n in missing_units["name_short"]]
        names = join_names(listed) if lang == "en" else _join(listed, lang)
        line += _w("coverage_missing", lang, names=names)
    return [line + "."]


@functools.cache
def vietnamese_package() -> dict[str, Any]:
    """The Vietnamese words of the data package (provbook/datapackage/datapackage_vi.toml): the
    package's and every table's title and description, every field's description, the
    indicators' labels and units, the sources' kinds and licences.

    They live beside the package's code, one file for the language, rather than as a
    ``description_vi`` beside each field in data/datapackage.json: the descriptor is the
    data's contract (Frictionless, shipped in the data download and read by every tool), the
    English descriptions are its documentation, and the Vietnamese ones are words of the book's
    Vietnamese edition. Kept apart, a translation cannot break the contract, the data download
    and the English appendix stay as they are, and one file holds the whole of the package's
    Vietnamese for a translator to read through. tests/test_data.py checks that it names
    exactly the tables, fields, indicators, kinds and licences of data/."""
    import tomllib

    path = Path(__file__).with_name("datapackage_vi.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _ours(text: str) -> str:
    """Text of datapackage_vi.toml inside the appendix: our own Markdown (ids and values in
    backticks, as code), so it is not escaped like data; only a table cell's pipe is."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _vietnamese_units() -> dict[str, str]:
    return {key: unit for key, (_, unit) in vietnamese_package()["indicators"].items()}


def _unknown(value: Any, lang: str) -> Any:
    """sources.csv's 'unknown' in the edition's words ('unknown' is English's own)."""
    return _w("unknown", lang) if value == "unknown" else value


def _source_title(source: Any, lang: str) -> str:
    """The title column of the appendix's table of sources: English (our rendering, else the
    original); Vietnamese (a Vietnamese original, else title_vi, else the original)."""
    if lang == "en":
        return source.title_en if isinstance(source.title_en, str) else source.title
    title_vi = getattr(source, "title_vi", None)
    if isinstance(title_vi, str) and title_vi:
        return title_vi
    return source.title


def describe_package(
    data_dir: str | os.PathLike[str] | None = None,
    title: str | None = None,
    download: str | os.PathLike[str] | None = None,
    lang: str = "en",
    link: str | None = None,
) -> str:
    """MyST Markdown for the book's data appendix: every table, its fields, sources, licences.

    Generated from the descriptor and the files so the appendix cannot drift from the data.
    ``download``, a zip of the package (provbook.publish.package_zip), is linked for download
    with its size, as ``link`` (the zip's path from the page; its name by default, for a zip
    beside the appendix). ``lang`` is the edition: in Vietnamese the headings, sentences and
    table headers are Vietnamese (:func:`_w`) and so are the descriptions of the
    package, its tables and fields (:func:`vietnamese_package`); ids, file names and the data's
    own values stay as they are.
    """
    check_lang(lang)
    vi = vietnamese_package() if lang == "vi" else None
    directory = resolve_data_dir(data_dir)
    pkg = _package(directory).raw
    heading = _w("title", lang) if title is None else title
    out = [f"# {_md(heading)}", ""]
    if vi is None:
        out += [_md(pkg.get("title", "")), "", _md(pkg.get("description", ""))]
    else:
        out += [_ours(vi["package"]["title"]), "", _ours(vi["package"]["description"])]
    for lic in pkg.get("licenses", []):
        if vi is None:
            lic_title = _md(lic.get("title", ""))
        else:
            lic_title = _ours(vi["package"]["licence_title"])
        out += ["", _w("licence", lang, name=_md(lic.get("name", "")), title=lic_title)]
    out += ["", _w("described", lang, descriptor=DESCRIPTOR)]
    if download is not None:
        size = Path(download).stat().st_size / 1e6
        target = link or Path(download).name
        out += [
            "",
            _w(
                "download",
                lang,
                link=f"{{download}}`{Path(download).name} <{target}>`",
                size=_decimal(size, lang),
            ),
        ]
    for res in pkg["resources"]:
        schema = res["schema"]
        words = None if vi is None else vi["tables"][res["name"]]
        rows = len(load(res["name"], directory))
        label = f"data-table-{res['name'].replace('_', '-')}"
        if words is None:
            res_title, res_text = _md(res.get("title", "")), _md(res.get("description", ""))
        else:
            res_title, res_text = _ours(words["title"]), _ours(words["description"])
        out += ["", f"({label})=", f"## {res_title}"]
        out += ["", res_text, ""]
        count = _w("rows", lang, count=rows)
        out += [_w("table", lang, name=res["name"], path=res["path"], rows=count), ""]
        out += _table(
            _header("fields", ("field", "type", "description", "constraints"), lang),
            [
                [
                    _code(f["name"]),
                    say_or(f"pages.appendix.types.{f['type']}", lang, f["type"]),
                    _md(f.get("description", ""))
                    if words is None
                    else _ours(words["fields"][f["name"]]),
                    _constraints(f, lang),
                ]
                for f in schema["fields"]
            ],
        )
        keys = ", ".join(_code(k) for k in _as_list(schema.get("primaryKey", [])))
        out += ["", _w("primary_key", lang, keys=keys or _w("none", lang))]
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            src = ", ".join(_code(k) for k in _as_list(fk["fields"]))
            dst = ", ".join(_code(f"{ref['resource']}.{k}") for k in _as_list(ref["fields"]))
            out.append(_w("foreign_key", lang, src=src, dst=dst))
        titles = (
            [_md(source.get("title", "")) for source in res.get("sources", [])]
            if words is None
            else [_ours(source) for source in words.get("sources", [])]
        )
        for source_title in titles:
            out.append(_w("source", lang, title=source_title))
        if res["name"] == "statistics":
            names = provinces(directory).set_index("province_id")["name_vi"].to_dict()
            statistics = load("statistics", directory)
            out += population_revision_paragraph(statistics, names, lang)
            out += negative_capital_paragraph(statistics, names, lang)
        if res["name"] == "plans_2030":
            plans = load("plans_2030", directory)
            out += plans_coverage_paragraph(units_2025(directory), plans, lang)
    out += _aggregation_section(directory, lang)
    entries = boundary_entries(directory)
    if entries:
        out += ["", "(data-boundaries)=", _w("boundaries_heading", lang), ""]
        out += _table(
            _header("boundaries_header", ("file", "features", "description"), lang),
            [
                [
                    _code(f"data/{e['path']}"),
                    str(len(boundaries(e["name"], directory).get("features", []))),
                    _md(e.get("description", ""))
                    if vi is None
                    else _ours(vi["boundaries"][e["path"]]),
                ]
                for e in entries
            ],
        )
    src = sources(directory)
    out += ["", "(data-sources-and-licences)=", _w("sources_heading", lang), ""]
    kinds = {} if vi is None else vi["source_kinds"]
    licences = {} if vi is None else vi["licences"]
    out += _table(
        _header("sources_header", SOURCES_COLUMNS, lang),
        [
            [
                _code(s.source_id),
                _md(kinds.get(s.kind, s.kind)),
                # The publisher as the edition's references name it ('Tổng cục Thống kê (GSO)').
                _md(outlet_name(_unknown(s.outlet, lang), lang)),
                _md(_source_title(s, lang)),
                _md(_unknown(s.date, lang)),
                _md(licences.get(s.licence, s.licence)) or _w("not_stated", lang),
                _code(s.retrieved_from)
                if vi is not None and isinstance(s.retrieved_from, str) and s.retrieved_from
                else _md(s.retrieved_from),  # none (NaN): an empty cell
            ]
            for s in src.itertuples(index=False)
        ],
    )
    return "\n".join(out) + "\n"
