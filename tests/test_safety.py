"""Build safety end to end: interruptions, killed builds, the lock, and clean = incremental.

Signal tests start ``provbook build`` on a small book whose chapters sleep, wait until a kernel
runs, signal the build, and check that it stops at once, takes every process it started along,
and leaves no half-written file, no kernel connection file and the previous book unchanged.
"""

from __future__ import annotations

import fcntl
import hashlib
import multiprocessing
import os
import re
import signal
import subprocess
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import (
    PROVBOOK,
    comparative_template,
    make_project,
    province_template,
    write_notebook,
)

from provbook.build import signals

THREE = ["--province", "bac-lieu", "--province", "long-an", "--province", "lam-dong", "--only"]
ONE = ["--province", "long-an", "--only", "--jobs", "1"]
#: Long enough that a build which did not stop would be seen; the tests wait for far less.
SLEEPING_CELL = "import time\ntime.sleep(60)\n"


def _snapshot(project: Path) -> dict[str, str]:
    files = {}
    for folder in ("book", "_build/html", "data"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                files[str(path.relative_to(project))] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return files


def _connection_files_of(kernels: list[psutil.Process]) -> set[Path]:
    """The connection files the kernels were started with (``-f FILE``): the build's own, so
    kernels that other tests start at the same time (pytest-xdist) are not counted."""
    files = set()
    for kernel in kernels:
        args = _cmdline(kernel)
        if "-f" in args[:-1]:
            files.add(Path(args[args.index("-f") + 1]))
    assert len(files) == len(kernels), [_cmdline(k) for k in kernels]
    return files


def _left(files: set[Path]) -> list[str]:
    return sorted(str(f) for f in files if f.exists())


def _processes_of(project: Path) -> list[psutil.Process]:
    """Live processes whose command line names the test project (workers, kernels, Sphinx)."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        try:
            cmdline = " ".join(process.info["cmdline"] or [])
            if str(project) in cmdline and process.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.Error:
            continue
    return found


def _start(project: Path, *args: str, tmpdir: Path | None = None) -> subprocess.Popen:
    """``provbook build`` in its own session; with ``tmpdir``, that folder as its $TMPDIR."""
    env = None if tmpdir is None else {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.Popen(
        [PROVBOOK, "build", "--root", str(project), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # signals to the build never reach pytest
        env=env,
    )


def _fresh_tmpdir(tmp_path: Path) -> Path:
    """An empty $TMPDIR for one build: connection files written there would outlive it."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    return folder


def _files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


def _wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _children_named(build: subprocess.Popen, word: str) -> list[psutil.Process]:
    try:
        children = psutil.Process(build.pid).children(recursive=True)
    except psutil.Error:
        return []
    return [c for c in children if word in " ".join(_cmdline(c))]


def _kernels_of(build: subprocess.Popen) -> list[psutil.Process]:
    return _children_named(build, "ipykernel")


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


@pytest.fixture(scope="module")
def built(run_provbook, tmp_path_factory) -> Path:
    """A small project built once (chapters and HTML)."""
    project = make_project(tmp_path_factory.mktemp("safety") / "project")
    result = run_provbook("build", "--root", str(project), *THREE, "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def _sleepy(project: Path) -> Path:
    """Chapters and comparison that sleep: a build of them is still running when the test
    signals it (the comparison starts first, so it must sleep too)."""
    write_notebook(project / "notebooks" / "province.md", province_template(SLEEPING_CELL))
    comparison = [*comparative_template(), nbformat.v4.new_code_cell(SLEEPING_CELL)]
    write_notebook(project / "notebooks" / "comparative.md", comparison)
    return project


def _awake(project: Path) -> Path:
    """The templates of :func:`_sleepy` without their sleeping cells."""
    write_notebook(project / "notebooks" / "province.md", province_template())
    write_notebook(project / "notebooks" / "comparative.md", comparative_template())
    return project


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    subprocess.run(["cp", "-a", str(built), str(project)], check=True)
    return project


@pytest.mark.parametrize(
    ("signum", "exit_code", "jobs"),
    [(signal.SIGINT, 130, "2"), (signal.SIGTERM, 143, "2"), (signal.SIGINT, 130, "1")],
    ids=["SIGINT pool", "SIGTERM pool", "SIGINT serial"],
)
def test_signal_stops_the_build_at_once(copy: Path, signum, exit_code, jobs, tmp_path: Path):
    before = _snapshot(_sleepy(copy))
    tmpdir = _fresh_tmpdir(tmp_path)
    build = _start(copy, *THREE, "--jobs", jobs, "--force", "--no-html", tmpdir=tmpdir)
    kernels = _wait_for(lambda: _kernels_of(build), 60, "a kernel to start")
    time.sleep(1.0)  # the notebook is now in its sleeping cell
    kernels = _kernels_of(build) or kernels
    started = [*psutil.Process(build.pid).children(recursive=True), *kernels]
    connection_files = _connection_files_of(kernels)
    # under the build's own folder, not the user's Jupyter runtime folder
    assert all(copy / "_build" / ".kernels" in f.parents for f in connection_files)
    sent = time.monotonic()
    build.send_signal(signum)
    stdout, stderr = build.communicate(timeout=30)
    assert build.returncode == exit_code, stdout + stderr
    assert time.monotonic() - sent < 8
    name = signal.Signals(signum).name
    assert f"provbook: error: interrupted by {name}" in stderr
    assert "Traceback" not in stderr + stdout
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert not [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not _processes_of(copy)
    assert _snapshot(copy) == before  # nothing finished: every chapter is the previous one
    assert not list(copy.rglob("*.part"))
    assert not (copy / "_build" / ".kernels").exists()
    assert not _left(connection_files)
    assert not [name for name in _files_in(tmpdir) if name.endswith(".json")]


def test_stopped_pool_workers_are_ended_for_multiprocessing_too():
    """An interrupted pool build hung in CI after printing its message: psutil had reaped the
    pool's workers, so multiprocessing never saw them end and the executor's manager thread,
    which the interpreter joins at exit, spun for ever. Workers are now stopped through
    multiprocessing's own handles, and the pool can be shut down."""
    pool = ProcessPoolExecutor(
        max_workers=2, initializer=signals.init_worker, initargs=(os.getpid(),)
    )
    futures = [pool.submit(time.sleep, 60) for _ in range(5)]  # two running, the queue full
    _wait_for(lambda: len(multiprocessing.active_children()) == 2, 30, "two pool workers")
    workers = multiprocessing.active_children()
    pool.shutdown(wait=False, cancel_futures=True)
    sent = time.monotonic()
    assert signals.stop_pool_workers() == 2
    assert time.monotonic() - sent < signals.GRACE_SECONDS  # SIGTERM was enough
    # Seen by multiprocessing (the executor's manager thread may be reaping the same workers: the
    # code is then stored a moment later; had psutil reaped them, it would stay None for ever).
    _wait_for(lambda: None not in [w.exitcode for w in workers], 5, "the workers' exit codes")
    # 143 from the worker's own handler; -15 if SIGTERM came before its initializer ran.
    assert {w.exitcode for w in workers} <= {128 + signal.SIGTERM, -signal.SIGTERM}
    children = {child.pid for child in psutil.Process().children()}  # zombies included
    assert not children & {w.pid for w in workers}  # reaped: nothing left for psutil to reap
    closing = threading.Thread(target=pool.shutdown, kwargs={"wait": True}, daemon=True)
    closing.start()
    closing.join(timeout=10)
    assert not closing.is_alive(), "the executor's manager thread did not finish"
    assert all(f.done() for f in futures)


#: Run in a child process: stop_descendants stops every child of its process, and the pytest
#: process has children of its own (multiprocessing's resource tracker, for one).
POOL_THEN_STOP_DESCENDANTS = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from provbook.build import signals
pool = ProcessPoolExecutor(max_workers=2, initializer=signals.init_worker, initargs=(os.getpid(),))
futures = [pool.submit(time.sleep, 60) for _ in range(5)]
while len(multiprocessing.active_children()) < 2:
    time.sleep(0.05)
workers = multiprocessing.active_children()
pool.shutdown(wait=False, cancel_futures=True)
print(signals.stop_descendants())
deadline = time.monotonic() + 5
while None in [w.exitcode for w in workers] and time.monotonic() < deadline:
    time.sleep(0.05)
print(sorted({w.exitcode is not None for w in workers}))
pool.shutdown(wait=True)
print("exited")
"""


def test_stop_descendants_stops_pool_workers_through_multiprocessing():
    """The mechanism every interrupted build uses, not only the pool's own clean-up: after it,
    multiprocessing knows its workers ended and the process can shut its pool down and exit."""
    result = subprocess.run(
        [str(Path(PROVBOOK).with_name("python")), "-c", POOL_THEN_STOP_DESCENDANTS],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "[True]", "exited"], result.stdout + result.stderr


@pytest.mark.parametrize("jobs", [2, 1], ids=["pool", "serial"])
def test_sigkill_of_the_build_leaves_no_process_behind(
    run_provbook, copy: Path, jobs: int, tmp_path: Path
):
    before = _snapshot(_sleepy(copy))
    tmpdir = _fresh_tmpdir(tmp_path)
    build = _start(copy, *THREE, "--jobs", str(jobs), "--force", "--no-html", tmpdir=tmpdir)
    kernels = _wait_for(
        lambda: found if len(found := _kernels_of(build)) == jobs else None, 60, f"{jobs} kernel(s)"
    )
    connection_files = _connection_files_of(kernels)
    assert all(copy / "_build" / ".kernels" in f.parents for f in connection_files)
    started = psutil.Process(build.pid).children(recursive=True)
    assert len(started) == (2 * jobs if jobs > 1 else 1)  # a worker and a kernel each, or one
    build.kill()
    build.communicate(timeout=10)
    _wait_for(
        lambda: not [p for p in started if p.is_running() and p.status() != "zombie"],
        10,
        "the workers and kernels of the killed build to exit",
    )
    assert not _processes_of(copy)
    assert _snapshot(copy) == before
    assert not list(copy.rglob("*.part"))
    # Connection files (with their HMAC keys) go under the build's own folder, never $TMPDIR.
    assert not [name for name in _files_in(tmpdir) if name.endswith(".json")]
    if jobs > 1:
        assert not (copy / "_build" / ".kernels").exists()  # removed by the last worker standing
    else:  # the killed build's own process cannot remove them; the next build does
        assert _left(connection_files)
        _awake(copy)  # the next build need not sleep 60 s in a chapter and in the comparison
        assert run_provbook("build", "--root", str(copy), *ONE, "--no-html").returncode == 0
        assert not (copy / "_build" / ".kernels").exists()
    assert not _left(connection_files)


def test_next_build_cleans_what_a_killed_build_left(run_provbook, copy: Path):
    partial = copy / "book" / "provinces" / ".long-an.ipynb.part"
    partial.write_text("{half a notebook", encoding="utf-8")
    (copy / "_build" / "html.new").mkdir()
    (copy / "_build" / "logs" / "old-kernel.log").write_text("old\n", encoding="utf-8")
    (copy / "_build" / ".kernels").mkdir()
    (copy / "_build" / ".kernels" / "kernel-dead.json").write_text("{}", encoding="utf-8")
    before = _snapshot(copy)
    result = run_provbook("build", "--root", str(copy), *ONE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(
        r"Removed leftovers of an interrupted build: .*\.long-an\.ipynb\.part", result.stdout
    )
    assert not partial.exists()
    assert not (copy / "_build" / "html.new").exists()
    assert not (copy / "_build" / ".kernels").exists()
    assert not (copy / "_build" / "logs" / "old-kernel.log").exists()  # last build's logs only
    assert before != _snapshot(copy)  # long-an was rebuilt: this build really ran


def _add_page(project: Path, name: str, text: str) -> None:
    (project / "book" / f"{name}.md").write_text(text, encoding="utf-8")
    toc = project / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8") + f"  - file: book/{name}\n", encoding="utf-8")


def test_a_build_killed_during_html_cannot_make_the_next_one_pass_w(run_provbook, copy: Path):
    assert run_provbook("build", "--root", str(copy), *ONE).returncode == 0  # the same pages
    # An existing page edited (no page added): Sphinx's cache is kept and reads only this page.
    intro = copy / "book" / "intro.md"
    bad = "\n```{no-such-directive}\nLost text.\n```\n"
    intro.write_text(intro.read_text(encoding="utf-8") + bad, encoding="utf-8")
    html_before = _snapshot(copy)
    pickle = copy / "_build" / ".jupyter-book" / "_build" / ".doctrees" / "environment.pickle"
    started = time.time()
    build = _start(copy, *ONE)
    # Sphinx saves its environment (the page read, its warning given) before it writes the
    # pages: kill the whole build then, as a crash or a closed laptop could.
    _wait_for(
        lambda: (pickle.exists() and pickle.stat().st_mtime > started) or build.poll() is not None,
        120,
        "Sphinx to save its environment",
        interval=0.01,
    )
    time.sleep(0.2)  # the pickle is written whole
    os.killpg(build.pid, signal.SIGKILL)
    build.communicate(timeout=10)
    assert build.returncode == -signal.SIGKILL  # killed, not finished
    for _ in range(2):
        again = run_provbook("build", "--root", str(copy), *ONE)
        assert again.returncode == 1, again.stdout + again.stderr
        assert "Unknown directive type" in again.stderr and "no-such-directive" in again.stderr
        assert "The previous HTML was kept" in again.stderr
    after = _snapshot(copy)
    assert {k: v for k, v in after.items() if k.startswith("_build")} == {
        k: v for k, v in html_before.items() if k.startswith("_build")
    }


def test_a_second_build_is_refused_while_one_runs(run_provbook, copy: Path):
    before = _snapshot(copy)
    lock = copy / "_build" / ".provbook.build.lock"
    holder = subprocess.Popen(["sleep", "60"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with open(lock, "w", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            handle.write(f"{holder.pid}\n")
            handle.flush()
            started = time.monotonic()
            result = run_provbook("build", "--root", str(copy), *ONE)
            assert time.monotonic() - started < 10  # at once, not after waiting
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 75
    assert f"another provbook build (pid {holder.pid}) is running in this folder" in result.stderr
    assert _snapshot(copy) == before


def test_a_stale_lock_of_a_dead_build_is_taken_over(run_provbook, copy: Path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    (copy / "_build" / ".provbook.build.lock").write_text(f"{dead.pid}\n", encoding="utf-8")
    result = run_provbook("build", "--root", str(copy), *THREE, "--no-html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Took over a stale build lock of pid {dead.pid}" in result.stdout
    assert (copy / "_build" / ".provbook.build.lock").read_text(encoding="utf-8") == ""  # released


def test_a_second_real_build_stops_at_once_and_names_the_first(run_provbook, copy: Path):
    before = _snapshot(_sleepy(copy))
    first = _start(copy, *THREE, "--jobs", "1", "--force", "--no-html")
    try:
        _wait_for(lambda: _kernels_of(first), 60, "the first build to run a notebook")
        second = run_provbook("build", "--root", str(copy), *THREE, "--no-html")
        assert second.returncode == 75
        assert f"another provbook build (pid {first.pid}) is running" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
    assert first.returncode == 143
    assert _snapshot(copy) == before


def _published(project: Path) -> dict[str, bytes]:
    html = project / "_build" / "html"
    return {str(p.relative_to(html)): p.read_bytes() for p in html.rglob("*") if p.is_file()}


def test_an_incremental_build_publishes_the_same_site_as_a_clean_build(run_provbook, copy: Path):
    glossary = "# Terms\n\n```{glossary}\nKCN\n  *Khu công nghiệp*: an industrial park.\n```\n"
    _add_page(copy, "terms", glossary)
    assert run_provbook("build", "--root", str(copy), *THREE).returncode == 0
    intro = copy / "book" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nSee {term}`KCN`.\n", encoding="utf-8")
    incremental = run_provbook("build", "--root", str(copy), *THREE)
    assert incremental.returncode == 0, incremental.stdout + incremental.stderr
    site = _published(copy)
    assert '"kcn"' in site["searchindex.js"].decode().lower()  # the glossary term is findable
    subprocess.run(["rm", "-rf", str(copy / "_build")], check=True)
    clean = run_provbook("build", "--root", str(copy), *THREE)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    again = _published(copy)
    assert sorted(again) == sorted(site)
    assert [name for name in site if site[name] != again[name]] == []


def test_sigterm_during_html_keeps_the_previous_site(copy: Path):
    intro = copy / "book" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    before = _snapshot(copy)
    build = _start(copy, *THREE)
    sphinx = _wait_for(lambda: _children_named(build, "jupyter-book"), 60, "jupyter-book to start")
    time.sleep(0.5)
    build.terminate()
    stdout, stderr = build.communicate(timeout=15)
    assert build.returncode == 143, stdout + stderr
    assert "interrupted by SIGTERM" in stderr and "Traceback" not in stderr
    assert not [p for p in sphinx if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert _snapshot(copy) == before  # the previous site, whole
    assert not (copy / "_build" / ".provbook-html.json").exists()  # the next build rebuilds


def test_sigint_stops_provbook_run_without_writing(copy: Path, tmp_path: Path):
    out = tmp_path / "long-an.ipynb"
    run = subprocess.Popen(
        [PROVBOOK, "run", "long-an", "-o", str(out), "--root", str(_sleepy(copy))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    kernels = _wait_for(lambda: _kernels_of(run), 60, "the kernel to start")
    connection_files = _connection_files_of(kernels)
    time.sleep(1.0)
    run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=15)
    assert run.returncode == 130, stdout + stderr
    assert "interrupted by SIGINT" in stderr and "no notebook was written" in stderr
    assert "Traceback" not in stderr
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    assert not _processes_of(copy)
    assert not _left(connection_files)
