"""Every route to a chapter fills the template's placeholders the same way, or stops clearly.

Routes: ``provbook build``/``run`` (render_template), ``papermill --engine provbook``
(the entry point) and plain ``papermill`` (cannot be hooked: the first code cell must fail).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import copy_checkout

from provbook.build import template
from provbook.build.context import province_context
from provbook.build.folders import PROVINCE_TEMPLATE

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEMPLATE = ROOT / PROVINCE_TEMPLATE
BIN = Path(sys.executable).parent
#: The real data/, whatever an earlier test left in this process's environment.
ENV = {**os.environ, "PROVBOOK_DATA": str(DATA)}


def _nb(*cells, parameters=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    if parameters is not None:
        nb.metadata["papermill"] = {"parameters": parameters}
    return nb


def test_fill_fills_markdown_and_only_the_marker_in_code():
    md = nbformat.v4.new_markdown_cell("# {{ name_vi }} {{ unknown_key }}")
    code = nbformat.v4.new_code_cell('check("{{ template_filled }}"); x = "{{ name_vi }}"')
    nb = template.fill(_nb(md, code), {"name_vi": "Bạc Liêu"})
    assert nb.cells[0].source == "# Bạc Liêu {{ unknown_key }}"
    assert nb.cells[1].source == 'check("filled"); x = "{{ name_vi }}"'
    assert template.unfilled(nb) == ["unknown_key", "name_vi"]


def test_check_filled_says_how_to_run_the_template():
    template.check_filled(template.FILLED)
    with pytest.raises(RuntimeError, match="--engine provbook"):
        template.check_filled("{{ template_filled }}")


def test_parameters_come_from_the_defaults_then_from_papermill():
    cell = nbformat.v4.new_code_cell(
        'province = "bac-lieu"\nstatistics_until = None', metadata={"tags": ["parameters"]}
    )
    assert template.parameter_values(_nb(cell)) == {
        "province": "bac-lieu",
        "statistics_until": None,
    }
    given = template.parameter_values(_nb(cell, parameters={"province": "long-an"}))
    assert given["province"] == "long-an"


def test_context_for_a_notebook_is_the_pipelines_context():
    cell = nbformat.v4.new_code_cell('province = "bac-lieu"', metadata={"tags": ["parameters"]})
    nb = _nb(cell, parameters={"province": "long-an"})
    assert template.context_for(nb, DATA) == province_context(DATA, "long-an")
    with pytest.raises(ValueError, match="atlantis"):
        template.context_for(_nb(cell, parameters={"province": "atlantis"}), DATA)


def test_template_uses_only_known_placeholders_and_guards_its_first_code_cell():
    nb = template.read(TEMPLATE)
    known = set(province_context(DATA, "long-an")) | {template.FILLED_KEY}
    assert set(template.unfilled(nb)) <= known
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata["tags"]
    assert 'check_filled("{{ template_filled }}")' in code[1].source


def test_the_papermill_engine_is_registered_as_provbook():
    from papermill.engines import papermill_engines

    from provbook.build.papermill_engine import ProvbookEngine

    assert papermill_engines.get_engine("provbook") is ProvbookEngine


def _papermill(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Papermill reads notebook JSON only: the documented route pipes the text template's
    notebook (``python -m provbook.build.template``) into ``papermill - OUT``."""
    out = tmp_path / "out.ipynb"
    notebook = subprocess.run(
        [sys.executable, "-m", "provbook.build.template", str(TEMPLATE)],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
        timeout=60,
    ).stdout
    done = subprocess.run(
        [str(BIN / "papermill"), "-", str(out), "-p", "province", "long-an", *extra],
        input=notebook,
        capture_output=True,
        text=True,
        cwd=TEMPLATE.parent,
        env=ENV,
        timeout=600,
    )
    return done, out


def test_plain_papermill_stops_in_the_first_code_cell_with_how_to_run_it(
    execute_notebooks, tmp_path
):
    done, out = _papermill(tmp_path)
    assert done.returncode != 0
    assert "--engine provbook" in done.stderr
    nb = nbformat.read(out, as_version=4)
    failed = [c for c in nb.cells if c.cell_type == "code" and c.get("outputs")]
    errors = [o for c in failed for o in c.outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "RuntimeError"


def test_papermill_engine_and_provbook_run_give_filled_notebooks(execute_notebooks, tmp_path):
    done, out = _papermill(tmp_path, "--engine", "provbook")
    assert done.returncode == 0, done.stderr[-2000:]
    via_engine = nbformat.read(out, as_version=4)
    assert template.unfilled(via_engine) == []
    run_out = tmp_path / "run.ipynb"
    checkout = copy_checkout(tmp_path / "checkout")  # the run's log goes to its _build/logs
    done = subprocess.run(
        [str(BIN / "provbook"), "run", "long-an", "-o", str(run_out)],
        capture_output=True,
        text=True,
        cwd=checkout,
        env=ENV,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    via_run = nbformat.read(run_out, as_version=4)
    assert template.unfilled(via_run) == []
    markdown = [c.source for c in via_engine.cells if c.cell_type == "markdown"]
    assert markdown == [c.source for c in via_run.cells if c.cell_type == "markdown"]


def test_context_for_the_comparative_template_comes_from_its_provinces():
    from provbook.build.context import comparative_context

    cell = nbformat.v4.new_code_cell('provinces = ["long-an"]', metadata={"tags": ["parameters"]})
    nb = _nb(cell, parameters={"provinces": ["bac-lieu", "long-an"]})
    assert template.context_for(nb, DATA) == comparative_context(DATA, ["bac-lieu", "long-an"])
