"""Stamps in ``_build/`` that let a build skip work whose inputs did not change.

- The **validation stamp** holds the hash of the ``data/`` (and validator code) that last
  validated clean: validating the whole package takes over a second, hashing it milliseconds.
- The **build stamp** holds the fingerprint of everything the last successful build read
  (:func:`provbook.build.inputs.fingerprint`) and the size and modification time of what it wrote.
  When both still match, a rebuild has nothing to do and stops before importing pandas,
  papermill or Sphinx.

A stamp is written only after the work it vouches for succeeded, and atomically; a missing or
unreadable stamp means "do the work".
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from provbook.build import inputs

VALIDATION_STAMP = ".provbook-valid.json"
BUILD_STAMP = ".provbook-build.json"


def read_stamp(path: Path) -> dict:
    """A stamp's content; {} (do the work) when it is missing, unreadable or not a JSON object."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return content if isinstance(content, dict) else {}


def write_stamp(path: Path, content: dict) -> None:
    """Write next to the stamp, then rename: a killed or failed write leaves the previous one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.part")
    try:
        partial.write_text(json.dumps(content, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Validation


def validation_key(data_dir: Path) -> str:
    """The data and the validator's code: either changing means validating again."""
    code = inputs.hash_files(
        inputs.module_files(["provbook.datapackage.validate"]), inputs.PACKAGE_DIR
    )
    return hashlib.sha256(f"{inputs.data_hash(data_dir)}:{code}".encode()).hexdigest()


def validated(stamp: Path, key: str) -> bool:
    return read_stamp(stamp).get("data") == key


def record_validated(stamp: Path, key: str) -> None:
    write_stamp(stamp, {"data": key})


# ---------------------------------------------------------------------------------------------
# The whole build


def outputs_state(site: Path) -> dict[str, list[int]]:
    """Size and modification time of what a build writes and a later one would keep (every file
    of the published site: a deleted figure or an edited page is seen), and of the PDF of
    ``make pdf``, which the intro links once it exists (see provbook.build.html.pdf_note)."""
    html = site / "_build" / "html"
    files = sorted(p for p in html.rglob("*") if not p.is_dir()) if html.is_dir() else []
    files += [site / "_build" / ".provbook-html.json", site / "_build" / "pdf" / "book.pdf"]
    book = site / "book"
    if book.is_dir():
        files += sorted(book.rglob("*.ipynb"))
        files += sorted((book / "_generated").glob("*"))
    state = {}
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        state[str(path.relative_to(site))] = [info.st_mtime_ns, info.st_size]
    return state


def build_unchanged(site: Path, fingerprint: str) -> bool:
    """True if the last successful build read exactly these inputs and its outputs are as it
    left them."""
    stamp = read_stamp(site / "_build" / BUILD_STAMP)
    return stamp.get("fingerprint") == fingerprint and stamp.get("outputs") == outputs_state(site)


def record_build(site: Path, fingerprint: str) -> None:
    write_stamp(
        site / "_build" / BUILD_STAMP,
        {"fingerprint": fingerprint, "outputs": outputs_state(site)},
    )


def forget_build(site: Path) -> None:
    """Called before a build changes anything: a build that then fails or is killed must not
    leave a stamp saying its outputs are current."""
    (site / "_build" / BUILD_STAMP).unlink(missing_ok=True)
