"""The HTML step's wrapper: parallel Sphinx publishes the same site, and stays serial (without a
warning that -W would turn into an error) when a book loads an extension that did not say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from provbook import sphinx_speed

PAGES = 8  # Sphinx reads in parallel only above 5 pages

BIB = """@book{smith2020,
  title = {A Book on Provinces},
  author = {Smith, Jane},
  year = {2020},
  publisher = {Publisher}
}
"""


def make_book(root: Path, extra_extension: str | None = None) -> Path:
    (root / "pages").mkdir(parents=True)
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "intro.md").write_text("# Test book\n\nSee {cite}`smith2020`.\n", encoding="utf-8")
    for n in range(PAGES):
        (root / "pages" / f"p{n}.md").write_text(
            f"# Page {n}\n\nText of page {n} citing {{cite}}`smith2020`.\n\n"
            f"```{{glossary}}\nterm{n}\n  Meaning {n}.\n```\n",
            encoding="utf-8",
        )
    (root / "ending.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
    extensions = ["sphinxcontrib.bibtex", "provbook.sphinx_speed"]
    if extra_extension:
        (root / f"{extra_extension}.py").write_text(
            "def setup(app):\n    return {'version': '1'}\n", encoding="utf-8"
        )
        extensions.append(extra_extension)
    (root / "_config.yml").write_text(
        "title: Test book\nauthor: tests\nonly_build_toc_files: true\n"
        "execute:\n  execute_notebooks: 'off'\n"
        "bibtex_bibfiles:\n  - refs.bib\n"
        "sphinx:\n"
        + ("  local_extensions:\n    " + f"{extra_extension}: ./\n" if extra_extension else "")
        + "  extra_extensions:\n"
        + "".join(f"    - {e}\n" for e in extensions if e != extra_extension),
        encoding="utf-8",
    )
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - glob: pages/*\n  - file: ending\n",
        encoding="utf-8",
    )
    return root


def build(root: Path, out: Path, jobs: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "provbook.sphinx_speed", "--jobs", str(jobs), "build", str(root)]
        + ["--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def read_in_chunks(stdout: str) -> bool:
    """Parallel Sphinx reports its reading in chunks ("first .. last"), serial page by page."""
    return any("reading sources" in line and " .. " in line for line in stdout.splitlines())


def site_files(out: Path) -> dict[str, bytes]:
    html = out / "_build" / "html"
    files = sorted(p for p in html.rglob("*") if p.is_file())
    return {str(p.relative_to(html)): p.read_bytes() for p in files}


def test_parallel_build_publishes_the_serial_site(tmp_path: Path):
    book = make_book(tmp_path / "book")
    serial = build(book, tmp_path / "serial", jobs=1)
    assert serial.returncode == 0, serial.stdout + serial.stderr
    parallel = build(book, tmp_path / "parallel", jobs=2)
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert read_in_chunks(parallel.stdout) and not read_in_chunks(serial.stdout)
    assert "doing serial read" not in parallel.stdout + parallel.stderr
    one, two = site_files(tmp_path / "serial"), site_files(tmp_path / "parallel")
    assert len(one) > PAGES and one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert b"term3" in one["searchindex.js"]  # glossary terms reach the index either way


def test_undeclared_extension_keeps_sphinx_serial_without_a_warning(tmp_path: Path):
    book = make_book(tmp_path / "book", extra_extension="silent_extension")
    result = build(book, tmp_path / "out", jobs=2)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert not read_in_chunks(result.stdout)
    assert (tmp_path / "out" / "_build" / "html" / "pages" / "p7.html").exists()


def test_pybtex_plugin_lookup_is_cached():
    import pybtex.plugin

    sphinx_speed.cache_pybtex_plugins()
    sphinx_speed.cache_pybtex_plugins()  # twice: still one cache, not a cache of a cache
    first = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is first
    info = pybtex.plugin._load_entry_point.cache_info()
    assert info.hits >= 1
    assert not hasattr(pybtex.plugin._load_entry_point.__wrapped__, "cache_info")
