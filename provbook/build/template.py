"""Fill a template's ``{{ name }}`` placeholders: the one function every route uses.

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
from pathlib import Path

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
#: The one placeholder filled in code cells; its value after filling.
FILLED_KEY = "template_filled"
FILLED = "filled"
NOT_FILLED_MESSAGE = (
    "this notebook is the unfilled chapter template: its {{ }} placeholders (title, figure "
    "labels, sources) were not filled. Run it with `papermill --engine provbook IN OUT -p "
    "province ID`, or `provbook run ID`, or build the book with `provbook build`."
)


ONLY_IF = "only-if-"
TOGGLE_IF = "hide-input-if-"


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


def context_for(nb, data_dir: Path | None = None) -> dict:
    """The placeholder values for a notebook from its parameters: a province chapter
    (``province``), a chapter of a province since 2025 (``unit``) or the comparative chapter
    (``provinces``)."""
    from provbook.build.context import comparative_context, province_context, unit_context
    from provbook.datapackage import data

    folder = data.resolve_data_dir(data_dir)
    values = parameter_values(nb)
    if "unit" in values:  # a province formed on 2025-07-01 (notebooks/unit.ipynb)
        return unit_context(folder, values["unit"])
    if "province" in values:
        data.check_province(values["province"], folder)
        return province_context(folder, values["province"])
    if "provinces" in values:
        return comparative_context(folder, list(values["provinces"]))
    return {}
