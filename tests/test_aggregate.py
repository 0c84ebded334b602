"""Aggregation of old provinces into the 34 units of 2025 (provbook.analysis.aggregate) and the
checks of data/ that the merger tables must pass. Expected values were worked out by hand from the
rows of data/statistics.csv quoted in the comments."""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from provbook.analysis.aggregate import (
    RATIO_PARTS,
    Lookup,
    MissingParts,
    NotAggregatable,
    UnitMismatch,
    aggregate,
    compare_with_office,
    parts_by_unit,
    parts_of,
    ratio_scale,
    read_unit,
    rule_of,
    units_of,
)
from provbook.datapackage import data
from provbook.datapackage.validate import validate

DATA = Path(__file__).resolve().parent.parent / "data"

#: GRDP per capita 2020 from the parts vs the NSO's own 2020 figure: largest difference
#: measured 0.0077 million VND (Bắc Ninh: 101.1623 from parts, 101.17 published); the office
#: rounds to 0.01, so the tolerance is one unit of its last decimal.
GRDP_TOLERANCE = 0.01
#: Area 2022 of the parts vs the office's 2025 area of the unit: largest difference measured
#: 0.37 % (Quảng Ninh: 6,207.93 vs 6,231.27 km2, -23.34 km2); tolerance 0.5 %.
AREA_TOLERANCE = 0.005


@pytest.fixture(scope="module")
def t():
    return {
        "statistics": data.statistics(),
        "statistics_2025": data.statistics_2025(),
        "provinces": data.provinces(),
        "units": data.units_2025(),
        "indicators": data.indicators(),
    }


def agg(t, unit, indicator, year, statistics=None):
    """``aggregate`` on the real tables; ``statistics`` replaces the statistics frame (a Lookup)."""
    return aggregate(
        t["statistics"] if statistics is None else statistics,
        t["provinces"],
        unit,
        indicator,
        year,
        indicators=t["indicators"],
        units=t["units"],
    )


def test_new_can_tho_population_2022_is_the_sum_of_its_parts(t):
    assert parts_of("can-tho-2025", t["provinces"], t["units"]) == [
        "can-tho",
        "hau-giang",
        "soc-trang",
    ]
    # statistics.csv, population 2022: can-tho 1252.35, hau-giang 729.47, soc-trang 1197.82.
    assert agg(t, "can-tho-2025", "population", 2022) == pytest.approx(3179.64, abs=1e-9)


def test_new_can_tho_grdp_per_capita_2022_is_population_weighted(t):
    # grdp_per_capita 2022: can-tho 86.99, hau-giang 66.30, soc-trang 55.10; weights as above:
    # (86.99 x 1252.35 + 66.30 x 729.47 + 55.10 x 1197.82) / 3179.64
    # = (108941.9265 + 48363.861 + 65999.882) / 3179.64 = 223305.6695 / 3179.64.
    expected = 223305.6695 / 3179.64
    assert agg(t, "can-tho-2025", "grdp_per_capita", 2022) == pytest.approx(expected, rel=1e-12)
    assert round(expected, 2) == 70.23


def test_pci_and_industrial_production_index_are_never_aggregated(t):
    for indicator, year in (("pci_weighted", 2016), ("iip_index", 2016), ("pci_entry", 2016)):
        with pytest.raises(NotAggregatable, match=r"not aggregatable.*can-tho, hau-giang"):
            agg(t, "can-tho-2025", indicator, year)
    # Growth rates and the labour-use index alike.
    with pytest.raises(NotAggregatable):
        agg(t, "thai-nguyen-2025", "industrial_labour_use_index", 2024)


def test_a_missing_part_gives_no_value_and_names_the_part(t):
    stats = t["statistics"]
    without = stats[~((stats["province_id"] == "hau-giang") & (stats["indicator"] == "area"))]
    with pytest.raises(MissingParts, match=r"can-tho-2025: no area 2022 for hau-giang") as info:
        aggregate(
            without,
            t["provinces"],
            "can-tho-2025",
            "area",
            2022,
            indicators=t["indicators"],
            units=t["units"],
        )
    assert info.value.missing == ["hau-giang"]
    # A year without data for any part (population ends in 2022): no partial sum either.
    with pytest.raises(MissingParts):
        agg(t, "can-tho-2025", "population", 2024)


def test_rules_on_a_small_frame():
    provinces = pd.DataFrame({"province_id": ["a", "b", "c"], "unit_2025_code": [1, 1, 2]})
    units = pd.DataFrame({"unit_2025_code": [1, 2], "unit_2025_id": ["ab-2025", "c-2025"]})
    indicators = pd.DataFrame(
        {
            "indicator": ["area", "population", "population_density", "grdp_per_capita"],
            "aggregation": ["sum", "sum", "ratio_of_totals", "population_weighted"],
            "unit": ["km2", "thousand persons", "persons per km2", "million VND"],
        }
    )
    rows = [
        ("a", "area", 10.0),
        ("b", "area", 30.0),
        ("a", "population", 100.0),
        ("b", "population", 300.0),
        ("a", "population_density", 10000.0),
        ("b", "population_density", 10000.0),
        ("a", "grdp_per_capita", 50.0),
        ("b", "grdp_per_capita", 90.0),
    ]
    stats = pd.DataFrame(
        [{"province_id": p, "indicator": i, "year": 2022, "value": v} for p, i, v in rows]
    )

    def run(indicator):
        return aggregate(
            stats, provinces, "ab-2025", indicator, 2022, indicators=indicators, units=units
        )

    assert run("area") == 40.0
    # Density = 400 thousand persons / 40 km2 = 10,000 persons per km2: the ratio of the
    # totals in the indicator's unit, not the mean of the densities.
    assert run("population_density") == 10000.0
    # (50 x 100 + 90 x 300) / 400 = 80; the unweighted mean would be 70.
    assert run("grdp_per_capita") == 80.0
    with pytest.raises(KeyError, match="unknown 2025 unit 'ab'"):
        aggregate(stats, provinces, "ab", "area", 2022, indicators=indicators, units=units)


def test_every_old_province_belongs_to_exactly_one_new_unit(t):
    provinces, units = t["provinces"], t["units"]
    assert provinces["province_id"].is_unique
    assert set(provinces["unit_2025_code"].astype(int)) == set(units["unit_2025_code"].astype(int))
    parts = [p for unit in units["unit_2025_id"] for p in parts_of(unit, provinces, units)]
    assert sorted(parts) == sorted(provinces["province_id"])
    # 11 units kept their territory (one part each).
    sizes = [len(parts_of(u, provinces, units)) for u in units["unit_2025_id"]]
    assert sizes.count(1) == 11 and len(sizes) == 34


def test_unit_ids_never_equal_old_province_ids(t):
    assert not set(t["units"]["unit_2025_id"]) & set(t["provinces"]["province_id"])
    ids = dict(
        zip(t["units"]["unit_2025_code"].astype(int), t["units"]["unit_2025_id"], strict=True)
    )
    assert ids[92] == "can-tho-2025" and ids[1] == "ha-noi-2025" and ids[68] == "lam-dong-2025"


def test_unit_names_match_the_boundary_file(t):
    collection = json.loads((DATA / "boundaries" / "units_34.geojson").read_text("utf-8"))
    on_map = {
        int(f["properties"]["unit_2025_code"]): f["properties"]["name_vi"]
        for f in collection["features"]
    }
    in_table = dict(
        zip(t["units"]["unit_2025_code"].astype(int), t["units"]["name_vi"], strict=True)
    )
    assert on_map == in_table


def test_area_of_the_parts_agrees_with_the_office(t):
    table = compare_with_office(
        t["statistics"],
        t["statistics_2025"],
        t["provinces"],
        t["units"],
        t["indicators"],
        "area",
        2022,
        office_year=2025,
    )
    assert len(table) == 34 and table["from_parts"].notna().all()
    worst = table.loc[table["relative"].abs().idxmax()]
    assert worst["unit_2025_id"] == "quang-ninh-2025"
    assert abs(worst["relative"]) <= AREA_TOLERANCE


def test_grdp_per_capita_2020_from_the_parts_matches_the_office_for_all_34(t):
    table = compare_with_office(
        t["statistics"],
        t["statistics_2025"],
        t["provinces"],
        t["units"],
        t["indicators"],
        "grdp_per_capita",
        2020,
    )
    assert len(table) == 34
    assert table["from_parts"].notna().all() and table["office"].notna().all()
    assert (table["difference"].abs() <= GRDP_TOLERANCE).all(), table.sort_values("difference")
    worst = table.loc[table["difference"].abs().idxmax()]
    assert worst["unit_2025_id"] == "bac-ninh-2025"
    assert math.isclose(worst["office"], 101.17)


def test_aggregation_rules_are_written_per_indicator(t):
    rules = dict(zip(t["indicators"]["indicator"], t["indicators"]["aggregation"], strict=True))
    assert rules["area"] == rules["population"] == rules["fia_stock_capital"] == "sum"
    assert rules["grdp_per_capita"] == "population_weighted"
    assert rules["population_density"] == "ratio_of_totals"
    assert rules["grdp_share_industry_construction"] == "ratio_of_totals"
    for indicator in ("iip_index", "pci_weighted", "pci_legal", "grdp_real_growth"):
        assert rules[indicator] == "none", indicator


def test_an_unknown_aggregation_rule_is_a_validation_error(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    rows[0]["aggregation"] = "mean"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    problems = [p for p in validate(copy) if p.file.endswith("indicators.csv")]
    assert problems and "'mean' is not one of the allowed values" in str(problems[0])


def test_office_figures_must_name_a_known_2025_unit(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "statistics_2025.csv"
    text = path.read_text(encoding="utf-8")
    # The old province's id is not a 2025 unit id.
    path.write_text(text.replace("can-tho-2025,area", "can-tho,area", 1), encoding="utf-8")
    problems = [str(p) for p in validate(copy) if p.file.endswith("statistics_2025.csv")]
    assert problems and any("can-tho" in p for p in problems), problems


def test_lookup_indexes_values_by_indicator_and_year():
    stats = pd.DataFrame(
        {
            "province_id": ["a", "b", "a", "c", "b"],
            "indicator": ["area", "area", "area", "area", "population"],
            "year": pd.array([2022, 2022, 2023, 2023, 2021], dtype="Int64"),
            "value": [10.0, float("nan"), 12.0, 7.0, 300.0],
        }
    )
    lookup = Lookup(stats)
    values = lookup.values("area", 2022)
    assert set(values) == {"a", "b"} and values["a"] == 10.0 and math.isnan(values["b"])
    assert lookup.values("area", 2024) == {} and lookup.values("gdp", 2022) == {}
    assert lookup.values("area", 2023) == {"a": 12.0, "c": 7.0}
    assert lookup.values("population", 2021) == {"b": 300.0}


def test_parts_by_unit_agrees_with_parts_of_for_every_unit(t):
    parts = parts_by_unit(t["provinces"], t["units"])
    assert list(parts) == list(t["units"]["unit_2025_id"])
    for unit, found in parts.items():
        assert found == parts_of(unit, t["provinces"], t["units"]), unit


def test_aggregate_gives_the_same_figure_from_a_lookup_as_from_the_frame(t):
    lookup = Lookup(t["statistics"])
    for unit in ("can-tho-2025", "ha-noi-2025", "cao-bang-2025", "bac-ninh-2025"):
        for indicator, year in (("population", 2022), ("grdp_per_capita", 2020), ("area", 2022)):
            from_frame = agg(t, unit, indicator, year)
            from_lookup = agg(t, unit, indicator, year, statistics=lookup)
            assert from_lookup == from_frame, (unit, indicator, year)
    with pytest.raises(MissingParts):
        agg(t, "can-tho-2025", "population", 2024, statistics=lookup)


def test_read_unit_gives_scale_and_base_units():
    assert read_unit("thousand persons") == (1000.0, {"persons": 1})
    assert read_unit("USD million") == (1e6, {"USD": 1})
    assert read_unit("persons per km2") == (1.0, {"persons": 1, "km2": -1})
    assert read_unit("%") == (0.01, {})
    with pytest.raises(UnitMismatch, match=r"'score \(0-10\)': cannot read '\(0-10\)'"):
        read_unit("score (0-10)")


def test_a_ratio_of_totals_is_put_into_its_declared_unit_or_refused():
    units = {"population_density": "persons per km2", "population": "thousand persons"}
    assert ratio_scale("population_density", {**units, "area": "km2"}) == 1000.0
    assert ratio_scale("population_density", {**units, "area": "thousand km2"}) == 1.0
    persons = {**units, "population": "persons", "area": "km2"}
    assert ratio_scale("population_density", persons) == 1.0
    with pytest.raises(UnitMismatch, match=r"area \(ha\) is not in the indicator's unit"):
        ratio_scale("population_density", {**units, "area": "ha"})
    with pytest.raises(UnitMismatch, match="no unit in indicators.csv for area"):
        ratio_scale("population_density", units)


def test_every_ratio_of_totals_indicator_is_unit_checked(t):
    """Each ratio_of_totals indicator of indicators.csv either has totals whose units divide
    into its declared unit, or gives no unit figure at all."""
    units = units_of(t["indicators"])
    ratios = t["indicators"].loc[t["indicators"]["aggregation"] == "ratio_of_totals", "indicator"]
    assert len(ratios) >= 5
    for indicator in ratios:
        if indicator in RATIO_PARTS:
            scale = ratio_scale(indicator, units)
            top, bottom = RATIO_PARTS[indicator]
            # Checked by hand: thousand persons / km2 = 1,000 persons per km2.
            assert (indicator, units[top], units[bottom], scale) == (
                "population_density",
                "thousand persons",
                "km2",
                1000.0,
            )
        else:
            with pytest.raises(NotAggregatable):
                agg(t, "can-tho-2025", indicator, 2022)


def test_new_can_tho_density_2022_is_persons_per_km2(t):
    # population 2022 (above) 3179.64 thousand; area 2022: can-tho 1440.40, hau-giang
    # 1622.23, soc-trang 3298.20, total 6360.83 km2: 3,179,640 / 6360.83 = 499.88 per km2.
    area = agg(t, "can-tho-2025", "area", 2022)
    assert area == pytest.approx(6360.83, abs=1e-6)
    density = agg(t, "can-tho-2025", "population_density", 2022)
    assert density == pytest.approx(3179640 / 6360.83, rel=1e-12)
    assert round(density) == 500


#: Parts' densities are GSO's own, published in whole persons per km2 (cao-bang 2020: 80, while
#: 533.09 thousand persons / 6,700.4 km2 gives 79.56); a unit's figure may leave its parts'
#: range by that rounding, half a person per km2 (largest measured: 0.496, quang-ninh 2020,
#: 215.50 against its published 216).
RANGE_TOLERANCE = 0.5


def test_every_computed_figure_of_the_34_units_lies_within_its_parts_values(t):
    """A density (ratio of totals) or population-weighted mean of the whole lies between its
    parts' own values; a sum is the sum of its parts. Every indicator a chapter computes, every
    year, every unit, as the chapter computes it."""
    from provbook.chapters.unit import facts as unit_facts

    lookup = Lookup(t["statistics"])
    chapters = [unit_facts.load(u) for u in dict.fromkeys(t["units"]["unit_2025_id"])]
    checked = 0
    for indicator in unit_facts.COMPUTED:
        rule = rule_of(indicator, t["indicators"])
        years = sorted(t["statistics"].loc[t["statistics"]["indicator"] == indicator, "year"])
        for facts in chapters:
            for year in dict.fromkeys(int(y) for y in years):
                values = lookup.values(indicator, year)
                if any(p not in values or math.isnan(values[p]) for p in facts.parts):
                    continue
                whole = unit_facts.computed(facts, indicator, year)  # what the chapter shows
                if math.isnan(whole):  # a part lacks a total the rule needs
                    continue
                mine = [values[p] for p in facts.parts]
                where = (facts.unit, indicator, year, mine)
                if rule == "sum":
                    assert whole == pytest.approx(math.fsum(mine)), where
                else:
                    assert rule in ("ratio_of_totals", "population_weighted"), indicator
                    slack = RANGE_TOLERANCE
                    assert min(mine) - slack <= whole <= max(mine) + slack, where
                checked += 1
    assert checked > 34 * len(unit_facts.COMPUTED)
