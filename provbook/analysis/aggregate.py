"""Figures for the 34 units of 2025 computed from their old provinces, by each indicator's rule.

indicators.csv says per indicator how parts combine (column ``aggregation``): ``sum``;
``population_weighted`` (through totals: sum of value x population / sum of population);
``ratio_of_totals`` (numerator and denominator summed separately); ``none`` (indices, scores,
growth rates: a merged unit has no such figure, the chapter shows the parts side by side). A
missing part gives no value, never a partial sum.
"""

from __future__ import annotations

import math

import pandas as pd

#: ratio_of_totals indicators whose numerator and denominator are in statistics.csv.
RATIO_PARTS = {"population_density": ("population", "area")}
#: Words of a unit (indicators.csv column ``unit``) that scale it rather than name it.
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
#: Indicator used to weight population_weighted indicators.
WEIGHT = "population"


class NotAggregatable(ValueError):
    """The indicator's rule is 'none' (or its totals are not in the data): no unit figure."""


class UnitMismatch(NotAggregatable):
    """The units of a ratio's numerator and denominator do not give the indicator's unit."""


class MissingParts(ValueError):
    """Some old province of the unit has no value for the year: no unit figure."""

    def __init__(self, message: str, missing: list[str]):
        super().__init__(message)
        self.missing = missing


def read_unit(unit: str) -> tuple[float, dict[str, int]]:
    """A unit of indicators.csv as (scale, powers of base units): 'thousand persons' is
    (1000, {persons: 1}), 'persons per km2' (1, {persons: 1, km2: -1}), '%' (0.01, {}).
    Raises UnitMismatch for a unit it cannot read (a score, an index base)."""
    scale, powers, sign = 1.0, {}, 1
    for word in str(unit).split():
        if word == "per" and sign == 1:
            sign = -1
        elif word == "%":
            scale *= 0.01**sign
        elif word in SCALES:
            scale *= SCALES[word] ** sign
        elif word.isascii() and word.isalnum() and word[0].isalpha():
            powers[word] = powers.get(word, 0) + sign
        else:
            raise UnitMismatch(f"unit {unit!r}: cannot read {word!r} as a unit")
    return scale, {k: v for k, v in powers.items() if v}


def ratio_scale(indicator: str, units: dict[str, str]) -> float:
    """What numerator total / denominator total is multiplied by to be in the indicator's unit
    (1000 for a density from thousands of persons and km2). Raises UnitMismatch when the units
    of the two totals do not divide into the indicator's declared unit."""
    top, bottom = RATIO_PARTS[indicator]
    missing = [i for i in (indicator, top, bottom) if not units.get(i)]
    if missing:
        raise UnitMismatch(
            f"{indicator}: no unit in indicators.csv for {', '.join(missing)}; a ratio of totals "
            "needs the units of the ratio and of both totals"
        )
    (s_top, p_top), (s_bottom, p_bottom) = read_unit(units[top]), read_unit(units[bottom])
    s_declared, p_declared = read_unit(units[indicator])
    quotient = dict(p_top)
    for base, power in p_bottom.items():
        quotient[base] = quotient.get(base, 0) - power
    quotient = {k: v for k, v in quotient.items() if v}
    if quotient != p_declared:
        raise UnitMismatch(
            f"{indicator}: {top} ({units[top]}) divided by {bottom} ({units[bottom]}) is not in "
            f"the indicator's unit ({units[indicator]}); the ratio is refused"
        )
    return s_top / s_bottom / s_declared


def units_of(indicators: pd.DataFrame) -> dict[str, str]:
    """Unit by indicator id (indicators.csv column ``unit``; empty where the frame has none)."""
    if "unit" not in indicators.columns:
        return {}
    return {
        str(i): "" if pd.isna(u) else str(u)
        for i, u in zip(indicators["indicator"], indicators["unit"], strict=True)
    }


def _load(frame, loader):
    if frame is not None:
        return frame
    from provbook.datapackage import data

    return getattr(data, loader)()


def parts_of(unit_id: str, provinces: pd.DataFrame, units: pd.DataFrame) -> list[str]:
    """Old province ids of a 2025 unit (provinces.csv rows with the unit's code)."""
    found = units[units["unit_2025_id"] == unit_id]
    if found.empty:
        raise KeyError(f"unknown 2025 unit {unit_id!r}; ids look like can-tho-2025")
    code = int(found["unit_2025_code"].iloc[0])
    return sorted(provinces.loc[provinces["unit_2025_code"].astype(int) == code, "province_id"])


def parts_by_unit(provinces: pd.DataFrame, units: pd.DataFrame) -> dict[str, list[str]]:
    """:func:`parts_of` for every unit at once (a loop over the units filters nothing)."""
    by_code: dict[int, list[str]] = {}
    for province, code in zip(provinces["province_id"], provinces["unit_2025_code"], strict=True):
        by_code.setdefault(int(code), []).append(province)
    parts = {}
    for unit, code in zip(units["unit_2025_id"], units["unit_2025_code"], strict=True):
        if unit not in parts:  # the first row of an id, as parts_of reads it
            parts[unit] = sorted(by_code.get(int(code), []))
    return parts


def rule_of(indicator: str, indicators: pd.DataFrame) -> str:
    """The aggregation rule of an indicator, from indicators.csv."""
    found = indicators[indicators["indicator"] == indicator]
    if found.empty:
        raise KeyError(f"unknown indicator {indicator!r}")
    return str(found["aggregation"].iloc[0])


class Lookup:
    """statistics.csv indexed once by (indicator, year): a chapter asks for hundreds of sums, and
    filtering the whole frame for each one cost more than drawing the chapter's figures."""

    def __init__(self, statistics: pd.DataFrame):
        self._values: dict[tuple[str, int], dict[str, float]] = {}
        columns = (statistics[c].tolist() for c in ("indicator", "year", "province_id", "value"))
        for indicator, year, province, value in zip(*columns, strict=True):
            # A later row of the same key wins, as in a dict built from the filtered rows.
            self._values.setdefault((indicator, int(year)), {})[province] = float(value)

    def values(self, indicator: str, year: int) -> dict[str, float]:
        """Value by province id (NaN where a row has no value); empty when nobody reports."""
        return dict(self._values.get((indicator, int(year)), {}))


def _values(
    lookup: Lookup, parts: list[str], indicator: str, year: int, unit_id: str
) -> dict[str, float]:
    found = lookup.values(indicator, year)
    values = {p: found[p] for p in parts if p in found}
    missing = [p for p in parts if p not in values or math.isnan(values[p])]
    if missing:
        raise MissingParts(
            f"{unit_id}: no {indicator} {year} for {', '.join(missing)} (part(s) of the unit); "
            "a unit figure needs every part",
            missing,
        )
    return values


def from_parts(
    lookup: Lookup,
    parts: list[str],
    unit_id: str,
    indicator: str,
    year: int,
    rule: str,
    units: dict[str, str] | None = None,
) -> float:
    """The unit's value from its parts' rows by ``rule`` (see :func:`aggregate`); ``units``
    (:func:`units_of`) puts a ratio of totals into its indicator's unit."""
    if rule == "none":
        raise NotAggregatable(
            f"{indicator} is not aggregatable (rule 'none' in indicators.csv): show the values "
            f"of {', '.join(parts)} side by side instead of one figure for {unit_id}"
        )
    if rule == "sum":
        return math.fsum(_values(lookup, parts, indicator, year, unit_id).values())
    if rule == "population_weighted":
        values = _values(lookup, parts, indicator, year, unit_id)
        weights = _values(lookup, parts, WEIGHT, year, unit_id)
        total = math.fsum(weights.values())
        return math.fsum(values[p] * weights[p] for p in parts) / total
    if rule == "ratio_of_totals":
        if indicator not in RATIO_PARTS:
            raise NotAggregatable(
                f"{indicator}: rule 'ratio_of_totals' but its numerator and denominator are not "
                "in statistics.csv by old province; no figure for the unit"
            )
        scale = ratio_scale(indicator, units or {})
        top, bottom = RATIO_PARTS[indicator]
        numerator = math.fsum(_values(lookup, parts, top, year, unit_id).values())
        denominator = math.fsum(_values(lookup, parts, bottom, year, unit_id).values())
        return numerator / denominator * scale
    raise ValueError(f"indicators.csv: {indicator} has unknown aggregation rule {rule!r}")


def aggregate(
    statistics: pd.DataFrame | Lookup,
    provinces: pd.DataFrame,
    unit_id: str,
    indicator: str,
    year: int,
    *,
    indicators: pd.DataFrame | None = None,
    units: pd.DataFrame | None = None,
) -> float:
    """The unit's value computed from its old provinces by the indicator's rule (unrounded).

    ``statistics`` may be a :class:`Lookup` built once for many calls. Raises NotAggregatable
    for rule 'none' and MissingParts when a part has no value.
    """
    indicators = _load(indicators, "indicators")
    units = _load(units, "units_2025")
    rule = rule_of(indicator, indicators)
    parts = parts_of(unit_id, provinces, units)
    if rule != "none" and not isinstance(statistics, Lookup):
        statistics = Lookup(statistics[statistics["province_id"].isin(parts)])
    return from_parts(statistics, parts, unit_id, indicator, year, rule, units_of(indicators))


def difference_row(unit_id: str, computed: float, published: float, reason: str = "") -> dict:
    """One row of :func:`compare_with_office`: the computed figure against the published one."""
    return {
        "unit_2025_id": unit_id,
        "from_parts": computed,
        "office": published,
        "difference": computed - published,
        "relative": (computed - published) / published if published else math.nan,
        "reason": reason,
    }


def compare_with_office(
    statistics: pd.DataFrame,
    statistics_2025: pd.DataFrame,
    provinces: pd.DataFrame,
    units: pd.DataFrame,
    indicators: pd.DataFrame,
    indicator: str,
    year: int,
    office_year: int | None = None,
) -> pd.DataFrame:
    """Per unit: the value computed from the parts, the office's own value, and the difference.

    ``office_year`` lets the office's figure of another year stand in (e.g. the area of 2025
    against the parts' area of 2022). Units whose parts lack a value get NaN (and a reason).
    """
    office = statistics_2025[
        (statistics_2025["indicator"] == indicator)
        & (statistics_2025["year"].astype(int) == int(office_year or year))
    ].set_index("unit_2025_id")["value"]
    lookup = Lookup(statistics)
    parts = parts_by_unit(provinces, units)
    # As in aggregate(): an unknown indicator raises (an unknown or 'none' rule, in from_parts).
    rule = rule_of(indicator, indicators) if len(units) else ""
    in_units = units_of(indicators)
    rows = []
    for unit in units["unit_2025_id"]:
        try:
            computed = from_parts(lookup, parts[unit], unit, indicator, year, rule, in_units)
            reason = ""
        except MissingParts as exc:
            computed, reason = math.nan, str(exc)
        published = float(office[unit]) if unit in office.index else math.nan
        rows.append(difference_row(unit, computed, published, reason))
    return pd.DataFrame(rows)
