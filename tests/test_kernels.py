"""The build's notebooks run in this Python's own kernel, whatever kernelspecs Jupyter finds.

A ``python3`` kernelspec in a folder of ``JUPYTER_PATH`` comes before the venv's own in Jupyter's
lookup: the build used to start that kernel (another Python, without provbook) and failed with
"Kernel died before replying".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
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


@contextlib.contextmanager
def _kernels_on_a_taken_port(monkeypatch, how_many: int) -> Iterator[list]:
    """While a port is held here, kernel managers of which the first ``how_many`` are given it
    for their shell channel, as jupyter_client gives a port another process took after it was
    chosen; yields the managers made."""
    made: list = []
    base = kernels.manager_class()
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]

        class TakenPortFirst(base):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                if len(made) < how_many:  # (not through jupyter_client's port cache)
                    self.cache_ports, self.shell_port = False, port
                made.append(self)

        monkeypatch.setattr(kernels, "manager_class", lambda: TakenPortFirst)
        yield made


def test_a_kernel_whose_port_was_taken_is_started_again(execute_notebooks, tmp_path, monkeypatch):
    """Two builds (or tests) starting kernels at once: a port jupyter_client chose is bound by
    another process before the kernel binds it, and the kernel dies. The build's kernel is
    started again on new ports (a test run failed a chapter with "Kernel died before
    replying to kernel_info" this way; jupyter_client's issue 487)."""
    log = tmp_path / "kernel.log"
    with _kernels_on_a_taken_port(monkeypatch, how_many=1) as made:
        try:
            manager = kernels.kernel_for(tmp_path, tmp_path, log)
            assert [m is manager for m in made] == [False, True]
            kernels.reset(manager)  # the second kernel answers
            assert "Address already in use" in log.read_text(encoding="utf-8")
        finally:
            kernels.shutdown()


def test_a_kernel_that_keeps_dying_fails_after_its_attempts(
    execute_notebooks, tmp_path, monkeypatch
):
    with _kernels_on_a_taken_port(monkeypatch, how_many=99) as made:
        with pytest.raises(RuntimeError, match="Kernel died before replying"):
            kernels.kernel_for(tmp_path, tmp_path, tmp_path / "kernel.log")
    assert len(made) == kernels.START_ATTEMPTS == 3
    assert all(not m.has_kernel for m in made)  # none left running
