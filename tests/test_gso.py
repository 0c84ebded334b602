"""The PX-Web parser and the ``ingest-gso`` command, on small PX-Web-format fixtures."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from provbook.datapackage.names import load_matcher
from provbook.derive.gso import (
    STAT_COLUMNS,
    PxWebError,
    ingest_main,
    parse_column,
    read_pxweb,
    write_csv_atomic,
)

FIX = Path(__file__).parent / "fixtures" / "pxweb"
PROVINCES = FIX / "provinces.csv"


@pytest.fixture
def matcher():
    return load_matcher(PROVINCES)


def run(argv, capsys):
    """Run the command; return (exit code, stdout, stderr)."""
    code = ingest_main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


IIP = ["--indicator", "iip_index", "--unit", "previous year = 100", "--source", "gso_pxweb_2018"]


def test_parse_column_splits_year_and_item():
    assert (parse_column(2, "2012").year, parse_column(2, "2012").item) == (2012, "")
    prel = parse_column(3, "Prel. 2016")
    assert (prel.year, prel.item, prel.preliminary) == (2016, "", True)
    area = parse_column(4, "2016 (*) Area (Km2)")
    assert (area.year, area.item) == (2016, "Area (Km2)")
    total = parse_column(5, "Total Prel. 2016")
    assert (total.year, total.item, total.preliminary) == (2016, "Total", True)
    items = parse_column(6, "Total registered capital (Mill. USD)(*)")
    assert (items.year, items.item) == (None, "Total registered capital (Mill. USD)(*)")


def test_read_pxweb_maps_names_national_regions_and_missing(matcher):
    frame = read_pxweb(
        FIX / "iip.csv", "iip_index", "previous year = 100", "gso_pxweb_2018", matcher=matcher
    )
    assert list(frame.columns) == STAT_COLUMNS
    values = {(r.province_id, r.year): r.value for r in frame.itertuples()}
    # The BOM-prefixed title, the national row and GSO's spellings are all understood.
    assert values[("vietnam", 2015)] == 109.8
    assert values[("thua-thien-hue", 2016)] == 110.3
    assert values[("dak-lak", 2015)] == 110.7
    assert values[("ba-ria-vung-tau", 2016)] == 96.1
    assert values[("ho-chi-minh", 2015)] == 107.2
    assert values[("long-an", 2016)] == 113.5  # "Long  An" with two spaces
    # ".." is missing: no row rather than a zero or NaN.
    assert ("bac-lieu", 2015) in values and ("bac-lieu", 2016) not in values
    assert len(frame) == 2 * 9 - 1
    # "Prel. 2016" is the year 2016, and flagged.
    assert frame.attrs["preliminary_years"] == [2016]
    # Region rows are left out, but listed.
    dropped = frame.attrs["dropped"]
    assert [d.name for d in dropped] == [
        "Red River Delta",
        "North Central area and Central coastal area",
        "Central Highlands",
        "South East",
        "Mekong River Delta",
    ]
    assert dropped[0].line == 5


def test_cli_prints_statistics_rows(capsys):
    code, out, err = run([FIX / "iip.csv", *IIP, "--provinces", PROVINCES], capsys)
    assert code == 0, err
    got = rows(out)
    assert list(got[0]) == STAT_COLUMNS
    assert {
        "province_id": "soc-trang",
        "indicator": "iip_index",
        "year": "2016",
        "value": "111.5",
        "unit": "previous year = 100",
        "source_id": "gso_pxweb_2018",
        "status": "preliminary",  # the column is headed "Prel. 2016"
    } in got
    assert {r["status"] for r in got if r["year"] == "2015"} == {"official"}
    assert len(got) == 17
    assert "left out socio-economic region" in err


def test_unknown_province_name_is_an_error_naming_file_line_and_name(capsys):
    path = FIX / "unknown_name.csv"
    code, out, err = run([path, *IIP, "--provinces", PROVINCES], capsys)
    assert code == 2
    assert out == ""
    assert str(path) in err
    assert "line 6" in err
    assert "'Ha Noii'" in err


def test_non_number_reports_line_and_column(capsys):
    code, _, err = run([FIX / "bad_value.csv", *IIP, "--provinces", PROVINCES], capsys)
    assert code == 2
    assert "line 5" in err and "column 3" in err and "'2016'" in err
    assert "'n/a' is not a number" in err


def test_missing_blank_line_is_reported(capsys):
    code, _, err = run([FIX / "no_blank_line.csv", *IIP, "--provinces", PROVINCES], capsys)
    assert code == 2
    assert "line 2" in err and "blank" in err


def test_same_province_twice_is_an_error(matcher):
    with pytest.raises(PxWebError, match=r"line 5.*repeats line 4"):
        read_pxweb(FIX / "duplicate_row.csv", "iip_index", "x", "gso_pxweb_2018", matcher=matcher)


def test_items_need_a_choice_and_a_year(capsys):
    base = [FIX / "fdi_items.csv", "--indicator", "fdi_new_projects", "--unit", "projects"]
    base += ["--source", "gso_pxweb_2018", "--provinces", PROVINCES]
    code, _, err = run(base, capsys)
    assert code == 2 and "several items" in err and "Number of projects" in err
    code, _, err = run([*base, "--item", "Number of projects"], capsys)
    assert code == 2 and "has no year" in err
    code, out, err = run([*base, "--item", "number of projects", "--year", "2015"], capsys)
    assert code == 0, err
    got = {(r["province_id"], r["year"]): r["value"] for r in rows(out)}
    assert got == {
        ("vietnam", "2015"): "2120",
        ("ha-noi", "2015"): "364",
        ("long-an", "2015"): "85",
    }
    assert "'Oil & Gas' (line 10)" in err


def test_year_and_item_columns(matcher):
    frame = read_pxweb(
        FIX / "area_items.csv", "area", "km2", "gso_population", matcher=matcher, item="Area"
    )
    got = {(r.province_id, r.year): r.value for r in frame.itertuples()}
    assert got[("bac-lieu", 2016)] == 2669.1
    assert got[("soc-trang", 2015)] == 3311.6
    assert len(got) == 6


def test_extra_row_dimension_needs_where(capsys):
    base = [FIX / "extra_dim.csv", "--indicator", "divorces", "--unit", "cases"]
    base += ["--source", "gso_pxweb_2018", "--provinces", PROVINCES]
    code, _, err = run(base, capsys)
    assert code == 2 and "'Level'" in err and "Provincial level" in err
    code, out, err = run([*base, "--where", "Level=Total"], capsys)
    assert code == 0, err
    got = {(r["province_id"], r["year"]): r["value"] for r in rows(out)}
    assert got == {
        ("vietnam", "2015"): "24101",
        ("vietnam", "2016"): "24308",
        ("ha-noi", "2015"): "875",
        ("ha-noi", "2016"): "884",
    }


@pytest.fixture
def table_dir(tmp_path):
    """A data folder with a statistics table, its indicators and sources."""
    (tmp_path / "indicators.csv").write_text(
        "indicator,label,unit,description,source_id\n"
        "iip_index,IIP,previous year = 100,Index,gso_pxweb_2018\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.csv").write_text(
        "source_id,kind\ngso_pxweb_2018,statistics\n", encoding="utf-8"
    )
    shutil.copy(PROVINCES, tmp_path / "provinces.csv")
    return tmp_path


def test_append_merges_then_refuses_duplicates_leaving_table_untouched(table_dir, capsys):
    table = table_dir / "statistics.csv"
    common = [*IIP, "--provinces", PROVINCES, "--append-to", table]
    code, _, err = run([FIX / "iip.csv", *common], capsys)
    assert code == 0, err
    code, _, err = run([FIX / "iip_2014.csv", *common], capsys)
    assert code == 0, err
    merged = rows(table.read_text(encoding="utf-8"))
    assert len(merged) == 17 + 3
    hanoi = [(r["year"], r["value"]) for r in merged if r["province_id"] == "ha-noi"]
    assert hanoi == [("2014", "104.2"), ("2015", "108.3"), ("2016", "107.3")]  # sorted

    before = table.read_bytes()
    code, _, err = run([FIX / "iip_2014.csv", *common], capsys)
    assert code == 2
    assert "duplicate the key" in err and "(ha-noi, iip_index, 2014)" in err
    assert table.read_bytes() == before
    assert sorted(p.name for p in table_dir.iterdir()) == [
        "indicators.csv",
        "provinces.csv",
        "sources.csv",
        "statistics.csv",
    ]


def test_append_checks_indicator_unit_and_source(table_dir, capsys):
    table = table_dir / "statistics.csv"
    table.write_text(",".join(STAT_COLUMNS) + "\n", encoding="utf-8")
    before = table.read_bytes()
    base = [FIX / "iip.csv", "--provinces", PROVINCES, "--append-to", table]
    code, _, err = run(
        [*base, "--indicator", "iip", "--unit", "%", "--source", "gso_pxweb_2018"], capsys
    )
    assert code == 2 and "'iip' is not defined" in err
    code, _, err = run(
        [*base, "--indicator", "iip_index", "--unit", "%", "--source", "gso_pxweb_2018"], capsys
    )
    assert code == 2 and "has unit 'previous year = 100'" in err
    code, _, err = run(
        [
            *base,
            "--indicator",
            "iip_index",
            "--unit",
            "previous year = 100",
            "--source",
            "gso_2099",
        ],
        capsys,
    )
    assert code == 2 and "'gso_2099' is not in sources.csv" in err
    assert table.read_bytes() == before


def test_out_file_and_bad_arguments(tmp_path, capsys):
    out = tmp_path / "rows.csv"
    code, stdout, _ = run(
        [FIX / "iip_2014.csv", *IIP, "--provinces", PROVINCES, "--out", out], capsys
    )
    assert code == 0 and stdout == ""
    assert [r["province_id"] for r in rows(out.read_text(encoding="utf-8"))] == [
        "bac-lieu",
        "ha-noi",
        "vietnam",
    ]
    code, _, err = run([FIX / "iip.csv", "--unit", "x"], capsys)  # no --indicator
    assert code == 2 and "--indicator" in err
    code, _, err = run([tmp_path / "absent.csv", *IIP, "--provinces", PROVINCES], capsys)
    assert code == 2 and "absent.csv" in err


def test_failed_write_leaves_target_and_no_temp_file(tmp_path):
    target = tmp_path / "statistics.csv"
    target.write_text("old\n", encoding="utf-8")

    def broken():
        yield dict.fromkeys(STAT_COLUMNS, "x")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_csv_atomic(target, STAT_COLUMNS, broken())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["statistics.csv"]


def test_slugs_and_name_matching(matcher):
    from provbook.datapackage.names import NameMatcher, slugify

    assert slugify("Tỉnh Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert slugify("Thành phố Hồ Chí Minh") == "ho-chi-minh"
    assert slugify("Đắk Lắk") == "dak-lak"
    assert slugify("Thừa Thiên Huế") == "thua-thien-hue"
    for spelling in ["Ho Chi Minh city", "TP. Hồ Chí Minh", "TP HCM", "HCMC"]:
        assert matcher.province_id(spelling) == "ho-chi-minh", spelling
    for spelling in ["Thua Thien - Hue", "TT-Hue", "Thừa Thiên - Huế", "TP Huế"]:
        assert matcher.province_id(spelling) == "thua-thien-hue", spelling
    assert matcher.classify("Northern midlands and moutain areas").kind == "region"
    assert matcher.classify("CẢ NƯỚC ").id == "vietnam"
    assert matcher.classify("Ha Tay").kind == "former"
    assert matcher.classify("Hanoi City").id == "ha-noi"
    assert matcher.classify("Atlantis") is None
    with pytest.raises(ValueError, match="would match both"):
        NameMatcher({"a": ["Ha Noi"], "b": ["Hà Nội"]})
