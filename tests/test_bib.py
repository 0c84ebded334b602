"""The bibliography generated from sources.csv, read the way the book prints it (pybtex's plain
style, which sphinxcontrib-bibtex uses): capitals kept, the original title with its translation
into the edition's language, real dates, the publisher credited, unknowns said, and no title able
to inject a field. One bibliography per edition (``lang``)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pybtex.database
import pytest
from pybtex.style.formatting.plain import Style

from provbook.datapackage.names import is_vietnamese
from provbook.publish.bib import date_fields, entry, escape, write_bibliography

ROOT = Path(__file__).resolve().parents[1]
ROW = {
    "source_id": "art_x",
    "kind": "article",
    "province_id": "bac-kan",
    "outlet": "Báo Bắc Kạn",
    "author": "Quý Đôn",
    "title": "Bắc Kạn thu hút nguồn lực",
    "title_en": "Bắc Kạn attracts resources",
    "date": "2023-11-28",
    "url": "https://example.org/a_b?x=1%20y",
    "seed_file": "004_fbd537d986e07fda.txt",
    "licence": "",
    "retrieved_from": "",
    "note": "",
    "copy_url": "",
    "url_note": "",
    "title_vi": "",
}


def parse(text: str) -> pybtex.database.BibliographyData:
    return pybtex.database.parse_string(text, "bibtex")


def rendered(text: str) -> dict[str, str]:
    """Entry key -> the reference as the book prints it (plain text)."""
    data = parse(text)
    return {e.key: e.text.render_as("text") for e in Style().format_entries(data.entries.values())}


def test_names_and_titles_keep_capitals_and_dates_read_as_dates():
    text = rendered(entry(ROW))["art_x"]
    # The original title, then our English rendering in square brackets (issue 23).
    assert text.startswith(
        "Quý Đôn. Bắc Kạn thu hút nguồn lực [Bắc Kạn attracts resources]. "
        "Báo Bắc Kạn, 28 November 2023."
    )
    assert "004_" not in text and "Seed file" not in text  # no file names of ours
    # A URL is printed raw: underscores and percent signs stay as they are.
    assert "URL: https://example.org/a_b?x=1%20y" in text


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2025-06-12", "12 June 2025"), ("2024-03", "March 2024"), ("2018", "2018")],
)
def test_dates(date, expected):
    text = rendered(entry({**ROW, "date": date}))["art_x"]
    assert f", {expected}." in text
    assert not re.search(r"\b\d{1,2} \d{4}\b", text.replace(expected, ""))


def test_bad_date_is_refused():
    with pytest.raises(ValueError, match="not YYYY, YYYY-MM or YYYY-MM-DD"):
        date_fields("28/11/2023")
    assert date_fields("unknown") == []


def test_unknowns_are_said_not_guessed():
    row = {**ROW, "author": "unknown", "outlet": "unknown", "date": "unknown", "title": "unknown"}
    row |= {"url": "unknown", "url_note": "The original was not found."}
    text = rendered(entry(row))["art_x"]
    assert text.startswith("[Bắc Kạn attracts resources]. Outlet, date and author unknown.")
    assert "No address. The original was not found." in text
    assert "n.d." not in text and "Unsigned" not in text


def test_a_copy_is_named_as_a_copy():
    row = {**ROW, "url": "unknown", "copy_url": "https://copy.example.org/p"}
    row["url_note"] = "A reposting blog."
    text = rendered(entry(row))["art_x"]
    assert "Address of a copy, not of the original. A reposting blog." in text
    assert "URL: https://copy.example.org/p" in text
    both = rendered(entry({**ROW, "copy_url": "https://copy.example.org/p"}))["art_x"]
    assert "URL: https://example.org/a_b" in both and "Also read in a copy at" in both


HOSTILE = [
    "x}, note = {injected",
    "x}}, note = {{injected}}, title = {{",
    "a \\} b { c",
    "@misc{injected, title={x}}",
    "50 % # & ~ ^ $ _ \\ @ {}",
    "\\end{document} \\input{/etc/passwd}",
    "line one\nline two\ttab",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_cannot_inject_fields(title):
    row = {**ROW, "title": title, "author": title, "outlet": title, "url_note": title}
    row |= {"url": "unknown", "copy_url": "https://example.org/}{\\ x"}
    text = entry(row)
    data = parse(text)
    assert list(data.entries) == ["art_x"]
    fields = data.entries["art_x"].fields
    assert set(fields) == {"title", "howpublished", "url", "year", "month", "note"}
    assert len(data.entries["art_x"].persons["author"]) == 1  # not split, nothing added
    assert "injected" not in fields["url"] and " " not in fields["url"]
    # Braces balance inside every value, so no value can close early.
    for value in fields.values():
        depth = 0
        for char in value:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0
    printed = rendered(text)["art_x"]
    assert "Báo Bắc Kạn" not in printed  # the hostile outlet replaced it, as written
    if "line two" in title:
        assert "line one line two tab" in printed  # one line: no break inside a field


def test_escape_covers_every_special():
    text = escape("{ } \\ % # & ~ ^ $ _ @")
    assert not re.search(r"(?<!\\)[%#&$_]", text.replace("{@}", ""))
    assert "@" not in text.replace("{@}", "")
    assert text.count("{") == text.count("}")


def _sources() -> list[dict[str, str]]:
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def bibliography(tmp_path_factory) -> tuple[str, dict[str, str]]:
    target = tmp_path_factory.mktemp("bib") / "references.bib"
    count = write_bibliography(ROOT / "data" / "sources.csv", target)
    text = target.read_text(encoding="utf-8")
    assert count == len(_sources()) == len(parse(text).entries)
    return text, rendered(text)


def test_references_a_librarian_accepts(bibliography):
    """Over the real bibliography: capitals kept, no file names, every article has an address
    or says why not. Sources are read from data/, so a new one is checked the same way."""
    text, printed = bibliography
    everything = "\n".join(printed.values())
    assert "Seed file" not in everything and not re.search(r"\d{3}_[0-9a-f]{16}", text)
    for name in ("Bạc Liêu", "Long An", "Lâm Đồng", "GSO"):
        assert name in everything
    for wrong in ("Bạc liêu", "Long an", "Lâm đồng", "Gso"):
        assert wrong not in everything
    for row in _sources():
        reference = printed[row["source_id"]]
        if row["kind"] in ("article", "press"):
            assert "URL: http" in reference or "No address." in reference, row["source_id"]
            if row["title"] != "unknown" and row["title_en"] and not row["title_vi"]:
                # a Vietnamese headline, followed by our English rendering in brackets
                assert f"[{row['title_en'][:30]}" in reference, row["source_id"]
        else:
            # The publisher is credited; the repository we took the file from is only a note.
            assert reference.startswith(row["outlet"]), row["source_id"]
            if row["retrieved_from"]:
                assert f"Retrieved from {row['retrieved_from']}" in reference


def test_statistics_source_is_credited_to_its_publisher(bibliography):
    _, printed = bibliography
    assert printed["vcci_pci"].startswith(
        "Vietnam Chamber of Commerce and Industry (VCCI) and USAID. Provincial Competitiveness"
    )
    assert "Retrieved from mdtrinh/vietnamdata, commit be581b8" in printed["vcci_pci"]
    assert "12 June 2025" in printed["merger_2025"]


def test_a_series_title_does_not_repeat_its_year(bibliography):
    """Reference [4] printed '... 2015-2023. 2023.': a title ending in the span of years it
    covers gives that span as the year, once."""
    _, printed = bibliography
    for row in _sources():
        reference = printed[row["source_id"]]
        year = row["date"][:4]
        assert not re.search(rf"{year}\. {year}\.", reference), reference
        assert f"-{year}. {year}." not in reference, reference
    assert (
        "Báo cáo nhanh tình hình đầu tư nước ngoài (tháng 12) [Year-end quick reports on "
        "foreign investment 2015-2023 (annex tables by province)]. 2015–2023."
    ) in printed["fia_fdi"]
    assert "(PCI) 2005-2016" not in printed["vcci_pci"]
    assert "Provincial Competitiveness Index (PCI). 2005–2016." in printed["vcci_pci"]
    # a single year is printed once, and a span that does not end in the date stays in the title
    merger = printed["merger_2025"]
    assert merger.count("2025") >= 2 and "12 June 2025" in merger
    kept = rendered(
        entry({**ROW, "kind": "statistics", "outlet": "GSO", "title": "Tables 2011-2020"})
    )["art_x"]
    assert "Tables 2011-2020" in kept


def test_a_press_report_reads_like_an_article_with_its_headline_unseen_bracketed():
    """A congress report (kind press) whose headline the excerpt did not show is listed under
    our bracketed description and its outlet, never as a statistic credited to the outlet."""
    press = ROW | {
        "source_id": "p30_x",
        "kind": "press",
        "province_id": "",
        "outlet": "VietnamPlus (Vietnam News Agency)",
        "author": "unknown",
        "title": "unknown",
        "title_en": "Thái Nguyên aims to become a modern industrial centre before 2030",
        "date": "2025-09-26",
        "seed_file": "",
    }
    text = rendered(entry(press))["p30_x"]
    assert text.startswith(
        "[Thái Nguyên aims to become a modern industrial centre before 2030]. "
        "VietnamPlus (Vietnam News Agency), 26 September 2025."
    ), text
    assert "Author unknown." in text


# --- the Vietnamese edition's bibliography -------------------------------------------------------

GSO_ROW = ROW | {
    "source_id": "gso_x",
    "kind": "statistics",
    "outlet": "General Statistics Office of Vietnam (GSO)",
    "author": "GSO",
    "title": "Area, population and population density by province 2011-2022",
    "title_en": "Area, population and population density by province 2011-2022",
    "title_vi": "[Diện tích, dân số và mật độ dân số phân theo tỉnh 2011-2022]",
    "date": "2022",
    "retrieved_from": "DSTai/web-based-interactive-visualization, data/, commit 5a0337e",
}


def test_vietnamese_edition_gives_an_english_original_with_our_translation_bracketed():
    text = rendered(entry(GSO_ROW, "vi"))["gso_x"]
    assert text.startswith(  # the publisher as Vietnamese readers know it
        "Tổng cục Thống kê (GSO). Area, population and population density "
        "by province [Diện tích, dân số và mật độ dân số phân theo tỉnh]. 2011–2022."
    ), text
    assert "Lấy từ DSTai/web-based-interactive-visualization" in text and "Retrieved" not in text
    # The English edition prints the English original alone.
    english = rendered(entry(GSO_ROW))["gso_x"]
    assert "[" not in english and "Diện tích" not in english


def test_vietnamese_edition_gives_the_publishers_own_title_as_a_parallel_title():
    row = GSO_ROW | {"title_vi": "Diện tích, dân số và mật độ dân số 2011-2022"}
    text = rendered(entry(row, "vi"))["gso_x"]
    assert "by province = Diện tích, dân số và mật độ dân số. 2011–2022." in text, text


def test_vietnamese_edition_keeps_a_vietnamese_title_alone_and_dates_in_vietnamese():
    text = rendered(entry(ROW, "vi"))["art_x"]
    assert text.startswith(
        "Quý Đôn. Bắc Kạn thu hút nguồn lực. Báo Bắc Kạn, ngày 28 tháng 11 năm 2023."
    ), text
    assert "attracts" not in text
    assert ", tháng 3 năm 2024." in rendered(entry(ROW | {"date": "2024-03"}, "vi"))["art_x"]


def test_vietnamese_edition_says_unknowns_in_vietnamese_with_our_description():
    row = ROW | {"author": "unknown", "outlet": "unknown", "date": "unknown", "title": "unknown"}
    row |= {"url": "unknown", "title_vi": "[Bắc Kạn thu hút nguồn lực]"}
    text = rendered(entry(row, "vi"))["art_x"]
    assert text.startswith(
        "[Bắc Kạn thu hút nguồn lực]. Không rõ tờ báo, ngày đăng và tác giả. "
        "Không có địa chỉ. Không tìm thấy bản gốc."
    ), text
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        entry(ROW, "fr")


def test_the_vietnamese_bibliography_has_no_english_title_or_note(tmp_path):
    """Over the real sources: every entry of the Vietnamese edition prints a Vietnamese title
    (the original, our translation or our description) and Vietnamese notes."""
    target = tmp_path / "vi" / "references.bib"
    assert write_bibliography(ROOT / "data" / "sources.csv", target, "vi") == len(_sources())
    printed = rendered(target.read_text(encoding="utf-8"))
    for row in _sources():
        reference = printed[row["source_id"]]
        if row["title_en"] and row["title_en"] != row["title"]:
            assert row["title_en"] not in reference, row["source_id"]
        for english in ("Retrieved from", "unknown", "No address", "Address of a copy"):
            assert english not in reference, (row["source_id"], english)
        if row["title_vi"]:
            assert row["title_vi"].split(" 20")[0].rstrip("]") in reference, row["source_id"]
        elif row["title"] != "unknown":
            # validation refuses a title without any Vietnamese letter and no title_vi; an
            # English headline naming a place (Điện Biên) is caught here instead
            assert is_vietnamese(row["title"]), (row["source_id"], "title_vi missing")


def test_the_vietnamese_edition_says_what_the_addresses_are_in_its_own_words():
    """url_note_vi, where the English edition prints url_note (an article read on a copy, or
    with no address): the Vietnamese reader is told as much as the English one."""
    row = {**ROW, "url": "unknown", "copy_url": "https://copy.example.org/p"}
    row |= {"url_note": "A reposting blog.", "url_note_vi": "Một blog đăng lại."}
    assert "not of the original. A reposting blog." in rendered(entry(row))["art_x"]
    text = rendered(entry(row, "vi"))["art_x"]
    assert "không phải của bản gốc. Một blog đăng lại." in text, text
    assert "reposting" not in text
    row |= {"copy_url": "", "url_note": "Not found.", "url_note_vi": "Không tìm thấy."}
    assert "Không có địa chỉ. Không tìm thấy." in rendered(entry(row, "vi"))["art_x"]


def test_every_real_address_note_is_printed_in_both_editions(tmp_path):
    """Over the real sources: an article whose original address is unknown prints its
    url_note in English and its url_note_vi in Vietnamese."""
    printed = {}
    for lang in ("en", "vi"):
        target = tmp_path / lang / "references.bib"
        write_bibliography(ROOT / "data" / "sources.csv", target, lang)
        printed[lang] = rendered(target.read_text(encoding="utf-8"))
    shown = 0
    for row in _sources():
        if row["kind"] in ("article", "press") and row["url"] == "unknown":
            first = row["url_note_vi"].split(";")[0].split(".")[0]
            assert row["url_note"].split(";")[0] in printed["en"][row["source_id"]]
            assert first in printed["vi"][row["source_id"]], (row["source_id"], first)
            assert row["url_note"].split(";")[0] not in printed["vi"][row["source_id"]]
            shown += 1
    assert shown >= 3  # Bạc Liêu, Long An and Lâm Đồng: read on a copy or not found


def test_the_vietnamese_bibliography_names_publishers_as_vietnamese_readers_know_them():
    row = {
        "source_id": "gso_x",
        "kind": "statistics",
        "outlet": "General Statistics Office of Vietnam (GSO)",
        "title": "Population by province",
        "title_en": "Population by province",
        "title_vi": "[Dân số theo tỉnh]",
        "date": "2022",
        "url": "https://www.gso.gov.vn",
        "retrieved_from": "",
    }
    assert "author = {{Tổng cục Thống kê (GSO)}}" in entry(row, "vi")
    assert "author = {{General Statistics Office of Vietnam (GSO)}}" in entry(row, "en")
