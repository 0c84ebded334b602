"""Broken inputs, end to end through the CLI: the message, the exit code, nothing else touched.

Each case starts from a copy of a small project that has already been built once (chapters and
HTML), breaks one thing, runs one command, and checks that the previous book and the data are
byte-for-byte what they were before the command ran.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, make_project, provbook, province_template, write_notebook

PAPERMILL = str(Path(sys.executable).with_name("papermill"))
ONE = ["--province", "long-an", "--only", "--jobs", "1"]


def _replace_line(path: Path, number: int, edit: Callable[[str], str]) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = edit(lines[number - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def malformed_csv(project: Path) -> None:
    with open(project / "data" / "targets.csv", "a", encoding="utf-8") as handle:
        handle.write('tgt-x,"an unclosed quote\n')


def latin1_sources(project: Path) -> None:
    path = project / "data" / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))


def wrong_type(project: Path) -> None:
    # statistics.csv line 2: the value column (5th) becomes text
    def edit(line: str) -> str:
        cells = line.split(",")
        cells[3] = "abc"
        return ",".join(cells)

    _replace_line(project / "data" / "statistics.csv", 2, edit)


def unknown_province(project: Path) -> None:
    _replace_line(
        project / "data" / "parks.csv", 2, lambda line: line.replace(",long-an,", ",atlantis,", 1)
    )


def missing_file(project: Path) -> None:
    (project / "data" / "parks.csv").unlink()


def raising_cell(project: Path) -> None:
    failing = 'if province == "long-an":\n    raise RuntimeError("a cell raised in long-an")\n'
    write_notebook(project / "notebooks" / "province.ipynb", province_template(failing))


def output_under_a_file(project: Path) -> None:
    (project / "a-file").write_text("not a folder\n", encoding="utf-8")


def nothing(project: Path) -> None:
    pass


@dataclass
class Case:
    name: str
    breaks: Callable[[Path], None]
    command: list[str]
    exit_code: int
    message: str  # a regular expression the error output must match


CASES = [
    Case(
        "malformed CSV",
        malformed_csv,
        ["build", *ONE],
        1,
        r"data/targets\.csv:\d+: malformed CSV: unexpected end of data",
    ),
    Case(
        "wrong encoding",
        latin1_sources,
        ["build", *ONE],
        1,
        r"data/sources\.csv:\d+: file is not valid UTF-8.*save it as UTF-8",
    ),
    Case(
        "wrong type",
        wrong_type,
        ["build", *ONE],
        1,
        r"data/statistics\.csv:2: column 'value': value 'abc' is not a number",
    ),
    Case(
        "unknown province in a table",
        unknown_province,
        ["build", *ONE],
        1,
        r"data/parks\.csv:2: column 'province_id'.*'atlantis'",
    ),
    Case(
        "missing data file",
        missing_file,
        ["build", *ONE],
        1,
        r"data/parks\.csv: file is missing",
    ),
    Case(
        "unknown province id to build",
        nothing,
        ["build", "--province", "atlantis"],
        2,
        r"unknown province id\(s\): atlantis\. Known ids \(63\): an-giang, ",
    ),
    Case(
        "unknown parameter value to run",
        nothing,
        ["run", "atlantis", "-o", "{tmp}/out.ipynb"],
        2,
        r"unknown province id\(s\): atlantis",
    ),
    Case(
        "unknown parameter name to run",
        nothing,
        ["run", "long-an", "-p", "colour", "red", "-o", "{tmp}/out.ipynb"],
        2,
        r"unknown parameter\(s\) colour .*its parameters are: province",
    ),
    Case(
        "a notebook cell raises",
        raising_cell,
        ["build", *ONE],
        1,
        r"long-an: cell \d+ \(execution count \d+\): RuntimeError: a cell raised in long-an",
    ),
    Case(
        "output folder not writable",
        output_under_a_file,
        ["build", *ONE, "--output", "{project}/a-file/site"],
        1,
        r"cannot write the output folder .*a-file/site",
    ),
    Case(
        "run output not writable",
        output_under_a_file,
        ["run", "long-an", "-o", "{project}/a-file/out.ipynb"],
        1,
        r"cannot write .*a-file/out\.ipynb",
    ),
]


def _snapshot(project: Path) -> dict[str, str]:
    """Hash of every file of the book, the site and the data."""
    files = {}
    for folder in ("book", "_build/html", "data"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                files[str(path.relative_to(project))] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    result = provbook("build", "--root", str(project), *ONE)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, built: Path, tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    case.breaks(project)
    before = _snapshot(project)
    command = [part.format(tmp=tmp_path, project=project) for part in case.command]
    result = provbook(*command, "--root", str(project))
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    assert re.search(case.message, result.stderr), result.stderr
    assert _snapshot(project) == before
    assert not list(project.rglob("*.part"))
    assert not (tmp_path / "out.ipynb").exists()


def test_plain_papermill_rejects_an_unknown_province(tmp_path: Path):
    """Papermill with provbook's engine: the real template stops and lists the known ids."""
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [PAPERMILL, "--engine", "provbook", "notebooks/province.ipynb", str(out)]
        + ["-p", "province", "atlantis"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode != 0
    assert "unknown province id 'atlantis'" in result.stderr
    assert "bac-lieu" in result.stderr
