"""One reading of ``datapackage.json``, shared by the loader (provbook.datapackage.data) and the
validator.

Both used to interpret the descriptor on their own; a descriptor one accepted could crash the
other. Here it is parsed once into plain objects, and every way it can be malformed (not an
object, a resource without a name, a path leaving data/, fields that are not a list ...) becomes
a :class:`Problem` naming the key and what is allowed, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import provbook

#: Environment variable that points every loader at another data folder (used by the pipeline).
DATA_ENV = "PROVBOOK_DATA"
DESCRIPTOR = "datapackage.json"
SUPPORTED_TYPES = ("string", "integer", "number", "date")
SUPPORTED_CONSTRAINTS = (
    "required",
    "unique",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
)
INTEGER_RE = re.compile(r"[+-]?[0-9]+")
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Characters that are never valid inside a cell: control characters (Unicode category Cc: tabs,
#: line breaks, escapes) and characters that change how the text around them displays without
#: showing themselves (Cf: zero-width spaces and joiners, soft hyphen, bidirectional marks,
#: embeddings, overrides such as U+202E and isolates; Zl/Zp: the line and paragraph separators
#: U+2028 and U+2029). Written out, as of Unicode 14, so that no import scans the whole table;
#: tests/test_validate.py checks it against the running Python's unicodedata.
HIDDEN_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
#: The most characters a cell may hold: the csv module's field limit, at which every reader of
#: the tables but pandas stops ("field larger than field limit"). A note is a sentence or two;
#: longer text belongs in the source it cites.
CELL_LIMIT = 131_072
#: Pre-2025 province ids and unit ids: ASCII slugs.
SLUG_RE = re.compile(r"[a-z]+(-[a-z]+)*")

#: Tables of facts read from articles, each row with a province_id and a source_id. A province
#: with a row in any of them is an "article province": a default chapter of the book.
FACT_TABLES = ("documents", "targets", "results", "parks", "projects", "priorities")
#: Tables that are useless empty: a header alone is an error, not an empty table.
ROWS_REQUIRED = ("provinces", "units_2025", "sources", "codes", "indicators", "statistics")
#: A field with this custom key may be left out of the file (older data folders, written before
#: the column existed): the loader then adds it with every cell missing.
OPTIONAL_COLUMN_KEY = "optionalColumn"
#: Boundary entries name the feature property that holds the id (a custom descriptor key).
BOUNDARY_ID_KEY = "idProperty"


class DataError(Exception):
    """The data package is missing, unreadable or does not match datapackage.json."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data; ``row`` is the CSV line number (header = 1), if any."""

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        column = f"column '{self.column}': " if self.column else ""
        return f"{where}: {column}{self.message} (rule: {self.rule})"


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # "" = the same table
    ref_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """A table of the package, its path already checked to stay inside the data folder."""

    name: str
    path: str
    file: Path
    schema: dict[str, Any]
    fields: tuple[dict[str, Any], ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    missing_values: tuple[str, ...]
    encoding: str
    rows_required: bool
    raw: dict[str, Any]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def optional_columns(self) -> set[str]:
        return {f["name"] for f in self.fields if f.get(OPTIONAL_COLUMN_KEY) is True}


@dataclass(frozen=True)
class Boundary:
    path: str
    file: Path
    name: str  # file stem, e.g. provinces_63
    id_property: str
    description: str


@dataclass
class Package:
    directory: Path
    raw: dict[str, Any]
    resources: list[Resource] = field(default_factory=list)
    boundaries: list[Boundary] = field(default_factory=list)

    def resource(self, name: str) -> Resource:
        for res in self.resources:
            if res.name == name:
                return res
        known = ", ".join(r.name for r in self.resources)
        raise ValueError(f"unknown table {name!r}; the data package has: {known}")


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the argument, else $PROVBOOK_DATA, else the checkout's data/."""
    if data_dir is None:
        data_dir = os.environ.get(DATA_ENV) or provbook.ROOT / "data"
    try:
        return Path(data_dir).expanduser().resolve()
    except RuntimeError:  # a symbolic link looping on itself: read() says so, as given
        return Path(data_dir).expanduser().absolute()


def display(path: Path) -> str:
    """Path as the user typed it from the repository root: relative when under the cwd."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "null" if value is None else "a number"


def _constraint_problem(kind: str, c: dict[str, Any]) -> tuple[str, str] | None:
    """(key, what is allowed) for the first constraint whose value the validator cannot use."""
    for key in ("required", "unique"):
        if key in c and not isinstance(c[key], bool):
            return key, "must be true or false"
    if "enum" in c and (not isinstance(c["enum"], list) or not c["enum"]):
        return "enum", "must be a non-empty list of allowed values"
    if "enum" in c and kind in ("integer", "number"):
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in c["enum"]):
            return "enum", f"must list {kind}s for a field of type {kind}"
    if "pattern" in c:
        try:
            re.compile(c["pattern"])
        except (re.error, TypeError):
            return "pattern", "must be a valid regular expression (a string)"
    for key in ("minimum", "maximum"):
        if key not in c:
            continue
        value = c[key]
        if kind in ("integer", "number") and (
            not isinstance(value, int | float) or isinstance(value, bool)
        ):
            return key, f"must be a number for a field of type {kind}"
        if kind == "date" and not (isinstance(value, str) and DATE_RE.fullmatch(value)):
            return key, "must be a date written YYYY-MM-DD"
        if kind == "string":
            return key, "applies to numbers and dates only; use minLength/maxLength for text"
    for key in ("minLength", "maxLength"):
        if key in c and (not isinstance(c[key], int) or isinstance(c[key], bool) or c[key] < 0):
            return key, "must be a whole number, 0 or more"
    return None


class _Reader:
    """Collects descriptor problems while walking the JSON."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.file = display(directory / DESCRIPTOR)
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, None, None, "descriptor", f"{key}: {message}"))

    def inside(self, key: str, value: Any) -> tuple[str, Path] | None:
        """The checked relative path and its file, or None after a problem saying why not."""
        if not isinstance(value, str) or not value:
            allowed = "a non-empty string (a path relative to data/)"
            self.fail(key, f"must be {allowed}, not {_kind(value)}")
            return None
        if value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", value) or "\\" in value:
            self.fail(key, f"{value!r} must be a relative path inside data/ with '/' separators")
            return None
        if ".." in value.split("/"):
            self.fail(key, f"{value!r} must stay inside data/ ('..' is not allowed)")
            return None
        file = self.directory / value
        try:
            file.resolve().relative_to(self.directory.resolve())
        except ValueError:
            self.fail(key, f"{value!r} leads outside data/ (through a symbolic link); not read")
            return None
        return value, file

    def fields(self, key: str, schema: dict[str, Any]) -> tuple[dict[str, Any], ...] | None:
        fields = schema.get("fields")
        if not isinstance(fields, list) or not fields:
            allowed = "a non-empty list of field objects"
            self.fail(f"{key}.fields", f"must be {allowed}, not {_kind(fields)}")
            return None
        good = True
        for number, f in enumerate(fields):
            where = f"{key}.fields[{number}]"
            if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
                self.fail(where, "must be an object with a non-empty string 'name'")
                good = False
                continue
            where = f"{key}.fields[{number}] ({f['name']!r})"
            if f.get("type", "string") not in SUPPORTED_TYPES:
                self.fail(
                    where + ".type",
                    f"{f.get('type')!r} is not supported; use one of {', '.join(SUPPORTED_TYPES)}",
                )
                good = False
            constraints = f.get("constraints", {})
            if not isinstance(constraints, dict):
                self.fail(where + ".constraints", f"must be an object, not {_kind(constraints)}")
                good = False
                continue
            for name in constraints:
                if name not in SUPPORTED_CONSTRAINTS:
                    self.fail(
                        where + ".constraints",
                        f"{name!r} is not checked by provbook validate; "
                        f"supported: {', '.join(SUPPORTED_CONSTRAINTS)}",
                    )
                    good = False
            if f.get(OPTIONAL_COLUMN_KEY) not in (None, True, False):
                self.fail(where + "." + OPTIONAL_COLUMN_KEY, "must be true or false")
                good = False
            elif f.get(OPTIONAL_COLUMN_KEY) and constraints.get("required"):
                self.fail(
                    where + "." + OPTIONAL_COLUMN_KEY,
                    "a required field cannot be an optional column",
                )
                good = False
            problem = _constraint_problem(f.get("type", "string"), constraints)
            if problem:
                self.fail(where + ".constraints." + problem[0], problem[1])
                good = False
        names = [f.get("name") for f in fields if isinstance(f, dict)]
        doubled = sorted({str(n) for n in names if n is not None and names.count(n) > 1})
        if doubled:
            repeated = ", ".join(str(n) for n in doubled)
            self.fail(f"{key}.fields", f"field names must be unique; repeated: {repeated}")
            good = False
        return tuple(fields) if good else None

    def keys(self, key: str, schema: dict[str, Any], names: list[str]) -> tuple | None:
        primary = schema.get("primaryKey")
        if primary is not None and (
            not all(isinstance(k, str) for k in as_list(primary)) or isinstance(primary, dict)
        ):
            self.fail(f"{key}.primaryKey", "must be a field name or a list of field names")
            return None
        unknown = [k for k in as_list(primary) if k not in names]
        if unknown:
            self.fail(f"{key}.primaryKey", f"names no field of the table: {', '.join(unknown)}")
            return None
        fks = []
        raw_fks = schema.get("foreignKeys", [])
        if not isinstance(raw_fks, list):
            self.fail(f"{key}.foreignKeys", f"must be a list, not {_kind(raw_fks)}")
            return None
        for number, fk in enumerate(raw_fks):
            where = f"{key}.foreignKeys[{number}]"
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if not isinstance(ref, dict) or "fields" not in fk or "fields" not in ref:
                allowed = "an object with 'fields' and 'reference': {resource, fields}"
                self.fail(where, f"must be {allowed}")
                return None
            fields, ref_fields = as_list(fk["fields"]), as_list(ref["fields"])
            if len(fields) != len(ref_fields) or not all(
                isinstance(x, str) for x in fields + ref_fields
            ):
                self.fail(where, "'fields' and 'reference.fields' must name as many fields")
                return None
            if any(f not in names for f in fields):
                self.fail(where + ".fields", f"names no field of the table: {fk['fields']!r}")
                return None
            fks.append(ForeignKey(tuple(fields), str(ref.get("resource") or ""), tuple(ref_fields)))
        return tuple(as_list(primary)), tuple(fks)


def parse(directory: Path, pkg: Any) -> tuple[Package | None, list[Problem]]:
    """The package model and the descriptor's problems (resources with problems are left out)."""
    reader = _Reader(directory)
    if not isinstance(pkg, dict):
        allowed = "a JSON object with a 'resources' list"
        reader.fail("descriptor", f"must be {allowed}, not {_kind(pkg)}")
        return None, reader.problems
    resources = pkg.get("resources")
    if not isinstance(resources, list) or not resources:
        reader.fail("resources", f"must be a non-empty list of tables, not {_kind(resources)}")
        return None, reader.problems
    package = Package(directory, pkg)
    seen: set[str] = set()
    for number, res in enumerate(resources):
        key = f"resources[{number}]"
        if not isinstance(res, dict):
            reader.fail(key, f"must be an object describing a table, not {_kind(res)}")
            continue
        name = res.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_.-]+", name):
            reader.fail(key + ".name", "is required: lower-case letters, digits, '_', '-' or '.'")
            continue
        key = f"resources[{number}] ({name!r})"
        if name in seen:
            reader.fail(key + ".name", "repeats an earlier resource; names must be unique")
            continue
        seen.add(name)
        where = reader.inside(key + ".path", res.get("path"))
        schema = res.get("schema")
        if not isinstance(schema, dict):
            reader.fail(key + ".schema", f"must be an object with 'fields', not {_kind(schema)}")
            continue
        fields = reader.fields(key + ".schema", schema)
        missing = schema.get("missingValues", [""])
        if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
            reader.fail(key + ".schema.missingValues", "must be a list of strings")
            continue
        encoding = res.get("encoding", "utf-8")
        if not isinstance(encoding, str) or encoding.lower().replace("_", "-") != "utf-8":
            reader.fail(key + ".encoding", "must be 'utf-8' (the only encoding the tables use)")
            continue
        if fields is None or where is None:
            continue
        keys = reader.keys(key + ".schema", schema, [f["name"] for f in fields])
        if keys is None:
            continue
        package.resources.append(
            Resource(
                name=name,
                path=where[0],
                file=where[1],
                schema=schema,
                fields=fields,
                primary_key=keys[0],
                foreign_keys=keys[1],
                missing_values=tuple(missing),
                encoding="utf-8",
                rows_required=name in ROWS_REQUIRED,
                raw=res,
            )
        )
    names = {r.name for r in package.resources}
    for res in package.resources:
        for fk in res.foreign_keys:
            if fk.resource and fk.resource not in names and fk.resource not in seen:
                reader.fail(
                    f"resource {res.name!r} foreignKeys",
                    f"refers to {fk.resource!r}, which is no resource; "
                    f"known: {', '.join(sorted(names))}",
                )
    boundaries = pkg.get("boundaries", [])
    if not isinstance(boundaries, list):
        reader.fail("boundaries", f"must be a list of boundary files, not {_kind(boundaries)}")
        boundaries = []
    for number, entry in enumerate(boundaries):
        key = f"boundaries[{number}]"
        if not isinstance(entry, dict):
            reader.fail(key, "must be an object with 'path' and 'idProperty'")
            continue
        where = reader.inside(key + ".path", entry.get("path"))
        prop = entry.get(BOUNDARY_ID_KEY)
        if not isinstance(prop, str) or not prop:
            reader.fail(
                f"{key}.{BOUNDARY_ID_KEY}",
                "is required: the feature property holding the id (e.g. 'province_id')",
            )
            continue
        if where is None:
            continue
        package.boundaries.append(
            Boundary(
                path=where[0],
                file=where[1],
                name=Path(where[0]).name.split(".")[0],
                id_property=prop,
                description=str(entry.get("description", "")),
            )
        )
    return package, reader.problems


def read(directory: Path) -> tuple[Package | None, list[Problem]]:
    """Read and parse the descriptor of a data folder; problems instead of exceptions."""
    descriptor = directory / DESCRIPTOR
    file = display(descriptor)
    if not directory.is_dir():
        found = "folder not found"
        if directory.is_symlink():
            found += ": it is a symbolic link to a missing folder, or one that loops on itself"
        return None, [Problem(display(directory), None, None, "data folder", found)]
    try:
        text = descriptor.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(file, None, None, "descriptor", "file is missing")]
    except OSError as exc:
        return None, [Problem(file, None, None, "readable", f"cannot be read: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        return None, [Problem(file, None, None, "descriptor", f"not valid UTF-8: {exc.reason}")]
    try:
        pkg = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        return None, [Problem(file, None, None, "descriptor", message)]
    return parse(directory, pkg)


def load(directory: Path) -> Package:
    """The parsed package, or DataError listing what is wrong with the descriptor."""
    package, problems = read(directory)
    if problems or package is None:
        detail = "\n".join(str(p) for p in problems)
        raise DataError(f"{detail}\nRun `provbook validate` for a full report.")
    return package


#: Qualifier columns and the number columns they qualify, per table ("about 1,200 ha").
QUALIFIED_COLUMNS = {
    "targets": {"qualifier": ("low", "high")},
    "results": {"qualifier": ("value",)},
    "parks": {"area_qualifier": ("area_ha",), "cost_qualifier": ("cost",)},
    "projects": {"investment_qualifier": ("investment",)},
}


#: plans_2030.csv: the units each indicator may be stated in (industry_other: any unit).
PLAN_UNITS = {
    "grdp_growth_2026_2030": ("percent_per_year",),
    "grdp_per_capita_2030": ("million_vnd", "usd"),
    "grdp_2030": ("billion_vnd", "trillion_vnd", "billion_usd"),
    "share_industry_construction_2030": ("percent",),
    "share_manufacturing_2030": ("percent",),
    "share_digital_economy_2030": ("percent",),
    "budget_revenue_2030": ("billion_vnd", "trillion_vnd"),
    "budget_revenue_2026_2030": ("billion_vnd", "trillion_vnd"),
    "investment_total_2026_2030": ("billion_vnd", "trillion_vnd"),
}
#: plans_2030.csv: the qualifier of a low-high range; every other qualifier has low = high.
PLAN_RANGE = "range"
#: plans_2030.csv ids: p30-, the unit id without its -2025 suffix, a two-digit number.
PLAN_ID_PREFIX = "p30-"
UNIT_2025_SUFFIX = "-2025"


def is_url_column(name: str) -> bool:
    """Columns holding web addresses (checked: http or https only)."""
    return name == "url" or name.endswith("_url")
