"""Glued values and sentences of the new-province chapter whose wording depends on the data."""

from __future__ import annotations

import math

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
from provbook.datapackage.data import AGGREGATION_RULES
from provbook.text import join_names, plural

#: The office publishes GRDP per capita to 0.01 million VND: closer than that is agreement.
CHECK_TOLERANCE = 0.01
#: Names of the never-combined indicators in running prose.
INDEX_NAMES = {
    "pci_weighted": "PCI score",
    "iip_index": "index of industrial production",
    "industrial_labour_use_index": "labour-use index of industrial enterprises",
}
#: How each status of statistics_2025.csv reads in a sentence.
STATUS_WORDS = {"official": "official", "preliminary": "preliminary", "estimate": "estimate"}
#: Rules of indicators.csv in words: the same words as the data appendix.
RULE_WORDS = AGGREGATION_RULES


def _latest(facts: UnitFacts, indicator: str) -> tuple[int, float]:
    series = computed_series(facts, indicator)
    if series.empty:
        return 0, math.nan
    last = series.iloc[-1]
    return int(last["year"]), float(last["value"])


def formation_note(facts: UnitFacts) -> str:
    """Which old provinces formed the new one (one part: it kept its borders)."""
    if len(facts.parts) == 1:
        return (
            f"{facts.name} kept the borders of {facts.part_names[0]} when the provinces were "
            "merged on 1 July 2025."
        )
    return (
        f"{facts.name} was formed on 1 July 2025 from {plural(len(facts.parts), 'province')}: "
        f"{join_names(facts.part_names)}."
    )


def growth_note(rate: float, status: str) -> str:
    """'real GRDP grew by 7.2% (estimate)'; a fall is said as a fall."""
    if math.isnan(rate):
        return "the office has published no real growth of GRDP"
    shown = words.number(abs(rate), 1, "%")
    verb = "did not change" if shown == "0%" else f"{'grew' if rate > 0 else 'fell'} by {shown}"
    return f"real GRDP {verb} ({STATUS_WORDS.get(status, status)})"


def glance_values(facts: UnitFacts) -> dict:
    """Office figures for the new province and the computed ones for its parts' last year."""
    population, population_status = office_value(facts, "population", 2025)
    area, _ = office_value(facts, "area", 2025)
    grdp, grdp_status = office_value(facts, "grdp_per_capita", 2025)
    growth, growth_status = office_value(facts, "grdp_real_growth", 2025)
    pop_year, pop_parts = _latest(facts, "population")
    grdp_year, grdp_parts = _latest(facts, "grdp_per_capita")
    return {
        "formation_note": formation_note(facts),
        "n_parts": len(facts.parts),
        "office_population": population,
        "office_population_status": STATUS_WORDS.get(population_status, "not published"),
        "office_area": area,
        "office_grdp_pc": grdp,
        "office_grdp_pc_status": STATUS_WORDS.get(grdp_status, "not published"),
        "office_growth": growth,
        "office_growth_note": growth_note(growth, growth_status),
        "office_growth_status": STATUS_WORDS.get(growth_status, "not published"),
        "parts_population": pop_parts,
        "parts_population_year": pop_year,
        "parts_grdp_pc": grdp_parts,
        "parts_grdp_pc_year": grdp_year,
    }


def structure_note(facts: UnitFacts) -> str:
    """The 2025 share of industry and construction in GRDP, or that it is not published."""
    share, status = office_value(facts, "grdp_share_industry_construction", 2025)
    if math.isnan(share):
        return (
            f"The statistics office has not published the structure of GRDP for {facts.name} "
            "for 2025, so the share of industry and construction is not known."
        )
    return (
        f"Industry and construction made up {words.number(share, 1)}% of the GRDP of "
        f"{facts.name} in 2025 ({STATUS_WORDS.get(status, status)}, at current prices)."
    )


def consistency_values(facts: UnitFacts) -> dict:
    """The check of the computed 2020 GRDP per capita against the office's own figure."""
    check = consistency(facts)
    relative = check["relative"] * 100
    if math.isnan(check["from_parts"]):
        note = (
            f"Not every part of {facts.name} has a GRDP per capita for {check['year']}, so the "
            "book's figure cannot be checked against the office's."
        )
    elif abs(check["difference"]) < CHECK_TOLERANCE:
        note = (
            f"For {check['year']} the book's GRDP per capita computed from the parts, "
            f"{words.number(check['from_parts'], 2)} million VND, differs from the "
            f"statistics office's own figure of {words.number(check['office'], 2)} million VND "
            f"by less than {CHECK_TOLERANCE} million VND, the precision the office publishes."
        )
    else:
        direction = "above" if check["difference"] > 0 else "below"
        note = (
            f"For {check['year']} the book's GRDP per capita computed from the parts, "
            f"{words.number(check['from_parts'], 2)} million VND, is "
            f"{words.number(abs(check['difference']), 2)} million VND "
            f"({words.number(abs(relative), 2)}%) {direction} the statistics office's own "
            f"figure of {words.number(check['office'], 2)} million VND."
        )
    return {
        "check_year": check["year"],
        "check_from_parts": check["from_parts"],
        "check_office": check["office"],
        "check_difference": check["difference"],
        "check_relative_pct": relative,
        "check_note": note,
    }


def side_by_side_note(facts: UnitFacts, indicator: str) -> str:
    """The parts' latest values of an indicator that is never combined, in one sentence."""
    wide = side_by_side(facts, indicator)
    label = INDEX_NAMES.get(indicator, str(indicator_row(facts, indicator)["label"]))
    if wide.empty:
        return f"No province that formed {facts.name} has a figure for the {label}."
    year = int(wide.index.max())
    last = wide.loc[year].dropna()
    listed = join_names([f"{name} {words.number(value, 1)}" for name, value in last.items()])
    if len(last) == 1:
        name, value = next(iter(last.items()))
        return f"The {label} of {name} in {year} was {words.number(value, 1)}."
    return f"The {label} in {year}, province by province: {listed}."


def statistics_values(facts: UnitFacts) -> dict:
    values = {**consistency_values(facts), "structure_note": structure_note(facts)}
    for indicator in SIDE_BY_SIDE:
        values[f"{indicator}_note"] = side_by_side_note(facts, indicator)
    return values


def parts_facts_values(facts: UnitFacts) -> dict:
    """Which of the parts the book's sources describe (the others have statistics only)."""
    described = [facts.names[p] for p in parts_with_facts(facts)]
    others = [facts.names[p] for p in facts.parts if facts.names[p] not in described]
    if not described:
        note = (
            f"None of the book's sources is about a province that formed {facts.name}, so this "
            "section has no facts to show."
        )
    else:
        note = f"The book's sources describe {join_names(described)}"
        note += (
            f"; {join_names(others)} {'has' if len(others) == 1 else 'have'} statistics only."
            if others
            else "."
        )
    return {"parts_facts_note": note, "n_parts_with_facts": len(described)}
