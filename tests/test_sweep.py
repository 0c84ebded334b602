"""provbook sweep: provinces x parameter values into notebooks and one tidy CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
from conftest import province_template, write_notebook

SWEPT = """\
if province == "long-an" and year == 2016:
    raise RuntimeError("boom for this combination")
glue("year_seen", year * 10, display=False)
"""


def _sweep_template(project: Path) -> None:
    """The small province template with a second parameter ``year`` and one more glued value."""
    cells = province_template(SWEPT)
    cells[1] = nbformat.v4.new_code_cell(
        'province = "long-an"\nyear = 2020', metadata={"tags": ["parameters"]}
    )
    write_notebook(project / "notebooks" / "province.md", cells)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_sweep_writes_one_row_per_province_parameter_and_key(
    run_provbook, project: Path, tmp_path: Path
):
    _sweep_template(project)
    out = tmp_path / "sweep"
    args = ["sweep", "--root", str(project), "--province", "bac-lieu", "--province", "long-an"]
    result = run_provbook(*args, "-p", "year", "2014", "2016", "--out", str(out), "--jobs", "2")
    assert result.returncode == 1  # one combination fails, the others finish
    assert "long-an__year-2016: cell" in result.stderr
    assert "RuntimeError: boom for this combination" in result.stderr
    notebooks = sorted(p.name for p in out.glob("*.ipynb"))
    assert notebooks == [
        "bac-lieu__year-2014.ipynb",
        "bac-lieu__year-2016.ipynb",
        "long-an__year-2014.ipynb",
    ]
    rows = _rows(out / "glued.csv")
    assert list(rows[0]) == ["province", "year", "key", "value"]
    keys = {(r["province"], r["year"], r["key"]): r["value"] for r in rows}
    assert len(keys) == len(rows) == 3 * 2  # 3 finished combinations x 2 text keys, no figure
    assert keys[("bac-lieu", "2016", "year_seen")] == "20160"
    assert keys[("long-an", "2014", "year_seen")] == "20140"
    # Bạc Liêu's GSO code from data/provinces.csv (95), the same for both years.
    assert keys[("bac-lieu", "2014", "gso_code")] == keys[("bac-lieu", "2016", "gso_code")] == "95"

    again = run_provbook(*args, "-p", "year", "2014", "--out", str(out))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "up to date" in again.stdout  # an unchanged combination is not executed again
    assert {r["year"] for r in _rows(out / "glued.csv")} == {"2014"}


def test_sweep_refuses_a_folder_not_its_own_and_unknown_parameters(
    provbook_main, project: Path, tmp_path: Path
):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "thesis.tex").write_text("mine\n", encoding="utf-8")
    refused = provbook_main(
        "sweep", "--root", str(project), "--province", "long-an", "--out", str(taken)
    )
    assert refused.returncode == 2
    assert "not empty and was not made by provbook" in refused.stderr
    assert (taken / "thesis.tex").read_text(encoding="utf-8") == "mine\n"
    unknown = provbook_main(
        "sweep", "--root", str(project), "--province", "long-an", "-p", "colour", "red",
        "--out", str(tmp_path / "new"),
    )  # fmt: skip
    assert unknown.returncode == 2
    assert "unknown parameter(s) colour" in unknown.stderr
    assert not list((tmp_path / "new").glob("*.ipynb"))
