"""provbook.analysis.plans: the 2030 targets set against the office's 2025 figures (real data/, and
a synthetic table for the rules on USD, ranges and status)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from provbook.analysis import plans as p
from provbook.datapackage import data as d

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def real():
    return d.plans_2030(ROOT / "data"), d.statistics_2025(ROOT / "data")


def row(
    unit="x-2025",
    indicator=p.PER_CAPITA,
    low=100.0,
    high=100.0,
    qualifier="exact",
    unit_of="million_vnd",
    status="adopted_resolution",
    n=1,
):
    return {
        "target_id": f"p30-x-{n:02d}",
        "unit_2025_id": unit,
        "indicator": indicator,
        "value_low": low,
        "value_high": high,
        "qualifier": qualifier,
        "unit": unit_of,
        "status": status,
        "source_id": f"src{n}",
    }


def stats(unit="x-2025", pc_2020=50.0, pc_2025=80.0, g24=7.0, g25=8.0, share=40.0):
    rows = [
        (unit, "grdp_per_capita", 2020, pc_2020),
        (unit, "grdp_per_capita", 2025, pc_2025),
        (unit, "grdp_real_growth", 2024, g24),
        (unit, "grdp_real_growth", 2025, g25),
        (unit, "grdp_share_industry_construction", 2025, share),
    ]
    return pd.DataFrame(rows, columns=["unit_2025_id", "indicator", "year", "value"])


def test_thai_nguyen_implied_growth_by_hand(real):
    """Thái Nguyên: 220 million VND per person in 2030 (adopted), 112.4 in 2025 (estimate),
    83.95 in 2020 (official).

    Target: 220 / 112.4 = 1.95730; 1.144^5 = 1.95943 and 1.1437^5 = 1.95687, so the fifth root
    is about 1.14375: 14.4 % a year at current prices.
    Record: 112.4 / 83.95 = 1.33889; 1.06^5 = 1.33823, so about 1.0601: 6.0 % a year 2020-2025.
    """
    plans, statistics = real
    result = p.per_capita(plans, statistics, "thai-nguyen-2025")
    assert result.base == 112.4
    assert result.implied_low == pytest.approx(14.375, abs=0.01)
    assert result.implied_high == result.implied_low  # one figure, not a range
    assert result.record == pytest.approx(6.01, abs=0.01)
    assert result.reason == ""


def test_thai_nguyen_growth_and_share_by_hand(real):
    """At least 10.5 % a year against 3.77 % (2024) and 6.33 % (2025): 4.17 points above the
    faster year. Industry and construction 54.6 % in 2030 against 54.1 % in 2025: +0.5 points."""
    plans, statistics = real
    g = p.growth(plans, statistics, "thai-nguyen-2025")
    assert (g.growth_2024, g.growth_2025, g.best) == (3.77, 6.33, 6.33)
    assert g.gap == pytest.approx(4.17)
    assert g.above_record
    assert g.target.qualifier == "at_least"
    s = p.share(plans, statistics, "thai-nguyen-2025")
    assert s.share_2025 == 54.1
    assert s.change_low == pytest.approx(0.5)


def test_usd_target_is_never_divided_by_vnd_without_a_stated_rate():
    plans = pd.DataFrame([row(low=6000, high=6500, qualifier="range", unit_of="usd")])
    result = p.per_capita(plans, stats(), "x-2025")
    assert result.implied_low is None and result.implied_high is None
    assert "USD" in result.reason and "no exchange rate" in result.reason
    # The record 2020-2025 is VND against VND, so it is still given.
    assert result.record == pytest.approx(((80 / 50) ** 0.2 - 1) * 100)


def test_usd_target_with_a_stated_rate_uses_it_and_keeps_its_source():
    plans = pd.DataFrame([row(low=4000, high=4000, unit_of="usd")])
    rate = p.StatedRate(25_000, "src1")
    result = p.per_capita(plans, stats(pc_2025=80.0), "x-2025", rate)
    # 4,000 USD x 25,000 VND = 100 million VND; 100 / 80 = 1.25; 1.25 ** 0.2 = 1.04564.
    assert result.implied_low == pytest.approx(4.564, abs=0.001)
    assert result.rate == rate


def test_usd_target_with_its_sources_vnd_equivalent_uses_that_equivalent():
    """A USD row whose own source gives the VND equivalent (vnd_equivalent, million VND) is
    converted with it, and the rate carries that row's source; without it, no ratio."""
    with_equivalent = row(low=4000, high=4000, unit_of="usd") | {"vnd_equivalent": 100.0}
    result = p.per_capita(pd.DataFrame([with_equivalent]), stats(pc_2025=80.0), "x-2025")
    # 100 million VND / 80 = 1.25; 1.25 ** 0.2 = 1.04564; rate 100e6 / 4000 = 25,000 VND.
    assert result.implied_low == pytest.approx(4.564, abs=0.001)
    assert result.rate == p.StatedRate(25_000, "src1")
    assert "about 100 million VND by its report's own conversion (about 25,000 VND per USD)" in (
        p.per_capita_sentence(result)
    )
    without = row(low=4000, high=4000, unit_of="usd") | {"vnd_equivalent": math.nan}
    result = p.per_capita(pd.DataFrame([without]), stats(pc_2025=80.0), "x-2025")
    assert result.implied_low is None and result.rate is None


def test_real_usd_targets_get_a_ratio_only_from_their_own_report(real):
    """Every USD target of plans_2030.csv: with no VND equivalent in its row, no ratio and the
    reason; with one (Đà Nẵng, An Giang: the page's own figure), the ratio from it alone."""
    plans, statistics = real
    usd = plans[(plans["indicator"] == p.PER_CAPITA) & (plans["unit"] == "usd")]
    assert len(usd["unit_2025_id"].unique()) >= 5
    converted = {}
    for unit in usd["unit_2025_id"].unique():
        result = p.per_capita(plans, statistics, unit)
        if result.target.unit != "usd":
            continue
        if result.target.vnd_equivalent is None:
            assert result.implied_low is None and result.reason == p.NO_RATE
            assert "no implied growth is computed" in p.per_capita_sentence(result)
        else:
            assert result.rate.source_id == result.target.source_id
            converted[unit] = result.implied_low
    # Đà Nẵng: 8,500 USD, "about 216 million VND" (VnExpress, 2025-09-18); 110.65 in 2025:
    # (216 / 110.65) ** 0.2 = 1.95210 ** 0.2 = 1.14314. An Giang: above 6,300 USD, "about 166
    # million VND" (VietNamNet); 80.22 in 2025: (166 / 80.22) ** 0.2 = 1.15656.
    assert converted == {
        "da-nang-2025": pytest.approx(14.314, abs=0.001),
        "an-giang-2025": pytest.approx(15.656, abs=0.001),
    }


def test_range_and_qualifier_carried_through():
    plans = pd.DataFrame(
        [
            row(indicator=p.GROWTH, low=7.5, high=9, qualifier="range", unit_of="percent_per_year"),
            row(low=120, high=160, qualifier="range", n=2),
        ]
    )
    g = p.growth(plans, stats(g24=7.0, g25=8.0), "x-2025")
    assert g.target.is_range and (g.target.low, g.target.high) == (7.5, 9.0)
    assert g.target.text() == "7.5–9% a year"
    assert g.gap == pytest.approx(-0.5)  # the low end is below 2025's 8%
    assert not g.above_record
    pc = p.per_capita(plans, stats(pc_2025=80.0), "x-2025")
    assert pc.implied_low < pc.implied_high
    assert pc.target.text() == "120–160 million VND"
    assert p.target_text(10, 10, "at_least", "percent_per_year") == "at least 10% a year"
    assert p.target_text(6000, 6000, "above", "usd") == "above 6,000 USD"
    assert p.target_text(215, 215, "about", "million_vnd") == "about 215 million VND"


def test_adopted_resolution_is_used_over_a_draft_whatever_the_order():
    plans = pd.DataFrame(
        [
            row(low=5000, high=5000, unit_of="usd", status="draft_political_report", n=1),
            row(low=5800, high=6000, qualifier="range", unit_of="usd", n=2),
        ]
    )
    assert p.chosen(plans, "x-2025", p.PER_CAPITA).source_id == "src2"


def test_real_hue_uses_its_adopted_per_capita_target(real):
    plans, _ = real
    target = p.chosen(plans, "hue-2025", p.PER_CAPITA)
    assert (target.low, target.high, target.status) == (5800, 6000, "adopted_resolution")


def test_missing_statistics_give_no_figure_not_an_error():
    plans = pd.DataFrame([row(indicator=p.SHARE, unit_of="percent")])
    empty = stats().iloc[0:0]
    assert math.isnan(p.share(plans, empty, "x-2025").change_low)
    assert p.growth(plans, empty, "x-2025") is None
    assert p.unit_plans(plans, empty, "y-2025").has_targets is False
