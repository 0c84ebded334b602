"""Re-derive the committed data tables and boundaries from the public raw files.

``python -m provbook.derive --raw /path/to/raw --out data/`` rebuilds provinces.csv,
units_2025.csv, indicators.csv, statistics.csv, statistics_2025.csv (the statistics office's
figures for the 34 units of 2025) and boundaries/*.geojson; a second run is byte-identical.
Only this subpackage needs the optional 'derive' extra (openpyxl, xlrd, shapely); the book
itself reads the CSVs.
"""

from __future__ import annotations

import os
import shutil
import signal
from dataclasses import dataclass, field
from pathlib import Path

from provbook.derive.gso import STAT_COLUMNS, format_value, to_text_rows, write_csv_atomic

OUTPUTS = (
    "provinces.csv",
    "units_2025.csv",
    "indicators.csv",
    "statistics.csv",
    "statistics_2025.csv",
    "boundaries/provinces_63.geojson",
    "boundaries/units_34.geojson",
)

#: Hidden folder inside the output folder where a run writes every file before swapping them in.
STAGING = ".derive-staging"


def swap_in(staging: Path, out: Path, names: list[str]) -> None:
    """Move every staged file over its target in ``out``, keeping each target's permissions.
    SIGINT and SIGTERM wait until all are moved (renames: microseconds), so a stopped run
    leaves either every old file or every new one."""
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        for name in names:
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                os.chmod(staging / name, target.stat().st_mode & 0o777)
            os.replace(staging / name, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass
class Report:
    """What was written and what was left out, for the person running the derivation."""

    counts: dict[str, int] = field(default_factory=dict)
    indicator_rows: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = ["Written:"]
        for name, count in self.counts.items():
            size = f", {self.sizes[name] / 1024:.0f} KB" if name in self.sizes else ""
            lines.append(f"  {name}: {count} rows/features{size}")
        lines.append("Statistics by indicator (rows, first year, last year):")
        for name, (rows, first, last) in self.indicator_rows.items():
            lines.append(f"  {name}: {rows} rows, {first}-{last}")
        lines.append("Notes:")
        lines += [f"  - {n}" for n in self.notes]
        return "\n".join(lines)


def derive(raw: Path | str, out: Path | str, *, boundaries: bool = True) -> Report:
    """Build every output from ``raw`` into ``out``; raises ValueError on bad raw input."""
    from provbook.derive.provinces import PROVINCE_COLUMNS, build_provinces
    from provbook.derive.statistics import INDICATOR_COLUMNS, build_statistics, indicators_table

    raw, out = Path(raw), Path(out)
    if not raw.is_dir():
        raise FileNotFoundError(f"{raw}: raw folder not found")
    report = Report()
    prov = build_provinces(raw)
    report.notes += prov.notes
    matcher = prov.matcher()
    stats = build_statistics(raw, matcher, prov.code_to_id())
    report.notes += stats.notes
    indicators = indicators_table()
    from provbook.derive.statistics import DECIMALS, INDICATORS, round_published
    from provbook.derive.units_2025 import STAT_2025_COLUMNS, UNIT_COLUMNS, build_units_2025

    unit_names = dict(zip(prov.units["unit_2025_code"], prov.units["name_vi"], strict=True))
    units = build_units_2025(raw, unit_names, prov.unit_matcher(), INDICATORS)
    report.notes += units.notes
    for row in units.rows:
        row["value"] = format_value(round_published(row["value"], DECIMALS[row["indicator"]]))

    known = set(prov.provinces["province_id"]) | {"vietnam"}
    strange = sorted(set(stats.rows["province_id"]) - known)
    if strange:
        raise ValueError(f"statistics rows for unknown province ids {strange}")

    tables = {
        "provinces.csv": (PROVINCE_COLUMNS, prov.provinces.to_dict("records")),
        "units_2025.csv": (UNIT_COLUMNS, units.units.to_dict("records")),
        "indicators.csv": (INDICATOR_COLUMNS, indicators.to_dict("records")),
        "statistics.csv": (STAT_COLUMNS, to_text_rows(stats.rows)),
        "statistics_2025.csv": (STAT_2025_COLUMNS, units.rows),
    }
    layers = {}
    if boundaries:
        from provbook.derive.boundaries import provinces_layer, units_layer

        names = dict(zip(prov.provinces["province_id"], prov.provinces["name_vi"], strict=True))
        unit_matcher = prov.unit_matcher()
        layers["boundaries/provinces_63.geojson"] = provinces_layer(raw, matcher.province_id, names)
        layers["boundaries/units_34.geojson"] = units_layer(
            raw, unit_matcher.province_id, unit_names
        )

    # Write only after everything was built, so bad raw input leaves data/ untouched; and into a
    # staging folder swapped in at the end, so a failure or a signal while writing does too.
    staging = out / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # of a run killed by SIGKILL
    try:
        for name, (columns, rows) in tables.items():
            write_csv_atomic(staging / name, columns, rows)
            report.counts[name] = len(rows)
        if layers:
            from provbook.derive.boundaries import write_geojson

            for name, layer in layers.items():
                write_geojson(staging / name, layer.features)
                report.counts[name] = len(layer.features)
                report.sizes[name] = (staging / name).stat().st_size
                report.notes += [f"{name}: {n}" for n in layer.notes]
        swap_in(staging, out, [*tables, *layers])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for indicator, group in stats.rows.groupby("indicator", sort=True):
        report.indicator_rows[indicator] = (
            len(group),
            int(group["year"].min()),
            int(group["year"].max()),
        )
    return report
