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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from provbook.build import editions, signals, stamps
from provbook.build.folders import VI_FOLDER, Project, remove_tree

#: Options of every jupyter-book run: any warning fails the build.
JUPYTER_BOOK_OPTIONS = ["-W", "-n", "--keep-going"]
#: Sphinx colours its progress lines even into a pipe.
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def generate_pages(project: Project, lang: str = "en") -> None:
    """Pages made from data/ (bibliography, data appendix, the intro's list of provinces and its
    PDF line), written in the edition's language into its ``_generated/`` (book/_generated/,
    book/vi/_generated/) before Sphinx reads the book. Each edition carries the data download
    (the same bytes), so that its appendix links it inside its own site."""
    from provbook.datapackage.data import describe_package
    from provbook.publish.bib import write_bibliography
    from provbook.publish.package_zip import ZIP_NAME, write_zip
    from provbook.publish.provinces_page import provinces_page

    generated = project.edition_book(lang) / "_generated"
    write_bibliography(project.data_dir / "sources.csv", generated / "references.bib", lang)
    # The data package as the site's download, linked from the appendix (same bytes for the
    # same data, so an unchanged build stays unchanged).
    package = write_zip(project.data_dir, generated / ZIP_NAME)
    _write_if_changed(
        generated / "data_appendix.md",
        describe_package(project.data_dir, download=package, lang=lang),
    )
    _write_if_changed(generated / "provinces.md", provinces_page(project.data_dir, lang))
    _write_if_changed(generated / "pdf_note.md", pdf_note(project, lang))


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


def source_digest(project: Project, lang: str = "en") -> dict:
    """Everything an edition's HTML is made from: every file of its book (contents; the English
    one without book/vi/), its configuration, the jupyter-book command and the versions of the
    tools that render it."""
    from importlib.metadata import version

    source = project.edition_source(lang)
    files = [source / "_config.yml", source / "_toc.yml"]
    # Through the staged edition's links (Path.rglob does not follow a linked folder).
    for folder, names, found in os.walk(source / "book", followlinks=True):
        if lang == "en" and Path(folder) == source / "book" and VI_FOLDER in names:
            names.remove(VI_FOLDER)
        files += [Path(folder, n) for n in found if not n.startswith(".")]
    contents = {
        str(path.relative_to(source)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(files)
    }
    tools = {name: version(name) for name in ("jupyter-book", "sphinx", "myst-nb")}
    # provbook's own Sphinx extensions, their templates and words: a change there changes pages.
    extensions = Path(__file__).parents[1] / "sphinx"
    contents |= {
        f"provbook/sphinx/{path.relative_to(extensions).as_posix()}": hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(extensions.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    return {"files": contents, "command": JUPYTER_BOOK_OPTIONS, "tools": tools}


def sphinx_jobs(jobs: int) -> int:
    """Sphinx processes for a build of ``jobs`` CPUs. Sphinx writes pages with one process fewer
    than it is given while its main process resolves each page for them, so its writers wait
    on it: twice the CPUs keeps them busy (full book on 2 cores: 23.2 s with 2 processes, 20.4
    with 3, 18.8-20.2 with 4, 19.3 with 6). One CPU stays one process."""
    return 1 if jobs <= 1 else 2 * jobs


def build_html(
    project: Project,
    log: Callable[[str], None] = print,
    jobs: int = 1,
    langs: list[str] | None = None,
) -> bool:
    """Build each edition of ``langs`` (default: every edition the site has) with execution off
    into a fresh staging folder, then swap the whole site in at once; False if nothing any of
    them is made from changed since its last successful build (the site is kept).

    Sphinx's incremental build is not used: it publishes a different site than a clean build
    (glossary terms leave the search index) and a build killed after reading a page would let
    the next one pass ``-W`` without that page's warning. An edition's stamp of its published
    sources is removed before Sphinx starts and written after the swap, so only a finished,
    warning-free build can make a later one skip Sphinx. The editions' Sphinx runs go on at the
    same time, sharing the Sphinx processes one edition would have (:func:`editions_processes`):
    their serial phases overlap. A failed
    run leaves the previous ``html`` as it was, both editions. An edition not in ``langs`` keeps
    its published pages (``--lang en`` leaves vi/ as it was).
    """
    langs = list(langs or editions.langs_for(project, "all"))
    stale: dict[str, dict] = {}
    for lang in langs:
        generate_pages(project, lang)
        editions.stage(project, lang)
        sources = source_digest(project, lang)
        published = stamps.read_stamp(project.html_stamp_for(lang))  # {} when missing: build
        if published.get("sources") == sources and isinstance(published.get("site"), dict):
            damaged = site_differences(published["site"], edition_hashes(project, lang))
            if not damaged:
                log(f"  HTML ({lang}) is up to date: no page, configuration or tool changed")
                continue
            log(
                f"  The published {lang} site was changed since the last build ({damaged}): "
                "rebuilding it"
            )
        stale[lang] = sources
    if not stale:
        log("  HTML is up to date: no page, configuration or tool changed since the last build")
        return False
    for lang in stale:
        project.html_stamp_for(lang).unlink(missing_ok=True)
    built = run_sphinx(project, list(stale), log, jobs)
    try:
        publish(project, built)
    finally:
        for staging in (project.staging_for(lang) for lang in stale):
            shutil.rmtree(staging, ignore_errors=True)
    for lang, sources in stale.items():
        site = edition_hashes(project, lang)
        stamps.write_stamp(project.html_stamp_for(lang), {"sources": sources, "site": site})
    return True


def editions_processes(jobs: int, editions_count: int) -> int:
    """Sphinx processes for each of ``editions_count`` editions built side by side on ``jobs``
    CPUs: one edition's share (:func:`sphinx_jobs`), at least one. Measured on the default book,
    2 cores shared with other builds, Sphinx alone: on a loaded machine (5 runs each, mean)
    English alone 9.6 s, both side by side with 4 processes each 17.0 s, with 2 each 13.7 s;
    quieter (2 runs each) English alone 3.7-5.3 s, both with 4 each 5.2-5.8 s, with 2 each
    4.7-4.9 s, one after the other 7.1-7.2 s."""
    return max(1, sphinx_jobs(jobs) // editions_count)


def sphinx_command(project: Project, lang: str, processes: int) -> list[str]:
    """Jupyter Book's own command, with Sphinx reading and writing with ``processes``."""
    return [
        sys.executable,
        "-m",
        "provbook.sphinx.sphinx_speed",
        "--jobs",
        str(processes),
        "build",
        str(project.edition_source(lang)),
        "--path-output",
        str(project.staging_for(lang)),
        *JUPYTER_BOOK_OPTIONS,
    ]


def run_sphinx(
    project: Project, langs: list[str], log: Callable[[str], None], jobs: int
) -> dict[str, Path]:
    """Run the editions' Sphinx builds side by side; each edition's built HTML folder. Any
    failure stops the others, removes every staging folder and raises, naming the edition."""
    processes = {}
    try:
        for lang in langs:
            shutil.rmtree(project.staging_for(lang), ignore_errors=True)
            processes[lang] = subprocess.Popen(
                sphinx_command(project, lang, editions_processes(jobs, len(langs))),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                cwd=project.edition_source(lang),
                preexec_fn=signals.die_with_parent(),  # noqa: PLW1509 - only prctl runs in it
            )
        with ThreadPoolExecutor(max_workers=len(processes)) as pool:
            results = dict(
                zip(
                    processes,
                    pool.map(
                        lambda item: _follow(item[1], item[0], len(langs) > 1, log),
                        processes.items(),
                    ),
                    strict=True,
                )
            )
    except BaseException:
        for process in processes.values():
            process.kill()  # interrupted: Sphinx must not go on writing into staging
            process.wait()
        for lang in langs:
            shutil.rmtree(project.staging_for(lang), ignore_errors=True)
        raise
    failed = {lang: result for lang, result in results.items() if result[0] != 0}
    if failed:
        for lang in langs:
            shutil.rmtree(project.staging_for(lang), ignore_errors=True)
        messages = []
        for lang, (returncode, lines) in failed.items():
            problems = [line for line in lines if re.search(r"WARNING|ERROR|Error|Exception", line)]
            detail = "\n".join(problems[-40:] or lines[-40:])
            messages.append(
                f"jupyter-book build of the {lang} edition failed (exit {returncode}):\n{detail}"
            )
        raise RuntimeError("\n".join(messages))
    return {lang: project.staging_for(lang) / "_build" / "html" for lang in langs}


def _follow(
    process: subprocess.Popen, lang: str, named: bool, log: Callable[[str], None]
) -> tuple[int, list[str]]:
    """Read a Sphinx run's output to its end: its exit status and its lines; progress shown in
    steps of a quarter (prefixed with the edition when several run)."""
    lines = []
    shown: dict[str, int] = {}
    prefix = f"[{lang}] " if named else ""
    assert process.stdout is not None
    for line in process.stdout:
        line = ANSI_COLOUR.sub("", line).rstrip()
        lines.append(line)
        progress = re.search(r"(reading sources|writing output)\.\.\. \[\s*(\d+)%\]", line)
        if progress and int(progress[2]) >= shown.get(progress[1], -25) + 25:
            shown[progress[1]] = int(progress[2])
            log("  " + prefix + line.strip())
    return process.wait(), lines


def publish(project: Project, built: dict[str, Path]) -> None:
    """Swap the new site in at once: the built editions, and the published pages of the editions
    not built this time. Never a half-written site: assembled beside it, then two renames."""
    html = project.html_dir
    fresh = html.with_name(html.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        if "en" in built:
            shutil.copytree(built["en"], fresh)
        elif html.is_dir():
            shutil.copytree(
                html, fresh, ignore=lambda folder, names: _editions_in(html, folder, names)
            )
        for lang in editions.LANGS[1:]:
            if lang in built:
                shutil.rmtree(fresh / lang, ignore_errors=True)
                shutil.copytree(built[lang], fresh / lang)
            elif (html / lang).is_dir() and project.has_edition(lang):
                shutil.rmtree(fresh / lang, ignore_errors=True)
                shutil.copytree(html / lang, fresh / lang)
    except OSError as exc:  # disk full: give the space back, say it once
        shutil.rmtree(fresh, ignore_errors=True)
        for folder in built.values():
            shutil.rmtree(folder.parent.parent, ignore_errors=True)
        raise OSError(f"could not copy the new site into {fresh}: {first_error(exc)}") from None
    old = html.with_name(html.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if html.exists():
        os.replace(html, old)
    os.replace(fresh, html)
    remove_tree(old)


def _editions_in(html: Path, folder: str, names: list[str]) -> list[str]:
    """The other editions' folders at the site's root: not part of the English site."""
    return [n for n in names if n in editions.LANGS[1:]] if Path(folder) == html else []


def edition_hashes(project: Project, lang: str) -> dict[str, str]:
    """Every file of an edition's published pages (the English ones without vi/)."""
    found = site_hashes(project.edition_html(lang))
    if lang != "en":
        return found
    other = tuple(f"{name}/" for name in editions.LANGS[1:])
    return {name: digest for name, digest in found.items() if not name.startswith(other)}


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
