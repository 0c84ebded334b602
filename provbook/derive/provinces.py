"""The 63 provinces (before 2025-07-01) and the 34 units after the merger, from the raw files.

Diacritics come from the merger mapping's old names, regions from GSO's region list, and the new
unit from the mapping (the unit that received the majority of each old province's wards).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from provbook.datapackage.names import (
    PROVINCE_ALIASES,
    NameMatcher,
    fold,
    slugify,
    strip_admin_prefix,
)
from provbook.derive import readers

MAPPING = "merger-2025/province_mapping_63_to_34.csv"
REGIONS = "gso-population-2011-2022/region.csv"
MERGED_ON = "2025-07-01"

#: GSO region names (Vietnamese without diacritics, as region.csv writes them) -> contract enum.
REGION_EN = {
    "Dong bang song Hong": "Red River Delta",
    "Trung du va mien nui phia Bac": "Northern Midlands and Mountains",
    "Bac Trung Bo va Duyen hai mien Trung": "North Central and Central Coast",
    "Tay Nguyen": "Central Highlands",
    "Dong Nam Bo": "South East",
    "Dong bang song Cuu Long": "Mekong River Delta",
}

#: Names that differ from the mapping's old name, with the reason.
#: Code 46 was Thừa Thiên Huế until it became the centrally-run city Huế on 2025-01-01; the
#: statistics of 2005-2024 (e.g. GSO's monthly tables: "Thừa Thiên - Huế") use the old name
#: and the project's id is thua-thien-hue.
NAME_OVERRIDES = {46: "Thừa Thiên Huế"}

PROVINCE_COLUMNS = [
    "province_id",
    "gso_code",
    "name_vi",
    "name_ascii",
    "region",
    "unit_2025_code",
    "merged_on",
]
UNIT_COLUMNS = ["unit_2025_code", "unit_2025_id", "name_vi"]


@dataclass
class Provinces:
    """Both tables plus what the derivation noticed on the way."""

    provinces: pd.DataFrame
    units: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def matcher(self) -> NameMatcher:
        """Name matcher for the 63 provinces (GSO, PCI, map and Vietnamese spellings)."""
        names = {
            row.province_id: [row.name_vi, row.name_ascii]
            for row in self.provinces.itertuples(index=False)
        }
        return NameMatcher(names, PROVINCE_ALIASES)

    def unit_matcher(self) -> NameMatcher:
        """Name matcher for the 34 units, returning unit codes as text."""
        names = {
            str(row.unit_2025_code): [row.name_vi, strip_admin_prefix(row.name_vi)]
            for row in self.units.itertuples(index=False)
        }
        aliases = {"TP HCM": "79", "HCM": "79", "HCMC": "79"}
        return NameMatcher(names, aliases)

    def code_to_id(self) -> dict[int, str]:
        return dict(zip(self.provinces["gso_code"], self.provinces["province_id"], strict=True))


def build_provinces(raw: Path | str) -> Provinces:
    """provinces.csv and units_2025.csv rows from the mapping and region files."""
    raw = Path(raw)
    notes: list[str] = []
    mapping_path = raw / MAPPING
    mapping = readers.read_csv(mapping_path, ["old_code", "old_name", "new_code", "new_name"])
    region_path = raw / REGIONS
    region_rows = readers.read_csv(region_path, ["code", "name", "region"])
    regions: dict[int, str] = {}
    region_names: dict[int, str] = {}
    for line, row in enumerate(region_rows, start=2):
        code = readers.integer(region_path, line, "code", row["code"])
        if row["region"] not in REGION_EN:
            raise ValueError(
                f"{region_path}, line {line}, column region: {row['region']!r} is not one of "
                f"{', '.join(REGION_EN)}"
            )
        regions[code] = REGION_EN[row["region"]]
        region_names[code] = row["name"]

    provinces, units = [], {}
    for line, row in enumerate(mapping, start=2):
        code = readers.integer(mapping_path, line, "old_code", row["old_code"])
        new_code = readers.integer(mapping_path, line, "new_code", row["new_code"])
        name_vi = NAME_OVERRIDES.get(code, strip_admin_prefix(row["old_name"]))
        if code not in regions:
            raise ValueError(f"{region_path}: no region for GSO code {code} ({name_vi})")
        provinces.append(
            {
                "province_id": slugify(name_vi),
                "gso_code": code,
                "name_vi": name_vi,
                "name_ascii": fold(name_vi),
                "region": regions[code],
                "unit_2025_code": new_code,
                "merged_on": MERGED_ON,
            }
        )
        known = units.setdefault(new_code, row["new_name"].strip())
        if known != row["new_name"].strip():
            raise ValueError(
                f"{mapping_path}, line {line}: unit {new_code} is named both {known!r} and "
                f"{row['new_name']!r}"
            )
    extra = sorted(set(regions) - {p["gso_code"] for p in provinces})
    if extra:
        raise ValueError(f"{region_path}: codes {extra} are not in {mapping_path}")

    table = pd.DataFrame(provinces, columns=PROVINCE_COLUMNS).sort_values("gso_code")
    for column in ("province_id", "gso_code"):
        dupes = table[table[column].duplicated()][column].tolist()
        if dupes:
            raise ValueError(f"{mapping_path}: duplicate {column} {dupes}")
    unit_table = pd.DataFrame(
        [
            {"unit_2025_code": code, "unit_2025_id": slugify(name) + "-2025", "name_vi": name}
            for code, name in sorted(units.items())
        ],
        columns=UNIT_COLUMNS,
    )
    result = Provinces(table.reset_index(drop=True), unit_table, notes)

    # Cross-check region.csv's own names against the provinces they are keyed to.
    matcher = result.matcher()
    code_to_id = result.code_to_id()
    for code, name in sorted(region_names.items()):
        found = matcher.province_id(name)
        if found is None:
            notes.append(
                f"{REGIONS}: name {name!r} for code {code} is not a known spelling "
                f"(taken as {code_to_id[code]} by its code)"
            )
        elif found != code_to_id[code]:
            raise ValueError(f"{region_path}: code {code} is named {name!r}, which is {found}")
    for code, name in NAME_OVERRIDES.items():
        notes.append(
            f"name_vi of GSO code {code} set to {name!r} (the mapping's old name is the 2025 name)"
        )
    return result
