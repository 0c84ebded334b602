"""Execute a build's notebooks on a Dask distributed cluster instead of the local process pool.

``Client.get_executor()`` speaks ``concurrent.futures`` like the local pool, so a notebook runs
through the same :func:`provbook.build.tasks.execute` on a worker: each worker process keeps one
reused kernel (see :mod:`provbook.build.kernels`), reset before every notebook, exactly as a pool
process does. The worker returns the notebook's bytes and this process writes them, so the
output folder need not be shared; the worker needs the same checkout (templates, ``data/``,
package) at the same path and the same environment. It checks that by hashing its own copy of
the inputs: a notebook made from different files would silently differ from a local build.
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import as_completed
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from provbook.build import inputs, kernels, tasks, writes

#: One notebook at a time per worker process: its threads would otherwise share one kernel.
_KERNEL_LOCK = threading.Lock()


def execute_remote(task: tasks.Task, root: Path, fresh_kernel: bool) -> tuple:
    """Run on a worker: check the worker's inputs hash like the client's, execute into a temp
    file, return (Outcome, notebook bytes or None)."""
    data = inputs.DataInputs(task.data_dir)
    here = tasks.task_hash(task, tasks.task_dependencies(task, data, {}))
    if here != task.input_hash:
        error = (
            "the worker's checkout differs from the client's (templates, data/ or provbook "
            f"code at {root}); give every worker the same checkout at the same path"
        )
        return tasks.Outcome(task.name, "failed", 0.0, error), None
    with _KERNEL_LOCK, tempfile.TemporaryDirectory(prefix="provbook-worker-") as tmp:
        local = replace(task, output=Path(tmp) / task.output.name)
        outcome = tasks.execute(local, root, fresh_kernel)
        content = local.output.read_bytes() if outcome.status == "executed" else None
    outcome.output = str(task.output)
    return outcome, content


def execute_chapter_remote(group: list[tasks.Task], root: Path, fresh_kernel: bool) -> list:
    """Run on a worker: a chapter's languages one after the other (its kernel computes the
    chapter once for both editions); each as :func:`execute_remote`."""
    return [execute_remote(task, root, fresh_kernel) for task in group]


def _stop_kernels() -> None:
    """Run on each worker after a build: the next build may bring changed code."""
    with _KERNEL_LOCK:
        kernels.shutdown()


def _refuse_closed_port(address: str) -> None:
    """Raise ConnectionRefusedError at once when the host of a ``tcp://`` address refuses its
    port: the client would retry for its whole timeout (10 s) before saying the same. Anything
    else (no answer yet, another protocol) is left to the client."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:  # not a number: the client says what is wrong with it
        return
    if parts.scheme != "tcp" or not parts.hostname or port is None:
        return
    try:
        socket.create_connection((parts.hostname, port), timeout=2).close()
    except ConnectionRefusedError:
        raise
    except OSError:
        return


@contextlib.contextmanager
def connect(address: str) -> Iterator:
    """A client of the scheduler at ``address``; a clear error when none answers."""
    from distributed import Client

    try:
        _refuse_closed_port(address)
        client = Client(address, timeout=10, set_as_default=False)
    except OSError as exc:
        raise ConnectionError(
            f"no Dask scheduler answers at {address} ({exc}); start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`"
        ) from exc
    try:
        yield client
    finally:
        client.close()


def run_on_cluster(
    planned: list[tasks.Task],
    root: Path,
    address: str,
    fresh_kernels: bool = False,
    report: Callable = lambda outcome: None,
) -> list[tasks.Outcome]:
    """Execute ``planned`` on the cluster at ``address``; write each finished notebook here."""
    outcomes = []
    with connect(address) as client:
        executor = client.get_executor(pure=False)
        groups: dict[str, list[tasks.Task]] = {}
        for task in planned:  # a chapter's languages on one worker, as on the local pool
            groups.setdefault(task.chapter, []).append(task)
        futures = {
            executor.submit(execute_chapter_remote, group, root, fresh_kernels): group
            for group in groups.values()
        }
        try:
            for future in as_completed(futures):
                group = futures[future]
                try:
                    results = future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker fails this chapter only
                    error = tasks.describe_failure(exc)
                    results = [(tasks.Outcome(t.name, "failed", 0.0, error), None) for t in group]
                for task, (outcome, content) in zip(group, results, strict=True):
                    if content is not None:
                        writes.write_bytes_atomically(content, task.output)
                    outcomes.append(outcome)
                    report(outcome)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        finally:
            with contextlib.suppress(Exception):
                client.run(_stop_kernels)
    return outcomes
