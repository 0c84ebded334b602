"""Writing outputs safely: a notebook or site file is renamed into place only when complete,
and only onto a regular file (never a device or a folder provbook does not own).

Its own module because every route writes: the build's tasks, the cluster's results, the site's
folders and ``python -m provbook.build.template``; none of them should import the others for it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat


class OutputRefused(ValueError):
    """An output path that provbook must not replace or fill (a device, a folder not its own)."""


def file_kind(path: Path) -> str:
    """What is at ``path``, in words: "missing", "a regular file", "a folder", "a character
    device" ..."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "missing"  # a parent is a file: creating it fails with its own clear error
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself"
        return f"unreadable ({exc.strerror})"
    kinds = (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((text for test, text in kinds if test(mode)), "a special file")


def check_output_file(path: Path) -> None:
    """A notebook may only replace a regular file: the rename of an atomic write would turn
    ``/dev/null`` into a regular file (and, as root, break the system's ``/dev/null``)."""
    kind = file_kind(path)
    if kind not in ("missing", "a regular file"):
        raise OutputRefused(
            f"refusing to write {path}: it is {kind}; the output must be a new or existing "
            "regular .ipynb file"
        )


def check_notebook_output(path: Path, data_dir: Path) -> None:
    """Where ``provbook run -o`` may write: a new or existing regular file whose name ends in
    ``.ipynb``, outside the data package (a table there must never become a notebook)."""
    check_output_file(path)
    if path.suffix != ".ipynb":
        raise OutputRefused(
            f"refusing to write {path}: the output of a run is a notebook, and its name must "
            "end in .ipynb"
        )
    data = Path(os.path.realpath(data_dir))
    if Path(os.path.realpath(path)).is_relative_to(data):
        raise OutputRefused(
            f"refusing to write {path}: it is inside the data package {data}/, which holds only "
            "data; write the notebook outside data/"
        )


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """The file to write instead of ``path``: renamed onto ``path`` when the block ends without
    an error, so a reader never sees a half-written notebook; removed otherwise."""
    check_output_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_atomically(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write a notebook next to the target, then rename (see :func:`replacing`)."""
    import nbformat

    with replacing(path) as partial:
        nbformat.write(nb, partial)


def write_bytes_atomically(content: bytes, path: Path) -> None:
    """Write a notebook's bytes (from a cluster worker) next to the target, then rename."""
    with replacing(path) as partial:
        partial.write_bytes(content)
