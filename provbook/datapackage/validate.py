"""``provbook validate``: check data/ against datapackage.json and the project's own rules.

Every problem names the file, the CSV line (header = line 1), the column, what is wrong and what is
allowed, so that whoever edits a table can fix it without reading code. The checks follow the
Frictionless table schema (types, required, unique, enum, pattern, minimum/maximum, primary and
foreign keys) plus rules the schema cannot express (low <= high, shares within 0-100, statistics
units agreeing with indicators.csv, boundary files whose features carry known ids, finite numbers,
no control characters nor characters that change how text displays (U+202E, U+2028, zero-width
spaces), text in composed Unicode (NFC) so that a name has one spelling, cells within the csv
module's field limit, rows where a table needs them, http(s) addresses only, one park named by
several sources linked without chains, qualifiers only beside a number). The descriptor itself
is read by provbook.datapackage.schema, which reports a malformed one by key instead of failing.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import difflib
import io
import json
import math
import os
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provbook.datapackage import schema
from provbook.datapackage.names import VIETNAMESE_LETTER, is_vietnamese
from provbook.datapackage.schema import (
    CELL_LIMIT,
    DATE_RE,
    HIDDEN_RE,
    INTEGER_RE,
    NUMBER_RE,
    DataError,
    Problem,
    resolve_data_dir,
)
from provbook.datapackage.schema import as_list as _as_list
from provbook.datapackage.schema import display as _display
from provbook.text import plural

__all__ = [
    "DataError",
    "Problem",
    "describe",
    "ensure_valid",
    "main",
    "validate",
    "validate_resource",
]

#: Target kinds whose low/high are percentages of a whole.
SHARE_KINDS = ("share_of_grdp", "share")
#: statistics.csv may carry national figures under this id besides the province ids.
NATIONAL_ID = "vietnam"
#: Columns holding web addresses: http(s) only (or 'unknown'), so no link can run a script.
URL_SCHEMES = ("http://", "https://")
_CONTROL_NAMES = {"\t": "tab", "\n": "line break", "\r": "carriage return", "\x00": "NUL byte"}
_BAD = object()  # a cell that failed its own checks: cross-table rules skip it


@dataclass
class _Row:
    line: int
    raw: dict[str, str]
    values: dict[str, Any]  # parsed value, None when missing, _BAD when invalid


@dataclass
class _Table:
    name: str
    file: str
    schema: dict[str, Any]
    columns: list[str]
    rows: list[_Row] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        return all(n in self.columns for n in names)


def _escape(char: str) -> str:
    """A character as Python writes it escaped: \\x09, \\u202e, \\U000e0001."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _q(raw: Any) -> str:
    """A value quoted for a message: cut short, control and formatting characters shown as
    escapes (so that no message is itself reversed or broken by what it reports)."""
    text = HIDDEN_RE.sub(lambda m: _escape(m.group()), str(raw))
    return "'" + (text if len(text) <= 60 else text[:57] + "...") + "'"


def _parse(kind: str, text: str) -> Any:
    """Typed value of a non-missing cell; ValueError says why the text is not of that type."""
    if kind == "integer":
        if not INTEGER_RE.fullmatch(text):
            raise ValueError("is not an integer" + _number_hint(text))
        return int(text)
    if kind == "number":
        if not NUMBER_RE.fullmatch(text):
            raise ValueError("is not a number" + _number_hint(text))
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(
                "is too large to be a finite number; write a finite decimal number "
                "(infinity and NaN are not allowed)"
            )
        return value
    if kind == "date":
        if not DATE_RE.fullmatch(text):
            raise ValueError("is not a date in the form YYYY-MM-DD")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError("is not a real calendar date (YYYY-MM-DD)") from None
    return text


def _number_hint(text: str) -> str:
    if text.strip().lower().lstrip("+-") in {"nan", "inf", "infinity"}:
        return " (NaN and infinity are not allowed; leave the cell empty when unknown)"
    if "," in text:
        return " (write numbers without thousands separators and with '.' as the decimal mark)"
    return ""


def _check_cell(
    f: dict[str, Any], raw: str, missing: list[str], in_key: bool
) -> tuple[Any, list[tuple[str, str]]]:
    """Parsed value and (rule, message) pairs for one cell."""
    c = f.get("constraints", {})
    if raw in missing:
        if c.get("required"):
            return None, [("required", "value is missing but the field is required")]
        if in_key:
            return None, [("primary key", "value is missing but the field is part of the key")]
        return None, []
    hidden = HIDDEN_RE.search(raw)
    if hidden:
        return _BAD, [_hidden_problem(raw, hidden.group())]
    if not unicodedata.is_normalized("NFC", raw):
        message = (
            f"value {_q(raw)} is in decomposed Unicode (letters and their accents stored "
            "apart, as some Mac tools save text): it would be published as a second spelling of "
            "the same name; save the file in composed form (NFC)"
        )
        return _BAD, [("NFC", message)]
    if len(raw) > CELL_LIMIT:
        message = (
            f"value {_q(raw)} is {len(raw):,} characters long; a cell holds at most "
            f"{CELL_LIMIT:,} (a note is a short text: cite the source for the rest)"
        )
        return _BAD, [("cell size", message)]
    if raw != raw.strip():
        return _BAD, [("whitespace", f"value {_q(raw)} has leading or trailing spaces")]
    kind = f.get("type", "string")
    try:
        value = _parse(kind, raw)
    except ValueError as exc:
        return _BAD, [(f"type {kind}", f"value {_q(raw)} {exc}")]
    found = []
    if "enum" in c and value not in {_parse(kind, str(v)) for v in c["enum"]}:
        allowed = ", ".join(str(v) for v in c["enum"])
        found.append(("enum", f"value {_q(raw)} is not one of the allowed values: {allowed}"))
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        found.append(("pattern", f"value {_q(raw)} does not match the pattern {c['pattern']}"))
    if "minimum" in c and value < _parse(kind, str(c["minimum"])):
        found.append(("minimum", f"value {_q(raw)} is below the minimum {c['minimum']}"))
    if "maximum" in c and value > _parse(kind, str(c["maximum"])):
        found.append(("maximum", f"value {_q(raw)} is above the maximum {c['maximum']}"))
    if "minLength" in c and len(raw) < c["minLength"]:
        found.append(("minLength", f"value {_q(raw)} is shorter than {c['minLength']} characters"))
    if "maxLength" in c and len(raw) > c["maxLength"]:
        found.append(("maxLength", f"value {_q(raw)} is longer than {c['maxLength']} characters"))
    return (_BAD if found else value), found


def _hidden_problem(raw: str, char: str) -> tuple[str, str]:
    """(rule, message) for a cell holding a control or display-changing character."""
    if unicodedata.category(char) == "Cc":
        name = _CONTROL_NAMES.get(char, "control character")
        message = (
            f"value {_q(raw)} contains a {name} (U+{ord(char):04X}); cells must be one line of "
            "text without control characters"
        )
        return "control character", message
    name = unicodedata.name(char, "formatting character").lower()
    message = (
        f"value {_q(raw)} contains a {name} (U+{ord(char):04X}), an invisible character that "
        "changes how the text around it displays; delete it (cells hold plain text only)"
    )
    return "formatting character", message


def _read_text(path: Path, file: str, encoding: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be read as the declared encoding."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, None, None, "readable", f"cannot be read: {exc.strerror}")]
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                file,
                1,
                None,
                f"encoding {encoding}",
                "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
            )
        )
        data = data[3:]
    try:
        return data.decode(encoding), problems
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        problems.append(
            Problem(
                file,
                line,
                None,
                f"encoding {encoding}",
                f"file is not valid {encoding.upper()}: byte 0x{byte:02x} cannot be decoded "
                "(the file was probably saved as Latin-1 or Windows-125x); "
                f"save it as {encoding.upper()}",
            )
        )
        return None, problems


@contextlib.contextmanager
def _any_field_size():
    """Let the csv module read cells of any length for a while (its limit is process-wide)."""
    saved = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(saved)


def _check_header(
    header: list[str], expected: list[str], file: str, optional: set[str] = frozenset()
) -> list[Problem]:
    if header == expected or header == [n for n in expected if n in header or n not in optional]:
        return []
    parts = []
    missing = [n for n in expected if n not in header and n not in optional]
    unexpected = [n for n in header if n not in expected]
    doubled = sorted({n for n in header if header.count(n) > 1})
    if missing:
        parts.append("missing column(s) " + ", ".join(_q(n) for n in missing))
    if unexpected:
        parts.append("unexpected column(s) " + ", ".join(_q(n) for n in unexpected))
    if doubled:
        parts.append("repeated column(s) " + ", ".join(_q(n) for n in doubled))
    if not parts:
        parts.append("columns are in the wrong order")
    message = "header does not match the schema: " + "; ".join(parts)
    return [Problem(file, 1, None, "header", f"{message} (expected: {', '.join(expected)})")]


def _check_file(res: schema.Resource) -> tuple[list[Problem], _Table | None]:
    """Checks that need only this file: encoding, header, cells, unique, primary key."""
    path = res.file
    file = _display(path)
    fields = res.fields
    problems: list[Problem] = []
    if not path.is_file():
        message = f"file is missing (datapackage.json resource {res.name!r} expects it)"
        return problems + [Problem(file, None, None, "file present", message)], None
    text, found = _read_text(path, file, res.encoding)
    problems += found
    if text is None:
        return problems, None
    records = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        with _any_field_size():  # an over-long cell is reported with its column, below
            for record in records:
                lines.append((previous + 1, record))
                previous = records.line_num
    except csv.Error as exc:
        problems.append(Problem(file, previous + 1, None, "csv syntax", f"malformed CSV: {exc}"))
        return problems, None
    if not lines or not lines[0][1]:
        return problems + [Problem(file, 1, None, "header", "file is empty: no header row")], None
    header = lines[0][1]
    expected = [f["name"] for f in fields]
    problems += _check_header(header, expected, file, res.optional_columns)
    table = _Table(res.name, file, res.schema, [n for n in expected if n in header])
    by_name = {f["name"]: f for f in fields}
    missing = list(res.missing_values)
    key = list(res.primary_key)
    seen: dict[str, dict[Any, int]] = {n: {} for n in table.columns}
    # A cell's check depends on its column and text alone, and columns repeat their values
    # (statistics.csv: 130,000 cells, 8,000 distinct): each is checked once per file and
    # column, its outcome kept in the column's dict.
    columns = [
        (n, by_name[n], n in key, by_name[n].get("constraints", {}).get("unique"), {})
        for n in table.columns
    ]
    for line, record in lines[1:]:
        if not record:
            problems.append(Problem(file, line, None, "blank row", "row is empty; delete it"))
            continue
        if len(record) < len(header) and set(header[len(record) :]) <= res.optional_columns:
            record = record + [""] * (len(header) - len(record))  # trailing optional cells left out
        if len(record) != len(header):
            message = f"row has {len(record)} values but the header has {len(header)}"
            problems.append(Problem(file, line, None, "row length", message))
            continue
        raw = dict(zip(header, record, strict=True))
        row = _Row(line, raw, {})
        values = row.values
        for name, f, in_key, unique, checked in columns:
            cell = raw[name]
            outcome = checked.get(cell)
            if outcome is None:
                outcome = checked[cell] = _check_cell(f, cell, missing, in_key)
            value, found = outcome
            if found:
                problems += [Problem(file, line, name, rule, msg) for rule, msg in found]
            values[name] = value
            if unique and value not in (None, _BAD):
                first = seen[name].setdefault(value, line)
                if first != line:
                    message = f"value {_q(raw[name])} is duplicated (first on line {first})"
                    problems.append(Problem(file, line, name, "unique", message))
        table.rows.append(row)
    if res.rows_required and len(lines) == 1:
        message = (
            f"table {res.name!r} has no rows; at least one is required "
            "(the header alone is not a table)"
        )
        problems.append(Problem(file, None, None, "rows required", message))
    problems += _check_primary_key(table, key, by_name)
    return problems, table


def _check_primary_key(
    table: _Table, key: list[str], by_name: dict[str, dict[str, Any]]
) -> list[Problem]:
    single_unique = len(key) == 1 and by_name[key[0]].get("constraints", {}).get("unique")
    if not key or single_unique or not table.has(*key):
        return []
    problems = []
    seen: dict[tuple[Any, ...], int] = {}
    for row in table.rows:
        values = tuple(row.values[k] for k in key)
        if any(v is None or v is _BAD for v in values):
            continue
        first = seen.setdefault(values, row.line)
        if first != row.line:
            shown = ", ".join(f"{k}={_q(row.raw[k])}" for k in key)
            message = f"primary key ({shown}) is duplicated (first on line {first})"
            problems.append(Problem(table.file, row.line, key[0], "primary key", message))
    return problems


def _unknown(raw: str, known: Iterable[Any], what: str, where: str) -> str:
    """Message for a value missing from a reference set, with the closest known values."""
    known = sorted({str(k) for k in known})
    message = f"value {_q(raw)} is not a known {what} in {where}"
    close = difflib.get_close_matches(raw, known, n=3)
    if close:
        message += f" (did you mean {', '.join(_q(c) for c in close)}?)"
    if len(known) <= 12:
        message += f"; allowed: {', '.join(known)}"
    return message


def _check_foreign_keys(tables: dict[str, _Table], pkg: schema.Package) -> list[Problem]:
    problems = []
    for res in pkg.resources:
        table = tables.get(res.name)
        if table is None:
            continue
        for fk in res.foreign_keys:
            fields = list(fk.fields)
            ref_name = fk.resource or table.name
            ref_fields = list(fk.ref_fields)
            ref = tables.get(ref_name)
            if ref is None or not ref.has(*ref_fields) or not table.has(*fields):
                continue  # the referenced file's own problems are already reported
            keys = {tuple(r.values[f] for f in ref_fields) for r in _rows_with(ref, *ref_fields)}
            known = ["+".join(str(v) for v in k) for k in keys]
            rule = f"foreign key {ref_name}.{'+'.join(ref_fields)}"
            for row in table.rows:
                values = tuple(row.values[f] for f in fields)
                if any(v is None or v is _BAD for v in values) or values in keys:
                    continue
                raw = "+".join(row.raw[f] for f in fields)
                message = _unknown(raw, known, "+".join(ref_fields), ref.file)
                problems.append(Problem(table.file, row.line, fields[0], rule, message))
    return problems


def _rows_with(table: _Table | None, *names: str) -> Iterable[_Row]:
    """Rows whose given columns all hold valid values (nothing when the table is unusable)."""
    if table is None or not table.has(*names):
        return
    for row in table.rows:
        if all(row.values[n] not in (None, _BAD) for n in names):
            yield row


def _lookup(table: _Table | None, key: str, value: str) -> dict[Any, Any]:
    return {r.values[key]: r.values[value] for r in _rows_with(table, key, value)}


def _check_rules(tables: dict[str, _Table]) -> list[Problem]:
    """Rules the Frictionless schema cannot express."""
    problems = []
    targets = tables.get("targets")
    for row in _rows_with(targets, "low", "high"):
        if row.values["low"] > row.values["high"]:
            message = f"low {row.raw['low']} is greater than high {row.raw['high']}"
            problems.append(Problem(targets.file, row.line, "low", "low <= high", message))
    for row in _rows_with(targets, "kind"):
        if row.values["kind"] not in SHARE_KINDS:
            continue
        problems += _outside_share(targets, row, ("low", "high"), f"a {row.values['kind']} target")
    for name in ("documents", "targets", "results", "plans_2030"):
        table = tables.get(name)
        for row in _rows_with(table, "period_start", "period_end"):
            if row.values["period_start"] > row.values["period_end"]:
                message = (
                    f"period_start {row.raw['period_start']} is after "
                    f"period_end {row.raw['period_end']}"
                )
                rule = "period_start <= period_end"
                problems.append(Problem(table.file, row.line, "period_start", rule, message))
    # A result measured against a target, or a target or result tied to a document, concerns
    # one province.
    for name, ref_name, key in (
        ("results", "targets", "target_id"),
        ("targets", "documents", "document_id"),
        ("results", "documents", "document_id"),
    ):
        table, owner = tables.get(name), _lookup(tables.get(ref_name), key, "province_id")
        for row in _rows_with(table, key, "province_id"):
            other = owner.get(row.values[key])
            if other is not None and other != row.values["province_id"]:
                message = (
                    f"{key} {_q(row.raw[key])} belongs to province {_q(other)}, "
                    f"but this row is for {_q(row.raw['province_id'])}"
                )
                rule = f"same province as {ref_name}"
                problems.append(Problem(table.file, row.line, "province_id", rule, message))
    problems += _check_plans(tables.get("plans_2030"))
    problems += _check_title_vi(tables.get("sources"))
    problems += _check_twin_vi(
        tables.get("documents"),
        "issued_by",
        "issuer in Vietnamese",
        "write the body's Vietnamese name as the source prints it, or leave it empty",
    )
    problems += _check_twin_vi(
        tables.get("sources"),
        "url_note",
        "address note in Vietnamese",
        "say in Vietnamese what the addresses are, or leave both empty",
        both=True,
    )
    problems += _check_urls(tables)
    problems += _check_qualifiers(tables)
    problems += _check_same_as(tables.get("parks"))
    stats, provinces = tables.get("statistics"), tables.get("provinces")
    if provinces is not None and provinces.has("province_id"):
        known = {r.values["province_id"] for r in _rows_with(provinces, "province_id")}
        for row in _rows_with(stats, "province_id"):
            if row.values["province_id"] not in known | {NATIONAL_ID}:
                message = _unknown(
                    row.raw["province_id"],
                    known,
                    f"province_id (or {NATIONAL_ID!r})",
                    provinces.file,
                )
                rule = "foreign key provinces.province_id or 'vietnam'"
                problems.append(Problem(stats.file, row.line, "province_id", rule, message))
    units = _lookup(tables.get("indicators"), "indicator", "unit")
    for row in _rows_with(stats, "indicator", "unit"):
        expected = units.get(row.values["indicator"])
        if expected is not None and expected != row.values["unit"]:
            message = (
                f"unit {_q(row.raw['unit'])} differs from {_q(expected)}, the unit "
                f"indicators.csv gives for {_q(row.raw['indicator'])}"
            )
            problems.append(Problem(stats.file, row.line, "unit", "unit as in indicators", message))
    return problems


def _outside_share(table: _Table, row: _Row, names: tuple[str, ...], what: str) -> list[Problem]:
    """A percentage of a whole lies within 0-100."""
    problems = []
    for name in names:
        value = row.values.get(name)
        if value not in (None, _BAD) and not 0 <= value <= 100:
            message = (
                f"value {row.raw[name]} is outside 0-100, impossible for {what} "
                "(a percentage of a whole)"
            )
            problems.append(Problem(table.file, row.line, name, "share within 0-100", message))
    return problems


def _check_plans(plans: _Table | None) -> list[Problem]:
    """plans_2030.csv: a range is low < high, a single figure low = high; the unit fits the
    indicator; a share is a percentage of a whole; the id names the row's unit."""
    problems: list[Problem] = []
    if plans is None:
        return problems

    def add(row: _Row, column: str, rule: str, message: str) -> None:
        problems.append(Problem(plans.file, row.line, column, rule, message))

    for row in _rows_with(plans, "value_low", "value_high"):
        low, high = row.values["value_low"], row.values["value_high"]
        if low > high:
            message = (
                f"value_low {row.raw['value_low']} is greater than value_high "
                f"{row.raw['value_high']}; write the smaller figure in value_low"
            )
            add(row, "value_low", "value_low <= value_high", message)
            continue
        qualifier = row.values.get("qualifier")
        if qualifier in (None, _BAD):
            continue
        if qualifier == schema.PLAN_RANGE and low == high:
            message = (
                "qualifier 'range' needs value_low < value_high, but both are "
                f"{row.raw['value_low']}; for a single figure use exact, at_least, above, "
                "about or up_to"
            )
            add(row, "qualifier", "range has two ends", message)
        elif qualifier != schema.PLAN_RANGE and low != high:
            message = (
                f"value_low {row.raw['value_low']} and value_high {row.raw['value_high']} differ, "
                f"but qualifier {_q(row.raw['qualifier'])} is for a single figure; "
                "write qualifier 'range' or make both values equal"
            )
            add(row, "qualifier", "single figure has low = high", message)
    for row in _rows_with(plans, "indicator", "unit"):
        allowed = schema.PLAN_UNITS.get(row.values["indicator"])
        if allowed is not None and row.values["unit"] not in allowed:
            message = (
                f"unit {_q(row.raw['unit'])} does not fit indicator {_q(row.raw['indicator'])}; "
                f"allowed: {', '.join(allowed)}"
            )
            add(row, "unit", "unit fits indicator", message)
    for row in _rows_with(plans, "unit"):
        if row.values["unit"] != "percent":
            continue
        problems += _outside_share(plans, row, ("value_low", "value_high"), "a share in percent")
    for row in _rows_with(plans, "target_id", "unit_2025_id"):
        unit = row.values["unit_2025_id"].removesuffix(schema.UNIT_2025_SUFFIX)
        expected = f"{schema.PLAN_ID_PREFIX}{unit}-"
        tail = row.values["target_id"].removeprefix(expected)
        if not row.values["target_id"].startswith(expected) or not re.fullmatch(r"\d{2}", tail):
            message = (
                f"id {_q(row.raw['target_id'])} does not name its unit "
                f"{_q(row.raw['unit_2025_id'])}: write {expected}NN (NN = 01, 02, ...)"
            )
            add(row, "target_id", "id names its unit", message)
    for row in plans.rows:
        given = [n for n in ("period_start", "period_end") if row.values.get(n) is not None]
        if len(given) == 1:
            other = "period_end" if given[0] == "period_start" else "period_start"
            message = f"{given[0]} is given but {other} is empty; give both years or neither"
            add(row, other, "period has two ends", message)
    for row in _rows_with(plans, "vnd_equivalent", "unit"):
        if row.values["unit"] != "usd":
            message = (
                f"vnd_equivalent {row.raw['vnd_equivalent']} is given for a figure in "
                f"{_q(row.raw['unit'])}; it is only for a figure stated in usd (the million VND "
                "its source gives beside it): leave it empty"
            )
            add(row, "vnd_equivalent", "equivalent only for usd", message)
    return problems


def _check_title_vi(sources: _Table | None) -> list[Problem]:
    """Every source has a title in Vietnamese for the Vietnamese edition's references: its own
    when it is Vietnamese, else ``title_vi``, the publisher's Vietnamese title or our
    translation in square brackets (the references print it as such); a source without a
    headline gets our description in square brackets, as ``title_en`` gives the English one.

    A title without any Vietnamese letter needs a ``title_vi``; a title mostly in Vietnamese
    (:func:`~provbook.datapackage.names.is_vietnamese`) must not have one. (An English title
    that names a place, "Quickly bringing Resolution of Điện Biên ...", is not refused either
    way; tests/test_bib.py checks that every such real title has its ``title_vi``.)"""
    problems: list[Problem] = []
    if sources is None or not sources.has("title", "title_vi"):
        return problems
    for row in sources.rows:
        title, title_vi = (row.raw["title"] or "").strip(), (row.raw["title_vi"] or "").strip()
        if title_vi.startswith("[") and "]" not in title_vi:
            message = f"value {_q(title_vi)} opens a square bracket and does not close it"
        elif title.lower() == "unknown" and not title_vi.startswith("["):
            message = (
                "the source has no headline (title 'unknown'), so title_vi must be your own "
                f"Vietnamese description in square brackets, not {_q(title_vi)}"
            )
        elif title.lower() == "unknown":
            continue
        elif title_vi and is_vietnamese(title):
            message = (
                f"the title {_q(title)} is Vietnamese: leave title_vi empty "
                f"(it holds {_q(title_vi)})"
            )
        elif not title_vi and not VIETNAMESE_LETTER.search(title):
            message = (
                f"the title {_q(title)} is not Vietnamese: give title_vi, the Vietnamese title "
                "as the publisher gives it, or your own translation in square brackets"
            )
        else:
            continue
        problems.append(Problem(sources.file, row.line, "title_vi", "title in Vietnamese", message))
    return problems


def _check_twin_vi(
    table: _Table | None, column: str, rule: str, how: str, both: bool = False
) -> list[Problem]:
    """``<column>_vi``, what the Vietnamese edition shows for ``column``: given only beside a
    value of ``column`` (with ``both``, always beside one), and Vietnamese (a Vietnamese letter
    at least). ``how`` says how to write it. Empty beside a value without ``both``: the
    Vietnamese edition shows ``column`` as written, nothing is guessed."""
    twin = f"{column}_vi"
    problems: list[Problem] = []
    if table is None or not table.has(column, twin):
        return problems
    for row in table.rows:
        value, value_vi = (row.raw[column] or "").strip(), (row.raw[twin] or "").strip()
        if value_vi and not value:
            message = (
                f"{twin} {_q(value_vi)} is given but {column} is empty: give {column} too, "
                "or leave both empty"
            )
        elif value_vi and not VIETNAMESE_LETTER.search(value_vi):
            message = f"{twin} {_q(value_vi)} has no Vietnamese letter: {how}"
        elif both and value and not value_vi:
            message = f"{column} {_q(value)} is given but {twin} is empty: {how}"
        else:
            continue
        problems.append(Problem(table.file, row.line, twin, rule, message))
    return problems


def _check_urls(tables: dict[str, _Table]) -> list[Problem]:
    """Addresses are printed as links: only http(s), so no javascript:, file: or data: link."""
    problems = []
    for table in tables.values():
        for column in (c for c in table.columns if schema.is_url_column(c)):
            for row in _rows_with(table, column):
                raw = row.raw[column]
                if raw == "unknown":
                    continue
                parts = urllib.parse.urlsplit(raw)
                if raw.startswith(URL_SCHEMES) and parts.netloc and not re.search(r"\s", raw):
                    continue
                message = (
                    f"value {_q(raw)} is not a web address: write a full http:// or https:// "
                    "address" + (", or 'unknown'" if column == "url" else "")
                )
                problems.append(Problem(table.file, row.line, column, "http(s) address", message))
    return problems


def _check_qualifiers(tables: dict[str, _Table]) -> list[Problem]:
    """A qualifier ("about", "more than") needs the number it qualifies."""
    problems = []
    for name, pairs in schema.QUALIFIED_COLUMNS.items():
        table = tables.get(name)
        for qualifier, numbers in pairs.items():
            for row in _rows_with(table, qualifier):
                if not table.has(*numbers) or any(row.values[n] is not None for n in numbers):
                    continue
                message = (
                    f"qualifier {_q(row.raw[qualifier])} has no number to qualify: "
                    f"{' and '.join(numbers)} {'are' if len(numbers) > 1 else 'is'} empty; "
                    "fill the number or leave the qualifier empty"
                )
                problems.append(
                    Problem(table.file, row.line, qualifier, "qualifier needs a number", message)
                )
    return problems


def _check_same_as(parks: _Table | None) -> list[Problem]:
    """same_as points at the row that stands for the park: same province, never a chain."""
    problems: list[Problem] = []
    if parks is None or not parks.has("park_id", "same_as", "province_id"):
        return problems
    rows = {r.values["park_id"]: r for r in _rows_with(parks, "park_id")}
    for row in _rows_with(parks, "same_as"):
        target = rows.get(row.values["same_as"])
        if target is None:
            continue  # reported by the foreign key
        own = row.raw["same_as"]
        if target is row:
            message = f"same_as {_q(own)} points to the row itself; leave it empty on that row"
        elif target.values.get("province_id") != row.values.get("province_id"):
            message = (
                f"same_as {_q(own)} is a park of province {_q(target.raw['province_id'])}, "
                f"but this row is for {_q(row.raw['province_id'])}"
            )
        elif target.values.get("same_as") not in (None, _BAD):
            root = target.raw["same_as"]
            message = (
                f"same_as {_q(own)} itself points to {_q(root)}: no chains; point every "
                f"mention straight at the row that stands for the park ({_q(root)})"
            )
        else:
            continue
        problems.append(
            Problem(parks.file, row.line, "same_as", "one park, many mentions", message)
        )
    return problems


def _id_text(value: Any) -> str:
    """Feature ids compare as text, with 12 and 12.0 and '12' all the same."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_boundaries(pkg: schema.Package, tables: dict[str, _Table]) -> list[Problem]:
    """Each boundary file exists, is GeoJSON and has one feature per known id."""
    problems = []
    for entry in pkg.boundaries:
        path = entry.file
        file = _display(path)
        if not path.is_file():
            message = "boundary file is missing (listed under 'boundaries' in datapackage.json)"
            problems.append(Problem(file, None, None, "file present", message))
            continue
        text, found = _read_text(path, file, "utf-8")
        problems += found
        if text is None:
            continue
        try:
            geo = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem(file, exc.lineno, None, "geojson", f"invalid JSON: {exc.msg}"))
            continue
        features = geo.get("features") if isinstance(geo, dict) else None
        if not isinstance(geo, dict) or geo.get("type") != "FeatureCollection" or not features:
            message = "not a GeoJSON FeatureCollection with features"
            problems.append(Problem(file, None, None, "geojson", message))
            continue
        prop = entry.id_property
        ref = next(
            (t for t in tables.values() if _as_list(t.schema.get("primaryKey")) == [prop]), None
        )
        known = {_id_text(r.values[prop]) for r in _rows_with(ref, prop)}
        seen: dict[str, int] = {}
        for number, feature in enumerate(features, 1):
            props = (feature or {}).get("properties") or {}
            value = props.get(prop)
            if value in (None, ""):
                message = f"feature {number} has no {prop!r} property"
                problems.append(Problem(file, None, prop, "boundary ids", message))
                continue
            ident = _id_text(value)
            if not (feature or {}).get("geometry"):
                message = f"feature {number} ({ident}) has no geometry"
                problems.append(Problem(file, None, prop, "geojson", message))
            if ident in seen:
                message = f"feature {number}: id {_q(ident)} repeats feature {seen[ident]}"
                problems.append(Problem(file, None, prop, "boundary ids", message))
            seen.setdefault(ident, number)
            if ref is not None and ident not in known:
                message = f"feature {number}: " + _unknown(ident, known, prop, ref.file)
                problems.append(Problem(file, None, prop, "boundary ids", message))
        absent = sorted(known - set(seen))
        if ref is not None and absent:
            message = f"no feature for {len(absent)} id(s) of {ref.file}: {', '.join(absent)}"
            problems.append(Problem(file, None, prop, "boundary coverage", message))
    return problems


def _run(directory: Path) -> tuple[list[Problem], dict[str, _Table], int]:
    """All problems, the readable tables, and the number of resources in the descriptor."""
    pkg, problems = schema.read(directory)
    if pkg is None:
        return problems, {}, 0
    tables: dict[str, _Table] = {}
    for res in pkg.resources:
        found, table = _check_file(res)
        problems += found
        if table is not None:
            tables[res.name] = table
    problems += _check_foreign_keys(tables, pkg)
    problems += _check_rules(tables)
    problems += _check_boundaries(pkg, tables)
    order = {t: i for i, t in enumerate(dict.fromkeys(p.file for p in problems))}
    problems.sort(key=lambda p: (order[p.file], p.row or 0))
    return list(dict.fromkeys(problems)), tables, len(pkg.resources)


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the data package (empty list when it is valid)."""
    return _run(resolve_data_dir(data_dir))[0]


def validate_resource(data_dir: str | Path | None, name: str) -> list[Problem]:
    """Problems of one table on its own (no cross-table rules): for the loader's error message."""
    pkg, problems = schema.read(resolve_data_dir(data_dir))
    if pkg is None:
        return problems
    return problems + _check_file(pkg.resource(name))[0]


def describe(problems: list[Problem], data_dir: str | Path | None = None) -> str:
    """The report ``provbook validate`` prints: one line per problem and a summary."""
    label = _display(resolve_data_dir(data_dir)) + "/"
    lines = [str(p) for p in problems]
    files = len({p.file for p in problems})
    lines.append(
        f"{plural(len(problems), 'problem')} in {plural(files, 'file')} under {label}; "
        "fix the data and run `provbook validate` again."
    )
    return "\n".join(lines)


def ensure_valid(data_dir: str | Path | None = None) -> None:
    """Raise DataError listing every problem, so a build never starts from bad data."""
    problems = validate(data_dir)
    if problems:
        raise DataError(describe(problems, data_dir))


def main(argv: list[str]) -> int:
    """CLI entry for ``provbook validate [--data DIR]``: 0 when valid, 1 when not."""
    parser = argparse.ArgumentParser(
        prog="provbook validate",
        description="Check the data package against datapackage.json and the project's rules.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="data folder (default: $PROVBOOK_DATA, else data/ of the current folder)",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or a usage error: let the caller exit
        return exc.code if isinstance(exc.code, int) else 2
    # Where the command runs, never another checkout's data (such as the installed package's).
    directory = resolve_data_dir(args.data or os.environ.get(schema.DATA_ENV) or "data")
    problems, tables, resources = _run(directory)
    if problems:
        print(describe(problems, directory))
        return 1
    rows = sum(len(t.rows) for t in tables.values())
    print(f"{_display(directory)}/ is valid: {plural(resources, 'table')}, {plural(rows, 'row')}")
    return 0
