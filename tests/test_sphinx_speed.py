"""The HTML step's wrapper: parallel Sphinx publishes the same site, and stays serial (without a
warning that -W would turn into an error) when a book loads an extension that did not say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from provbook.sphinx import sphinx_speed

PAGES = 8  # Sphinx reads in parallel only above 5 pages

BIB = """@book{smith2020,
  title = {A Book on Provinces},
  author = {Smith, Jane},
  year = {2020},
  publisher = {Publisher}
}
"""


#: A 1x1 PNG, the image of every figure.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f2"
    "b1a20000000049454e44ae426082"
)


def make_book(root: Path, extra_extension: str | None = None, speed_extension: bool = True) -> Path:
    """Pages that cite, define glossary terms and number figures referenced from other pages."""
    (root / "pages").mkdir(parents=True)
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "pixel.png").write_bytes(PIXEL)
    (root / "intro.md").write_text("# Test book\n\nSee {cite}`smith2020`.\n", encoding="utf-8")
    for n in range(PAGES):
        (root / "pages" / f"p{n}.md").write_text(
            f"# Page {n}\n\nText of page {n} citing {{cite}}`smith2020`.\n\n"
            f"```{{figure}} ../pixel.png\n:name: fig-p{n}\n\nFigure of page {n}.\n```\n\n"
            f"{{numref}}`fig-p{n}` is here, {{numref}}`fig-p{(n + 1) % PAGES}` on another page.\n\n"
            f"```{{glossary}}\nterm{n}\n  Meaning {n}.\n```\n",
            encoding="utf-8",
        )
    (root / "ending.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
    extensions = ["sphinxcontrib.bibtex"] + (
        ["provbook.sphinx.sphinx_speed"] if speed_extension else []
    )
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


def build(root: Path, out: Path, jobs: int | None) -> subprocess.CompletedProcess:
    """Through the wrapper with ``jobs``; None: Jupyter Book's own command."""
    command = (
        [str(Path(sys.executable).with_name("jupyter-book"))]
        if jobs is None
        else [sys.executable, "-m", "provbook.sphinx.sphinx_speed", "--jobs", str(jobs)]
    )
    return subprocess.run(
        [*command, "build", str(root), "--path-output", str(out), "-W", "-n", "--keep-going"],
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
    # .buildinfo holds a hash of the configuration, which lists different extensions.
    files = sorted(p for p in html.rglob("*") if p.is_file() and p.name != ".buildinfo")
    return {str(p.relative_to(html)): p.read_bytes() for p in files}


def test_wrapper_publishes_the_site_of_plain_jupyter_book(build_books, tmp_path: Path):
    """Parallel pages, cached pybtex plug-ins and numref documents change no byte."""
    plain_book = make_book(tmp_path / "plain-book", speed_extension=False)
    plain = build(plain_book, tmp_path / "plain", jobs=None)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    book = make_book(tmp_path / "book")
    for jobs in (1, 2):
        fast = build(book, tmp_path / f"jobs{jobs}", jobs=jobs)
        assert fast.returncode == 0, fast.stdout + fast.stderr
        assert read_in_chunks(fast.stdout) == (jobs == 2)
        assert "doing serial read" not in fast.stdout + fast.stderr
    one = site_files(tmp_path / "plain")
    assert len(one) > PAGES
    for jobs in (1, 2):
        other = site_files(tmp_path / f"jobs{jobs}")
        assert one.keys() == other.keys()
        assert [name for name in one if one[name] != other[name]] == []
    page = one["pages/p3.html"].decode("utf-8")
    assert "Fig. 4" in page and "Fig. 5" in page  # its own figure and the next page's
    assert b"term3" in one["searchindex.js"]  # glossary terms reach the index either way


def test_undeclared_extension_keeps_sphinx_serial_without_a_warning(build_books, tmp_path: Path):
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
