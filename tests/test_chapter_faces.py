"""One face per chapter, the same way for all three (issue 21): each template imports one module
for its chapter, and each chapter package names what it offers (no star-imports). Read from the
files; no notebook runs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from provbook.build.template import read

ROOT = Path(__file__).resolve().parents[1]
#: Template -> the chapter package it imports as ``chapter``.
FACES = {
    "province.md": "province",
    "unit.md": "unit",
    "comparative.md": "comparative",
}
#: Imports every template may make besides its chapter: the notebook's first call.
COMMON = {"provbook.chapters.common.notebook"}


def chapter_imports(template: Path) -> list[str]:
    """'module' or 'module:name' for every provbook.chapters import of the template's code."""
    found = []
    for cell in read(template).cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module.startswith("provbook.chapters"):
                found += [f"{node.module}:{a.name} as {a.asname}" for a in node.names]
            elif isinstance(node, ast.Import):
                found += [a.name for a in node.names if a.name.startswith("provbook.chapters")]
    return found


@pytest.mark.parametrize(("template", "package"), FACES.items())
def test_each_template_imports_one_module_for_its_chapter(template, package):
    imports = chapter_imports(ROOT / "notebooks" / template)
    own = [i for i in imports if i.split(":")[0] not in COMMON]
    assert own == [f"provbook.chapters:{package} as chapter"], own


@pytest.mark.parametrize("package", FACES.values())
def test_each_chapter_package_names_what_it_offers(package):
    path = ROOT / "provbook" / "chapters" / package / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    stars = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
    ]
    assert not stars, f"{path.name} star-imports on line(s) {stars}"
    bound = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    } | {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    (listed,) = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__all__"]
    ]
    assert {"load", "glue_values", "glue_figure"} <= set(listed)
    # Every name listed exists, every name imported is listed (but for what the package's own
    # code uses: __future__, the glue module and Figure of the comparative glue wrappers).
    # `bind`: the common binder behind each package's own in_language(lang).
    assert set(listed) == bound - {"annotations", "glue", "Figure", "bind"}, set(listed) ^ bound


@pytest.mark.parametrize("name", ["province", "unit", "comparative"])
def test_each_chapter_binds_its_language_the_same_way(name):
    """One face in every language: each package offers in_language(lang) (the common binder),
    and each template binds it once, in its hidden first cell."""
    import importlib

    from provbook.chapters.common.edition import Edition

    package = importlib.import_module(f"provbook.chapters.{name}")
    vi = package.in_language("vi")
    assert isinstance(vi, Edition) and vi.load is package.load
    assert vi.glue_values is package.glue_values or vi.glue_values.keywords == {"lang": "vi"}
    text = (Path(__file__).resolve().parents[1] / "notebooks" / f"{name}.md").read_text("utf-8")
    assert text.count("chapter = chapter.in_language(lang)") == 1
