"""Old article targets set beside the official outcome (issue 22):
provbook.chapters.province.outcomes."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from provbook.chapters import province as chapter
from provbook.chapters.province import outcomes


@pytest.fixture(scope="module")
def real():
    return {p: chapter.load(p) for p in ("bac-lieu", "soc-trang", "long-an", "lam-dong", "bac-kan")}


def test_the_five_article_provinces_have_no_target_an_official_series_covers(real):
    """Checked by hand against data/targets.csv and data/statistics.csv.

    Dated targets (target_year, else period_end): Bạc Liêu -02 (2025), -03 (2030) = 2;
    Sóc Trăng none of its 3 (-01..-03 have no year); Long An -01 (2025), -03..-10 (2030) = 9
    (-02 has no year); Lâm Đồng -01..-14 (2025 or 2030) = 14 (-15, -16 have none);
    Bắc Kạn -01 (2024), -02 (2025) = 2.
    None is GRDP per capita or FDI capital (the only series MEASURED_BY knows), and the series
    end in 2022 (grdp_per_capita) and 2023 (fia_total_capital) for all five, before the earliest
    due year (2024 for Bắc Kạn, 2025 for the others). So no table, and a sentence each.
    """
    expected = {
        "bac-lieu": "The article dates 2 targets for Bạc Liêu, due in 2025–2030",
        "long-an": "The article dates 9 targets for Long An, due in 2025–2030",
        "lam-dong": "The article dates 14 targets for Lâm Đồng, due in 2025–2030",
        "bac-kan": "The article dates 2 targets for Bắc Kạn, due in 2024–2025",
    }
    tail = (
        "; none of them is a figure that an official series in the book measures "
        "(GRDP per capita to 2022 and FDI to 2023), and all fall due after those series end, "
        "so no outcome can be set beside them."
    )
    for pid, head in expected.items():
        values = outcomes.outcomes_values(real[pid])
        assert values == {"outcomes_note": head + tail, "has_outcomes": ""}, pid
        assert outcomes.outcomes_table(real[pid]).empty
    assert outcomes.outcomes_values(real["soc-trang"])["outcomes_note"] == (
        "The article gives no year for any of its 3 targets for Sóc Trăng, so no official "
        "outcome can be set beside them."
    )


def _with_targets(facts, rows):
    """Bạc Liêu's real facts (statistics included) with synthetic targets in place of its own."""
    columns = list(facts.targets.columns)
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    for c in ("low", "high"):
        frame[c] = frame[c].astype(float)
    return dataclasses.replace(facts, targets=frame, _cache={})


def _target(n, indicator, unit, low, year, note=""):
    return {
        "target_id": f"tgt-test-{n}",
        "province_id": "bac-lieu",
        "indicator": indicator,
        "kind": "level",
        "unit": unit,
        "low": low,
        "high": low,
        "target_year": year,
        "source_id": "art_bac_lieu",
        "note": note,
    }


def test_met_not_met_and_not_comparable_against_the_official_series(real):
    """Synthetic targets against Bạc Liêu's real GSO rows: GRDP per capita 2020 = 48.02 and
    2022 = 60.12 million VND; FIA total capital 2023 = 179.85 USD million.
    48.02 >= 45 -> met; 60.12 < 65 -> not met; 179.85 >= 100 -> met; a USD per-capita target
    is not comparable (no rate); a constant-price one is not comparable; 2030 is not covered."""
    facts = _with_targets(
        real["bac-lieu"],
        [
            _target(1, "GRDP per capita", "million VND", 45, 2020),
            _target(2, "GRDP per capita", "million VND", 65, 2022),
            _target(3, "FDI registered capital", "USD million", 100, 2023),
            _target(4, "GRDP per capita", "USD", 2500, 2022),
            _target(5, "GRDP per capita", "million VND", 50, 2021, "at constant 2010 prices"),
            _target(6, "GRDP per capita", "million VND", 90, 2030),
        ],
    )
    table = outcomes.outcomes_table(facts)
    assert table["Year"].tolist() == [2020, 2022, 2023, 2022, 2021]
    assert table["Outcome"].tolist()[:3] == [
        "48.02 million VND",
        "60.12 million VND",
        "179.85 USD million",
    ]
    verdicts = table["Verdict"].tolist()
    assert verdicts[:3] == ["met", "not met", "met"]
    assert verdicts[3] == (
        "not comparable: the target is in USD, the official series in million VND, "
        "and no conversion rate is stated"
    )
    assert verdicts[4] == (
        "not comparable: the target is at constant prices, the official series at current prices"
    )
    assert outcomes.outcomes_values(facts) == {
        "outcomes_note": "Of the 6 dated targets for Bạc Liêu, 5 can be set beside an official "
        "series: 2 targets met, 1 target not met and 2 targets not comparable, as the table "
        "shows.",
        "has_outcomes": "yes",
    }


def test_a_usd_target_is_never_divided_or_compared_with_a_vnd_series(real):
    """A USD target below the VND outcome's number must not read as 'met' (2 < 60.12)."""
    facts = _with_targets(real["bac-lieu"], [_target(1, "GRDP per capita", "USD", 2, 2022)])
    assert outcomes.outcomes_table(facts)["Verdict"].str.startswith("not comparable").all()


def test_the_section_shows_where_there_are_targets_and_the_table_only_with_outcomes():
    from pathlib import Path

    from provbook.build.context import province_context

    data = Path(__file__).resolve().parents[1] / "data"
    long_an = province_context(data, "long-an")
    assert (long_an["show_outcomes"], long_an["has_outcomes"]) == ("yes", "")
    ha_noi = province_context(data, "ha-noi")  # no article targets: no section
    assert (ha_noi["show_outcomes"], ha_noi["has_outcomes"]) == ("", "")


def test_the_vietnamese_table_says_verdicts_units_and_headers_in_vietnamese(real):
    """The same synthetic targets as above in the Vietnamese edition: the verdicts, the reasons
    a pair is not comparable, units and headers in Vietnamese, numbers with a decimal comma,
    and the same verdicts as the English table row for row."""
    from provbook.publish.language_check import english_words

    targets = [
        _target(1, "GRDP per capita", "million VND", 45, 2020),
        _target(2, "GRDP per capita", "million VND", 65, 2022),
        _target(3, "FDI registered capital", "USD million", 100, 2023),
        _target(4, "GRDP per capita", "USD", 2500, 2022),
        _target(5, "GRDP per capita", "million VND", 50, 2021, "at constant 2010 prices"),
    ]
    for t in targets:
        t["indicator_vi"] = "Vốn FDI đăng ký" if t["indicator"].startswith("FDI") else "GRDP/người"
    facts = _with_targets(real["bac-lieu"], targets)
    vi = outcomes.outcomes_table(facts, "vi")
    assert list(vi.columns) == [
        "Chỉ tiêu",
        "Năm",
        "Giá trị chỉ tiêu",
        "Kết quả chính thức",
        "Đánh giá",
        "Nguồn của chỉ tiêu",
        "Nguồn của kết quả",
    ]
    assert vi["Kết quả chính thức"].tolist()[:3] == [
        "48,02 triệu đồng",
        "60,12 triệu đồng",
        "179,85 triệu USD",
    ]
    assert vi["Giá trị chỉ tiêu"].tolist()[0] == "45 triệu đồng"
    assert vi["Đánh giá"].tolist() == [
        "đạt",
        "không đạt",
        "đạt",
        "không so sánh được: chỉ tiêu tính bằng USD, chuỗi số liệu chính thức tính bằng "
        "triệu đồng, và không có tỷ giá quy đổi nào được nêu",
        "không so sánh được: chỉ tiêu tính theo giá so sánh, chuỗi số liệu chính thức tính theo "
        "giá hiện hành",
    ]
    for column in vi.columns:
        cells = " ".join(str(v) for v in vi[column])
        assert not english_words(f"{column} {cells}"), (column, cells)
    assert outcomes.outcomes_values(facts, "vi")["outcomes_note"].startswith(
        "Mọi mục tiêu có năm đến hạn của Bạc Liêu"
    )
