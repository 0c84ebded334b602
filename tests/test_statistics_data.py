"""Checks on the committed official-statistics tables and boundary files in data/.

Spot values were read by hand in the raw files (paths relative to the shared raw folder, see
data/sources.csv for where each comes from); the tests only read data/.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from shapely.geometry import shape

DATA = Path(__file__).resolve().parent.parent / "data"
MY_RESOURCES = ("provinces", "units_2025", "indicators", "statistics", "statistics_2025")


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def provinces():
    return {r["province_id"]: r for r in read("provinces.csv")}


@pytest.fixture(scope="module")
def units():
    return {int(r["unit_2025_code"]): r for r in read("units_2025.csv")}


@pytest.fixture(scope="module")
def stats():
    return {(r["province_id"], r["indicator"], int(r["year"])): r for r in read("statistics.csv")}


@pytest.fixture(scope="module")
def contract():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in package["resources"]}


@pytest.mark.parametrize("name", MY_RESOURCES)
def test_tables_follow_the_contract(contract, name):
    resource = contract[name]
    fields = resource["schema"]["fields"]
    with (DATA / resource["path"]).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [f["name"] for f in fields]
        rows = list(reader)
    assert rows
    for field in fields:
        cons = field.get("constraints", {})
        values = [r[field["name"]] for r in rows]
        if cons.get("required"):
            assert all(values), f"{name}.{field['name']} has empty values"
        if cons.get("unique"):
            assert len(set(values)) == len(values), f"{name}.{field['name']} not unique"
        for value in filter(None, values):
            if field["type"] == "integer":
                number = int(value)
                assert cons.get("minimum", number) <= number <= cons.get("maximum", number)
            elif field["type"] == "number":
                float(value)
            elif field["type"] == "date":
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            if "pattern" in cons:
                assert re.fullmatch(cons["pattern"], value), f"{name}.{field['name']}: {value}"
            if "enum" in cons:
                assert value in cons["enum"], f"{name}.{field['name']}: {value}"
    key = resource["schema"]["primaryKey"]
    key = [key] if isinstance(key, str) else key
    keys = [tuple(r[k] for k in key) for r in rows]
    assert len(set(keys)) == len(keys)


def test_63_provinces_and_34_units(provinces, units):
    assert len(provinces) == 63
    assert len(units) == 34
    assert {int(p["unit_2025_code"]) for p in provinces.values()} == set(units)
    assert {p["merged_on"] for p in provinces.values()} == {"2025-07-01"}


def test_the_five_provinces(provinces, units):
    # SOURCES.md and merger-2025/province_mapping_63_to_34.csv: GSO codes and 2025 units.
    expected = {
        "bac-kan": ("Bắc Kạn", 6, 19, "Tỉnh Thái Nguyên"),
        "lam-dong": ("Lâm Đồng", 68, 68, "Tỉnh Lâm Đồng"),
        "long-an": ("Long An", 80, 80, "Tỉnh Tây Ninh"),
        "soc-trang": ("Sóc Trăng", 94, 92, "Thành phố Cần Thơ"),
        "bac-lieu": ("Bạc Liêu", 95, 96, "Tỉnh Cà Mau"),
    }
    for pid, (name, code, unit, unit_name) in expected.items():
        row = provinces[pid]
        assert (row["name_vi"], int(row["gso_code"]), int(row["unit_2025_code"])) == (
            name,
            code,
            unit,
        )
        assert units[unit]["name_vi"] == unit_name
    assert provinces["lam-dong"]["region"] == "Central Highlands"
    assert provinces["bac-lieu"]["region"] == "Mekong River Delta"
    # Lâm Đồng absorbed Đắk Nông and Bình Thuận.
    assert sorted(p for p, r in provinces.items() if r["unit_2025_code"] == "68") == [
        "binh-thuan",
        "dak-nong",
        "lam-dong",
    ]


def test_statistics_refer_to_known_provinces_indicators_and_sources(stats, provinces):
    indicators = {r["indicator"]: r for r in read("indicators.csv")}
    sources = {r["source_id"] for r in read("sources.csv")}
    assert {pid for pid, _, _ in stats} <= set(provinces) | {"vietnam"}
    in_2025 = {r["indicator"] for r in read("statistics_2025.csv")}
    assert {ind for _, ind, _ in stats} | in_2025 == set(indicators)
    assert {r["source_id"] for r in indicators.values()} <= sources
    for (_, indicator, year), row in stats.items():
        assert row["unit"] == indicators[indicator]["unit"]
        if indicator == "pci_weighted" and year >= 2017:
            # VCCI's scores 2017-2022, taken from another compilation (its own source row).
            assert row["source_id"] == "vcci_pci_2017_2022"
        else:
            assert row["source_id"] == indicators[indicator]["source_id"]
    assert all(len(r["description"]) > 60 for r in indicators.values())


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # gso-px-web-2018/Industry/Index of Industrial production by province.csv,
        # row "Bac Lieu", column 2015: 114.1; row " WHOLE COUNTRY", column 2016: 107.4.
        (("bac-lieu", "iip_index", 2015), 114.1),
        (("vietnam", "iip_index", 2016), 107.4),
        # gso-px-web-2018/Investment and Construction/Foreign direct investment projects
        # licensed by province (Accumulation ... 31-12-2015).csv, " WHOLE COUNTRY": 20069.0.
        (("vietnam", "fdi_stock_projects", 2015), 20069),
        # Same table for 31-12-2016, row "Bac Kan": 3.0 projects, 13.0 USD million.
        (("bac-kan", "fdi_stock_capital", 2016), 13.0),
        # ...licensed in 2015 by province.csv, row "Soc Trang": 1.0 project, 13.0 USD million.
        (("soc-trang", "fdi_new_capital", 2015), 13.0),
        # gso-px-web-2018/Population and Employment/Labour force ... by province.csv,
        # row "Long An", column "Prel. 2016": 899.4.
        (("long-an", "labour_force", 2016), 899.4),
        # ...Percentage of trained employed workers ... by province.csv, "Lam Dong", Prel. 2016.
        (("lam-dong", "trained_workers_pct", 2016), 16.0),
        # gso-grdp-per-capita-2018-2022/grdp_2022.csv, code 80 (Long An): 90.31.
        (("long-an", "grdp_per_capita", 2022), 90.31),
        # gso-population-2011-2022/population_2022.csv, code 68 (Lam Dong): 9781.2, 1332.53.
        (("lam-dong", "area", 2022), 9781.2),
        (("lam-dong", "population", 2022), 1332.53),
        # pci-2005-2016/pci_2005_2016.csv, line 280 (Ha Noi, 2016), pci_weighted:
        # 60.74099349975586, i.e. VCCI's 60.74 (PCI values are kept at VCCI's two decimals).
        (("ha-noi", "pci_weighted", 2016), 60.74),
        # pci-2005-2016/PCI_2016.xlsx, sheet Summary, rank 14 of column "PCI 2013": Bac Lieu
        # 59.8916 -> 59.89 (the row is nameless in pci_2005_2016.csv and restored by matching).
        (("bac-lieu", "pci_weighted", 2013), 59.89),
        # Same sheet, "Entry Costs" rank 18: Soc Trang 7.849459 -> 7.85.
        (("soc-trang", "pci_entry", 2013), 7.85),
        # pci-overall-2016-2022/Dataset.dta, name HNOI, year 2017: pci 64.709999 (float32);
        # year 2022: 66.739998; ent 2016: 22663, 2022: 29720.
        (("ha-noi", "pci_weighted", 2017), 64.71),
        (("ha-noi", "pci_weighted", 2022), 66.74),
        (("ha-noi", "new_enterprises", 2016), 22663),
        (("ha-noi", "new_enterprises", 2022), 29720),
        # pci-overall-2006-2018/pci_vn.csv: Quảng Ninh 2018 = 70.36 (rank 1), Hà Nội 2018 =
        # 65.4 (rank 9): the panel's values for these cells agree.
        (("quang-ninh", "pci_weighted", 2018), 70.36),
        (("ha-noi", "pci_weighted", 2018), 65.4),
        # fia-fdi-2015-2023/FDI.2023.xlsx, sheet "Thang 12 2023", row 152 "TP. Hồ Chí Minh":
        # 1202 new projects, 598.29865288 USD million new capital; row 157 "Hà Nội": 408;
        # row 163 "Bà Rịa - Vũng Tàu": total registered 1039.56868394.
        (("ho-chi-minh", "fia_new_projects", 2023), 1202),
        (("ho-chi-minh", "fia_new_capital", 2023), 598.30),
        (("ha-noi", "fia_new_projects", 2023), 408),
        (("ba-ria-vung-tau", "fia_total_capital", 2023), 1039.57),
        # Same workbook, sheet "Luy ke T12 2023", row 188 "TP. Hồ Chí Minh": 12398 valid
        # projects, 57632.77639330999 USD million.
        (("ho-chi-minh", "fia_stock_projects", 2023), 12398),
        (("ho-chi-minh", "fia_stock_capital", 2023), 57632.78),
        # FDI.2015.xls, sheet "Thang 12 2015", row 115 "Trà Vinh": 2526.8 USD million new.
        (("tra-vinh", "fia_new_capital", 2015), 2526.8),
        # FDI.2019.xls, sheet "Thang 12 2019", row 167 "Đồng Nai": adjusted -162.862129.
        (("dong-nai", "fia_adjusted_capital", 2019), -162.86),
        # gso-px-web-2018/Population and Employment/Area, population and population density by
        # province.csv, row "Soc Trang", "2016 (*) Average population": 1312.5 (revised: 1227.6);
        # row "Ha Noi", "2011 Average population": 6761.3.
        (("soc-trang", "population_release_2018", 2016), 1312.5),
        (("soc-trang", "population", 2016), 1227.6),
        (("ha-noi", "population_release_2018", 2011), 6761.3),
        # gso-monthly-2018-2024/2019-12-27-03-Bieu-2019.xlsx, sheet "6. LĐCN_DP", row
        # "Sóc Trăng", column "... so với cùng thời điểm năm trước": 106.74.
        (("soc-trang", "industrial_labour_use_index", 2019), 106.74),
        # 2024-12-29-02.Bieu-T12.2024.xlsx, sheet "16. LĐCN_DP", row "Bạc Liêu": 112.13.
        (("bac-lieu", "industrial_labour_use_index", 2024), 112.13),
    ],
)
def test_spot_values_checked_by_hand(stats, key, expected):
    assert float(stats[key]["value"]) == pytest.approx(expected, rel=1e-12)


def test_status_marks_preliminary_figures(stats):
    status = {k: r["status"] for k, r in stats.items()}
    # FIA quick reports (1 January to about 20 December) are preliminary, every year.
    assert status[("ho-chi-minh", "fia_new_capital", 2023)] == "preliminary"
    assert status[("ho-chi-minh", "fia_stock_projects", 2015)] == "preliminary"
    # PX-Web "Prel. 2016" columns are preliminary, 2015 official.
    assert status[("long-an", "labour_force", 2016)] == "preliminary"
    assert status[("long-an", "labour_force", 2015)] == "official"
    assert status[("long-an", "grdp_per_capita", 2022)] == "official"


def test_no_value_has_more_than_the_published_decimals(stats):
    decimals = {r["indicator"]: int(r["decimals"]) for r in read("indicators.csv")}
    too_long = [
        (k, r["value"])
        for k, r in stats.items()
        if "." in r["value"] and len(r["value"].split(".")[1]) > decimals[k[1]]
    ]
    assert not too_long, too_long[:5]


def test_fia_and_gso_fdi_stay_separate_series(stats):
    indicators = {r["indicator"]: r for r in read("indicators.csv")}
    # Same province and year in both, different definitions and sources: never one series.
    assert indicators["fdi_new_projects"]["source_id"] == "gso_pxweb_2018"
    assert indicators["fia_new_projects"]["source_id"] == "fia_fdi"
    assert "GSO's 'FDI projects licensed'" in indicators["fia_new_projects"]["description"]
    assert not [k for k in stats if k[1].startswith("fia_") and k[2] == 2024]


def test_coverage_of_the_main_series(stats):
    def count(indicator, year):
        return sum(1 for p, i, y in stats if i == indicator and y == year and p != "vietnam")

    assert all(count("iip_index", y) == 63 for y in range(2012, 2017))
    assert all(count("population", y) == 63 for y in range(2011, 2023))
    assert all(count("grdp_per_capita", y) == 63 for y in range(2018, 2023))
    assert all(count("pci_weighted", y) == 63 for y in range(2006, 2017))
    assert all(count("industrial_labour_use_index", y) == 63 for y in range(2019, 2025))
    assert all(count("pci_weighted", y) == 63 for y in range(2017, 2023))
    assert all(count("new_enterprises", y) == 63 for y in range(2016, 2023))
    assert all(count("population_release_2018", y) == 63 for y in range(2011, 2016))
    assert all(count("fia_stock_projects", y) >= 60 for y in range(2015, 2024))
    assert not [k for k in stats if k[1] == "pci_unweighted" and k[2] not in (2007, 2008, 2010)]
    assert not [k for k in stats if k[1] == "industrial_labour_use_index" and k[2] == 2018]


def _features(name):
    collection = json.loads((DATA / "boundaries" / name).read_text(encoding="utf-8"))
    return collection["features"]


def test_boundaries_match_the_tables(provinces, units):
    p63 = _features("provinces_63.geojson")
    u34 = _features("units_34.geojson")
    assert len(p63) == 63 and len(u34) == 34
    assert {f["properties"]["province_id"] for f in p63} == set(provinces)
    assert {f["properties"]["unit_2025_code"] for f in u34} == set(units)
    for feature in p63:
        props = feature["properties"]
        assert props["name_vi"] == provinces[props["province_id"]]["name_vi"]
    for feature in [*p63, *u34]:
        assert shape(feature["geometry"]).is_valid


def test_boundaries_are_small():
    total = sum(
        (DATA / "boundaries" / n).stat().st_size
        for n in ("provinces_63.geojson", "units_34.geojson")
    )
    assert total < 400 * 1024


@pytest.mark.parametrize(
    ("name", "prop", "key"),
    [
        ("provinces_63.geojson", "province_id", "da-nang"),
        ("provinces_63.geojson", "province_id", "khanh-hoa"),
        ("units_34.geojson", "unit_2025_code", 48),
        ("units_34.geojson", "unit_2025_code", 56),
    ],
)
def test_archipelagos_survive_simplification(name, prop, key):
    feature = next(f for f in _features(name) if f["properties"][prop] == key)
    geom = shape(feature["geometry"])
    # Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa) lie east of 111°E, far from the coast.
    assert geom.geom_type == "MultiPolygon" and len(geom.geoms) > 10
    assert geom.bounds[2] > 111
    assert sum(1 for part in geom.geoms if part.bounds[0] > 111) > 10


@pytest.mark.parametrize(
    ("key", "expected", "status"),
    [
        # nso-34-units-2020-2025/provinces_scatter.csv, row "Cần Thơ,2020": 57.55 million VND,
        # real growth 0.62 %, NSO status official; row "TP. Hồ Chí Minh,2025": 215.34, estimate.
        (("can-tho-2025", "grdp_per_capita", 2020), 57.55, "official"),
        (("can-tho-2025", "grdp_real_growth", 2020), 0.62, "official"),
        (("ho-chi-minh-2025", "grdp_per_capita", 2025), 215.34, "estimate"),
        (("da-nang-2025", "grdp_real_growth", 2020), -4.61, "official"),
        (("ha-noi-2025", "grdp_per_capita", 2024), 162.92, "preliminary"),
        # units_society_2025.csv, row "Hà Nội": area 3359.84, pop_2025p 8857530 persons.
        (("ha-noi-2025", "area", 2025), 3359.84, "official"),
        (("ha-noi-2025", "population", 2025), 8857.53, "preliminary"),
        # Row "Thái Nguyên": struct2025_ind_constr_pct 54.1; row "Bắc Ninh": 71.13.
        (("thai-nguyen-2025", "grdp_share_industry_construction", 2025), 54.1, "estimate"),
        (("bac-ninh-2025", "grdp_share_industry_construction", 2025), 71.13, "estimate"),
    ],
)
def test_office_figures_for_the_34_checked_by_hand(key, expected, status):
    rows = {
        (r["unit_2025_id"], r["indicator"], int(r["year"])): r for r in read("statistics_2025.csv")
    }
    assert float(rows[key]["value"]) == expected
    assert rows[key]["status"] == status


def test_office_figures_for_the_34_use_the_indicators_units():
    indicators = {r["indicator"]: r["unit"] for r in read("indicators.csv")}
    rows = read("statistics_2025.csv")
    assert {r["unit_2025_id"] for r in rows} == {r["unit_2025_id"] for r in read("units_2025.csv")}
    assert all(r["unit"] == indicators[r["indicator"]] for r in rows)
    # units_society_2025.csv leaves components blank where they are not published (all four
    # for Sơn La, Huế, Tây Ninh, An Giang, Cần Thơ; some for Vĩnh Long, Cà Mau, Hưng Yên, Đà
    # Nẵng, Quảng Ngãi): no row rather than a blank or a zero.
    count = {
        ind: sum(1 for r in rows if r["indicator"] == ind)
        for ind in (
            "grdp_share_agriculture",
            "grdp_share_industry_construction",
            "grdp_share_services",
            "grdp_share_product_taxes",
        )
    }
    assert list(count.values()) == [28, 28, 27, 24]
    # The compiler's own figures (USD, GRDP totals) are not office figures: never written.
    assert not [r for r in rows if "usd" in r["unit"].lower() or "billion" in r["unit"]]
