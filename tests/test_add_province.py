"""The "Add a province" guide (book/add-province.md), followed literally on a copy of the
repository: its example rows are appended to the files it names, its commands are run with the
real CLI (tests/added_provinces.py), and the new chapter must appear in the built book with no
change to code or configuration. Synthetic rows are fine here: they live only in the temporary
copy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import added_provinces
import pandas as pd
from added_provinces import (
    BLOCK,
    GUIDE,
    GUIDE_NAME,
    GUIDE_PROVINCE,
    append_guide_rows,
    guide_blocks,
    guide_fingerprint,
)

from provbook.chapters import province as chapter
from provbook.datapackage import data, validate
from provbook.datapackage.data import provinces_with_facts

ROOT = Path(__file__).resolve().parents[1]


def test_the_guide_names_files_rows_and_commands():
    blocks = guide_blocks()
    files = [caption for _, caption, _ in blocks if caption.startswith("data/")]
    assert files == [
        "data/sources.csv",
        "data/documents.csv",
        "data/targets.csv",
        "data/results.csv",
        "data/parks.csv",
        "data/codebook/priorities.csv",
    ]
    commands = [body for _, caption, body in blocks if caption == "commands"]
    assert commands and "provbook validate" in commands[0]
    assert "provbook build --province dak-lak" in commands[0]


def test_the_guide_rows_fit_the_contract_and_answer_its_questions(tmp_path: Path):
    """Without building: the example rows are valid and show what the guide says they show."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    append_guide_rows(tmp_path)
    assert validate.validate(copy) == []
    sources = data.sources(copy).set_index("source_id")
    assert (sources.loc[["art_dak_lak", "art_dak_lak_2"], "province_id"] == "dak-lak").all()
    second = sources.loc["art_dak_lak_2"]
    assert (second["outlet"], second["date"], second["url"]) == ("unknown",) * 3
    assert second["copy_url"].startswith("https://") and pd.isna(second["seed_file"])
    document = data.documents(copy).set_index("document_id").loc["doc-dak-lak-01"]
    assert document[["number", "issued_by", "issued_date", "period_end"]].isna().all()
    target = data.targets(copy).set_index("target_id").loc["tgt-dak-lak-02"]
    assert target["qualifier"] == "about" and pd.isna(target["target_year"])
    assert data.qualified(target["low"], target["qualifier"], target["unit"]) == "about 40 %"
    period = data.targets(copy).set_index("target_id").loc["tgt-dak-lak-03"]
    assert chapter.describe_target(period) == "new industrial parks of 3 in 2026–2030"
    result = data.results(copy).set_index("result_id").loc["res-dak-lak-01"]
    assert pd.isna(result["period_end"]) and result["qualifier"] == "more_than"
    parks = data.parks(copy)
    one = data.distinct_parks(parks[parks["province_id"] == "dak-lak"])
    assert len(one) == 1 and one.iloc[0]["mentions"] == 2
    assert (one.iloc[0]["area_ha"], one.iloc[0]["figure_from"]) == (150, "park-dak-lak-02")
    assert "dak-lak" in data.provinces_with_facts(copy)


def test_the_guide_lists_every_park_status():
    text = GUIDE.read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M)
    assert listed == list(data.PARK_STATUSES)


def test_following_the_guide_adds_a_chapter(book_with_added_provinces: Path):
    # A copy of the built default book (tests/conftest.py), as a user's checkout is after
    # `make book`, where the guide's rows were appended and its commands run (with Gia Lai's
    # four sources of tests/test_four_sources.py, added in the same copy: one build for both).
    copy = book_with_added_provinces
    province, name = GUIDE_PROVINCE, GUIDE_NAME
    assert province not in provinces_with_facts(ROOT / "data")
    noted = added_provinces.before_additions(copy)
    runs = noted["runs"]
    assert [run["command"] for run in runs] == added_provinces.guide_commands()
    assert all(run["returncode"] == 0 for run in runs)
    assert any("is valid" in run["stdout"] for run in runs if run["command"].endswith("validate"))

    assert province in provinces_with_facts(copy / "data")
    html = copy / "_build" / "html"
    assert "book/intro.html" in (html / "index.html").read_text(encoding="utf-8")
    intro = (html / "book" / "intro.html").read_text(encoding="utf-8")
    nav = intro.split('<nav class="bd-links bd-docs-nav"')[1].split("</nav>")[0]
    assert f'href="provinces/{province}.html"' in nav
    assert name in nav
    chapter = (html / "book" / "provinces" / f"{province}.html").read_text(encoding="utf-8")
    assert f"<h1>{name}" in chapter or name in chapter.split("<h1")[1][:200]
    comparative = (html / "book" / "comparative.html").read_text(encoding="utf-8")
    assert name in comparative  # the province with facts joins the comparison
    # The book's configuration as the copy built it: Binder launch and download buttons, and
    # sphinx-thebe left out (it wrote its inline script twice on every page).
    for page in (chapter, comparative):
        assert "mybinder.org/v2/gh/" in page
        assert "download-source-button" in page
        assert "THEBE_JS_URL" not in page
    references = (html / "book" / "references.html").read_text(encoding="utf-8")
    # the headline as printed, with the English rendering the guide's row gives it
    assert "Tít bài như báo in [Your English rendering of the headline]" in references
    assert "Address of a copy, not of the original" in references
    # no code or configuration change, before and after, and none against the checkout's
    assert guide_fingerprint(copy) == noted["fingerprint"] == guide_fingerprint(ROOT)


def test_the_vietnamese_guide_shows_the_same_rows_and_commands():
    """book/vi/add-province.md is the same guide in Vietnamese: its code blocks (rows, file
    names, commands) are the English guide's, in the same order, so following either adds the
    same province. Captions that are words are in Vietnamese; a file's name is the file's."""
    vietnamese = BLOCK.findall((ROOT / "book" / "vi" / "add-province.md").read_text("utf-8"))
    english = guide_blocks()
    assert [(lang, body) for lang, _, body in vietnamese] == [(lang, b) for lang, _, b in english]
    captions = [(en, vi) for (_, en, _), (_, vi, _) in zip(english, vietnamese, strict=True)]
    assert [vi for en, vi in captions if en.startswith("data/")] == [
        en for en, _ in captions if en.startswith("data/")
    ]
    assert ("commands", "các lệnh") in captions
    assert ("the row of data/sources.csv", "dòng trong data/sources.csv") in captions
