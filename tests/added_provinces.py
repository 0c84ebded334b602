"""Two researchers' additions to the built default book, built together once per run.

One follows the "Add a province" guide (book/add-province.md) literally for Đắk Lắk: its
example rows appended to the files it names, its commands run with the real CLI. The other
adds Gia Lai from four sources (three pages and an official document), two of them naming the
same park with different areas. Both only append rows, and each row names its own province, so
one build (``book_with_added_provinces`` in tests/conftest.py) serves tests/test_add_province.py
and tests/test_four_sources.py: every chapter re-executes after either (sources and priorities
are read by all), and two builds of the whole book cost twice one. The rows are synthetic: they
live only in the temporary copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
from pathlib import Path

import nbformat
from sixth_province import append_rows

from provbook.build.inputs import CONFIG_FILES

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "book" / "add-province.md"
BLOCK = re.compile(r"```\{code-block\} (\w+)\n:caption: ([^\n]+)\n\n?(.*?)```", re.S)
#: The province of the guide's example rows.
GUIDE_PROVINCE, GUIDE_NAME = "dak-lak", "Đắk Lắk"
#: The province added from four sources.
PROVINCE, NAME = "gia-lai", "Gia Lai"
#: What the fixture writes beside the built copy: the state before the additions.
BEFORE = "before-additions.json"

SOURCES = [
    {"source_id": "gl_page_1", "kind": "article", "outlet": "Báo Gia Lai", "author": "unknown",
     "title": "Gia Lai phát triển công nghiệp", "title_en": "Gia Lai develops industry",
     "date": "2024-03-01", "url": "https://example.org/gl-1"},
    {"source_id": "gl_page_2", "kind": "article", "outlet": "unknown", "author": "unknown",
     "title": "unknown", "title_en": "Industrial parks of Gia Lai",
     "title_vi": "[Các khu công nghiệp của Gia Lai]", "date": "unknown",
     "url": "https://example.org/gl-2"},
    {"source_id": "gl_page_3", "kind": "article", "outlet": "Cổng thông tin", "author": "unknown",
     "title": "Cụm công nghiệp", "title_en": "Industrial clusters", "date": "2023-05-10",
     "url": "https://example.org/gl-3"},
    {"source_id": "gl_plan", "kind": "legal", "outlet": "Ủy ban nhân dân tỉnh Gia Lai",
     "author": "unknown", "title": "Kế hoạch phát triển công nghiệp",
     "title_en": "Industrial development plan", "date": "2022-01-15",
     "url": "https://example.org/gl-plan"},
]  # fmt: skip
PARKS = [
    {"park_id": "park-gia-lai-01", "name": "Khu công nghiệp Trà Đa", "park_type": "KCN",
     "area_ha": "100", "status": "operating", "source_id": "gl_page_1"},
    {"park_id": "park-gia-lai-02", "name": "KCN Trà Đa (giai đoạn 2)", "park_type": "KCN",
     "area_ha": "150", "status": "expanding", "source_id": "gl_page_2",
     "same_as": "park-gia-lai-01"},
    {"park_id": "park-gia-lai-03", "name": "Cụm công nghiệp Diên Phú", "park_type": "CCN",
     "area_ha": "50", "status": "planned", "source_id": "gl_page_3"},
]  # fmt: skip
TARGETS = [
    {"target_id": "tgt-gia-lai-01", "indicator": "Industrial production growth",
     "kind": "annual_growth", "unit": "% per year", "low": "10", "high": "12",
     "target_year": "2030", "period_start": "2021", "period_end": "2030",
     "source_id": "gl_plan", "note": "Synthetic target."},
]  # fmt: skip
PRIORITIES = [
    {"code": "agro_food_processing", "source_id": "gl_page_3", "evidence": "Synthetic."},
]


def guide_blocks() -> list[tuple[str, str, str]]:
    """The guide's code blocks: (language, caption, body)."""
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def append_guide_rows(copy: Path) -> None:
    """The guide's example rows, appended to the files its captions name."""
    for _, caption, body in guide_blocks():
        if caption.startswith("data/"):
            target = copy / caption
            text = target.read_text(encoding="utf-8")
            assert text.endswith("\n"), f"{caption} must end with a newline to append to"
            target.write_text(text + body, encoding="utf-8")


def guide_commands() -> list[str]:
    return [
        line
        for _, caption, body in guide_blocks()
        if caption == "commands"
        for line in body.splitlines()
        if line.strip()
    ]


def add_four_sources(data: Path) -> None:
    append_rows(data / "sources.csv", [{**s, "province_id": PROVINCE} for s in SOURCES])
    append_rows(data / "parks.csv", [{**p, "province_id": PROVINCE} for p in PARKS])
    append_rows(data / "targets.csv", [{**t, "province_id": PROVINCE} for t in TARGETS])
    append_rows(
        data / "codebook" / "priorities.csv", [{**p, "province_id": PROVINCE} for p in PRIORITIES]
    )


def glued(path: Path) -> dict[str, str]:
    """Every value a chapter glues, as the text/plain the book pastes."""
    nb = nbformat.read(path, as_version=4)
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            plain = [v for k, v in output.get("data", {}).items() if k.endswith("text/plain")]
            if name and plain:
                values[name] = plain[0]
    return values


def figure_labels(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [
        label
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for label in re.findall(r":name: (\S+)", cell.source)
    ]


def guide_fingerprint(root: Path) -> dict[str, str]:
    """Hashes of everything but data/ and build outputs: what adding a province must not
    change (both editions' configuration; the templates with their Vietnamese twins)."""
    files = [root / name for name in CONFIG_FILES]
    files += sorted(p for p in (root / "notebooks").rglob("*") if p.is_file())
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def add_and_build(run_provbook, copy: Path) -> None:
    """In ``copy`` (a built default book): note the chapters as they are (``BEFORE``), add Gia
    Lai's four sources, then follow the guide for Đắk Lắk, its commands last (they validate
    and build the book, with both). :func:`guide_fingerprint` notes what must not change."""
    chapters = copy / "book" / "provinces"
    noted = {
        "chapters": {
            p.stem: {"values": glued(p), "labels": figure_labels(p)}
            for p in sorted(chapters.glob("*.ipynb"))
        },
        "fingerprint": guide_fingerprint(copy),
        "runs": [],
    }
    add_four_sources(copy / "data")
    append_guide_rows(copy)
    # The installed package lives in the real checkout: point its default data folder at the
    # copy (a user's own checkout needs nothing), and name the copy as --root for the build.
    env = {**os.environ, "PROVBOOK_DATA": str(copy / "data")}
    for line in guide_commands():
        args = shlex.split(line)
        assert args[0] == "provbook", line
        args = args[1:]
        if args[0] == "build":
            args += ["--root", str(copy), "--jobs", "2"]
        result = run_provbook(*args, cwd=copy, env=env, timeout=1500)
        noted["runs"].append(
            {"command": line, "returncode": result.returncode, "stdout": result.stdout,
             "stderr": result.stderr}
        )  # fmt: skip
        if result.returncode != 0:
            break
    _noted(copy).write_text(json.dumps(noted), encoding="utf-8")


def _noted(copy: Path) -> Path:
    return copy.parent / f"{copy.name}-{BEFORE}"


def before_additions(copy: Path) -> dict:
    """What :func:`add_and_build` noted: the chapters before, the fingerprint and each run."""
    return json.loads(_noted(copy).read_text(encoding="utf-8"))
