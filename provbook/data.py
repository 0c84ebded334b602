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
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

import provbook

#: Environment variable that points every loader at another data folder (used by the pipeline).
DATA_ENV = "PROVBOOK_DATA"
DESCRIPTOR = "datapackage.json"

# Shared with provbook.validate so that loading and validating accept exactly the same text.
INTEGER_RE = re.compile(r"[+-]?[0-9]+")
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SUPPORTED_TYPES = ("string", "integer", "number", "date")


class DataError(Exception):
    """The data package is missing, unreadable or does not match datapackage.json."""


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the argument, else $PROVBOOK_DATA, else the checkout's data/."""
    if data_dir is None:
        data_dir = os.environ.get(DATA_ENV) or provbook.ROOT / "data"
    return Path(data_dir).expanduser().resolve()


def _stat_key(path: Path) -> tuple[str, int, int]:
    """Cache key that changes whenever the file is rewritten."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path} is missing") from None
    return str(path), st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=8)
def _package_cached(path: str, _mtime_ns: int, _size: int) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path} is not a valid UTF-8 JSON descriptor: {exc}") from None


def _package(directory: Path) -> dict[str, Any]:
    return _package_cached(*_stat_key(directory / DESCRIPTOR))


def package(data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The datapackage.json descriptor (a copy, so callers may change it freely)."""
    return copy.deepcopy(_package(resolve_data_dir(data_dir)))


def table_names(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Resource names in descriptor order."""
    return [r["name"] for r in _package(resolve_data_dir(data_dir))["resources"]]


def _resource(pkg: dict[str, Any], name: str) -> dict[str, Any]:
    for res in pkg["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in pkg["resources"])
    raise ValueError(f"unknown table {name!r}; the data package has: {known}")


def _typed_frame(path: Path, schema: dict[str, Any]) -> pd.DataFrame:
    """Read every cell as text, then convert column by column; raise ValueError on any mismatch."""
    fields = schema["fields"]
    frame = pd.read_csv(
        path,
        dtype=str,
        keep_default_na=False,
        na_values=schema.get("missingValues", [""]),
        encoding="utf-8",
    )
    names = [f["name"] for f in fields]
    if list(frame.columns) != names:
        raise ValueError("header does not match the schema")
    for field in fields:
        column = frame[field["name"]]
        present = column.dropna()
        kind = field["type"]
        if kind == "integer":
            if not present.str.fullmatch(INTEGER_RE.pattern).all():
                raise ValueError(f"column {field['name']!r} is not all integers")
            frame[field["name"]] = column.astype("Int64")
        elif kind == "number":
            if not present.str.fullmatch(NUMBER_RE.pattern).all():
                raise ValueError(f"column {field['name']!r} is not all numbers")
            frame[field["name"]] = column.astype("float64")
        elif kind == "date":
            if not present.str.fullmatch(DATE_RE.pattern).all():
                raise ValueError(f"column {field['name']!r} is not all dates")
            frame[field["name"]] = pd.to_datetime(column, format="%Y-%m-%d", errors="raise")
    return frame


@functools.lru_cache(maxsize=64)
def _load_cached(
    csv_key: tuple[str, int, int], pkg_key: tuple[str, int, int], name: str
) -> pd.DataFrame:
    res = _resource(_package_cached(*pkg_key), name)
    try:
        return _typed_frame(Path(csv_key[0]), res["schema"])
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        # The fast path failed: let the validator say exactly where and why.
        from provbook.validate import validate_resource

        problems = validate_resource(Path(pkg_key[0]).parent, name)
        detail = "\n".join(str(p) for p in problems) or f"{csv_key[0]}: {exc}"
        raise DataError(
            f"cannot load table {name!r}:\n{detail}\nRun `provbook validate` for a full report."
        ) from None


def load(name: str, data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One table of the package, typed per its schema (integer→Int64, number→float64,
    date→datetime64, string→str; an empty cell is missing). Raises DataError on bad files."""
    directory = resolve_data_dir(data_dir)
    pkg_key = _stat_key(directory / DESCRIPTOR)
    res = _resource(_package_cached(*pkg_key), name)
    path = directory / res["path"]
    if not path.exists():
        raise DataError(f"{path} is missing (table {name!r} of {directory / DESCRIPTOR})")
    # A copy: the cached frame must survive callers that add or change columns.
    return _load_cached(_stat_key(path), pkg_key, name).copy()


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


def known_province_ids(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Sorted pre-2025 province ids from provinces.csv."""
    return sorted(provinces(data_dir)["province_id"].dropna())


def check_province(pid: str, data_dir: str | os.PathLike[str] | None = None) -> str:
    """Return pid if provinces.csv knows it; else ValueError naming the known ids."""
    known = known_province_ids(data_dir)
    if pid in known:
        return pid
    close = difflib.get_close_matches(str(pid), known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"unknown province id {pid!r}{hint}; known ids: {', '.join(known)}")


def boundary_entries(data_dir: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The descriptor's boundary files, each with its 'name' (file stem) added."""
    entries = _package(resolve_data_dir(data_dir)).get("boundaries", [])
    return [{**entry, "name": Path(entry["path"]).name.split(".")[0]} for entry in entries]


@functools.lru_cache(maxsize=4)
def _read_bytes(path: str, _mtime_ns: int, _size: int) -> bytes:
    return Path(path).read_bytes()


def boundaries(which: str, data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Parsed GeoJSON of one boundary file: 'provinces_63' or 'units_34' (stem or path).

    Parsed afresh on each call (from cached bytes) so callers can annotate features freely.
    """
    directory = resolve_data_dir(data_dir)
    entries = boundary_entries(directory)
    match = [e for e in entries if which in (e["name"], e["path"])]
    if not match:
        known = ", ".join(e["name"] for e in entries)
        raise ValueError(f"unknown boundary file {which!r}; known: {known}")
    path = directory / match[0]["path"]
    if not path.exists():
        raise DataError(f"{path} is missing (listed under 'boundaries' in {DESCRIPTOR})")
    try:
        return json.loads(_read_bytes(*_stat_key(path)).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path} is not valid UTF-8 GeoJSON: {exc}") from None


# --- Markdown data appendix -------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|$])")


def _md(text: Any) -> str:
    """Plain text safe inside a Markdown table cell (MyST): no markup, no raw HTML, no math."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


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
    return "; ".join(parts)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


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


def describe_package(
    data_dir: str | os.PathLike[str] | None = None, title: str = "Data appendix"
) -> str:
    """MyST Markdown for the book's data appendix: every table, its fields, sources, licences.

    Generated from the descriptor and the files so the appendix cannot drift from the data.
    """
    directory = resolve_data_dir(data_dir)
    pkg = _package(directory)
    out = [f"# {_md(title)}", "", _md(pkg.get("title", "")), "", _md(pkg.get("description", ""))]
    for lic in pkg.get("licenses", []):
        out += ["", f"Licence: {_md(lic.get('name', ''))} ({_md(lic.get('title', ''))})."]
    out += [
        "",
        f"The tables below are described in `{DESCRIPTOR}` (a Frictionless tabular data package) "
        "and checked by `provbook validate`.",
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
