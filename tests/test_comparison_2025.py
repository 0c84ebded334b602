"""The comparison's view across the 34 provinces since 2025
(provbook.chapters.comparative.units_2025), on the real data/. Expected values were read by hand
from data/statistics_2025.csv."""

from __future__ import annotations

import pytest

from provbook.chapters.comparative import units_2025 as comparison_2025
from provbook.draw import charts

ARTICLE_PROVINCES = ["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"]


@pytest.fixture(scope="module")
def view():
    return comparison_2025.load(ARTICLE_PROVINCES)


def test_homes_are_the_new_provinces_of_the_compared_ones(view):
    # provinces.csv unit codes: bac-kan -> Thái Nguyên, bac-lieu -> Cà Mau, lam-dong -> Lâm
    # Đồng, long-an -> Tây Ninh, soc-trang -> Cần Thơ.
    assert view.homes == [
        "ca-mau-2025",
        "can-tho-2025",
        "lam-dong-2025",
        "tay-ninh-2025",
        "thai-nguyen-2025",
    ]


def test_ranking_uses_the_newest_year_and_ranks_from_the_highest(view):
    ranked = comparison_2025.ranking(view).set_index("unit_2025_id")
    assert len(ranked) == 34
    assert comparison_2025.newest_year(view, "grdp_per_capita") == 2025
    # GRDP per capita 2025: quang-ninh-2025 261.2, ho-chi-minh-2025 215.34, ha-noi-2025 179.29.
    top = ranked.sort_values("grdp_per_capita_rank").head(3)
    assert list(top.index) == ["quang-ninh-2025", "ho-chi-minh-2025", "ha-noi-2025"]
    assert top["grdp_per_capita"].tolist() == [261.2, 215.34, 179.29]
    assert ranked.loc["quang-ninh-2025", "grdp_per_capita_rank"] == 1
    # The share is published for 28 of the 34: the other 6 have no value and no rank.
    share = "grdp_share_industry_construction"
    assert ranked[share].notna().sum() == 28
    assert ranked[f"{share}_rank"].isna().sum() == 6
    assert ranked.loc["can-tho-2025", share] != ranked.loc["can-tho-2025", share]  # NaN


def test_values_name_the_homes_in_rank_order(view):
    values = comparison_2025.ranking_values(view)
    assert values["units_top_name"] == "Tỉnh Quảng Ninh"
    assert values["units_top_grdp"] == 261.2
    assert values["units_homes_count"] == "5 provinces"
    # 2025: Tây Ninh 115.61 > Thái Nguyên 112.4 > Lâm Đồng 105.25 > Cần Thơ 94.92 > Cà Mau 78.61.
    text = values["units_homes_text"]
    order = ["Tây Ninh", "Thái Nguyên", "Lâm Đồng", "Cần Thơ", "Cà Mau"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)
    assert "6 provinces" in values["units_share_missing_text"]


def test_table_shows_names_not_ids(view):
    table = comparison_2025.ranking_table(view)
    assert table.iloc[0, 0] == "Tỉnh Quảng Ninh"
    assert not table.astype(str).apply(lambda c: c.str.contains("-2025")).any().any()
    assert (table["Holds a province the sources describe"] == "yes").sum() == 5


def test_map_highlights_homes_and_keeps_the_archipelagos(view):
    fig = comparison_2025.shaded_map(view)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "Quần đảo Hoàng Sa" in texts and "Quần đảo Trường Sa" in texts
    assert charts.text_of(fig).title.startswith("Tỉnh Quảng Ninh has the highest GRDP per capita")
    assert charts.text_of(fig).source == "Sources: NSO, 2025; Talia Cao, 2025. Chart: provbook."
    bars = comparison_2025.rank_figure(view)
    # Sorted GRDP per capita 2025 by hand: Tây Ninh (115.61) 7th, Cà Mau (78.61) 26th of 34.
    assert charts.text_of(bars).title == (
        "The new homes of the described provinces rank between 7th and 26th of 34"
    )


def test_unknown_old_province_is_refused():
    with pytest.raises(ValueError, match="atlantis"):
        comparison_2025.load(["atlantis"])


def test_the_ranking_in_vietnamese_keeps_the_numbers_and_changes_the_words():
    from provbook.chapters.comparative import units_2025 as u2025

    view = u2025.load(["bac-kan", "long-an"])
    assert u2025.load(["bac-kan", "long-an"]) is view  # the second language reuses it
    english, vietnamese = u2025.ranking_values(view), u2025.ranking_values(view, "vi")
    for key, value in english.items():
        if not isinstance(value, str):
            assert vietnamese[key] == value, key
    assert vietnamese["units_homes_count"] == "2 tỉnh"
    assert vietnamese["units_top_grdp_text"].endswith(" triệu đồng")
    assert "," in vietnamese["units_top_grdp_text"]  # the decimal comma
    table = u2025.ranking_table(view, "vi")
    assert table.columns[0] == "Tỉnh, thành phố từ năm 2025"
    assert list(table.iloc[:, 1]) == list(u2025.ranking_table(view).iloc[:, 1])
    page = u2025.shown_ranking(view, "vi")._repr_html_()
    assert "Tải bảng này dưới dạng CSV" in page and "Download" not in page
    assert "34 dòng" in page
