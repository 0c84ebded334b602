"""The comparative chapter template, executed with papermill on the real data as the pipeline
does it: its structure, its glued values (checked against the CSV files read independently) and
the rules every chapter follows (numbers glued, figures really stored as images, labels defined)."""

from __future__ import annotations

import csv
import html
import os
import re
from pathlib import Path

import nbformat
import papermill
import pytest
from conftest import DATA

from provbook.build import template as filling
from provbook.build.context import comparative_context
from provbook.build.folders import COMPARATIVE_TEMPLATE
from provbook.build.tasks import render_template
from provbook.build.template import read as read_template
from provbook.chapters import comparative as comparison
from provbook.datapackage.data import provinces_with_facts

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / COMPARATIVE_TEMPLATE
RECORD = "application/papermill.record/"
SECTIONS = [
    "Overview",
    "Priority sectors and policy instruments",
    "Targets on a common footing",
    "Industrial land",
    "Official statistics",
    "The 2025 merger",
    "Synthesis",
    "Summary",
    "The provinces since 2025",
    "The 34 provinces' targets to 2030",
    "Sources",
]
FIGURES = [
    "fig_sectors",
    "fig_instruments",
    "fig_growth",
    "fig_horizons",
    "fig_shares",
    "fig_land",
    "fig_distribution",
    "fig_pci",
    "fig_merger",
    "fig_ambition",
    "fig_units_map",
    "fig_units_rank",
    "fig_plans",
]


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _execute(provinces: list[str], tmp_path: Path) -> nbformat.NotebookNode:
    """Render the placeholders and run the template the way provbook.build.tasks.execute does."""
    nb = render_template(TEMPLATE, comparative_context(DATA, provinces))
    os.environ["PROVBOOK_DATA"] = str(DATA)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return papermill.execute_notebook(
        nb,
        str(tmp_path / "comparative.ipynb"),
        parameters={"provinces": provinces},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(TEMPLATE.parent),
    )


def _glued(nb) -> dict[str, dict]:
    out = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                out[name] = {k.replace(RECORD, ""): v for k, v in output["data"].items()}
    return out


def _text(glued: dict, key: str):
    """A glued value as Python would print it (strings without quotes)."""
    value = glued[key]["text/plain"]
    return value[1:-1] if value[:1] in "'\"" else value


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def default(default_book):
    """The comparison of the default book (built once per run, tests/conftest.py
    ``default_book``): every province with facts in data/."""
    provinces = provinces_with_facts(DATA)
    nb = nbformat.read(default_book / "book" / "comparative.ipynb", as_version=4)
    assert nb.metadata["provbook"]["parameters"] == {"provinces": provinces}
    return provinces, nb


def test_template_is_a_papermill_template():
    nb = read_template(TEMPLATE)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].source.startswith("provinces = [")
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "matplotlib.use" not in source  # with Agg, glued figures vanish from the page
    first_code = next(c for c in nb.cells if c.cell_type == "code" and c not in tagged)
    assert "setup()" in first_code.source
    for cell in nb.cells:
        if cell.cell_type == "code" and cell not in tagged:
            tags = cell.metadata.get("tags", [])
            # Code is folded where the cell shows something, removed where it only glues (a
            # toggle that opens onto nothing is an empty promise).
            assert {"hide-input", "remove-input", "remove-cell"} & set(tags), cell.source[:60]
            if "hide-input" in tags:
                assert "glue_values" not in cell.source, cell.source[:60]


def test_notebook_is_thin_calls():
    """The chapter's logic lives in tested builders: the notebook holds no more code than the
    province notebook (about 40 lines in all its code cells together, and its parameters)."""
    nb = read_template(TEMPLATE)
    lines = [
        line
        for cell in nb.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(lines) <= 41, len(lines)
    assert not any(line.startswith(("def ", "for ", "if ", "class ")) for line in lines)


def test_prose_types_no_counted_sources():
    """How many sources a province has comes from the data, not from the prose."""
    nb = read_template(TEMPLATE)
    text = _markdown(nb)
    for typed in ("one news report", "each article", "the other articles", "articles give"):
        assert typed not in text
    assert not re.search(r"of the\s+\{glue:text\}`n_compared`\s+articles", text)


def test_prose_types_no_numbers_but_years():
    """Numbers in the text are glued; only years (and the 2025 merger) may be typed."""
    nb = read_template(TEMPLATE)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"\{glue[^}]*\}`[^`]*`", "", cell.source)
        text = re.sub(r"\b(19|20)\d\d\b", "", text)
        text = re.sub(r"\(cmp-[a-z-]+\)=|fig-cmp-[a-z]+|\{\{ [a-z_]+ \}\}", "", text)
        assert not re.findall(r"\d+(?:[.,]\d+)+%?|\b\d{2,}%?", text), cell.source[:80]


def test_sections_title_and_sources(default):
    provinces, nb = default
    markdown = _markdown(nb)
    assert len(re.findall(r"^# ", markdown, re.M)) == 1
    assert re.findall(r"^## (.+)$", markdown, re.M) == SECTIONS
    assert "{{" not in markdown  # every placeholder was rendered
    names = {r["province_id"]: r["name_vi"] for r in _rows("provinces.csv")}
    assert ", ".join(names[p] for p in provinces) in markdown
    articles = [r["source_id"] for r in _rows("sources.csv") if r["kind"] == "article"]
    for source_id in articles:
        assert source_id in markdown.split("## Sources")[1]
    assert "(cmp-merger)=" in markdown  # the introduction links to this label


def test_every_reference_resolves(default):
    _, nb = default
    markdown = _markdown(nb)
    glued = _glued(nb)
    for key in re.findall(r"\{glue:text\}`([a-z_0-9]+)(?::[^`]*)?`", markdown):
        assert key in glued, key
    figures = re.findall(r"```\{glue:figure\} ([a-z_]+)", markdown)
    assert figures == FIGURES
    labels = re.findall(r":name: (fig-cmp-[a-z]+)", markdown)
    assert len(labels) == len(set(labels)) == len(FIGURES)
    for label in re.findall(r"\{numref\}`(fig-cmp-[a-z]+)`", markdown):
        assert label in labels
    for key in FIGURES:
        assert "image/png" in glued[key], f"{key} was glued without an image"


def test_glued_values_match_the_data(default):
    provinces, nb = default
    glued = _glued(nb)
    units = {r["province_id"]: r["unit_2025_code"] for r in _rows("provinces.csv")}
    assert int(_text(glued, "n_compared")) == len(provinces)
    assert int(_text(glued, "n_all_provinces")) == len(_rows("provinces.csv"))
    assert int(_text(glued, "n_units")) == len(_rows("units_2025.csv"))
    assert int(_text(glued, "n_receiving_units")) == len({units[p] for p in provinces})
    growth = [
        r
        for r in _rows("targets.csv")
        if r["province_id"] in provinces and r["kind"] == "annual_growth" and r["high"]
    ]
    assert int(_text(glued, "n_growth_targets")) == len(growth)
    top = max(growth, key=lambda r: float(r["high"]))
    assert f"{float(top['high']):g}%" in _text(glued, "growth_max_text")
    targets = [r for r in _rows("targets.csv") if r["province_id"] in provinces]
    assert int(_text(glued, "n_targets")) == len(targets)
    qualitative = [r for r in targets if r["kind"] == "qualitative"]
    assert int(_text(glued, "n_qualitative_targets")) == len(qualitative)
    dated = [r for r in targets if r["target_year"] or r["period_end"]]
    assert int(_text(glued, "n_dated_targets")) == len(dated)
    # Parks, not rows: a row with same_as is another mention of the park it points to, which
    # has an area when any of its mentions states one.
    rows = [r for r in _rows("parks.csv") if r["province_id"] in provinces]
    parks = [r for r in rows if not r["same_as"]]
    with_area = {r["same_as"] or r["park_id"] for r in rows if r["area_ha"]}
    assert int(_text(glued, "n_parks")) == len(parks)
    assert int(_text(glued, "n_kcn")) == sum(r["park_type"] == "KCN" for r in parks)
    assert int(_text(glued, "n_with_area")) == len(with_area)
    codes = [r for r in _rows("codebook/codes.csv") if r["dimension"] == "sector"]
    assert int(_text(glued, "n_sector_codes")) == len(codes)
    stats = _rows("statistics.csv")
    pci_years = sorted({int(r["year"]) for r in stats if r["indicator"] == "pci_weighted"})
    assert int(_text(glued, "pci_first_year")) == pci_years[0]
    assert int(_text(glued, "pci_last_year")) == pci_years[-1]
    iip_years = sorted({int(r["year"]) for r in stats if r["indicator"] == "iip_index"})
    assert (int(_text(glued, "iip_first_year")), int(_text(glued, "iip_last_year"))) == (
        iip_years[0],
        iip_years[-1],
    )
    assert _text(glued, "merger_date") == "2025-07-01"


def test_sources_section_cites_the_sources_of_the_statistics_used():
    """The typed citations of the statistics are exactly the sources of the indicators the
    builders draw on (read from indicators.csv), so neither can change alone."""
    nb = read_template(TEMPLATE)
    sources = _markdown(nb).split("## Sources")[1]
    statistics = sources.split("Official statistics:")[1].split("Boundaries")[0]
    cited = set(re.findall(r"\{cite:p\}`([a-z0-9_]+)`", statistics))
    cmp = comparison.load(["long-an"], DATA)
    assert cited == set(comparison.statistics_sources(cmp))


def test_tables_show_readable_sources_not_ids(default):
    _, nb = default
    html = "".join(o["data"].get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    page = re.sub(r'href="data:[^"]*"', "", html)  # the CSV downloads may carry ids
    source_ids = [r["source_id"] for r in _rows("sources.csv")]
    for source_id in source_ids:
        assert source_id not in page, source_id
    assert "<th" in page and "Source</th>" in page


def test_merger_table_says_whom_each_province_joined(default):
    provinces, nb = default
    html = "".join(
        o["data"].get("text/html", "")
        for c in nb.cells
        for o in c.get("outputs", [])
        if "comparative_merger.csv" in o.get("data", {}).get("text/html", "")
    )
    rows = _rows("provinces.csv")
    unit_names = {r["unit_2025_code"]: r["name_vi"] for r in _rows("units_2025.csv")}
    for pid in provinces:
        row = next(r for r in rows if r["province_id"] == pid)
        assert unit_names[row["unit_2025_code"]] in html
        for other in rows:
            if other["unit_2025_code"] == row["unit_2025_code"] and other is not row:
                assert other["name_vi"] in html


def test_tables_are_downloadable(default):
    _, nb = default
    html = "".join(o["data"].get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    for name in (
        "codebook",
        "comparative_targets",
        "comparative_land",
        "comparative_ranks",
        "comparative_merger",
        "comparative_ambition",
        "comparative_weaknesses",
    ):
        assert f'download="{name}.csv" href="data:text/csv' in html


def test_other_provinces_including_one_without_article_facts(execute_notebooks, tmp_path):
    """The parameter decides what is compared; a province without facts still runs."""
    nb = _execute(["dak-lak", "long-an"], tmp_path)
    glued = _glued(nb)
    assert int(_text(glued, "n_compared")) == 2
    assert _text(glued, "compared_names") == "Đắk Lắk and Long An"
    assert "Đắk Lắk, Long An" in _markdown(nb)
    assert "art_long_an" in _markdown(nb).split("## Sources")[1]
    for key in FIGURES:
        assert "image/png" in glued[key]


def test_one_province_without_any_source(execute_notebooks, tmp_path):
    """One province, no article: the chapter still runs and its prose counts one province."""
    nb = _execute(["dak-lak"], tmp_path)
    glued = _glued(nb)
    assert _text(glued, "compared_count") == "1 province"
    assert _text(glued, "sources_text") == "with no source of its own beyond the statistics"
    assert _text(glued, "merger_intro_text") == "The compared province went into one of them"
    for key in FIGURES:
        assert "image/png" in glued[key]


# ------------------------------------------------------------------------ the Vietnamese edition

#: English words that cannot be Vietnamese syllables (tests/test_words.py's list, and a few the
#: chapter's figures and tables would show).
ENGLISH = re.compile(
    r"\b(the|of|and|with|from|for|which|province|provinces|industrial|park|parks|target|targets|"
    r"growth|source|sources|year|years|figure|table|chart|by|is|are|was|were|not|none|this|"
    r"rank|median|download|rows|score|points|million)\b",
    re.I,
)


def _execute_vi(provinces: list[str], tmp_path: Path) -> nbformat.NotebookNode:
    nb = filling.fill(filling.read(TEMPLATE, "vi"), comparative_context(DATA, provinces, "vi"))
    os.environ["PROVBOOK_DATA"] = str(DATA)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return papermill.execute_notebook(
        nb,
        str(tmp_path / "comparative-vi.ipynb"),
        parameters={"provinces": provinces, "lang": "vi"},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(TEMPLATE.parent),
    )


def _reader_text(value: dict) -> str:
    """What a reader sees of a glued value or a displayed table: text, without markup, links
    and the data URI of a download."""
    if "text/html" in value:
        page = re.sub(r'href="[^"]*"|download="[^"]*"', "", value["text/html"])
        page = html.unescape(re.sub(r"<[^>]+>", " ", page))
        return re.sub(r"[\w-]+\.csv", "", page)  # a download's file name is not prose
    if "image/png" in value:
        return ""
    plain = value.get("text/plain", "")
    return plain[1:-1] if plain[:1] in "'\"" else plain


def test_vietnamese_template_types_no_numbers_and_keeps_the_english_cells():
    english, vietnamese = read_template(TEMPLATE), read_template(TEMPLATE, "vi")
    assert [c.cell_type for c in english.cells] == [c.cell_type for c in vietnamese.cells]
    for en, vi in zip(english.cells, vietnamese.cells, strict=True):
        if en.cell_type == "code":
            assert en.source == vi.source
            continue
        assert re.findall(r"\{glue[^}]*\}`([^`:]*)", en.source) == [
            key.removesuffix("_text") if key.endswith("_text") and key[:-5] in en.source else key
            for key in re.findall(r"\{glue[^}]*\}`([^`:]*)", vi.source)
        ] or set(re.findall(r"\{glue:figure\} (\w+)", en.source)) == set(
            re.findall(r"\{glue:figure\} (\w+)", vi.source)
        )
        text = re.sub(
            r"\{[a-z:]+\}`[^`]*`|\{\{ [a-z_]+ \}\}|\([a-z-]+\)=|fig-cmp-[a-z]+", "", vi.source
        )
        text = re.sub(r"```\{glue:figure\}.*|:name:.*", "", text)
        text = re.sub(r"\b(19|20)\d\d\b", "", text)
        assert not re.findall(r"\d+(?:[.,]\d+)+%?|\b\d{2,}%?", text), vi.source[:80]
        assert not ENGLISH.findall(text), (ENGLISH.findall(text), vi.source[:80])


def test_the_executed_vietnamese_comparison_has_no_english_sentence(execute_notebooks, tmp_path):
    """Every glued sentence, table and figure's words of the Vietnamese chapter is Vietnamese
    and it glues the English chapter's numbers."""
    provinces = ["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"]
    vi = _execute_vi(provinces, tmp_path)
    glued = _glued(vi)
    english = {
        key: value for key, value in comparison.overview_values(comparison.load(provinces)).items()
    }
    assert int(_text(glued, "n_compared")) == english["n_compared"]
    assert _text(glued, "compared_count") == "5 tỉnh"
    found = {}
    for key, value in glued.items():
        words = ENGLISH.findall(_reader_text(value))
        if words:
            found[key] = words
    for cell in vi.cells:
        for output in cell.get("outputs", []):
            if "scrapbook" in output.get("metadata", {}):
                continue
            shown = _reader_text(output.get("data", {}))
            if "codebook_table" in cell.source:  # its English terms are the glossary's turn
                for term in comparison.load(provinces).codes["label_en"]:
                    shown = shown.replace(term, "")
            words = ENGLISH.findall(shown)
            if words:
                found[cell.source.splitlines()[0]] = words
    assert sorted(found) == [], found
    for key in ("fig_sectors", "fig_instruments", "fig_ambition", "fig_distribution"):
        assert "image/png" in glued[key]
