"""The new-province template executed by papermill (``notebooks/unit.md``) and its routes:
``provbook run <id>-2025``, ``provbook build`` (default book and ``--all``)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, copy_checkout, make_project, write_notebook

from provbook.build import folders, pipeline, template
from provbook.build.context import unit_context
from provbook.build.folders import UNIT_TEMPLATE, Project
from provbook.datapackage.data import provinces_with_facts

DATA = ROOT / "data"
#: Glued keys of the indices that hold the parts side by side, not a value of the new province.
SHOWN = ("_figure", "_note")


def _glued(nb: dict) -> dict[str, str]:
    """Glued values of an executed notebook: name -> text/plain (or markdown) output."""
    found = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = output["data"]
                found[name] = data.get(
                    "application/papermill.record/text/markdown",
                    data.get("application/papermill.record/text/plain"),
                )
    return found


def _images(nb: dict) -> int:
    return sum(
        key == "application/papermill.record/image/png"  # glued (shown again for researchers)
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        for key in output.get("data", {})
    )


def test_template_uses_only_known_placeholders():
    nb = template.read(ROOT / UNIT_TEMPLATE)
    known = set(unit_context(DATA, "can-tho-2025")) | {template.FILLED_KEY}
    assert set(template.unfilled(nb)) <= known
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata["tags"]
    assert 'check_filled("{{ template_filled }}")' in code[1].source


def test_glue_cells_leave_the_book_and_table_cells_are_folded():
    """As in the province template: cells that glue are removed from the book (a researcher
    sees what they glue), cells that show a table are folded, the set-up cell shows nothing."""
    nb = template.read(ROOT / UNIT_TEMPLATE)
    code = [c for c in nb.cells if c.cell_type == "code"][1:]  # after the parameters
    for cell in code:
        tags = set(cell.metadata.get("tags", []))
        if "glue_" in cell.source:
            assert tags == {"remove-cell"}, cell.source[:60]
        elif "table" in cell.source:
            # A table only some provinces have is folded only where it is shown.
            assert tags in (
                {"hide-input"},
                {"hide-input-if-has_facts"},
                {"hide-input-if-has_plans"},
            ), cell.source[:60]
        else:
            assert tags == {"remove-input"}, cell.source[:60]


def test_papermill_engine_route_fills_the_unit_template_like_the_pipeline():
    cell = nbformat.v4.new_code_cell('unit = "cao-bang-2025"', metadata={"tags": ["parameters"]})
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["papermill"] = {"parameters": {"unit": "can-tho-2025"}}
    assert template.context_for(nb, DATA) == unit_context(DATA, "can-tho-2025")
    nb.metadata["papermill"] = {"parameters": {"unit": "can-tho"}}
    with pytest.raises(ValueError, match="known ids: an-giang-2025"):
        template.context_for(nb, DATA)


def test_links_only_to_old_chapters_in_the_build():
    linked = unit_context(DATA, "can-tho-2025", ["soc-trang"])["parts_links"]
    assert linked == "Cần Thơ, Hậu Giang and {doc}`../provinces/soc-trang`"
    assert "{doc}" not in unit_context(DATA, "can-tho-2025")["parts_links"]


def test_overview_and_sources_name_the_plans_section_and_its_press_reports():
    """Cần Thơ's section cites one press report (data/plans_2030.csv: its three rows all come
    from p30_ct_tienphong, Tiền Phong); Lâm Đồng's one (p30_ld_sggp); Hà Nội has no target
    row, so its Sources list names no press report and its overview says none gives a figure."""
    cells = template.read(ROOT / folders.UNIT_TEMPLATE).cells
    overview = next(c for c in cells if c.id == "cell-3").source
    assert "5. **Plans to 2030**: {{ plans_overview }}." in overview
    assert "7. **Sources**" in overview and "press reports of the 2030 targets" in overview

    can_tho = unit_context(DATA, "can-tho-2025")
    press = [line for line in can_tho["sources_list"].splitlines() if "Plans to 2030" in line]
    # The citation prints the Vietnamese headline with its English rendering (bib.title): the
    # line does not write the rendering a second time.
    assert press == ["- Press report (Plans to 2030), {cite:t}`p30_ct_tienphong`."]
    assert can_tho["plans_overview"].startswith("the targets its first Party congress set")
    lam_dong = unit_context(DATA, "lam-dong-2025")["sources_list"]
    assert "- Press report (Plans to 2030), {cite:t}`p30_ld_sggp`." in lam_dong.splitlines()
    ha_noi = unit_context(DATA, "ha-noi-2025")
    assert "Press report" not in ha_noi["sources_list"]
    assert ha_noi["plans_overview"].endswith(
        "no press report read for this book gives a figure yet"
    )


def test_default_book_adds_the_new_provinces_of_its_chapters(tmp_path: Path):
    project = Project.at(ROOT)
    defaults = provinces_with_facts(DATA)
    chapters = pipeline.with_new_provinces(project, defaults)
    # Hand-checked in provinces.csv: bac-kan -> Thái Nguyên, bac-lieu -> Cà Mau, lam-dong ->
    # Lâm Đồng, long-an -> Tây Ninh, soc-trang -> Cần Thơ.
    assert [c for c in chapters if c.endswith("-2025")] == [
        "ca-mau-2025",
        "can-tho-2025",
        "lam-dong-2025",
        "tay-ninh-2025",
        "thai-nguyen-2025",
    ]
    tasks = pipeline.plan(Project.at(ROOT, tmp_path / "site"), chapters)
    unit = next(t for t in tasks if t.name == "can-tho-2025")
    assert unit.template.name == "unit.md"
    assert unit.output == tmp_path / "site" / "book" / "provinces_2025" / "can-tho-2025.ipynb"
    assert "{doc}`../provinces/soc-trang`" in unit.context["parts_links"]
    old = next(t for t in tasks if t.name == "soc-trang")
    assert old.context["unit_link"] == ("{doc}`../provinces_2025/can-tho-2025`")
    compared = next(t for t in tasks if t.name == "comparative").parameters["provinces"]
    assert compared == defaults  # the comparison keeps comparing the old provinces


def test_can_tho_2025_chapter_shows_the_hand_checked_figures(run_provbook, tmp_path: Path):
    out = tmp_path / "can-tho-2025.ipynb"
    checkout = copy_checkout(tmp_path / "checkout")  # the run's log goes to its _build/logs
    result = run_provbook("run", "can-tho-2025", "-o", str(out), "--root", str(checkout))
    assert result.returncode == 0, result.stdout + result.stderr
    nb = json.loads(out.read_text(encoding="utf-8"))
    glued = _glued(nb)
    # statistics.csv population 2022: can-tho 1252.35 + hau-giang 729.47 + soc-trang 1197.82.
    assert float(glued["parts_population"]) == pytest.approx(3179.64, abs=1e-9)
    assert glued["parts_population_year"] == "2022"
    # GRDP per capita 2022 weighted by population (see tests/test_aggregate.py).
    assert float(glued["parts_grdp_pc"]) == pytest.approx(223305.6695 / 3179.64, rel=1e-12)
    # statistics_2025.csv: 57.55 for 2020; the parts give 57.5517.
    assert float(glued["check_office"]) == 57.55
    assert abs(float(glued["check_difference"])) < 0.01
    # The PCI and the IIP appear only part by part: no glued value for the new province.
    assert not [k for k in glued if k.startswith(("pci", "iip")) and not k.endswith(SHOWN)]
    assert "Cần Thơ 66.9, Hậu Giang 68.1 and Sóc Trăng 65.2" in glued["pci_weighted_note"]
    # map, GRDP, PCI, IIP and the plans to 2030: stored as images, not text/plain
    assert _images(nb) == 5
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert text.startswith("# Thành phố Cần Thơ")
    # no id in reader text (its figure anchors and the chapter's own address aside)
    address = "/book/provinces_2025/can-tho-2025.html"
    assert text.count(address) == 1
    assert "can-tho-2025" not in text.replace("fig-can-tho-2025-", "").replace(address, "")


def test_all_builds_every_old_and_new_province(run_provbook, tmp_path: Path):
    """``--all`` plans and executes a chapter for each of the 63 + 34 provinces and the comparison
    (small templates with the real parameters: the real chapters are tested above)."""
    project = make_project(tmp_path / "project")
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    write_notebook(
        project / "notebooks" / "unit.md",
        [
            md("# {{ name_vi }}"),
            code('unit = "can-tho-2025"', metadata={"tags": ["parameters"]}),
            code("from myst_nb import glue\n\nglue('unit', unit, display=False)"),
        ],
    )
    result = run_provbook("build", "--root", str(project), "--all", "--no-html")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    book = project / "_build_all" / "book"
    assert len(list((book / "provinces").glob("*.ipynb"))) == 63
    assert len(list((book / "provinces_2025").glob("*.ipynb"))) == 34
    assert (book / "comparative.ipynb").exists()
