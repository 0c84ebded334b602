"""The book's list of provinces with source facts, generated from ``data/`` for the intro.

Authored pages must not type a count or a list of provinces (a sixth province would make them
wrong), so ``book/intro.md`` includes ``book/_generated/provinces.md``, written by
``provbook build`` (:func:`provbook.build.html.generate_pages`) from this module.
"""

from __future__ import annotations

import unicodedata

from provbook.datapackage import data
from provbook.text import counted, join_names, long_date, md_escape, plural

#: Fact tables (loader, noun) counted in each province's entry.
COUNTED = (
    ("documents", "policy document"),
    ("targets", "target"),
    ("results", "reported result"),
    ("parks", "industrial park or cluster", "industrial parks and clusters"),
    ("projects", "project"),
)


def _sources_phrase(kinds: list[str]) -> str:
    """'one article', '4 sources' (articles are articles; any other mix is 'sources')."""
    noun = "article" if kinds and all(k == "article" for k in kinds) else "source"
    return counted(len(kinds), noun)


def provinces_page(data_dir=None) -> str:
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
        return "No province has facts from a source yet: every chapter rests on statistics.\n"
    kinds_all: dict[str, str] = {}
    entries = []
    for pid in with_facts:
        row = provinces.loc[pid]
        own = {name: t[t["province_id"] == pid] for name, t in tables.items()}
        ids = list(dict.fromkeys(s for t in own.values() for s in t["source_id"].dropna() if s))
        kinds = [str(sources["kind"].get(s, "source")) for s in ids]
        kinds_all.update(zip(ids, kinds, strict=True))
        own["parks"] = data.distinct_parks(own["parks"])  # a park named twice is one park
        facts = [plural(len(own[name]), *words) for name, *words in COUNTED if len(own[name])]
        unit = units.get(row["unit_2025_code"], str(row["unit_2025_code"]))
        cite = f"{{cite:p}}`{','.join(ids)}`" if ids else ""
        entries.append(
            f"{md_escape(row['name_vi'])}\n"
            f": {md_escape(row['region'])}; part of {md_escape(unit)} since "
            f"{long_date(row['merged_on'])}. From {_sources_phrase(kinds)} {cite}: "
            f"{join_names(facts) or 'coded priorities only'}.\n"
        )
    lead = (
        f"The book has a chapter on each of the {plural(len(with_facts), 'province')} that its "
        f"sources describe ({_sources_phrase(list(kinds_all.values()))} in all):\n"
    )
    return lead + "\n" + "\n".join(entries)
