"""The book's list of provinces with source facts, generated from ``data/`` for the intro.

Authored pages must not type a count or a list of provinces (a sixth province would make them
wrong), so ``book/intro.md`` includes ``book/_generated/provinces.md``, written by
``provbook build`` (:func:`provbook.build.html.generate_pages`) from this module.
"""

from __future__ import annotations

import unicodedata

from provbook.datapackage import data
from provbook.text import join_names, long_date, md_escape, name_in_sentence
from provbook.words import say, say_or

#: Fact tables counted in each province's entry (their words: provbook/words/<lang>/pages.toml).
COUNTED = ("documents", "targets", "results", "parks", "projects")


def _sources_phrase(kinds: list[str], lang: str) -> str:
    """'one article', '4 sources' (articles are articles; any other mix is 'sources')."""
    noun = "articles" if kinds and all(k == "article" for k in kinds) else "sources"
    return say(f"pages.provinces.{noun}", lang, count=len(kinds))


def provinces_page(data_dir=None, lang: str = "en") -> str:
    """A MyST definition list: each province with facts, its region, its 2025 unit, what its
    sources give and which sources they are. Ordered by name."""
    provinces = data.provinces(data_dir).set_index("province_id")
    units = data.units_2025(data_dir).set_index("unit_2025_code")["name_vi"]
    sources = data.sources(data_dir).set_index("source_id")
    tables = {
        name: getattr(data, name)(data_dir)
        for name in ("documents", "targets", "results", "parks", "projects", "priorities")
    }
    with_facts = sorted(
        set().union(*(set(t["province_id"].dropna()) for t in tables.values())),
        key=lambda pid: unicodedata.normalize("NFD", provinces.loc[pid, "name_vi"]),
    )
    if not with_facts:
        return say("pages.provinces.none", lang) + "\n"
    kinds_all: dict[str, str] = {}
    entries = []
    for pid in with_facts:
        row = provinces.loc[pid]
        own = {name: t[t["province_id"] == pid] for name, t in tables.items()}
        ids = list(dict.fromkeys(s for t in own.values() for s in t["source_id"].dropna() if s))
        kinds = [str(sources["kind"].get(s, "source")) for s in ids]
        kinds_all.update(zip(ids, kinds, strict=True))
        own["parks"] = data.distinct_parks(own["parks"])  # a park named twice is one park
        facts = [
            say(f"pages.provinces.{name}", lang, count=len(own[name]))
            for name in COUNTED
            if len(own[name])
        ]
        unit = units.get(row["unit_2025_code"], str(row["unit_2025_code"]))
        cite = f"{{cite:p}}`{','.join(ids)}`" if ids else ""
        sentence = say(
            "pages.provinces.entry",
            lang,
            region=md_escape(say_or(f"common.region.{row['region']}", lang, row["region"])),
            unit=md_escape(name_in_sentence(unit, lang)),
            date=long_date(row["merged_on"], lang),
            sources=_sources_phrase(kinds, lang),
            cite=cite,
            facts=join_names(facts, lang=lang) or say("pages.provinces.only_priorities", lang),
        )
        entries.append(f"{md_escape(row['name_vi'])}\n: {sentence}\n")
    lead = say(
        "pages.provinces.lead_single" if len(with_facts) == 1 else "pages.provinces.lead",
        lang,
        count=len(with_facts),
        sources=_sources_phrase(list(kinds_all.values()), lang),
    )
    return lead + "\n\n" + "\n".join(entries)
