"""provbook.datapackage.data: tables come back typed per datapackage.json, cached until the file
changes, and bad files give a DataError that says where; the appendix lists every table and
field."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from test_validate import corrupt, make_copy, read_rows, write_rows

from provbook.datapackage import data as d

CONVENIENCE = (
    "provinces",
    "units_2025",
    "sources",
    "documents",
    "targets",
    "results",
    "parks",
    "projects",
    "codes",
    "priorities",
    "indicators",
    "statistics",
    "statistics_2025",
    "plans_2030",
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_copy(tmp_path / "data")


def _fields(data: Path, name: str) -> list[dict]:
    pkg = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in pkg["resources"] if r["name"] == name)["schema"]["fields"]


def test_every_table_has_a_function_returning_its_schema_columns(data):
    assert list(CONVENIENCE) == d.table_names(data)
    for name in CONVENIENCE:
        frame = getattr(d, name)(data)
        assert list(frame.columns) == [f["name"] for f in _fields(data, name)]
        assert len(frame) == len(read_rows(data, name))


def test_types_follow_the_schema(data):
    expected = {"integer": "Int64", "number": "float64"}
    for name in CONVENIENCE:
        frame = d.load(name, data)
        for f in _fields(data, name):
            dtype = frame[f["name"]].dtype
            if f["type"] == "date":
                assert pd.api.types.is_datetime64_dtype(dtype), (name, f["name"], dtype)
            elif f["type"] == "string":
                assert pd.api.types.is_string_dtype(dtype), (name, f["name"], dtype)
            else:
                assert str(dtype) == expected[f["type"]], (name, f["name"], dtype)


def test_empty_cell_is_missing_and_integers_stay_integers(data):
    rows = read_rows(data, "targets")
    blank = {**rows[0], "target_id": "t-blank", "low": "", "high": "", "target_year": ""}
    blank |= {"indicator_vi": "", "unit": ""}
    write_rows(data, "targets", [*rows, blank])
    frame = d.targets(data).set_index("target_id")
    assert frame.loc["t-blank", ["low", "high", "target_year", "indicator_vi", "unit"]].isna().all()
    assert str(frame["target_year"].dtype) == "Int64"
    # Ids that look numeric stay text: "007" is not 7.
    write_rows(data, "targets", [*rows, {**rows[0], "target_id": "007"}])
    assert "007" in set(d.targets(data)["target_id"])


def test_values_are_parsed(data):
    corrupt(data, "targets", low="1.5e1", high="-.5", target_year="+2030")
    first = d.targets(data).iloc[0]
    assert (first["low"], first["high"], first["target_year"]) == (15.0, -0.5, 2030)
    corrupt(data, "provinces", merged_on="2025-07-01")
    assert d.provinces(data)["merged_on"].iloc[0] == pd.Timestamp("2025-07-01")


def test_provbook_data_overrides_the_default(data, monkeypatch):
    rows = read_rows(data, "codes")
    write_rows(data, "codes", [*rows, {**rows[0], "code": "only_in_the_copy"}])
    monkeypatch.setenv("PROVBOOK_DATA", str(data))
    assert d.resolve_data_dir() == data.resolve()
    assert "only_in_the_copy" in set(d.codes()["code"])
    monkeypatch.delenv("PROVBOOK_DATA")
    assert d.resolve_data_dir() == (Path(d.__file__).parents[2] / "data").resolve()


def test_cache_follows_file_changes_and_callers_cannot_spoil_it(data):
    first = d.codes(data)
    first.loc[0, "label_en"] = "changed by a caller"
    first["extra"] = 1
    again = d.codes(data)
    assert "extra" not in again.columns and again.loc[0, "label_en"] != "changed by a caller"
    assert d._load_cached.cache_info().hits >= 1
    rows = read_rows(data, "codes")
    write_rows(data, "codes", rows[:1])
    path = data / "codebook" / "codes.csv"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert len(d.codes(data)) == 1


def test_bad_value_gives_data_error_with_line_and_column(data):
    line = corrupt(data, "targets", low="abc")
    with pytest.raises(d.DataError) as err:
        d.targets(data)
    message = str(err.value)
    assert f"targets.csv:{line}: column 'low': value 'abc' is not a number" in message
    assert "provbook validate" in message


def test_wrong_header_and_encoding_give_data_error(data):
    header = [f["name"] for f in _fields(data, "codes")]
    write_rows(data, "codes", read_rows(data, "codes"), header=header[:-1])
    with pytest.raises(d.DataError, match="missing column\\(s\\) 'rule'"):
        d.codes(data)
    path = data / "sources.csv"
    path.write_bytes(path.read_bytes() + b"caf\xe9,,,,,,,,,,,,\n")
    with pytest.raises(d.DataError, match="sources.csv:\\d+: file is not valid UTF-8"):
        d.sources(data)


def test_missing_file_and_unknown_table(data):
    (data / "parks.csv").unlink()
    with pytest.raises(d.DataError, match="parks.csv is missing"):
        d.parks(data)
    with pytest.raises(ValueError, match="unknown table 'park'; the data package has: provinces"):
        d.load("park", data)


def test_check_province(data):
    known = d.known_province_ids(data)
    assert known == sorted(known) and known
    assert d.check_province(known[0], data) == known[0]
    with pytest.raises(ValueError) as err:
        d.check_province(known[0] + "x", data)
    message = str(err.value)
    assert f"unknown province id '{known[0]}x'" in message
    assert f"did you mean '{known[0]}'" in message
    assert message.endswith("known ids: " + ", ".join(known))


def test_package_is_a_copy(data):
    pkg = d.package(data)
    assert [r["name"] for r in pkg["resources"]] == list(CONVENIENCE)
    pkg["resources"].clear()
    assert len(d.package(data)["resources"]) == len(CONVENIENCE)


def test_boundaries(data):
    geo = d.boundaries("provinces_63", data)
    assert geo["type"] == "FeatureCollection"
    ids = {f["properties"]["province_id"] for f in geo["features"]}
    assert ids == set(d.known_province_ids(data))
    geo["features"].clear()  # callers may annotate or trim; the next call is unaffected
    assert d.boundaries("boundaries/provinces_63.geojson", data)["features"]
    units = d.boundaries("units_34", data)
    assert {str(f["properties"]["unit_2025_code"]) for f in units["features"]} == {
        str(c) for c in d.units_2025(data)["unit_2025_code"]
    }
    with pytest.raises(ValueError, match="known: provinces_63, units_34"):
        d.boundaries("provinces", data)


def test_describe_package_lists_every_table_and_field(data):
    text = d.describe_package(data)
    for name in CONVENIENCE:
        assert f"Table `{name}`" in text
        assert re.search(rf"Table `{name}`, .*, {len(read_rows(data, name))} rows?\.", text)
        for f in _fields(data, name):
            assert f"`{f['name']}`" in text
    for source_id in (r["source_id"] for r in read_rows(data, "sources")):
        assert f"`{source_id}`" in text
    labels = re.findall(r"^\((.+)\)=$", text, flags=re.M)
    # Boundaries, sources and the aggregation rules besides the tables; duplicates fail `-W`.
    assert len(labels) == len(set(labels)) == len(CONVENIENCE) + 3
    html = MarkdownIt("commonmark").enable("table").render(text)
    # Every table renders as a table (a stray '|' would split or break it), and no raw HTML.
    assert html.count("<table>") == len(CONVENIENCE) + 3
    assert "<code>^(unknown|\\d{4}(-\\d{2}(-\\d{2})?)?)$</code>" in html
    assert re.search(r"(?<!\\)<", text) is None
    # Each indicator's rule for the provinces of 2025 (indicators.csv, column aggregation).
    assert "| GRDP per capita | million VND | parts weighted by population |" in text
    pci = "| PCI, weighted composite score | score (0-100) | not combined: shown part by part |"
    assert pci in text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_appendix_reads_each_indicators_rule_from_the_data_in_the_codebooks_words(data, lang):
    """The rule column of the appendix: indicators.csv's ``aggregation`` of each indicator, in
    the words the unit chapters use for it (provbook/words/<lang>/codebook.toml [aggregation]),
    not a list of its own; a rule changed in the data is the rule printed."""
    from provbook.words import catalogue, say

    rules = _fields(data, "indicators")
    enum = next(f for f in rules if f["name"] == "aggregation")["constraints"]["enum"]
    worded = {
        k.partition(".")[2] for k in catalogue(lang, "codebook") if k.startswith("aggregation.")
    }
    assert worded == set(enum), "every rule the schema allows has words, and no other"
    corrupt(data, "indicators", 1, aggregation="ratio_of_totals")  # a "sum" row, changed
    text = d.describe_package(data, lang=lang)
    vi = d.vietnamese_package()["indicators"]
    for row in read_rows(data, "indicators"):
        label, unit = vi[row["indicator"]] if lang == "vi" else (row["label"], row["unit"])
        rule = say(f"codebook.aggregation.{row['aggregation']}", lang)
        assert f"| {d._md(label)} | {d._md(unit)} | {rule} |" in text, row["indicator"]


# --- reading the facts: qualifiers, years, one row per park --------------------------------------


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "expected"),
    [
        (1200, "about", "ha", "about 1,200 ha"),
        (58.0, "just_under", "VND billion", "just under 58 VND billion"),
        (2921, "more_than", "VND billion", "more than 2,921 VND billion"),
        (74.4, None, "ha", "74.4 ha"),
        (-1.5, "", "% per year", "-1.5 % per year"),
        (800000, pd.NA, None, "800,000"),
        (float("nan"), "about", "ha", ""),
    ],
)
def test_qualified(value, qualifier, unit, expected):
    assert d.qualified(value, qualifier, unit) == expected


def test_qualified_refuses_an_unknown_qualifier():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'; allowed: about, "):
        d.qualified(1, "roughly")


def test_qualifiers_and_statuses_cover_the_descriptor(data):
    """The helpers know every value the data may hold, so no chapter prints a raw code."""
    fields = {f["name"]: f for f in _fields(data, "parks")}
    assert set(fields["status"]["constraints"]["enum"]) == set(d.PARK_STATUSES)
    for name in ("area_qualifier", "cost_qualifier"):
        assert set(fields[name]["constraints"]["enum"]) == set(d.QUALIFIERS)
    assert d.year_label(pd.NA) == "no year stated" and d.year_label(2030) == "2030"


def _park(park_id: str, **cells) -> dict[str, str]:
    row = {"province_id": "bac-kan", "name": park_id, "park_type": "KCN", "status": "planned"}
    return {"park_id": park_id, "source_id": "art_bac_kan", **row, **cells}


def test_distinct_parks_counts_a_park_named_twice_once(data):
    write_rows(
        data,
        "parks",
        [
            _park("a1", area_ha="100", status="planned"),
            _park("a2", area_ha="300", area_qualifier="about", status="operating", same_as="a1"),
            _park("a3", same_as="a1", status="proposed"),
            _park("b1", area_ha="50"),
            _park("c1", status="approved"),
            _park("c2", status="proposed", same_as="c1"),
        ],
    )
    parks = d.parks(data)
    assert parks["area_ha"].sum() == 450  # the double count the rule prevents
    one = d.distinct_parks(parks).set_index("park_id")
    assert list(one.index) == ["a1", "b1", "c1"]
    a = one.loc["a1"]
    assert (a["area_ha"], a["area_qualifier"], a["status"]) == (300, "about", "operating")
    assert (a["mentions"], a["mention_ids"], a["figure_from"]) == (3, "a1;a2;a3", "a2")
    assert a["figure_rule"] == "largest stated area of 3 mentions"
    assert one.loc["b1", "figure_rule"] == "only mention"
    c = one.loc["c1"]
    assert (c["figure_from"], c["status"]) == ("c1", "approved")
    assert c["figure_rule"].startswith("no area stated in 2 mentions")
    assert d.total_area(parks) == 350
    assert one["same_as"].isna().all()


def test_distinct_parks_tie_goes_to_the_main_row(data):
    write_rows(
        data,
        "parks",
        [_park("a1", area_ha="10", status="planned"), _park("a2", area_ha="10", same_as="a1")],
    )
    one = d.distinct_parks(d.parks(data))
    assert len(one) == 1 and one.iloc[0]["figure_from"] == "a1"


def test_distinct_parks_of_the_real_data_keeps_every_park():
    """No real park is linked yet: one row each, and every mention accounted for."""
    parks = d.parks()
    one = d.distinct_parks(parks)
    assert one["mentions"].sum() == len(parks)
    assert len(one) == len(parks) - parks["same_as"].notna().sum()
    assert d.distinct_parks(parks.iloc[0:0]).empty


def test_provinces_with_facts_follow_the_fact_tables(data):
    before = d.provinces_with_facts(data)
    assert before == sorted(before) and before
    rows = read_rows(data, "priorities")
    write_rows(data, "priorities", [*rows, {**rows[0], "province_id": "ha-giang"}])
    assert d.provinces_with_facts(data) == sorted({*before, "ha-giang"})
    assert d.FACT_TABLES == ("documents", "targets", "results", "parks", "projects", "priorities")


def test_loader_refuses_infinity_and_control_characters(data):
    line = corrupt(data, "statistics", value="1e999")
    with pytest.raises(d.DataError, match=rf"statistics.csv:{line}: column 'value'.*finite"):
        d.statistics(data)
    line = corrupt(data, "codes", rule="bad\x1bescape")
    with pytest.raises(d.DataError, match=rf"codes.csv:{line}: column 'rule'.*control character"):
        d.codes(data)


def test_loader_refuses_display_changing_characters_and_decomposed_text(data):
    line = corrupt(data, "parks", district="Tân\u202eUyên")
    with pytest.raises(d.DataError, match=rf"parks.csv:{line}: column 'district'.*right-to-left"):
        d.parks(data)
    name = read_rows(data, "provinces")[0]["name_vi"]
    line = corrupt(data, "provinces", name_vi=unicodedata.normalize("NFD", name))
    with pytest.raises(d.DataError, match=rf"provinces.csv:{line}: column 'name_vi'.*NFC"):
        d.provinces(data)


def test_loader_names_the_cell_over_the_size_limit(data):
    line = corrupt(data, "targets", note="x" * 1_048_576)
    with pytest.raises(d.DataError, match=rf"targets.csv:{line}: column 'note'.*1,048,576"):
        d.targets(data)


def test_check_provinces_names_every_unknown_id_once(data):
    known = d.known_province_ids(data)
    assert d.check_provinces([known[1], known[0]], data_dir=data) == [known[1], known[0]]
    assert d.check_provinces([], known=["x"]) == []
    with pytest.raises(d.UnknownProvinceError) as err:
        d.check_provinces(["atlantis", known[0], "long-am"], data_dir=data)
    message = str(err.value)
    assert message.startswith(
        f"unknown province id(s): atlantis, long-am. Known ids ({len(known)}):"
    )
    assert "'long-am': did you mean 'long-an'?" in message
    assert isinstance(err.value, ValueError)


def test_the_appendix_names_the_provinces_with_no_published_2030_target():
    """Hand-checked against data/plans_2030.csv: no row for these six of the 34 (issue 22)."""
    appendix = d.describe_package()
    line = next(li for li in appendix.splitlines() if li.startswith("- Coverage: targets"))
    assert line == (
        "- Coverage: targets found for 28 of the 34 provinces; no published target found for "
        "Hà Nội, Lai Châu, Sơn La, Lạng Sơn, Hải Phòng and Ninh Bình."
    )


def test_the_coverage_line_follows_the_table():
    units = pd.DataFrame({"unit_2025_id": ["a-2025", "b-2025"], "name_short": ["A", "B"]})
    every = pd.DataFrame({"unit_2025_id": ["a-2025", "b-2025", "b-2025"]})
    assert d.plans_coverage_paragraph(units, every) == [
        "- Coverage: targets found for 2 of the 2 provinces."
    ]
    assert d.plans_coverage_paragraph(units, every.iloc[:1]) == [
        "- Coverage: targets found for 1 of the 2 provinces; no published target found for B."
    ]


# --- the Vietnamese data appendix ----------------------------------------------------------------


def test_the_vietnamese_words_name_every_table_field_indicator_kind_and_licence():
    """datapackage_vi.toml is complete and has nothing stale: a new field, table, indicator,
    source kind or licence without its Vietnamese fails here."""
    vi = d.vietnamese_package()
    pkg = d.package()
    assert set(vi["tables"]) == {r["name"] for r in pkg["resources"]}
    for resource in pkg["resources"]:
        words = vi["tables"][resource["name"]]
        assert set(words["fields"]) == {f["name"] for f in resource["schema"]["fields"]}, resource[
            "name"
        ]
        assert len(words.get("sources", [])) == len(resource.get("sources", []))
    assert set(vi["indicators"]) == set(d.indicators()["indicator"])
    assert set(vi["boundaries"]) == {b["path"] for b in pkg["boundaries"]}
    sources = d.sources()
    kind = next(f for f in d.package()["resources"][2]["schema"]["fields"] if f["name"] == "kind")
    assert set(vi["source_kinds"]) == set(kind["constraints"]["enum"])
    assert set(sources["licence"].dropna()) <= set(vi["licences"])


def test_the_vietnamese_appendix_is_vietnamese_with_the_same_tables():
    english, vietnamese = d.describe_package(), d.describe_package(lang="vi")
    assert vietnamese.startswith("# Phụ lục dữ liệu\n")
    # Same labels (links from other pages), same tables, same ids, files and counts.
    labels = re.findall(r"^\((.+)\)=$", english, flags=re.M)
    assert re.findall(r"^\((.+)\)=$", vietnamese, flags=re.M) == labels
    html = MarkdownIt("commonmark").enable("table").render(vietnamese)
    assert html.count("<table>") == MarkdownIt("commonmark").enable("table").render(english).count(
        "<table>"
    )
    assert "| Trường | Kiểu | Mô tả | Ràng buộc |" in vietnamese
    assert "Bảng `provinces`, tệp `data/provinces.csv`, 63 dòng." in vietnamese
    assert (
        "| GRDP bình quân đầu người | triệu đồng | bình quân các tỉnh cũ, trọng số là dân số |"
        in (vietnamese)
    )
    # No field's English description, no English heading, sentence or table header.
    for resource in d.package()["resources"]:
        for field in resource["schema"]["fields"]:
            description = field.get("description", "")
            if len(description.split()) > 2:
                assert d._md(description) not in vietnamese, (resource["name"], field["name"])
    for english_words in ("| Field |", "Primary key", "Foreign key", "## Sources and licences",
                          "Coverage", "not stated", "| Indicator |", "refers to"):  # fmt: skip
        assert english_words not in vietnamese
    # Numbers as Vietnamese readers write them (hand-checked against the English appendix:
    # "-8.5% (An Giang) to +10.4% (Long An)", "Gia Lai (−2.9 USD million)").
    assert "từ −8,5\u00a0% (An Giang) đến +10,4\u00a0% (Long An)" in vietnamese
    assert "Gia Lai (−2,9 triệu USD)" in vietnamese
    assert (
        "- Mức bao phủ: tìm thấy mục tiêu của 28 trong 34 tỉnh, thành phố; không tìm thấy mục "
        "tiêu được công bố của Hà Nội, Lai Châu, Sơn La, Lạng Sơn, Hải Phòng và Ninh Bình."
    ) in vietnamese


def test_the_vietnamese_table_of_sources_names_publishers_in_vietnamese_and_leaves_gaps_empty():
    """The Publisher column as the Vietnamese references name the publisher ('Tổng cục Thống kê
    (GSO)', codebook.toml [publisher]), not sources.csv's English outlet; a source with no
    retrieved_from has an empty cell, not the word 'nan'."""
    from provbook.words import outlet_name

    text = d.describe_package(lang="vi")
    rows = {
        cells[0].strip("` "): cells
        for line in text[text.index("(data-sources-and-licences)=") :].splitlines()
        if line.startswith("| `") and len(cells := line.strip("|").split(" | ")) == 7
    }
    sources = d.sources()
    assert set(rows) == set(sources["source_id"])
    for source in sources.itertuples(index=False):
        cells = rows[source.source_id]
        if source.outlet != "unknown":
            assert cells[2] == d._md(outlet_name(source.outlet, "vi")), source.source_id
        assert "nan" not in cells[6], source.source_id
        if not isinstance(source.retrieved_from, str):
            assert cells[6].strip() == "", source.source_id
    assert rows["gso_population"][2] == "Tổng cục Thống kê (GSO)"


def test_the_vietnamese_appendix_has_no_common_english_word_in_its_reader_text():
    """The language check over the page's Markdown: code spans and MyST labels are not reader
    text, names and titles from data/ are excluded."""
    from provbook.publish.language_check import data_names, english_words, reader_text

    text = d.describe_package(lang="vi")
    text = re.sub(r"`[^`]*`", "", re.sub(r"^\(.+\)=$", "", text, flags=re.M))
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    assert english_words(reader_text(f"<body>{paragraphs}</body>", data_names())) == []


def test_the_appendix_speaks_only_the_books_languages():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        d.describe_package(lang="fr")
