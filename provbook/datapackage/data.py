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
from provbook.text import join_names, md_escape

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


def _constraints(field: dict[str, Any]) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of " + ", ".join(_code(v) for v in c["enum"]))
    if "pattern" in c:
        parts.append("pattern " + _code(c["pattern"]))
    if "minimum" in c:
        parts.append(f"minimum {c['minimum']}")
    if "maximum" in c:
        parts.append(f"maximum {c['maximum']}")
    if field.get(schema.OPTIONAL_COLUMN_KEY):
        parts.append("optional column (older files may leave it out)")
    if schema.is_url_column(field["name"]):
        parts.append("http(s) address only")
    return "; ".join(parts)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


#: The population series as revised after the 2019 census, and GSO's 2018 release of it.
POPULATION_REVISED, POPULATION_RELEASE_2018 = "population", "population_release_2018"


def population_revision_paragraph(
    statistics: pd.DataFrame, names: dict[str, str] | None = None
) -> list[str]:
    """Appendix lines on the two population series and the size of the revision, computed from
    the statistics (empty when either series is missing): a reader comparing our per-person
    figures with older reports needs to know which series we use and how far apart they are."""
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
        "### Two population series",
        "",
        f"`{POPULATION_REVISED}` is GSO's population series as revised after the 2019 census; "
        f"`{POPULATION_RELEASE_2018}` is the same table as GSO's PX-Web database gave it in 2018, "
        f"before the revision ({span}). The book uses the revised series; the "
        "2018 release is kept only to show the size of the revision. In "
        f"{year} the revised figure differs from the 2018 release by "
        f"{pct.min():+.1f}% ({_md(lowest)}) to {pct.max():+.1f}% ({_md(highest)}) across "
        f"{len(pct)} provinces, by {pct.abs().median():.1f}% in the median province.",
    ]


#: GSO's FDI capital indicators: a registered capital below zero is odd but published so.
NEGATIVE_AS_PUBLISHED = ("fdi_new_capital", "fdi_stock_capital")


def negative_capital_paragraph(
    statistics: pd.DataFrame, names: dict[str, str] | None = None
) -> list[str]:
    """Appendix lines naming each negative GSO FDI capital figure, computed from the statistics
    (empty when there is none): kept as published, and a reader must know they are not ours."""
    rows = statistics[
        statistics["indicator"].isin(NEGATIVE_AS_PUBLISHED)
        & (statistics["province_id"] != "vietnam")
        & (pd.to_numeric(statistics["value"], errors="coerce") < 0)
    ]
    if rows.empty:
        return []
    names = names or {}
    parts = []
    for (indicator, year), group in rows.groupby(["indicator", "year"], sort=True):
        listed = [
            f"{_md(names.get(r.province_id, r.province_id))} ({float(r.value):.1f}".replace(
                "-", "−"
            )
            + f" {r.unit})"
            for r in group.sort_values("province_id").itertuples(index=False)
        ]
        who = ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0]
        parts.append(f"`{indicator}` in {int(year)}: {who}")
    return [
        "",
        "### Negative FDI capital, as published",
        "",
        "GSO's tables of foreign direct investment give a negative registered capital for "
        + "; ".join(parts)
        + ". The figures are kept as GSO published them: the export does not explain them (the "
        "column's footnote text is not part of it), and the book does not correct them.",
    ]


#: The rules of indicators.csv (column ``aggregation``) in words: how the book computes a figure
#: for a province formed on 2025-07-01 from the provinces it was formed from.
AGGREGATION_RULES = {
    "sum": "sum of the parts",
    "population_weighted": "parts weighted by population",
    "ratio_of_totals": "ratio of the parts' totals",
    "none": "not combined: shown part by part",
}


def _aggregation_section(directory: Path) -> list[str]:
    """The rule of every indicator, so a reader of a 2025 chapter can check each figure."""
    table = indicators(directory)
    if "aggregation" not in table.columns:
        return []
    out = ["", "(data-aggregation-rules)=", "## Figures for the provinces formed in 2025", ""]
    out += [
        "For years before the merger of 2025-07-01 the book computes a new province's figure "
        "from the provinces it was formed from, by the rule of each indicator (column "
        "`aggregation` of `indicators.csv`). A year counts only when every part has a figure; "
        "indices, scores and growth rates are never combined.",
        "",
    ]
    out += _table(
        ["Indicator", "Unit", "Rule"],
        [
            [
                _md(r.label),
                _md(r.unit),
                AGGREGATION_RULES.get(str(r.aggregation), _md(r.aggregation)),
            ]
            for r in table.itertuples(index=False)
        ],
    )
    return out


def plans_coverage_paragraph(units: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """Which of the 34 provinces have a congress target in the table and which do not: the
    appendix names the provinces with no published target found, as their chapters do."""
    covered = set(plans["unit_2025_id"])
    missing_units = units[~units["unit_2025_id"].isin(covered)]
    found = len(units) - len(missing_units)
    line = f"- Coverage: targets found for {found} of the {len(units)} provinces"
    if len(missing_units):
        names = join_names([_md(n) for n in missing_units["name_short"]])
        line += f"; no published target found for {names}"
    return [line + "."]


def describe_package(
    data_dir: str | os.PathLike[str] | None = None,
    title: str = "Data appendix",
    download: str | os.PathLike[str] | None = None,
) -> str:
    """MyST Markdown for the book's data appendix: every table, its fields, sources, licences.

    Generated from the descriptor and the files so the appendix cannot drift from the data.
    ``download``, a zip of the package beside the appendix (provbook.publish.package_zip), is linked
    for download with its size.
    """
    directory = resolve_data_dir(data_dir)
    pkg = _package(directory).raw
    out = [f"# {_md(title)}", "", _md(pkg.get("title", "")), "", _md(pkg.get("description", ""))]
    for lic in pkg.get("licenses", []):
        out += ["", f"Licence: {_md(lic.get('name', ''))} ({_md(lic.get('title', ''))})."]
    out += [
        "",
        f"The tables below are described in `{DESCRIPTOR}` (a Frictionless tabular data package) "
        "and checked by `provbook validate`.",
    ]
    if download is not None:
        size = Path(download).stat().st_size / 1e6
        out += [
            "",
            "The whole data package, every table and boundary file with its descriptor "
            f"`datapackage.json`, is one download: {{download}}`{Path(download).name} "
            f"<{Path(download).name}>` ({size:.1f} MB, unpacks to a `data/` folder).",
        ]
    for res in pkg["resources"]:
        schema = res["schema"]
        rows = len(load(res["name"], directory))
        label = f"data-table-{res['name'].replace('_', '-')}"
        out += ["", f"({label})=", f"## {_md(res.get('title', ''))}"]
        out += ["", _md(res.get("description", "")), ""]
        count = f"{rows} row" + ("" if rows == 1 else "s")
        out += [f"Table `{res['name']}`, file `data/{res['path']}`, {count}.", ""]
        out += _table(
            ["Field", "Type", "Description", "Constraints"],
            [
                [_code(f["name"]), f["type"], _md(f.get("description", "")), _constraints(f)]
                for f in schema["fields"]
            ],
        )
        keys = ", ".join(_code(k) for k in _as_list(schema.get("primaryKey", [])))
        out += ["", f"- Primary key: {keys or 'none'}."]
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            src = ", ".join(_code(k) for k in _as_list(fk["fields"]))
            dst = ", ".join(_code(f"{ref['resource']}.{k}") for k in _as_list(ref["fields"]))
            out.append(f"- Foreign key: {src} refers to {dst}.")
        for source in res.get("sources", []):
            out.append(f"- Source: {_md(source.get('title', ''))}.")
        if res["name"] == "statistics":
            names = provinces(directory).set_index("province_id")["name_vi"].to_dict()
            statistics = load("statistics", directory)
            out += population_revision_paragraph(statistics, names)
            out += negative_capital_paragraph(statistics, names)
        if res["name"] == "plans_2030":
            out += plans_coverage_paragraph(units_2025(directory), load("plans_2030", directory))
    out += _aggregation_section(directory)
    entries = boundary_entries(directory)
    if entries:
        out += ["", "(data-boundaries)=", "## Boundaries", ""]
        out += _table(
            ["File", "Features", "Description"],
            [
                [
                    _code(f"data/{e['path']}"),
                    str(len(boundaries(e["name"], directory).get("features", []))),
                    _md(e.get("description", "")),
                ]
                for e in entries
            ],
        )
    src = sources(directory)
    out += ["", "(data-sources-and-licences)=", "## Sources and licences", ""]
    out += _table(
        ["Source", "Kind", "Publisher", "Title", "Date", "Licence", "Retrieved from"],
        [
            [
                _code(s.source_id),
                _md(s.kind),
                _md(s.outlet),
                _md(s.title_en if isinstance(s.title_en, str) else s.title),
                _md(s.date),
                _md(s.licence) or "not stated",
                _md(s.retrieved_from),
            ]
            for s in src.itertuples(index=False)
        ],
    )
    return "\n".join(out) + "\n"
