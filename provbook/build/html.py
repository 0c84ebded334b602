"""The HTML step of a build: the pages made from data/, then jupyter-book with execution off.

The site is built into a staging folder and swapped in only when Sphinx finished without a
warning; a stamp of everything the site is made from lets an unchanged build skip Sphinx.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from provbook.build import signals, stamps
from provbook.build.folders import Project, remove_tree

#: Options of every jupyter-book run: any warning fails the build.
JUPYTER_BOOK_OPTIONS = ["-W", "-n", "--keep-going"]
#: Sphinx colours its progress lines even into a pipe.
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def generate_pages(project: Project, lang: str = "en") -> None:
    """Pages made from data/ (bibliography, data appendix, the intro's list of provinces), written
    before Sphinx reads the book. ``lang`` is the edition: English pages go to
    book/_generated/, Vietnamese ones to book/vi/_generated/ (its bibliography and data
    appendix; the appendix links the one data download of book/_generated/)."""
    from provbook.datapackage.data import describe_package
    from provbook.publish.bib import write_bibliography
    from provbook.publish.package_zip import ZIP_NAME, write_zip

    generated = project.book_dir / "_generated"
    # The data package as the site's download, linked from the appendix (same bytes for the
    # same data, so an unchanged build stays unchanged).
    package = write_zip(project.data_dir, generated / ZIP_NAME)
    if lang != "en":
        pages = project.book_dir / lang / "_generated"
        write_bibliography(project.data_dir / "sources.csv", pages / "references.bib", lang)
        link = os.path.relpath(package, pages).replace(os.sep, "/")
        appendix = describe_package(project.data_dir, download=package, lang=lang, link=link)
        _write_if_changed(pages / "data_appendix.md", appendix)
        return
    from provbook.publish.provinces_page import provinces_page

    write_bibliography(project.data_dir / "sources.csv", generated / "references.bib")
    _write_if_changed(
        generated / "data_appendix.md", describe_package(project.data_dir, download=package)
    )
    _write_if_changed(generated / "provinces.md", provinces_page(project.data_dir))
    _write_if_changed(generated / "pdf_note.md", pdf_note(project))


#: Where `make pdf` (provbook.publish.pdf) writes the whole book; the intro links it once it exists.
PDF_PATH = Path("_build") / "pdf" / "book.pdf"


def pdf_note(project: Project, lang: str = "en") -> str:
    """The intro's line on the PDF: a download link when `make pdf` has made one (Sphinx copies
    it into the site), else how to make it. The size is in the text: a new PDF changes the page.
    The PDF is of the English edition (the Vietnamese intro says so)."""
    from provbook.text import number
    from provbook.words import say

    pdf = project.site / PDF_PATH
    if pdf.is_file():
        size = number(pdf.stat().st_size / 1e6, 1, lang=lang)
        return say("pages.pdf.made", lang, path=PDF_PATH.as_posix(), size=size) + "\n"
    return say("pages.pdf.how", lang) + "\n"


def _write_if_changed(path: Path, text: str) -> None:
    """Leave unchanged pages alone so Sphinx's incremental build skips them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def source_digest(project: Project) -> dict:
    """Everything the HTML is made from: every file under book/ (contents), the book
    configuration, the jupyter-book command and the versions of the tools that render it."""
    from importlib.metadata import version

    files = [project.site / "_config.yml", project.site / "_toc.yml"]
    files += [p for p in project.book_dir.rglob("*") if p.is_file() and not p.name.startswith(".")]
    contents = {
        str(path.relative_to(project.site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(files)
    }
    tools = {name: version(name) for name in ("jupyter-book", "sphinx", "myst-nb")}
    return {"files": contents, "command": JUPYTER_BOOK_OPTIONS, "tools": tools}


def sphinx_jobs(jobs: int) -> int:
    """Sphinx processes for a build of ``jobs`` CPUs. Sphinx writes pages with one process fewer
    than it is given while its main process resolves each page for them, so its writers wait
    on it: twice the CPUs keeps them busy (full book on 2 cores: 23.2 s with 2 processes, 20.4
    with 3, 18.8-20.2 with 4, 19.3 with 6). One CPU stays one process."""
    return 1 if jobs <= 1 else 2 * jobs


def build_html(project: Project, log: Callable[[str], None] = print, jobs: int = 1) -> bool:
    """Build the site with execution off into a fresh staging folder, then swap it in; False if
    nothing it is made from changed since the last successful build (the site is kept).

    Sphinx's incremental build is not used: it publishes a different site than a clean build
    (glossary terms leave the search index) and a build killed after reading a page would let
    the next one pass ``-W`` without that page's warning. The stamp of the published sources is
    removed before Sphinx starts and written after the swap, so only a finished, warning-free
    build can make a later one skip Sphinx. A failed run leaves the previous ``html`` as it was.
    With ``jobs`` (CPUs) above 1 Sphinx reads and writes pages in parallel
    (provbook.sphinx.sphinx_speed,
    :func:`sphinx_jobs`); the site is the same.
    """
    generate_pages(project)
    staging = project.staging_dir
    stamp = project.html_stamp
    sources = source_digest(project)
    published = stamps.read_stamp(stamp)  # {} when missing or unreadable: build
    if published.get("sources") == sources and isinstance(published.get("site"), dict):
        damaged = site_differences(published["site"], site_hashes(project.html_dir))
        if not damaged:
            log("  HTML is up to date: no page, configuration or tool changed since the last build")
            return False
        log(f"  The published site was changed since the last build ({damaged}): rebuilding it")
    stamp.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    # Jupyter Book's own command, with Sphinx reading and writing ``jobs`` pages at a time.
    command = [
        sys.executable,
        "-m",
        "provbook.sphinx.sphinx_speed",
        "--jobs",
        str(sphinx_jobs(jobs)),
        "build",
        str(project.site),
        "--path-output",
        str(staging),
        *JUPYTER_BOOK_OPTIONS,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=project.site,
        preexec_fn=signals.die_with_parent(),  # noqa: PLW1509 - only prctl runs in it
    )
    lines = []
    shown: dict[str, int] = {}  # progress per phase, shown in steps of a quarter
    try:
        assert process.stdout is not None
        for line in process.stdout:
            line = ANSI_COLOUR.sub("", line).rstrip()
            lines.append(line)
            progress = re.search(r"(reading sources|writing output)\.\.\. \[\s*(\d+)%\]", line)
            if progress and int(progress[2]) >= shown.get(progress[1], -25) + 25:
                shown[progress[1]] = int(progress[2])
                log("  " + line.strip())
        returncode = process.wait()
    except BaseException:
        process.kill()  # interrupted: Sphinx must not go on writing into staging
        process.wait()
        raise
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        problems = [line for line in lines if re.search(r"WARNING|ERROR|Error|Exception", line)]
        detail = "\n".join(problems[-40:] or lines[-40:])
        raise RuntimeError(f"jupyter-book build failed (exit {returncode}):\n{detail}")
    built = staging / "_build" / "html"
    fresh = project.html_dir.with_name(project.html_dir.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        shutil.copytree(built, fresh)
    except OSError as exc:  # disk full: give the space back, say it once
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise OSError(f"could not copy the new site into {fresh}: {first_error(exc)}") from None
    old = project.html_dir.with_name(project.html_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if project.html_dir.exists():
        os.replace(project.html_dir, old)
    os.replace(fresh, project.html_dir)
    remove_tree(old)
    stamps.write_stamp(stamp, {"sources": sources, "site": site_hashes(project.html_dir)})
    return True


def site_hashes(html: Path) -> dict[str, str]:
    """Every file of a published site and the hash of its content ({} when there is none)."""
    if not html.is_dir():
        return {}
    return {
        path.relative_to(html).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(html.rglob("*"))
        if path.is_file()
    }


def site_differences(recorded: dict[str, str], found: dict[str, str]) -> str:
    """What differs between the site a build published and the one on disk, in words; ""
    when they are the same."""
    kinds = {
        "missing": sorted(set(recorded) - set(found)),
        "changed": sorted(n for n in set(recorded) & set(found) if recorded[n] != found[n]),
        "added": sorted(set(found) - set(recorded)),
    }
    return "; ".join(
        f"{len(names)} {kind}: {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}"
        for kind, names in kinds.items()
        if names
    )


def first_error(exc: OSError) -> str:
    """One line for an OSError: copytree's shutil.Error lists every file that failed (tens of
    kilobytes on a full disk); its first failure and a count are enough."""
    failures = exc.args[0] if isinstance(exc, shutil.Error) and exc.args else None
    if isinstance(failures, list) and failures and len(failures[0]) == 3:
        more = f" (and {len(failures) - 1} more files)" if len(failures) > 1 else ""
        return f"{failures[0][2]}{more}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
