"""The comparison's section on the 34 provinces' targets to 2030
(provbook.chapters.comparative.plans2030): counts computed from data/, figures checked by hand
against statistics_2025.csv, wording that follows the counts."""

from __future__ import annotations

import pytest

from provbook.chapters.comparative import plans2030 as pc
from provbook.chapters.comparative import units_2025 as comparison_2025
from provbook.draw import charts

ARTICLE_PROVINCES = ["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"]


@pytest.fixture(scope="module")
def units():
    return comparison_2025.load(ARTICLE_PROVINCES)


@pytest.fixture(scope="module")
def values(units):
    return pc.targets_values(units)


def test_counts_and_names_by_hand(values):
    """27 provinces have a growth target (28 with a target, Phú Thọ's are on revenue and
    investment). Only Quảng Ngãi's low end (at least 10 %) is not above both years: its 2025
    growth is 10.02 %. Thái Nguyên's gap is the largest: 10.5 - max(3.77, 6.33) = 4.17."""
    assert values["plans_units_count"] == 34
    assert values["plans_with_growth_count"] == 27
    assert values["plans_above_count"] == 26
    assert values["plans_above_text"].startswith("26 of the 27 provinces with a published")
    assert values["plans_within_text"].startswith("Quảng Ngãi (at least 10% a year, against 5%")
    assert values["plans_within_text"].endswith(
        "aims for a pace already reached in at least one of the two years"
    )
    assert values["plans_top_text"].startswith(
        "Thái Nguyên aims furthest beyond its recent pace: at least 10.5% a year, 4.2 points"
    )
    assert values["plans_none_text"] == (
        "For 6 provinces, Hà Nội, Lai Châu, Sơn La, Lạng Sơn, Hải Phòng and Ninh Bình, no "
        "published target was found in the press reports read"
    )
    assert values["plans_homes_text"] == (
        "Of the 5 new homes of the provinces the sources describe, all 5 aim above both their "
        "2024 and 2025 growth"
    )


def test_industry_argument_names_rising_shares_and_industry_growth(values):
    """Shares 2030 vs 2025: Thái Nguyên 54.6 vs 54.1, Quảng Ngãi 44-45 vs 41.1, Gia Lai 36-36.5
    vs 28.6 (Huế's 2025 share is not published). Lâm Đồng: industry 14.5-15.5 % a year against
    10-10.5 % for GRDP."""
    text = values["plans_industry_text"]
    for said in (
        "Thái Nguyên (54.6% of GRDP in 2030 against 54.1% in 2025)",
        "Quảng Ngãi (44–45% of GRDP in 2030 against 41.1% in 2025)",
        "Gia Lai (36–36.5% of GRDP in 2030 against 28.6% in 2025)",
        "Lâm Đồng (industry and construction 14.5–15.5% a year against 10–10.5% a year",
    ):
        assert said in text
    assert "Huế" not in text


def test_per_capita_argument_converts_usd_only_with_the_reports_equivalent(values):
    """12 targets in VND, 2 in USD with their page's VND equivalent (Đà Nẵng, An Giang), 8 in
    USD alone (Cà Mau, Lâm Đồng, Quảng Ninh, Thanh Hóa, Huế, Quảng Ngãi, Gia Lai, HCMC)."""
    text = values["plans_pc_text"]
    assert text.startswith(
        "All 14 GRDP per capita targets in VND or with a VND equivalent in their report imply"
    )
    assert (
        "(2 of them are in USD, converted with the VND equivalent their own reports give)" in text
    )
    assert "8 targets are in USD with no VND equivalent in their report and not converted" in text


def test_table_ranks_every_province_once(units):
    table = pc.targets_table(units).frame
    assert len(table) == 34 and table["Province"].is_unique
    ranked = table.dropna(subset=["Rank"])
    assert ranked["Rank"].tolist() == list(range(1, 28))
    assert ranked["Gap to the faster year, points"].is_monotonic_decreasing
    assert ranked.iloc[0]["Province"] == "Thái Nguyên (new home)"
    assert ranked.iloc[0]["Gap to the faster year, points"] == pytest.approx(4.17)
    unranked = table[table["Rank"].isna()].set_index("Province")
    assert unranked.loc["Phú Thọ", "Growth target, % a year"] == "no growth target found"
    assert (unranked.drop("Phú Thọ")["Growth target, % a year"] == pc.NO_TARGET).all()
    usd = table[table["GRDP per capita 2030"].str.endswith("USD")].set_index("Province")
    assert len(usd) == 10
    converted = usd.loc[["Đà Nẵng", "An Giang"]]
    unconverted = usd.drop(["Đà Nẵng", "An Giang"])
    assert (unconverted["Implied yearly growth (current prices)"] == "not computed (USD)").all()
    assert (
        unconverted["Note on GRDP per capita"]
        == "Stated in USD; its report gives no VND equivalent, so no growth is computed"
    ).all()
    # The USD target as stated, the growth from the page's own equivalent (see test_plans.py).
    assert converted["GRDP per capita 2030"].tolist() == ["8,500 USD", "above 6,300 USD"]
    assert converted["Implied yearly growth (current prices)"].tolist() == [
        "about 14.3%",
        "about 15.7%",
    ]
    assert converted.loc["Đà Nẵng", "Note on GRDP per capita"] == (
        "Stated in USD; about 216 million VND by its report's own conversion "
        "(about 25,400 VND per USD)"
    )
    vnd = table[table["GRDP per capita 2030"].str.endswith("million VND")]
    assert (vnd["Note on GRDP per capita"] == "").all()


def test_figure_title_states_the_computed_count(units, values):
    fig = pc.targets_figure(units)
    text = charts.text_of(fig)
    assert text.title.startswith(
        f"{values['plans_above_count']} of the {values['plans_with_growth_count']} provinces"
    )
    assert text.source.startswith("Source: ") and "NSO (2025)" in text.source
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"Thái Nguyên", "Cần Thơ", "Cà Mau", "Tây Ninh", "Lâm Đồng"} <= labels


def test_wording_follows_the_counts():
    assert pc._count_text(1, 1).startswith("The one province with a published growth target aims")
    assert pc._count_text(3, 3).startswith("All 3 provinces")
    assert pc._count_text(1, 4).startswith(
        "1 of the 4 provinces with a published growth target aims"
    )
    assert pc._homes_text(5, 0).endswith("none aims above both their 2024 and 2025 growth")
    assert pc._homes_text(1, 1) == (
        "The one new home of a province the sources describe aims above both years"
    )
    assert pc._homes_text(1, 0).endswith("does not aim above both years")
    assert pc._homes_text(5, 2).endswith("2 aim above both their 2024 and 2025 growth")
    assert pc._none_text([]) == "Every province has at least one published target"
    assert pc._none_text(["Hà Nội"]).startswith("For 1 province, Hà Nội,")


def test_the_named_dots_are_clear_of_every_bar_line_and_name(units):
    """The names of the new homes and of the extremes sit where no dot, range bar, the dashed
    line or another name is: with no box painted under them (a bar showed through "Tây Ninh"
    and "Cần Thơ" under the old white boxes), draw.layout's rule applies to them in full."""
    from provbook.draw import layout

    fig = pc.targets_figure(units)
    names = fig.axes[0].texts
    assert {t.get_text() for t in names} >= {"Thái Nguyên", "Cần Thơ", "Tây Ninh", "Quảng Ngãi"}
    assert all(t.get_bbox_patch() is None for t in names)
    assert layout.collisions(fig) == []


def test_the_table_starts_with_the_province_and_ends_with_the_note(units):
    """On a phone the first column stays in view (provbook.css): it names the province (the
    rank alone told a reader nothing once scrolled); the note in words comes last."""
    columns = list(pc.targets_table(units).frame.columns)
    assert columns[:2] == ["Province", "Rank"]
    assert columns[-1] == "Note on GRDP per capita"


def _vietnamese_words_left(text: str) -> list[str]:
    from provbook.publish.language_check import data_names, english_words

    for name in sorted(data_names(), key=len, reverse=True):
        text = text.replace(name, " ")
    return english_words(text)


def test_the_vietnamese_section_has_no_english_word_and_the_same_counts(units, values):
    """Every sentence, table header and cell, and chart text of the section in Vietnamese:
    no common English word (names from data/ apart), the same counts as the English one, and
    numbers with the Vietnamese decimal comma."""
    vi = pc.targets_values(units, "vi")
    for key, value in vi.items():
        if key.endswith("_count"):
            assert value == values[key], key
        else:
            assert not _vietnamese_words_left(value), (key, value)
            assert value != values[key], key
    assert vi["plans_above_text"].startswith("26 trong 27 tỉnh")
    assert "4,2 điểm" in vi["plans_top_text"]
    table = pc.targets_table(units, "vi")
    assert table.caption and not _vietnamese_words_left(table.caption)
    frame = table.frame
    assert len(frame) == 34 and list(frame.columns)[:2] == ["Tỉnh, thành phố", "Hạng"]
    for column in frame.columns:
        cells = " ".join(str(v) for v in frame[column] if isinstance(v, str))
        assert not _vietnamese_words_left(f"{column} {cells}"), (column, cells[:300])
    english = pc.targets_table(units).frame
    assert (frame["Hạng"].fillna(0) == english["Rank"].fillna(0)).all()
    fig = pc.targets_figure(units, "vi")
    text = charts.text_of(fig)
    ax = fig.axes[0]
    shown = [text.title, text.subtitle, text.source, ax.get_xlabel(), ax.get_ylabel()]
    shown += [t.get_text() for t in ax.get_legend().get_texts()]
    for said in shown:
        assert said and not _vietnamese_words_left(said), said
    assert text.title.startswith("26 trong 27 tỉnh")
    from provbook.draw import layout

    assert layout.collisions(fig) == []  # the longer Vietnamese words still fit
