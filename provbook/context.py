"""Values filled into ``{{ name }}`` placeholders of the templates' markdown cells.

Markdown cannot be computed by a cell without breaking the book's section tree, so headings,
figure labels, citation keys and the figure blocks that depend on the province are rendered into
the template before papermill executes it. Numbers never go here: they are glued from computed
values. Placeholder names are lowercase letters and underscores only (the pipeline's pattern).

A figure block is either a ``{glue:figure}`` directive with a label unique to the province, or
empty when the province has nothing to draw (e.g. no article facts); the notebook glues exactly
the figures :func:`provbook.province.available_figures` promises.
"""

from __future__ import annotations

import csv
from pathlib import Path

from provbook.text import md_escape

#: Optional figures: glue key, label suffix, caption (may hold placeholders), alt text, lead-in.
FIGURE_BLOCKS = {
    "timeline": (
        "timeline_figure",
        "timeline",
        "Policy documents of {name} named in the article, by the years they cover.",
        "Timeline of the policy documents of {name}",
        "{ref} places the documents on a timeline.",
    ),
    "targets": (
        "targets_figure",
        "targets",
        "Targets of {name} that come with figures; ranges are drawn as ranges.",
        "Chart of the quantitative targets of {name}",
        "{ref} draws every target that comes with a figure.",
    ),
    "ambition": (
        "ambition_figure",
        "ambition",
        "Annual growth targets of {name} against its own record and the national one.",
        "Growth targets of {name} beside its industrial production record",
        "{ref} sets the growth targets against what the province achieved before.",
    ),
    "results": (
        "results_figure",
        "results",
        "Reported results of {name} against plan and on the previous year.",
        "Bar chart of the reported results of {name} against plan",
        "{ref} shows at a glance which figures beat the plan.",
    ),
    "parks": (
        "parks_figure",
        "parks",
        "Industrial parks and clusters of {name} by status, and reported area by developer.",
        "Bar chart of the industrial parks and clusters of {name}",
        "{ref} counts the parks and clusters by status.",
    ),
    "priorities": (
        "priorities_figure",
        "priorities",
        "Priority sectors and policy instruments of {name}, compared with the other coded "
        "provinces.",
        "Dot matrix of the priority codes of {name}",
        "{ref} sets the province's codes beside those of the other coded provinces.",
    ),
}


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def figure_block(key: str, province: str, name: str, citation: str = "") -> str:
    """The MyST for one optional figure: a lead-in sentence with {numref} and the figure."""
    glue_key, suffix, caption, alt, lead = FIGURE_BLOCKS[key]
    label = f"fig-{province}-{suffix}"
    caption = caption.format(name=name)
    if citation:
        caption += f" Source: {citation}."
    return (
        lead.format(ref=f"{{numref}}`{label}`")
        + "\n\n"
        + f"```{{glue:figure}} {glue_key}\n:name: {label}\n:alt: {alt.format(name=name)}\n"
        + f":figwidth: 100%\n\n{caption}\n```"
    )


def _cite_list(ids: list[str]) -> str:
    return ", ".join(f"{{cite:t}}`{i}`" for i in ids)


def province_context(data_dir: Path, province: str) -> dict[str, str]:
    names = {row["province_id"]: row["name_vi"] for row in _rows(data_dir / "provinces.csv")}
    name = names[province]
    context = {"province": province, "name_vi": name}
    from provbook import data
    from provbook import province as chapter

    try:
        facts = chapter.load(province, data_dir)
    except (data.DataError, OSError):  # reported by `provbook validate` and by the notebook
        for key in FIGURE_BLOCKS:
            context[f"fig_{key}"] = ""
        context.update(
            unit_name="", article_sentence="", sources_list="", stats_cite="", maps_cite=""
        )
        return context
    articles = chapter.article_sources(facts)
    cited = chapter.cited_sources(facts)
    article_cite = ", ".join(f"{{cite:p}}`{a}`" for a in articles)
    shown = chapter.available_figures(facts)
    for key in FIGURE_BLOCKS:
        context[f"fig_{key}"] = (
            figure_block(key, province, name, article_cite) if shown[key] else ""
        )
    statistics = [s for s in cited if s not in articles]
    maps = [s for s in (chapter.BOUNDARY_SOURCE, chapter.MERGER_SOURCE) if s in cited]
    statistics = [s for s in statistics if s not in maps]
    if articles:
        context["article_sentence"] = (
            f"The facts on {name}'s policy come from {_cite_list(articles)}; the statistics "
            "cover all 63 provinces."
        )
    else:
        context["article_sentence"] = (
            f"None of the five articles is about {name}, so the sections on policy say so in "
            "one line and the statistics carry the chapter."
        )
    titles = dict(zip(facts.sources["source_id"], facts.sources["title_en"], strict=True))
    lines = []
    for heading, ids in (
        ("Article", articles),
        ("Official statistics", statistics),
        ("Boundaries and the 2025 merger", maps),
    ):
        for source in ids:
            title = titles.get(source)
            described = ""
            if isinstance(title, str) and title:
                described = f": {md_escape(' '.join(title.split()).rstrip('.'))}"
            lines.append(f"- {heading}, {{cite:t}}`{source}`{described}.")
    context["sources_list"] = "\n".join(lines)
    context["stats_cite"] = _cite_list(statistics)
    context["maps_cite"] = _cite_list(maps)
    context["unit_name"] = facts.unit_name
    return context


def comparative_context(data_dir: Path, provinces: list[str]) -> dict[str, str]:
    """The compared provinces' names and the citations of their articles (sources.csv rows of
    kind 'article' about a compared province), for the chapter's Sources section."""
    names = {row["province_id"]: row["name_vi"] for row in _rows(data_dir / "provinces.csv")}
    articles = [
        row["source_id"]
        for row in _rows(data_dir / "sources.csv")
        if row["kind"] == "article" and row["province_id"] in provinces
    ]
    return {
        "provinces": ", ".join(names[p] for p in provinces),
        "article_citations": (
            f"{{cite:p}}`{','.join(articles)}`"
            if articles
            else "no article is about a compared province"
        ),
    }
