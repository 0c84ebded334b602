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
MY_RESOURCES = ("provinces", "units_2025", "indicators", "statistics")


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
    assert {ind for _, ind, _ in stats} == set(indicators)
    assert {r["source_id"] for r in indicators.values()} <= sources
    for (_, indicator, _), row in stats.items():
        assert row["unit"] == indicators[indicator]["unit"]
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
        # pci-2005-2016/pci_2005_2016.csv, line 280 (Ha Noi, 2016), pci_weighted.
        (("ha-noi", "pci_weighted", 2016), 60.74099349975586),
        # pci-2005-2016/PCI_2016.xlsx, sheet Summary, rank 14 of column "PCI 2013": Bac Lieu
        # 59.8916 (the row is nameless in pci_2005_2016.csv and restored by matching).
        (("bac-lieu", "pci_weighted", 2013), 59.8916),
        # Same sheet, "Entry Costs" rank 18: Soc Trang 7.849459.
        (("soc-trang", "pci_entry", 2013), 7.849459),
        # gso-monthly-2018-2024/2019-12-27-03-Bieu-2019.xlsx, sheet "6. LĐCN_DP", row
        # "Sóc Trăng", column "... so với cùng thời điểm năm trước": 106.74.
        (("soc-trang", "industrial_labour_use_index", 2019), 106.74),
        # 2024-12-29-02.Bieu-T12.2024.xlsx, sheet "16. LĐCN_DP", row "Bạc Liêu": 112.13.
        (("bac-lieu", "industrial_labour_use_index", 2024), 112.13),
    ],
)
def test_spot_values_checked_by_hand(stats, key, expected):
    assert float(stats[key]["value"]) == pytest.approx(expected, rel=1e-12)


def test_coverage_of_the_main_series(stats):
    def count(indicator, year):
        return sum(1 for p, i, y in stats if i == indicator and y == year and p != "vietnam")

    assert all(count("iip_index", y) == 63 for y in range(2012, 2017))
    assert all(count("population", y) == 63 for y in range(2011, 2023))
    assert all(count("grdp_per_capita", y) == 63 for y in range(2018, 2023))
    assert all(count("pci_weighted", y) == 63 for y in range(2006, 2017))
    assert all(count("industrial_labour_use_index", y) == 63 for y in range(2019, 2025))
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
