"""The whole-book PDF, built on a small book shaped like ours (root page in book/, a notebook
chapter with a folded code cell, a figure and a table)."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from provbook.publish import chromium as browser
from provbook.publish import pdf

POPPLER_HINT = "needs poppler-utils (pdfinfo, pdftotext, pdfimages): apt-get install poppler-utils"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: the PDF test {POPPLER_HINT}", pytrace=False)
    return path


def _png() -> str:
    fig = Figure(figsize=(4, 2.5))
    ax = fig.subplots()
    ax.plot([2016, 2020, 2025], [3, 5, 8])
    ax.set_title("Sóc Trăng: a small test chart")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _small_book(root: Path) -> None:
    (root / "book").mkdir(parents=True)
    (root / "_config.yml").write_text(
        textwrap.dedent(
            """\
            title: A small book
            author: test
            only_build_toc_files: true
            execute:
              execute_notebooks: "off"
            parse:
              myst_enable_extensions: [colon_fence]
            sphinx:
              config:
                html_static_path: ["book/_static"]
                html_css_files: ["provbook.css"]
            """
        )
    )
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/chapter\n"
    )
    static = root / "book" / "_static"
    static.mkdir()
    shutil.copy(Path(pdf.ROOT) / "book" / "_static" / "provbook.css", static / "provbook.css")
    prose = "\n\n".join(
        f"Paragraph {i}: provinces plan industrial parks, clusters and energy projects; "
        "this sentence is repeated so that the book runs over several printed pages." * 3
        for i in range(40)
    )
    # As book/intro.md says how to open folded code: on screen only, never in the PDF.
    media = (
        ':::{container} screen-only\nOpen "Show code cell source" to see the code.\n:::\n\n'
        ":::{container} print-only\nThis printed version leaves out the code.\n:::\n"
    )
    (root / "book" / "intro.md").write_text(f"# Introduction\n\n{media}\n{prose}\n")
    table = (
        "<table><tr><th>Province</th><th>Parks</th></tr>"
        "<tr><td>Long An</td><td>37</td></tr></table>"
    )
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# A chapter\n\nText."},
            {
                "cell_type": "code",
                "id": "b",
                "metadata": {"tags": ["hide-input"]},
                "execution_count": 1,
                "source": "secret_code_line = draw_the_chart()",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"image/png": _png(), "text/plain": "<Figure>"},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"text/html": table, "text/plain": "table"},
                    },
                ],
            },
        ],
    }
    (root / "book" / "chapter.ipynb").write_text(json.dumps(notebook))


def test_pdf_of_a_small_book_has_pages_figures_tables_and_no_code(build_books, tmp_path):
    tools = {name: _tool(name) for name in ("pdfinfo", "pdftotext", "pdfimages")}
    try:
        browser.find_chromium()
    except browser.ChromiumMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    site = tmp_path / "site"
    _small_book(site)
    out = tmp_path / "out" / "book.pdf"

    assert pdf.build_pdf(site, out) == out

    info = subprocess.run([tools["pdfinfo"], out], capture_output=True, text=True, check=True)
    pages = int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )
    assert pages > 1
    images = subprocess.run(
        [tools["pdfimages"], "-list", out], capture_output=True, text=True, check=True
    )
    assert len(images.stdout.splitlines()) > 2  # two header lines, then one line per image
    text = subprocess.run(
        [tools["pdftotext"], out, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Paragraph 39" in text and "A chapter" in text
    assert "Long An" in text  # the table
    assert "Show code cell" not in text
    assert "This printed version leaves out the code." in text
    assert "secret_code_line" not in text
    assert not list(out.parent.glob("*.part"))


def test_a_failed_build_leaves_no_pdf(build_books, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: broken\n")
    (site / "_toc.yml").write_text("format: jb-book\nroot: missing\n")
    out = tmp_path / "out" / "book.pdf"
    with pytest.raises(pdf.PdfError, match="singlehtml build failed"):
        pdf.build_pdf(site, out)
    assert not out.exists()
