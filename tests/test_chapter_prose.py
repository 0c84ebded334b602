"""Data-dependent wording of the province chapter: counts, sources, falls, ids (part of the
one-chapter pattern). Synthetic facts from test_province's package; no notebook runs."""

from __future__ import annotations

import dataclasses
import re

import nbformat
import pandas as pd
import pytest
from test_province import make_package

from provbook.build import template
from provbook.chapters import province as chapter
from provbook.chapters.province import prose
from provbook.publish.provinces_page import provinces_page


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return make_package(tmp_path_factory.mktemp("prose"))


@pytest.fixture(scope="module")
def anh(package):
    return chapter.load("anh-duong", package)


def _with_second_source(facts):
    """The same province, its first target now cited from a second source (kind statistics)."""
    targets = facts.targets.copy()
    targets.loc[0, "source_id"] = "gso_x"
    return dataclasses.replace(facts, targets=targets, _cache={})


def test_subject_and_verb_follow_the_number_of_sources(anh):
    assert prose.fact_sources(anh) == "the article"
    assert chapter.targets_values(anh)["targets_note"].startswith("The article states ")
    two = _with_second_source(anh)
    assert prose.fact_sources(two) == "the 2 sources"
    assert chapter.targets_values(two)["targets_note"].startswith("The 2 sources state ")


def test_table_rows_and_captions_cite_their_own_sources(anh):
    two = _with_second_source(anh)
    table = chapter.targets_table(two)
    assert list(table["Source id"][:2]) == ["gso_x", "art_anh"]
    assert table["Source"][0] != table["Source"][1]
    assert not table["Source"].str.contains("art_|gso_").any()  # readable, never the id
    drawn = chapter.figure_sources(two)
    quantitative = set(chapter.quantitative_targets(two)["source_id"])
    assert set(drawn["targets"]) == quantitative
    assert drawn["parks"] == ["art_anh"]


@pytest.mark.parametrize(
    ("rate", "phrase"),
    [
        (7.74, "grew by 7.7% a year"),
        (-7.74, "fell by 7.7% a year"),
        (0.01, "did not change on average"),
    ],
)
def test_a_fall_is_said_as_a_fall(rate, phrase):
    assert prose.growth_phrase(rate) == phrase
    assert "-" not in prose.rate_phrase(rate)


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ((6, 2, 4), "6 with figures, 2 of them ranges, and 4 in words only"),
        ((6, 0, 0), "all with figures"),
        ((1, 1, 0), "all with figures, given as a range"),
        ((3, 1, 2), "3 with figures, one of them a range, and 2 in words only"),
        ((0, 0, 3), "all in words, none with a figure"),
    ],
)
def test_target_kinds_read_naturally(counts, words):
    assert prose._target_kinds(*counts) == words


def test_shared_codes_never_say_zero_or_one_as_a_plural():
    assert prose._shared_codes(0, 1, 5) == (
        "Each of these codes is also found for another coded province; one is found for all 5."
    )
    assert prose._shared_codes(1, 0, 5).startswith("One of these codes is found")
    assert prose._shared_codes(2, 0, 1) == "No other province is coded yet."


def test_projects_are_described_by_their_category():
    frame = pd.DataFrame({"category": ["plant", "infrastructure", "plant", "wind_power"]})
    assert prose.describe_projects(frame) == (
        "one wind power project, 2 factory or plant projects and one infrastructure project"
    )


def test_ids_in_our_summaries_become_names(anh):
    text = "Set by doc-anh-duong-01 and doc-anh-duong-01, -02; see also art_x."
    docs = pd.DataFrame(
        {"document_id": ["doc-anh-duong-01", "doc-anh-duong-02"], "title_en": ["Plan A", "Plan B"]}
    )
    facts = dataclasses.replace(anh, documents=docs, _cache={})
    out = chapter.readable(facts, text)
    assert out == "Set by “Plan A” and “Plan A” and “Plan B”; see also art_x."
    assert not re.search(r"doc-[a-z-]+-\d\d", out)


def test_fill_drops_figures_a_province_lacks_and_folds_only_visible_code():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        md("fig {{ province }}", metadata={"tags": ["only-if-parks"]}),
        md("text"),
        code("table()", metadata={"tags": ["hide-input-if-has_parks"]}),
    ]
    bare = template.fill(nbformat.from_dict(nb), {"province": "x", "show_parks": ""})
    assert [c.source for c in bare.cells] == ["text", "table()"]
    assert bare.cells[1].metadata["tags"] == ["remove-input"]
    full = template.fill(
        nbformat.from_dict(nb), {"province": "x", "show_parks": "yes", "has_parks": "yes"}
    )
    assert full.cells[0].source == "fig x" and full.cells[2].metadata["tags"] == ["hide-input"]


def test_the_intro_list_follows_the_data(package):
    page = provinces_page(package)
    assert page.startswith("The book has a chapter on each of the 2 provinces")
    assert "(2 articles in all)" in page
    assert "Ánh Dương\n: Red River Delta; part of Tỉnh Ánh Dương since 1 July 2025." in page
    assert "From one article {cite:p}`art_anh`" in page
    assert "Cẩm Giang" not in page  # no facts: a statistics chapter, not in this list


def test_glue_figure_writes_what_myst_nb_glue_writes_and_shows_it_once(monkeypatch):
    import IPython.display
    import matplotlib

    matplotlib.use("Agg")  # only here, in a test process: no notebook involved
    import myst_nb.ext.glue as myst_glue
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1])
    theirs, ours = [], []
    monkeypatch.setattr(myst_glue, "ipy_display", lambda *a, **k: theirs.append((a, k)))
    myst_glue.glue("fig_key", fig, display=False)
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: ours.append((a, k)))
    chapter.glue_figure("fig_key", fig)
    assert ours[0] == theirs[0]  # the same glue record myst-nb reads
    (shown,), options = ours[1]
    assert options["raw"] and set(shown) == {k.split("/", 2)[-1] for k in theirs[0][0][0]}
    assert len(ours) == 2
    chapter.glue_figure("fig_key", fig, show=False)
    assert len(ours) == 3


def test_the_comparative_chapter_glues_with_the_common_glue_and_shows_nothing(monkeypatch):
    """One glue for all three chapters: the comparative chapter writes the same records as
    myst-nb (notes as Markdown, numpy as Python), but shows no researcher view by default, since
    its glue cells are ``remove-input`` and anything shown would be printed in the book."""
    import IPython.display
    import matplotlib
    import myst_nb
    import myst_nb.ext.glue as myst_glue
    import numpy as np
    from matplotlib.figure import Figure

    from provbook.chapters import comparative

    matplotlib.use("Agg")  # only here, in a test process: no notebook involved
    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1])
    theirs, shown, glued = [], [], {}
    monkeypatch.setattr(myst_glue, "ipy_display", lambda *a, **k: theirs.append((a, k)))
    myst_glue.glue("fig_key", fig, display=False)
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    comparative.glue_figure("fig_key", fig)
    assert shown == theirs  # the glue record, and nothing else under the cell
    monkeypatch.setattr(myst_nb, "glue", lambda k, v, display: glued.__setitem__(k, v))
    comparative.glue_values({"x_note": "a *b*", "n": np.int64(3), "v": np.float64(1.5)})
    assert glued["x_note"].data == "a \\*b\\*"
    assert type(glued["n"]) is int and type(glued["v"]) is float
    assert len(shown) == 1
    comparative.glue_values({"n": 3}, show=True)  # the researcher view, on request
    assert len(shown) == 2


@pytest.mark.parametrize(
    ("k", "n", "english", "vietnamese"),
    [
        (2, 5, "met or beat 2 of 5 plan figures", "đạt hoặc vượt 2 trong 5 chỉ tiêu kế hoạch"),
        (
            0,
            3,
            "met none of its 3 plan figures",
            "không đạt chỉ tiêu nào trong 3 chỉ tiêu kế hoạch",
        ),
        (2, 2, "met or beat both plan figures", "đạt hoặc vượt cả hai chỉ tiêu kế hoạch"),
        (4, 4, "met or beat all 4 plan figures", "đạt hoặc vượt cả 4 chỉ tiêu kế hoạch"),
        (1, 1, "met or beat its one plan figure", "đạt hoặc vượt chỉ tiêu kế hoạch duy nhất"),
        (0, 1, "fell short of its one plan figure", "không đạt chỉ tiêu kế hoạch duy nhất"),
    ],
)
def test_plan_results_read_naturally(k, n, english, vietnamese):
    assert prose.met_plan(k, n) == english
    assert prose.met_plan(k, n, lang="vi") == vietnamese
