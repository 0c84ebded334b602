"""provbook validate: each kind of bad input, planted in a copy of the real data/, is reported
with its file, line, column and rule, and the command exits non-zero."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from provbook.datapackage import schema
from provbook.datapackage import validate as v

ROOT = Path(__file__).resolve().parents[1]


# --- a copy of data/ to corrupt -----------------------------------------------------------------


def _resources(data: Path) -> dict[str, dict]:
    pkg = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in pkg["resources"]}


def read_rows(data: Path, name: str) -> list[dict[str, str]]:
    path = data / _resources(data)[name]["path"]
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(data: Path, name: str, rows: list[dict[str, str]], header=None) -> list[int]:
    """Write a table (header from the schema unless given); return each row's CSV line number."""
    res = _resources(data)[name]
    header = header or [f["name"] for f in res["schema"]["fields"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    lines, written = [], 1  # a quoted value may span lines: count them as they are written
    for row in rows:
        start = buffer.tell()
        writer.writerow([row.get(h, "") for h in header])
        lines.append(written + 1)
        buffer.seek(start)
        written += buffer.read().count("\n")
    path = data / res["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return lines


def _square(x: float) -> dict:
    ring = [[x, 10.0], [x + 0.5, 10.0], [x + 0.5, 10.5], [x, 10.5], [x, 10.0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _fill_missing(data: Path) -> None:
    """Synthetic rows (test-only) for tables other helpers have not written yet, consistent with
    whatever real tables exist, so every corruption below has a row to corrupt."""

    def first(name: str, column: str) -> str:
        return read_rows(data, name)[0][column]

    def ensure(name: str, *rows: dict[str, str]) -> None:
        if not read_rows(data, name):
            write_rows(data, name, list(rows))

    unit = first("units_2025", "unit_2025_code") if read_rows(data, "units_2025") else "96"
    used = {"bac-lieu"} | {
        r["province_id"]
        for name in ("documents", "targets", "results", "parks", "projects", "priorities")
        for r in read_rows(data, name)
    }
    ensure(
        "provinces",
        *[
            {
                "province_id": pid,
                "gso_code": str(code),
                "name_vi": pid,
                "name_ascii": pid,
                "region": "Mekong River Delta",
                "unit_2025_code": unit,
                "merged_on": "2025-07-01",
            }
            for code, pid in enumerate(sorted(used), 1)
        ],
    )
    units = sorted({r["unit_2025_code"] for r in read_rows(data, "provinces")}, key=int)
    ensure(
        "units_2025",
        *[
            {
                "unit_2025_code": code,
                "unit_2025_id": "unit-" + "".join(chr(97 + int(d)) for d in code),
                "name_vi": f"Đơn vị {code}",
            }
            for code in units
        ],
    )
    ensure(
        "sources",
        {
            "source_id": "test_source",
            "kind": "statistics",
            "outlet": "Test",
            "author": "unknown",
            "title": "Test",
            "date": "2020",
            "url": "unknown",
        },
    )
    province, source = first("provinces", "province_id"), first("sources", "source_id")
    common = {"province_id": province, "source_id": source, "note": "synthetic test row"}
    ensure(
        "documents",
        {
            **common,
            "document_id": "doc-test",
            "doc_type": "resolution",
            "title_vi": "Nghị quyết",
            "title_en": "Resolution",
            "period_start": "2021",
            "period_end": "2025",
        },
    )
    ensure(
        "targets",
        {
            **common,
            "target_id": "t-test",
            "indicator": "industry share of GRDP",
            "kind": "share_of_grdp",
            "unit": "%",
            "low": "20",
            "high": "25",
            "target_year": "2025",
        },
    )
    ensure(
        "results",
        {**common, "result_id": "r-test", "indicator": "x", "value": "1", "unit": "%"}
        | {"period_end": "2020"},
    )
    ensure(
        "parks",
        {**common, "park_id": "p-test", "name": "KCN", "park_type": "KCN", "status": "operating"},
    )
    ensure(
        "projects",
        {**common, "project_id": "pr-test", "name": "Wind", "category": "wind_power"}
        | {"status": "operating"},
    )
    ensure(
        "codes",
        {
            "code": "test_code",
            "dimension": "sector",
            "label_en": "Test",
            "label_vi": "Thử",
            "rule": "test",
        },
    )
    ensure(
        "priorities",
        {**common, "code": first("codes", "code"), "evidence": "synthetic test row"},
    )
    ensure(
        "indicators",
        {
            "indicator": "test_indicator",
            "label": "Test",
            "unit": "index",
            "description": "test",
            "source_id": source,
        },
    )
    indicator, unit = first("indicators", "indicator"), first("indicators", "unit")
    stat = {"indicator": indicator, "unit": unit, "source_id": source, "value": "1.5"}
    ensure(
        "statistics",
        {**stat, "province_id": province, "year": "2016"},
        {**stat, "province_id": "vietnam", "year": "2016"},
    )
    pkg = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for entry, table, key in zip(
        pkg["boundaries"],
        ("provinces", "units_2025"),
        ("province_id", "unit_2025_code"),
        strict=True,
    ):
        path = data / entry["path"]
        if not path.exists():
            ids = [r[key] for r in read_rows(data, table)]
            features = [
                {
                    "type": "Feature",
                    "properties": {key: int(i) if i.isdigit() else i},
                    "geometry": _square(n),
                }
                for n, i in enumerate(ids)
            ]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
            )


def make_copy(dest: Path) -> Path:
    shutil.copytree(ROOT / "data", dest)
    _fill_missing(dest)
    return dest


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_copy(tmp_path / "data")


def find(problems: list[v.Problem], file: str, row: int | None, column: str | None, rule: str):
    """The one problem at this place under this rule (fails, listing all, when absent)."""
    hits = [
        p
        for p in problems
        if p.file.endswith(file) and p.row == row and p.column == column and p.rule == rule
    ]
    assert len(hits) == 1, "\n".join(str(p) for p in problems)
    return hits[0]


def corrupt(data: Path, name: str, index: int = 0, **changes: str) -> int:
    """Change cells of one row; return that row's line number."""
    rows = read_rows(data, name)
    rows[index].update(changes)
    return write_rows(data, name, rows)[index]


# --- the real data ----------------------------------------------------------------------------


def test_real_data_is_valid():
    problems = v.validate(ROOT / "data")
    assert problems == [], "\n" + v.describe(problems, ROOT / "data")


# --- one test per kind of bad input -------------------------------------------------------------


def test_bad_number(data):
    line = corrupt(data, "targets", low="abc")
    p = find(v.validate(data), "targets.csv", line, "low", "type number")
    assert str(p).endswith(
        f"targets.csv:{line}: column 'low': value 'abc' is not a number (rule: type number)"
    )


def test_bad_integer_and_decimal_comma(data):
    line = corrupt(data, "targets", target_year="2025.0", high="1,5")
    problems = v.validate(data)
    assert (
        "is not an integer"
        in find(problems, "targets.csv", line, "target_year", "type integer").message
    )
    assert "decimal mark" in find(problems, "targets.csv", line, "high", "type number").message


def test_bad_date(data):
    line = corrupt(data, "provinces", merged_on="2025-02-30")
    p = find(v.validate(data), "provinces.csv", line, "merged_on", "type date")
    assert "not a real calendar date" in p.message


def test_unknown_province(data):
    pid = read_rows(data, "targets")[0]["province_id"]
    line = corrupt(data, "targets", province_id=pid + "x")
    p = find(
        v.validate(data), "targets.csv", line, "province_id", "foreign key provinces.province_id"
    )
    assert f"'{pid}x' is not a known province_id" in p.message
    assert f"did you mean '{pid}'" in p.message


def test_missing_source(data):
    line = corrupt(data, "parks", source_id="no_such_source")
    p = find(v.validate(data), "parks.csv", line, "source_id", "foreign key sources.source_id")
    assert "'no_such_source' is not a known source_id" in p.message
    assert "sources.csv" in p.message


def test_duplicate_id(data):
    rows = read_rows(data, "documents")
    lines = write_rows(data, "documents", [rows[0], *rows])
    p = find(v.validate(data), "documents.csv", lines[1], "document_id", "unique")
    assert f"is duplicated (first on line {lines[0]})" in p.message


def test_duplicate_composite_primary_key(data):
    rows = read_rows(data, "priorities")
    lines = write_rows(data, "priorities", [rows[0], *rows])
    p = find(v.validate(data), "priorities.csv", lines[1], "province_id", "primary key")
    assert f"first on line {lines[0]}" in p.message and "code=" in p.message


def test_low_above_high(data):
    line = corrupt(data, "targets", kind="level", low="5", high="3")
    p = find(v.validate(data), "targets.csv", line, "low", "low <= high")
    assert p.message == "low 5 is greater than high 3"


def test_share_above_100(data):
    line = corrupt(data, "targets", kind="share_of_grdp", unit="%", low="140", high="140")
    problems = v.validate(data)
    for column in ("low", "high"):
        p = find(problems, "targets.csv", line, column, "share within 0-100")
        assert "140 is outside 0-100" in p.message


def test_occupancy_above_100(data):
    line = corrupt(data, "parks", occupancy_pct="140")
    p = find(v.validate(data), "parks.csv", line, "occupancy_pct", "maximum")
    assert p.message == "value '140' is above the maximum 100"


def test_wrong_header(data):
    rows = read_rows(data, "targets")
    header = [f["name"] for f in _resources(data)["targets"]["schema"]["fields"]]
    header[header.index("high")] = "hi"
    for row in rows:
        row["hi"] = row.pop("high")
    write_rows(data, "targets", rows, header=header)
    p = find(v.validate(data), "targets.csv", 1, None, "header")
    assert "missing column(s) 'high'" in p.message and "unexpected column(s) 'hi'" in p.message


def test_columns_in_wrong_order(data):
    header = [f["name"] for f in _resources(data)["codes"]["schema"]["fields"]]
    write_rows(data, "codes", read_rows(data, "codes"), header=header[::-1])
    p = find(v.validate(data), "codes.csv", 1, None, "header")
    assert "wrong order" in p.message and "expected: code, dimension" in p.message


def test_wrong_encoding(data):
    path = data / "sources.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",Caf\xe9 ", 1)  # a Latin-1 byte on line 3
    path.write_bytes(b"\n".join(lines))
    p = find(v.validate(data), "sources.csv", 3, None, "encoding utf-8")
    assert "not valid UTF-8" in p.message and "0xe9" in p.message
    assert str(p).startswith(f"{data / 'sources.csv'}:3: ")


def test_byte_order_mark(data):
    path = data / "codebook" / "codes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    p = find(v.validate(data), "codes.csv", 1, None, "encoding utf-8")
    assert "byte-order mark" in p.message


def test_missing_file(data):
    (data / "parks.csv").unlink()
    p = find(v.validate(data), "parks.csv", None, None, "file present")
    assert "file is missing" in p.message


def test_enum_violation(data):
    line = corrupt(data, "projects", category="nuclear")
    p = find(v.validate(data), "projects.csv", line, "category", "enum")
    assert p.message.startswith("value 'nuclear' is not one of the allowed values: wind_power,")


def test_unit_mismatch(data):
    # An allowed unit (the enum), but not the one its indicator (the first row: area) has.
    line = corrupt(data, "statistics", unit="projects")
    p = find(v.validate(data), "statistics.csv", line, "unit", "unit as in indicators")
    assert "'projects' differs from" in p.message


def test_unknown_unit_is_refused(data):
    line = corrupt(data, "statistics", unit="bogus unit")
    p = find(v.validate(data), "statistics.csv", line, "unit", "enum")
    assert "'bogus unit' is not one of the allowed values" in p.message


def test_statistics_accept_vietnam_but_not_unknown_ids(data):
    rows = read_rows(data, "statistics")
    national = {**rows[0], "province_id": "vietnam", "year": "2001"}
    unknown = {**rows[0], "province_id": "atlantis", "year": "2001"}
    lines = write_rows(data, "statistics", [*rows, national, unknown])
    problems = v.validate(data)
    assert not [p for p in problems if p.file.endswith("statistics.csv") and p.row == lines[-2]]
    p = find(
        problems,
        "statistics.csv",
        lines[-1],
        "province_id",
        "foreign key provinces.province_id or 'vietnam'",
    )
    assert "'atlantis' is not a known province_id (or 'vietnam')" in p.message


def test_required_pattern_minimum_and_period(data):
    line = corrupt(
        data,
        "documents",
        title_en="",
        issued_date="12/2021",
        period_start="2030",
        period_end="1900",
    )
    problems = v.validate(data)
    assert find(problems, "documents.csv", line, "title_en", "required")
    assert (
        "does not match the pattern"
        in find(problems, "documents.csv", line, "issued_date", "pattern").message
    )
    assert (
        "below the minimum 1945"
        in find(problems, "documents.csv", line, "period_end", "minimum").message
    )
    line = corrupt(
        data, "documents", title_en="x", issued_date="", period_start="2030", period_end="2025"
    )
    p = find(v.validate(data), "documents.csv", line, "period_start", "period_start <= period_end")
    assert p.message == "period_start 2030 is after period_end 2025"


def test_result_for_a_target_of_another_province(data):
    provinces = read_rows(data, "provinces")
    free = min(set(range(1, 100)) - {int(r["gso_code"]) for r in provinces})
    write_rows(
        data,
        "provinces",
        [*provinces, {**provinces[0], "province_id": "zz-test"} | {"gso_code": str(free)}],
    )
    target = read_rows(data, "targets")[0]
    line = corrupt(data, "results", province_id="zz-test", target_id=target["target_id"])
    p = find(v.validate(data), "results.csv", line, "province_id", "same province as targets")
    assert p.message == (
        f"target_id '{target['target_id']}' belongs to province '{target['province_id']}', "
        "but this row is for 'zz-test'"
    )


def test_blank_row_and_short_row(data):
    path = data / "codebook" / "codes.csv"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n\nonly,three,values\n", encoding="utf-8")
    end = text.count("\n") + 1
    problems = v.validate(data)
    assert find(problems, "codes.csv", end + 1, None, "blank row")
    assert (
        "row has 3 values but the header has 5"
        in find(problems, "codes.csv", end + 2, None, "row length").message
    )


def test_whitespace_around_an_id(data):
    pid = read_rows(data, "parks")[0]["province_id"]
    line = corrupt(data, "parks", province_id=pid + " ")
    p = find(v.validate(data), "parks.csv", line, "province_id", "whitespace")
    assert "leading or trailing spaces" in p.message


def test_boundary_feature_with_unknown_id(data):
    path = data / "boundaries" / "provinces_63.geojson"
    geo = json.loads(path.read_text(encoding="utf-8"))
    geo["features"][0]["properties"]["province_id"] = "atlantis"
    path.write_text(json.dumps(geo), encoding="utf-8")
    problems = v.validate(data)
    unknown = [p for p in problems if p.rule == "boundary ids" and "'atlantis'" in p.message]
    assert len(unknown) == 1 and "feature 1:" in unknown[0].message
    p = find(problems, "provinces_63.geojson", None, "province_id", "boundary coverage")
    assert "no feature for 1 id(s)" in p.message


def test_missing_boundary_file(data):
    (data / "boundaries" / "units_34.geojson").unlink()
    p = find(v.validate(data), "units_34.geojson", None, None, "file present")
    assert "boundary file is missing" in p.message


# --- command line and build guard ---------------------------------------------------------------


def test_main_prints_problems_and_exits_1(data, capsys):
    line = corrupt(data, "targets", low="abc")
    assert v.main(["--data", str(data)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{data / 'targets.csv'}:{line}: column 'low': value 'abc' is not a number" in "\n".join(
        out
    )
    assert out[-1].startswith(f"{len(out) - 1} problem")
    assert "provbook validate" in out[-1]


def _tiny_package(data: Path) -> Path:
    """A two-table package of our own, valid by construction."""
    data.mkdir()
    schema = {
        "fields": [
            {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
            {"name": "n", "type": "integer", "constraints": {"minimum": 0}},
        ],
        "primaryKey": "id",
        "missingValues": [""],
    }
    child = {
        "fields": [{"name": "id", "type": "string"}, {"name": "on", "type": "date"}],
        "foreignKeys": [{"fields": "id", "reference": {"resource": "a", "fields": "id"}}],
    }
    pkg = {
        "resources": [
            {"name": "a", "path": "a.csv", "schema": schema},
            {"name": "b", "path": "b.csv", "schema": child},
        ]
    }
    (data / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    (data / "a.csv").write_text("id,n\nx,1\ny,\n", encoding="utf-8")
    (data / "b.csv").write_text("id,on\nx,2025-07-01\n,\n", encoding="utf-8")
    return data


def test_main_on_valid_package_exits_0(tmp_path, capsys):
    data = _tiny_package(tmp_path / "data")
    assert v.main(["--data", str(data)]) == 0
    assert capsys.readouterr().out.strip() == f"{data}/ is valid: 2 tables, 4 rows"
    (data / "b.csv").write_text("id,on\nz,2025-07-01\n", encoding="utf-8")
    assert v.main(["--data", str(data)]) == 1
    assert "'z' is not a known id" in capsys.readouterr().out


def test_main_uses_provbook_data_env(tmp_path, capsys, monkeypatch):
    data = _tiny_package(tmp_path / "elsewhere")
    monkeypatch.setenv("PROVBOOK_DATA", str(data))
    assert v.main([]) == 0
    assert "elsewhere/ is valid" in capsys.readouterr().out


def test_main_usage_error_returns_2(capsys):
    assert v.main(["--bogus"]) == 2
    assert "usage: provbook validate" in capsys.readouterr().err


def test_missing_data_folder(tmp_path):
    p = find(v.validate(tmp_path / "nowhere"), "nowhere", None, None, "data folder")
    assert p.message == "folder not found"


def test_ensure_valid_raises_with_every_problem(data):
    corrupt(data, "targets", low="abc")
    corrupt(data, "projects", category="nuclear")
    with pytest.raises(v.DataError) as err:
        v.ensure_valid(data)
    text = str(err.value)
    assert "value 'abc' is not a number" in text and "value 'nuclear'" in text
    assert issubclass(v.DataError, Exception)


def test_ensure_valid_passes_on_valid_package(tmp_path):
    assert v.ensure_valid(_tiny_package(tmp_path / "data")) is None


# --- hostile data: non-finite numbers, control characters, empty tables ------------------------


@pytest.mark.parametrize("text", ["1e999", "-1e999", "NaN", "inf", "Infinity"])
def test_non_finite_numbers_are_refused(data, text):
    line = corrupt(data, "statistics", value=text)
    p = find(v.validate(data), "statistics.csv", line, "value", "type number")
    assert "finite" in p.message or "NaN and infinity are not allowed" in p.message


@pytest.mark.parametrize(
    ("table", "column", "text", "named"),
    [
        ("targets", "note", "a\ttab", "tab"),
        ("parks", "district", "two\nlines", "line break"),
        ("sources", "title", "bell\x07", "control character"),
        ("codes", "rule", "\x1b[31mred", "control character"),
    ],
)
def test_control_characters_are_refused_in_every_string_cell(data, table, column, text, named):
    line = corrupt(data, table, **{column: text})
    p = find(v.validate(data), f"{table}.csv", line, column, "control character")
    assert named in p.message and "\\x" in p.message  # shown escaped, never raw
    assert "\n" not in str(p) and "\t" not in str(p)


@pytest.mark.parametrize(
    ("table", "column", "text", "named", "escaped"),
    [
        ("provinces", "name_vi", "Long\u202eAn", "right-to-left override (U+202E)", "\\u202e"),
        ("targets", "note", "one\u2028two", "line separator (U+2028)", "\\u2028"),
        ("parks", "district", "Tân\u200bUyên", "zero width space (U+200B)", "\\u200b"),
        ("sources", "title", "a\u2067b\u2069", "right-to-left isolate (U+2067)", "\\u2067"),
        ("codes", "rule", "x\ufeffy", "zero width no-break space (U+FEFF)", "\\ufeff"),
    ],
)
def test_characters_that_change_how_text_displays_are_refused(
    data, table, column, text, named, escaped
):
    line = corrupt(data, table, **{column: text})
    p = find(v.validate(data), f"{table}.csv", line, column, "formatting character")
    assert f"contains a {named}, an invisible character" in p.message
    assert escaped in p.message  # shown escaped: the message itself is not reversed or broken
    assert not schema.HIDDEN_RE.search(str(p))


def test_hidden_characters_are_every_control_and_format_character_of_unicode():
    """HIDDEN_RE is written out by hand: it must match exactly Unicode's Cc, Cf, Zl and Zp."""
    every = "".join(map(chr, range(0x110000)))
    wanted = {c for c in every if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"}}
    found = set(schema.HIDDEN_RE.findall(every))
    differ = sorted(f"U+{ord(c):04X} {unicodedata.category(c)}" for c in wanted ^ found)
    assert not differ, differ
    assert {"\u202e", "\u2028", "\u200b", "\t"} <= found


def test_decomposed_unicode_is_refused_so_a_name_has_one_spelling(data):
    rows = read_rows(data, "provinces")
    composed = rows[0]["name_vi"]
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed  # a Vietnamese name with accents
    line = corrupt(data, "provinces", name_vi=decomposed)
    p = find(v.validate(data), "provinces.csv", line, "name_vi", "NFC")
    assert "decomposed Unicode" in p.message and "composed form (NFC)" in p.message
    corrupt(data, "provinces", name_vi=composed)
    assert v.validate(data) == []


def test_real_data_is_nfc_and_free_of_hidden_characters():
    for path in sorted((ROOT / "data").rglob("*.csv")):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path
        assert not schema.HIDDEN_RE.search(text.replace("\n", "")), path


def test_a_one_megabyte_note_is_named_by_file_line_and_column(data, capsys):
    """Python's csv stops at 131,072 characters with "field larger than field limit"."""
    line = corrupt(data, "targets", index=2, note="x" * 1_048_576)
    limit = csv.field_size_limit()
    problems = v.validate(data)
    assert csv.field_size_limit() == limit  # the process-wide limit is given back
    p = find(problems, "targets.csv", line, "note", "cell size")
    assert "is 1,048,576 characters long; a cell holds at most 131,072" in p.message
    assert len(str(p)) - len(str(p.file)) < 300  # the value is cut short (the path: tmp_path)
    assert [q for q in problems if q is not p] == []
    assert v.main(["--data", str(data)]) == 1
    assert f"targets.csv:{line}: column 'note': value 'xxx" in capsys.readouterr().out


@pytest.mark.parametrize("table", ["statistics", "sources", "provinces", "codes", "indicators"])
def test_a_table_with_only_a_header_is_refused_where_rows_are_required(data, table):
    write_rows(data, table, [])
    problems = v.validate(data)
    p = find(problems, f"{table}.csv", None, None, "rows required")
    assert p.message.startswith(f"table '{table}' has no rows; at least one is required")


def test_an_empty_fact_table_is_allowed(data):
    write_rows(data, "results", [])
    assert not [p for p in v.validate(data) if p.file.endswith("results.csv")]


# --- the descriptor: paths and malformed structure ---------------------------------------------


def _descriptor(data: Path) -> dict:
    return json.loads((data / "datapackage.json").read_text(encoding="utf-8"))


def _write_descriptor(data: Path, pkg) -> None:
    (data / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("../../etc/passwd", "must stay inside data/"),
        ("/etc/passwd", "must be a relative path inside data/"),
        ("C:/secret.csv", "must be a relative path inside data/"),
        ("link/secret.csv", "leads outside data/"),
        (["parks.csv"], "must be a non-empty string"),
    ],
)
def test_paths_outside_data_are_refused_without_reading_them(data, tmp_path, path, expected):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("SECRET-CONTENT,x\n", encoding="utf-8")
    (data / "link").symlink_to(outside, target_is_directory=True)
    pkg = _descriptor(data)
    pkg["resources"][6]["path"] = path  # parks
    _write_descriptor(data, pkg)
    problems = v.validate(data)
    p = find(problems, "datapackage.json", None, None, "descriptor")
    assert p.message.startswith("resources[6] ('parks').path: ") and expected in p.message
    report = v.describe(problems, data)
    assert "SECRET" not in report
    from provbook.datapackage import data as d

    with pytest.raises(v.DataError, match="leads outside|stay inside|relative path|non-empty"):
        d.table_names(data)


def _break(pkg: dict, how: str):
    res = pkg["resources"]
    if how == "list":
        return []
    if how == "resources not a list":
        return {**pkg, "resources": "parks.csv"}
    if how == "resource without name":
        del res[0]["name"]
    elif how == "fields not a list":
        res[0]["schema"]["fields"] = "province_id"
    elif how == "field without name":
        res[0]["schema"]["fields"][0] = {"type": "string"}
    elif how == "unknown type":
        res[0]["schema"]["fields"][0]["type"] = "geopoint"
    elif how == "bad pattern":
        res[0]["schema"]["fields"][0]["constraints"]["pattern"] = "(["
    elif how == "enum not a list":
        status = next(f for f in res[6]["schema"]["fields"] if f["name"] == "status")
        status["constraints"]["enum"] = "operating"
    elif how == "minimum not a number":
        res[0]["schema"]["fields"][1]["constraints"]["minimum"] = "one"
    elif how == "primary key names no field":
        res[0]["schema"]["primaryKey"] = "nothing"
    elif how == "foreign keys not a list":
        res[6]["schema"]["foreignKeys"] = {"fields": "province_id"}
    elif how == "boundary without id property":
        del pkg["boundaries"][0]["idProperty"]
    elif how == "schema not an object":
        res[0]["schema"] = ["province_id"]
    return pkg


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("list", r"descriptor: must be a JSON object with a 'resources' list, not a list"),
        ("resources not a list", r"resources: must be a non-empty list of tables, not a string"),
        ("resource without name", r"resources\[0\]\.name: is required"),
        ("fields not a list", r"\.schema\.fields: must be a non-empty list of field objects"),
        ("field without name", r"fields\[0\]: must be an object with a non-empty string 'name'"),
        ("unknown type", r"\.type: 'geopoint' is not supported; use one of string, integer"),
        ("bad pattern", r"constraints\.pattern: must be a valid regular expression"),
        ("enum not a list", r"constraints\.enum: must be a non-empty list of allowed values"),
        ("minimum not a number", r"constraints\.minimum: must be a number"),
        ("primary key names no field", r"primaryKey: names no field of the table: nothing"),
        ("foreign keys not a list", r"foreignKeys: must be a list, not an object"),
        ("boundary without id property", r"boundaries\[0\]\.idProperty: is required"),
        ("schema not an object", r"\.schema: must be an object with 'fields', not a list"),
    ],
)
def test_malformed_descriptors_name_the_key_and_what_is_allowed(data, how, expected):
    _write_descriptor(data, _break(_descriptor(data), how))
    problems = v.validate(data)
    assert problems, how
    descriptor = [p for p in problems if p.file.endswith("datapackage.json")]
    assert any(re.search(expected, p.message) for p in descriptor), "\n".join(map(str, problems))


def test_loader_reports_a_malformed_descriptor_as_data_error(data):
    from provbook.datapackage import data as d

    _write_descriptor(data, [])
    with pytest.raises(v.DataError, match="must be a JSON object with a 'resources' list"):
        d.parks(data)


# --- rules of the fact tables: addresses, same park, qualifiers, missing years ------------------


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a", "www.x.org", "http://"]
)
def test_addresses_must_be_http(data, url):
    line = corrupt(data, "sources", url=url)
    p = find(v.validate(data), "sources.csv", line, "url", "http(s) address")
    assert "http:// or https://" in p.message and "'unknown'" in p.message
    line = corrupt(data, "sources", url="unknown", copy_url=url)
    find(v.validate(data), "sources.csv", line, "copy_url", "http(s) address")


def _parks(data: Path, *links: tuple[str, str, str]) -> list[int]:
    """Write parks p1..pn as (park_id, province_id, same_as); return their lines."""
    base = read_rows(data, "parks")[0]
    source = {r["province_id"]: r["source_id"] for r in read_rows(data, "parks")}
    rows = [
        {**base, "park_id": pid, "province_id": prov, "same_as": same}
        | {"source_id": source.get(prov, base["source_id"])}
        for pid, prov, same in links
    ]
    return write_rows(data, "parks", rows)


def test_same_as_links_mentions_of_one_park(data):
    province = read_rows(data, "parks")[0]["province_id"]
    _parks(data, ("p1", province, ""), ("p2", province, "p1"), ("p3", province, "p1"))
    assert not [p for p in v.validate(data) if p.file.endswith("parks.csv")]


def test_same_as_must_name_an_existing_park(data):
    province = read_rows(data, "parks")[0]["province_id"]
    lines = _parks(data, ("p1", province, ""), ("p2", province, "p9"))
    p = find(v.validate(data), "parks.csv", lines[1], "same_as", "foreign key parks.park_id")
    assert "'p9'" in p.message


def test_same_as_refuses_self_chain_cycle_and_another_province(data):
    province = read_rows(data, "parks")[0]["province_id"]
    other = next(
        r["province_id"] for r in read_rows(data, "provinces") if r["province_id"] != province
    )
    lines = _parks(
        data,
        ("p1", province, ""),
        ("p2", province, "p2"),  # itself
        ("p3", province, "p4"),  # chain p3 -> p4 -> p1
        ("p4", province, "p1"),
        ("p5", province, "p6"),  # cycle p5 <-> p6
        ("p6", province, "p5"),
        ("p7", other, "p1"),  # another province
    )
    problems = [p for p in v.validate(data) if p.rule == "one park, many mentions"]
    by_line = {p.row: p.message for p in problems}
    assert "points to the row itself" in by_line[lines[1]]
    assert "no chains" in by_line[lines[2]] and "('p1')" in by_line[lines[2]]
    assert lines[3] not in by_line
    assert "no chains" in by_line[lines[4]] and "no chains" in by_line[lines[5]]
    assert f"is a park of province '{province}'" in by_line[lines[6]]
    assert len(problems) == 5


def test_qualifier_needs_its_number_and_an_allowed_word(data):
    line = corrupt(data, "targets", kind="qualitative", low="", high="", unit="", qualifier="about")
    p = find(v.validate(data), "targets.csv", line, "qualifier", "qualifier needs a number")
    assert "low and high are empty" in p.message
    line = corrupt(data, "parks", area_ha="", area_qualifier="more_than")
    find(v.validate(data), "parks.csv", line, "area_qualifier", "qualifier needs a number")
    line = corrupt(data, "results", qualifier="roughly")
    p = find(v.validate(data), "results.csv", line, "qualifier", "enum")
    assert "about, just_under, more_than" in p.message


def test_figures_without_a_year_are_allowed(data):
    corrupt(data, "results", period_start="", period_end="")
    corrupt(data, "targets", target_year="", period_start="", period_end="")
    corrupt(data, "parks", expected_year="")
    assert v.validate(data) == []


def test_an_optional_column_may_be_absent_but_not_misplaced(data):
    """Data folders written before a column existed still load; the column reads as missing."""
    from provbook.datapackage import data as d

    fields = [f["name"] for f in _resources(data)["parks"]["schema"]["fields"]]
    old = [n for n in fields if n not in ("area_qualifier", "cost_qualifier", "same_as")]
    write_rows(data, "parks", read_rows(data, "parks"), header=old)
    assert v.validate(data) == []
    parks = d.parks(data)
    assert list(parks.columns) == fields and parks["same_as"].isna().all()
    moved = [old[1], old[0], *old[2:]]
    write_rows(data, "parks", read_rows(data, "parks"), header=moved)
    find(v.validate(data), "parks.csv", 1, None, "header")
    required = [n for n in fields if n != "status"]
    write_rows(data, "parks", read_rows(data, "parks"), header=required)
    p = find(v.validate(data), "parks.csv", 1, None, "header")
    assert "missing column(s) 'status'" in p.message


# --- the reference implementation ----------------------------------------------------------------


def test_real_package_passes_the_reference_frictionless_validate():
    """Our custom keys (optionalColumn, idProperty, boundaries) must not break the standard."""
    import frictionless

    report = frictionless.validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "note"])


def test_frictionless_agrees_that_a_broken_value_is_broken(data):
    """The same check, shown to be able to fail: frictionless finds a planted type error."""
    import frictionless

    corrupt(data, "statistics", value="abc")
    report = frictionless.validate(str(data / "datapackage.json"))
    assert not report.valid
    assert ["type-error"] in report.flatten(["type"])


def test_rows_may_leave_out_trailing_optional_cells(data):
    """A row written before copy_url, url_note, title_vi and url_note_vi existed (13 cells of
    17) is still a row (its title is Vietnamese, so it needs no title_vi)."""
    from provbook.datapackage import data as d

    path = data / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = read_rows(data, "sources")
    short = next(r for r in rows if r["source_id"] == "gso_monthly") | {"source_id": "short_row"}
    header = [f["name"] for f in _resources(data)["sources"]["schema"]["fields"]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([short[h] for h in header[:-4]])
    path.write_text("\n".join(lines) + "\n" + buffer.getvalue(), encoding="utf-8")
    assert v.validate(data) == []
    assert (
        d.sources(data)
        .set_index("source_id")
        .loc["short_row", ["copy_url", "url_note", "title_vi", "url_note_vi"]]
        .isna()
        .all()
    )
    # Leaving out a cell that is not optional ('note', before them) is still an error.
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([short[h] for h in header[:-5]])
    path.write_text("\n".join(lines) + "\n" + buffer.getvalue(), encoding="utf-8")
    p = find(v.validate(data), "sources.csv", len(lines) + 1, None, "row length")
    assert p.message == f"row has {len(header) - 5} values but the header has {len(header)}"


def test_result_for_an_unknown_document(data):
    line = corrupt(data, "results", document_id="doc-nowhere-01")
    p = find(
        v.validate(data), "results.csv", line, "document_id", "foreign key documents.document_id"
    )
    assert "doc-nowhere-01" in p.message


def test_result_for_a_document_of_another_province(data):
    document = read_rows(data, "documents")[0]
    result = next(
        i
        for i, r in enumerate(read_rows(data, "results"))
        if r["province_id"] != document["province_id"]
    )
    line = corrupt(data, "results", result, document_id=document["document_id"])
    p = find(v.validate(data), "results.csv", line, "province_id", "same province as documents")
    assert p.message.startswith(
        f"document_id '{document['document_id']}' belongs to province '{document['province_id']}'"
    )


# --- issued_by_vi: the issuing body as the Vietnamese edition names it ----------------------------


def _document_index(data: Path, document_id: str) -> int:
    return [r["document_id"] for r in read_rows(data, "documents")].index(document_id)


@pytest.mark.parametrize(
    ("document_id", "changes", "expected"),
    [
        (
            "doc-long-an-05",  # issuing body not given by the article
            {"issued_by_vi": "UBND tỉnh"},
            "issued_by_vi 'UBND tỉnh' is given but issued_by is empty: give issued_by too, or "
            "leave both empty",
        ),
        (
            "doc-lam-dong-01",
            {"issued_by_vi": "Provincial Party Committee"},
            "issued_by_vi 'Provincial Party Committee' has no Vietnamese letter: write the "
            "body's Vietnamese name as the source prints it, or leave it empty",
        ),
    ],
)
def test_issued_by_vi_is_a_vietnamese_name_of_a_given_issuer(data, document_id, changes, expected):
    line = corrupt(data, "documents", _document_index(data, document_id), **changes)
    p = find(v.validate(data), "documents.csv", line, "issued_by_vi", "issuer in Vietnamese")
    assert p.message == expected


def test_issued_by_vi_may_be_left_empty_when_the_source_prints_no_vietnamese_name(data):
    corrupt(data, "documents", _document_index(data, "doc-lam-dong-01"), issued_by_vi="")
    assert v.validate(data) == []


# --- url_note_vi: what the addresses are, in the Vietnamese edition's words: both or neither ------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"url_note_vi": ""},
            "url_note 'Original page of the newspaper.' is given but url_note_vi is empty: say "
            "in Vietnamese what the addresses are, or leave both empty",
        ),
        (
            {"url_note": ""},
            "url_note_vi 'Trang gốc của tờ báo.' is given but url_note is empty: give url_note "
            "too, or leave both empty",
        ),
        (
            {"url_note_vi": "Original page."},
            "url_note_vi 'Original page.' has no Vietnamese letter: say in Vietnamese what the "
            "addresses are, or leave both empty",
        ),
    ],
)
def test_url_note_and_url_note_vi_are_given_both_or_neither(data, changes, expected):
    line = corrupt(data, "sources", _source_index(data, "art_bac_kan"), **changes)
    p = find(v.validate(data), "sources.csv", line, "url_note_vi", "address note in Vietnamese")
    assert p.message == expected


def test_url_note_and_url_note_vi_may_both_be_empty(data):
    corrupt(data, "sources", _source_index(data, "art_bac_kan"), url_note="", url_note_vi="")
    assert v.validate(data) == []


# --- title_vi: every source has a title in Vietnamese for the Vietnamese edition -----------------


def _source_index(data: Path, source_id: str) -> int:
    return [r["source_id"] for r in read_rows(data, "sources")].index(source_id)


@pytest.mark.parametrize(
    ("source_id", "changes", "expected"),
    [
        # an English title (GSO's English export) without its Vietnamese title
        ("gso_population", {"title_vi": ""}, "is not Vietnamese: give title_vi"),
        # a Vietnamese title needs none
        ("gso_monthly", {"title_vi": "[Báo cáo]"}, "is Vietnamese: leave title_vi empty"),
        # no headline: our Vietnamese description, bracketed as a supplied title
        (
            "art_long_an",
            {"title_vi": "Long An: cơ cấu lại ngành công nghiệp"},
            "in square brackets",
        ),
        ("art_long_an", {"title_vi": ""}, "in square brackets"),
        ("gso_population", {"title_vi": "[Diện tích, dân số"}, "does not close it"),
    ],
)
def test_title_vi_is_given_where_the_title_is_not_vietnamese(data, source_id, changes, expected):
    line = corrupt(data, "sources", _source_index(data, source_id), **changes)
    p = find(v.validate(data), "sources.csv", line, "title_vi", "title in Vietnamese")
    assert expected in p.message


def test_title_vi_may_be_the_publishers_own_title(data):
    """Unbracketed: the publisher's Vietnamese title (printed as a parallel title)."""
    index = _source_index(data, "vcci_pci")
    corrupt(data, "sources", index, title_vi="Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)")
    assert v.validate(data) == []


def test_is_vietnamese_reads_the_share_of_vietnamese_words():
    from provbook.datapackage.names import is_vietnamese

    assert is_vietnamese("Báo cáo tình hình kinh tế - xã hội tháng 12 (biểu số liệu) 2018-2024")
    assert is_vietnamese("Bế mạc Đại hội Đảng bộ thành phố Cần Thơ lần thứ I")
    assert not is_vietnamese("Quickly bringing Resolution of Điện Biên provincial Party Congress")
    assert not is_vietnamese("Vietnam province boundaries") and not is_vietnamese("2025")
