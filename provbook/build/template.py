"""Read a text template and fill its ``{{ name }}`` placeholders: the functions every route uses.

The templates are MyST Markdown notebooks (``notebooks/*.md``, jupytext's ``md:myst`` format), so a
change to one reads as a text diff. :func:`read` turns one into the notebook papermill executes,
after checking its cell fences and tags (a mistake is named by file and line); ``python -m
provbook.build.template notebooks/province.md`` writes that notebook for plain papermill.

Markdown cannot be computed by a cell without breaking the book's section tree, so a chapter's
title, figure labels, citation keys and optional figure blocks are written into the template's
markdown before the kernel runs it. ``provbook build`` and ``provbook run`` (via
:func:`provbook.build.tasks.render_template`) and ``papermill --engine provbook`` (via
:mod:`provbook.build.papermill_engine`) all call :func:`fill`, so they give the same notebook.

Plain ``papermill`` without ``--engine`` cannot be hooked (it always uses its default engine);
code cells may therefore hold the marker ``{{ template_filled }}``, the only placeholder filled
in code, and the province template's first code cell fails with a clear message when it was not.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from provbook.text import check_lang

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
#: The one placeholder filled in code cells; its value after filling.
FILLED_KEY = "template_filled"
FILLED = "filled"
NOT_FILLED_MESSAGE = (
    "this notebook is the unfilled chapter template: its {{ }} placeholders (title, figure "
    "labels, sources) were not filled. Run it with `provbook run ID`, or build the book with "
    "`provbook build`, or with papermill's provbook engine: `python -m provbook.build.template "
    "notebooks/province.md | papermill --engine provbook - OUT -p province ID`."
)


ONLY_IF = "only-if-"
TOGGLE_IF = "hide-input-if-"


#: The text format of the templates (jupytext's name for MyST Markdown notebooks).
TEXT_FORMAT = "md:myst"
#: Tags a template cell may carry besides the two prefixed ones: papermill's ``parameters`` and
#: what Jupyter Book shows of a cell.
KNOWN_TAGS = frozenset(
    {
        "parameters",
        "remove-input",
        "remove-output",
        "remove-cell",
        "hide-input",
        "hide-output",
        "hide-cell",
        "full-width",
        "margin",
        "raises-exception",
        "skip-execution",
    }
)
PREFIXED_TAG = re.compile(rf"^(?:{ONLY_IF}|{TOGGLE_IF})[a-z][a-z0-9_]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
CODE_CELL = re.compile(r"^ {0,3}(`{3,}|~{3,})\{code-cell\}")


class TemplateError(ValueError):
    """A template that is not a well-formed text notebook: the message names file and line."""


def read(path: Path, lang: str = "en"):
    """The notebook a text template gives papermill: its cells in order, with their tags and
    the kernelspec, cell ids ``cell-0``, ``cell-1`` ... (a text notebook carries none, and
    random ones would change every build's output) and no ``jupytext`` metadata (it describes
    the text file, not the chapter).

    In another language than English the markdown cells come from the template's twin in
    ``notebooks/<lang>/`` (:func:`translated`): one set of code cells for every edition.
    """
    nb = read_text_notebook(Path(path))
    if check_lang(lang) != "en":
        nb = translated(nb, twin(path, lang), path)
    return nb


def twin(path: Path, lang: str) -> Path:
    """Where a template's markdown cells in ``lang`` live: notebooks/vi/province.md."""
    path = Path(path)
    return path.parent / lang / path.name


def translated(nb, twin_path: Path, english: Path):
    """``nb`` with its markdown cells replaced, in order, by those of ``twin_path``.

    The twin holds only markdown cells, separated by ``+++`` lines that carry the same metadata
    (tags) as their English cells; a twin with a cell more or less, or other tags, is refused with
    the cell's number and the first line of its English text, so the editions cannot drift apart.
    """
    if not twin_path.exists():
        raise TemplateError(
            f"{twin_path}: missing; the template {english} has no markdown in this language "
            f"(write its markdown cells there, in the same order, separated by +++ lines)"
        )
    other = read_text_notebook(twin_path)
    code = [cell for cell in other.cells if cell.cell_type != "markdown"]
    if code:
        raise TemplateError(
            f"{twin_path}: holds a code cell ({code[0].source.splitlines()[0][:60]!r}); the "
            f"code is the English template's ({english}), the twin holds markdown only"
        )
    mine = [cell for cell in nb.cells if cell.cell_type == "markdown"]
    if len(mine) != len(other.cells):
        raise TemplateError(
            f"{twin_path}: {len(other.cells)} markdown cells, but {english} has {len(mine)}: "
            f"every markdown cell of the English template needs its twin, in the same order"
        )
    for number, (cell, twin_cell) in enumerate(zip(mine, other.cells, strict=True), start=1):
        if _tags(cell) != _tags(twin_cell):
            first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
            raise TemplateError(
                f"{twin_path}: markdown cell {number} has tags {_tags(twin_cell)}, but its "
                f"English twin in {english} ({first!r}) has {_tags(cell)}"
            )
        cell.source = twin_cell.source
    return nb


def read_text_notebook(path: Path):
    """A MyST Markdown notebook read and checked (fences, tags); ids ``cell-N``."""
    import jupytext

    path = Path(path)
    if path.suffix != ".md":
        raise TemplateError(
            f"{path}: a template is a MyST Markdown notebook whose name ends in .md (see "
            "notebooks/); a notebook (.ipynb) is what a template gives, not a template"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template: {exc.strerror}") from None
    check_fences(text, path)
    try:
        nb = jupytext.reads(text, fmt=TEXT_FORMAT)
    except Exception as exc:  # noqa: BLE001 - jupytext's and nbformat's errors, said in one line
        raise TemplateError(
            f"{path}: not a MyST Markdown notebook: {str(exc).strip().splitlines()[0]}"
        ) from None
    nb.metadata.pop("jupytext", None)
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    check_tags(nb, text, path)
    return nb


def check_fences(text: str, path: Path) -> None:
    """Every fence closed, and no cell started inside another's fence (a lost closing fence
    would silently turn the rest of the chapter into one cell)."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":  # the YAML header (kernelspec, jupytext)
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    opened = None  # (fence characters, line number, line) of the fence we are in
    for number, line in enumerate(lines[start:], start=start + 1):
        fence = FENCE.match(line)
        if opened is None:
            if fence:
                opened = (fence.group(1), number, line.strip())
            continue
        chars, where, opening = opened
        if fence and fence.group(1)[0] == chars[0] and len(fence.group(1)) >= len(chars):
            if not fence.group(2).strip():
                opened = None
                continue
        if CODE_CELL.match(line) or (opening.startswith(chars + "{code-cell}") and line == "+++"):
            raise TemplateError(
                f"{path}, line {number}: a new cell starts inside the fence opened on line "
                f"{where} ({opening}), which was not closed: close it with a line {chars}"
            )
    if opened is not None:
        chars, where, opening = opened
        raise TemplateError(
            f"{path}, line {where}: the fence opened here ({opening}) is never closed: close it "
            f"with a line {chars}"
        )


def check_tags(nb, text: str, path: Path) -> None:
    """Every tag known (a misspelt one would show or hide the wrong thing without a word)."""
    lines = text.splitlines()
    for cell in nb.cells:
        for tag in _tags(cell):
            if tag in KNOWN_TAGS or PREFIXED_TAG.match(str(tag)):
                continue
            where = next(
                (
                    f", line {number}"
                    for number, line in enumerate(lines, start=1)
                    if str(tag) in line and line.lstrip().startswith((":", "+++", "tags", "-"))
                ),
                "",
            )
            raise TemplateError(
                f"{path}{where}: unknown tag {tag!r} on a {cell.cell_type} cell; allowed are "
                f"{', '.join(sorted(KNOWN_TAGS))}, {ONLY_IF}<figure> and {TOGGLE_IF}<key>"
            )


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def fill(nb, context: dict):
    """Fill placeholders in place: every one in markdown cells, only ``template_filled`` in code.

    Two tags make the chapter fit the province: a markdown cell tagged ``only-if-<figure>`` is
    dropped unless ``show_<figure>`` is set (a figure the province does not have), and a code
    cell tagged ``hide-input-if-<key>`` gets ``hide-input`` when ``<key>`` is set (it shows a
    table) and ``remove-input`` otherwise, so no toggle opens onto nothing. Unknown names stay
    as they are (a test checks that the templates use known names only).
    """
    kept = []
    for cell in nb.cells:
        tags = _tags(cell)
        only = [t.removeprefix(ONLY_IF) for t in tags if t.startswith(ONLY_IF)]
        if only and not all(context.get(f"show_{key}") for key in only):
            continue
        toggles = [t for t in tags if t.startswith(TOGGLE_IF)]
        if toggles:
            shown = all(context.get(t.removeprefix(TOGGLE_IF)) for t in toggles)
            tags = [t for t in tags if t not in toggles]
            tags.append("hide-input" if shown else "remove-input")
            cell.metadata["tags"] = tags
        kept.append(cell)
    nb.cells = kept
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = PLACEHOLDER.sub(
                lambda m: str(context.get(m.group(1), m.group(0))), cell.source
            )
        elif cell.cell_type == "code":
            cell.source = PLACEHOLDER.sub(
                lambda m: FILLED if m.group(1) == FILLED_KEY else m.group(0), cell.source
            )
    return nb


def unfilled(nb) -> list[str]:
    """Placeholder names still in the notebook's cells (empty once filled)."""
    names = []
    for cell in nb.cells:
        names += PLACEHOLDER.findall(cell.source)
    return list(dict.fromkeys(names))


def check_filled(marker: str) -> None:
    """Called by the template's first code cell with ``"{{ template_filled }}"``."""
    if marker != FILLED:
        raise RuntimeError(NOT_FILLED_MESSAGE)


def parameter_values(nb) -> dict:
    """The notebook's parameters: the ``parameters`` cell's literal defaults, overridden by the
    values papermill injected (kept in ``metadata.papermill.parameters``)."""
    values: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target = node.targets[0]
                    if isinstance(target, ast.Name):
                        try:
                            values[target.id] = ast.literal_eval(node.value)
                        except ValueError:
                            continue
    values.update(nb.metadata.get("papermill", {}).get("parameters", {}) or {})
    return values


def parameter_names(nb) -> list[str]:
    """The names the ``parameters`` cell assigns (what papermill's ``-p`` may set), in order."""
    names: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                targets = node.targets if isinstance(node, ast.Assign) else []
                if isinstance(node, ast.AnnAssign):
                    targets = [node.target]
                names += [t.id for t in targets if isinstance(t, ast.Name)]
    return list(dict.fromkeys(names))


def context_for(nb, data_dir: Path | None = None) -> dict:
    """The placeholder values for a notebook from its parameters: a province chapter
    (``province``), a chapter of a province since 2025 (``unit``) or the comparative chapter
    (``provinces``)."""
    from provbook.build.context import comparative_context, province_context, unit_context
    from provbook.datapackage import data

    folder = data.resolve_data_dir(data_dir)
    values = parameter_values(nb)
    lang = values.get("lang", "en")
    if "unit" in values:  # a province formed on 2025-07-01 (notebooks/unit.md)
        return unit_context(folder, values["unit"], lang=lang)
    if "province" in values:
        data.check_province(values["province"], folder)
        return province_context(folder, values["province"], lang=lang)
    if "provinces" in values:
        return comparative_context(folder, list(values["provinces"]), lang=lang)
    return {}


def main(argv: list[str] | None = None) -> int:
    """``python -m provbook.build.template TEMPLATE [-o OUT]``: the notebook papermill executes,
    for plain papermill (which reads notebook JSON only)."""
    import argparse

    import nbformat

    parser = argparse.ArgumentParser(
        prog="python -m provbook.build.template",
        description="Write the notebook of a text template (notebooks/*.md), as papermill "
        "executes it, to standard output or OUT.",
    )
    parser.add_argument("template", type=Path)
    parser.add_argument("-o", "--output", type=Path, help="notebook to write (default: stdout)")
    parser.add_argument(
        "--lang",
        default="en",
        choices=["en", "vi"],
        help="the edition's language: its markdown from notebooks/<lang>/ (then run papermill "
        "with -p lang LANG too)",
    )
    args = parser.parse_args(argv)
    try:
        nb = read(args.template, args.lang)
    except (TemplateError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output is None:
        nbformat.write(nb, sys.stdout)
        return 0
    from provbook.build.writes import OutputRefused, write_atomically

    try:
        write_atomically(nb, args.output)
    except (OutputRefused, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
