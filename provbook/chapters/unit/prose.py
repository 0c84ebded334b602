"""Glued values and sentences of the new-province chapter whose wording depends on the data."""

from __future__ import annotations

import math
from datetime import date

from provbook import text as words
from provbook.chapters.unit.facts import (
    SIDE_BY_SIDE,
    UnitFacts,
    computed_series,
    consistency,
    indicator_row,
    office_value,
    parts_with_facts,
    side_by_side,
)
from provbook.text import join_names
from provbook.words import say

#: The office publishes GRDP per capita to 0.01 million VND: closer than that is agreement.
CHECK_TOLERANCE = 0.01
#: The day the 34 provinces came into being.
MERGER_DAY = date(2025, 7, 1)


def index_name(indicator: str, facts: UnitFacts, lang: str = "en") -> str:
    """A never-combined indicator's name in running prose ('PCI score', 'điểm PCI')."""
    try:
        return say(f"unit.index.{indicator}", lang)
    except KeyError:
        return indicator_label(facts, indicator, lang)


def indicator_label(facts: UnitFacts, indicator: str, lang: str = "en") -> str:
    """An indicator's label: indicators.csv's in English, the codebook's in another language."""
    if lang == "en":
        return str(indicator_row(facts, indicator)["label"])
    return say(f"codebook.indicator.{indicator}", lang)


def unit_word(unit: str, lang: str = "en") -> str:
    """A unit of the data as the edition writes it ('thousand persons', 'nghìn người')."""
    if lang == "en":
        return str(unit)
    try:
        return say(f"codebook.unit_text.{unit}", lang)
    except KeyError:
        return str(unit)


def status_word(status: str, lang: str = "en") -> str:
    """A status of statistics_2025.csv in words; '' or unknown: 'not published'."""
    known = ("official", "preliminary", "estimate")
    return say(f"codebook.statistics_status.{status if status in known else 'not_published'}", lang)


def rule_word(rule: str, lang: str = "en") -> str:
    """An aggregation rule of indicators.csv in words (the data appendix's words)."""
    try:
        return say(f"codebook.aggregation.{rule}", lang)
    except KeyError:
        return rule


def _latest(facts: UnitFacts, indicator: str) -> tuple[int, float]:
    series = computed_series(facts, indicator)
    if series.empty:
        return 0, math.nan
    last = series.iloc[-1]
    return int(last["year"]), float(last["value"])


def formation_note(facts: UnitFacts, lang: str = "en") -> str:
    """Which old provinces formed the new one (one part: it kept its borders)."""
    day = words.long_date(MERGER_DAY, lang)
    if len(facts.parts) == 1:
        return say("unit.formation.kept", lang, name=facts.name, part=facts.part_names[0], date=day)
    return say(
        "unit.formation.merged",
        lang,
        count=len(facts.parts),
        name=facts.name,
        date=day,
        parts=join_names(facts.part_names, lang=lang),
    )


def growth_note(rate: float, status: str, lang: str = "en") -> str:
    """'real GRDP grew by 7.2% (estimate)'; a fall is said as a fall."""
    if math.isnan(rate):
        return say("unit.growth.none", lang)
    shown = words.number(abs(rate), 1, "%", lang=lang)
    branch = "same" if words.number(abs(rate), 1) == "0" else ("rise" if rate > 0 else "fall")
    return say(f"unit.growth.{branch}", lang, rate=shown, status=status_word(status, lang))


def glance_values(facts: UnitFacts, lang: str = "en") -> dict:
    """Office figures for the new province and the computed ones for its parts' last year."""
    population, population_status = office_value(facts, "population", 2025)
    area, _ = office_value(facts, "area", 2025)
    grdp, grdp_status = office_value(facts, "grdp_per_capita", 2025)
    growth, growth_status = office_value(facts, "grdp_real_growth", 2025)
    pop_year, pop_parts = _latest(facts, "population")
    grdp_year, grdp_parts = _latest(facts, "grdp_per_capita")
    values = {
        "formation_note": formation_note(facts, lang),
        "n_parts": len(facts.parts),
        "office_population": population,
        "office_population_status": status_word(population_status, lang),
        "office_area": area,
        "office_grdp_pc": grdp,
        "office_grdp_pc_status": status_word(grdp_status, lang),
        "office_growth": growth,
        "office_growth_note": growth_note(growth, growth_status, lang),
        "office_growth_status": status_word(growth_status, lang),
        "parts_population": pop_parts,
        "parts_population_year": pop_year,
        "parts_grdp_pc": grdp_parts,
        "parts_grdp_pc_year": grdp_year,
    }
    return {**values, **shown_numbers(values, GLANCE_DIGITS, lang)}


#: Digits of the figures the chapter's text shows (the English markdown formats them itself).
GLANCE_DIGITS = {
    "office_population": 1,
    "office_area": 1,
    "office_grdp_pc": 1,
    "parts_population": 1,
    "parts_grdp_pc": 2,
}


def shown_numbers(values: dict, digits: dict[str, int], lang: str) -> dict:
    """``<key>_text``: a figure as the edition writes it ('3.224,9'), for the markdown of an
    edition whose numbers ``{glue:text}`` cannot format (its format spec is Python's, English).
    English glues the numbers alone: its markdown formats them (``:,.1f``)."""
    if lang == "en":
        return {}
    return {f"{k}_text": words.number(values[k], d, lang=lang) for k, d in digits.items()}


def structure_note(facts: UnitFacts, lang: str = "en") -> str:
    """The 2025 share of industry and construction in GRDP, or that it is not published."""
    share, status = office_value(facts, "grdp_share_industry_construction", 2025)
    if math.isnan(share):
        return say("unit.structure.none", lang, name=facts.name)
    return say(
        "unit.structure.share",
        lang,
        share=words.number(share, 1, lang=lang),
        name=facts.name,
        status=status_word(status, lang),
    )


def consistency_values(facts: UnitFacts, lang: str = "en") -> dict:
    """The check of the computed 2020 GRDP per capita against the office's own figure."""
    check = consistency(facts)
    relative = check["relative"] * 100
    if math.isnan(check["from_parts"]):
        branch = "missing"
    elif abs(check["difference"]) < CHECK_TOLERANCE:
        branch = "within"
    else:
        branch = "above" if check["difference"] > 0 else "below"
    note = say(
        f"unit.check.{branch}",
        lang,
        name=facts.name,
        year=check["year"],
        from_parts=words.number(check["from_parts"], 2, lang=lang),
        office=words.number(check["office"], 2, lang=lang),
        difference=words.number(abs(check["difference"]), 2, lang=lang),
        relative=words.number(abs(relative), 2, lang=lang),
        tolerance=words.number(CHECK_TOLERANCE, 2, lang=lang),
    )
    return {
        "check_year": check["year"],
        "check_from_parts": check["from_parts"],
        "check_office": check["office"],
        "check_difference": check["difference"],
        "check_relative_pct": relative,
        "check_note": note,
    }


def side_by_side_note(facts: UnitFacts, indicator: str, lang: str = "en") -> str:
    """The parts' latest values of an indicator that is never combined, in one sentence."""
    wide = side_by_side(facts, indicator)
    label = index_name(indicator, facts, lang)
    if wide.empty:
        return say("unit.side.none", lang, name=facts.name, label=label)
    year = int(wide.index.max())
    last = wide.loc[year].dropna()
    if len(last) == 1:
        name, value = next(iter(last.items()))
        value = words.number(value, 1, lang=lang)
        return say("unit.side.one", lang, label=label, part=name, year=year, value=value)
    listed = join_names(
        [
            say("unit.side.item", lang, name=name, value=words.number(value, 1, lang=lang))
            for name, value in last.items()
        ],
        lang=lang,
    )
    return say("unit.side.many", lang, label=label, year=year, listed=listed)


def statistics_values(facts: UnitFacts, lang: str = "en") -> dict:
    values = {**consistency_values(facts, lang), "structure_note": structure_note(facts, lang)}
    for indicator in SIDE_BY_SIDE:
        values[f"{indicator}_note"] = side_by_side_note(facts, indicator, lang)
    return values


def parts_facts_values(facts: UnitFacts, lang: str = "en") -> dict:
    """Which of the parts the book's sources describe (the others have statistics only)."""
    described = [facts.names[p] for p in parts_with_facts(facts)]
    others = [facts.names[p] for p in facts.parts if facts.names[p] not in described]
    if not described:
        note = say("unit.parts_facts.none", lang, name=facts.name)
    elif not others:
        note = say("unit.parts_facts.all", lang, described=join_names(described, lang=lang))
    else:
        note = say(
            "unit.parts_facts.some",
            lang,
            count=len(others),
            described=join_names(described, lang=lang),
            others=join_names(others, lang=lang),
        )
    return {"parts_facts_note": note, "n_parts_with_facts": len(described)}
