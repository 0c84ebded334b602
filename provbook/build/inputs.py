"""What a chapter actually reads, hashed: its code and its data, and nothing else.

A hash over all of ``provbook/`` and all of ``data/`` re-executes every chapter when a module
only the CLI or the browser check uses changes, or when one province's article rows change.
Here a chapter depends on

- the ``provbook`` modules its template imports, followed transitively through ``import``
  statements (found with :mod:`ast`, anywhere in a module, so a function-level import counts),
  plus the modules that execute and finish a notebook (:data:`EXECUTION_MODULES`);
- every file of ``data/`` in full, except the fact tables of :data:`OWN_ROWS_TABLES`, of which
  only the header and the chapter's own province's rows count. ``priorities`` is a fact table
  but is read in full: the priorities figure compares with the other coded provinces.

Standard library only: the no-change rebuild hashes with it before pandas is ever imported.
"""

from __future__ import annotations

import ast
import csv
import functools
import hashlib
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path

PACKAGE = "provbook"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Read in full by a province chapter (the comparison and other routes read all of data/).
#: Every fact table but ``priorities``, which the priorities figure compares across provinces.
OWN_ROWS_TABLES = ("documents", "targets", "results", "parks", "projects")
#: Modules that shape an executed notebook besides what its code imports: placeholder filling,
#: the heading context, the reused kernel and the papermill engine (``tasks`` finalizes it).
EXECUTION_MODULES = (
    "provbook.build.template",
    "provbook.build.context",
    "provbook.build.kernels",
    "provbook.build.papermill_engine",
)
#: Hashed as one file, not followed: it executes and finalizes a notebook (its imports are
#: the modules above and the hashing itself).
EXECUTION_FILES = ("build/tasks.py",)


# ---------------------------------------------------------------------------------------------
# Code


def module_file(name: str, package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The file of a ``provbook`` module name, or None if it is not one (e.g. an attribute)."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = package_dir.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if len(parts) > 1 and candidate.is_file():
            return candidate
    if len(parts) == 1:
        return package_dir / "__init__.py"
    return None


def module_name(path: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """``provbook/build/tasks.py`` -> ``provbook.build.tasks``; a package's ``__init__.py`` is
    the package."""
    parts = [PACKAGE, *path.relative_to(package_dir).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(tree: ast.AST, current: str = "") -> set[str]:
    """Dotted module names an AST imports; ``from a import b`` gives ``a`` and ``a.b`` (``b``
    may be a submodule). ``current`` resolves relative imports."""
    names: set[str] = set()
    for node in _import_statements(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        else:
            base = node.module or ""
            if node.level:
                package = current.split(".")[: len(current.split(".")) - node.level]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def _import_statements(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement of ``tree``, nested ones included (in functions, classes,
    ``if``/``try``/``with``/loop and ``match`` bodies). Imports are statements, so only
    statement lists are searched: a walk of every expression node took most of a small
    build's planning (0.5 s of 1.2 s)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        for value in vars(node).values():
            if isinstance(value, list):
                pending.extend(
                    item
                    for item in value
                    if isinstance(item, (ast.stmt, ast.excepthandler, ast.match_case))
                )


@functools.lru_cache(maxsize=4096)
def _file_imports(source: str, filename: str, current: str) -> frozenset[str]:
    """The ``provbook`` names a module's source imports: parsed once per process however many
    chapters' code hashes reach the module (keyed by the source itself, so an edited file is
    parsed again)."""
    tree = ast.parse(source, filename)
    return frozenset(n for n in imported_names(tree, current) if n.startswith(PACKAGE))


def _code_source(cell_source: str) -> str:
    """Cell code without IPython magics and shell escapes, which ast cannot parse."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in cell_source.splitlines()
    )


def template_imports(template: Path) -> set[str]:
    """The module names the text template's code cells import."""
    from provbook.build.template import read

    names: set[str] = set()
    for cell in read(template).cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        try:
            names |= imported_names(ast.parse(_code_source(source)))
        except SyntaxError:
            # Code we cannot read: depend on the whole package rather than guess.
            names.add(PACKAGE)
            names.update(module_name(p) for p in PACKAGE_DIR.rglob("*.py"))
    return names


def module_files(roots: Iterable[str], package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Files of the ``provbook`` modules that ``roots`` import, transitively, with the
    ``__init__`` of every package on the way (importing a submodule runs them)."""
    seen: set[Path] = set()
    pending = [name for name in roots if name.split(".")[0] == PACKAGE]
    while pending:
        name = pending.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            path = module_file(".".join(parts[:depth]), package_dir)
            if path is None or path in seen:
                continue
            seen.add(path)
            module = ".".join(parts[:depth])
            # A package's relative imports are relative to the package itself.
            current = f"{module}.__init__" if path.name == "__init__.py" else module
            source = path.read_text(encoding="utf-8")
            pending.extend(_file_imports(source, str(path), current))
    return sorted(seen)


def hash_files(files: Iterable[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(b"\0")
        digest.update(_file_digest(path).encode())
    return digest.hexdigest()


def code_hash(template: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of the package code a notebook made from ``template`` runs."""
    roots = template_imports(template) | set(EXECUTION_MODULES)
    files = set(module_files(roots, package_dir))
    files.update(package_dir / name for name in EXECUTION_FILES if (package_dir / name).exists())
    return hash_files(files, package_dir)


# ---------------------------------------------------------------------------------------------
# Data


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*") if p.is_file() and not p.name.startswith("."))


def data_hash(data_dir: Path) -> str:
    """Every file of ``data/``, in full: what validation and the comparison read."""
    return hash_files(data_files(data_dir), data_dir)


class DataInputs:
    """The hashes of ``data/`` as chapters read it, computed once per build."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.files = data_files(data_dir)
        self.own_rows_files = {data_dir / f"{name}.csv" for name in OWN_ROWS_TABLES}

    @functools.cached_property
    def full(self) -> str:
        return hash_files(self.files, self.data_dir)

    @functools.cached_property
    def _shared(self) -> str:
        """Every file not split by province."""
        return hash_files([p for p in self.files if p not in self.own_rows_files], self.data_dir)

    @functools.cached_property
    def _rows_by_province(self) -> dict[Path, tuple[list[str], dict[str, list[list[str]]]]]:
        split = {}
        for path in sorted(self.own_rows_files):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            header, body = (rows[0], rows[1:]) if rows else ([], [])
            if "province_id" not in header:
                # Not a table we can split: every chapter reads it in full.
                split[path] = (header, {"*": [[_file_digest(path)]]})
                continue
            column = header.index("province_id")
            by_province: dict[str, list[list[str]]] = {}
            for row in body:
                key = row[column] if column < len(row) else ""
                by_province.setdefault(key, []).append(row)
            split[path] = (header, by_province)
        return split

    def for_province(self, province: str) -> str:
        """What a province chapter reads: shared tables in full, its own fact rows."""
        return self.for_provinces([province])

    def for_provinces(self, provinces: Iterable[str]) -> str:
        """Shared tables in full and the fact rows of these provinces: what a province chapter
        reads (its own), and a 2025 province's chapter (those of its parts)."""
        provinces = sorted(set(provinces))
        digest = hashlib.sha256(self._shared.encode())
        for path, (header, by_province) in self._rows_by_province.items():
            rows = by_province.get("*") or [r for p in provinces for r in by_province.get(p, [])]
            digest.update(str(path.relative_to(self.data_dir)).encode())
            digest.update(json.dumps([header, rows], ensure_ascii=False).encode())
        return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# The whole build, for the no-change rebuild


def installed_distributions() -> list[str]:
    """Names and versions of the installed packages (their dist-info folders): a changed tool
    (Sphinx, papermill, matplotlib ...) changes what a build makes."""
    found = []
    for entry in sorted({p for p in map(str, __import__("sys").path) if p}):
        if not os.path.isdir(entry) or not entry.endswith("site-packages"):
            continue
        found += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-link")))
    return found


def tree_files(folder: Path, skip: Iterable[str] = ()) -> list[Path]:
    """Regular, non-hidden files under ``folder`` whose first relative part is not in ``skip``."""
    skip = set(skip)
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.relative_to(folder).parts[0] not in skip
        and "__pycache__" not in p.parts
    )


#: Executed chapters and generated pages of book/ (and of book/vi/): outputs, not sources.
BOOK_OUTPUTS = ("provinces", "provinces_2025", "_generated")
VI_OUTPUTS = {("vi", name) for name in BOOK_OUTPUTS}
#: The editions' configuration: English, then the Vietnamese table of contents and overlay.
CONFIG_FILES = ("_config.yml", "_toc.yml", "_toc.vi.yml", "_config.vi.yml")


def fingerprint(root: Path, options: dict) -> str:
    """One hash of everything a build reads: the options, data, templates, package, authored
    book pages, configuration and installed tools. Equal fingerprints and untouched outputs mean
    a build would change nothing."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    groups = {
        "data": (root, tree_files(root / "data")),
        "notebooks": (root, tree_files(root / "notebooks")),
        "package": (PACKAGE_DIR, tree_files(PACKAGE_DIR)),
        # Executed chapters and generated pages are outputs, not sources.
        "book": (
            root,
            [
                p
                for p in tree_files(root / "book", skip=BOOK_OUTPUTS)
                if p.suffix != ".ipynb" and p.relative_to(root / "book").parts[:2] not in VI_OUTPUTS
            ],
        ),
        "config": (root, [p for p in (root / name for name in CONFIG_FILES) if p.exists()]),
    }
    # Paths relative to their folder: what a build makes does not depend on where the project
    # lies, so a copied or moved project that was built is up to date where it now is.
    for name, (base, files) in groups.items():
        digest.update(name.encode())
        for path in files:
            where = path.relative_to(base).as_posix()
            digest.update(where.encode() + b"\0" + _file_digest(path).encode())
    digest.update("\n".join(installed_distributions()).encode())
    return digest.hexdigest()
