"""The 34 units of 2025: their table, and the statistics office's own figures for them.

Ids are ``<ascii-slug>-2025`` so that a new unit never shares an id with the old province of
the same name (new Cần Thơ = old Cần Thơ + Hậu Giang + Sóc Trăng). The figures come from a
secondary compilation of NSO tables (nso-34-units-2020-2025); what the compiler computed itself
(USD per capita, GRDP totals = per capita x population) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from provbook.datapackage.names import NameMatcher, slugify, strip_admin_prefix
from provbook.derive import readers
from provbook.derive.gso import format_value

FOLDER = "nso-34-units-2020-2025"
SCATTER = f"{FOLDER}/provinces_scatter.csv"
SOCIETY = f"{FOLDER}/units_society_2025.csv"
SOURCE_ID = "nso_units_2025"
ID_SUFFIX = "-2025"

UNIT_COLUMNS = ["unit_2025_code", "unit_2025_id", "name_vi", "name_short", "region", "area_km2"]
STAT_2025_COLUMNS = ["unit_2025_id", "indicator", "year", "value", "unit", "status", "source_id"]
#: The compilation's English region labels (the NSO's six regions of the 34 units).
REGIONS_2025 = (
    "Northern midlands & mountains",
    "Red River Delta",
    "North Central",
    "South Central Coast & Central Highlands",
    "Southeast",
    "Mekong Delta",
)
#: NSO status words as the compilation writes them -> statistics status.
STATUS = {"official": "official", "preliminary": "preliminary", "estimate": "estimate"}
#: Columns of the 2025 GRDP structure -> indicator (share of GRDP, %).
STRUCTURE = {
    "struct2025_agri_pct": "grdp_share_agriculture",
    "struct2025_ind_constr_pct": "grdp_share_industry_construction",
    "struct2025_svc_pct": "grdp_share_services",
    "struct2025_tax_pct": "grdp_share_product_taxes",
}


def unit_id(name_vi: str) -> str:
    """Id of a 2025 unit: "Thành phố Cần Thơ" -> "can-tho-2025"."""
    return slugify(name_vi) + ID_SUFFIX


@dataclass
class Units2025:
    """units_2025.csv rows, statistics_2025.csv rows and notes."""

    units: pd.DataFrame
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _code(path: Path, line: int, column: str, name: str, matcher: NameMatcher) -> int:
    code = matcher.province_id(name)
    if code is None:
        raise ValueError(
            f"{path}, line {line}, column {column}: unknown 2025 unit {name!r} (not one of "
            "the 34 units of the merger mapping)"
        )
    return int(code)


def build_units_2025(
    raw: Path, names: dict[int, str], matcher: NameMatcher, indicators: dict[str, tuple]
) -> Units2025:
    """units_2025 rows (code, id, names, region, area) and the NSO's figures for the 34."""
    scatter_path, society_path = raw / SCATTER, raw / SOCIETY
    scatter = readers.read_csv(
        scatter_path,
        [
            "Province",
            "Year",
            "Real GRDP growth (%)",
            "Region",
            "GRDP per person (million VND)",
            "NSO status",
        ],
    )
    society = readers.read_csv(
        society_path, ["province", "area_km2", "pop_2025p", "pop_2024", *STRUCTURE]
    )
    ids = {code: unit_id(name) for code, name in names.items()}
    regions: dict[int, str] = {}
    status_of_year: dict[int, str] = {}
    rows: list[dict] = []
    notes: list[str] = [
        f"{SCATTER}: left out 'GRDP per person (USD)' (converted by the compiler) and "
        "'Average population (m)' (rounded to 10,000; population comes from "
        f"{SOCIETY} for 2024-2025)",
        f"{SOCIETY}: left out grdp_bn_* (computed by the compiler as per capita x population), "
        "pop_nq (population in the merger dossier, not an NSO series) and merged_from "
        "(derivable from provinces.csv)",
    ]

    def add(code: int, indicator: str, year: int, value: float, status: str) -> None:
        rows.append(
            {
                "unit_2025_id": ids[code],
                "indicator": indicator,
                "year": year,
                "value": value,
                "unit": indicators[indicator][1],
                "status": status,
                "source_id": SOURCE_ID,
            }
        )

    seen: set[tuple[int, int]] = set()
    for line, row in enumerate(scatter, start=2):
        code = _code(scatter_path, line, "Province", row["Province"], matcher)
        year = readers.integer(scatter_path, line, "Year", row["Year"])
        if (code, year) in seen:
            raise ValueError(f"{scatter_path}, line {line}: {row['Province']} {year} repeats")
        seen.add((code, year))
        status = STATUS.get(row["NSO status"].strip())
        if status is None:
            raise ValueError(
                f"{scatter_path}, line {line}, column NSO status: {row['NSO status']!r} is not "
                f"one of {', '.join(STATUS)}"
            )
        if status_of_year.setdefault(year, status) != status:
            raise ValueError(f"{scatter_path}, line {line}: year {year} has two statuses")
        region = row["Region"].strip()
        if region not in REGIONS_2025:
            raise ValueError(
                f"{scatter_path}, line {line}, column Region: {region!r} is not one of "
                f"{', '.join(REGIONS_2025)}"
            )
        if regions.setdefault(code, region) != region:
            raise ValueError(f"{scatter_path}, line {line}: {row['Province']} changes region")
        for column, indicator in (
            ("GRDP per person (million VND)", "grdp_per_capita"),
            ("Real GRDP growth (%)", "grdp_real_growth"),
        ):
            value = readers.number(scatter_path, line, column, row[column])
            if value is not None:
                add(code, indicator, year, value, status)

    areas: dict[int, float] = {}
    for line, row in enumerate(society, start=2):
        code = _code(society_path, line, "province", row["province"], matcher)
        if code in areas:
            raise ValueError(f"{society_path}, line {line}: {row['province']} repeats")
        area = readers.number(society_path, line, "area_km2", row["area_km2"])
        if area is None:
            raise ValueError(f"{society_path}, line {line}, column area_km2: empty")
        areas[code] = area
        add(code, "area", 2025, area, "official")
        for column, year, status in (
            ("pop_2024", 2024, "preliminary"),
            ("pop_2025p", 2025, "preliminary"),
        ):
            persons = readers.number(society_path, line, column, row[column])
            if persons is not None:
                add(code, "population", year, persons / 1000, status)
        for column, indicator in STRUCTURE.items():
            value = readers.number(society_path, line, column, row[column])
            if value is not None:
                add(code, indicator, 2025, value, "estimate")

    for what, got in (("provinces_scatter.csv", regions), ("units_society_2025.csv", areas)):
        missing = sorted(set(names) - set(got))
        if missing:
            raise ValueError(f"{FOLDER}/{what}: no row for unit code(s) {missing}")
    units = pd.DataFrame(
        [
            {
                "unit_2025_code": code,
                "unit_2025_id": ids[code],
                "name_vi": name,
                "name_short": strip_admin_prefix(name),
                "region": regions[code],
                "area_km2": format_value(areas[code]),
            }
            for code, name in sorted(names.items())
        ],
        columns=UNIT_COLUMNS,
    )
    rows.sort(key=lambda r: (r["indicator"], r["unit_2025_id"], r["year"]))
    return Units2025(units, rows, notes)
