"""The build's notebooks run in this Python's own kernel, whatever kernelspecs Jupyter finds.

A ``python3`` kernelspec in a folder of ``JUPYTER_PATH`` comes before the venv's own in Jupyter's
lookup: the build used to start that kernel (another Python, without provbook) and failed with
"Kernel died before replying".
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat
from conftest import ROOT, TOY_BUILD

from provbook.build import kernels
from provbook.build.folders import COMPARATIVE_TEMPLATE, PROVINCE_TEMPLATE, UNIT_TEMPLATE

ONE = ["--province", "long-an", "--only", "--jobs", "1"]


def _foreign_kernelspec(folder: Path) -> Path:
    """A JUPYTER_PATH folder whose python3 kernel dies at once (as another Python's would)."""
    spec = folder / "kernels" / kernels.KERNEL_NAME / "kernel.json"
    spec.parent.mkdir(parents=True)
    argv = [sys.executable, "-c", "raise SystemExit('not the build kernel')", "{connection_file}"]
    spec.write_text(
        json.dumps({"argv": argv, "display_name": "Another Python", "language": "python"}),
        encoding="utf-8",
    )
    return folder


def test_the_build_kernel_is_this_python_whatever_jupyter_path_holds(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    monkeypatch.setenv("JUPYTER_PATH", str(_foreign_kernelspec(tmp_path / "jupyter")))
    found = KernelSpecManager().get_kernel_spec(kernels.KERNEL_NAME)
    assert found.display_name == "Another Python"  # Jupyter's own lookup takes the foreign one
    manager = kernels.manager_class()(kernel_name=kernels.KERNEL_NAME)
    assert manager.kernel_spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]
    assert manager.kernel_spec.language == "python"


def test_templates_papermill_and_make_setup_name_the_same_kernel():
    from provbook.build.template import read

    for template in (
        PROVINCE_TEMPLATE,
        UNIT_TEMPLATE,
        COMPARATIVE_TEMPLATE,
    ):
        nb = read(ROOT / template)
        assert nb.metadata.kernelspec.name == kernels.KERNEL_NAME, template
    installs = re.findall(r"ipykernel install .*--name (\S+)", (ROOT / "Makefile").read_text())
    assert installs == [kernels.KERNEL_NAME]


def _site(project: Path) -> dict[str, str]:
    """Hash of every published file but the notebooks offered for download (_sources/), whose
    metadata holds each cell's execution times."""
    html = project / "_build" / "html"
    return {
        str(p.relative_to(html)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(html.rglob("*"))
        if p.is_file() and "_sources" not in p.relative_to(html).parts
    }


def test_a_foreign_python3_kernelspec_changes_nothing_the_build_publishes(
    run_provbook, project: Path, toy_book: Path, tmp_path: Path, monkeypatch
):
    clean = toy_book  # the same project built with ONE, without the foreign kernelspec
    assert list(TOY_BUILD) == ONE
    monkeypatch.setenv("JUPYTER_PATH", str(_foreign_kernelspec(tmp_path / "jupyter")))
    for extra in ([], ["--fresh-kernels", "--force"]):  # the reused kernel, then one per notebook
        result = run_provbook("build", "--root", str(project), *ONE, *extra)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Kernel died" not in result.stdout + result.stderr
    assert _site(project) == _site(clean)
    out = tmp_path / "long-an.ipynb"
    result = run_provbook("run", "long-an", "-o", str(out), "--root", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert nbformat.read(out, as_version=4).metadata.kernelspec.name == kernels.KERNEL_NAME
