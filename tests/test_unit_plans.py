"""The "Plans to 2030" section of the 34 chapters of 2025, built in-process (no notebook): the
sentence to remember is true for every province and sign, plural from the data, and a province
with no published target says so."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from provbook import text as words
from provbook.analysis import plans as p
from provbook.chapters import unit as unit_chapter
from provbook.chapters.unit import plans2030
from provbook.datapackage import data
from provbook.draw import charts

#: The six provinces of 2025 for which the press reports read gave no figure (coverage notes).
NO_TARGET = {
    "ha-noi-2025",
    "lai-chau-2025",
    "son-la-2025",
    "lang-son-2025",
    "hai-phong-2025",
    "ninh-binh-2025",
}


@pytest.fixture(scope="module")
def sections():
    """Values, table and placeholders of every province's section. The section reads only the
    shared tables (plans_2030, statistics_2025, sources), so one loaded chapter is re-pointed at
    each province instead of loading 34 (the statistics tables are the same for all)."""
    base = unit_chapter.load("can-tho-2025")
    units = data.units_2025()
    out = {}
    for row in units.itertuples(index=False):
        facts = dataclasses.replace(
            base, unit=row.unit_2025_id, name=row.name_vi, short_name=row.name_short, _cache={}
        )
        up = plans2030.unit_plans(facts)
        out[row.unit_2025_id] = (
            facts,
            up,
            plans2030.plans_values(facts),
            plans2030.plans_table(facts),
            plans2030.plans_context(facts),
        )
    assert len(out) == 34
    return out


def test_every_province_gets_a_sentence_that_is_true_of_its_figures(sections):
    for unit, (facts, up, values, table, context) in sections.items():
        note = values["plans_note"]
        text = note + " " + values["plans_details_note"]
        assert not re.search(r"(?<![\d.])(0 of|1 points|1 targets|1 reports)\b|\bnan\b|–%", text), (
            text
        )
        assert "-" not in re.sub(r"\d{4}-\d{2}-\d{2}|[A-Za-zÀ-ỹ]-[A-Za-zÀ-ỹ]", "", text), text
        if unit in NO_TARGET:
            assert note.startswith(f"No published target found for {facts.short_name}")
            assert table.empty and values["plans_n_targets"] == 0
            assert context["show_plans"] == "" and context["show_plans_figure"] == ""
            continue
        assert not up.rows.empty and values["plans_n_targets"] == len(table) == len(up.rows)
        g = up.growth
        if g is None:
            assert "aims for average GRDP growth" not in note
            continue
        assert note.startswith(f"{facts.short_name} aims for average GRDP growth of")
        assert g.target.text() in note
        # "faster than in 2024 (..) or 2025 (..)" exactly when even the low end beats both.
        assert ("faster than in 2024" in note) == g.above_record, note
        if not g.above_record:
            assert "a pace it" in note
        for year, value in ((2024, g.growth_2024), (2025, g.growth_2025)):
            assert f"{year} ({p.pace(value)})" in note


def test_per_capita_sentence_matches_the_unit_of_the_target(sections):
    for _, up, values, _, _ in sections.values():
        pc = up.per_capita
        if pc is None:
            continue
        details = values["plans_details_note"]
        said = details if up.growth is not None else values["plans_note"]
        if pc.target.unit == "usd" and pc.target.vnd_equivalent is None:
            assert pc.implied_low is None
            assert "no implied growth is computed" in said
            assert "a year at current prices" not in said
        else:
            implied = words.span(pc.implied_low, pc.implied_high, 1, "%")
            assert implied in said
            word = "faster than" if pc.implied_low > pc.record else "slower than"
            assert word in said  # no province's target implies its record pace (checked)


def test_placeholders_agree_with_what_is_drawn(sections):
    for _, up, _, table, context in sections.values():
        panels = plans2030.figure_panels(up)
        assert (context["show_plans_figure"] == "yes") == bool(panels)
        assert (context["has_plans"] == "yes") == (not table.empty)
        for source in dict.fromkeys(up.rows["source_id"]):
            assert f"{source}" in context["plans_cite"]
        if "per_capita" in panels:  # a USD target is drawn only at its report's equivalent
            target = up.per_capita.target
            assert target.unit == "million_vnd" or target.vnd_equivalent is not None
            if target.unit == "usd":
                assert "million VND its report gives as the equivalent" in context["plans_caption"]


def test_can_tho_section_by_hand(sections):
    """Cần Thơ (Tiền Phong, 2025-09-28, adopted): growth of at least 10 % a year, GRDP per
    person about 215 million VND in 2030. Office: real growth 7.42 % (2024), 7.23 % (2025);
    GRDP per capita 57.55 (2020), 94.92 (2025).

    Gap: 10 - 7.42 = 2.58, shown 2.6 points. Implied: 215 / 94.92 = 2.26506; 1.178^5 = 2.26844,
    a little high, so the fifth root is about 1.17765: 17.8 % a year. Record: 94.92 / 57.55 =
    1.64935; 1.105^5 = 1.64745, so about 1.10525: 10.5 % a year.
    """
    facts, up, values, table, _ = sections["can-tho-2025"]
    assert values["plans_note"] == (
        "Cần Thơ aims for average GRDP growth of at least 10% a year to 2030, faster than in "
        "2024 (7.4%) or 2025 (7.2%): 2.6 points above the faster year."
    )
    assert values["plans_details_note"].startswith(
        "Its target for GRDP per capita in 2030 is about 215 million VND: from the 94.9 million "
        "VND of 2025, that is about 17.8% a year at current prices, faster than the 10.5% a "
        "year of 2020–2025."
    )
    assert values["plans_details_note"].endswith(
        "The table lists the 3 targets found for Cần Thơ, from one report."
    )
    assert table["Source"].unique().tolist() == ["Tiền Phong, 2025-09-28"]
    assert table["Status"].unique().tolist() == ["adopted resolution"]
    assert table["Target"].tolist() == [
        "at least 10% a year",
        "at least 717 trillion VND",
        "about 215 million VND",
    ]
    fig = plans2030.plans_figure(facts)
    text = charts.text_of(fig)
    assert (
        text.title
        == "Cần Thơ aims to grow at least 10% a year, 2.6 points faster than in 2024 or 2025"
    )
    assert text.source.startswith("Source: targets, Tiền Phong, 2025-09-28; statistics,")
    assert len(fig.axes) == 2


def test_a_province_with_several_rows_lists_them_all_and_says_which_is_used(sections):
    _, _, _, table, _ = sections["hue-2025"]
    per_capita = table[table["Indicator"] == "GRDP per capita"]
    assert per_capita["Target"].tolist() == ["5,800–6,000 USD", "5,000 USD"]
    assert per_capita["Used in the comparison"].tolist() == [
        "yes (of several rows)",
        "no: the adopted resolution is used",
    ]


def test_the_guide_shows_the_real_rows_of_a_congress_target():
    """book/add-province.md shows how to add a congress target with the rows behind Thái
    Nguyên's growth target: they must be those rows, word for word (the real table validates,
    see test_plans_2030), and the chapter's section must list that target."""
    root = Path(__file__).resolve().parents[1]
    guide = (root / "book" / "add-province.md").read_text(encoding="utf-8")
    blocks = dict(
        (caption, body.strip())
        for caption, body in re.findall(
            r"```\{code-block\} text\n:caption: the row of (data/[\w/.]+)\n\n?(.*?)```", guide, re.S
        )
    )
    assert set(blocks) == {"data/sources.csv", "data/plans_2030.csv"}
    for path, row in blocks.items():
        lines = (root / path).read_text(encoding="utf-8").splitlines()
        assert row in lines, f"{path}: the guide's row is not in the file"
    target = blocks["data/plans_2030.csv"].split(",")
    up = plans2030.unit_plans(unit_chapter.load(target[1]))
    assert target[0] in set(up.rows["target_id"])
    assert up.growth.target.target_id == target[0]


def test_a_figure_not_from_an_adopted_resolution_says_so(sections):
    """Tây Ninh: growth 10-10.5 % in the adopted resolution, GRDP per person 210-225 million VND
    from the draft political report (Dân trí, 2025-10-09)."""
    _, _, values, _, _ = sections["tay-ninh-2025"]
    assert "(according to" not in values["plans_note"]
    assert values["plans_details_note"].startswith(
        "Its target for GRDP per capita in 2030 (according to the draft political report) is "
        "210–225 million VND"
    )
    _, _, values, _, _ = sections["an-giang-2025"]
    assert "(according to the press briefing before the congress)" in values["plans_note"]


def test_the_plans_table_ends_with_its_note_and_is_marked_for_the_phone_css(sections):
    """book/_static/provbook.css widens the last column of a table.provbook-notes on phones
    (tests/browser/test_phone.py measures it): the note must be that last column."""
    facts = sections["can-tho-2025"][0]
    shown = plans2030.plans_shown_table(facts)
    assert shown.on_page()[-1] == "What the source says (our words)"
    assert '<table class="dataframe provbook provbook-notes">' in shown._repr_html_()
