"""The chapter template executed with papermill on the real data/, as `provbook build` runs it.

The chapters of every province with facts in data/ are those of the default book (built once per
run, tests/conftest.py ``default_book``); two provinces without facts and an unknown id run here,
in parallel, once per test module; the tests then read the executed notebooks. Which provinces have
facts, and which sources they cite, is read from data/, never typed here.
"""

from __future__ import annotations

import base64
import csv
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import papermill
import pytest

from provbook.build import context, pipeline
from provbook.build.folders import PROVINCE_TEMPLATE
from provbook.build.tasks import Task, execute, render_template
from provbook.build.template import read as read_template
from provbook.datapackage import data
from provbook.datapackage.data import FACT_TABLES, provinces_with_facts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEMPLATE = ROOT / PROVINCE_TEMPLATE
#: Provinces with facts from sources (the default book), and two without: the first and the
#: last of provinces.csv that have none.
ARTICLE_PROVINCES = provinces_with_facts(DATA)
_WITHOUT = [p for p in pipeline.province_names(DATA) if p not in ARTICLE_PROVINCES]
STATISTICS_ONLY = [_WITHOUT[0], _WITHOUT[-1]]
PROVINCES = ARTICLE_PROVINCES + STATISTICS_ONLY
SECTIONS = [
    "At a glance",
    "Policy framework",
    "Targets",
    "Reported results",
    "Industrial parks and clusters",
    "Priority sectors and policy instruments",
    "Official statistics in national context",
    "Sources",
]
PREFIX = "application/papermill.record/"
#: Glued figures every chapter has, whatever the province.
ALWAYS = [
    "map_figure", "standing_figure", "iip_figure", "fdi_figure", "business_figure", "grdp_figure",
    "pci_figure",
]  # fmt: skip


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _run(pid: str, out_dir: str) -> tuple[str, float, str, str]:
    """Execute one chapter like the pipeline does; returns (id, seconds, status, error)."""
    task = Task(
        name=pid,
        template=TEMPLATE,
        output=Path(out_dir) / f"{pid}.ipynb",
        parameters={"province": pid},
        context=context.province_context(DATA, pid),
        data_dir=DATA,
    )
    start = time.perf_counter()
    outcome = execute(task, ROOT)
    return pid, time.perf_counter() - start, outcome.status, outcome.error


def _run_unknown(out_dir: str) -> tuple[str, int | None, str]:
    """An unknown id must stop in the first code cell with the list of known ids."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb = render_template(TEMPLATE, {"province": "atlantis", "name_vi": "Atlantis"})
    try:
        papermill.execute_notebook(
            nb,
            str(Path(out_dir) / "atlantis.ipynb"),
            parameters={"province": "atlantis"},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(TEMPLATE.parent),
        )
    except PapermillExecutionError as exc:
        return exc.ename, exc.exec_count, exc.evalue
    return "", None, "no error"


@pytest.fixture(scope="module")
def executed(execute_notebooks, default_book, tmp_path_factory) -> dict:
    """The chapters of the provinces with facts as the default book executed them (built once
    per run, tests/conftest.py ``default_book``: tasks.execute on a copy of data/), and the
    two without facts and the unknown id executed here."""
    out = tmp_path_factory.mktemp("chapters")
    with ProcessPoolExecutor(max_workers=2) as pool:
        unknown = pool.submit(_run_unknown, str(out))
        runs = list(pool.map(_run, STATISTICS_ONLY, [str(out)] * len(STATISTICS_ONLY)))
        unknown_result = unknown.result()
    failures = {pid: error for pid, _, status, error in runs if status != "executed"}
    assert not failures, failures
    timings = {pid: seconds for pid, seconds, _, _ in runs}
    paths = {pid: out / f"{pid}.ipynb" for pid in STATISTICS_ONLY}
    for pid in ARTICLE_PROVINCES:
        paths[pid] = default_book / "book" / "provinces" / f"{pid}.ipynb"
    notebooks = {pid: nbformat.read(paths[pid], as_version=4) for pid in PROVINCES}
    for pid in ARTICLE_PROVINCES:
        assert notebooks[pid].metadata["provbook"]["parameters"] == {"province": pid}
        timings[pid] = notebooks[pid].metadata["papermill"]["duration"]
    print("\nseconds per notebook:", {k: round(v, 1) for k, v in timings.items()})
    return {"notebooks": notebooks, "timings": timings, "unknown": unknown_result}


def _glued(nb) -> dict[str, dict]:
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                found[name] = {k.removeprefix(PREFIX): v for k, v in output["data"].items()}
    return found


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _value(glued: dict, key: str):
    import ast

    return ast.literal_eval(glued[key]["text/plain"])


def test_template_skeleton():
    nb = read_template(TEMPLATE)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0].source.startswith('province = "bac-lieu"\n')
    assert set(papermill.inspect_notebook(read_template(TEMPLATE))) == {
        "province",
        "statistics_until",
        "lang",
    }
    code = [c for c in nb.cells if c.cell_type == "code" and c not in params]
    for cell in code:  # the code is hidden or folded, never shown open
        tags = cell.metadata.get("tags", [])
        assert {"hide-input", "remove-input", "remove-cell"} & set(tags) or any(
            t.startswith("hide-input-if-") for t in tags
        ), cell.source
    importing = [c for c in code if re.search(r"^(import|from) ", c.source, re.M)]
    assert len(importing) == 1 and importing[0] is code[0]  # imports in one, first, cell
    assert "matplotlib.use" not in "".join(c.source for c in code)  # glued figures would vanish
    titles = [
        line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
        if line.startswith("# ")
    ]  # fmt: skip
    assert titles == ["# {{ name_vi }}"]
    placeholders = set(re.findall(r"\{\{\s*([a-z_]+)\s*\}\}", _markdown(nb)))
    rendered = context.province_context(DATA, "long-an")
    assert placeholders <= set(rendered), placeholders - set(rendered)
    # every figure label is made unique per chapter by the province placeholder
    for label in re.findall(r":name: (.+)", _markdown(nb)):
        assert label.startswith("fig-{{ province }}-")


def test_unknown_province_stops_in_the_first_code_cell(executed):
    ename, count, message = executed["unknown"]
    assert ename == "ValueError"
    # executed: the parameters cell (1), papermill's injected parameters (2), then the first
    # code cell of the chapter (3), where it stops
    assert count == 3
    assert "unknown province id 'atlantis'" in message
    assert "bac-lieu" in message and "yen-bai" in message


@pytest.mark.parametrize("pid", PROVINCES)
def test_chapter_headings_and_no_errors(executed, pid):
    nb = executed["notebooks"][pid]
    names = {r["province_id"]: r["name_vi"] for r in _rows("provinces.csv")}
    for cell in nb.cells:
        assert all(o["output_type"] != "error" for o in cell.get("outputs", []))
    markdown = _markdown(nb)
    assert "{{" not in markdown
    titles = [line for line in markdown.splitlines() if line.startswith("# ")]
    assert titles == [f"# {names[pid]}"]
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == ["Overview", *SECTIONS[:-1], "Summary", "Sources"]


@pytest.mark.parametrize("pid", PROVINCES)
def test_every_glue_reference_has_a_glued_value(executed, pid):
    nb = executed["notebooks"][pid]
    glued = _glued(nb)
    markdown = _markdown(nb)
    referenced = set(re.findall(r"\{glue:(?:text|md)\}`([a-z_0-9]+)", markdown))
    referenced |= set(re.findall(r"```\{glue:(?:figure|md)\} ([a-z_0-9]+)", markdown))
    assert referenced, "the template pastes glued values"
    assert referenced <= set(glued), referenced - set(glued)
    for label in re.findall(r"\{numref\}`([^`]+)`", markdown):
        assert f":name: {label}\n" in markdown  # every reference has its figure
        assert label.startswith(f"fig-{pid}-")


@pytest.mark.parametrize("pid", PROVINCES)
def test_key_values_are_glued(executed, pid):
    glued = _glued(executed["notebooks"][pid])
    province = next(r for r in _rows("provinces.csv") if r["province_id"] == pid)
    assert _value(glued, "gso_code") == f"{int(province['gso_code']):02d}"
    n = len(_rows("provinces.csv"))
    assert _value(glued, "n_provinces") == n
    assert 1 <= _value(glued, "pci_rank") <= n and 1 <= _value(glued, "grdp_pc_rank") <= n
    assert _value(glued, "iip_first_year") == 2012 and _value(glued, "iip_last_year") == 2016
    # the newer series reach their last year in data/ (checked by hand in statistics.csv)
    assert _value(glued, "fdi_flow_last_year") == 2023 and _value(glued, "fdi_stock_year") == 2023
    assert _value(glued, "pci_year") == 2022 and _value(glued, "pci_subindex_year") == 2016
    assert _value(glued, "labour_use_year") == 2024
    assert _value(glued, "new_enterprises_year") == 2022
    ends = glued["series_ends_note"]["text/markdown"]
    assert "industrial production index 2012–2016" in ends and "first half of 2024" in ends
    revision = glued["population_revision_note"]["text/markdown"]
    assert "2018 release" in revision and _value(glued, "population_revision_year") == 2016
    assert isinstance(_value(glued, "iip_record"), float)
    targets = [r for r in _rows("targets.csv") if r["province_id"] == pid]
    assert _value(glued, "n_targets") == len(targets)
    assert "text/markdown" in glued["summary_points"]
    for key in ALWAYS:
        assert base64.b64decode(glued[key]["image/png"])[:4] == b"\x89PNG", key


@pytest.mark.parametrize("pid", PROVINCES)
def test_optional_figures_exactly_where_the_markdown_pastes_them(executed, pid):
    nb = executed["notebooks"][pid]
    glued = _glued(nb)
    markdown = _markdown(nb)
    for key in context.OPTIONAL_FIGURES:
        figure = f"{key}_figure"
        pasted = f"{{glue:figure}} {figure}" in markdown
        assert pasted == (figure in glued), figure
        if figure in glued:
            assert "image/png" in glued[figure]
    if pid in STATISTICS_ONLY:
        assert not any(f"{key}_figure" in glued for key in context.OPTIONAL_FIGURES)
        assert "None of the book's sources" in glued["summary_points"]["text/markdown"]


@pytest.mark.parametrize("pid", PROVINCES)
def test_figures_are_glued_not_printed_and_tables_downloadable(executed, pid):
    nb = executed["notebooks"][pid]
    html = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            removed = "remove-cell" in cell.metadata.get("tags", [])
            if "image/png" in data and not removed:  # the book would show it a second time
                pytest.fail(f"figure printed outside glue in cell {cell.get('id')}")
            if "text/html" in data:
                html.append(data["text/html"])
    joined = "".join(html)
    assert f'download="{pid}-statistics.csv"' in joined
    assert f'download="{pid}-at-a-glance.csv"' in joined
    if pid in ARTICLE_PROVINCES:
        assert f'download="{pid}-priorities.csv"' in joined
    else:
        assert "priorities.csv" not in joined


def _fact_sources(pid: str) -> set[str]:
    """Source ids of a province's fact rows, read from the fact tables of data/."""
    found: set[str] = set()
    for table in FACT_TABLES:
        frame = data.load(table, DATA)
        found.update(frame.loc[frame["province_id"] == pid, "source_id"].dropna())
    return found


def test_chapters_cite_each_of_their_sources(executed):
    kinds = {r["source_id"]: r["kind"] for r in _rows("sources.csv")}
    for pid in ARTICLE_PROVINCES:
        markdown = _markdown(executed["notebooks"][pid])
        for source in _fact_sources(pid):
            assert f"{{cite:t}}`{source}`" in markdown, (pid, source)
    facts = {s for pid in ARTICLE_PROVINCES for s in _fact_sources(pid)}
    for pid in STATISTICS_ONLY:
        markdown = _markdown(executed["notebooks"][pid])
        assert not any(f"`{s}`" in markdown for s in facts if kinds.get(s) == "article")


def _visible(output) -> bool:
    """Shows something on the page (a glue with display=False stores data only)."""
    if output.get("output_type") == "stream":
        return bool(output.get("text", "").strip())
    return any(not k.startswith(PREFIX) for k in output.get("data", {}))


@pytest.mark.parametrize("pid", PROVINCES)
def test_a_researcher_sees_glued_values_and_figures_in_the_notebook(executed, pid):
    """Cells the book removes show what they glued, for a reader of the notebook."""
    nb = executed["notebooks"][pid]
    glued = _glued(nb)
    for cell in nb.cells:
        if "remove-cell" not in cell.metadata.get("tags", []) or cell.cell_type != "code":
            continue
        if "chapter.glue_" not in cell.source:
            continue
        shown = [o for o in cell.outputs if _visible(o)]
        figures = cell.source.count("chapter.glue_figure(")
        images = sum("image/png" in o.get("data", {}) for o in shown)
        keys = re.findall(r'glue_figure\("(\w+)"', cell.source)
        assert images == sum(k in glued for k in keys) <= figures, cell.source
        if "glue_values" in cell.source:
            assert any("text/markdown" in o.get("data", {}) for o in shown), cell.source
    notes = [k for k in glued if k.endswith("_note")]
    text = _reader_text(nb)
    for key in notes:  # each sentence readable as text, not only as a {glue:md} role
        assert glued[key]["text/markdown"][:40] in text


@pytest.mark.parametrize("pid", PROVINCES)
def test_no_toggle_opens_onto_nothing(executed, pid):
    for cell in executed["notebooks"][pid].cells:
        if cell.cell_type == "code" and "hide-input" in cell.metadata.get("tags", []):
            assert any(_visible(o) for o in cell.outputs), cell.source


@pytest.mark.parametrize("pid", PROVINCES)
def test_figure_captions_cite_only_the_sources_of_their_rows(executed, pid):
    markdown = _markdown(executed["notebooks"][pid])
    own = _fact_sources(pid)
    for block in re.findall(r"```\{glue:figure\} (\w+)\n(.*?)```", markdown, re.S):
        cited = set(re.findall(r"\{cite:p\}`([^`]+)`", block[1]))
        cited = {s for group in cited for s in group.split(",")}
        assert cited, block[0]  # every figure says where its rows come from
        if block[0] in ("timeline_figure", "targets_figure", "results_figure", "parks_figure"):
            assert cited <= own, (block[0], cited - own)


#: Reader text must not show internal ids, zero cases as counts, or negative growth as growth.
BAD_PROSE = [
    r"\b(?:park|doc|tgt|res|prj)-[a-z-]+-\d\d\b",
    r"\bart_[a-z_]+\b",
    r"\b0 of (?:them|these)\b",
    r"\(0 of",
    r"\b1 of these codes are\b",
    r"grew by -",
    r"grew -",
    r"\bfive (?:provinces|articles|reports)\b",
]


def _reader_text(nb) -> str:
    """What a reader sees: glued and printed text and tables (not the code, not the CSV)."""
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for key, value in output.get("data", {}).items():
                if key.endswith(("text/plain", "text/markdown", "text/html")):
                    texts.append(re.sub(r'href="data:[^"]*"', "", str(value)))
    return "\n".join(texts)


@pytest.mark.parametrize("pid", PROVINCES)
def test_reader_text_has_no_ids_zero_counts_or_negative_growth(executed, pid):
    text = _reader_text(executed["notebooks"][pid])
    for pattern in BAD_PROSE:
        assert not re.search(pattern, text), (pattern, re.search(pattern, text))


def test_notebooks_take_seconds(executed):
    timings = executed["timings"]
    assert set(timings) == set(PROVINCES)
    assert max(timings.values()) < 60, timings


def test_a_province_with_several_sources_says_so_and_cites_each_row(
    execute_notebooks, tmp_path, monkeypatch
):
    """A synthetic copy of data/ where Long An's targets come from a second article: the
    chapter counts its sources, cites each table row's own source and each caption only the
    sources of the rows drawn (synthetic rows live only in tmp_path)."""
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    with open(data_dir / "sources.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    first = next(r for r in rows if r["province_id"] == "long-an" and r["kind"] == "article")
    second = dict(first, source_id="art_long_an_second", title_en="A second synthetic report")
    with open(data_dir / "sources.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows([*rows, second])
    path = data_dir / "targets.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, targets = reader.fieldnames, list(reader)
    for row in targets:
        if row["province_id"] == "long-an":
            row["source_id"] = second["source_id"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(targets)
    task = Task(
        name="long-an",
        template=TEMPLATE,
        output=tmp_path / "long-an.ipynb",
        parameters={"province": "long-an"},
        context=context.province_context(data_dir, "long-an"),
        data_dir=data_dir,
    )
    # tasks.execute points this process's PROVBOOK_DATA at the copy: undone after the test
    monkeypatch.setenv("PROVBOOK_DATA", str(data_dir))
    outcome = execute(task, ROOT, fresh_kernel=True)
    assert outcome.status == "executed", outcome.error
    nb = nbformat.read(task.output, as_version=4)
    glued = _glued(nb)
    assert glued["targets_note"]["text/markdown"].startswith("The 2 articles state ")
    markdown = _markdown(nb)
    assert "{cite:t}`art_long_an`" in markdown and "{cite:t}`art_long_an_second`" in markdown
    captions = dict(re.findall(r"```\{glue:figure\} (\w+)\n.*?\{cite:p\}`([^`]+)`", markdown, re.S))
    assert captions["targets_figure"] == "art_long_an_second"  # only the rows drawn
    assert captions["parks_figure"] == "art_long_an"
