"""Two honest tiers: `make test-fast` (``-m "not slow"``) runs no notebook, no book build and no
browser; `make test` runs everything.

A test is slow because of what it uses, never because someone remembered to mark it: every test
that uses one of the fixtures of :data:`SLOW_FIXTURES` (directly, or through a fixture that uses
one) is marked ``slow`` at collection. And a test that is not slow but reaches a notebook, a book
build or a browser anyway (a subprocess of ``provbook build``, ``papermill.execute_notebook``, a
kernel, Sphinx, Chromium) fails, saying which fixture to use instead. tests/conftest.py installs
the hooks below.
"""

from __future__ import annotations

import os
import shlex
import sys

import pytest

#: The fixtures that execute notebooks, build a book or start a browser, each with what it does.
#: They live in tests/conftest.py and tests/browser/conftest.py; any fixture that builds on them
#: makes its tests slow too.
SLOW_FIXTURES = {
    "run_provbook": "runs the provbook command in a subprocess (it executes notebooks and "
    "builds books)",
    "execute_notebooks": "executes notebooks in-process (papermill, a kernel)",
    "build_books": "builds a book itself (jupyter-book, Sphinx, the PDF)",
    "default_book": "builds the real default book (once per run, into a copy of the checkout)",
    "chromium": "starts a browser",
    "every_chapter_figure": "draws every figure of the 63 chapters in-process (minutes)",
    "vietnamese_default_figures": "draws the figures of the default chapters in Vietnamese "
    "in-process (five provinces, their five 2025 provinces, the comparison: about 25 s)",
}

#: Programs and ``python -m`` modules that execute notebooks, build books or start browsers.
SLOW_PROGRAMS = {
    "provbook": "runs the provbook command",
    "jupyter-book": "builds a book",
    "jb": "builds a book",
    "sphinx-build": "builds a book",
    "papermill": "executes a notebook",
    "chromium": "starts a browser",
    "chromium-browser": "starts a browser",
    "google-chrome": "starts a browser",
}
SLOW_MODULES = {
    "provbook": "runs the provbook command",
    "provbook.cli": "runs the provbook command",
    "provbook.sphinx.sphinx_speed": "builds a book",
    "provbook.publish.pdf": "prints the book with a browser",
    "jupyter_book": "builds a book",
    "sphinx": "builds a book",
    "papermill": "executes a notebook",
    "ipykernel_launcher": "starts a kernel (executes a notebook)",
    "ipykernel": "starts a kernel (executes a notebook)",
}

_state: dict = {"item": None, "patched": set()}


def _is_slow(item) -> bool:
    return item.get_closest_marker("slow") is not None


def mark_by_fixture(items) -> None:
    """Mark ``slow`` every test whose fixtures (with those they use) include a slow one."""
    for item in items:
        if set(getattr(item, "fixturenames", ())) & SLOW_FIXTURES.keys():
            item.add_marker(pytest.mark.slow)


def refuse(what: str, how: str) -> None:
    """Fail the running test if it is fast: it must not do ``what`` (through ``how``)."""
    item = _state["item"]
    if item is None or _is_slow(item):
        return
    fixtures = ", ".join(SLOW_FIXTURES)
    message = (
        f"{item.nodeid}: this test {what} ({how}) but is in the fast tier, which runs no "
        f"notebook, no book build and no browser. Use a fixture of tests/tiers.py SLOW_FIXTURES "
        f"({fixtures}) so that it runs in the slow tier, or keep it fast (in-process, e.g. "
        "provbook.cli.main([...]) for what fails at validation)."
    )
    item.stash.setdefault(_violations, []).append(message)
    pytest.fail(message, pytrace=False)


_violations = pytest.StashKey[list]()
_reported = pytest.StashKey[bool]()


def slow_command(args) -> tuple[str, str] | None:
    """(what it does, the command) when ``args`` start a slow program, else None."""
    if isinstance(args, (str, bytes, os.PathLike)):
        text = os.fsdecode(args)
        try:
            words = shlex.split(text)
        except ValueError:
            words = text.split()
    else:
        words = [os.fsdecode(a) for a in args]
    if not words:
        return None
    shown = " ".join(words[:4])
    program = os.path.basename(words[0])
    if program in SLOW_PROGRAMS:
        return SLOW_PROGRAMS[program], shown
    if "-m" in words[:-1]:
        module = words[words.index("-m") + 1]
        if module in SLOW_MODULES:
            return SLOW_MODULES[module], shown
    return None


def _guard(owner, name: str, what: str, how: str) -> None:
    original = getattr(owner, name)

    def guarded(*args, **kwargs):
        refuse(what, how)
        return original(*args, **kwargs)

    guarded.__wrapped__ = original
    setattr(owner, name, guarded)


def _guard_popen() -> None:
    import subprocess

    original = subprocess.Popen.__init__

    def __init__(self, args, *rest, **kwargs):
        found = slow_command(args)
        if found:
            refuse(found[0], f"a subprocess: {found[1]}")
        original(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = __init__


#: Entry points guarded once their module is imported: (module, owner, attribute, what it does).
IN_PROCESS = [
    ("papermill", "papermill", "execute_notebook", "executes a notebook"),
    ("nbclient.client", "NotebookClient", "async_execute", "executes a notebook"),
    ("sphinx.application", "Sphinx", "build", "builds a book"),
    ("playwright.sync_api", "BrowserType", "launch", "starts a browser"),
    ("playwright.sync_api", "BrowserType", "launch_persistent_context", "starts a browser"),
]


def install_guards() -> None:
    """Guard the entry points whose modules are imported by now (called before each test)."""
    if "popen" not in _state["patched"]:
        _guard_popen()
        _state["patched"].add("popen")
    for module, owner, name, what in IN_PROCESS:
        key = f"{module}:{owner}.{name}"
        if key in _state["patched"] or module not in sys.modules:
            continue
        holder = sys.modules[module]
        target = holder if owner == module else getattr(holder, owner)
        how = f"{module}.{name}" if owner == module else f"{owner}.{name}"
        _guard(target, name, what, how)
        _state["patched"].add(key)


#: Seconds each of the slow tier's longest files took (``--durations=0``, summed per file, 2
#: processes on 2 cores; 2026-12-04). A scheduling hint only: the files run longest first, so
#: that the two processes end together instead of one running a 2-minute file alone at the end
#: (xdist's own order, by number of tests, put the one-test injection file last). A stale figure
#: costs time, never a result; files not listed keep their order after these.
LONGEST_FILES = {
    "tests/test_pipeline.py": 115,
    "tests/test_layout_sweep.py": 101,
    "tests/test_injection.py": 96,
    "tests/browser/test_book_in_browser.py": 96,
    "tests/test_four_sources.py": 57,  # with test_add_province: one build, whoever comes first
    "tests/test_safety.py": 50,
    "tests/test_invalidation.py": 44,
    "tests/test_trusted_state.py": 32,
    "tests/test_sixth_province.py": 28,
    "tests/test_environment.py": 24,
    "tests/test_unit_chapter.py": 19,
    "tests/test_build_trust.py": 17,
    "tests/test_comparative_notebook.py": 15,
    "tests/test_unit_notebook.py": 15,
    "tests/test_cluster.py": 14,
    "tests/test_template_routes.py": 14,
}


def longest_first(items) -> None:
    """Order the items by :data:`LONGEST_FILES`, longest file first; a file's own tests keep
    their order (the sort is stable). The Makefile turns xdist's reordering off
    (``--no-loadscope-reorder``) so that this order is the one the processes take files in."""
    items.sort(key=lambda item: -LONGEST_FILES.get(item.nodeid.split("::")[0], 0))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    mark_by_fixture(items)  # before `-m "not slow"` deselects
    longest_first(items)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    install_guards()
    _state["item"] = item
    try:
        yield
    finally:
        _state["item"] = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A fast test that caught the guard's failure still fails."""
    outcome = yield
    report = outcome.get_result()
    found = item.stash.get(_violations, [])
    if found and report.passed and not item.stash.get(_reported, False):
        report.outcome = "failed"
        report.longrepr = found[0]
    if found and report.failed:
        item.stash[_reported] = True  # once per test
