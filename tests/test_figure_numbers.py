"""Adding a province leaves the other chapters' figure numbers and labels unchanged.

A tiny Sphinx project shaped like the book's province part (one unnumbered toctree of chapters,
two captioned, labelled figures each) is built before and after a chapter is added in the
middle of the alphabetical order.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

PNG = b"\x89PNG\r\n\x1a\n"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        PNG + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")
    )


def _chapter(pid: str) -> str:
    return (
        f"{pid.title()}\n{'=' * len(pid)}\n\n"
        + "".join(
            f".. figure:: /pixel.png\n   :name: fig-{pid}-{name}\n\n   The {name} of {pid}.\n\n"
            for name in ("map", "targets")
        )
        + f"See :numref:`fig-{pid}-targets`.\n"
    )


def _build(src: Path, provinces: list[str], extension: bool = True) -> dict[str, list[str]]:
    (src / "provinces").mkdir(parents=True, exist_ok=True)
    (src / "pixel.png").write_bytes(_png())
    extensions = ["provbook.sphinx.figure_numbers"] if extension else []
    (src / "conf.py").write_text(
        f"extensions = {extensions!r}\nnumfig = True\nprovbook_chapter_figures = ['provinces/*']\n"
    )
    (src / "index.rst").write_text(
        "Book\n====\n\n.. toctree::\n   :glob:\n\n   provinces/*\n", encoding="utf-8"
    )
    for path in (src / "provinces").glob("*.rst"):
        path.unlink()
    for pid in provinces:
        (src / "provinces" / f"{pid}.rst").write_text(_chapter(pid), encoding="utf-8")
    out = src / "_build"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-W", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    found = {}
    for pid in provinces:
        html = (out / "provinces" / f"{pid}.html").read_text(encoding="utf-8")
        numbers = re.findall(r'<span class="caption-number">(Fig\. [\d.]+) </span>', html)
        labels = re.findall(r'id="(fig-[a-z-]+)"', html)
        refs = re.findall(r'<span class="std std-numref">(Fig\. [\d.]+)</span>', html)
        found[pid] = [*numbers, *labels, *refs]
    return found


def test_adding_a_chapter_keeps_the_other_chapters_figure_numbers(build_books, tmp_path):
    before = _build(tmp_path, ["an-giang", "ca-mau"])
    after = _build(tmp_path, ["an-giang", "bac-lieu", "ca-mau"])
    assert before["ca-mau"] == after["ca-mau"] == [
        "Fig. 1", "Fig. 2", "fig-ca-mau-map", "fig-ca-mau-targets", "Fig. 2"
    ]  # fmt: skip
    assert before["an-giang"] == after["an-giang"]
    assert after["bac-lieu"][:2] == ["Fig. 1", "Fig. 2"]


def test_without_the_extension_the_numbers_would_shift(build_books, tmp_path):
    """The control: what the extension prevents (so the test above can fail)."""
    before = _build(tmp_path, ["an-giang", "ca-mau"], extension=False)
    after = _build(tmp_path, ["an-giang", "bac-lieu", "ca-mau"], extension=False)
    assert before["ca-mau"][:2] != after["ca-mau"][:2]


def test_the_book_uses_the_scheme():
    """The province part is unnumbered and the extension is on (what the tests above build)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "Provinces")
    assert not part.get("numbered") and part["chapters"] == [{"glob": "book/provinces/*"}]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "provbook.sphinx.figure_numbers" in config["sphinx"]["config"]["extensions"]
