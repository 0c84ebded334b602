"""Are two builds of the book the same? For a refactoring that must not change what readers get.

    python benchmarks/same_book.py [--moved-code] BEFORE AFTER

BEFORE and AFTER are checkouts in which ``provbook build`` ran. Compared: every file of
``_build/html`` byte for byte (but Sphinx's ``.buildinfo``, see :data:`NOT_COMPARED`), and the
executed notebooks under ``book/`` after removing what differs between any two runs of the same
code (the clock: papermill's start, end and duration, the kernel's execution timestamps). Prints
each difference and exits 1 if there is one.

With ``--moved-code`` (modules moved between packages) a notebook may differ in two places only:
the ``import`` lines of its code cells, and the hash of the code it ran (``provbook.input_hash``,
a hash over file paths and contents). Outputs, markdown and every other line must be equal. An
import line may also become ``NAME = chapter.NAME``: the same name bound from the chapter's one
module instead of a second import (the cells that use the name, some shown to readers, stay as
they were).
a hash over file paths and contents). Outputs, markdown and every other line must be equal.
It also allows what moving a template from notebook JSON to text (``notebooks/*.md``, MyST
Markdown) changes and the site never shows: the template's file name in the metadata
(``papermill.input_path``, ``provbook.template``: same folder and stem, ``.ipynb`` or ``.md``),
the nbformat cell ids (text carries none: the pipeline numbers the cells) and line ends at the
end of a cell's source (text keeps none).
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

#: Cell and notebook metadata written by the clock, not by the code.
CLOCK_KEYS = ("start_time", "end_time", "duration", "execution")


def without_clock(notebook: dict) -> dict:
    notebook = json.loads(json.dumps(notebook))
    papermill = notebook.get("metadata", {}).get("papermill", {})
    for key in CLOCK_KEYS:
        papermill.pop(key, None)
    for cell in notebook.get("cells", []):
        for key in CLOCK_KEYS:
            cell.get("metadata", {}).pop(key, None)
            cell.get("metadata", {}).get("papermill", {}).pop(key, None)
    return notebook


#: A name bound from the chapter's module: ``argument = chapter.argument``.
CHAPTER_ALIAS = re.compile(r"^(\w+) = chapter\.(\w+)$")


def imported_names(line: str) -> set[str]:
    """The names an import line binds ('' for a line that is not an import)."""
    if not line.startswith(("from ", "import ")):
        return set()
    (node,) = ast.parse(line).body
    return {alias.asname or alias.name.split(".")[0] for alias in node.names}


def same_binding(old: str, new: str) -> bool:
    """Both lines are imports, or ``new`` binds from the chapter module the one name ``old``
    imported (``from provbook.chapters.unit import plans2030`` -> ``plans2030 =
    chapter.plans2030``; ``from provbook import comparison_2025`` -> ``comparison_2025 =
    chapter.units_2025``, the module renamed by the move). Every use of the name must still be
    the same line, and every output the same."""
    if not old.startswith(("from ", "import ")):
        return False
    if new.startswith(("from ", "import ")):
        return True
    alias = CHAPTER_ALIAS.match(new)
    return alias is not None and imported_names(old) == {alias.group(1)}


def as_text_template(notebook: dict) -> dict:
    """Without what a template in text cannot carry (cell ids, a source's closing line ends), its
    file name without the suffix (``notebooks/province.ipynb`` and ``.md`` are one template)."""
    metadata = notebook.get("metadata", {})
    for owner, key in (("papermill", "input_path"), ("provbook", "template")):
        path = metadata.get(owner, {}).get(key)
        if isinstance(path, str) and path.startswith("notebooks/"):
            metadata[owner][key] = path.removesuffix(".ipynb").removesuffix(".md")
    for cell in notebook.get("cells", []):
        if cell.get("id") != "injected-parameters":
            cell.pop("id", None)
        cell["source"] = "".join(cell.get("source", "")).rstrip("\n")
    return notebook


def import_lines_only(a: dict, b: dict) -> str | None:
    """Why notebooks ``a`` and ``b`` differ beyond moved imports, or None if they do not."""
    a, b = as_text_template(without_clock(a)), as_text_template(without_clock(b))
    for nb in (a, b):
        nb.get("metadata", {}).get("provbook", {}).pop("input_hash", None)
    if a["metadata"] != b["metadata"] or len(a["cells"]) != len(b["cells"]):
        return "metadata or number of cells"
    for number, (old, new) in enumerate(zip(a["cells"], b["cells"], strict=True)):
        fields = [key for key in old.keys() | new.keys() if old.get(key) != new.get(key)]
        if not fields:
            continue
        if fields != ["source"] or old["cell_type"] != "code":
            return f"cell {number}: {', '.join(sorted(fields))}"
        lines = [
            (x, y)
            for x, y in zip(
                "".join(old["source"]).split("\n"), "".join(new["source"]).split("\n"), strict=False
            )
            if x != y
        ]
        if any(not same_binding(x, y) for x, y in lines):
            return f"cell {number}: a line other than an import"
        if len("".join(old["source"]).split("\n")) != len("".join(new["source"]).split("\n")):
            return f"cell {number}: number of lines"
    return None


#: Sphinx's own cache key, not part of the site: it hashes the configuration, which holds the
#: absolute paths of the checkout's .venv (the theme's templates and static files), so two
#: checkouts of the same code always differ there (tests/test_sphinx_speed.py skips it too).
NOT_COMPARED = {".buildinfo"}


def files(root: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(root)): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in NOT_COMPARED
    }


def same_file(a: Path, b: Path, moved_code: bool = False) -> bool:
    if a.suffix == ".ipynb":
        old, new = json.loads(a.read_text("utf-8")), json.loads(b.read_text("utf-8"))
        if moved_code:
            return import_lines_only(old, new) is None
        return without_clock(old) == without_clock(new)
    return a.read_bytes() == b.read_bytes()


def compare(before: Path, after: Path, moved_code: bool = False) -> list[str]:
    differences = []
    for tree in ("_build/html", "book/provinces", "book/provinces_2025", "book/_generated"):
        old, new = files(before / tree), files(after / tree)
        for name in sorted(old.keys() - new.keys()):
            differences.append(f"only before: {tree}/{name}")
        for name in sorted(new.keys() - old.keys()):
            differences.append(f"only after: {tree}/{name}")
        for name in sorted(old.keys() & new.keys()):
            if not same_file(old[name], new[name], moved_code):
                differences.append(f"differs: {tree}/{name}")
    for name in ("book/comparative.ipynb",):
        if not same_file(before / name, after / name, moved_code):
            differences.append(f"differs: {name}")
    return differences


def main(argv: list[str]) -> int:
    moved_code = "--moved-code" in argv
    argv = [arg for arg in argv if arg != "--moved-code"]
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    before, after = map(Path, argv)
    differences = compare(before, after, moved_code)
    counted = sum(len(files(before / t)) for t in ("_build/html", "book"))
    for line in differences:
        print(line)
    print(f"{len(differences)} difference(s) among {counted} files of {before} and {after}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
