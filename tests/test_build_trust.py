"""What a build must not trust (issue 20): chapters `run` wrote into the book, a folder that is not
a checkout, outputs inside the sources, any file as a notebook, interrupts during clean-up,
read-only or unreadable files.

Most tests call the CLI in-process with the notebook execution (or the build itself) replaced by a
stub that records it was reached: refusals must happen before any work. Permission faults are
simulated with monkeypatch, since tests run as root, whom chmod does not stop (and the venv's
Python lives under /root, so no other uid can run it).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import province_template, write_notebook
from test_pipeline import _strip_timing

from provbook import cli
from provbook.build import inputs, pipeline, sweep
from provbook.build.folders import Project, claim_site, clean_leftovers
from provbook.build.html import build_html
from provbook.build.tasks import Outcome, Task
from provbook.build.writes import OutputRefused

#: The small province template with a second parameter, read into what the chapter says.
UNTIL = """\
glue("until", "as of the latest year" if statistics_until is None else f"as of {statistics_until}",
     display=False)
"""


def _until_template(project: Path) -> Path:
    cells = province_template(UNTIL)
    cells[1] = nbformat.v4.new_code_cell(
        'province = "long-an"\nstatistics_until = None', metadata={"tags": ["parameters"]}
    )
    cells[3] = nbformat.v4.new_markdown_cell("Statistics {glue:text}`until`.")
    write_notebook(project / "notebooks" / "province.md", cells)
    return project


@pytest.fixture
def executed(monkeypatch) -> list[Task]:
    """Notebooks `run` would execute: recorded, not executed (and the data, a copy of the
    checkout's, taken as valid: validating it takes a second)."""
    tasks: list[Task] = []
    monkeypatch.setattr(cli, "_validate_or_exit", lambda data_dir, stamp=None: 0)

    def record(task: Task, root: Path, fresh_kernel: bool = False) -> Outcome:
        tasks.append(task)
        return Outcome(task.name, "executed", 0.0, output=str(task.output))

    monkeypatch.setattr("provbook.build.tasks.execute", record)
    return tasks


@pytest.fixture
def built(monkeypatch) -> list[Project]:
    """Builds that got past every check (the build itself replaced by a record of it)."""
    projects: list[Project] = []

    def record(args, project: Project, jobs: int, started: float) -> int:
        projects.append(project)
        return 0

    monkeypatch.setattr(cli, "_build_if_changed", record)
    return projects


# ---------------------------------------------------------------------------------------------
# 1. `run` into the book


def test_the_hash_of_a_run_covers_every_parameter(project: Path, tmp_path: Path, executed):
    _until_template(project)
    default = {t.name: t for t in pipeline.plan(Project.at(project), ["long-an"])}
    for value in ("2016", "2014"):
        out = tmp_path / f"long-an-{value}.ipynb"
        args = ["run", "long-an", "-p", "statistics_until", value, "-o", str(out)]
        assert cli.main([*args, "--root", str(project)]) == 0
    plain = tmp_path / "long-an.ipynb"
    assert cli.main(["run", "long-an", "-o", str(plain), "--root", str(project)]) == 0
    hashes = [task.input_hash for task in executed]
    assert executed[0].parameters == {"province": "long-an", "statistics_until": 2016}
    # Each parameter value its own hash; without -p, the build's own hash (same chapter).
    assert len(set(hashes[:2])) == 2 and default["long-an"].input_hash not in hashes[:2]
    assert hashes[2] == default["long-an"].input_hash


def test_run_into_the_book_waits_for_a_running_build(project: Path, executed, capsys):
    (project / "_build").mkdir()
    with open(project / "_build" / ".provbook.build.lock", "w", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write(f"{os.getpid()}\n")
        held.flush()
        chapter = project / "book" / "provinces" / "long-an.ipynb"
        status = cli.main(["run", "long-an", "-o", str(chapter), "--root", str(project)])
        # Outside any book, no lock is needed.
        elsewhere = project / "long-an.ipynb"
        assert cli.main(["run", "long-an", "-o", str(elsewhere), "--root", str(project)]) == 0
    assert status == cli.EXIT_LOCKED
    err = capsys.readouterr().err
    assert f"another provbook build (pid {os.getpid()}) is running in this folder" in err
    assert "Nothing was run." in err
    assert [task.output for task in executed] == [elsewhere]


def test_a_chapter_run_into_the_book_is_rebuilt_and_the_site_stays_the_clean_one(
    run_provbook, project: Path
):
    _until_template(project)
    one = ["--root", str(project), "--province", "long-an", "--only", "--jobs", "1"]
    clean = run_provbook("build", *one)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    site = _published(project)
    chapter = project / "book" / "provinces" / "long-an.ipynb"
    ran = run_provbook(
        "run", "long-an", "-p", "statistics_until", "2016", "-o", str(chapter), *one[:2]
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "as of 2016" in chapter.read_text(encoding="utf-8")
    incremental = run_provbook("build", *one)
    assert incremental.returncode == 0, incremental.stdout + incremental.stderr
    assert "executed   long-an" in incremental.stdout
    again = _published(project)
    assert sorted(again) == sorted(site)
    assert [name for name in site if site[name] != again[name]] == []
    assert "as of the latest year" in again["book/provinces/long-an.html"].decode()


def _published(project: Path) -> dict[str, bytes]:
    """The site's files; a notebook's copy without the times of its execution (two executions
    of the same chapter differ only in those)."""
    html = project / "_build" / "html"
    site = {str(p.relative_to(html)): p.read_bytes() for p in html.rglob("*") if p.is_file()}
    for name in site:
        if name.endswith(".ipynb"):
            site[name] = json.dumps(_strip_timing(json.loads(site[name]))).encode()
    return site


# ---------------------------------------------------------------------------------------------
# 2. The checkout is where the command runs, or --root


def _break_data(project: Path, how: str) -> None:
    if how == "absent":
        subprocess.run(["rm", "-rf", str(project / "data")], check=True)
    else:
        (project / "elsewhere").symlink_to(project / "data-loop")
        (project / "data-loop").symlink_to(project / "elsewhere")
        subprocess.run(["rm", "-rf", str(project / "data")], check=True)
        (project / "data").symlink_to(project / "elsewhere")


@pytest.mark.parametrize("how", ["absent", "symlink loop"])
@pytest.mark.parametrize("command", ["build", "build --only --province long-an", "run", "sweep"])
def test_no_command_falls_back_to_another_checkout(
    project: Path, monkeypatch, capsys, built, executed, how: str, command: str
):
    _break_data(project, how)
    monkeypatch.chdir(project)
    argv = {
        "run": ["run", "long-an"],
        "sweep": ["sweep", "--province", "long-an", "--out", "swept"],
    }.get(command, command.split())
    assert cli.main(argv) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    found = "missing" if how == "absent" else "a symbolic link that loops back on itself"
    assert f"{project} is not a provbook checkout: its data is {found}, not a folder" in err
    assert "name one with --root" in err
    assert built == [] and executed == []
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["book", "notebooks", "_config.yml", "_toc.yml"]
        + ([] if how == "absent" else ["data", "data-loop", "elsewhere"])
    )


@pytest.mark.parametrize("how", ["absent", "symlink loop"])
def test_validate_checks_the_data_where_it_runs(project: Path, monkeypatch, capsys, how: str):
    _break_data(project, how)
    monkeypatch.chdir(project)
    monkeypatch.delenv("PROVBOOK_DATA", raising=False)
    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out
    if how == "absent":
        assert out.startswith("data: folder not found (rule: data folder)\n1 problem in 1 file")
    else:
        assert "data: folder not found: it is a symbolic link to a missing folder, or one " in out
        assert cli.main(["validate", "--data", "data"]) == 1  # named: the same message
        assert "folder not found: it is a symbolic link" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# 3. Outputs inside the sources


@pytest.mark.parametrize("inside", ["book/site", "data/site", "notebooks/site", "provbook/site"])
def test_build_output_inside_the_sources_is_refused(project: Path, capsys, built, inside: str):
    (project / "provbook").mkdir()
    output = project / inside
    status = cli.main(["build", "--root", str(project), "--output", str(output)])
    assert status == cli.EXIT_USAGE
    err = capsys.readouterr().err
    source = project / inside.split("/")[0]
    assert f"refusing to build into {output}: it is inside {source}, which the build reads" in err
    assert "outside book/, data/, notebooks/, provbook/ and the provbook package" in err
    assert built == [] and not output.exists()


def test_no_output_inside_the_installed_package():
    site = inputs.PACKAGE_DIR / "chapter" / "site"
    with pytest.raises(OutputRefused, match="it is inside .*provbook, which the build"):
        claim_site(site, Path("/nonexistent/checkout"))
    assert not site.exists()


def test_sweep_output_inside_data_is_refused(project: Path, capsys, executed):
    out = project / "data" / "sweep"
    argv = ["sweep", "--root", str(project), "--province", "long-an", "--out", str(out)]
    assert cli.main(argv) == cli.EXIT_USAGE
    assert (
        f"refusing to build into {out}: it is inside {project / 'data'}" in capsys.readouterr().err
    )
    assert executed == [] and not out.exists()


# ---------------------------------------------------------------------------------------------
# 4. What `run -o` may replace


@pytest.mark.parametrize(
    ("output", "rule"),
    [
        (
            "data/provinces.csv",
            "the output of a run is a notebook, and its name must end in .ipynb",
        ),
        ("notes.txt", "the output of a run is a notebook, and its name must end in .ipynb"),
        ("data/long-an.ipynb", "it is inside the data package {project}/data/, which holds only"),
    ],
)
def test_run_writes_only_notebooks_outside_data(
    project: Path, capsys, executed, output: str, rule: str
):
    target = project / output
    before = target.read_bytes() if target.exists() else None
    assert cli.main(["run", "long-an", "-o", str(target), "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert f"refusing to write {target}: " + rule.format(project=project) in err
    assert executed == []
    assert (target.read_bytes() if target.exists() else None) == before


def test_a_link_to_a_table_is_not_a_notebook(project: Path, capsys, executed):
    link = project / "long-an.ipynb"
    link.symlink_to(project / "data" / "provinces.csv")
    assert cli.main(["run", "long-an", "-o", str(link), "--root", str(project)]) == 2
    assert "provinces.csv: the output of a run is a notebook" in capsys.readouterr().err
    assert executed == []


# ---------------------------------------------------------------------------------------------
# Minor: interrupts, permissions, repeated sweep values

#: Runs the CLI with one step replaced by a stub that signals the process itself, as a user's
#: Ctrl-C would arrive there.
SIGNALLED = """\
import os, signal, sys, time
from provbook import cli
from provbook.build import signals
from provbook.datapackage import validate

def interrupt(*args, **kwargs):
    os.kill(os.getpid(), signal.{first})
    time.sleep(5)

def second_signal_during_cleanup(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)
    return 0

validate.main = interrupt
cli.cmd_build = interrupt
signals.stop_descendants = second_signal_during_cleanup
sys.exit(cli.main({argv}))
"""


@pytest.mark.parametrize(
    ("argv", "first", "code", "kept"),
    [
        (["validate"], "SIGINT", 130, "nothing was left half-written"),
        (["validate"], "SIGTERM", 143, "nothing was left half-written"),
        (["build"], "SIGINT", 130, "finished chapters and the previous HTML were kept"),
    ],
    ids=["validate SIGINT", "validate SIGTERM", "build, second SIGINT in its clean-up"],
)
def test_an_interrupt_exits_with_its_code_even_if_a_second_one_follows(argv, first, code, kept):
    """Each case also gets a second SIGINT while it cleans up (the stubbed stop_descendants)."""
    script = SIGNALLED.format(first=first, argv=argv)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == code, result.stdout + result.stderr
    assert result.stderr == f"provbook: error: interrupted by {first}; {kept}\n"


def _denied(path: str) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)


def test_a_read_only_build_folder_is_said_not_a_traceback(project: Path, monkeypatch, capsys):
    """Simulated: opening the lock file fails as it does for a non-root user in a read-only
    ``_build/``."""
    real_open = os.open

    def open_denied(path, flags, *args, **kwargs):
        if str(path).endswith(".provbook.build.lock"):
            raise _denied(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_denied)
    assert cli.main(["build", "--root", str(project)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    lock = project / "_build" / ".provbook.build.lock"
    assert err.startswith(f"provbook: error: cannot take the build lock {lock}: Permission denied")
    assert err.endswith("Nothing was built.\n")


@pytest.fixture
def unreadable_parks(project: Path, monkeypatch) -> Path:
    """Simulated: reading data/parks.csv fails as it does for a user without read permission."""
    parks = project / "data" / "parks.csv"
    real_read = Path.read_bytes

    def read_denied(path: Path) -> bytes:
        if path == parks:
            raise _denied(str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_denied)
    return parks


def test_an_unreadable_data_file_is_named_by_the_build(project: Path, unreadable_parks, capsys):
    assert cli.main(["build", "--root", str(project)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert err == f"provbook: error: cannot read {unreadable_parks}: Permission denied\n" + (
        "Nothing was built.\n"
    )
    assert not (project / "book" / "provinces").exists()


def test_an_unreadable_data_file_is_named_by_validate(unreadable_parks, capsys):
    assert cli.main(["validate", "--data", str(unreadable_parks.parent)]) == 1
    out = capsys.readouterr().out
    assert f"{unreadable_parks}: cannot be read: Permission denied (rule: readable)" in out


@contextlib.contextmanager
def _removal_as_non_root(monkeypatch):
    """unlink and rmdir refused in a folder without write permission, as for a non-root user."""

    def guarded(real):
        def call(path, *, dir_fd=None):
            folder = os.fstat(dir_fd) if dir_fd is not None else os.stat(Path(path).parent)
            if not folder.st_mode & stat.S_IWUSR:
                raise _denied(str(path))
            return real(path, dir_fd=dir_fd)

        return call

    with monkeypatch.context() as patch:
        patch.setattr(os, "unlink", guarded(os.unlink))
        patch.setattr(os, "rmdir", guarded(os.rmdir))
        yield


def _read_only_site(html: Path) -> None:
    (html / "_images").mkdir(parents=True)
    (html / "index.html").write_text("<p>old</p>\n", encoding="utf-8")
    (html / "_images" / "a.png").write_bytes(b"\x89PNG")
    for path in (html / "_images" / "a.png", html / "index.html", html / "_images", html):
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)  # chmod -R a-w


def test_a_read_only_previous_site_is_removed_not_left_as_html_old(
    project: Path, monkeypatch, tmp_path: Path
):
    site = Project.at(project)
    old = site.html_dir.with_name("html.old")
    _read_only_site(old)
    site.html_dir.mkdir()
    with _removal_as_non_root(monkeypatch):
        shown = tmp_path / "shown"  # the simulation refuses what a non-root user could not do
        _read_only_site(shown)
        with pytest.raises(PermissionError):
            os.unlink(shown / "index.html")
        removed = clean_leftovers(site)
    assert removed == ["_build/html.old"]
    assert not old.exists() and site.html_dir.is_dir()


def test_a_read_only_published_site_is_replaced_whole(run_provbook, project: Path, monkeypatch):
    """The HTML step swaps a new site in; the read-only previous one must go, not stay as
    ``html.old`` beside it (simulated non-root permissions, see above)."""
    one = ["--root", str(project), "--province", "long-an", "--only", "--jobs", "1"]
    assert run_provbook("build", *one).returncode == 0
    site = Project.at(project)
    for path in [site.html_dir, *site.html_dir.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) & ~0o222)
    intro = project / "book" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    with _removal_as_non_root(monkeypatch):
        assert build_html(site, log=lambda line: None) is True
    assert not site.html_dir.with_name("html.old").exists()
    assert "A new paragraph." in (site.html_dir / "book" / "intro.html").read_text("utf-8")


def test_a_value_given_twice_is_swept_once():
    combos = sweep.combinations(
        ["long-an", "long-an"], {"statistics_until": [2014, 2014, 2016], "show": [[1], [1]]}
    )
    assert combos == [
        {"province": "long-an", "statistics_until": 2014, "show": [1]},
        {"province": "long-an", "statistics_until": 2016, "show": [1]},
    ]
    assert json.dumps(combos[0])  # values stay as the notebook receives them


def _options(root: Path, output: Path | None = None) -> dict:
    args = cli.parser().parse_args(["build", "--province", "long-an", "--only"])
    return cli._build_options(args, Project.at(root, output))


def test_a_moved_project_has_the_fingerprint_it_had(tmp_path: Path):
    """The whole-build stamp does not depend on where the project lies: a built project copied
    or moved elsewhere is up to date there (its first build does nothing). Its contents and an
    output folder of its own still count."""
    from conftest import make_project

    first = make_project(tmp_path / "one" / "project")
    moved = make_project(tmp_path / "elsewhere" / "deeper" / "project")

    def fingerprint(root: Path, output: Path | None = None) -> str:
        return inputs.fingerprint(root, _options(root, output))

    assert fingerprint(first) == fingerprint(moved)
    # An output folder inside the project counts by its name there, one outside by its place.
    assert fingerprint(first, first / "site") == fingerprint(moved, moved / "site")
    assert fingerprint(first, first / "site") != fingerprint(first)
    assert fingerprint(first, tmp_path / "out") != fingerprint(moved, tmp_path / "out2")
    # What the project holds still counts: a byte, or a file's name.
    page = moved / "book" / "intro.md"
    page.write_text(page.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert fingerprint(first) != fingerprint(moved)
    page.write_text(page.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    assert fingerprint(first) == fingerprint(moved)
    page.rename(page.with_name("preface.md"))
    assert fingerprint(first) != fingerprint(moved)
