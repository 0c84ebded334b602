"""The folders of a build: where it reads its sources and where it writes the book and the site.

:class:`Project` names them (the checkout, and a separate output folder for e.g. all 63
provinces); :func:`claim_site` refuses an output folder that is not the build's to fill;
:func:`clean_leftovers` and :func:`prune_chapters` leave ``book/`` and ``_build/`` as a finished
build of exactly the requested chapters would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from provbook.build import inputs
from provbook.build.writes import OutputRefused, file_kind
from provbook.datapackage import ids

PROVINCE_TEMPLATE = "notebooks/province.md"
COMPARATIVE_TEMPLATE = "notebooks/comparative.md"
#: The chapter of a province formed on 2025-07-01 (ids ``<slug>-2025``, see
#: provbook.datapackage.ids).
UNIT_TEMPLATE = "notebooks/unit.md"
#: Folder of the new provinces' chapters (their own part of the table of contents).
UNITS_FOLDER = "provinces_2025"
#: Marks a separate output folder as provbook's own, which a later build may overwrite.
SITE_MARKER = ".provbook-site"
#: The book's editions: English (its sources in book/, its site in _build/html/) first.
LANGS = ("en", "vi")
#: The Vietnamese edition's sources (book/vi/ mirrors book/ name for name), its table of
#: contents and its configuration overlay (merged over _config.yml, provbook.build.editions).
VI_FOLDER = "vi"
EDITION_CONFIG = {"vi": ("_toc.vi.yml", "_config.vi.yml")}


@dataclass(frozen=True)
class Project:
    """Where a build reads its sources and writes its outputs.

    ``site`` is the folder holding ``_config.yml``, ``_toc.yml`` and ``book/``: the repository
    itself for the default book, or a separate output folder (e.g. for all 63 provinces).
    """

    root: Path
    site: Path

    @classmethod
    def at(cls, root: Path, output: Path | None = None) -> Project:
        root = root.resolve()
        return cls(root, root if output is None else output.resolve())

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def book_dir(self) -> Path:
        return self.site / "book"

    @property
    def html_dir(self) -> Path:
        return self.site / "_build" / "html"

    @property
    def logs_dir(self) -> Path:
        """Kernel output of each notebook (start-up warnings, shutdown noise)."""
        return self.site / "_build" / "logs"

    @property
    def staging_dir(self) -> Path:
        """Where jupyter-book builds before the finished site is swapped into ``html``."""
        return self.site / "_build" / ".jupyter-book"

    @property
    def html_stamp(self) -> Path:
        """The sources of the published site, written only after a successful build."""
        return self.site / "_build" / ".provbook-html.json"

    @property
    def runtime_dir(self) -> Path:
        """The kernels' connection files during a build."""
        return self.site / "_build" / ".kernels"

    def edition_book(self, lang: str = "en") -> Path:
        """An edition's sources: book/ for English, book/vi/ for Vietnamese."""
        return self.book_dir if lang == "en" else self.book_dir / lang

    def edition_html(self, lang: str = "en") -> Path:
        """Where an edition is published: _build/html/ for English, _build/html/vi/ for
        Vietnamese (every page at the same relative path as its English twin)."""
        return self.html_dir if lang == "en" else self.html_dir / lang

    def edition_source(self, lang: str) -> Path:
        """The Sphinx project of an edition: the site itself for English; for another language
        a tree staged under _build/ whose book/ is book/<lang>/ plus what both share
        (provbook.build.editions), so that its URLs mirror the English ones."""
        return self.site if lang == "en" else self.site / "_build" / f".source-{lang}"

    def has_edition(self, lang: str) -> bool:
        """English always; another edition when the checkout has its table of contents (a
        separate output folder gets it from the checkout, :meth:`prepare_site`)."""
        return lang == "en" or (self.root / EDITION_CONFIG[lang][0]).is_file()

    def html_stamp_for(self, lang: str) -> Path:
        return (
            self.html_stamp
            if lang == "en"
            else self.html_stamp.with_name(f".provbook-html-{lang}.json")
        )

    def staging_for(self, lang: str) -> Path:
        return (
            self.staging_dir
            if lang == "en"
            else self.staging_dir.with_name(f".jupyter-book-{lang}")
        )

    def chapter_path(self, province: str, lang: str = "en") -> Path:
        folder = UNITS_FOLDER if ids.is_new(province) else "provinces"
        return self.edition_book(lang) / folder / f"{province}.ipynb"

    def comparative_in(self, lang: str = "en") -> Path:
        return self.edition_book(lang) / "comparative.ipynb"

    @property
    def comparative_path(self) -> Path:
        return self.comparative_in("en")

    def prepare_site(self) -> None:
        """Copy the authored pages and book configuration into a separate output folder."""
        if self.site == self.root:
            return
        self.book_dir.mkdir(parents=True, exist_ok=True)
        for name in ("_config.yml", "_toc.yml", *(n for p in EDITION_CONFIG.values() for n in p)):
            if (self.root / name).exists():
                shutil.copy2(self.root / name, self.site / name)
        for path in (self.root / "book").rglob("*"):
            relative = path.relative_to(self.root / "book")
            if relative.parts[0] == VI_FOLDER:  # the Vietnamese edition's book/vi/ mirrors book/
                relative = Path(*relative.parts[1:]) if len(relative.parts) > 1 else Path(".")
            if (
                path.is_dir()
                or relative.parts[:1] in (("provinces",), (UNITS_FOLDER,))
                or path.suffix == ".ipynb"
            ):
                continue
            relative = path.relative_to(self.root / "book")
            target = self.book_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def chapters_outside(project: Project, keep: Iterable[str]) -> list[Path]:
    """Executed chapters in book/ of provinces not in ``keep``: what a build of ``keep`` removes."""
    keep = set(keep)
    chapters = []
    for lang in LANGS:
        book = project.edition_book(lang)
        chapters += [*(book / "provinces").glob("*.ipynb"), *(book / UNITS_FOLDER).glob("*.ipynb")]
    return [path for path in sorted(chapters) if path.stem not in keep]


def prune_chapters(project: Project, keep: Iterable[str]) -> list[str]:
    """Delete executed chapters of provinces not in this build, so the TOC glob matches it."""
    removed = []
    for path in chapters_outside(project, keep):
        path.unlink()
        removed.append(path.stem)
    return removed


def clean_leftovers(project: Project) -> list[str]:
    """Remove what a killed build leaves (half-written notebooks, half-swapped sites, kernel
    connection files) and the previous build's kernel logs; what was removed, for the log."""
    removed = []
    for partial in sorted(project.book_dir.rglob(".*.part")):
        partial.unlink(missing_ok=True)
        removed.append(str(partial.relative_to(project.site)))
    html = project.html_dir
    old = html.with_name(html.name + ".old")
    if old.is_dir() and not html.exists():
        os.replace(old, html)  # killed between the two renames of the swap: put it back
    for folder in (html.with_name(html.name + ".new"), old, project.runtime_dir):
        if folder.exists():
            remove_tree(folder)
            removed.append(str(folder.relative_to(project.site)))
    shutil.rmtree(project.logs_dir, ignore_errors=True)  # logs are of the last build only
    return removed


def remove_tree(folder: Path) -> None:
    """Remove a folder a build made, also where someone made it read-only (``chmod -R a-w``):
    an entry can be removed once its folder is writable again. What still resists is left."""

    def make_writable(function, name, exc_info) -> None:
        if function not in (os.unlink, os.rmdir) or not isinstance(exc_info[1], PermissionError):
            return
        parent = os.path.dirname(name)
        with contextlib.suppress(OSError):
            os.chmod(parent, stat.S_IMODE(os.stat(parent).st_mode) | stat.S_IRWXU)
            function(name)

    shutil.rmtree(folder, onerror=make_writable)


SOURCE_FOLDERS = ("book", "data", "notebooks", "provbook")


def source_folders(root: Path) -> list[Path]:
    """The folders a build reads: the checkout's sources and the installed provbook package."""
    return [Path(os.path.realpath(root / name)) for name in SOURCE_FOLDERS] + [inputs.PACKAGE_DIR]


def claim_site(site: Path, root: Path) -> None:
    """Make sure a separate output folder is ours to fill: new, empty, or made by provbook.

    Raises OutputRefused for anything else (a folder inside the sources the build reads, a
    file, a device, someone's non-empty folder);
    OSError if it cannot be created."""
    if site == root:
        return
    real = Path(os.path.realpath(site))
    inside = next((f for f in source_folders(root) if real.is_relative_to(f)), None)
    if inside is not None:
        raise OutputRefused(
            f"refusing to build into {site}: it is inside {inside}, which the build reads "
            f"(its output would become its own input); give a folder outside "
            f"{', '.join(f + '/' for f in SOURCE_FOLDERS)} and the provbook package"
        )
    kind = file_kind(site)
    if kind not in ("missing", "a folder"):
        raise OutputRefused(f"refusing to build into {site}: it is {kind}, not a folder")
    marker = site / SITE_MARKER
    if kind == "a folder" and not marker.exists() and any(site.iterdir()):
        raise OutputRefused(
            f"refusing to build into {site}: the folder is not empty and was not made by "
            f"provbook (it has no {SITE_MARKER} file); give a new or empty folder"
        )
    site.mkdir(parents=True, exist_ok=True)
    marker.write_text(
        "This folder was made by `provbook build --output`; provbook may overwrite it.\n",
        encoding="utf-8",
    )
