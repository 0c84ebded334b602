"""Data-dependent sentences of the province chapter (the one home of computed wording).

Fixed prose and figure captions live in the template's markdown (``notebooks/province.md``);
every sentence whose wording depends on the data (counts, singular/plural, "none") is built here
and glued. Counts and lists come from ``data/``; nothing counted is typed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from provbook import text as words
from provbook.analysis import stats
from provbook.analysis.changes import compare_changes, growth_phrase, rate_phrase  # noqa: F401
from provbook.chapters.common.cache import cached
from provbook.chapters.province.facts import (
    AREA,
    DENSITY,
    GRDP_PC,
    HEADLINE_KINDS,
    PARK_TYPES,
    PCI,
    POPULATION,
    STATUS_LABELS,
    Facts,
    article_sources,
    dated_documents,
    growth_targets,
    growth_unit,
    iip_record,
    iip_record_all,
    iip_years,
    latest_standing,
    pci_subindex_standing,
    quantitative_targets,
    results_with_plan,
    statistics_index,
    target_when,
)
from provbook.chapters.province.series import flagged, series_values
from provbook.datapackage import data
from provbook.text import (
    counted,
    gso_code,
    join_names,
    long_date,
    lower_first,
    markdown,
    md_escape,
    plural,
)


def with_ordinals(values: dict) -> dict:
    """Add ``<key>_ord`` ('14th') beside every ``<key>`` ending in ``_rank``, for prose."""
    out = dict(values)
    for key, value in values.items():
        if key.endswith("_rank"):
            out[f"{key}_ord"] = stats.ordinal(value or None)
    return out


def fact_sources(facts: Facts) -> str:
    """What the province's facts come from, counted from data/: 'the article', 'the 4 sources'.

    Articles are called articles; any other mix (pages, official documents) 'sources'.
    """
    ids = article_sources(facts)
    kinds = facts.sources.set_index("source_id")["kind"].reindex(ids)
    noun = "article" if len(ids) and (kinds == "article").all() else "source"
    return f"the {noun}" if len(ids) == 1 else f"the {len(ids)} {noun}s"


def sources_do(facts: Facts, singular: str, plural_verb: str) -> str:
    """'The article names' / 'The 4 sources name': subject and verb agree with the data (the
    sentences of the prose and of the outcomes section open this way)."""
    subject = fact_sources(facts)
    verb = singular if len(article_sources(facts)) == 1 else plural_verb
    return f"{subject[0].upper()}{subject[1:]} {verb}"


#: What a project row is, by its category (singular, plural), for sentences that count them.
PROJECT_KINDS = {
    "wind_power": ("wind power project", "wind power projects"),
    "solar_power": ("solar power project", "solar power projects"),
    "other_energy": ("energy project", "energy projects"),
    "plant": ("factory or plant project", "factory or plant projects"),
    "infrastructure": ("infrastructure project", "infrastructure projects"),
    "investment_aggregate": (
        "tally of approved investment projects",
        "tallies of approved investment projects",
    ),
    "other": ("other project", "other projects"),
}


def describe_projects(projects: pd.DataFrame) -> str:
    """'3 wind power projects, 1 solar power project and 2 factory or plant projects'."""
    counts = projects["category"].value_counts()
    order = [k for k in PROJECT_KINDS if k in counts] + [
        k for k in counts.index if k not in PROJECT_KINDS
    ]
    parts = []
    for kind in order:
        one, many = PROJECT_KINDS.get(kind, (f"{kind} project", f"{kind} projects"))
        parts.append(counted(int(counts[kind]), one, many))
    return join_names(parts)


def _nothing(facts: Facts, what: str) -> str:
    """'The article names no X for P.' or, without source facts, 'None of the book's sources
    names any X for P.'."""
    verb, rest = what.split(" ", 1)
    if facts.has_article:
        return f"{sources_do(facts, verb, verb.removesuffix('s'))} {rest} for {facts.name}."
    rest = rest.replace("no ", "any ", 1)
    return f"None of the book's sources {verb} {rest} for {facts.name}."


def headline_targets(facts: Facts, limit: int = 3) -> list[str]:
    """Plain-English phrases for the province's headline quantitative targets."""
    q = quantitative_targets(facts)
    if q.empty:
        return []
    order = {k: i for i, k in enumerate(HEADLINE_KINDS)}
    q = q.assign(
        _kind=q["kind"].map(order).fillna(len(order)),
        _year=q["target_year"].astype("Float64").fillna(9999),
    )
    q = q.sort_values(["_kind", "_year"], kind="stable")
    return [describe_target(row) for _, row in q.head(limit).iterrows()]


def qualified_span(low, high, qualifier=None, digits: int = 1, unit: str = "") -> str:
    """A point or range with the source's qualifier before it: 'about 40–45%', 'more than 5%'.

    The qualifier words come from :data:`provbook.datapackage.data.QUALIFIERS` (what
    ``data.qualified`` prints), so a range reads the same way as a single qualified number.
    """
    text = words.span(low, high, digits, unit)
    if text == "–" or qualifier is None or pd.isna(qualifier) or qualifier == "":
        return text
    data.qualified(0, qualifier)  # an unknown qualifier raises ValueError naming the allowed ones
    return f"{data.QUALIFIERS[qualifier]} {text}"


def describe_target(row: pd.Series) -> str:
    """'manufacturing growth of 11.9–12.3% a year to 2025', 'new parks of 3 in 2026–2030' and
    the like, qualifier included; a target over a period reads as a period."""
    how, when = target_when(row)
    what = lower_first(str(row["indicator"]))
    qualifier = row.get("qualifier")
    if row["kind"] == "annual_growth":
        value = qualified_span(row["low"], row["high"], qualifier, 1, "%")
        to = {"in": f" in {when}", "by": f" to {when}"}.get(how, "")
        return f"{what} of {value} a year{to}"
    unit = growth_unit(row["unit"]) if row["kind"] in ("share_of_grdp", "share") else row["unit"]
    unit = unit if isinstance(unit, str) and unit != "count" else ""  # "3", not "3 count"
    value = qualified_span(row["low"], row["high"], qualifier, 1, unit)
    return f"{what} of {value}" + (f" {how} {when}" if how else " (no year given)")


@cached
def glance_values(facts: Facts) -> dict:
    p = facts.profile
    area = latest_standing(facts, AREA)
    population = latest_standing(facts, POPULATION)
    dens = latest_standing(facts, DENSITY)
    headlines = headline_targets(facts)
    n_qual = int((facts.targets["kind"] == "qualitative").sum())
    if headlines:
        headline = "Headline targets: " + "; ".join(headlines) + "."
    elif n_qual:
        headline = (
            f"{sources_do(facts, 'states', 'state')} {plural(n_qual, 'target')} for {facts.name}, "
            "all in words "
            "without figures (see the targets table)."
        )
    else:
        headline = _nothing(facts, "states no targets")
    if facts.partners:
        merger = (
            f"On {long_date(p['merged_on'])} {facts.name} became part of {facts.unit_name}, "
            f"together with {join_names(facts.partners)}."
        )
    else:
        merger = (
            f"On {long_date(p['merged_on'])} {facts.name} was not merged with another province; "
            f"it continues as {facts.unit_name}."
        )
    values = {
        "name_vi": facts.name,
        "gso_code": gso_code(p["gso_code"]),
        "region": str(p["region"]),
        "unit_2025_name": facts.unit_name,
        "unit_2025_partners": join_names(facts.partners) or "no other province",
        "merged_on": long_date(p["merged_on"]),
        "merger_note": merger,
        "area_km2": area.value,
        "area_rank": area.rank or 0,
        "population_thousand": population.value,
        "population_rank": population.rank or 0,
        "population_year": population.year or 0,
        "density": dens.value,
        "density_rank": dens.rank or 0,
        "headline_note": headline,
        "n_provinces": int(len(facts.provinces)),
    }
    return with_ordinals(values)


def fact_counts(facts: Facts) -> str:
    """'8 policy documents, 10 targets, no reported results and 6 parks and clusters' (the
    prose and the glance table say the same counts)."""
    if not facts.has_article:
        return "none: no source of this book is about it"
    return join_names(
        [
            counted(len(facts.documents), "policy document"),
            counted(len(facts.targets), "target"),
            counted(len(facts.results), "reported result"),
            counted(len(data.distinct_parks(facts.parks)), "park or cluster", "parks and clusters"),
        ]
    )


def fact_counts_label(facts: Facts) -> str:
    """The glance table's row label: 'Named in the article' / 'Named in the 4 sources'."""
    return f"Named in {fact_sources(facts)}" if facts.has_article else "Named in a source"


@cached
def documents_values(facts: Facts) -> dict:
    d = facts.documents
    horizons = pd.concat([d["period_end"], d["vision_year"]]).dropna()
    n = len(d)
    undated = n - len(dated_documents(facts))
    if n == 0:
        note = _nothing(facts, "names no policy documents")
    else:
        note = (
            f"{sources_do(facts, 'names', 'name')} {plural(n, 'policy document')} for {facts.name}"
        )
        if len(horizons):
            note += f"; the furthest horizon is {int(horizons.max())}"
        note += "."
        if undated:
            note += (
                f" {plural(undated, 'document has', 'documents have')} no dates in "
                f"{fact_sources(facts)}."
            )
    return {
        "n_documents": n,
        "documents_horizon": int(horizons.max()) if len(horizons) else 0,
        "documents_note": note,
        "timeline_drawn": timeline_drawn(dated_documents(facts)),
    }


def timeline_drawn(dated: pd.DataFrame) -> str:
    """How the timeline places the documents it draws, for its caption: by the years they
    cover, by date of issue, or both (a document that covers no years is drawn at its issue)."""
    covers = dated["period_start"].notna() | dated["period_end"].notna()
    if covers.all():
        return "by the years they cover"
    if not covers.any():
        return "by date of issue (the sources give no years they cover)"
    return "by the years they cover, or by date of issue where no years are given"


def share_of(k: int, n: int, things: str) -> str:
    """'none of its 3 plan figures', 'both plan figures', 'all 4 ...', '2 of 5 ...' (n > 1)."""
    if k == 0:
        return f"none of its {n} {things}"
    if k == n:
        return f"both {things}" if n == 2 else f"all {n} {things}"
    return f"{k} of {n} {things}"


def met_plan(k: int, n: int, thing: str, things: str) -> str:
    """'met or beat 2 of 5 plan figures', 'fell short of its one plan figure' (zero and one
    said naturally; n > 0)."""
    if n == 1:
        return f"met or beat its one {thing}" if k else f"fell short of its one {thing}"
    if k == 0:
        return f"met none of its {n} {things}"
    return f"met or beat {share_of(k, n, things)}"


def _target_kinds(with_figures: int, ranges: int, in_words: int) -> str:
    """'6 with figures, 2 of them ranges, and 4 in words only'; zeros and ones read naturally."""
    if not with_figures:
        return "all in words, none with a figure"
    figures = "all with figures" if not in_words else f"{with_figures} with figures"
    if ranges == 1:
        figures += ", one of them a range" if with_figures > 1 else ", given as a range"
    elif ranges:
        figures += f", {'all' if ranges == with_figures else ranges} of them ranges"
    if not in_words:
        return figures
    return f"{figures}, and {in_words} in words only"


@cached
def targets_values(facts: Facts) -> dict:
    t = facts.targets
    q = quantitative_targets(facts)
    g = growth_targets(facts)
    first, last = iip_years(facts)
    record = iip_record(facts)
    national = iip_record(facts, stats.NATIONAL)
    n_ranges = int((q["low"] != q["high"]).sum())
    if t.empty:
        note = _nothing(facts, "states no targets")
    else:
        note = (
            f"{sources_do(facts, 'states', 'state')} {plural(len(t), 'target')} for {facts.name}: "
            f"{_target_kinds(len(q), n_ranges, len(t) - len(q))}."
        )
    if g.empty:
        ambition = (
            f"No annual growth target for {facts.name} is stated, so there is nothing to set "
            f"against its {first}–{last} record in industrial production, "
            f"{rate_phrase(record)}."
        )
        gap = float("nan")
    else:
        top = g.iloc[0]
        goal = float(np.nanmean([top["low"], top["high"]]))
        gap = goal - record
        ambition = (
            f"The target of {describe_target(top)} compares with the province's own "
            f"{first}–{last} record in industrial production, {rate_phrase(record)}, and "
            f"{rate_phrase(national)} for Vietnam as a whole."
        )
    return {
        "n_targets": int(len(t)),
        "n_targets_quantitative": int(len(q)),
        "n_targets_qualitative": int(len(t) - len(q)),
        "targets_note": note,
        "ambition_note": ambition,
        "growth_target_gap": gap,
    }


@cached
def results_values(facts: Facts) -> dict:
    r = results_with_plan(facts)
    plan = r["share_of_plan"].dropna()
    over = int((plan >= 100).sum())
    under = int((plan < 100).sum())
    if r.empty:
        note = _nothing(facts, "reports no achieved figures (results)")
    else:
        note = (
            f"{sources_do(facts, 'reports', 'report')} {plural(len(r), 'result')} for {facts.name}"
        )
        if len(plan):
            note += (
                f"; against the plan it {met_plan(over, len(plan), 'plan figure', 'plan figures')}"
            )
        note += "."
    return {
        "n_results": int(len(r)),
        "n_results_with_plan": int(len(plan)),
        "n_over_plan": over,
        "n_under_plan": under,
        "results_note": note,
        # What the results figure draws, for its caption: only the panels that exist.
        "results_drawn": join_names(
            [
                what
                for column, what in (
                    ("share_of_plan", "against plan"),
                    ("change_prev_year_pct", "on the previous year"),
                )
                if r[column].notna().any()
            ]
        ),
    }


def parks_rule_note(parks: pd.DataFrame) -> str:
    """Which figure a park named in several rows contributes (empty if no park is merged)."""
    merged = parks[parks["mentions"] > 1] if "mentions" in parks else parks.iloc[0:0]
    if merged.empty:
        return ""
    n = len(merged)
    return (
        f" {plural(n, 'park or cluster', 'parks and clusters')} named in more than one row "
        f"{'is' if n == 1 else 'are'} counted once, with the {data.DISTINCT_PARK_RULE}."
    )


@cached
def parks_values(facts: Facts) -> dict:
    """Parks counted once each (data.distinct_parks); the note says which figure was used."""
    p = data.distinct_parks(facts.parks)
    area = p["area_ha"].dropna()
    counts = p["status"].value_counts()
    if p.empty:
        note = _nothing(facts, "names no industrial parks or clusters")
    else:
        kinds = p["park_type"].value_counts()
        parts = [
            plural(int(kinds.get(k, 0)), PARK_TYPES[k].split(" (")[0].lower())
            for k in PARK_TYPES
            if kinds.get(k, 0)
        ]
        note = f"{sources_do(facts, 'names', 'name')} {join_names(parts)} in {facts.name}"
        if len(area):
            qualified_any = (
                p.loc[area.index, "area_qualifier"].astype(object).fillna("").ne("").any()
            )
            total = words.number(data.total_area(facts.parks), 1)
            note += f"; {plural(len(area), 'has', 'have')} a reported area, {total} ha in all" + (
                " (some areas only approximate)" if qualified_any else ""
            )
        note += "." + parks_rule_note(p)
    projects = len(facts.projects)
    projects_note = (
        f"{sources_do(facts, 'also names', 'also name')} {describe_projects(facts.projects)}."
        if projects
        else _nothing(facts, "names no projects")
    )
    return {
        "n_parks": int(len(p)),
        "n_park_mentions": int(len(facts.parks)),
        "n_parks_kcn": int((p["park_type"] == "KCN").sum()),
        "n_parks_ccn": int((p["park_type"] == "CCN").sum()),
        "parks_area_ha": data.total_area(facts.parks),
        "n_parks_with_area": int(len(area)),
        "parks_top_status": STATUS_LABELS.get(counts.index[0], "") if len(counts) else "",
        "parks_note": note,
        "parks_drawn": "by status, and their reported area by developer"
        if len(area)
        else "by status",
        "n_projects": projects,
        "projects_note": projects_note,
    }


def _shared_codes(unique: int, shared: int, n_coded: int) -> str:
    """How many of a province's codes are its own and how many every coded province shares."""
    if n_coded <= 1:
        return "No other province is coded yet."
    own = {
        0: "Each of these codes is also found for another coded province",
        1: "One of these codes is found for no other coded province",
    }.get(unique, f"{unique} of these codes are found for no other coded province")
    everyone = {0: "none is", 1: "one is"}.get(shared, f"{shared} are")
    return f"{own}; {everyone} found for all {n_coded}."


@cached
def priorities_values(facts: Facts) -> dict:
    merged = facts.priorities.merge(facts.codes, on="code", how="left")
    sectors = merged[merged["dimension"] == "sector"]
    instruments = merged[merged["dimension"] == "instrument"]
    coded = sorted(set(facts.all_priorities["province_id"]))
    shared = 0
    unique = 0
    for code in merged["code"]:
        holders = set(facts.all_priorities.loc[facts.all_priorities["code"] == code, "province_id"])
        shared += holders == set(coded)
        unique += holders == {facts.province}
    if merged.empty:
        note = (
            f"No priorities are coded for {facts.name}: the codebook covers only the provinces "
            "that the book's sources describe."
            if not facts.has_article
            else _nothing(facts, "supports no code of the codebook")
        )
    else:
        coded_counts = join_names(
            [
                counted(len(sectors), "priority sector"),
                counted(len(instruments), "policy instrument"),
            ]
        )
        note = (
            f"{sources_do(facts, 'supports', 'support')} {coded_counts} of the codebook for "
            f"{facts.name}. {_shared_codes(unique, shared, len(coded))}"
        )
    return {
        "n_sectors": int(len(sectors)),
        "n_instruments": int(len(instruments)),
        "n_codes_unique": int(unique),
        "n_codes_shared_by_all": int(shared),
        "n_provinces_coded": len(coded),
        "priorities_note": note,
    }


@cached
def statistics_values(facts: Facts) -> dict:
    first, last = iip_years(facts)
    records = iip_record_all(facts)
    grdp = latest_standing(facts, GRDP_PC)
    pci = latest_standing(facts, PCI)
    grdp_over = statistics_index(facts).over_time(facts.province, GRDP_PC)
    grdp_first = grdp_over.dropna(subset=["value"]).head(1)
    sub = pci_subindex_standing(facts)
    record, national = iip_record(facts), iip_record(facts, stats.NATIONAL)
    median = stats.median(records)
    iip_note = (
        f"The index of industrial production of {facts.name} {growth_phrase(record)} on "
        f"average in {first}–{last}, {stats.ordinal(stats.rank(records, facts.province))} of "
        f"{len(records)} provinces. Industry in Vietnam as a whole {growth_phrase(national)} "
        f"and in the median province it {growth_phrase(median)}."
    )
    best = sub.iloc[0]["label"] if len(sub) else ""
    worst = sub.iloc[-1]["label"] if len(sub) else ""
    values = {
        "iip_record": iip_record(facts),
        "iip_record_vietnam": iip_record(facts, stats.NATIONAL),
        "iip_record_median": stats.median(records),
        "iip_record_rank": stats.rank(records, facts.province) or 0,
        "iip_record_count": int(len(records)),
        "iip_first_year": first,
        "iip_last_year": last,
        "iip_note": iip_note,
        "grdp_pc": grdp.value,
        "grdp_pc_year": grdp.year or 0,
        "grdp_pc_rank": grdp.rank or 0,
        "grdp_pc_count": grdp.count,
        "grdp_pc_median": grdp.median,
        "grdp_pc_first_year": int(grdp_first["year"].iloc[0]) if len(grdp_first) else 0,
        "grdp_pc_first_rank": int(grdp_first["rank"].iloc[0]) if len(grdp_first) else 0,
        "pci": pci.value,
        "pci_year": pci.year or 0,
        "pci_rank": pci.rank or 0,
        "pci_count": pci.count,
        "pci_median": pci.median,
        "pci_best_subindex": best,
        "pci_worst_subindex": worst,
        "pci_subindex_year": int(sub["year"].iloc[0]) if len(sub) else 0,
        **series_values(facts),
    }
    return with_ordinals(values)


def summary_points(facts: Facts) -> str:
    """A short Markdown list of the chapter's findings, each computed above."""
    g = glance_values(facts)
    st = statistics_values(facts)
    points = [g["merger_note"]]
    if facts.has_article:
        t = targets_values(facts)
        points.append(t["targets_note"])
        if t["n_targets_quantitative"]:
            points.append(g["headline_note"])
        points.append(results_values(facts)["results_note"])
        points.append(parks_values(facts)["parks_note"])
    else:
        points.append(
            f"None of the book's sources is about {facts.name}; this chapter shows official "
            "statistics only."
        )
    points.append(
        f"Industrial production {growth_phrase(st['iip_record'])} in "
        f"{st['iip_first_year']}–{st['iip_last_year']} "
        f"({stats.ordinal(st['iip_record_rank'])} of {st['iip_record_count']}), "
        + compare_changes(st["iip_record"], st["iip_record_vietnam"], "Vietnam")
        + "."
    )
    if st["fdi_stock_rank"]:
        points.append(
            f"Foreign direct investment still valid by the FIA's {st['fdi_stock_year']} report "
            + flagged(
                f"ranked {stats.ordinal(st['fdi_stock_rank'])} of {st['fdi_stock_count']}",
                st["fdi_stock_status"],
            )
            + "."
        )
    points.append(
        f"GRDP per capita ranked {stats.ordinal(st['grdp_pc_rank'])} of {st['grdp_pc_count']} "
        f"in {st['grdp_pc_year']}; the PCI ranked {stats.ordinal(st['pci_rank'])} of "
        f"{st['pci_count']} in {st['pci_year']}."
    )
    return "\n".join(f"- {md_escape(p)}" for p in points)


def summary_values(facts: Facts) -> dict:
    """The summary list, glued as Markdown for a ``{glue:md}`` block."""
    return {"summary_points": markdown(summary_points(facts), escape=False)}
