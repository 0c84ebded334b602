"""Check every figure of every chapter with :func:`provbook.draw.layout.collisions`.

The figures are taken from the chapter notebooks themselves, not from a list of builder
functions: each notebook's code cells run in this process (no kernel, nothing written) with
``myst_nb.glue`` replaced by a collector, so whatever figure a chapter glues is checked, however
the chapter modules are split. ``python -m provbook.draw.layout_sweep`` prints the count per figure
and the collisions; it exits non-zero when there is any.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from matplotlib.figure import Figure

from provbook.draw import layout

ROOT = Path(__file__).resolve().parents[2]
PROVINCE_TEMPLATE = ROOT / "notebooks" / "province.md"
COMPARATIVE = ROOT / "notebooks" / "comparative.md"
UNIT_TEMPLATE = ROOT / "notebooks" / "unit.md"


@contextlib.contextmanager
def _collecting_glue() -> Iterator[dict[str, Figure]]:
    """Replace ``myst_nb.glue`` and IPython's ``display`` while a notebook's code runs."""
    import IPython.display
    import myst_nb

    figures: dict[str, Figure] = {}

    def glue(name, variable, display=True):
        if isinstance(variable, Figure):
            figures[name] = variable

    def glue_figure(key, fig, *args, **kwargs):
        if fig is not None:
            figures[key] = fig

    # The chapters' glue_figure writes display bundles (no Figure to inspect): replace it
    # wherever a provbook module holds it under that name (the comparative chapter's calls it
    # through its module, so it is replaced too).
    from provbook.chapters.common import glue as chapter_glue

    originals = {chapter_glue.glue_figure}
    patched = [
        (module, name)
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith("provbook")
        for name, value in list(vars(module).items())
        if name == "glue_figure" and value in originals
    ]
    saved_functions = {(m, n): getattr(m, n) for m, n in patched}
    saved = (myst_nb.glue, IPython.display.display)
    myst_nb.glue = glue
    IPython.display.display = lambda *args, **kwargs: None
    for module, name in patched:
        setattr(module, name, glue_figure)
    try:
        yield figures
    finally:
        myst_nb.glue, IPython.display.display = saved
        for (module, name), value in saved_functions.items():
            setattr(module, name, value)


def chapter_figures(notebook: Path, **parameters) -> dict[str, Figure]:
    """The figures a notebook glues, by glue key, with ``parameters`` set after its parameters
    cell (as papermill does)."""
    from provbook.build import template

    nb = template.read(notebook)
    nb.metadata.setdefault("papermill", {})["parameters"] = parameters
    template.fill(nb, template.context_for(nb))  # as every route fills it before running
    namespace: dict = {"__name__": "__chapter__"}
    with _collecting_glue() as figures:
        for cell in nb.cells:
            if cell["cell_type"] != "code":
                continue
            source = cell["source"]
            if source.lstrip().startswith(("%", "!")):
                continue
            exec(compile(source, str(notebook), "exec"), namespace)
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                namespace.update(parameters)
    return figures


def all_province_ids() -> list[str]:
    from provbook.datapackage import data

    return list(data.provinces()["province_id"])


def all_unit_ids() -> list[str]:
    """The ids of the 34 provinces formed on 2025-07-01 (``can-tho-2025``...)."""
    from provbook.datapackage import data

    return list(data.units_2025()["unit_2025_id"])


def chapter_template(chapter: str) -> tuple[Path, dict]:
    """The template and parameters of a chapter id: a province before 2025, one formed on
    2025-07-01 (``<slug>-2025``, notebooks/unit.md) or ``comparative``."""
    from provbook.datapackage import ids

    if chapter == "comparative":
        return COMPARATIVE, {}
    if ids.is_new(chapter):
        return UNIT_TEMPLATE, {"unit": chapter}
    return PROVINCE_TEMPLATE, {"province": chapter}


def edition_figures(chapter: str, lang: str = "en") -> dict[str, Figure]:
    """The figures of a chapter (see :func:`chapter_template`) in the edition ``lang``."""
    template, parameters = chapter_template(chapter)
    extra = {} if lang == "en" else {"lang": lang}
    return chapter_figures(template, **parameters, **extra)


def sweep(
    provinces: list[str] | None = None,
    comparative: bool = True,
    lang: str = "en",
    units: bool = False,
):
    """Yield ``(chapter, figure key, collisions)`` for every figure of the chapters in the
    edition ``lang`` (Vietnamese words are longer: they are checked too). ``provinces`` may name
    provinces before 2025 and since (``can-tho-2025``); by default the 63 before 2025, and the
    34 since with ``units``."""
    chapters = list(provinces) if provinces is not None else all_province_ids()
    if units and provinces is None:
        chapters += all_unit_ids()
    if comparative:
        chapters.append("comparative")
    for chapter in chapters:
        for key, fig in edition_figures(chapter, lang).items():
            yield chapter, key, layout.collisions(fig, f"{chapter} {key}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "provinces",
        nargs="*",
        help="chapter ids, before 2025 (long-an) or since (can-tho-2025); default: the 63 "
        "before 2025 (and the 34 since with --units)",
    )
    parser.add_argument("--no-comparative", action="store_true")
    parser.add_argument(
        "--units", action="store_true", help="also the 34 provinces formed on 2025-07-01"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="counts only")
    parser.add_argument(
        "--lang", default="en", choices=["en", "vi"], help="the chapters' edition: en or vi"
    )
    parser.add_argument(
        "--write-known",
        type=Path,
        metavar="FILE",
        help="write the collisions found to FILE (the list tests/test_layout_sweep.py allows)",
    )
    args = parser.parse_args(argv)
    every: list[str] = []
    figures: Counter = Counter()
    with_problems: Counter = Counter()
    problems: Counter = Counter()
    kinds: Counter = Counter()
    total = 0
    from provbook.datapackage import ids

    found_all = sweep(args.provinces or None, not args.no_comparative, args.lang, args.units)
    for chapter, key, found in found_all:
        if chapter == "comparative":
            kind = f"comparative {key}"
        elif ids.is_new(chapter):
            kind = f"2025 {key}"
        else:
            kind = key
        figures[kind] += 1
        total += len(found)
        if found:
            with_problems[kind] += 1
            problems[kind] += len(found)
        for collision in found:
            every.append(str(collision))
            kinds[collision.kind] += 1
            if not args.quiet:
                print(collision)
    print(f"\n{'figure':32} {'checked':>8} {'with problems':>14} {'problems':>9}")
    for kind in sorted(figures):
        print(f"{kind:32} {figures[kind]:8} {with_problems[kind]:14} {problems[kind]:9}")
    print(f"{'total':32} {sum(figures.values()):8} {sum(with_problems.values()):14} {total:9}")
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if args.write_known:
        write_known(args.write_known, every)
        print(f"wrote {len(every)} collisions to {args.write_known}")
        return 0
    return 1 if total else 0


KNOWN_HEADER = (
    "# Chart collisions known before their fix (provbook.draw.layout_sweep --write-known). "
    "The slow\n"
    "# test fails on any collision not listed here and on any listed one that is gone:\n"
    "# shrink this file as fixes land; it should end empty.\n"
)


def write_known(path: Path, collisions: list[str]) -> None:
    path.write_text(KNOWN_HEADER + "".join(f"{c}\n" for c in sorted(collisions)), "utf-8")


def read_known(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


if __name__ == "__main__":
    sys.exit(main())
