"""Data-dependent sentences of the province chapter (the one home of computed wording).

Fixed prose and figure captions live in the template's markdown (``notebooks/province.md``, its
Vietnamese twin ``notebooks/vi/province.md``); every sentence whose wording depends on the data
(counts, singular/plural, "none") is chosen here and glued. Which sentence is the code's, the
same for every edition; its wording is one whole-sentence entry per language in
``provbook/words/<lang>/province.toml``, numbers and dates written by :mod:`provbook.text` in the
edition's conventions. Every builder takes ``lang`` ('en' by default); ``facts`` has none.
Counts and lists come from ``data/``; nothing counted is typed.
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
from provbook.chapters.province.series import is_final, series_values
from provbook.datapackage import data
from provbook.text import (
    gso_code,
    join_names,
    long_date,
    lower_first,
    markdown,
    md_escape,
    upper_first,
)
from provbook.words import say as words_say


def say(key: str, lang: str, /, count=None, **fields) -> str:
    """An entry of the chapter's catalogue (``provbook/words/<lang>/province.toml``)."""
    return words_say(f"province.{key}", lang, count=count, **fields)


def ordinal(n, lang: str = "en") -> str:
    """A rank as the edition writes it: '14th' in English, 'thứ 14' in Vietnamese; '–' unknown."""
    if n is None or words.missing(n):
        return "–"
    return say("glance.ordinal", lang, ordinal=stats.ordinal(n) if lang == "en" else str(int(n)))


def with_ordinals(values: dict, lang: str = "en") -> dict:
    """Add ``<key>_ord`` ('14th') beside every ``<key>`` ending in ``_rank``, for prose."""
    out = dict(values)
    for key, value in values.items():
        if key.endswith("_rank"):
            out[f"{key}_ord"] = ordinal(value or None, lang)
    return out


#: Glued numbers that the template's markdown formats itself in English (``{glue:text}`x:,.1f```),
#: with the decimals it shows: another edition glues the same number and, beside it, ``<key>_text``
#: written its way ('1.227,6'), which its markdown shows (a format spec writes English).
FORMATTED = {
    "area_km2": 1,
    "population_thousand": 1,
    "density": 0,
    "grdp_pc": 1,
    "grdp_pc_median": 1,
    "pci": 1,
    "pci_median": 1,
}


def in_language(values: dict, lang: str) -> dict:
    """``values`` as English glues them, plus in another edition ``<key>_text`` beside every
    number the markdown formats (:data:`FORMATTED`): the same figure in the edition's writing."""
    if lang == "en":
        return values
    texts = {
        f"{key}_text": words.fixed(values[key], digits, lang)
        for key, digits in FORMATTED.items()
        if key in values
    }
    return {**values, **texts}


def fact_sources(facts: Facts, lang: str = "en") -> str:
    """What the province's facts come from, counted from data/: 'the article', 'the 4 sources'.

    Articles are called articles; any other mix (pages, official documents) 'sources'.
    """
    ids = article_sources(facts)
    kinds = facts.sources.set_index("source_id")["kind"].reindex(ids)
    articles = len(ids) and (kinds == "article").all()
    if len(ids) == 1:
        return say("subject.one_article" if articles else "subject.one_source", lang)
    return say("subject.articles" if articles else "subject.sources", lang, count=len(ids))


def subject(facts: Facts, lang: str = "en") -> dict:
    """The fields of a sentence whose subject is the province's sources: ``subject``
    ('The article', 'The 4 sources') and ``count`` (their number, which the verb agrees with)."""
    return {"subject": upper_first(fact_sources(facts, lang)), "count": len(article_sources(facts))}


#: The categories of projects, in the order sentences name them (words: ``projects.kind.*``).
PROJECT_KINDS = (
    "wind_power",
    "solar_power",
    "other_energy",
    "plant",
    "infrastructure",
    "investment_aggregate",
    "other",
)


def describe_projects(projects: pd.DataFrame, lang: str = "en") -> str:
    """'3 wind power projects, 1 solar power project and 2 factory or plant projects'."""
    counts = projects["category"].value_counts()
    order = [k for k in PROJECT_KINDS if k in counts] + [
        k for k in counts.index if k not in PROJECT_KINDS
    ]
    parts = []
    for kind in order:
        n = int(counts[kind])
        if kind in PROJECT_KINDS:
            parts.append(say(f"projects.kind.{kind}", lang, count=n))
        else:
            parts.append(say("projects.unnamed_kind", lang, count=n, kind=kind))
    return join_names(parts, lang=lang)


def _nothing(facts: Facts, what: str, lang: str = "en") -> str:
    """'The article names no X for P.' or, without source facts, 'None of the book's sources
    names any X for P.' (``what``: targets, documents, results, parks, projects, codes)."""
    if facts.has_article:
        return say(f"nothing.{what}", lang, name=facts.name, **subject(facts, lang))
    return say(f"nothing_anywhere.{what}", lang, name=facts.name)


def headline_targets(facts: Facts, limit: int = 3, lang: str = "en") -> list[str]:
    """Plain phrases for the province's headline quantitative targets."""
    q = quantitative_targets(facts)
    if q.empty:
        return []
    order = {k: i for i, k in enumerate(HEADLINE_KINDS)}
    q = q.assign(
        _kind=q["kind"].map(order).fillna(len(order)),
        _year=q["target_year"].astype("Float64").fillna(9999),
    )
    q = q.sort_values(["_kind", "_year"], kind="stable")
    return [describe_target(row, lang) for _, row in q.head(limit).iterrows()]


def qualified_span(low, high, qualifier=None, digits: int = 1, unit: str = "", lang="en") -> str:
    """A point or range with the source's qualifier before it: 'about 40–45%', 'more than 5%'.

    The qualifiers are those of :data:`provbook.datapackage.data.QUALIFIERS` (what
    ``data.qualified`` prints), so a range reads the same way as a single qualified number.
    """
    text = words.span(low, high, digits, unit, lang)
    if text == "–" or qualifier is None or pd.isna(qualifier) or qualifier == "":
        return text
    data.qualified(0, qualifier)  # an unknown qualifier raises ValueError naming the allowed ones
    return say("target.qualified", lang, qualifier=say(f"qualifier.{qualifier}", lang), value=text)


def unit_words(unit: str, lang: str = "en") -> str:
    """A target's unit in the edition's words ('tonnes per year', 'tấn/năm'); as written if the
    catalogue does not list it."""
    try:
        return say(f"unit.{unit}", lang) if unit else unit
    except KeyError:
        return unit


def describe_target(row: pd.Series, lang: str = "en") -> str:
    """'manufacturing growth of 11.9–12.3% a year to 2025', 'new parks of 3 in 2026–2030' and
    the like, qualifier included; a target over a period reads as a period."""
    how, when = target_when(row)
    label = row["indicator"] if lang == "en" else row.get("indicator_vi", row["indicator"])
    if not isinstance(label, str) or not label:
        label = row["indicator"]
    what = lower_first(str(label))
    qualifier = row.get("qualifier")
    if row["kind"] == "annual_growth":
        value = qualified_span(row["low"], row["high"], qualifier, 1, "%", lang)
        key = {"in": "growth_in", "by": "growth_by"}.get(how, "growth")
        return say(f"target.{key}", lang, what=what, value=value, when=when)
    unit = growth_unit(row["unit"]) if row["kind"] in ("share_of_grdp", "share") else row["unit"]
    unit = unit if isinstance(unit, str) and unit != "count" else ""  # "3", not "3 count"
    value = qualified_span(row["low"], row["high"], qualifier, 1, unit_words(unit, lang), lang)
    key = {"in": "level_in", "by": "level_by"}.get(how, "level_undated")
    return say(f"target.{key}", lang, what=what, value=value, when=when)


@cached
def glance_values(facts: Facts, lang: str = "en") -> dict:
    p = facts.profile
    area = latest_standing(facts, AREA)
    population = latest_standing(facts, POPULATION)
    dens = latest_standing(facts, DENSITY)
    headlines = headline_targets(facts, lang=lang)
    n_qual = int((facts.targets["kind"] == "qualitative").sum())
    if headlines:
        headline = say("glance.headline", lang, targets="; ".join(headlines))
    elif n_qual:
        headline = say(
            "glance.targets_in_words",
            lang,
            targets=say("count.targets", lang, count=n_qual),
            name=facts.name,
            **subject(facts, lang),
        )
    else:
        headline = _nothing(facts, "targets", lang)
    merged_on = long_date(p["merged_on"], lang)
    # 'Tỉnh Cà Mau' as a name; inside a Vietnamese sentence the administrative word is lower case.
    unit_name = facts.unit_name if lang == "en" else lower_first(facts.unit_name)
    unit = {"date": merged_on, "name": facts.name, "unit": unit_name}
    if facts.partners:
        partners = join_names(facts.partners, lang=lang)
        merger = say("glance.merged", lang, partners=partners, **unit)
    else:
        merger = say("glance.not_merged", lang, **unit)
    values = {
        "name_vi": facts.name,
        "gso_code": gso_code(p["gso_code"]),
        "region": region_words(str(p["region"]), lang),
        "unit_2025_name": facts.unit_name,
        "unit_2025_partners": join_names(facts.partners, lang=lang)
        or say("glance.no_partners", lang),
        "merged_on": merged_on,
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
    return in_language(with_ordinals(values, lang), lang)


def fact_counts(facts: Facts, lang: str = "en") -> str:
    """'8 policy documents, 10 targets, no reported results and 6 parks and clusters' (the
    prose and the glance table say the same counts)."""
    if not facts.has_article:
        return say("facts.none", lang)
    counts = (
        ("documents", len(facts.documents)),
        ("targets", len(facts.targets)),
        ("results", len(facts.results)),
        ("parks", len(data.distinct_parks(facts.parks))),
    )
    return join_names(
        [
            say(f"facts.no_{what}", lang) if n == 0 else say(f"facts.{what}", lang, count=n)
            for what, n in counts
        ],
        lang=lang,
    )


def fact_counts_label(facts: Facts, lang: str = "en") -> str:
    """The glance table's row label: 'Named in the article' / 'Named in the 4 sources'."""
    if facts.has_article:
        return say("facts.named_in", lang, sources=fact_sources(facts, lang))
    return say("facts.named_in_a_source", lang)


@cached
def documents_values(facts: Facts, lang: str = "en") -> dict:
    d = facts.documents
    horizons = pd.concat([d["period_end"], d["vision_year"]]).dropna()
    n = len(d)
    undated = n - len(dated_documents(facts))
    if n == 0:
        note = _nothing(facts, "documents", lang)
    else:
        fields = {
            "documents": say("count.documents", lang, count=n),
            "name": facts.name,
            **subject(facts, lang),
        }
        if len(horizons):
            note = say("documents.note_horizon", lang, horizon=int(horizons.max()), **fields)
        else:
            note = say("documents.note", lang, **fields)
        if undated:
            sources = fact_sources(facts, lang)
            note += " " + say("documents.undated", lang, count=undated, sources=sources)
    return {
        "n_documents": n,
        "documents_horizon": int(horizons.max()) if len(horizons) else 0,
        "documents_note": note,
        "timeline_drawn": timeline_drawn(dated_documents(facts), lang),
    }


def timeline_drawn(dated: pd.DataFrame, lang: str = "en") -> str:
    """How the timeline places the documents it draws, for its caption: by the years they
    cover, by date of issue, or both (a document that covers no years is drawn at its issue)."""
    covers = dated["period_start"].notna() | dated["period_end"].notna()
    if covers.all():
        return say("documents.by_years", lang)
    if not covers.any():
        return say("documents.by_issue", lang)
    return say("documents.by_years_or_issue", lang)


def share_of(k: int, n: int, things: str) -> str:
    """'none of its 3 plan figures', 'both plan figures', 'all 4 ...', '2 of 5 ...' (n > 1)."""
    if k == 0:
        return f"none of its {n} {things}"
    if k == n:
        return f"both {things}" if n == 2 else f"all {n} {things}"
    return f"{k} of {n} {things}"


def met_plan(
    k: int, n: int, thing: str = "plan figure", things: str = "plan figures", lang: str = "en"
) -> str:
    """'met or beat 2 of 5 plan figures', 'fell short of its one plan figure' (zero and one
    said naturally; n > 0). The things counted are plan figures (``results.met_*`` words them
    in each edition); ``thing`` and ``things`` are kept for the callers that name them."""
    if (thing, things) != ("plan figure", "plan figures"):
        raise ValueError(f"met_plan counts plan figures, not {things!r}")
    if n == 1:
        return say("results.met_the_one" if k else "results.missed_the_one", lang)
    if k == 0:
        return say("results.met_none", lang, count=n)
    if k == n:
        return say("results.met_both", lang) if n == 2 else say("results.met_all", lang, count=n)
    return say("results.met_some", lang, met=k, count=n)


def _target_kinds(with_figures: int, ranges: int, in_words: int, lang: str = "en") -> str:
    """'6 with figures, 2 of them ranges, and 4 in words only'; zeros and ones read naturally."""
    if not with_figures:
        return say("target_kinds.in_words", lang)
    if in_words:
        figures = say("target_kinds.some_figures", lang, count=with_figures)
    else:
        figures = say("target_kinds.all_figures", lang)
    if ranges == 1:
        key = "one_range" if with_figures > 1 else "the_range"
        figures = say(f"target_kinds.{key}", lang, figures=figures)
    elif ranges == with_figures:
        figures = say("target_kinds.all_ranges", lang, figures=figures)
    elif ranges:
        figures = say("target_kinds.some_ranges", lang, figures=figures, count=ranges)
    if not in_words:
        return figures
    return say("target_kinds.and_words", lang, figures=figures, count=in_words)


@cached
def targets_values(facts: Facts, lang: str = "en") -> dict:
    t = facts.targets
    q = quantitative_targets(facts)
    g = growth_targets(facts)
    first, last = iip_years(facts)
    record = iip_record(facts)
    national = iip_record(facts, stats.NATIONAL)
    n_ranges = int((q["low"] != q["high"]).sum())
    if t.empty:
        note = _nothing(facts, "targets", lang)
    else:
        note = say(
            "targets.note",
            lang,
            targets=say("count.targets", lang, count=len(t)),
            name=facts.name,
            kinds=_target_kinds(len(q), n_ranges, len(t) - len(q), lang),
            **subject(facts, lang),
        )
    years = {"first": first, "last": last, "record": rate_phrase(record, lang)}
    if g.empty:
        ambition = say("targets.no_growth_target", lang, name=facts.name, **years)
        gap = float("nan")
    else:
        top = g.iloc[0]
        goal = float(np.nanmean([top["low"], top["high"]]))
        gap = goal - record
        ambition = say(
            "targets.ambition",
            lang,
            target=describe_target(top, lang),
            national=rate_phrase(national, lang),
            **years,
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
def results_values(facts: Facts, lang: str = "en") -> dict:
    r = results_with_plan(facts)
    plan = r["share_of_plan"].dropna()
    over = int((plan >= 100).sum())
    under = int((plan < 100).sum())
    if r.empty:
        note = _nothing(facts, "results", lang)
    else:
        fields = {
            "results": say("count.results", lang, count=len(r)),
            "name": facts.name,
            **subject(facts, lang),
        }
        if len(plan):
            note = say(
                "results.note_plan", lang, met=met_plan(over, len(plan), lang=lang), **fields
            )
        else:
            note = say("results.note", lang, **fields)
    return {
        "n_results": int(len(r)),
        "n_results_with_plan": int(len(plan)),
        "n_over_plan": over,
        "n_under_plan": under,
        "results_note": note,
        # What the results figure draws, for its caption: only the panels that exist.
        "results_drawn": join_names(
            [
                say(what, lang)
                for column, what in (
                    ("share_of_plan", "results.against_plan"),
                    ("change_prev_year_pct", "results.on_previous_year"),
                )
                if r[column].notna().any()
            ],
            lang=lang,
        ),
    }


def parks_rule_note(parks: pd.DataFrame, lang: str = "en") -> str:
    """Which figure a park named in several rows contributes (empty if no park is merged)."""
    merged = parks[parks["mentions"] > 1] if "mentions" in parks else parks.iloc[0:0]
    if merged.empty:
        return ""
    rule = say("parks.distinct_rule", lang)
    return " " + say("parks.counted_once", lang, count=len(merged), rule=rule)


@cached
def parks_values(facts: Facts, lang: str = "en") -> dict:
    """Parks counted once each (data.distinct_parks); the note says which figure was used."""
    p = data.distinct_parks(facts.parks)
    area = p["area_ha"].dropna()
    counts = p["status"].value_counts()
    if p.empty:
        note = _nothing(facts, "parks", lang)
    else:
        kinds = p["park_type"].value_counts()
        parts = [
            say(f"parks.kind.{k}", lang, count=int(kinds.get(k, 0)))
            for k in PARK_TYPES
            if kinds.get(k, 0)
        ]
        fields = {
            "parks": join_names(parts, lang=lang),
            "name": facts.name,
            **subject(facts, lang),
        }
        if len(area):
            qualified_any = (
                p.loc[area.index, "area_qualifier"].astype(object).fillna("").ne("").any()
            )
            key = "parks.note_area_approximate" if qualified_any else "parks.note_area"
            note = say(
                key,
                lang,
                with_area=say("parks.with_area", lang, count=len(area)),
                total=words.number(data.total_area(facts.parks), 1, lang=lang),
                **fields,
            )
        else:
            note = say("parks.note", lang, **fields)
        note += parks_rule_note(p, lang)
    projects = len(facts.projects)
    if projects:
        projects_note = say(
            "projects.note",
            lang,
            projects=describe_projects(facts.projects, lang),
            **subject(facts, lang),
        )
    else:
        projects_note = _nothing(facts, "projects", lang)
    return {
        "n_parks": int(len(p)),
        "n_park_mentions": int(len(facts.parks)),
        "n_parks_kcn": int((p["park_type"] == "KCN").sum()),
        "n_parks_ccn": int((p["park_type"] == "CCN").sum()),
        "parks_area_ha": data.total_area(facts.parks),
        "n_parks_with_area": int(len(area)),
        "parks_top_status": status_words(counts.index[0], lang) if len(counts) else "",
        "parks_note": note,
        "parks_drawn": say("parks.drawn_with_area" if len(area) else "parks.drawn", lang),
        "n_projects": projects,
        "projects_note": projects_note,
    }


def region_words(region: str, lang: str = "en") -> str:
    """A region as data/provinces.csv names it, in the edition's words ('Đồng bằng sông Cửu
    Long')."""
    return region if lang == "en" else words_say(f"common.region.{region}", lang)


def status_words(status: str, lang: str = "en") -> str:
    """A park's status as readers read it: the codebook's word in the edition's language."""
    if lang == "en":
        return STATUS_LABELS.get(status, "")
    return words_say(f"codebook.status.{status}", lang)


def _shared_codes(unique: int, shared: int, n_coded: int, lang: str = "en") -> str:
    """How many of a province's codes are its own and how many every coded province shares."""
    if n_coded <= 1:
        return say("priorities.only_one_coded", lang)
    own = {0: "own_none", 1: "own_one"}.get(unique, "own_some")
    everyone = {0: "everyone_none", 1: "everyone_one"}.get(shared, "everyone_some")
    return say(
        "priorities.shared",
        lang,
        own=say(f"priorities.{own}", lang, count=unique),
        everyone=say(f"priorities.{everyone}", lang, count=shared),
        coded=n_coded,
    )


def _codes_counted(n: int, what: str, lang: str) -> str:
    """'no priority sectors', 'one priority sector', '3 priority sectors'."""
    return say(f"count.no_{what}", lang) if n == 0 else say(f"count.{what}", lang, count=n)


@cached
def priorities_values(facts: Facts, lang: str = "en") -> dict:
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
            say("priorities.not_coded", lang, name=facts.name)
            if not facts.has_article
            else _nothing(facts, "codes", lang)
        )
    else:
        coded_counts = join_names(
            [
                _codes_counted(len(sectors), "sectors", lang),
                _codes_counted(len(instruments), "instruments", lang),
            ],
            lang=lang,
        )
        note = say(
            "priorities.note",
            lang,
            coded=coded_counts,
            name=facts.name,
            shared=_shared_codes(unique, shared, len(coded), lang),
            **subject(facts, lang),
        )
    return {
        "n_sectors": int(len(sectors)),
        "n_instruments": int(len(instruments)),
        "n_codes_unique": int(unique),
        "n_codes_shared_by_all": int(shared),
        "n_provinces_coded": len(coded),
        "priorities_note": note,
    }


def subindex_words(label: str, indicator: str, lang: str = "en") -> str:
    """A PCI sub-index as readers read it: the label of indicators.csv in English, the
    catalogue's name (``pci_subindex.<indicator>``) in another edition."""
    if lang == "en" or not indicator:
        return label
    return say(f"pci_subindex.{indicator}", lang)


@cached
def statistics_values(facts: Facts, lang: str = "en") -> dict:
    first, last = iip_years(facts)
    records = iip_record_all(facts)
    grdp = latest_standing(facts, GRDP_PC)
    pci = latest_standing(facts, PCI)
    grdp_over = statistics_index(facts).over_time(facts.province, GRDP_PC)
    grdp_first = grdp_over.dropna(subset=["value"]).head(1)
    sub = pci_subindex_standing(facts)
    record, national = iip_record(facts), iip_record(facts, stats.NATIONAL)
    median = stats.median(records)
    iip_note = say(
        "statistics.iip",
        lang,
        name=facts.name,
        growth=growth_phrase(record, lang=lang),
        first=first,
        last=last,
        rank=ordinal(stats.rank(records, facts.province), lang),
        count=len(records),
        national=growth_phrase(national, lang=lang),
        median=growth_phrase(median, lang=lang),
    )
    best = subindex_words(sub.iloc[0]["label"], sub.iloc[0]["indicator"], lang) if len(sub) else ""
    worst = (
        subindex_words(sub.iloc[-1]["label"], sub.iloc[-1]["indicator"], lang) if len(sub) else ""
    )
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
        **series_values(facts, lang),
    }
    return in_language(with_ordinals(values, lang), lang)


def summary_points(facts: Facts, lang: str = "en") -> str:
    """A short Markdown list of the chapter's findings, each computed above."""
    g = glance_values(facts, lang)
    st = statistics_values(facts)  # the numbers, as English glues them
    points = [g["merger_note"]]
    if facts.has_article:
        t = targets_values(facts, lang)
        points.append(t["targets_note"])
        if t["n_targets_quantitative"]:
            points.append(g["headline_note"])
        points.append(results_values(facts, lang)["results_note"])
        points.append(parks_values(facts, lang)["parks_note"])
    else:
        points.append(say("summary.statistics_only", lang, name=facts.name))
    vietnam = say("summary.vietnam", lang)
    compared = compare_changes(st["iip_record"], st["iip_record_vietnam"], vietnam, lang=lang)
    points.append(
        say(
            "summary.iip",
            lang,
            growth=growth_phrase(st["iip_record"], lang=lang),
            first=st["iip_first_year"],
            last=st["iip_last_year"],
            rank=ordinal(st["iip_record_rank"], lang),
            count=st["iip_record_count"],
            compared=compared,
        )
    )
    if st["fdi_stock_rank"]:
        fdi = {
            "year": st["fdi_stock_year"],
            "rank": ordinal(st["fdi_stock_rank"], lang),
            "count": st["fdi_stock_count"],
        }
        status = st["fdi_stock_status"]
        if is_final(status):
            points.append(say("summary.fdi", lang, **fdi))
        else:
            status = say(f"figure_status.{status}", lang)
            points.append(say("summary.fdi_flagged", lang, status=status, **fdi))
    points.append(
        say(
            "summary.standing",
            lang,
            grdp_rank=ordinal(st["grdp_pc_rank"], lang),
            grdp_count=st["grdp_pc_count"],
            grdp_year=st["grdp_pc_year"],
            pci_rank=ordinal(st["pci_rank"], lang),
            pci_count=st["pci_count"],
            pci_year=st["pci_year"],
        )
    )
    return "\n".join(f"- {md_escape(p)}" for p in points)


def summary_values(facts: Facts, lang: str = "en") -> dict:
    """The summary list, glued as Markdown for a ``{glue:md}`` block."""
    return {"summary_points": markdown(summary_points(facts, lang), escape=False)}
