"""The data package as one download: a zip of ``data/`` with its descriptor, for the site.

The zip is the same bytes for the same files (names sorted, one fixed timestamp and mode, one
compression level), so a rebuild with unchanged data leaves the site, and the build's hash of the
pages it reads, unchanged. It is written next to its final name and moved into place: a failed
run leaves no half-written zip. ``provbook build`` writes it to ``book/_generated/`` (not
committed) and the data appendix links it.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

#: File name of the download (also its name in the site's _downloads/).
ZIP_NAME = "provbook-data.zip"
#: The earliest time a zip can hold: no build date or file time leaks into the bytes.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
#: Folder the files sit in inside the zip, so that unpacking it gives ``data/...``.
PREFIX = "data"


def package_files(data_dir: Path) -> list[Path]:
    """Every file of the data package, sorted by path; hidden files and caches left out."""
    data_dir = Path(data_dir)
    files = []
    for path in data_dir.rglob("*"):
        parts = path.relative_to(data_dir).parts
        if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in parts):
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(data_dir).as_posix())


def write_zip(data_dir: Path, out: Path) -> Path:
    """Zip ``data_dir`` (which must hold ``datapackage.json``) into ``out``; returns ``out``."""
    data_dir = Path(data_dir)
    if not (data_dir / "datapackage.json").is_file():
        raise FileNotFoundError(f"{data_dir}: no datapackage.json, not a data package")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for path in package_files(data_dir):
                name = f"{PREFIX}/{path.relative_to(data_dir).as_posix()}"
                info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3  # Unix: the mode above is read as such everywhere
                archive.writestr(info, path.read_bytes(), compresslevel=9)
        if out.is_file() and out.read_bytes() == partial.read_bytes():
            return out  # unchanged: keep the file (and its time) as it was
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out
