"""PCI overall score 2017-2022 and new enterprises 2016-2022 from the 2016-2022 panel.

The panel (Dataset.dta, Stata) is a secondary compilation, so its PCI is accepted only where it
agrees, at VCCI's published two decimals, with the two other compilations we hold: the
2005-2016 file for 2016 and pci_vn.csv (2006-2018) for 2017 and 2018. Its values are float32
(60.740002 for 60.74) and are rounded to two decimals.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from provbook.datapackage.names import PANEL_CODES, NameMatcher
from provbook.derive import readers

PANEL = "pci-overall-2016-2022/Dataset.dta"
PCI_VN = "pci-overall-2006-2018/pci_vn.csv"
#: Years the panel adds to pci_weighted (2016 and before come from the 2005-2016 file).
PANEL_PCI_YEARS = range(2017, 2023)
#: Years pci_vn.csv is used to check the panel.
PCI_VN_CHECK_YEARS = (2017, 2018)


def read_panel(raw: Path) -> list[tuple[int, str, int, float | None, float | None]]:
    """(row, province_id, year, pci, ent) for every row of the panel."""
    path = raw / PANEL
    if not path.exists():
        raise FileNotFoundError(f"{path}: raw file not found")
    frame = pd.read_stata(path, columns=["name", "year", "pci", "ent"])
    out = []
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        code = str(row.name).strip()
        ident = PANEL_CODES.get(code)
        if ident is None:
            raise ValueError(
                f"{path}, row {number}, column name: unknown province code {code!r} "
                f"(known codes are listed in provbook.datapackage.names.PANEL_CODES)"
            )
        pci = None if pd.isna(row.pci) else float(row.pci)
        ent = None if pd.isna(row.ent) else float(row.ent)
        out.append((number, ident, int(row.year), pci, ent))
    return out


def read_pci_vn(raw: Path, matcher: NameMatcher, years) -> dict[tuple[str, int], float]:
    """PCI overall score by (province_id, year) from pci_vn.csv, for the given years."""
    path = raw / PCI_VN
    scores = {}
    rows = readers.read_csv(path, ["Địa phương", "Điểm số PCI", "nam"])
    for line, row in enumerate(rows, start=2):
        try:
            year = int(row["nam"])
            score = float(row["Điểm số PCI"])
        except ValueError:
            raise ValueError(
                f"{path}, line {line}: year {row['nam']!r} or score "
                f"{row['Điểm số PCI']!r} is not a number"
            ) from None
        if year not in years:
            continue
        ident = matcher.province_id(row["Địa phương"])
        if ident is None:
            raise ValueError(
                f"{path}, line {line}, column Địa phương: unknown province name "
                f"{row['Địa phương']!r}"
            )
        scores[(ident, year)] = score
    return scores


def cross_check(
    panel: dict[tuple[str, int], float], other: dict[tuple[str, int], float], what: str
) -> int:
    """Compare at two decimals; raise listing every difference. Returns the number compared."""
    common = sorted(set(panel) & set(other))
    bad = [
        f"{ident} {year}: panel {round(panel[(ident, year)], 2):.2f}, {what} "
        f"{other[(ident, year)]:.2f}"
        for ident, year in common
        if not math.isclose(round(panel[(ident, year)], 2), round(other[(ident, year)], 2))
    ]
    if bad:
        raise ValueError(
            f"{PANEL}: PCI differs from {what} in {len(bad)} case(s): " + "; ".join(bad[:8])
        )
    return len(common)
