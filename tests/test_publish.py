"""The site the workflow publishes is the whole publication: pages, the PDF and the data."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from provbook.build.folders import Project
from provbook.build.html import PDF_PATH, pdf_note

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def test_the_published_site_is_built_with_its_pdf():
    steps = _steps()
    runs = [step.get("run", "") for step in steps]
    uploads = [k for k, s in enumerate(steps) if "upload-pages-artifact" in s.get("uses", "")]
    assert len(uploads) == 1 and steps[uploads[0]]["with"]["path"] == "_build/html"
    pdf = [k for k, run in enumerate(runs) if re.search(r"\bmake pdf\b", run)]
    assert pdf and pdf[0] < uploads[0], "the PDF is made before the site is uploaded"
    # Nothing after it cleans the build away before the upload.
    assert not any("clean" in run for run in runs[pdf[0] : uploads[0]])


def test_make_pdf_builds_the_book_again_after_printing_it():
    """The intro links the PDF only when it exists (pdf_note): the last build of
    `make pdf` must come after the print."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\npdf:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert "provbook.publish.pdf" in recipe[0]
    assert "provbook build" in recipe[-1]


def test_the_intro_links_the_pdf_once_it_exists(tmp_path):
    project = Project.at(tmp_path)
    assert "make pdf" in pdf_note(project)
    pdf = tmp_path / PDF_PATH
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 2_400_000)
    note = pdf_note(project)
    assert note.startswith("The whole book is also one PDF")
    assert "{download}`book.pdf </_build/pdf/book.pdf>` (2.4 MB)" in note


def test_the_vietnamese_intro_says_the_pdf_is_of_the_english_edition(tmp_path):
    project = Project.at(tmp_path)
    assert "ấn bản tiếng Anh" in pdf_note(project, "vi")
    pdf = tmp_path / PDF_PATH
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 2_400_000)
    note = pdf_note(project, "vi")
    assert note.startswith("Toàn bộ ấn bản tiếng Anh của sách")
    assert "{download}`book.pdf </_build/pdf/book.pdf>` (2,4 MB)" in note
