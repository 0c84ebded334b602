"""Every chapter ends with a "Cite this chapter" box whose version and address come from
CITATION.cff, for old and new provinces alike."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from provbook import template

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("notebook", "parameter", "pid", "name"),
    [
        ("province.ipynb", "province", "long-an", "Long An"),
        ("unit.ipynb", "unit", "can-tho-2025", "Thành phố Cần Thơ"),
    ],
)
def test_every_chapter_ends_with_a_citation(notebook, parameter, pid, name):
    nb = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    nb.metadata.setdefault("papermill", {})["parameters"] = {parameter: pid}
    template.fill(nb, template.context_for(nb))
    box = nb.cells[-1].source
    version = re.search(r'^version:\s*"?([^"\n]+)"?', (ROOT / "CITATION.cff").read_text(), re.M)
    assert box.startswith("```{admonition} Cite this chapter")
    assert f"“{name}”" in box and f"version {version.group(1)}" in box
    assert "https://github.com/provbook/provbook" in box
    assert not template.unfilled(nb)
