"""Broken inputs, end to end through the CLI: the message, the exit code, nothing else touched.

Each case starts from a copy of a small project that has already been built once (chapters and
HTML), breaks one thing, runs one command, and checks that the previous book and the data are
byte-for-byte what they were before the command ran. A few cases are not errors but must still be
handled (a stale lock, too many --jobs): the build goes on with a note and changes nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, TOY_BUILD, make_project, province_template, write_notebook

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
    write_notebook(project / "notebooks" / "province.md", province_template(failing))


def output_under_a_file(project: Path) -> None:
    (project / "a-file").write_text("not a folder\n", encoding="utf-8")


def nothing(project: Path) -> None:
    pass


# --- data: hostile values and malformed descriptors (provbook.datapackage.validate,
# provbook.datapackage.schema) ---------


def _edit_descriptor(project: Path, edit: Callable[[dict], object]) -> None:
    """Change the descriptor in place (edit's return value is ignored)."""
    path = project / "data" / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    edit(pkg)
    path.write_text(json.dumps(pkg), encoding="utf-8")


def _parks_resource(pkg: dict) -> dict:
    return next(r for r in pkg["resources"] if r["name"] == "parks")


def infinite_number(project: Path) -> None:
    def edit(line: str) -> str:
        cells = line.split(",")
        cells[3] = "1e999"
        return ",".join(cells)

    _replace_line(project / "data" / "statistics.csv", 2, edit)


def tab_in_a_cell(project: Path) -> None:
    _replace_line(
        project / "data" / "parks.csv", 2, lambda line: line.replace(",long-an,", ",long-an,\t", 1)
    )


def right_to_left_override(project: Path) -> None:
    _replace_line(
        project / "data" / "parks.csv", 2, lambda line: line.replace(",Khu ", ",Khu\u202e ", 1)
    )


def decomposed_name(project: Path) -> None:
    _replace_line(
        project / "data" / "provinces.csv",
        2,
        lambda line: line.replace("Hà Nội", unicodedata.normalize("NFD", "Hà Nội"), 1),
    )


def one_megabyte_note(project: Path) -> None:
    _replace_line(project / "data" / "parks.csv", 2, lambda line: line + "x" * 1_048_576)


def header_only_statistics(project: Path) -> None:
    path = project / "data" / "statistics.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")


def path_up_and_out(project: Path) -> None:
    _edit_descriptor(project, lambda pkg: _parks_resource(pkg).update(path="../../etc/passwd"))


def absolute_path(project: Path) -> None:
    _edit_descriptor(project, lambda pkg: _parks_resource(pkg).update(path="/etc/passwd"))


def symlink_out_of_data(project: Path) -> None:
    (project / "secret.csv").write_text("SECRET-CONTENT,do not print\n", encoding="utf-8")
    (project / "data" / "parks.csv").unlink()
    (project / "data" / "parks.csv").symlink_to(project / "secret.csv")


def descriptor_is_a_list(project: Path) -> None:
    (project / "data" / "datapackage.json").write_text("[]", encoding="utf-8")


def resource_without_name(project: Path) -> None:
    _edit_descriptor(project, lambda pkg: _parks_resource(pkg).pop("name"))


def path_is_a_list(project: Path) -> None:
    _edit_descriptor(project, lambda pkg: _parks_resource(pkg).update(path=["parks.csv"]))


def fields_not_a_list(project: Path) -> None:
    _edit_descriptor(project, lambda pkg: _parks_resource(pkg)["schema"].update(fields="park_id"))


def script_address(project: Path) -> None:
    _replace_line(
        project / "data" / "sources.csv",
        2,
        lambda line: line.replace("https://www.gso.gov.vn", "javascript:alert(1)", 1),
    )


def named_pipe(project: Path) -> None:
    os.mkfifo(project / "pipe.ipynb")


def link_to_named_pipe(project: Path) -> None:
    named_pipe(project)
    (project / "link.ipynb").symlink_to(project / "pipe.ipynb")


def foreign_folder(project: Path) -> None:
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("someone's work\n", encoding="utf-8")


def link_to_foreign_folder(project: Path) -> None:
    foreign_folder(project)
    (project / "site-link").symlink_to(project / "mine")


def stale_lock(project: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    (project / "_build" / ".provbook.build.lock").write_text(f"{dead.pid}\n", encoding="utf-8")


def foreign_build_all(project: Path) -> None:
    (project / "_build_all").mkdir()
    (project / "_build_all" / "notes.txt").write_text("someone's work\n", encoding="utf-8")


#: Locks held by a case while its command runs; released after each test.
_HELD_LOCKS: list = []


def lock_held(project: Path) -> None:
    handle = open(project / "_build" / ".provbook.build.lock", "w", encoding="utf-8")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    _HELD_LOCKS.append(handle)


@pytest.fixture(autouse=True)
def _release_locks():
    yield
    while _HELD_LOCKS:
        _HELD_LOCKS.pop().close()


@dataclass
class Case:
    name: str
    breaks: Callable[[Path], None]
    command: list[str]
    exit_code: int
    message: str  # a regular expression the error output must match
    stream: str = "stderr"  # where the message goes: stdout for notes of a run that succeeds
    works: bool = False  # True: the command executes or builds (the slow tier, a real build)


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
        works=True,
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
    # --- data: hostile values and malformed descriptors -------------------------------------
    Case(
        "infinite number",
        infinite_number,
        ["build", *ONE],
        1,
        r"data/statistics\.csv:2: column 'value': value '1e999' is too large to be a finite",
    ),
    Case(
        "control character in a cell",
        tab_in_a_cell,
        ["build", *ONE],
        1,
        r"data/parks\.csv:2: column 'name': value '\\x09.*contains a tab \(U\+0009\)",
    ),
    Case(
        "right-to-left override in a cell",
        right_to_left_override,
        ["build", *ONE],
        1,
        r"data/parks\.csv:2: column 'name': value 'Khu\\u202e công.*' contains a "
        r"right-to-left override \(U\+202E\)",
    ),
    Case(
        "decomposed (NFD) province name",
        decomposed_name,
        ["build", *ONE],
        1,
        r"data/provinces\.csv:2: column 'name_vi': value '.*' is in decomposed Unicode",
    ),
    Case(
        "one-megabyte note",
        one_megabyte_note,
        ["build", *ONE],
        1,
        r"data/parks\.csv:2: column 'note': value 'Unnamed.*' is 1,048,\d+ characters long; "
        r"a cell holds at most 131,072",
    ),
    Case(
        "header-only statistics",
        header_only_statistics,
        ["build", *ONE],
        1,
        r"data/statistics\.csv: table 'statistics' has no rows; at least one is required",
    ),
    Case(
        "descriptor path leaving data/",
        path_up_and_out,
        ["build", *ONE],
        1,
        r"datapackage\.json: resources\[\d+\] \('parks'\)\.path: '\.\./\.\./etc/passwd' "
        r"must stay inside data/",
    ),
    Case(
        "absolute descriptor path",
        absolute_path,
        ["build", *ONE],
        1,
        r"\('parks'\)\.path: '/etc/passwd' must be a relative path inside data/",
    ),
    Case(
        "symlink leaving data/",
        symlink_out_of_data,
        ["build", *ONE],
        1,
        # Refused by name, and nothing of the file outside data/ is echoed.
        r"^(?![\s\S]*SECRET)[\s\S]*\('parks'\)\.path: 'parks\.csv' leads outside data/",
    ),
    Case(
        "descriptor is a list",
        descriptor_is_a_list,
        ["build", *ONE],
        1,
        r"datapackage\.json: descriptor: must be a JSON object with a 'resources' list, not a list",
    ),
    Case(
        "resource without a name",
        resource_without_name,
        ["build", *ONE],
        1,
        r"resources\[\d+\]\.name: is required",
    ),
    Case(
        "path is a list",
        path_is_a_list,
        ["build", *ONE],
        1,
        r"\('parks'\)\.path: must be a non-empty string .*, not a list",
    ),
    Case(
        "fields not a list",
        fields_not_a_list,
        ["build", *ONE],
        1,
        r"\('parks'\)\.schema\.fields: must be a non-empty list of field objects, not a string",
    ),
    Case(
        "script address",
        script_address,
        ["build", *ONE],
        1,
        r"data/sources\.csv:2: column 'url': value 'javascript:alert\(1\)' is not a web address",
    ),
    Case(
        "run output is an existing folder",
        nothing,
        ["run", "long-an", "-o", "{project}/book"],
        2,
        r"refusing to write .*/book: it is a folder; the output must be a new or existing "
        r"regular \.ipynb file",
    ),
    Case(
        "run output is a special file",
        named_pipe,
        ["run", "long-an", "-o", "{project}/pipe.ipynb"],
        2,
        r"refusing to write .*/pipe\.ipynb: it is a named pipe",
    ),
    Case(
        "run output is a link to a special file",
        link_to_named_pipe,
        ["run", "long-an", "-o", "{project}/link.ipynb"],
        2,
        r"refusing to write .*/pipe\.ipynb: it is a named pipe",
    ),
    Case(
        "run output is a data table",
        nothing,
        ["run", "long-an", "-o", "{project}/data/provinces.csv"],
        2,
        r"refusing to write .*/data/provinces\.csv: the output of a run is a notebook, and its "
        r"name must end in \.ipynb",
    ),
    Case(
        "run output inside data/",
        nothing,
        ["run", "long-an", "-o", "{project}/data/long-an.ipynb"],
        2,
        r"refusing to write .*/data/long-an\.ipynb: it is inside the data package",
    ),
    Case(
        "build output inside book/",
        nothing,
        ["build", *ONE, "--output", "{project}/book/site"],
        2,
        r"refusing to build into .*/book/site: it is inside .*/book, which the build reads",
    ),
    Case(
        "build output inside data/",
        nothing,
        ["build", *ONE, "--output", "{project}/data/site"],
        2,
        r"refusing to build into .*/data/site: it is inside .*/data, which the build reads",
    ),
    Case(
        "build output is someone's non-empty folder",
        foreign_folder,
        ["build", *ONE, "--output", "{project}/mine"],
        2,
        r"refusing to build into .*/mine: the folder is not empty and was not made by provbook",
    ),
    Case(
        "build output is a link to someone's folder",
        link_to_foreign_folder,
        ["build", *ONE, "--output", "{project}/site-link"],
        2,
        r"refusing to build into .*/mine: the folder is not empty and was not made by provbook",
    ),
    Case(
        "build output is a special file",
        named_pipe,
        ["build", *ONE, "--output", "{project}/pipe.ipynb"],
        2,
        r"refusing to build into .*/pipe\.ipynb: it is a named pipe, not a folder",
    ),
    Case(
        "build output is a file",
        output_under_a_file,
        ["build", *ONE, "--output", "{project}/a-file"],
        2,
        r"refusing to build into .*/a-file: it is a regular file, not a folder",
    ),
    Case(
        "build --all into someone's _build_all",
        foreign_build_all,
        ["build", "--all", "--no-html"],
        2,
        r"refusing to build into .*/_build_all: the folder is not empty",
    ),
    Case(
        "--jobs 0",
        nothing,
        ["build", *ONE, "--jobs", "0"],
        2,
        r"--jobs must be at least 1 \(got 0\): .* from 1 to \d+, the number of CPUs",
    ),
    Case(
        "--jobs negative",
        nothing,
        ["build", *ONE, "--jobs", "-1"],
        2,
        r"--jobs must be at least 1 \(got -1\)",
    ),
    Case(
        "another build holds the lock",
        lock_held,
        ["build", *ONE],
        75,
        r"another provbook build \(pid \d+\) is running in this folder",
    ),
    Case(  # a lock left by a killed build: taken over, and the (up-to-date) build succeeds
        "stale lock of a dead build",
        stale_lock,
        ["build", *ONE],
        0,
        r"Took over a stale build lock of pid \d+ \(that process is gone\)",
        stream="stdout",
        works=True,
    ),
    Case(
        "--jobs more than the CPUs",
        nothing,
        ["build", *ONE, "--jobs", "1000"],
        0,
        r"^--jobs 1000 capped to \d+, the number of CPUs$",
        stream="stdout",
        works=True,
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
def built(toy_book: Path) -> Path:
    """The toy book built once per run with ONE (tests/conftest.py): each case copies it."""
    assert list(TOY_BUILD) == ONE
    return toy_book


@pytest.fixture(scope="module")
def looks_built(tmp_path_factory) -> Path:
    """A small project with what a build leaves (chapters, a site, the build folder) as
    placeholder files: enough for the cases that stop before any work to show they touch none."""
    project = make_project(tmp_path_factory.mktemp("looks-built") / "project")
    for relative in (
        "book/provinces/long-an.ipynb",
        "book/comparative.ipynb",
        "_build/html/index.html",
        "_build/html/book/provinces/long-an.html",
    ):
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(f"placeholder of {relative}\n", encoding="utf-8")
    return project


def _check(case: Case, run, start: Path, tmp_path: Path) -> None:
    """Copy ``start``, break it, run the case's command with ``run``; check the message, the exit
    code and that nothing was touched."""
    project = tmp_path / "project"
    shutil.copytree(start, project)
    case.breaks(project)
    before = _snapshot(project)
    command = [part.format(tmp=tmp_path, project=project) for part in case.command]
    result = run(*command, "--root", str(project))
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    output = getattr(result, case.stream)
    assert re.search(case.message, output, re.M), result.stdout + result.stderr
    assert _snapshot(project) == before
    assert not list(project.rglob("*.part"))
    assert not (tmp_path / "out.ipynb").exists()


EARLY = [case for case in CASES if not case.works]
LATE = [case for case in CASES if case.works]


@pytest.mark.parametrize("case", EARLY, ids=[case.name for case in EARLY])
def test_bad_input_stopped_before_any_work(case: Case, looks_built, tmp_path, provbook_main):
    """In-process: what fails at validation or on the options needs no build."""
    _check(case, provbook_main, looks_built, tmp_path)


@pytest.mark.parametrize("case", LATE, ids=[case.name for case in LATE])
def test_bad_input(case: Case, built: Path, tmp_path: Path, run_provbook):
    """Through the command, on a really built project: cases that execute or build."""
    _check(case, run_provbook, built, tmp_path)


def test_plain_papermill_rejects_an_unknown_province(execute_notebooks, tmp_path: Path):
    """Papermill with provbook's engine: the real template stops and lists the known ids."""
    out, notebook = tmp_path / "out.ipynb", tmp_path / "province.ipynb"
    subprocess.run(
        [sys.executable, "-m", "provbook.build.template", "notebooks/province.md", "-o", notebook],
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    result = subprocess.run(
        [PAPERMILL, "--engine", "provbook", str(notebook), str(out)]
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
