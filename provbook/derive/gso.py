"""Read GSO PX-Web CSV exports into rows of statistics.csv, and the ``ingest-gso`` command.

A PX-Web export (English) looks like::

    <BOM>"Index of Industrial production by province by Cities, provincies and Year"
    <blank line>
    "Cities, provincies";"2012";"2013";...
    " WHOLE COUNTRY";105.8;105.9;...
    "Red River Delta";..;..;...
    "Ha Noi";105.0;104.5;...

Columns may combine a year and an item ("2011 Area (Km2)", "Total Prel. 2016"), or carry only
items when the year is in the title ("Number of projects"). Extra row dimensions (a second text
column) are allowed when the caller picks one value of each. ``..`` is missing. Region rows are
dropped, the national row becomes ``vietnam``, and a province name we cannot match is an error:
nothing is dropped without being reported.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from provbook.datapackage.names import NameMatcher, load_matcher

#: Columns of statistics.csv, in contract order.
STAT_COLUMNS = ["province_id", "indicator", "year", "value", "unit", "source_id", "status"]
#: Publication status of a figure: final, preliminary (to be revised) or estimate (not yet
#: measured). Charts and text mark the last two.
STATUSES = ("official", "preliminary", "estimate")
#: Primary key of statistics.csv.
STAT_KEY = ("province_id", "indicator", "year")
#: Values PX-Web writes for "no figure".
MISSING = {"..", "...", ""}

_YEAR = re.compile(r"(?<!\d)(?:(Prel?\.)\s*)?((?:19|20)\d{2})(?!\d)(\s*\(\*\))?")
_ID = re.compile(r"^[a-z0-9_]+$")
_SOURCE_ID = re.compile(r"^[a-z0-9_-]+$")


class PxWebError(ValueError):
    """Bad input, with the place it was found (file, line, column)."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, column=None):
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


@dataclass
class Column:
    """One value column of the export: its header label split into year and item."""

    index: int
    label: str
    year: int | None
    item: str
    preliminary: bool = False


@dataclass
class Dropped:
    """A row left out on purpose (region, former province...), kept for the report."""

    line: int
    name: str
    reason: str


@dataclass
class PxWebTable:
    """A parsed export before it is turned into statistics rows."""

    path: Path
    title: str
    header: list[str]
    dims: list[int]
    columns: list[Column]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def parse_column(index: int, label: str) -> Column:
    """Split a header label such as "2011 Area (Km2)" or "Total Prel. 2016" into year and item."""
    clean = " ".join(label.split())
    found = list(_YEAR.finditer(clean))
    if len(found) > 1:
        raise ValueError(f"header {label!r} names more than one year")
    if not found:
        return Column(index, label, None, clean)
    match = found[0]
    item = " ".join((clean[: match.start()] + " " + clean[match.end() :]).split())
    return Column(index, label, int(match.group(2)), item, preliminary=bool(match.group(1)))


def _is_number(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return math.isfinite(value)


def read_table(path: Path | str) -> PxWebTable:
    """Parse the file structure (title, blank line, header, rows) without interpreting names."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PxWebError(path, f"cannot read file ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PxWebError(path, f"not UTF-8 text (byte {exc.start}); PX-Web CSV is UTF-8") from exc
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    if len(lines) < 4:
        raise PxWebError(path, "too short: expected a title line, a blank line, a header, rows")
    title = lines[0]
    if len(title) != 1 or not title[0].strip():
        raise PxWebError(path, "first line must be the table title (one quoted text)", line=1)
    if any(cell.strip() for cell in lines[1]):
        raise PxWebError(path, "second line must be blank (PX-Web: title, blank, header)", line=2)
    header = [cell.strip() for cell in lines[2]]
    if len(header) < 2:
        raise PxWebError(
            path, "header has fewer than two columns; is the separator ';'?", line=3, column=1
        )
    body = [(number, cells) for number, cells in enumerate(lines[3:], start=4) if any(cells)]
    for number, cells in body:
        if len(cells) != len(header):
            raise PxWebError(
                path,
                f"{len(cells)} fields but the header has {len(header)} (separator is ';')",
                line=number,
            )
    # Row dimensions: leading text columns whose cells are never numbers nor "..".
    dims = []
    for col in range(1, len(header)):
        cells = [cells[col].strip() for _, cells in body]
        if cells and all(c and c not in MISSING and not _is_number(c) for c in cells):
            dims.append(col)
        else:
            break
    columns = []
    for col in range(1 + len(dims), len(header)):
        try:
            columns.append(parse_column(col + 1, header[col]))
        except ValueError as exc:
            raise PxWebError(path, str(exc), line=3, column=col + 1) from exc
    return PxWebTable(path, title[0].strip(), header, dims, columns, body)


def _select_columns(
    table: PxWebTable, item: str | None, year: int | None
) -> list[tuple[Column, int]]:
    """Pick the value columns for one item and give each its year."""
    items = sorted({c.item for c in table.columns if c.item})
    chosen = table.columns
    if item is not None:
        wanted = " ".join(item.split()).lower()
        chosen = [c for c in table.columns if c.item.lower() == wanted]
        if not chosen:
            chosen = [c for c in table.columns if wanted in c.item.lower()]
        if not chosen:
            raise PxWebError(
                table.path,
                f"no column item matches {item!r}; items are: {', '.join(items) or '(none)'}",
                line=3,
            )
        if len({c.item for c in chosen}) > 1:
            raise PxWebError(
                table.path,
                f"item {item!r} matches several: {', '.join(sorted({c.item for c in chosen}))}",
                line=3,
            )
    elif len(items) > 1:
        raise PxWebError(
            table.path,
            f"the table has several items; choose one with item=/--item: {', '.join(items)}",
            line=3,
        )
    out = []
    for col in chosen:
        col_year = col.year if col.year is not None else year
        if col_year is None:
            raise PxWebError(
                table.path,
                f"column {col.label!r} has no year; give the year with year=/--year",
                line=3,
                column=col.index,
            )
        if col.year is not None and year is not None and col.year != year:
            continue
        out.append((col, col_year))
    if not out:
        raise PxWebError(table.path, f"no column for year {year}", line=3)
    years = [y for _, y in out]
    if len(set(years)) != len(years):
        raise PxWebError(table.path, "two selected columns have the same year", line=3)
    return out


def read_pxweb(
    path: Path | str,
    indicator: str,
    unit: str,
    source_id: str,
    *,
    matcher: NameMatcher | None = None,
    item: str | None = None,
    year: int | None = None,
    where: Mapping[str, str] | None = None,
    keep_national: bool = True,
) -> pd.DataFrame:
    """Long statistics rows (STAT_COLUMNS) from one PX-Web export.

    ``item`` picks one item when columns carry several ("Number of projects"); ``year`` gives
    the year when the columns carry none (it is in the title), or keeps one year only;
    ``where`` picks a value for each extra row dimension. Rows dropped on purpose are listed
    in ``df.attrs["dropped"]`` (a list of Dropped).
    """
    if not _ID.match(indicator):
        raise ValueError(f"indicator id {indicator!r} must match {_ID.pattern}")
    if not _SOURCE_ID.match(source_id):
        raise ValueError(f"source id {source_id!r} must match {_SOURCE_ID.pattern}")
    if not unit.strip():
        raise ValueError("unit must not be empty")
    matcher = matcher or load_matcher()
    table = read_table(path)
    selected = _select_columns(table, item, year)
    where = dict(where or {})
    dim_filter: dict[int, str] = {}
    for col in table.dims:
        label = table.header[col]
        if label not in where:
            values = sorted({cells[col].strip() for _, cells in table.rows})
            raise PxWebError(
                table.path,
                f"extra row dimension {label!r}: choose a value with where=/--where "
                f"'{label}=VALUE' (values: {', '.join(values)})",
                line=3,
                column=col + 1,
            )
        dim_filter[col] = where.pop(label)
    if where:
        raise PxWebError(
            table.path, f"no row dimension named {', '.join(map(repr, where))}", line=3
        )

    records: list[dict] = []
    dropped: list[Dropped] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        if any(cells[col].strip() != value for col, value in dim_filter.items()):
            continue
        name = cells[0]
        found = matcher.classify(name)
        if found is None:
            raise PxWebError(
                table.path,
                f"unknown province name {name.strip()!r}: not one of the 63 provinces, "
                "the national row or a region (add a spelling to provbook.datapackage.names "
                "if it is a province)",
                line=number,
                column=1,
            )
        if found.kind not in ("province", "national") or (
            found.kind == "national" and not keep_national
        ):
            dropped.append(Dropped(number, name.strip(), found.note or found.kind))
            continue
        ident = found.id
        if ident in seen:
            raise PxWebError(
                table.path,
                f"{name.strip()!r} repeats line {seen[ident]} (both are {ident!r})",
                line=number,
                column=1,
            )
        seen[ident] = number
        for col, col_year in selected:
            cell = cells[col.index - 1].strip()
            if cell in MISSING:
                continue
            if not _is_number(cell):
                raise PxWebError(
                    table.path,
                    f"value {cell!r} is not a number (allowed: a number, or '..' for missing)",
                    line=number,
                    column=f"{col.index} ({col.label!r})",
                )
            records.append(
                {
                    "province_id": ident,
                    "indicator": indicator,
                    "year": col_year,
                    "value": float(cell),
                    "unit": unit,
                    "source_id": source_id,
                    "status": "preliminary" if col.preliminary else "official",
                }
            )
    frame = pd.DataFrame.from_records(records, columns=STAT_COLUMNS)
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame.attrs["dropped"] = dropped
    frame.attrs["title"] = table.title
    frame.attrs["preliminary_years"] = sorted({y for c, y in selected if c.preliminary})
    return frame


# --- writing statistics tables -------------------------------------------------------------


def format_value(value: float) -> str:
    """Shortest text that reads back as the same float; integers without '.0'."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def stat_sort_key(row: Mapping[str, str]) -> tuple:
    """Canonical order of statistics.csv: indicator, then province, then year."""
    return (row["indicator"], row["province_id"], int(row["year"]))


def to_text_rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Statistics rows as text, values formatted with format_value."""
    rows = []
    for rec in frame[STAT_COLUMNS].itertuples(index=False):
        rows.append(
            {
                "province_id": rec.province_id,
                "indicator": rec.indicator,
                "year": str(int(rec.year)),
                "value": format_value(rec.value),
                "unit": rec.unit,
                "source_id": rec.source_id,
                "status": rec.status,
            }
        )
    return rows


def write_csv_atomic(path: Path | str, columns: Sequence[str], rows: Iterable[Mapping]) -> None:
    """Write a CSV next to its target and rename it into place, so a failure leaves no half file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    try:
        with handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row[c] for c in columns})
        # NamedTemporaryFile is private (0600); give the table the usual permissions.
        os.chmod(handle.name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def read_statistics_text(path: Path | str) -> list[dict[str, str]]:
    """Rows of an existing statistics table, as text, after checking its header."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != STAT_COLUMNS:
            raise PxWebError(
                path,
                f"header is {reader.fieldnames}, expected {STAT_COLUMNS} (statistics.csv)",
                line=1,
            )
        return list(reader)


def merge_statistics(
    existing: list[dict[str, str]], new: list[dict[str, str]], target: Path | str
) -> list[dict[str, str]]:
    """Existing plus new rows in canonical order; a key already present is an error."""
    keys = {tuple(row[k] for k in STAT_KEY): n for n, row in enumerate(existing, start=2)}
    clashes = [
        (row, keys[tuple(row[k] for k in STAT_KEY)])
        for row in new
        if tuple(row[k] for k in STAT_KEY) in keys
    ]
    if clashes:
        shown = "; ".join(
            f"({r['province_id']}, {r['indicator']}, {r['year']}) already on line {line}"
            for r, line in clashes[:5]
        )
        more = f" and {len(clashes) - 5} more" if len(clashes) > 5 else ""
        raise PxWebError(
            target,
            f"{len(clashes)} row(s) would duplicate the key (province_id, indicator, year): "
            f"{shown}{more}. Nothing was written; remove the old rows first to replace them.",
        )
    return sorted([*existing, *new], key=stat_sort_key)


def _check_references(target: Path, indicator: str, unit: str, source_id: str) -> None:
    """When appending to data/statistics.csv, the indicator and source must exist beside it."""
    indicators = target.parent / "indicators.csv"
    if indicators.exists():
        with indicators.open(encoding="utf-8", newline="") as handle:
            units = {row["indicator"]: row["unit"] for row in csv.DictReader(handle)}
        if indicator not in units:
            raise PxWebError(
                indicators,
                f"indicator {indicator!r} is not defined; add its row (label, unit, description, "
                "source) before appending statistics",
            )
        if units[indicator] != unit:
            raise PxWebError(
                indicators,
                f"indicator {indicator!r} has unit {units[indicator]!r}, but --unit is {unit!r}",
            )
    sources = target.parent / "sources.csv"
    if sources.exists():
        with sources.open(encoding="utf-8", newline="") as handle:
            known = {row["source_id"] for row in csv.DictReader(handle)}
        if source_id not in known:
            raise PxWebError(sources, f"source {source_id!r} is not in sources.csv")


def _group_dropped(dropped: list[Dropped]) -> dict[str, list[Dropped]]:
    groups: dict[str, list[Dropped]] = {}
    for drop in dropped:
        groups.setdefault(drop.reason, []).append(drop)
    return groups


def _parse_where(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        label, sep, chosen = value.partition("=")
        if not sep:
            raise ValueError(f"--where {value!r}: expected LABEL=VALUE")
        out[label.strip()] = chosen.strip()
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provbook ingest-gso",
        description="Convert GSO PX-Web CSV exports into rows of statistics.csv.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="PX-Web CSV export(s)")
    parser.add_argument("--indicator", required=True, help="indicator id, e.g. iip_index")
    parser.add_argument("--unit", required=True, help="unit, as in indicators.csv")
    parser.add_argument("--source", required=True, help="source id from sources.csv")
    parser.add_argument("--item", help="column item to keep when the table has several")
    parser.add_argument("--year", type=int, help="year when the columns carry none")
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="LABEL=VALUE",
        help="value of an extra row dimension (repeatable)",
    )
    parser.add_argument("--provinces", help="provinces.csv to match names (default: data/)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--out", help="write the rows to this CSV instead of stdout")
    out.add_argument("--append-to", help="merge the rows into this statistics table")
    return parser


def ingest_main(argv: list[str]) -> int:
    """CLI ``provbook ingest-gso``: 0 on success, 2 on bad input (message on stderr)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        where = _parse_where(args.where)
        matcher = load_matcher(args.provinces)
        new_rows: list[dict[str, str]] = []
        origin: dict[tuple, str] = {}
        for path in args.paths:
            frame = read_pxweb(
                path,
                args.indicator,
                args.unit,
                args.source,
                matcher=matcher,
                item=args.item,
                year=args.year,
                where=where,
            )
            for reason, drops in _group_dropped(frame.attrs["dropped"]).items():
                listed = ", ".join(f"{d.name!r} (line {d.line})" for d in drops)
                print(f"note: {path}: left out {reason}: {listed}", file=sys.stderr)
            for row in to_text_rows(frame):
                key = tuple(row[k] for k in STAT_KEY)
                if key in origin:
                    raise PxWebError(path, f"row {key} is also in {origin[key]}")
                origin[key] = path
                new_rows.append(row)
        new_rows.sort(key=stat_sort_key)
        if args.append_to:
            target = Path(args.append_to)
            _check_references(target, args.indicator, args.unit, args.source)
            existing = read_statistics_text(target) if target.exists() else []
            merged = merge_statistics(existing, new_rows, target)
            write_csv_atomic(target, STAT_COLUMNS, merged)
            print(f"{target}: added {len(new_rows)} row(s), {len(merged)} in all", file=sys.stderr)
        elif args.out:
            write_csv_atomic(args.out, STAT_COLUMNS, new_rows)
            print(f"{args.out}: wrote {len(new_rows)} row(s)", file=sys.stderr)
        else:
            writer = csv.DictWriter(sys.stdout, fieldnames=STAT_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(new_rows)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(ingest_main(sys.argv[1:]))
