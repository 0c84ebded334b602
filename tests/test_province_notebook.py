"""The chapter template executed with papermill on the real data/, as `provbook build` runs it.

The notebooks run in parallel once per test module (five article provinces and two without
article facts, plus an unknown id); the tests then read the executed notebooks.
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

from provbook import context, pipeline

#: Every test here reads notebooks executed by the module fixture: `make test-fast` skips them.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEMPLATE = ROOT / pipeline.PROVINCE_TEMPLATE
ARTICLE_PROVINCES = ["bac-lieu", "soc-trang", "lam-dong", "long-an", "bac-kan"]
STATISTICS_ONLY = ["ha-noi", "dak-lak"]
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
ALWAYS = ["map_figure", "standing_figure", "iip_figure", "grdp_figure", "pci_figure"]


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _run(pid: str, out_dir: str) -> tuple[str, float, str, str]:
    """Execute one chapter like the pipeline does; returns (id, seconds, status, error)."""
    task = pipeline.Task(
        name=pid,
        template=TEMPLATE,
        output=Path(out_dir) / f"{pid}.ipynb",
        parameters={"province": pid},
        context=context.province_context(DATA, pid),
        data_dir=DATA,
    )
    start = time.perf_counter()
    outcome = pipeline.execute(task, ROOT)
    return pid, time.perf_counter() - start, outcome.status, outcome.error


def _run_unknown(out_dir: str) -> tuple[str, int | None, str]:
    """An unknown id must stop in the first code cell with the list of known ids."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb = pipeline.render_template(TEMPLATE, {"province": "atlantis", "name_vi": "Atlantis"})
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
def executed(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("chapters")
    with ProcessPoolExecutor(max_workers=2) as pool:
        unknown = pool.submit(_run_unknown, str(out))
        runs = list(pool.map(_run, PROVINCES, [str(out)] * len(PROVINCES)))
        unknown_result = unknown.result()
    failures = {pid: error for pid, _, status, error in runs if status != "executed"}
    assert not failures, failures
    timings = {pid: seconds for pid, seconds, _, _ in runs}
    print("\nseconds per notebook:", {k: round(v, 1) for k, v in timings.items()})
    notebooks = {pid: nbformat.read(out / f"{pid}.ipynb", as_version=4) for pid in PROVINCES}
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
    nb = nbformat.read(TEMPLATE, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0].source.startswith('province = "bac-lieu"\n')
    assert set(papermill.inspect_notebook(str(TEMPLATE))) == {"province", "statistics_until"}
    code = [c for c in nb.cells if c.cell_type == "code" and c not in params]
    assert all("hide-input" in c.metadata.get("tags", []) for c in code)
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
    assert _value(glued, "gso_code") == int(province["gso_code"])
    assert _value(glued, "n_provinces") == 63
    assert 1 <= _value(glued, "pci_rank") <= 63 and 1 <= _value(glued, "grdp_pc_rank") <= 63
    assert _value(glued, "iip_first_year") == 2012 and _value(glued, "iip_last_year") == 2016
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
    for key in context.FIGURE_BLOCKS:
        figure = f"{key}_figure"
        pasted = f"{{glue:figure}} {figure}" in markdown
        assert pasted == (figure in glued), figure
        if figure in glued:
            assert "image/png" in glued[figure]
    if pid in STATISTICS_ONLY:
        assert not any(f"{key}_figure" in glued for key in context.FIGURE_BLOCKS)
        assert "None of the five articles" in glued["summary_points"]["text/markdown"]


@pytest.mark.parametrize("pid", PROVINCES)
def test_figures_are_glued_not_printed_and_tables_downloadable(executed, pid):
    nb = executed["notebooks"][pid]
    html = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:  # an unglued figure would show up a second time
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


def test_article_chapters_cite_their_article(executed):
    sources = {r["province_id"]: r["source_id"] for r in _rows("sources.csv") if r["province_id"]}
    for pid in ARTICLE_PROVINCES:
        markdown = _markdown(executed["notebooks"][pid])
        assert f"{{cite:t}}`{sources[pid]}`" in markdown
    for pid in STATISTICS_ONLY:
        assert "{cite:t}`art_" not in _markdown(executed["notebooks"][pid])


def test_notebooks_take_seconds(executed):
    timings = executed["timings"]
    assert set(timings) == set(PROVINCES)
    assert max(timings.values()) < 60, timings
