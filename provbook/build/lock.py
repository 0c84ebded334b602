"""One build at a time per output folder: two Sphinx runs on the same ``_build`` corrupt it.

The lock is ``fcntl.flock`` on ``_build/.provbook.build.lock``, which the kernel releases when its
holder dies however it dies, so a lock left by a killed build is simply taken over. The file
also holds the holder's pid, only to name it in the message of a refused build.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".provbook.build.lock"


class BuildLocked(RuntimeError):
    """Another live process holds the lock of this folder."""

    def __init__(self, folder: Path, pid: str):
        self.pid = pid
        super().__init__(
            f"another provbook build (pid {pid or 'unknown'}) is running in this folder "
            f"({folder}); wait for it to finish, or stop it, and run again"
        )


class LockUnavailable(RuntimeError):
    """The lock file cannot be created or opened (a read-only ``_build``, a file in its place)."""

    def __init__(self, path: Path, error: OSError):
        super().__init__(
            f"cannot take the build lock {path}: {error.strerror}; its folder must be one "
            "this user can write (a build writes everything it makes under it)"
        )


@contextlib.contextmanager
def build_lock(folder: Path, note=lambda message: None) -> Iterator[Path]:
    """Hold the build lock of ``folder`` (the site: the checkout or an --output folder)."""
    path = folder / "_build" / LOCK_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LockUnavailable(path, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(folder, _read(fd)) from None
        previous = _read(fd)
        if previous and previous != str(os.getpid()):
            note(f"Took over a stale build lock of pid {previous} (that process is gone).")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)  # kept, not removed: unlinking a flock file races a waiter
    finally:
        os.close(fd)  # releases the flock


def _read(fd: int) -> str:
    return os.pread(fd, 64, 0).decode(errors="replace").strip()
