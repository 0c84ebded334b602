"""The 2030 targets of the 34 provinces of 2025 (``data/plans_2030.csv``) set against where
each province stands (the statistics office's figures in ``data/statistics_2025.csv``).

Three comparisons, each kept on its own basis:

- GRDP per capita in 2030 against the 2025 estimate: the annual growth the target implies
  (current prices, five years), beside the province's own 2020-2025 record on the same basis.
  A target in USD is never divided by a figure in VND unless a conversion rate with its source is
  given (:class:`StatedRate`): the only rates used are those a row's own source implies by giving
  a VND equivalent beside the USD figure (``vnd_equivalent``, :func:`stated_rate`); for every
  other USD target no ratio is computed and the book says why.
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

from provbook.text import join_names, number, span
from provbook.words import outlet_name, say, say_or

#: Which row the book uses when a province has several for one indicator: lower rank first.
STATUS_RANK = {"adopted_resolution": 0, "draft_political_report": 1, "press_briefing": 2}
#: Words of the codebook for the statuses, qualifiers ("exact" and "range" add no word) and
#: units of plans_2030.csv: ``codebook.plan_status``, ``.plan_qualifier``, ``.plan_unit`` in
#: provbook/words/<lang>/codebook.toml. The English ones, by code, for the comparison.
STATUS_WORDS = {k: say(f"codebook.plan_status.{k}") for k in STATUS_RANK}
QUALIFIERS = ("exact", "range", "at_least", "above", "about", "up_to")
QUALIFIER_WORDS = {k: say(f"codebook.plan_qualifier.{k}") for k in QUALIFIERS}
UNITS = ("percent_per_year", "percent", "million_vnd", "billion_vnd", "trillion_vnd", "usd")
UNIT_WORDS = {k: say(f"codebook.plan_unit.{k}") for k in (*UNITS, "billion_usd")}


def codebook_word(area: str, code: str, lang: str, missing: str | None = None) -> str:
    """A code of plans_2030.csv in the edition's words; an unknown code as ``missing`` (or the
    code itself)."""
    return say_or(f"codebook.{area}.{code}", lang, code if missing is None else missing)


#: The year of the office's latest estimate and of the targets.
BASE_YEAR = 2025
TARGET_YEAR = 2030
RECORD_START = 2020
#: Indicators compared with the statistics.
GROWTH = "grdp_growth_2026_2030"
PER_CAPITA = "grdp_per_capita_2030"
SHARE = "share_industry_construction_2030"
NO_RATE = say("unit.plans.reason_no_rate")
NO_BASE = say("unit.plans.reason_no_base")


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
    period: tuple[int, int] | None = None
    #: For a USD figure: the million VND its source gives as the equivalent (None: none given).
    vnd_equivalent: float | None = None

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def text(self, lang: str = "en") -> str:
        """'at least 10.5% a year', '210–225 million VND', 'above 6,000 USD'."""
        return target_text(self.low, self.high, self.qualifier, self.unit, lang)


def target_text(low: float, high: float, qualifier: str, unit: str, lang: str = "en") -> str:
    """A target in words, its qualifier first; ranges keep both ends."""
    word = codebook_word("plan_qualifier", qualifier, lang, qualifier.replace("_", " "))
    unit_words = codebook_word("plan_unit", unit, lang)
    if unit_words.startswith("%"):
        figure = span(low, high, 2, "%", lang=lang) + unit_words[1:]
    else:
        figure = span(low, high, 2, lang=lang) + " " + unit_words
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
        period=_period(row),
        vnd_equivalent=_number(row.get("vnd_equivalent")),
    )


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def stated_rate(target: Target) -> StatedRate | None:
    """The VND-per-USD rate a USD target's own source implies by giving its VND equivalent
    (8,500 USD, about 216 million VND: 25,412 VND per USD); None without one."""
    if target.unit != "usd" or target.vnd_equivalent is None or target.low <= 0:
        return None
    return StatedRate(target.vnd_equivalent * 1e6 / target.low, target.source_id)


def _period(row) -> tuple[int, int] | None:
    start, end = row.get("period_start"), row.get("period_end")
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return int(start), int(end)


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
    start: float
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
    start = office(statistics_2025, unit, "grdp_per_capita", RECORD_START)
    record = annual_growth(start, base, BASE_YEAR - RECORD_START)
    years = TARGET_YEAR - BASE_YEAR
    if target.unit == "usd":
        rate = rate or stated_rate(target)
        if rate is None:
            return PerCapita(target, base, record, start, None, None, NO_RATE)
        factor = rate.vnd_per_usd / 1e6  # USD -> million VND
    elif target.unit == "million_vnd":
        factor = 1.0
    else:
        return PerCapita(
            target,
            base,
            record,
            start,
            None,
            None,
            say("unit.plans.reason_not_per_person", unit=target.unit),
        )
    if math.isnan(base):
        return PerCapita(target, base, record, start, None, None, NO_BASE)
    return PerCapita(
        target,
        base,
        record,
        start,
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


# --- words ------------------------------------------------------------------------------------

#: Labels of the indicators of plans_2030.csv in reader text.
INDICATOR_WORDS = {
    k: say(f"codebook.plan_indicator.{k}")
    for k in (
        GROWTH,
        PER_CAPITA,
        "grdp_2030",
        SHARE,
        "share_manufacturing_2030",
        "share_digital_economy_2030",
        "budget_revenue_2030",
        "budget_revenue_2026_2030",
        "investment_total_2026_2030",
        "industry_other",
    )
}


def pace(value: float, lang: str = "en") -> str:
    """'7.4%' for growth, 'a fall of 1.2%' for a fall, 'no growth' for zero."""
    shown = number(abs(value), 1, "%", lang=lang)
    if number(abs(value), 1) == "0":
        return say("unit.plans.pace_none", lang)
    return say(f"unit.plans.pace_{'rise' if value > 0 else 'fall'}", lang, value=shown)


def n_points(value: float, lang: str = "en") -> str:
    """'0.5 points', '1 point' (percentage points, one decimal)."""
    shown = number(value, 1, lang=lang)
    count = 1 if number(value, 1) == "1" else 2  # the plural form of the figure as written
    return say("unit.plans.points", lang, count=count, value=shown)


def points(value: float, lang: str = "en") -> str:
    """'a rise of 0.5 points', 'a fall of 2 points', 'no change' (percentage points)."""
    if number(abs(value), 1) == "0":
        return say("unit.plans.change_none", lang)
    branch = "rise" if value > 0 else "fall"
    return say(f"unit.plans.change_{branch}", lang, points=n_points(abs(value), lang))


def _recent(value: float, year: int, lang: str = "en") -> str:
    """'2024 (7.4%)', '2024 (a fall of 1.2%)'."""
    return say("unit.plans.recent", lang, year=year, pace=pace(value, lang))


def status_note(target: Target, lang: str = "en") -> str:
    """'' for an adopted resolution, else ' (according to the draft political report)'."""
    if target.status == "adopted_resolution":
        return ""
    return say("unit.plans.status_note", lang, status=status_word(target.status, lang))


def status_word(status: str, lang: str = "en") -> str:
    """A status of plans_2030.csv in words ('draft political report')."""
    return codebook_word("plan_status", status, lang)


def period_text(target: Target, lang: str = "en") -> str:
    """'in 2026–2030' as the row states it, else 'to 2030'."""
    if target.period is None:
        return say("unit.plans.period_to", lang, year=TARGET_YEAR)
    return say("unit.plans.period_span", lang, start=target.period[0], end=target.period[1])


def growth_sentence(name: str, g: Growth, lang: str = "en") -> str:
    """The growth target against 2024 and 2025: faster than both, reached in one, or in both."""
    lead = {
        "name": name,
        "target": g.target.text(lang),
        "period": period_text(g.target, lang),
        "status": status_note(g.target, lang),
    }
    years = {2024: g.growth_2024, 2025: g.growth_2025}
    known = {y: v for y, v in years.items() if not math.isnan(v)}
    if not known:
        return say("unit.plans.growth_unknown", lang, **lead)
    reached = [y for y, v in known.items() if v >= g.target.low]
    missed = [y for y in known if y not in reached]
    said = {y: _recent(v, y, lang) for y, v in known.items()}
    if not reached:
        if len(known) == 1:
            (year,) = known
            return say("unit.plans.growth_faster_one", lang, recent=said[year], **lead)
        return say(
            "unit.plans.growth_faster_both",
            lang,
            first=said[2024],
            second=said[2025],
            gap=n_points(g.gap, lang),
            **lead,
        )
    if not missed:
        told = join_names([said[y] for y in reached], lang=lang)
        return say("unit.plans.growth_reached", lang, reached=told, **lead)
    return say(
        "unit.plans.growth_reached_one",
        lang,
        reached=said[reached[0]],
        missed=said[missed[0]],
        **lead,
    )


def reason_text(pc: PerCapita, lang: str = "en") -> str:
    """Why no implied growth is computed, in the edition's words."""
    if pc.reason == NO_RATE:
        return say("unit.plans.reason_no_rate", lang)
    if pc.reason == NO_BASE:
        return say("unit.plans.reason_no_base", lang)
    return say("unit.plans.reason_not_per_person", lang, unit=pc.target.unit)


def per_capita_sentence(pc: PerCapita, lang: str = "en") -> str:
    """The implied growth of GRDP per capita against the 2020-2025 record, or why none."""
    lead = {
        "status": status_note(pc.target, lang),
        "target": pc.target.text(lang),
        "conversion": "",
    }
    if pc.implied_low is None:
        return say("unit.plans.per_capita_reason", lang, reason=reason_text(pc, lang), **lead)
    qualifier = codebook_word("plan_qualifier", pc.target.qualifier, lang, "")
    if pc.rate is not None:
        lead["conversion"] = say(
            "unit.plans.conversion", lang, conversion=conversion_text(pc, lang)
        )
        qualifier = say("codebook.plan_qualifier.about", lang)  # the source's equivalent is rounded
    implied = span(pc.implied_low, pc.implied_high, 1, "%", lang=lang)
    if qualifier:
        implied = say("unit.plans.qualified", lang, qualifier=qualifier, value=implied)
    told = {"base": number(pc.base, 1, lang=lang), "implied": implied, **lead}
    if math.isnan(pc.record):
        return say("unit.plans.per_capita_implied", lang, **told)
    record = number(pc.record, 1, "%", lang=lang)
    if number(pc.implied_low, 1) == number(pc.record, 1):
        relation = "same"
    elif pc.implied_low > pc.record:
        relation = "faster"
    elif pc.implied_high < pc.record:
        relation = "slower"
    else:
        relation = "around"
    return say(f"unit.plans.per_capita_{relation}", lang, record=record, **told)


def conversion_text(pc: PerCapita, lang: str = "en") -> str:
    """'about 216 million VND by its report's own conversion (about 25,400 VND per USD)', or,
    for a rate given without an equivalent, the rate and its source."""
    rate = say("unit.plans.rate", lang, value=number(round(pc.rate.vnd_per_usd, -2), 0, lang=lang))
    if pc.target.vnd_equivalent is not None and pc.rate.source_id == pc.target.source_id:
        vnd = number(pc.target.vnd_equivalent, 1, lang=lang)
        return say("unit.plans.conversion_own", lang, vnd=vnd, rate=rate)
    return say("unit.plans.conversion_other", lang, rate=rate, source=pc.rate.source_id)


def share_sentence(s: Share, lang: str = "en") -> str:
    """Industry and construction's target share against 2025, a fall said as a fall."""
    lead = {"target": s.target.text(lang), "status": status_note(s.target, lang)}
    if math.isnan(s.share_2025):
        return say("unit.plans.share_unknown", lang, **lead)
    low, high = s.change_low, s.change_high
    if number(low, 1) == number(high, 1):
        change = points(low, lang)
    elif low > 0:
        change = say("unit.plans.rise_range", lang, span=span(low, high, 1, lang=lang))
    elif high < 0:
        change = say("unit.plans.fall_range", lang, span=span(-high, -low, 1, lang=lang))
    else:
        change = say("unit.plans.between", lang, low=points(low, lang), high=points(high, lang))
    base = number(s.share_2025, 1, "%", lang=lang)
    return say("unit.plans.share", lang, base=base, change=change, **lead)


def lead_sentence(name: str, up: UnitPlans, lang: str = "en") -> str:
    """The one sentence a reader remembers: growth first, else GRDP per capita, else a count."""
    if not up.has_targets:
        return say("unit.plans.lead_none", lang, name=name)
    if up.growth is not None:
        return growth_sentence(name, up.growth, lang)
    if up.per_capita is not None:
        per_capita = per_capita_sentence(up.per_capita, lang)
        return say("unit.plans.lead_no_growth", lang, name=name, per_capita=per_capita)
    n = len(up.rows)
    return say("unit.plans.lead_count", lang, count=n, name=name)


def press_label(sources: pd.DataFrame, source_id: str, lang: str = "en") -> str:
    """'Tiền Phong, 2025-09-28' (outlet and date of publication, or 'date not shown')."""
    rows = sources[sources["source_id"] == source_id]
    if rows.empty:
        return source_id
    row = rows.iloc[0]
    known = str(row["date"]) != "unknown"
    when = str(row["date"]) if known else say("unit.plans.press_no_date", lang)
    outlet = outlet_name(str(row["outlet"]), lang)
    return say("unit.plans.press_label", lang, outlet=outlet, date=when)
