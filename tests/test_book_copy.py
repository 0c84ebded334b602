"""The slow tier's scenario tests start from a copy of the default book built once per run
(tests/conftest.py ``book_copy``): the copy must be as good as the book it was copied from, or
every scenario would quietly build the whole book again."""

from __future__ import annotations

import re
from pathlib import Path

from test_pipeline import _forget_last_build


def test_a_copy_of_the_built_default_book_executes_and_publishes_nothing_again(
    run_provbook, book_copy: Path
):
    """Hashes cover file contents and relative paths (provbook.build.inputs): the whole-build
    stamp holds in the copy; without it, every chapter is up to date and Sphinx does not run."""
    result = run_provbook("build", "--root", str(book_copy), "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing changed since the last build" in result.stdout, result.stdout
    _forget_last_build(book_copy)
    result = run_provbook("build", "--root", str(book_copy), "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert re.search(r"^Notebooks: 0 executed, [1-9]\d* up to date, 0 failed", out, re.M), out
    assert "HTML is up to date" in out, out
