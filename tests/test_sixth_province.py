"""A sixth province from data alone, as a new user adds it: four sources, a decision with a
number and no period, one park named by two sources, a target for a period and a result tied
to a document (tests/fixtures/sixth_province, synthetic rows appended to a copy of data/).

The fast tests read the chapter's builders on the copy; the slow one runs the tests that read
data/ against the copy ($PROVBOOK_DATA), so that the suite stays true when a province is added.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from sixth_province import NAME, PROVINCE, copy_with_sixth

from provbook.build import context
from provbook.build.folders import PROVINCE_TEMPLATE, Project, prune_chapters
from provbook.chapters import province as chapter
from provbook.chapters.province.figures import document_label
from provbook.chapters.province.prose import _shared_codes, timeline_drawn
from provbook.cli import only_notice
from provbook.datapackage import validate
from provbook.publish.provinces_page import provinces_page


@pytest.fixture(scope="module")
def six(tmp_path_factory) -> Path:
    return copy_with_sixth(ROOT / "data", tmp_path_factory.mktemp("six") / "data")


@pytest.fixture(scope="module")
def facts(six):
    return chapter.load(PROVINCE, six)


def _figure_text(fig) -> str:
    """Every text of a figure, its wrapped lines joined again."""
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [ax.get_title(), *(t.get_text() for t in ax.get_yticklabels())]
    return "\n".join(" ".join(t.split()) for t in texts)


def test_the_added_rows_are_valid(six):
    assert validate.validate(six) == []


def test_a_park_named_twice_is_one_park_everywhere(six, facts):
    """Three rows, two parks: the At a glance table, the intro's list, the text and the chart
    all count 2."""
    assert len(facts.parks) == 3
    glance = chapter.glance_table(facts).set_index("Fact")["Value"]
    assert glance[chapter.fact_counts_label(facts)].endswith("and 2 parks and clusters")
    entry = provinces_page(six).split(f"\n{NAME}\n")[1].split("\n\n")[0]
    assert "2 industrial parks and clusters" in entry and "3 industrial parks" not in entry
    values = chapter.parks_values(facts)
    assert (values["n_parks"], values["n_park_mentions"]) == (2, 3)
    assert values["parks_note"].startswith(
        "The 4 sources name 1 industrial park and 1 industrial cluster in Hậu Giang"
    )
    assert "2 parks and clusters named" in _figure_text(chapter.parks_figure(facts))


def test_the_parks_table_marks_mentions_of_one_park_and_the_figure_counted(facts):
    table = chapter.parks_table(facts)
    assert list(table["One park"]) == [
        "mention 1 of 2 of Khu công nghiệp Thử Nghiệm; area not counted",
        "mention 2 of 2 of Khu công nghiệp Thử Nghiệm; area counted",  # 150 ha > about 100 ha
        "",
    ]
    shown = chapter.table(facts, table, "parks").shown
    assert "One park" in shown and "Our summary" in shown


def test_the_vietnamese_parks_table_marks_the_same_mentions_in_vietnamese(facts):
    table = chapter.parks_table(facts, "vi")
    assert list(table["Cùng một khu"]) == [
        "lần nêu thứ 1 trong 2 lần nêu Khu công nghiệp Thử Nghiệm; diện tích không được tính",
        "lần nêu thứ 2 trong 2 lần nêu Khu công nghiệp Thử Nghiệm; diện tích được tính",
        "",
    ]
    shown = chapter.table(facts, table, "parks", lang="vi").shown
    assert "Cùng một khu" in shown and "Tình trạng" in shown
    assert "Tóm tắt của chúng tôi" not in shown  # our notes are in English: the CSV has them


def test_a_province_added_from_data_alone_has_its_figures_and_tables_in_vietnamese(facts):
    """Every word a new province's rows bring (statuses, types, kinds, qualifiers, document
    types, units) has its Vietnamese in the catalogues: no builder stops on a missing key."""
    for name in ("timeline_figure", "targets_figure", "parks_figure", "priorities_figure"):
        fig = getattr(chapter, name)(facts, "vi")
        assert fig.provbook.source.endswith("; Biểu đồ: provbook."), name
    for name in ("documents_table", "targets_table", "results_table", "parks_table"):
        assert len(getattr(chapter, name)(facts, "vi")), name


def test_the_parks_table_has_no_mention_column_when_no_park_is_named_twice():
    bac_kan = chapter.load("bac-kan", ROOT / "data")
    assert "One park" not in chapter.parks_table(bac_kan).columns


def test_a_target_for_a_period_reads_as_a_period(facts):
    note = chapter.glance_values(facts)["headline_note"]
    assert "new industrial park area of 321 ha in 2026–2030" in note
    assert "new industrial parks of 3 in 2026–2030" in note  # a count, not "3 count"
    assert "by 2030" not in note and "to 2030" not in note
    assert "industrial production growth of 9–11% a year in 2021–2030" in note
    table = chapter.targets_table(facts).set_index("Target")
    assert table.loc["New industrial parks", "When"] == "2026–2030"
    labels = _figure_text(chapter.targets_figure(facts))
    assert "(2026–2030)" in labels and "(2030)" not in labels
    ambition = _figure_text(chapter.ambition_figure(facts))
    assert "Industrial production growth, in 2021–2030" in ambition


def test_a_target_by_a_year_still_reads_by_that_year():
    row = pd.Series(
        {"indicator": "Industry share", "kind": "share_of_grdp", "unit": "%", "low": 40,
         "high": 40, "qualifier": None, "target_year": 2030, "period_start": None,
         "period_end": 2030}
    )  # fmt: skip
    assert chapter.describe_target(row) == "industry share of 40% by 2030"
    growth = row.copy()
    growth[["kind", "period_start", "period_end"]] = ["annual_growth", 2026, 2030]
    assert chapter.describe_target(growth) == "industry share of 40% a year in 2026–2030"


def test_decision_labels_name_the_document_once(facts):
    labels = _figure_text(chapter.timeline_figure(facts))
    assert "Decision 999/QĐ-UBND on a synthetic test" in labels
    assert labels.count("999/QĐ-UBND") == 1
    assert document_label("decision", "121/QĐ-UBND", "Action programme") == (
        "Decision 121/QĐ-UBND: Action programme"
    )
    assert document_label("resolution", "", "Resolution of the 13th Congress") == (
        "Resolution of the 13th Congress"
    )
    assert document_label("plan", "", "Synthetic test plan") == "Plan: Synthetic test plan"


def test_the_timeline_caption_says_how_each_document_is_placed(facts):
    assert chapter.documents_values(facts)["timeline_drawn"] == (
        "by the years they cover, or by date of issue where no years are given"
    )
    frame = pd.DataFrame({"period_start": [2021, None], "period_end": [2025, 2030]})
    assert timeline_drawn(frame) == "by the years they cover"
    frame = pd.DataFrame({"period_start": [None], "period_end": [None]})
    assert timeline_drawn(frame).startswith("by date of issue")
    template = (ROOT / PROVINCE_TEMPLATE).read_text(encoding="utf-8")
    assert "{glue:text}`timeline_drawn`" in template and "by the years they cover" not in template


@pytest.mark.parametrize("province", ["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"])
def test_fact_charts_credit_every_source_their_caption_cites(six, facts, province):
    """The caption cites figure_sources(); the chart's own source line names each of them (the
    parks chart of the sixth province draws a park whose area comes from its second source)."""
    for one in (facts, chapter.load(province, six)):
        cited = chapter.figure_sources(one)
        for key in ("timeline", "targets", "results", "parks"):
            fig = getattr(chapter, f"{key}_figure")(one)
            if fig is None:
                continue
            text = _figure_text(fig)
            missing = [s for s in cited[key] if chapter.source_label(one, s) not in text]
            assert not missing, (one.province, key, missing)


def test_the_codes_sentence_has_no_double_negative(facts):
    note = chapter.priorities_values(facts)["priorities_note"]
    assert "for no other" not in note.split("None of")[-1] and "None of these codes is" not in note
    assert _shared_codes(0, 0, 6) == (
        "Each of these codes is also found for another coded province; none is found for all 6."
    )
    assert _shared_codes(1, 2, 6).startswith("One of these codes is found for no other coded")
    assert _shared_codes(3, 1, 6).startswith("3 of these codes are found for no other coded")


def test_the_sources_section_writes_each_title_once(six):
    """With no author the citation prints the title itself: the line does not add it again."""
    lines = context.province_context(six, PROVINCE)["sources_list"].splitlines()
    assert "- Article, {cite:t}`test_hg_page_2`." in lines  # no headline: bracketed description
    # A Vietnamese headline: the citation prints it with its English rendering (bib.title).
    assert "- Article, {cite:t}`test_hg_page_1`." in lines
    assert "Synthetic test page one" not in "\n".join(lines)
    real = context.province_context(ROOT / "data", "bac-lieu")["sources_list"].splitlines()
    assert real[0] == "- Article, {cite:t}`art_bac_lieu`."
    soc_trang = context.province_context(ROOT / "data", "soc-trang")["sources_list"]
    assert "- Article, {cite:t}`art_soc_trang`: Sóc Trăng: pushing up" in soc_trang  # by author


def test_notes_of_documents_results_and_parks_reach_the_page(facts):
    for name in ("documents", "results", "parks"):
        frame = getattr(chapter, f"{name}_table")(facts)
        shown = chapter.table(facts, frame, name).shown
        assert "Our summary" in shown, name
        notes = list(getattr(facts, name)["note"])
        assert list(frame["Our summary"]) == notes, name


def test_a_result_keeps_the_document_it_points_to(facts):
    table = chapter.results_table(facts)
    assert list(table["Document"]) == ["doc-hau-giang-01"]


def test_build_only_says_which_chapters_it_removes(tmp_path):
    project = Project.at(tmp_path)
    for pid in ("bac-lieu", "long-an"):
        path = project.book_dir / "provinces" / f"{pid}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    notice = only_notice(project, ["long-an", "long-an-2025"])
    assert "bac-lieu" in notice and "long-an" not in notice.replace("--only", "")
    assert "removed from" in notice
    assert only_notice(project, ["bac-lieu", "long-an"]) == ""
    assert prune_chapters(project, ["long-an"]) == ["bac-lieu"]  # what it announced
    assert [p.stem for p in (project.book_dir / "provinces").iterdir()] == ["long-an"]


#: Fast tests that read data/ (through $PROVBOOK_DATA) and must hold for any data folder that
#: validates; the comparison's glued counts execute the comparative notebook (a few seconds).
DATA_TESTS = [
    "tests/test_article_facts.py",
    "tests/test_unit_chapter.py",
    "tests/test_data.py",
    "tests/test_province.py",
    "tests/test_compare.py",
    "tests/test_comparison.py",
    "tests/test_bib.py",
    "tests/test_ids.py",
    "tests/test_chapter_prose.py",
    "tests/test_comparative_notebook.py::test_glued_values_match_the_data",
]


@pytest.mark.slow
def test_the_tests_that_read_data_pass_with_a_sixth_province(six):
    """A province added from data alone (no code change) leaves the suite green: the tests
    that read data/ run in a subprocess against the copy (about a minute)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
         *DATA_TESTS],
        cwd=ROOT,
        env={**os.environ, "PROVBOOK_DATA": str(six)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]
    assert re.search(r"\b\d{3,} passed\b", result.stdout), result.stdout[-500:]


def test_an_empty_author_cell_is_no_author():
    """An author or headline left empty (not 'unknown') is none either: no title repeated."""
    frame = pd.DataFrame(
        {"author": [float("nan")], "title": [float("nan")], "title_en": ["Page two"]},
        index=pd.Index(["page_2"], name="source_id"),
    )
    line = context._one_source("Article", frame, "page_2", ": Page two")
    assert line == "- Article, {cite:t}`page_2`."
