"""Ranks, medians and growth rates of provbook.analysis.stats on a small hand-made statistics
table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from provbook.analysis import stats


def _table(rows):
    return pd.DataFrame(rows, columns=["province_id", "indicator", "year", "value"])


@pytest.fixture
def table() -> pd.DataFrame:
    return _table(
        [
            ("a", "x", 2020, 10.0),
            ("b", "x", 2020, 30.0),
            ("c", "x", 2020, 20.0),
            ("d", "x", 2020, 30.0),
            ("vietnam", "x", 2020, 999.0),
            ("a", "x", 2021, 40.0),
            ("b", "x", 2021, 5.0),
            ("c", "x", 2021, float("nan")),
            ("vietnam", "x", 2021, 1000.0),
            ("a", "y", 2019, 1.0),
        ]
    )


def test_series_is_sorted_by_year_and_per_province(table):
    s = stats.series(table, "a", "x")
    assert list(s.index) == [2020, 2021]
    assert list(s) == [10.0, 40.0]
    assert stats.series(table, "vietnam", "x").loc[2021] == 1000.0
    assert stats.series(table, "zz", "x").empty


def test_cross_section_leaves_out_the_national_row_and_missing_values(table):
    values = stats.cross_section(table, "x", 2021)
    assert dict(values) == {"a": 40.0, "b": 5.0}
    assert "vietnam" not in stats.cross_section(table, "x", 2020).index


def test_rank_one_is_highest_and_ties_share_the_best_rank(table):
    values = stats.cross_section(table, "x", 2020)
    assert stats.rank(values, "b") == 1
    assert stats.rank(values, "d") == 1  # tie with b
    assert stats.rank(values, "c") == 3
    assert stats.rank(values, "a") == 4
    assert stats.rank(values, "a", ascending=True) == 1
    assert stats.rank(values, "nobody") is None


def test_median_of_provinces(table):
    assert stats.median(stats.cross_section(table, "x", 2020)) == 25.0
    assert math.isnan(stats.median(pd.Series(dtype=float)))


def test_years_and_latest_year(table):
    assert stats.years(table, "x") == [2020, 2021]
    assert stats.latest_year(table, "x") == 2021
    assert stats.latest_year(table, "x", "c") == 2020  # c has no 2021 value
    assert stats.latest_year(table, "nothing") is None


def test_growth_from_index_and_compound_average():
    assert stats.growth_from_index(112.5) == 12.5
    assert stats.average_annual_growth([110.0, 110.0]) == pytest.approx(10.0)
    # 1.2 * 0.9 = 1.08 over two years -> sqrt(1.08) - 1
    assert stats.average_annual_growth([120.0, 90.0]) == pytest.approx((math.sqrt(1.08) - 1) * 100)
    assert math.isnan(stats.average_annual_growth([110.0, float("nan")]))
    assert math.isnan(stats.average_annual_growth([]))


def test_share_change_and_density():
    assert stats.share(25, 200) == 12.5
    assert math.isnan(stats.share(1, 0))
    assert math.isnan(stats.share(None, 5))
    assert stats.change_pct(110, 100) == pytest.approx(10.0)
    assert math.isnan(stats.change_pct(1, 0))
    assert stats.density(1734.26, 4494.78) == pytest.approx(385.84, abs=0.01)
    assert math.isnan(stats.density(10, float("nan")))


def test_standing_collects_value_rank_median_and_national(table):
    s = stats.standing(table, "c", "x")  # c's latest year with a value is 2020
    assert s.year == 2020
    assert (s.value, s.rank, s.count, s.median, s.national) == (20.0, 3, 4, 25.0, 999.0)
    assert s.known
    missing = stats.standing(table, "c", "y")
    assert missing.year is None and not missing.known and missing.rank is None


def test_over_time_gives_one_row_per_year(table):
    frame = stats.over_time(table, "a", "x")
    assert list(frame["year"]) == [2020, 2021]
    assert list(frame["rank"]) == [4, 1]
    assert list(frame["count"]) == [4, 2]
    assert list(frame["national"]) == [999.0, 1000.0]
    assert list(stats.median_by_year(table, "x")) == [25.0, 22.5]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (63, "63rd"), (111, "111th"), (None, "–")],
)  # fmt: skip
def test_ordinal(n, text):
    assert stats.ordinal(n) == text


def _same(a, b) -> bool:
    """Equal, NaN included (a Standing holding NaN is not == itself)."""
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
        return True
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
        return True
    return repr(a) == repr(b)


@pytest.mark.parametrize("categorical", [False, True])
def test_indexed_answers_equal_the_functions(table, categorical):
    """Every question a chapter asks, on every key (absent ones too), as the plain functions."""
    if categorical:  # how provbook.chapters.province.facts.load types the real table
        table = table.astype({"province_id": "category", "indicator": "category"})
    index = stats.Indexed(table)
    provinces, indicators = ["a", "b", "c", "d", "vietnam", "zz"], ["x", "y", "nothing"]
    for ind in indicators:
        assert index.years(ind) == stats.years(table, ind)
        assert _same(index.median_by_year(ind), stats.median_by_year(table, ind))
        for year in (2019, 2020, 2021, 2030):
            assert _same(index.cross_section(ind, year), stats.cross_section(table, ind, year))
            pd.testing.assert_frame_equal(
                index.rows(ind, year), table[(table["indicator"] == ind) & (table["year"] == year)]
            )
        for pid in [None, *provinces]:
            assert index.latest_year(ind, pid) == stats.latest_year(table, ind, pid)
        for pid in provinces:
            assert _same(index.series(pid, ind), stats.series(table, pid, ind))
            for ascending in (False, True):
                assert _same(
                    index.over_time(pid, ind, ascending),
                    stats.over_time(table, pid, ind, ascending),
                )
                for year in (None, 2020, 2021, 2030):
                    assert _same(
                        index.standing(pid, ind, year, ascending),
                        stats.standing(table, pid, ind, year, ascending),
                    )
    # asked twice, the same answer (the second one kept from the first)
    assert _same(index.standing("c", "x"), stats.standing(table, "c", "x"))


def test_indexed_hands_out_copies_a_caller_may_change(table):
    index = stats.Indexed(table)
    frame = index.over_time("a", "x")
    frame["status"] = "changed"  # what provbook.chapters.province.series does to its copy
    values = index.cross_section("x", 2020)
    values["a"] = -1.0
    one = index.series("a", "x")
    one[2020] = -1.0
    assert list(index.over_time("a", "x").columns) == [
        "year", "value", "rank", "count", "median", "national"
    ]  # fmt: skip
    assert index.cross_section("x", 2020)["a"] == 10.0
    assert index.series("a", "x")[2020] == 10.0
    assert index.standing("a", "x", 2020).rank == 4


def test_indexed_answers_belong_to_their_own_frame(table):
    """A second frame (another data folder, or a changed copy) never gets the first's answers."""
    first = stats.Indexed(table)
    assert first.standing("a", "x", 2020).value == 10.0
    changed = table.copy()
    changed.loc[0, "value"] = 50.0
    second = stats.Indexed(changed)
    assert second.standing("a", "x", 2020).value == 50.0
    assert second.standing("a", "x", 2020).rank == 1
    assert first.standing("a", "x", 2020).value == 10.0


def test_indexed_is_shared_by_frames_of_the_same_content_only(table):
    """Each chapter loads its own copy of the statistics: equal copies share one index, and any
    difference in values, signs of zero, dtypes or row labels gives another one."""
    shared = stats.indexed(table)
    assert stats.indexed(table.copy()) is shared
    assert shared.standing("a", "x", 2020).value == 10.0
    changed = table.copy()
    changed.loc[0, "value"] = 50.0
    assert stats.indexed(changed) is not shared
    assert stats.indexed(changed).standing("a", "x", 2020).value == 50.0
    zero, negative_zero = table.copy(), table.copy()
    zero.loc[0, "value"], negative_zero.loc[0, "value"] = 0.0, -0.0
    assert stats.indexed(zero) is not stats.indexed(negative_zero)
    categorical = table.astype({"province_id": "category"})
    assert stats.indexed(categorical) is not shared
    assert stats.indexed(table.iloc[::-1]) is not shared
    assert stats.indexed(table.set_axis(range(1, len(table) + 1))) is not shared
    assert shared.standing("a", "x", 2020).value == 10.0
