"""One Jupyter kernel per build process, reused for each notebook that process executes.

Profiling the build showed that starting and stopping a kernel (~0.6 s) and importing pandas,
matplotlib and provbook in it (~0.5 s) cost about a third of a chapter's time. A process of the
build's pool therefore keeps its kernel: before each notebook the kernel's namespace is reset
and its execution counter set back to 1, so every notebook runs as in a new session (same
execution counts, no variables left over) while imported modules and loaded data stay in
memory. ``provbook build --fresh-kernels`` goes back to a new kernel per notebook.

The process also keeps one connected client of that kernel. A new client must wait until the
kernel's IOPub channel is quiet (``wait_for_ready`` polls it for 0.2 s), which cost 0.4 s of
idle time per notebook (once for the reset, once for papermill's own client); the kept client
waits once per process.

Every kernel of a build is this Python's own (the venv's): :func:`manager_class` gives a kernel
manager that launches ``sys.executable -m ipykernel_launcher`` instead of looking the kernel's name
up among installed kernelspecs, where a ``python3`` kernelspec of ``JUPYTER_PATH`` or of the user's
Jupyter folders comes first and would run the notebooks in another Python (without provbook: the
build failed with "Kernel died before replying"). The name stays :data:`KERNEL_NAME`, the one the
templates' metadata give and ``make setup`` installs for JupyterLab and plain papermill.
"""

from __future__ import annotations

import atexit
import functools
import multiprocessing.util
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

#: Run silently before each notebook: a new IPython session in the same process. The reset
#: collects the last notebook's garbage; what survives it (modules, loaded data, caches) is then
#: frozen out of the collector's sight (``gc.freeze``), so the many collections a chapter's charts
#: trigger no longer walk it again and again (measured: 5-10 % of a province chapter's cell time).
RESET_CODE = "get_ipython().reset(new_session=True, aggressive=False)\n__import__('gc').freeze()"
ENGINE = "provbook-reused-kernel"
#: The kernel name of the templates' metadata, of papermill's kernel_name and of the kernelspec
#: ``make setup`` installs into the venv (tests/test_environment.py checks they agree).
KERNEL_NAME = "python3"

#: Starts of a kernel tried when it dies before answering (:func:`died_starting`).
START_ATTEMPTS = 3
T = TypeVar("T")

# (process id, cwd, data folder, manager, client): a forked child must not use its parent's kernel.
_kernel: tuple[int, str, str, object, object] | None = None


def _register_engine() -> None:
    """A papermill engine like the default one, but that leaves the kernel running."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    if ENGINE in papermill_engines._engines:
        return

    class ReusedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            km=None,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs.pop("input_path", None)
            notebook_client = PapermillNotebookClient(
                nb_man,
                km=km,  # given, so the client does not own it and will not shut it down
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                startup_timeout=start_timeout,
                timeout=execution_timeout,
                **kwargs,
            )
            # The process's connected client: nbclient then neither starts nor stops one (a given
            # km means it does not own the kernel, so it leaves the client's channels open).
            notebook_client.kc = client_of(km)
            return notebook_client.execute()

    papermill_engines.register(ENGINE, ReusedKernelEngine)


@functools.cache
def manager_class() -> type:
    """An AsyncKernelManager whose kernel is always this Python's ipykernel, whatever kernelspecs
    are installed (nbclient's ``kernel_manager_class``; :func:`kernel_for` uses it too)."""
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class OwnKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self) -> KernelSpec:
            if self._kernel_spec is None:
                spec = get_kernel_dict()
                spec["display_name"] = "Python 3 (provbook)"
                self._kernel_spec = KernelSpec(resource_dir="", **spec)
            return self._kernel_spec

    return OwnKernelManager


def connection_file() -> str:
    """A new path for a kernel's connection file (its ports and HMAC key) in the Jupyter runtime
    folder, which a build sets to its own ``_build/.kernels`` (pipeline.kernel_runtime). A kernel
    manager given no path writes it with ``tempfile.mkstemp`` into $TMPDIR, where an interrupted
    build left it behind."""
    from jupyter_core.paths import jupyter_runtime_dir

    folder = jupyter_runtime_dir()
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return os.path.join(folder, f"kernel-{uuid.uuid4()}.json")


def connection_config():
    """Configuration for a notebook client that starts its own kernel (papermill's default
    engine): the kernel manager it makes writes its connection file at :func:`connection_file`."""
    from traitlets.config import Config

    return Config({"KernelManager": {"connection_file": connection_file()}})


def kernel_for(cwd: Path, data_dir: Path, log: Path | None = None):
    """This process's kernel for notebooks run from ``cwd`` on ``data_dir``, started if needed."""
    global _kernel
    from jupyter_core.utils import run_sync

    key = (os.getpid(), str(cwd), str(data_dir))
    if _kernel is not None and _kernel[:3] == key and run_sync(_kernel[3].is_alive)():
        return _kernel[3]
    shutdown()
    _register_engine()
    if log:
        log.parent.mkdir(parents=True, exist_ok=True)
    manager, client = with_new_ports(lambda: _start(cwd, log))
    client.allow_stdin = False
    _kernel = (*key, manager, client)
    # Pool workers leave through multiprocessing, which runs its finalizers but not atexit (and
    # clears the finalizers a child inherits): register in the process that owns the kernel.
    multiprocessing.util.Finalize(None, shutdown, exitpriority=10)
    atexit.register(shutdown)
    return manager


def _start(cwd: Path, log: Path | None):
    """A started kernel with its connected client; nothing left running if it fails."""
    from jupyter_core.utils import run_sync

    from provbook.build.signals import die_with_parent

    manager = manager_class()(kernel_name=KERNEL_NAME, connection_file=connection_file())
    stderr = open(log, "a", encoding="utf-8") if log else None  # noqa: SIM115 - kernel's lifetime
    try:
        # Killed with its process, even by SIGKILL (then nobody is left to stop it).
        run_sync(manager.start_kernel)(cwd=str(cwd), stderr=stderr, preexec_fn=die_with_parent())
    finally:
        if stderr is not None:
            stderr.close()  # the kernel process holds its own copy of the descriptor
    client = manager.client()
    client.start_channels()
    try:
        run_sync(client.wait_for_ready)(timeout=60)
    except BaseException:
        client.stop_channels()
        run_sync(manager.shutdown_kernel)(now=True)
        raise
    return manager, client


def died_starting(exc: BaseException) -> bool:
    """Whether a kernel exited before it answered (jupyter_client's words), as one does whose
    port another process took: jupyter_client picks free TCP ports, closes them and lets the
    kernel bind them, and a kernel another build (or test) started in that moment may bind one
    first ("Address already in use" in the kernel's log). A new start picks new ports."""
    return isinstance(exc, RuntimeError) and "Kernel died before replying" in str(exc)


def with_new_ports(start: Callable[[], T], ran: Callable[[], bool] = lambda: False) -> T:
    """``start()``, which starts a kernel, called again while that kernel dies before answering
    (:func:`died_starting`): at most :data:`START_ATTEMPTS` times, and never once ``ran()``
    says a cell has run. Each call picks new ports."""
    for _ in range(START_ATTEMPTS - 1):
        try:
            return start()
        except RuntimeError as exc:
            if ran() or not died_starting(exc):
                raise
    return start()  # the last attempt: whatever it raises is the caller's


def client_of(manager):
    """The connected client this process keeps for its kernel ``manager``."""
    if _kernel is None or _kernel[3] is not manager or _kernel[0] != os.getpid():
        raise RuntimeError("no kernel of this process: call kernel_for() first")
    return _kernel[4]


def reset(manager) -> None:
    """Clear the namespace and restart execution counts, as a new kernel would have them."""
    from jupyter_core.utils import run_sync

    reply = run_sync(client_of(manager).execute_interactive)(
        RESET_CODE, silent=True, store_history=False, timeout=60
    )
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"could not reset the kernel: {reply['content']}")


def shutdown() -> None:
    """Stop this process's kernel, if it started one."""
    global _kernel
    if _kernel is None:
        return
    pid, _, _, manager, client = _kernel
    _kernel = None
    if pid != os.getpid():
        return  # a parent's kernel, inherited by fork: not ours to stop
    from jupyter_core.utils import run_sync

    try:
        client.stop_channels()
    except Exception:  # noqa: BLE001 - already closed
        pass
    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - already gone
        pass
