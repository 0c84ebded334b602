"""Values filled into ``{{ name }}`` placeholders of the templates' markdown cells.

Markdown cannot be computed by a cell without breaking the book's section tree, so headings,
figure labels and citation keys that depend on the province are filled into the template
before papermill executes it (by :func:`provbook.build.template.fill`). Numbers never go here: they
are glued from computed values. Placeholder names are lowercase letters and underscores only.

Words do not live here either: every caption and lead-in sentence is in the template's
markdown. An optional figure's markdown cell is tagged ``only-if-<figure>``; ``show_<figure>``
says whether the province has it (the notebook glues exactly the figures
:func:`provbook.chapters.province.available_figures` promises), and ``<figure>_cite`` cites the
sources of the rows that figure draws, no others.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from provbook.publish import bib
from provbook.text import cite_p, lower_first, md_escape
from provbook.words import outlet_name, say

#: Figures that only some provinces have (article facts): each has an ``only-if-`` cell.
OPTIONAL_FIGURES = ("timeline", "targets", "ambition", "results", "parks", "priorities")
#: Kinds of sources.csv that a chapter's source list names (words: ``province.context.kind``).
SOURCE_KINDS = ("article", "legal", "statistics")
#: Figures every chapter has; their captions cite their own statistics.
FIXED_FIGURES = ("map", "standing", "iip", "fdi", "business", "grdp", "pci")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cite_p(ids: list[str], lang: str) -> str:
    """:func:`provbook.text.cite_p` in the edition's words ('not recorded', 'không ghi nhận')."""
    return cite_p(ids) if ids else say("common.not_recorded", lang)


def _cite_list(ids: list[str]) -> str:
    return ", ".join(f"{{cite:t}}`{i}`" for i in ids)


def _sources_phrase(ids: list[str], lang: str = "en") -> str:
    """'Source: [4]' or 'Sources: [4, 5]' (a caption's last sentence, without its full stop)."""
    from provbook.words import say

    return say("common.source" if len(ids) == 1 else "common.sources", lang, sources=cite_p(ids))


def _one_source(label: str, sources, source_id: str, described: str) -> str:
    """'- Article, Author [3]: English title.' With no author the citation itself prints the
    title (the headline with our English rendering in brackets, else our English description
    in brackets, provbook.publish.bib.title): nothing follows it, so no title is written
    twice."""
    author = sources["author"].get(source_id)
    if not (isinstance(author, str) and bib.known(author)):
        described = ""
    return f"- {label}, {{cite:t}}`{source_id}`{described}."


def _title(title) -> str:
    return md_escape(" ".join(title.split()).rstrip(".")) if isinstance(title, str) else ""


def _by_publisher(sources, ids: list[str], lang: str = "en") -> str:
    """'General Statistics Office of Vietnam (GSO) [2, 3], VCCI [5]': each publisher once, named
    as the edition names it."""
    groups: dict[str, list[str]] = {}
    for source in ids:
        outlet = str(sources["outlet"].get(source, "unknown"))
        name = source if outlet == "unknown" else outlet_name(outlet, lang)
        groups.setdefault(name, []).append(source)
    return ", ".join(
        f"{{cite:t}}`{group[0]}`" if len(group) == 1 else f"{md_escape(name)} {cite_p(group)}"
        for name, group in groups.items()
    )


def _root() -> Path:
    import provbook

    return Path(provbook.ROOT)


#: The book's configuration: its copyright year (the footer's) and published base URL, if any.
CONFIG_FILE = _root() / "_config.yml"


def citation_context(page: str, lang: str = "en") -> dict[str, str]:
    """What a chapter's "Cite this chapter" box gives: version and repository from CITATION.cff
    (the one place they are written), the year of the footer's copyright (_config.yml), and the
    chapter's own address: the site's published base URL (``html.baseurl``) followed by
    ``page``, the chapter's path in the built site; without a base URL, how it is formed."""
    import yaml

    path = _root() / "CITATION.cff"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    found = {
        key: (m.group(1) if (m := re.search(rf'^{key}:\s*"?([^"\n]+)"?', text, re.M)) else "")
        for key in ("version", "repository-code")
    }
    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8")) if CONFIG_FILE.exists() else {}
    config = config or {}
    year = re.search(r"\b(\d{4})\b", str(config.get("copyright", "")))
    base = str((config.get("html") or {}).get("baseurl") or "").strip()
    if base:
        url, note = f"{base.rstrip('/')}/{page}", ""
    else:
        url = f"{say('common.cite.address', lang)}/{page}"
        note = say("common.cite.no_address", lang) + " "
    return {
        "book_version": found["version"],
        "book_repository": found["repository-code"],
        "book_year": year.group(1) if year else say("common.cite.no_year", lang),
        "chapter_url": url,
        "chapter_url_note": note,
    }


def option_text(text: str) -> str:
    """Data text inside a double-quoted directive option (``:alt: "..."``): YAML escapes only;
    options are attributes, not Markdown."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def province_context(data_dir: Path, province: str, lang: str = "en") -> dict[str, str]:
    provinces = _rows(data_dir / "provinces.csv")
    # Names from data reach Markdown (headings, captions): escaped, never markup.
    names = {row["province_id"]: md_escape(row["name_vi"]) for row in provinces}
    name = names[province]
    raw_name = next(row["name_vi"] for row in provinces if row["province_id"] == province)
    context = {
        "province": province,
        "name_vi": name,
        "name_alt": option_text(raw_name),
        "unit_alt": "",
        "n_provinces": str(len(provinces)),
        **citation_context(
            f"book/provinces/{province}.html"
            if lang == "en"
            else f"{lang}/book/provinces/{province}.html",
            lang,
        ),
    }
    context["unit_link"] = unit_link(data_dir, province)
    from provbook.chapters import province as chapter
    from provbook.datapackage import data

    try:
        facts = chapter.load(province, data_dir)
    except (data.DataError, OSError):  # reported by `provbook validate` and by the notebook
        for key in OPTIONAL_FIGURES:
            context[f"show_{key}"] = ""
            context[f"{key}_cite"] = ""
        for key in FIXED_FIGURES:
            context[f"{key}_cite"] = ""
        for key in ("documents", "targets", "results", "parks", "projects", "priorities"):
            context[f"has_{key}"] = ""
        context.update(show_outcomes="", has_outcomes="")
        context.update(
            unit_name="", article_sentence="", sources_list="", stats_cite="", maps_cite=""
        )
        return context
    articles = chapter.article_sources(facts)
    cited = chapter.cited_sources(facts)
    shown = chapter.available_figures(facts)
    drawn = chapter.figure_sources(facts)
    for key in OPTIONAL_FIGURES:
        context[f"show_{key}"] = "yes" if shown[key] else ""
        context[f"{key}_cite"] = _cite_p(drawn[key], lang) if shown[key] else ""
    for key in FIXED_FIGURES:
        context[f"{key}_cite"] = _cite_p(drawn[key], lang)
    for key in chapter.FACT_TABLES:  # a code cell showing an empty table gets no toggle
        context[f"has_{key}"] = "yes" if len(getattr(facts, key)) else ""
    # Old targets beside the official outcome: a section wherever there are targets, a table
    # only where an official series measures one of them in its year.
    context["show_outcomes"] = "yes" if len(facts.targets) else ""
    context["has_outcomes"] = chapter.outcomes_values(facts)["has_outcomes"]
    statistics = [s for s in cited if s not in articles]
    maps = [s for s in (chapter.BOUNDARY_SOURCE, chapter.MERGER_SOURCE) if s in cited]
    statistics = [s for s in statistics if s not in maps]
    if articles:
        context["article_sentence"] = say(
            "province.context.article_sentence",
            lang,
            name=name,
            articles=_cite_list(articles),
            count=len(provinces),
        )
    else:
        context["article_sentence"] = say("province.context.no_article_sentence", lang, name=name)
    sources = facts.sources.set_index("source_id")
    kinds = {kind: say(f"province.context.kind.{kind}", lang) for kind in SOURCE_KINDS}
    lines = []
    for heading, ids in (
        (None, articles),
        (say("province.context.official_statistics", lang), statistics),
        (say("province.context.boundaries", lang), maps),
    ):
        # One line per publisher: 'GSO [2, 3, 4]: title; title; title', not GSO three times.
        groups: dict[tuple[str, str], list[str]] = {}
        for source in ids:
            label = heading or kinds.get(
                str(sources["kind"].get(source)), say("province.context.kind.other", lang)
            )
            outlet = str(sources["outlet"].get(source, "unknown"))
            key = (label, source if outlet == "unknown" else outlet)
            groups.setdefault(key, []).append(source)
        for (label, outlet), group in groups.items():
            # English titles describe the sources in English; the Vietnamese edition lets the
            # citation print each work's own title (our English descriptions stay out).
            titles = [
                _title(sources["title_en"].get(source)) if lang == "en" else "" for source in group
            ]
            described = "; ".join(t for t in titles if t)
            described = f": {described}" if described else ""
            if len(group) == 1:
                lines.append(_one_source(label, sources, group[0], described))
            else:
                lines.append(
                    f"- {label}, {md_escape(outlet_name(outlet, lang))} {_cite_p(group, lang)}"
                    f"{described}."
                )
    context["sources_list"] = "\n".join(lines)
    context["stats_cite"] = _by_publisher(sources, statistics, lang)
    context["maps_cite"] = _by_publisher(sources, maps, lang)
    # 'Tỉnh Cà Mau' is a name; inside a Vietnamese sentence the administrative word is lower case.
    unit_name = facts.unit_name if lang == "en" else lower_first(facts.unit_name)
    context["unit_name"] = md_escape(unit_name)
    context["unit_alt"] = option_text(unit_name)
    return context


def comparative_context(data_dir: Path, provinces: list[str], lang: str = "en") -> dict[str, str]:
    """The compared provinces' names and the citations of their articles (sources.csv rows of
    kind 'article' about a compared province), for the chapter's Sources section."""
    names = {
        row["province_id"]: md_escape(row["name_vi"]) for row in _rows(data_dir / "provinces.csv")
    }
    articles = [
        row["source_id"]
        for row in _rows(data_dir / "sources.csv")
        if row["kind"] == "article" and row["province_id"] in provinces
    ]
    from provbook.chapters.comparative import units_2025 as comparison_2025
    from provbook.words import say

    drawn = comparison_2025.figure_sources(comparison_2025.load(provinces, data_dir))
    return {
        "units_map_sources": _sources_phrase(drawn["map"], lang),
        "units_rank_sources": _sources_phrase(drawn["rank"], lang),
        "provinces": ", ".join(names[p] for p in provinces),
        "article_citations": (
            f"{{cite:p}}`{','.join(articles)}`" if articles else say("comparative.no_article", lang)
        ),
        "new_units_count": str(len(_rows(data_dir / "units_2025.csv"))),
        "plans_citations": cite_p(
            sorted({r["source_id"] for r in _rows(data_dir / "plans_2030.csv")})
        ),
    }


def unit_context(
    data_dir: Path, unit: str, linked: list[str] | None = None, lang: str = "en"
) -> dict[str, str]:
    """Placeholders of a new province's chapter (``notebooks/unit.md``).

    ``linked`` are the old province ids whose chapters are in the same build: only those parts
    are links (a link to a chapter not built would fail the book's ``-W`` build).
    """
    from provbook.chapters import unit as unit_chapter
    from provbook.chapters.unit import plans2030

    facts = unit_chapter.load(unit, data_dir)
    linked = list(linked or [])
    # A link without an explicit title: Sphinx writes the chapter's own (escaped) title, so no
    # data text goes inside a role.
    links = [
        f"{{doc}}`../provinces/{p}`" if p in linked else md_escape(facts.names[p])
        for p in facts.parts
    ]
    from provbook.text import join_names

    statistics = facts.statistics
    parts = statistics[statistics["province_id"].isin(facts.parts)]

    def cite(indicator: str) -> list[str]:
        return sorted(parts[parts["indicator"] == indicator]["source_id"].unique())

    sources = facts.sources.set_index("source_id")
    shown = {
        k: not unit_chapter.side_by_side(facts, i).empty
        for k, i in (("pci", "pci_weighted"), ("iip", "iip_index"))
    }
    articles = [
        row.source_id
        for row in facts.sources.itertuples(index=False)
        if row.kind == "article" and row.province_id in facts.parts
    ]
    used = [
        unit_chapter.OFFICE_SOURCE,
        *cite("grdp_per_capita"),
        *cite("population"),
        *cite("pci_weighted"),
        *cite("iip_index"),
    ]
    maps = [unit_chapter.BOUNDARY_SOURCE, unit_chapter.MERGER_SOURCE]
    # The press reports of the 2030 targets that the "Plans to 2030" section cites.
    plans_ids = list(dict.fromkeys(plans2030.unit_plans(facts).rows["source_id"]))
    lines = [_source_line("unit.sources.article", sources, a, lang) for a in articles]
    lines += [_source_line("unit.sources.press_report", sources, s, lang) for s in plans_ids]
    lines += [
        say(
            "unit.sources.statistics",
            lang,
            sources=_by_publisher(sources, list(dict.fromkeys(used)), lang),
        ),
        say("unit.sources.boundaries", lang, sources=_by_publisher(sources, maps, lang)),
    ]
    page = f"book/provinces_2025/{unit}.html"
    return {
        "unit": unit,
        "name_vi": md_escape(facts.name),
        "name_alt": option_text(facts.name),
        "parts_links": join_names(links, lang=lang),
        "maps_cite": _by_publisher(sources, maps, lang),
        "office_cite": _by_publisher(sources, [unit_chapter.OFFICE_SOURCE], lang),
        "grdp_cite": _by_publisher(sources, unit_chapter.grdp_sources(facts), lang),
        "pci_cite": _by_publisher(sources, cite("pci_weighted"), lang),
        "iip_cite": _by_publisher(sources, cite("iip_index"), lang),
        "show_pci": "yes" if shown["pci"] else "",
        "show_iip": "yes" if shown["iip"] else "",
        "has_facts": "yes" if unit_chapter.parts_with_facts(facts) else "",
        "sources_list": "\n".join(lines),
        **citation_context(page if lang == "en" else f"{lang}/{page}", lang),
        **plans2030.plans_context(facts, lang),
    }


def _source_line(kind: str, sources, source_id: str, lang: str) -> str:
    """One article of a chapter's source list: '- Article, [3]: English title.' in English;
    in another edition the work's own title (Vietnamese articles keep their headline), said
    only when the citation does not print it already (:func:`_one_source`)."""
    column = "title_en" if lang == "en" else "title"
    described = f": {_title(sources[column].get(source_id))}"
    if lang != "en" and not bib.known(str(sources["author"].get(source_id, ""))):
        described = ""  # the citation prints the headline itself
    return _one_source(say(kind, lang), sources, source_id, described)


def unit_link(data_dir: Path, province: str) -> str:
    """A link from an old province's chapter to the chapter of the province it became part of."""
    provinces = {row["province_id"]: row for row in _rows(data_dir / "provinces.csv")}
    code = provinces[province]["unit_2025_code"]
    for row in _rows(data_dir / "units_2025.csv"):
        if row["unit_2025_code"] == code:
            return f"{{doc}}`../provinces_2025/{row['unit_2025_id']}`"  # its title, escaped
    return ""
