"""The data package zip published with the site: complete, deterministic, never half-written."""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from provbook.publish import package_zip

DATA = Path(__file__).resolve().parents[1] / "data"


def test_zip_holds_every_file_of_data_with_its_descriptor(tmp_path):
    out = package_zip.write_zip(DATA, tmp_path / "site" / "provbook-data.zip")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        assert archive.read("data/datapackage.json") == (DATA / "datapackage.json").read_bytes()
        assert archive.read("data/targets.csv") == (DATA / "targets.csv").read_bytes()
    expected = sorted(
        "data/" + p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()
    )
    assert names == expected  # sorted, every file, boundaries and codebook included
    assert any(n.startswith("data/boundaries/") for n in names)


def test_zip_is_the_same_bytes_whatever_the_file_times(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    first = package_zip.write_zip(copy, tmp_path / "a.zip").read_bytes()
    for path in copy.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))  # another day, another checkout
    (copy / ".ipynb_checkpoints").mkdir()
    (copy / ".ipynb_checkpoints" / "x.csv").write_text("not data")
    second = package_zip.write_zip(copy, tmp_path / "b.zip").read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    (copy / "targets.csv").write_text((copy / "targets.csv").read_text() + "\n")
    assert package_zip.write_zip(copy, tmp_path / "c.zip").read_bytes() != first


def test_a_folder_without_a_descriptor_is_refused_and_leaves_no_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "targets.csv").write_text("a\n1\n")
    with pytest.raises(FileNotFoundError, match="no datapackage.json"):
        package_zip.write_zip(tmp_path / "data", tmp_path / "out" / "provbook-data.zip")
    assert not list((tmp_path).rglob("*.zip*"))


def test_the_appendix_links_the_zip_for_download(tmp_path):
    from provbook.datapackage import data

    out = package_zip.write_zip(DATA, tmp_path / "provbook-data.zip")
    text = data.describe_package(DATA, download=out)
    size = out.stat().st_size / 1e6
    assert (
        f"{{download}}`provbook-data.zip <provbook-data.zip>` ({size:.1f} MB, unpacks to a "
        "`data/` folder)" in text
    )
    assert "{download}" not in data.describe_package(DATA)  # no zip, no link


def test_a_build_writes_the_zip_beside_the_appendix(tmp_path):
    from conftest import copy_checkout

    from provbook.build.folders import Project
    from provbook.build.html import generate_pages

    site = copy_checkout(tmp_path / "site")
    generate_pages(Project.at(site))
    generated = site / "book" / "_generated"
    with zipfile.ZipFile(generated / "provbook-data.zip") as archive:
        assert "data/datapackage.json" in archive.namelist()
    assert "{download}`provbook-data.zip" in (generated / "data_appendix.md").read_text()


def test_the_vietnamese_edition_gets_its_generated_pages_and_the_same_zip(tmp_path):
    """generate_pages(project, "vi"): book/vi/_generated/ holds the Vietnamese data appendix,
    bibliography, list of provinces and PDF line, and the data download (the same bytes as the
    English edition's), which its appendix links inside its own site."""
    from conftest import copy_checkout

    from provbook.build.folders import Project
    from provbook.build.html import generate_pages

    site = copy_checkout(tmp_path / "site")
    english = site / "book" / "_generated"
    generate_pages(Project.at(site))
    before = {p.name: p.read_bytes() for p in english.iterdir()}
    generate_pages(Project.at(site), "vi")
    pages = site / "book" / "vi" / "_generated"
    assert sorted(p.name for p in pages.iterdir()) == [
        "data_appendix.md",
        "pdf_note.md",
        "provbook-data.zip",
        "provinces.md",
        "references.bib",
    ]
    appendix = (pages / "data_appendix.md").read_text(encoding="utf-8")
    assert appendix.startswith("# Phụ lục dữ liệu")
    assert "{download}`provbook-data.zip <provbook-data.zip>`" in appendix
    assert (pages / "provbook-data.zip").read_bytes() == before["provbook-data.zip"]
    assert "Không rõ tờ báo" in (pages / "references.bib").read_text(encoding="utf-8")
    assert (pages / "provinces.md").read_text(encoding="utf-8").startswith("Sách có một chương")
    # The English edition's pages are left as they were.
    assert {p.name: p.read_bytes() for p in english.iterdir()} == before
