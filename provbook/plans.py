"""The 2030 targets of the 34 provinces of 2025 (``data/plans_2030.csv``) set against where
each province stands (the statistics office's figures in ``data/statistics_2025.csv``).

Three comparisons, each kept on its own basis:

- GRDP per capita in 2030 against the 2025 estimate: the annual growth the target implies
  (current prices, five years), beside the province's own 2020-2025 record on the same basis.
  A target in USD is never divided by a figure in VND unless a conversion rate with its source is
  given (:class:`StatedRate`); no source in the table states one, so no ratio is computed.
- Average real GRDP growth 2026-2030 against the real growth published for 2024 and 2025.
- Industry and construction's share of GRDP in 2030 against its 2025 share.

Ranges keep both ends and qualifiers ("at least", "above", "about") travel with every figure.
A province with several rows for one indicator uses the adopted resolution over a draft and a
draft over a press briefing (then the first row of the table); the others are still listed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from provbook import charts

#: Which row the book uses when a province has several for one indicator: lower rank first.
STATUS_RANK = {"adopted_resolution": 0, "draft_political_report": 1, "press_briefing": 2}
STATUS_WORDS = {
    "adopted_resolution": "adopted resolution",
    "draft_political_report": "draft political report",
    "press_briefing": "press briefing before the congress",
}
#: How a qualifier reads before a figure ("exact" and "range" add no word).
QUALIFIER_WORDS = {
    "exact": "",
    "range": "",
    "at_least": "at least",
    "above": "above",
    "about": "about",
}
#: Units of plans_2030.csv as shown to a reader.
UNIT_WORDS = {
    "percent_per_year": "% a year",
    "percent": "% of GRDP",
    "million_vnd": "million VND",
    "billion_vnd": "billion VND",
    "trillion_vnd": "trillion VND",
    "usd": "USD",
}
#: The year of the office's latest estimate and of the targets.
BASE_YEAR = 2025
TARGET_YEAR = 2030
RECORD_START = 2020
#: Indicators compared with the statistics.
GROWTH = "grdp_growth_2026_2030"
PER_CAPITA = "grdp_per_capita_2030"
SHARE = "share_industry_construction_2030"
NO_RATE = (
    "the target is in USD and its source states no exchange rate, so it is not set against "
    "the 2025 figure in VND (no rate is assumed)"
)


@dataclass(frozen=True)
class StatedRate:
    """A VND-per-USD rate that a source states, with that source: the only way a USD target is
    set against a VND figure."""

    vnd_per_usd: float
    source_id: str


@dataclass(frozen=True)
class Target:
    """One target row as stated: both ends of a range, its qualifier, unit and status."""

    target_id: str
    unit_2025_id: str
    indicator: str
    low: float
    high: float
    qualifier: str
    unit: str
    status: str
    source_id: str

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def text(self) -> str:
        """'at least 10.5% a year', '210–225 million VND', 'above 6,000 USD'."""
        return target_text(self.low, self.high, self.qualifier, self.unit)


def target_text(low: float, high: float, qualifier: str, unit: str) -> str:
    """A target in words, its qualifier first; ranges keep both ends."""
    word = QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " "))
    unit_words = UNIT_WORDS.get(unit, unit)
    if unit_words.startswith("%"):
        figure = charts.span(low, high, 2, "%") + unit_words[1:]
    else:
        figure = charts.span(low, high, 2) + " " + unit_words
    return f"{word} {figure}" if word else figure


def targets_of(plans: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Every target row of the province, in table order."""
    return plans[plans["unit_2025_id"] == unit].reset_index(drop=True)


def chosen(plans: pd.DataFrame, unit: str, indicator: str) -> Target | None:
    """The row the book uses for one indicator (adopted over draft over briefing), or None."""
    rows = plans[(plans["unit_2025_id"] == unit) & (plans["indicator"] == indicator)]
    if rows.empty:
        return None
    rank = rows["status"].map(lambda s: STATUS_RANK.get(s, len(STATUS_RANK)))
    row = rows.assign(_rank=rank).sort_values("_rank", kind="stable").iloc[0]
    return Target(
        target_id=str(row["target_id"]),
        unit_2025_id=str(row["unit_2025_id"]),
        indicator=str(row["indicator"]),
        low=float(row["value_low"]),
        high=float(row["value_high"]),
        qualifier=str(row["qualifier"]),
        unit=str(row["unit"]),
        status=str(row["status"]),
        source_id=str(row["source_id"]),
    )


def office(statistics_2025: pd.DataFrame, unit: str, indicator: str, year: int) -> float:
    """The office's figure for the province (NaN when not published)."""
    rows = statistics_2025[
        (statistics_2025["unit_2025_id"] == unit)
        & (statistics_2025["indicator"] == indicator)
        & (statistics_2025["year"].astype(int) == year)
    ]
    return float(rows["value"].iloc[0]) if len(rows) else math.nan


def annual_growth(start: float, end: float, years: int) -> float:
    """Average annual growth, %, from ``start`` to ``end`` over ``years`` years (compound)."""
    if not (start > 0 and end > 0 and years > 0):
        return math.nan
    return ((end / start) ** (1 / years) - 1) * 100


@dataclass(frozen=True)
class PerCapita:
    """GRDP per capita 2030 target against 2025; ``implied_*`` None with a ``reason``."""

    target: Target
    base: float
    record: float
    implied_low: float | None
    implied_high: float | None
    reason: str = ""
    rate: StatedRate | None = None


def per_capita(
    plans: pd.DataFrame, statistics_2025: pd.DataFrame, unit: str, rate: StatedRate | None = None
) -> PerCapita | None:
    """The growth a GRDP per capita target implies, 2025-2030 at current prices, and the
    province's 2020-2025 record on the same basis; None without a target."""
    target = chosen(plans, unit, PER_CAPITA)
    if target is None:
        return None
    base = office(statistics_2025, unit, "grdp_per_capita", BASE_YEAR)
    record = annual_growth(
        office(statistics_2025, unit, "grdp_per_capita", RECORD_START),
        base,
        BASE_YEAR - RECORD_START,
    )
    years = TARGET_YEAR - BASE_YEAR
    if target.unit == "usd":
        if rate is None:
            return PerCapita(target, base, record, None, None, NO_RATE)
        factor = rate.vnd_per_usd / 1e6  # USD -> million VND
    elif target.unit == "million_vnd":
        factor = 1.0
    else:
        return PerCapita(target, base, record, None, None, f"unit {target.unit} is not per person")
    if math.isnan(base):
        return PerCapita(target, base, record, None, None, "no 2025 figure published")
    return PerCapita(
        target,
        base,
        record,
        annual_growth(base, target.low * factor, years),
        annual_growth(base, target.high * factor, years),
        rate=rate if target.unit == "usd" else None,
    )


@dataclass(frozen=True)
class Growth:
    """Average real GRDP growth target against the real growth of 2024 and 2025."""

    target: Target
    growth_2024: float
    growth_2025: float

    @property
    def best(self) -> float:
        """The faster of the two recent years (NaN when neither is published)."""
        values = [v for v in (self.growth_2024, self.growth_2025) if not math.isnan(v)]
        return max(values) if values else math.nan

    @property
    def gap(self) -> float:
        """Percentage points from the faster recent year to the target's low end."""
        return self.target.low - self.best

    @property
    def above_record(self) -> bool:
        """Even the target's low end is above both 2024 and 2025."""
        return not math.isnan(self.best) and self.target.low > self.best


def growth(plans: pd.DataFrame, statistics_2025: pd.DataFrame, unit: str) -> Growth | None:
    target = chosen(plans, unit, GROWTH)
    if target is None:
        return None
    return Growth(
        target,
        office(statistics_2025, unit, "grdp_real_growth", 2024),
        office(statistics_2025, unit, "grdp_real_growth", 2025),
    )


@dataclass(frozen=True)
class Share:
    """Industry and construction's share of GRDP: 2030 target against 2025 (percentage points)."""

    target: Target
    share_2025: float

    @property
    def change_low(self) -> float:
        return self.target.low - self.share_2025

    @property
    def change_high(self) -> float:
        return self.target.high - self.share_2025


def share(plans: pd.DataFrame, statistics_2025: pd.DataFrame, unit: str) -> Share | None:
    target = chosen(plans, unit, SHARE)
    if target is None:
        return None
    return Share(
        target, office(statistics_2025, unit, "grdp_share_industry_construction", BASE_YEAR)
    )


@dataclass(frozen=True)
class UnitPlans:
    """Everything the book sets against one province's targets."""

    unit: str
    rows: pd.DataFrame
    growth: Growth | None
    per_capita: PerCapita | None
    share: Share | None

    @property
    def has_targets(self) -> bool:
        return not self.rows.empty


def unit_plans(
    plans: pd.DataFrame, statistics_2025: pd.DataFrame, unit: str, rate: StatedRate | None = None
) -> UnitPlans:
    return UnitPlans(
        unit,
        targets_of(plans, unit),
        growth(plans, statistics_2025, unit),
        per_capita(plans, statistics_2025, unit, rate),
        share(plans, statistics_2025, unit),
    )


def all_units(plans: pd.DataFrame, statistics_2025: pd.DataFrame, units: list[str]) -> dict:
    """:func:`unit_plans` of every province, by id."""
    return {u: unit_plans(plans, statistics_2025, u) for u in units}
