"""Stopping a build cleanly on Ctrl-C or ``kill``, and never leaving its processes behind.

A build has three kinds of processes: the main one, the pool's workers and a Jupyter kernel per
worker (plus the jupyter-book subprocess). The main process turns SIGINT and SIGTERM into an
``Interrupted`` exception, so ``finally`` blocks run and the command can exit with 128 + the
signal number; whoever catches it stops every descendant with ``stop_descendants``. Workers
ignore SIGINT (Ctrl-C reaches the whole terminal process group: the main process decides) and
watch their parent, so a SIGKILLed build does not leave them running; kernels watch their own
parent (ipykernel's parent poller, armed by jupyter_client's ``JPY_PARENT_PID``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator

#: Set by a build to its own folder for kernel connection files (see pipeline.kernel_runtime).
RUNTIME_VARIABLE = "JUPYTER_RUNTIME_DIR"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: How long processes get to exit after SIGTERM before they are killed.
GRACE_SECONDS = 2.0


class Interrupted(BaseException):  # noqa: N818 - not an error: a request to stop
    """The build received SIGINT or SIGTERM. A BaseException, so ``except Exception``
    handlers (which report a failed notebook and go on) let it through."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _raise(signum: int, frame) -> None:
    for number in STOP_SIGNALS:  # a second Ctrl-C must not interrupt the clean-up
        signal.signal(number, signal.SIG_IGN)
    # The notebook client's pending tasks now end with "Kernel died": expected, not news.
    logging.getLogger("asyncio").disabled = True
    raise Interrupted(signum)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Within this block SIGINT and SIGTERM raise ``Interrupted`` in the main thread. Once one
    did, both stay ignored after the block: the process is cleaning up on its way out, and a
    second Ctrl-C must not kill it by signal (Python's own handler) before it exits 130/143."""
    previous = {number: signal.signal(number, _raise) for number in STOP_SIGNALS}
    interrupted = False
    try:
        yield
    except Interrupted:
        interrupted = True
        raise
    finally:
        if not interrupted:
            for number, handler in previous.items():
                signal.signal(number, handler)


def stop_descendants(grace: float = GRACE_SECONDS) -> int:
    """SIGTERM every descendant of this process, then SIGKILL what is left; the count stopped.
    A pool's workers go first, through multiprocessing (see :func:`stop_pool_workers`)."""
    import psutil

    workers = stop_pool_workers(grace)
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return workers
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=grace)
    return workers + len(children)


def stop_pool_workers(grace: float = GRACE_SECONDS) -> int:
    """Stop this process's multiprocessing children (a pool's workers) through multiprocessing's
    own handles; the count stopped. Each worker's SIGTERM handler kills its kernel first.

    Why not psutil, as for other descendants: it would reap the workers itself, multiprocessing's
    ``waitpid`` then fails, ``is_alive()`` stays True for ever, and the executor's manager thread
    spins in ``shutdown_workers`` while the interpreter's exit waits for it (a build that printed
    "interrupted" and never exited, seen in CI)."""
    import multiprocessing

    workers = multiprocessing.active_children()
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + grace
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.is_alive():
            worker.kill()
            worker.join(grace)
    return len(workers)


def kill_descendants() -> None:
    """SIGKILL every descendant at once (a worker whose build is gone has no time to lose)."""
    import psutil

    with contextlib.suppress(psutil.Error):
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()


def _stop_worker(signum: int, frame) -> None:
    kill_descendants()
    os._exit(128 + signum)


def _watch_parent(parent: int, interval: float) -> None:
    while os.getppid() == parent:
        time.sleep(interval)
    kill_descendants()
    runtime = os.environ.get(RUNTIME_VARIABLE)
    if runtime:  # the kernels' connection files: nobody is left to remove them
        shutil.rmtree(runtime, ignore_errors=True)
    os._exit(1)


def init_worker(parent: int, interval: float = 0.3) -> None:
    """Pool worker set-up: leave Ctrl-C to the main process, die with it, take the kernel along."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if os.getppid() != parent:  # the build died before this worker started
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent, interval), daemon=True).start()


def die_with_parent():
    """A ``preexec_fn`` for subprocesses that Linux kills when this process dies, even by
    SIGKILL (``prctl(PR_SET_PDEATHSIG)``); None where that does not exist. libc is loaded here,
    in the parent: between fork and exec only the system call itself is safe to run."""
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def preexec() -> None:
        prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)

    return preexec
