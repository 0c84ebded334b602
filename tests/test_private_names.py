"""No private names across modules: a helper another module needs is public, with a docstring
saying why it exists (issue 21). Read with ``ast`` from the files, nothing imported: fast."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "provbook"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path, package_dir: Path) -> str:
    parts = path.relative_to(package_dir.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str, package_dir: Path) -> bool:
    """Whether ``provbook.a.b`` names a module or package of ``package_dir`` (not a function)."""
    parts = dotted.split(".")
    if parts[0] != package_dir.name:
        return False
    base = package_dir.joinpath(*parts[1:])
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def crossings(source: str, module: str, package_dir: Path, is_package: bool = False) -> list:
    """(line, text) of every private name ``source`` (the module ``module``) takes from another
    provbook module: ``from provbook.x import _y`` (relative imports too), and ``x._y`` where
    ``x`` is a provbook module bound by an import."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    modules: dict[str, str] = {}  # local name -> dotted module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != package_dir.name:
                continue
            for alias in node.names:
                if _private(alias.name):
                    found.append((node.lineno, f"from {base} import {alias.name}"))
                elif _is_module(f"{base}.{alias.name}", package_dir):
                    modules[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == package_dir.name:
                    local = alias.asname or alias.name.split(".")[0]
                    modules[local] = alias.name if alias.asname else alias.name.split(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain = []
            value = node.value
            while isinstance(value, ast.Attribute):
                chain.insert(0, value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in modules:
                target = ".".join([modules[value.id], *chain])
                if target != module and _is_module(target, package_dir):
                    found.append((node.lineno, f"{target}.{node.attr}"))
    return found


def test_no_module_takes_a_private_name_from_another():
    problems = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        module = _module_name(path, PACKAGE_DIR)
        source = path.read_text(encoding="utf-8")
        for line, text in crossings(source, module, PACKAGE_DIR, path.name == "__init__.py"):
            problems.append(f"{path.relative_to(PACKAGE_DIR.parent)}:{line}: {text}")
    assert not problems, (
        "private names used across modules (make the helper public, with a docstring saying "
        "why it exists, in the module where it belongs):\n" + "\n".join(problems)
    )


def test_the_check_sees_each_kind_of_crossing():
    """The walk above would pass on an empty list: each form it must catch is caught here."""
    module = "provbook.chapters.province.prose"
    cases = {
        "from provbook.chapters.province.facts import _cached\n": "facts import _cached",
        "from .facts import _int\n": "provbook.chapters.province.facts import _int",
        "from ..common.glue import _plain\n": "provbook.chapters.common.glue import _plain",
        "from provbook.datapackage import data\nx = data._stat_key(1)\n": "data._stat_key",
        "import provbook.publish.bib as bib\nbib._known('a')\n": "bib._known",
        "import provbook.publish.bib\nprovbook.publish.bib._known('a')\n": "bib._known",
    }
    for source, expected in cases.items():
        found = crossings(source, module, PACKAGE_DIR)
        assert len(found) == 1 and expected in found[0][1], (source, found)
    allowed = (
        "from provbook.chapters.common.cache import cached\n"  # public
        "from provbook.datapackage import data\nx = data.__name__\n"  # dunder
        "def f(facts):\n    return facts._cache\n"  # an object's attribute, not a module's
        "from provbook.datapackage.data import FACT_TABLES\nFACT_TABLES._x\n"  # not a module
        "from numpy import _core\n"  # not provbook
    )
    assert crossings(allowed, module, PACKAGE_DIR) == []
    # A module's own private names are its own business.
    own = "import provbook.chapters.province.prose as me\nme._helper()\n"
    assert crossings(own, module, PACKAGE_DIR) == []
