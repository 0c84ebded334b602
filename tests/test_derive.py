"""The derivation (provbook.derive) on tiny raw-format fixtures in tests/fixtures/raw/.

The fixtures copy the layout of the real raw folder for eight provinces with synthetic values;
tests/fixtures/raw/make_fixtures.py writes them.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from provbook.derive import OUTPUTS, derive, readers
from provbook.derive.boundaries import decode_topojson, simplify_layer
from provbook.derive.provinces import build_provinces
from provbook.derive.statistics import INDICATORS, read_labour_use_sheet
from provbook.derive.units_2025 import build_units_2025

RAW = Path(__file__).parent / "fixtures" / "raw"
#: The 2025 units' two raw files of RAW with '..' and 'NA' in five cells (synthetic).
MISSING_CELLS = Path(__file__).parent / "fixtures" / "raw-missing-cells"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def derived(tmp_path_factory):
    out = tmp_path_factory.mktemp("data")
    report = derive(RAW, out)
    return out, report


@pytest.fixture
def raw_copy(tmp_path):
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def value(stats, province, indicator, year):
    found = [
        r["value"]
        for r in stats
        if (r["province_id"], r["indicator"], r["year"]) == (province, indicator, str(year))
    ]
    assert len(found) <= 1
    return found[0] if found else None


def test_provinces_and_units_from_mapping_and_regions():
    prov = build_provinces(RAW)
    table = prov.provinces.set_index("province_id")
    assert list(table.index) == [
        "ha-noi",
        "bac-kan",
        "thai-nguyen",
        "thua-thien-hue",
        "khanh-hoa",
        "ba-ria-vung-tau",
        "ho-chi-minh",
        "soc-trang",
    ]
    assert table.loc["bac-kan", "name_vi"] == "Bắc Kạn"
    assert table.loc["bac-kan", "unit_2025_code"] == 19
    assert table.loc["bac-kan", "region"] == "Northern Midlands and Mountains"
    # The mapping calls code 46 "Thành phố Huế" (its 2025 name); the id stays thua-thien-hue.
    assert table.loc["thua-thien-hue", "name_vi"] == "Thừa Thiên Huế"
    assert table.loc["ba-ria-vung-tau", "name_ascii"] == "Ba Ria - Vung Tau"
    assert set(table["merged_on"]) == {"2025-07-01"}
    units = prov.units.set_index("unit_2025_code")
    assert units.loc[46, "unit_2025_id"] == "hue-2025"
    assert units.loc[92, "name_vi"] == "Thành phố Cần Thơ"
    assert len(units) == 6


def test_derive_writes_every_output(derived):
    out, report = derived
    for name in OUTPUTS:
        assert (out / name).exists(), name
    provinces = {r["province_id"] for r in read(out / "provinces.csv")}
    stats = read(out / "statistics.csv")
    assert {r["province_id"] for r in stats} <= provinces | {"vietnam"}
    indicators = {r["indicator"]: r["unit"] for r in read(out / "indicators.csv")}
    assert set(indicators) == set(INDICATORS)
    assert all(indicators[r["indicator"]] == r["unit"] for r in stats)
    keys = [(r["province_id"], r["indicator"], r["year"]) for r in stats]
    assert len(keys) == len(set(keys))
    assert report.counts["statistics.csv"] == len(stats)


def test_pxweb_population_and_grdp_values(derived):
    out, _ = derived
    stats = read(out / "statistics.csv")
    assert value(stats, "vietnam", "iip_index", 2015) == "109.8"
    assert value(stats, "ha-noi", "iip_index", 2015) == "100.5"
    assert value(stats, "bac-kan", "iip_index", 2016) is None  # '..' in the fixture
    assert value(stats, "thai-nguyen", "fdi_new_projects", 2016) == "3"
    assert value(stats, "bac-kan", "fdi_new_projects", 2015) is None
    assert value(stats, "vietnam", "fdi_stock_capital", 2015) == "3000.5"
    assert value(stats, "vietnam", "labour_force", 2016) == "54445.3"  # "Prel. 2016"
    assert value(stats, "soc-trang", "population", 2022) == "962"
    assert value(stats, "ho-chi-minh", "population_density", 2021) == "79.25"
    assert value(stats, "thua-thien-hue", "grdp_per_capita", 2022) == "46.61"


def test_left_out_rows_are_reported(derived):
    _, report = derived
    notes = "\n".join(report.notes)
    assert "'Ha Tay' (Hà Tây, merged into Hà Nội on 2008-08-01)" in notes
    assert "'Oil & Gas'" in notes
    assert "no sheet LĐCN_DP, year 2018 skipped" in notes
    assert "restored the province of 6 nameless 2013 rows" in notes


def test_pci_restores_2013_names_and_keeps_only_vcci_unweighted(derived):
    out, _ = derived
    stats = read(out / "statistics.csv")
    # Bắc Kạn and Khánh Hòa have the same sub-index scores in the fixture: the total decides.
    assert value(stats, "bac-kan", "pci_weighted", 2013) == "50.6"
    assert value(stats, "khanh-hoa", "pci_weighted", 2013) == "55.6"
    assert value(stats, "thua-thien-hue", "pci_entry", 2013) == "6.2"
    assert value(stats, "ho-chi-minh", "pci_weighted", 2013) == "57.9"
    assert value(stats, "ha-noi", "pci_unweighted", 2007) == "60.5"
    assert value(stats, "ha-noi", "pci_unweighted", 2009) is None
    assert value(stats, "ha-noi", "pci_weighted", 2009) == "57.5"
    # 54.59544372558594 in the fixture (float noise), rounded to VCCI's two decimals.
    assert value(stats, "bac-kan", "pci_weighted", 2016) == "54.6"
    assert not [r for r in stats if r["indicator"] == "pci_implement"]


def test_labour_use_index_reads_the_year_on_year_column(derived):
    out, _ = derived
    stats = read(out / "statistics.csv")
    got = {
        r["province_id"]: r["value"]
        for r in stats
        if r["indicator"] == "industrial_labour_use_index" and r["year"] == "2023"
    }
    assert got["vietnam"] == "97.84"
    assert got["ha-noi"] == "95"
    assert got["thua-thien-hue"] == "98"
    assert got["ho-chi-minh"] == "101"
    assert len(got) == 9


def test_boundaries_keep_archipelago_islets_and_shared_borders(derived):
    out, _ = derived
    provinces = json.loads((out / "boundaries/provinces_63.geojson").read_text(encoding="utf-8"))
    feats = {f["properties"]["province_id"]: f for f in provinces["features"]}
    assert len(feats) == 8
    assert feats["khanh-hoa"]["properties"]["name_vi"] == "Khánh Hòa"
    shapes = {k: shape(f["geometry"]) for k, f in feats.items()}
    assert len(shapes["khanh-hoa"].geoms) == 3  # islets smaller than the threshold, kept
    assert shapes["khanh-hoa"].bounds[2] > 111
    assert shapes["thai-nguyen"].geom_type == "Polygon"  # its islet was dropped
    assert all(s.is_valid for s in shapes.values())
    shared = shapes["ha-noi"].intersection(shapes["bac-kan"])
    assert shared.area == 0 and shared.length == pytest.approx(1.0)
    units = json.loads((out / "boundaries/units_34.geojson").read_text(encoding="utf-8"))
    props = [f["properties"] for f in units["features"]]
    assert [p["unit_2025_code"] for p in props] == [1, 19, 46, 56, 79, 92]
    assert props[2]["name_vi"] == "Thành phố Huế"
    assert len(shape(units["features"][3]["geometry"]).geoms) == 3


def test_decode_topojson_applies_transform_and_reversed_arcs():
    topology = json.loads(
        (RAW / "boundaries/taliacao_63_provinces_fixednames.topo.json").read_text(encoding="utf-8")
    )
    decoded = decode_topojson(topology)
    hanoi = decoded[0][1]
    assert decoded[0][0]["ten_tinh"] == "TP Hà Nội"
    assert hanoi.equals(shapely.box(104.0, 10.0, 105.0, 11.0))
    assert decoded[1][1].equals(shapely.box(105.0, 10.0, 106.0, 11.0))  # uses arc ~1


def test_simplify_layer_rounds_and_protects():
    islet = shapely.Polygon([(110.00001, 10), (110.00003, 10), (110.00003, 10.00002)])
    main = shapely.box(100, 10, 101, 11)
    geoms, notes = simplify_layer(
        [
            shapely.MultiPolygon([main, islet]),
            shapely.MultiPolygon([shapely.box(101, 10, 102, 11), islet]),
        ],
        ["kept", "dropped"],
        ["kept"],
    )
    assert len(geoms[0].geoms) == 2  # a 2 m islet survives, with more decimals
    assert geoms[1].geom_type == "Polygon"
    assert any("dropped 1 islet" in n for n in notes)
    assert any("kept with 6 decimals" in n for n in notes)


def test_bad_raw_input_fails_before_writing(raw_copy, tmp_path):
    pci = raw_copy / "pci-2005-2016/pci_2005_2016.csv"
    text = pci.read_text(encoding="utf-8").replace("Ha Tay,", "Atlantis,")
    pci.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValueError, match=r"pci_2005_2016\.csv, line 4, column prov.*'Atlantis'"):
        derive(raw_copy, out)
    assert list(out.iterdir()) == []


def test_unmatched_nameless_pci_row_is_an_error(raw_copy, tmp_path):
    pci = raw_copy / "pci-2005-2016/pci_2005_2016.csv"
    lines = pci.read_text(encoding="utf-8").splitlines()
    row = lines[5].split(",")
    row[2] = "9.999"  # no province in the 2013 summary has this entry score
    lines[5] = ",".join(row)
    pci.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 6: 2013 row without a name matches 0 provinces"):
        derive(raw_copy, tmp_path / "out", boundaries=False)


def test_code_not_in_the_province_list_is_an_error(raw_copy, tmp_path):
    grdp = raw_copy / "gso-grdp-per-capita-2018-2022/grdp_2022.csv"
    grdp.write_text(
        grdp.read_text(encoding="utf-8").replace("94,Soc Trang", "99,Soc Trang"), encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"grdp_2022\.csv, line 9, column code: 99"):
        derive(raw_copy, tmp_path / "out", boundaries=False)


def test_labour_use_sheet_date_must_match_file_year():
    matcher = build_provinces(RAW).matcher()
    book = RAW / "gso-monthly-2018-2024/2023-12-29-02.Bieu-T12.2023.xlsx"
    with pytest.raises(ValueError, match=r"header dates \['2023'\] do not match .* 2024"):
        read_labour_use_sheet(book, 2024, matcher)


# --- newer statistics (FIA, PCI 2017-2022, enterprises, 2018 population) and 2025 units --------


def test_fia_workbooks_by_header_text(derived):
    out, report = derived
    stats = read(out / "statistics.csv")
    rows = {(r["province_id"], r["indicator"], r["year"]): r for r in stats}
    # Fixture FDI.2023.xlsx, sheet 'Thang 12 2023', row 'TP. Hồ Chí Minh': 598.29865288 USD
    # million (the FIA prints two decimals), 100 new projects; 'BR-VT' is Bà Rịa - Vũng Tàu.
    assert rows[("ho-chi-minh", "fia_new_capital", "2023")]["value"] == "598.3"
    assert rows[("ho-chi-minh", "fia_new_projects", "2023")]["value"] == "100"
    assert rows[("ba-ria-vung-tau", "fia_total_capital", "2023")]["value"] == "103.95"
    assert rows[("thua-thien-hue", "fia_adjusted_capital", "2022")]["value"] == "-2.38"
    # The 2022 fixture has a two-row header whose second column says 'Nước đăng ký'.
    assert rows[("ha-noi", "fia_share_purchase_value", "2022")]["value"] == "198.53"
    # Stock sheet 'Luy ke T12 2023': 5763.27639330999 -> 5763.28.
    assert rows[("ho-chi-minh", "fia_stock_capital", "2023")]["value"] == "5763.28"
    assert {r["status"] for r in stats if r["indicator"].startswith("fia_")} == {"preliminary"}
    # The USD (not million) column, the oil and gas row and the half-year file are left out.
    assert not [r for r in stats if r["indicator"].startswith("fia_") and r["year"] == "2024"]
    notes = "\n".join(report.notes)
    assert "FDI.2024(first-6-months).xlsx: left out (not a whole year's report)" in notes
    assert "'Dầu khí'" in notes
    assert "column 'vốn đăng ký cấp mới (usd)' left out" in notes


def test_fia_unmatched_province_names_file_sheet_and_row(raw_copy, tmp_path):
    import openpyxl

    path = raw_copy / "fia-fdi-2015-2023/FDI.2023.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Thang 12 2023"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "BR-VT"]
    cells[0].value = "Tỉnh Mới"
    row = cells[0].row
    book.save(path)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(
        ValueError,
        match=rf"FDI\.2023\.xlsx, sheet 'Thang 12 2023', row {row}, column 2: unknown province "
        r"name 'Tỉnh Mới'",
    ):
        derive(raw_copy, out)
    assert list(out.iterdir()) == []


def test_pci_panel_adds_2017_2022_after_cross_checks(derived):
    out, report = derived
    stats = read(out / "statistics.csv")
    rows = {(r["province_id"], r["indicator"], r["year"]): r for r in stats}
    # Panel 'HCM' 2018 = float32(55 + 6 + 0.74 + 0.74) = 62.48 (pci_vn.csv 'TP.HCM' 2018: 62.48).
    assert rows[("ho-chi-minh", "pci_weighted", "2018")]["value"] == "62.48"
    assert rows[("ho-chi-minh", "pci_weighted", "2018")]["source_id"] == "vcci_pci_2017_2022"
    # 2016 stays from the 2005-2016 file (source vcci_pci); the panel only checks it.
    assert rows[("bac-kan", "pci_weighted", "2016")]["source_id"] == "vcci_pci"
    assert rows[("soc-trang", "new_enterprises", "2017")]["value"] == "801"
    assert "for 2017-2018 in 16 province-years" in "\n".join(report.notes)


def test_pci_cross_check_at_two_decimals():
    from provbook.derive.pci_overall import cross_check

    # Stata float32 60.740002 is VCCI's 60.74.
    assert cross_check({("ha-noi", 2016): 60.740002}, {("ha-noi", 2016): 60.74}, "x") == 1
    with pytest.raises(ValueError, match=r"ha-noi 2017: panel 60.75, other 60.74"):
        cross_check({("ha-noi", 2017): 60.75}, {("ha-noi", 2017): 60.74}, "other")


def test_pci_panel_disagreeing_with_pci_vn_stops_the_derivation(raw_copy, tmp_path):
    path = raw_copy / "pci-overall-2006-2018/pci_vn.csv"
    text = path.read_text(encoding="utf-8").replace(",TP.HCM,62.48,", ",TP.HCM,62.49,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"ho-chi-minh 2018: panel 62.48, .*pci_vn.csv 62.49"):
        derive(raw_copy, tmp_path / "out", boundaries=False)


def test_unknown_panel_code_is_an_error(raw_copy, tmp_path):
    import pandas as pd

    path = raw_copy / "pci-overall-2016-2022/Dataset.dta"
    frame = pd.read_stata(path)
    frame.loc[0, "name"] = "XYZ"
    frame.to_stata(path, write_index=False, version=117)
    with pytest.raises(ValueError, match=r"Dataset\.dta, row 1, column name: .*'XYZ'"):
        derive(raw_copy, tmp_path / "out", boundaries=False)


def test_population_release_2018_kept_beside_the_revised_series(derived):
    out, _ = derived
    stats = read(out / "statistics.csv")
    # Fixture PX-Web table, row "Soc Trang", column "2016 (*) Average population": 1312.5.
    assert value(stats, "soc-trang", "population_release_2018", 2016) == "1312.5"
    assert value(stats, "vietnam", "population_release_2018", 2015) == "91713.3"


def test_every_value_has_at_most_the_published_decimals(derived):
    out, _ = derived
    decimals = {r["indicator"]: int(r["decimals"]) for r in read(out / "indicators.csv")}
    for name in ("statistics.csv", "statistics_2025.csv"):
        for row in read(out / name):
            text = row["value"]
            places = len(text.split(".")[1]) if "." in text else 0
            assert places <= decimals[row["indicator"]], (name, row)


def test_units_2025_ids_and_office_figures(derived):
    out, _ = derived
    units = {r["unit_2025_code"]: r for r in read(out / "units_2025.csv")}
    assert units["92"]["unit_2025_id"] == "can-tho-2025"
    assert units["92"]["name_vi"] == "Thành phố Cần Thơ"
    assert units["92"]["name_short"] == "Cần Thơ"
    assert units["92"]["region"] == "Mekong Delta"
    assert units["92"]["area_km2"] == "6360.83"
    rows = {
        (r["unit_2025_id"], r["indicator"], r["year"]): r for r in read(out / "statistics_2025.csv")
    }
    assert rows[("can-tho-2025", "grdp_per_capita", "2020")]["status"] == "official"
    assert rows[("can-tho-2025", "grdp_per_capita", "2024")]["status"] == "preliminary"
    # units_society_2025.csv, Cần Thơ, pop_2025p = 3224940 persons.
    assert rows[("can-tho-2025", "population", "2025")]["value"] == "3224.94"
    assert rows[("thai-nguyen-2025", "grdp_share_industry_construction", "2025")]["value"] == "54.1"
    # Blank structure cells are not published: no row. Compiler-derived columns never appear.
    assert ("can-tho-2025", "grdp_share_services", "2025") not in rows
    assert {r[1] for r in rows} <= {
        "grdp_per_capita",
        "grdp_real_growth",
        "population",
        "area",
        "grdp_share_agriculture",
        "grdp_share_industry_construction",
        "grdp_share_services",
        "grdp_share_product_taxes",
    }


def test_units_2025_read_dots_and_na_as_missing():
    """'..' and 'NA' are no figure in the 2025 units' files as in every raw file: no row, and
    the figures beside them are kept."""
    prov = build_provinces(RAW)
    names = dict(zip(prov.units["unit_2025_code"], prov.units["name_vi"], strict=True))
    units = build_units_2025(MISSING_CELLS, names, prov.unit_matcher(), INDICATORS)
    rows = {(r["unit_2025_id"], r["indicator"], r["year"]): r["value"] for r in units.rows}
    for gone in (
        ("ha-noi-2025", "grdp_real_growth", 2020),  # ..
        ("thai-nguyen-2025", "grdp_per_capita", 2024),  # NA
        ("khanh-hoa-2025", "population", 2024),  # NA
        ("khanh-hoa-2025", "grdp_share_agriculture", 2025),  # ..
        ("khanh-hoa-2025", "grdp_share_product_taxes", 2025),  # NA
    ):
        assert gone not in rows
    assert rows[("ha-noi-2025", "grdp_per_capita", 2020)] == 123.40
    assert rows[("thai-nguyen-2025", "grdp_real_growth", 2024)] == 6.30
    assert rows[("khanh-hoa-2025", "population", 2025)] == 1250.0  # 1,250,000 persons
    assert rows[("khanh-hoa-2025", "grdp_share_services", 2025)] == 40.07


def test_a_cell_that_is_no_number_names_file_line_column_and_what_is_allowed(tmp_path):
    path = tmp_path / "table.csv"
    assert [readers.number(path, 2, "value", t) for t in ("", " .. ", "NA", "4.5")] == [
        None,
        None,
        None,
        4.5,
    ]
    with pytest.raises(ValueError) as error:
        readers.number(path, 7, "Real GRDP growth (%)", "n/a")
    assert str(error.value) == (
        f"{path}, line 7, column Real GRDP growth (%): 'n/a' is not a number "
        "(allowed: a number, or empty, '..' or 'NA' for no figure)"
    )
    with pytest.raises(ValueError, match=r"line 3, column v: 'inf' is not finite"):
        readers.number(path, 3, "v", "inf")


def test_unknown_2025_unit_name_is_an_error(raw_copy, tmp_path):
    path = raw_copy / "nso-34-units-2020-2025/provinces_scatter.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Huế,2024", "Huế Mới,2024"), "utf-8")
    with pytest.raises(ValueError, match=r"provinces_scatter\.csv, line \d+, column Province: "):
        derive(raw_copy, tmp_path / "out", boundaries=False)


def test_derive_twice_is_byte_identical(derived, tmp_path):
    out, _ = derived
    again = tmp_path / "again"
    derive(RAW, again)
    for name in OUTPUTS:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_fia_rows_must_add_up_to_the_total_row(derived, raw_copy, tmp_path):
    out, _ = derived
    stats = read(out / "statistics.csv")
    # Fixture total of new projects: 100 + 40 + 2 + 1 + 0 (oil and gas) = 143.
    assert value(stats, "vietnam", "fia_new_projects", 2023) == "143"
    import openpyxl

    path = raw_copy / "fia-fdi-2015-2023/FDI.2023.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Thang 12 2023"]
    total = next(row for row in sheet.iter_rows() if row[0].value == "Tổng số")
    total[2].value = 150
    book.save(path)
    with pytest.raises(
        ValueError,
        match=rf"sheet 'Thang 12 2023', row {total[0].row}, column 3: the rows above add up to "
        r"143.00, the total row says 150.00 \(fia_new_projects\)",
    ):
        derive(raw_copy, tmp_path / "out", boundaries=False)


def _fia_block(rows: list[list[object]]) -> list[list[object]]:
    """A year sheet's province block in the 2015 layout (count, USD, million USD; twice)."""
    return [
        ["ĐẦU TƯ TRỰC TIẾP NƯỚC NGOÀI THEO ĐỊA PHƯƠNG"],
        ["(tính từ 01/01/2015 đến ngày 31/12/2015)"],
        [
            "TT",
            "Địa phương",
            "Số dự án cấp mới",
            "Vốn đăng ký cấp mới (USD)",
            "Vốn đăng ký cấp mới (triệu USD)",
            "Số lượt dự án tăng vốn",
            "Vốn đăng ký tăng thêm (USD)",
            "Vốn đăng ký tăng thêm (triệu USD)",
        ],
        *rows,
    ]


def test_fia_zero_capital_beside_a_blank_count_is_no_figure():
    """The quick reports compute million USD from the USD cell, so a blank USD cell prints 0:
    a capital of 0 whose count cell is blank is no registration, and has no row. A 0 beside a
    count (even a count of 0) is the FIA's own figure and stays."""
    from provbook.datapackage.names import NameMatcher
    from provbook.derive.fia import YEAR_COLUMNS, read_block

    matcher = NameMatcher({"bac-kan": ["Bắc Kạn"], "bac-lieu": ["Bạc Liêu"], "ca-mau": ["Cà Mau"]})
    rows = _fia_block(
        [
            [1, "Bắc Kạn", 2, 298321, 0.298321, "", "", 0.0],
            [2, "Bạc Liêu", "", "", 0.0, 3, 5691000, 5.691],
            [3, "Cà Mau", 0, 0, 0.0, 1, 0, 0.0],
            ["Tổng số", "", 2, 298321, 0.298321, 4, 5691000, 5.691],
        ]
    )
    values, notes = read_block(
        Path("FDI.2015.xls"), "Thang 12 2015", rows, YEAR_COLUMNS, 2015, matcher
    )
    got = {(p, i): v for p, i, v in values if p != "vietnam"}
    assert got == {
        ("bac-kan", "fia_new_projects"): 2.0,
        ("bac-kan", "fia_new_capital"): 0.298321,
        ("bac-lieu", "fia_adjusted_projects"): 3.0,
        ("bac-lieu", "fia_adjusted_capital"): 5.691,
        ("ca-mau", "fia_new_projects"): 0.0,
        ("ca-mau", "fia_new_capital"): 0.0,
        ("ca-mau", "fia_adjusted_projects"): 1.0,
        ("ca-mau", "fia_adjusted_capital"): 0.0,
    }
    dropped = [n for n in notes if "printed for a blank" in n]
    assert len(dropped) == 2
    assert (
        "row 4" in dropped[0] and "Bắc Kạn" in dropped[0] and "fia_adjusted_capital" in dropped[0]
    )
    assert "row 5" in dropped[1] and "Bạc Liêu" in dropped[1] and "fia_new_capital" in dropped[1]


def test_fia_real_data_has_no_zero_capital_without_its_count():
    """The committed data/ (derived from the real reports) keeps no such 0."""
    stats = read(Path(__file__).parents[1] / "data" / "statistics.csv")
    keys = {(r["province_id"], r["indicator"], r["year"]) for r in stats}
    pairs = {
        "fia_new_capital": "fia_new_projects",
        "fia_adjusted_capital": "fia_adjusted_projects",
        "fia_share_purchase_value": "fia_share_purchases",
    }
    orphans = [
        (r["province_id"], r["indicator"], r["year"])
        for r in stats
        if r["indicator"] in pairs
        and float(r["value"]) == 0
        and (r["province_id"], pairs[r["indicator"]], r["year"]) not in keys
    ]
    assert orphans == []
