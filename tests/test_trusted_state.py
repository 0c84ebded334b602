"""What the build finds on disk is checked, not trusted (issue 20, items 6-8 and the minor ones).

The HTML step is exercised with a stand-in for the jupyter-book subprocess that writes a tiny
site into the staging folder, so these tests run in milliseconds; the slow tests at the end
check the same faults on a real build.
"""

from __future__ import annotations

import errno
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provbook.build import pipeline, stamps
from provbook.build.folders import Project
from provbook.build.html import build_html
from provbook.build.tasks import CELL_TIMEOUT, Task, execute

#: The tiny site the stand-in Sphinx "builds": a page and a figure.
FAKE_SITE = {"index.html": "<html>book</html>\n", "_images/figure.png": "PNG bytes\n"}


class FakeSphinx:
    """Replaces ``subprocess.Popen`` in provbook.build.html: writes FAKE_SITE where jupyter-book
    would write its site (``--path-output``/_build/html) and exits 0."""

    calls = 0

    def __init__(self, command, **kwargs):
        FakeSphinx.calls += 1
        staging = Path(command[command.index("--path-output") + 1])
        for name, text in FAKE_SITE.items():
            path = staging / "_build" / "html" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.stdout = iter(["writing output... [100%] index\n"])

    def wait(self) -> int:
        return 0

    def kill(self) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Project:
    """A project whose HTML step runs the stand-in (pages from data/ are not generated)."""
    root = tmp_path / "site"
    (root / "book").mkdir(parents=True)
    (root / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    monkeypatch.setattr("provbook.build.html.generate_pages", lambda project, lang="en": None)
    monkeypatch.setattr(subprocess, "Popen", FakeSphinx)
    FakeSphinx.calls = 0
    return Project.at(root)


def _build(project: Project) -> bool:
    return build_html(project, log=lambda line: None)


# --- 6. damage to the published site -----------------------------------------------------------


def test_a_deleted_or_edited_file_of_the_site_rebuilds_the_html(site: Project):
    assert _build(site) is True
    assert _build(site) is False  # nothing changed: Sphinx is not run again
    assert FakeSphinx.calls == 1
    figure = site.html_dir / "_images" / "figure.png"
    figure.unlink()
    assert _build(site) is True
    assert figure.read_text(encoding="utf-8") == FAKE_SITE["_images/figure.png"]
    page = site.html_dir / "index.html"
    page.write_text("<html>defaced</html>\n", encoding="utf-8")
    assert _build(site) is True
    assert page.read_text(encoding="utf-8") == FAKE_SITE["index.html"]
    (site.html_dir / "stray.html").write_text("not ours\n", encoding="utf-8")
    assert _build(site) is True
    assert not (site.html_dir / "stray.html").exists()
    assert _build(site) is False
    assert FakeSphinx.calls == 4


def test_the_build_stamp_sees_a_damaged_site(tmp_path: Path):
    """The no-change shortcut of `provbook build` (stamps.build_unchanged) looked only at
    index.html: a deleted figure or an edited page now makes it go on to the HTML step."""
    html = tmp_path / "_build" / "html"
    for name, text in FAKE_SITE.items():
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(text, encoding="utf-8")
    (html / "page.html").write_text("<p>page</p>\n", encoding="utf-8")
    stamps.record_build(tmp_path, "fingerprint")
    assert stamps.build_unchanged(tmp_path, "fingerprint")
    (html / "_images" / "figure.png").unlink()
    assert not stamps.build_unchanged(tmp_path, "fingerprint")
    stamps.record_build(tmp_path, "fingerprint")
    (html / "page.html").write_text("<p>edited</p>\n", encoding="utf-8")
    assert not stamps.build_unchanged(tmp_path, "fingerprint")


# --- 7. a corrupt HTML stamp ---------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "{", "[]", '"text"', "\x00\x01"])
def test_an_unreadable_html_stamp_is_treated_as_absent(site: Project, content: str):
    assert _build(site) is True
    site.html_stamp.write_text(content, encoding="utf-8")
    assert _build(site) is True  # rebuilt, no JSONDecodeError
    assert _build(site) is False  # and stamped again


@pytest.mark.parametrize("site_files", [5, "index.html", None, {}])
def test_an_html_stamp_with_a_wrong_file_list_is_treated_as_absent(site, site_files):
    import json

    assert _build(site) is True
    stamp = json.loads(site.html_stamp.read_text(encoding="utf-8"))
    stamp["site"] = site_files  # sources as recorded: only the list of files is wrong
    site.html_stamp.write_text(json.dumps(stamp), encoding="utf-8")
    assert _build(site) is True


@pytest.mark.parametrize("content", ["", "{", "[1, 2]"])
def test_unreadable_build_and_validation_stamps_are_treated_as_absent(tmp_path: Path, content):
    stamp = tmp_path / "_build" / stamps.BUILD_STAMP
    stamp.parent.mkdir(parents=True)
    stamp.write_text(content, encoding="utf-8")
    assert not stamps.build_unchanged(tmp_path, "fingerprint")
    assert not stamps.validated(stamp, "key")


def test_stamps_are_written_atomically(tmp_path: Path, monkeypatch):
    """A write that fails half-way (disk full) leaves the previous stamp and no partial file."""
    stamp = tmp_path / "_build" / "stamp.json"
    stamps.write_stamp(stamp, {"data": "old"})

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(OSError):
        stamps.write_stamp(stamp, {"data": "new"})
    monkeypatch.undo()
    assert stamps.read_stamp(stamp) == {"data": "old"}
    assert sorted(p.name for p in stamp.parent.iterdir()) == ["stamp.json"]


# --- disk full while copying the new site --------------------------------------------------------


def test_disk_full_while_copying_the_site_says_so_in_one_line(site: Project, monkeypatch):
    assert _build(site) is True
    before = {p.name: p.read_bytes() for p in site.html_dir.rglob("*") if p.is_file()}
    (site.book_dir / "intro.md").write_text("# Intro, edited\n", encoding="utf-8")
    many = 500  # a real site has hundreds of files: every one failed in the message
    real_copytree = shutil.copytree

    def fill_staging_then_copy(src, dst, *args, **kwargs):
        if args:  # copytree's own call for a subfolder, with the failing copy function
            return real_copytree(src, dst, *args, **kwargs)
        for number in range(many):
            (Path(src) / "_static" / f"f{number}.js").parent.mkdir(exist_ok=True)
            (Path(src) / "_static" / f"f{number}.js").write_text("x\n", encoding="utf-8")
        copied = []

        def copy_until_full(source, target, **kw):
            if len(copied) >= 3:
                raise OSError(errno.ENOSPC, "No space left on device", target)
            copied.append(target)
            return shutil.copy2(source, target, **kw)

        return real_copytree(src, dst, copy_function=copy_until_full, **kwargs)

    monkeypatch.setattr(shutil, "copytree", fill_staging_then_copy)
    with pytest.raises(OSError) as raised:
        _build(site)
    message = str(raised.value)
    assert "No space left on device" in message
    assert "\n" not in message and len(message) < 400, message[:600]
    assert not site.html_dir.with_name("html.new").exists()
    assert not site.staging_dir.exists()  # the space it took is given back
    after = {p.name: p.read_bytes() for p in site.html_dir.rglob("*") if p.is_file()}
    assert after == before  # the previous site is still published
    assert not site.html_stamp.exists()  # and the next build rebuilds it


# --- slow: the same faults on a real build -------------------------------------------------------


@pytest.fixture(scope="module")
def real_site(toy_book: Path) -> Path:
    """The toy book built once per run with ONE (tests/conftest.py): each test copies it."""
    from conftest import TOY_BUILD

    assert list(TOY_BUILD) == ONE
    return toy_book


ONE = ["--province", "long-an", "--only", "--jobs", "1"]


def _published(project: Path) -> dict[str, bytes]:
    html = project / "_build" / "html"
    return {str(p.relative_to(html)): p.read_bytes() for p in html.rglob("*") if p.is_file()}


@pytest.fixture
def real_copy(real_site: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    subprocess.run(["cp", "-a", str(real_site), str(project)], check=True)
    return project


def test_a_real_damaged_site_is_rebuilt_as_a_clean_build_made_it(run_provbook, real_copy: Path):

    clean = _published(real_copy)
    # A copy of a built project is up to date where it lies: its first build does nothing.
    assert "Nothing changed" in run_provbook("build", "--root", str(real_copy), *ONE).stdout
    image = next((real_copy / "_build" / "html" / "_images").glob("*.png"))
    image.unlink()
    page = real_copy / "_build" / "html" / "comparative.html"
    page.write_text("defaced\n", encoding="utf-8")
    result = run_provbook("build", "--root", str(real_copy), *ONE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing changed" not in result.stdout
    assert "HTML built in" in result.stdout
    assert _published(real_copy) == clean
    again = run_provbook("build", "--root", str(real_copy), *ONE)
    assert "Nothing changed" in again.stdout


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["build", "force"])
def test_a_real_build_with_a_corrupt_html_stamp_publishes_the_clean_site(
    run_provbook, real_copy: Path, force
):

    clean = _published(real_copy)
    (real_copy / "_build" / ".provbook-html.json").write_text("", encoding="utf-8")
    result = run_provbook("build", "--root", str(real_copy), *ONE, *force)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    after = _published(real_copy)
    if force:  # re-executed: the notebooks' copies in _sources/ carry new cell timings
        clean, after = (
            {k: v for k, v in d.items() if not k.endswith(".ipynb")} for d in (clean, after)
        )
    assert after == clean


# --- 5. a cell that never ends -------------------------------------------------------------------

STUCK_CELL = 'if province == "long-an":\n    while True:\n        pass\n'
THREE = ["--province", "bac-lieu", "--province", "long-an", "--province", "lam-dong", "--only"]


@pytest.mark.parametrize("command", ["build", "run", "sweep"])
def test_the_cell_timeout_has_a_default_and_can_be_set(command: str):
    from provbook import cli

    required = {"build": [], "run": ["long-an"], "sweep": ["--province", "x", "--out", "o"]}
    args = cli.parser().parse_args([command, *required[command]])
    assert args.cell_timeout == CELL_TIMEOUT == 600
    args = cli.parser().parse_args([command, *required[command], "--cell-timeout", "5"])
    assert args.cell_timeout == 5


@pytest.mark.parametrize("value", ["0", "-3", "1.5", "soon"])
def test_a_bad_cell_timeout_is_refused_with_a_message(value: str, capsys):
    from provbook import cli

    with pytest.raises(SystemExit) as exited:
        cli.main(["build", "--cell-timeout", value])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    expected = (
        f"argument --cell-timeout: must be a whole number of seconds, at least 1 (got {value!r})"
    )
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "how", [["--jobs", "1"], ["--jobs", "2", "--fresh-kernels"]], ids=["serial", "pool-fresh"]
)
def test_a_cell_that_never_ends_fails_its_chapter_and_the_others_finish(
    run_provbook, tmp_path: Path, how
):
    import time

    from conftest import make_project, province_template, write_notebook

    project = make_project(tmp_path / "project")
    write_notebook(project / "notebooks" / "province.md", province_template(STUCK_CELL))
    started = time.monotonic()
    result = run_provbook("build", "--root", str(project), *THREE, *how, "--cell-timeout", "5")
    assert time.monotonic() - started < 120
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^\s+failed\s+long-an\b", result.stdout, re.M), result.stdout
    for name in ("bac-lieu", "lam-dong", "comparative"):  # lam-dong runs after it in serial
        assert re.search(rf"^\s+executed\s+{name}\b", result.stdout, re.M), result.stdout
    assert (
        "long-an: cell 3 did not finish within 5 s (the per-cell timeout; set it with "
        "--cell-timeout SECONDS)" in result.stderr
    ), result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "book" / "provinces" / "long-an.ipynb").exists()
    assert not (project / "_build" / "html").exists()  # a failed build publishes nothing


# --- 8. kernel connection files ------------------------------------------------------------------


def test_kernel_connection_files_go_to_the_build_folder_not_tmpdir(tmp_path: Path, monkeypatch):
    """jupyter_client names an unnamed kernel's connection file (ports, HMAC key) with
    tempfile.mkstemp, in $TMPDIR, where an interrupted build left it."""
    import tempfile

    from provbook.build import kernels

    tmpdir, runtime = tmp_path / "tmpdir", tmp_path / "site" / "_build" / ".kernels"
    tmpdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    from jupyter_client.manager import AsyncKernelManager

    with pipeline.kernel_runtime(runtime):
        config = kernels.connection_config()  # what nbclient's own kernel manager is given
        managers = [
            AsyncKernelManager(kernel_name="python3", connection_file=kernels.connection_file()),
            AsyncKernelManager(kernel_name="python3", config=config),
        ]
        for manager in managers:
            manager.write_connection_file()
            assert Path(manager.connection_file).parent == runtime
            assert Path(manager.connection_file).is_file()
        assert managers[0].connection_file != managers[1].connection_file
    assert not runtime.exists()  # removed with the build's folder on every way out
    assert list(tmpdir.iterdir()) == []


def test_a_fresh_kernel_names_its_connection_file_too(tmp_path: Path, monkeypatch):
    """execute() names the connection file of the kernel papermill starts for one notebook
    (--fresh-kernels, provbook run); the reused kernels' are checked with real kernels by the
    slow signal tests of test_safety.py."""
    import papermill
    from conftest import province_template, write_notebook

    template = tmp_path / "notebooks" / "province.md"
    write_notebook(template, province_template())
    seen = {}

    def fake_execute(nb, output, **options):
        seen.update(options)
        raise RuntimeError("stop here")

    monkeypatch.setattr(papermill, "execute_notebook", fake_execute)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("PROVBOOK_DATA", str(tmp_path))  # execute() sets it: undone after the test
    task = Task("long-an", template, tmp_path / "out.ipynb", {"province": "long-an"}, {}, tmp_path)
    outcome = execute(task, tmp_path, fresh_kernel=True)
    assert outcome.error == "RuntimeError: stop here"
    named = Path(seen["config"]["KernelManager"]["connection_file"])
    assert named.parent == tmp_path / "runtime"
    assert seen["execution_timeout"] == CELL_TIMEOUT


@pytest.mark.parametrize(
    "errors, calls, error",
    [
        (["died", "stop here"], 2, "RuntimeError: stop here"),  # started again, new ports
        (["died", "died", "died", "never"], 3, "RuntimeError: Kernel died before replying"),
        (["cell, then died", "never"], 1, "RuntimeError: Kernel died before replying"),
    ],
    ids=["once", "every attempt", "after a cell ran"],
)
def test_a_fresh_kernel_that_died_starting_is_started_again(
    tmp_path: Path, monkeypatch, errors, calls, error
):
    """--fresh-kernels: papermill's kernel for one notebook dies before answering (a port taken
    by another process; the reused kernels' case runs real kernels in test_kernels.py). It is
    started again, at most kernels.START_ATTEMPTS times, and never once a cell has run."""
    import papermill
    from conftest import province_template, write_notebook

    template = tmp_path / "notebooks" / "province.md"
    write_notebook(template, province_template())
    made = []

    def fake_execute(nb, output, **options):
        made.append(options["config"]["KernelManager"]["connection_file"])
        what = errors[len(made) - 1]
        if what.startswith("cell"):
            options["on_cell_start"](None, 1)
        if "died" in what:
            raise RuntimeError("Kernel died before replying to kernel_info")
        raise RuntimeError(what)

    monkeypatch.setattr(papermill, "execute_notebook", fake_execute)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("PROVBOOK_DATA", str(tmp_path))  # execute() sets it: undone after the test
    task = Task("long-an", template, tmp_path / "out.ipynb", {"province": "long-an"}, {}, tmp_path)
    outcome = execute(task, tmp_path, fresh_kernel=True)
    assert outcome.status == "failed" and outcome.error.startswith(error)
    assert len(made) == calls and len(set(made)) == calls  # each start its own connection file


# --- derive: stopped while writing ---------------------------------------------------------------

RAW = Path(__file__).parent / "fixtures" / "raw"
TABLES = ["provinces.csv", "units_2025.csv", "indicators.csv", "statistics.csv"]
TABLES += ["statistics_2025.csv"]
#: Runs the derivation with SIGTERM sent to itself while the 4th file (statistics.csv) is being
#: written: its rows are in a temporary file, not yet renamed.
SIGTERM_WHILE_WRITING = """
import os, signal, sys
import provbook.derive.gso as gso
from provbook.derive.__main__ import main
real_replace, calls = os.replace, []
def replace(src, dst):
    calls.append(dst)
    if len(calls) == 4:
        os.kill(os.getpid(), signal.SIGTERM)
    return real_replace(src, dst)
gso.os.replace = replace
sys.exit(main(["--raw", sys.argv[1], "--out", sys.argv[2], "--no-boundaries"]))
"""


def _old_data(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    out.mkdir()
    for name in TABLES:
        (out / name).write_text(f"old {name}\n", encoding="utf-8")
    (out / "articles.csv").write_text("a table derive does not write\n", encoding="utf-8")
    return out


def test_sigterm_during_derive_leaves_the_old_tables_and_no_temporary_file(tmp_path: Path):
    out = _old_data(tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    python = str(Path(sys.executable))
    result = subprocess.run(
        [python, "-c", SIGTERM_WHILE_WRITING, str(RAW), str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 143, result.stderr
    assert "interrupted by SIGTERM" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing hidden either


def test_a_failure_while_writing_derived_files_changes_none_of_them(tmp_path: Path, monkeypatch):
    import provbook.derive as derive_package
    from provbook.derive import derive

    out = _old_data(tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, written = derive_package.write_csv_atomic, []

    def fail_on_the_fourth(path, columns, rows):
        written.append(path)
        if len(written) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, columns, rows)

    monkeypatch.setattr(derive_package, "write_csv_atomic", fail_on_the_fourth)
    with pytest.raises(OSError):
        derive(RAW, out, boundaries=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.undo()
    derive(RAW, out, boundaries=False)  # then a whole run replaces them all
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(after) == sorted(before)
    assert [name for name in TABLES if after[name] == before[name]] == []
