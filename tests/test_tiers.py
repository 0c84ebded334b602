"""The two tiers (tests/tiers.py): slow by fixture, and a fast test that builds fails loudly.

Each case runs a tiny test file in-process with pytester, under the same hooks as this suite; the
commands the inner tests "start" do not exist or are refused before they start, so this is fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tiers

pytest_plugins = ["pytester"]

CONFTEST = """
import pytest
from tiers import (  # noqa: F401
    pytest_collection_modifyitems,
    pytest_runtest_makereport,
    pytest_runtest_protocol,
)

@pytest.fixture(scope="session")
def run_provbook():
    return None

@pytest.fixture(scope="module")
def small_book(run_provbook):
    return "built"
"""

#: A command that looks like `provbook build` but does not exist: refused in the fast tier,
#: FileNotFoundError in the slow one (nothing is ever built).
COMMAND = 'subprocess.run(["/nonexistent/bin/provbook", "build"], check=False)'


@pytest.fixture
def inner(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n")
    return pytester


def test_a_test_using_a_slow_fixture_or_one_built_on_it_is_marked_slow(inner):
    inner.makepyfile(
        """
        def test_direct(run_provbook):
            pass

        def test_through_a_module_fixture(small_book):
            pass

        def test_fast():
            pass
        """
    )
    fast = inner.runpytest_inprocess("-m", "not slow", "-p", "no:cacheprovider")
    fast.assert_outcomes(passed=1, deselected=2)
    slow = inner.runpytest_inprocess("-m", "slow", "-p", "no:cacheprovider")
    slow.assert_outcomes(passed=2, deselected=1)


def test_a_fast_test_that_starts_a_build_fails_and_names_the_fixtures(inner):
    inner.makepyfile(
        f"""
        import subprocess

        import pytest

        def test_fast_builds():
            {COMMAND}

        def test_fast_hides_it():
            try:
                {COMMAND}
            except BaseException:
                pass

        def test_slow_may(run_provbook):
            with pytest.raises(FileNotFoundError):  # it really tried: not refused
                {COMMAND}
        """
    )
    result = inner.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*test_fast_builds: this test runs the provbook command (a subprocess: "
            "/nonexistent/bin/provbook build) but is in the fast tier*run_provbook*",
        ]
    )
    assert "test_fast_hides_it: this test runs the provbook command" in result.stdout.str()


def test_a_fast_test_that_executes_a_notebook_in_process_fails(inner):
    inner.makepyfile(
        """
        import papermill

        def test_fast_executes(tmp_path):
            papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(tmp_path / "out.ipynb"))
        """
    )
    result = inner.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*this test executes a notebook (papermill.execute_notebook)*"])


@pytest.mark.parametrize(
    "args, what",
    [
        (["/venv/bin/provbook", "build", "--root", "x"], "runs the provbook command"),
        ("jupyter-book build book", "builds a book"),
        (["python", "-m", "provbook.sphinx.sphinx_speed", "--jobs", "2"], "builds a book"),
        (["python", "-m", "sphinx", "-b", "html"], "builds a book"),
        (["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "k.json"], "starts a kernel"),
        (["/usr/bin/chromium", "--headless"], "starts a browser"),
        (["papermill", "a.ipynb", "b.ipynb"], "executes a notebook"),
        (["git", "status"], None),
        (["python", "-m", "pytest", "-q"], None),
        (["sleep", "60"], None),
        ("true", None),
    ],
)
def test_which_commands_count_as_slow(args, what):
    found = tiers.slow_command(args)
    if what is None:
        assert found is None
    else:
        assert found[0].startswith(what)


def test_built_once_makes_a_shared_folder_once_and_again_after_a_failure(tmp_path_factory):
    """The default and toy books are built by the first process that asks (tests/conftest.py);
    the others get the same folder, and a build that failed is not taken for a built one."""
    from conftest import built_once

    made = []

    def make(folder):
        made.append(folder)
        folder.mkdir()

    def fail(folder):
        folder.mkdir()
        raise RuntimeError("the build failed")

    first = built_once(tmp_path_factory, f"book-{id(made)}", make)
    assert built_once(tmp_path_factory, f"book-{id(made)}", make) == first and made == [first]
    with pytest.raises(RuntimeError):
        built_once(tmp_path_factory, f"failed-{id(made)}", fail)
    again = built_once(tmp_path_factory, f"failed-{id(made)}", make)
    assert made == [first, again] and again.is_dir()


class _Item:
    def __init__(self, nodeid: str):
        self.nodeid = nodeid


def test_the_longest_files_go_first_and_each_file_keeps_its_order():
    names = [
        "tests/test_text.py::test_a",
        "tests/test_injection.py::test_one",
        "tests/test_text.py::test_b",
        "tests/test_pipeline.py::test_first",
        "tests/test_pipeline.py::test_second",
    ]
    items = [_Item(n) for n in names]
    tiers.longest_first(items)
    assert [i.nodeid for i in items] == [
        "tests/test_pipeline.py::test_first",
        "tests/test_pipeline.py::test_second",
        "tests/test_injection.py::test_one",
        "tests/test_text.py::test_a",
        "tests/test_text.py::test_b",
    ]


def test_the_scheduling_hint_names_files_that_exist():
    root = Path(__file__).resolve().parents[1]
    missing = [name for name in tiers.LONGEST_FILES if not (root / name).is_file()]
    assert not missing, f"tests/tiers.py LONGEST_FILES names files that are gone: {missing}"


def test_the_makefile_keeps_xdist_from_reordering_the_slow_files():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    runs = [line for line in makefile.splitlines() if "pytest -q -m slow" in line]
    assert runs and all("--no-loadscope-reorder" in line for line in runs), runs
