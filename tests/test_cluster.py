"""Building through a Dask cluster gives the same book as a local build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import make_project
from test_pipeline import TWO, _strip_timing


@pytest.fixture
def local_cluster():
    """Two worker processes with one thread each, on 127.0.0.1, no dashboard: no network."""
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_cluster_build_matches_a_local_build(run_provbook, tmp_path: Path, local_cluster: str):
    local = make_project(tmp_path / "local")
    remote = make_project(tmp_path / "remote")
    first = run_provbook("build", "--root", str(local), *TWO)
    assert first.returncode == 0, first.stdout + first.stderr
    through = run_provbook("build", "--root", str(remote), *TWO, "--scheduler", local_cluster)
    assert through.returncode == 0, through.stdout + through.stderr
    statuses = re.findall(r"^\s+(executed)\s+(\S+)", through.stdout, re.M)
    assert {name for _, name in statuses} == {"bac-lieu", "long-an", "comparative"}
    for relative in (
        "book/provinces/bac-lieu.ipynb",
        "book/provinces/long-an.ipynb",
        "book/comparative.ipynb",
    ):
        a, b = (json.loads((p / relative).read_text(encoding="utf-8")) for p in (local, remote))
        assert _strip_timing(a) == _strip_timing(b), relative
    pngs = sorted(p.relative_to(local) for p in (local / "_build/html").rglob("*.png"))
    assert pngs
    for relative in pngs:
        assert (local / relative).read_bytes() == (remote / relative).read_bytes()

    # Unchanged: nothing goes to the cluster again.
    again = run_provbook("build", "--root", str(remote), *TWO, "--scheduler", local_cluster)
    assert again.returncode == 0, again.stderr
    assert "Nothing changed since the last build" in again.stdout


def test_no_scheduler_at_the_address_is_a_clear_error(run_provbook, project: Path):
    result = run_provbook(
        "build", "--root", str(project), *TWO, "--no-html", "--scheduler", "tcp://127.0.0.1:9"
    )
    assert result.returncode == 1
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.stderr
    assert "Nothing was executed" in result.stderr


def test_a_refused_port_is_said_at_once_and_an_open_one_is_left_to_the_client():
    """The client retries a closed port for its whole timeout; the port is asked first."""
    import socket

    from provbook.build import cluster

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        open_port = server.getsockname()[1]
        cluster._refuse_closed_port(f"tcp://127.0.0.1:{open_port}")  # answers: no error
        cluster._refuse_closed_port(f"127.0.0.1:{open_port}")  # tcp:// is the default
    # The same port, closed now: refused, and connect() says where and what to do.
    with pytest.raises(ConnectionRefusedError):
        cluster._refuse_closed_port(f"tcp://127.0.0.1:{open_port}")
    with pytest.raises(ConnectionError, match=r"no Dask scheduler answers at tcp://127\.0\.0\.1"):
        with cluster.connect(f"tcp://127.0.0.1:{open_port}"):
            pass
    for other in ("tls://127.0.0.1:9", "inproc://x", "tcp://127.0.0.1:port"):
        cluster._refuse_closed_port(other)  # not asked: the client's own message
