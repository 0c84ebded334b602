"""plans_2030.csv, the 2030 targets the 34 provinces' 2025 Party congresses set: the real table
validates, figures checked by hand against the pages read agree, and each kind of bad row is
reported with its file, line and column (and `provbook validate` exits non-zero)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_validate import find, make_copy, read_rows, write_rows

from provbook.datapackage import data as d
from provbook.datapackage import validate as v

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_HOMES = (
    "thai-nguyen-2025",
    "can-tho-2025",
    "ca-mau-2025",
    "tay-ninh-2025",
    "lam-dong-2025",
)


@pytest.fixture(scope="module")
def plans() -> pd.DataFrame:
    return d.plans_2030(ROOT / "data")


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return d.sources(ROOT / "data").set_index("source_id")


def one(plans: pd.DataFrame, unit: str, indicator: str, status: str = "adopted_resolution"):
    rows = plans[
        (plans["unit_2025_id"] == unit)
        & (plans["indicator"] == indicator)
        & (plans["status"] == status)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def figure(row) -> tuple:
    period = (row["period_start"], row["period_end"])
    period = tuple(None if pd.isna(x) else int(x) for x in period)
    year = None if pd.isna(row["year"]) else int(row["year"])
    return row["value_low"], row["value_high"], row["qualifier"], row["unit"], year, period


# --- the real table -------------------------------------------------------------------------------


def test_real_plans_table_validates():
    problems = [p for p in v.validate(ROOT / "data") if "plans_2030" in p.file]
    assert problems == [], "\n".join(str(p) for p in problems)


def test_rows_belong_to_2025_units_and_cite_press_reports(plans, sources):
    units = set(d.units_2025(ROOT / "data")["unit_2025_id"])
    assert set(plans["unit_2025_id"]) <= units
    assert set(ARTICLE_HOMES) <= set(plans["unit_2025_id"])
    cited = sources.loc[sorted(set(plans["source_id"]))]
    assert set(cited["kind"]) == {"press"}
    assert cited["url"].str.startswith("https://").all()
    # Press reports are about a 2025 unit, not one of the 63 old provinces, and are not seeds.
    assert cited["province_id"].isna().all() and cited["seed_file"].isna().all()


def test_thai_nguyen_by_hand(plans, sources):
    """VietnamPlus, 2025-09-26 (post1064259): the resolution's main targets, read by hand."""
    growth = one(plans, "thai-nguyen-2025", "grdp_growth_2026_2030")
    assert figure(growth) == (10.5, 10.5, "at_least", "percent_per_year", None, (2026, 2030))
    per_capita = one(plans, "thai-nguyen-2025", "grdp_per_capita_2030")
    assert figure(per_capita) == (220.0, 220.0, "exact", "million_vnd", 2030, (None, None))
    industry = one(plans, "thai-nguyen-2025", "share_industry_construction_2030")
    assert figure(industry) == (54.6, 54.6, "exact", "percent", 2030, (None, None))
    source = sources.loc[growth["source_id"]]
    assert {per_capita["source_id"], industry["source_id"]} == {growth["source_id"]}
    assert source["url"].endswith("post1064259.vnp")
    assert (source["date"], source["outlet"]) == ("2025-09-26", "VietnamPlus (Vietnam News Agency)")


def test_vinh_long_by_hand(plans, sources):
    """VietnamPlus, 2025-11-07 (post1075535): '169,46 triệu đồng' is 169.46 million VND and
    '589.730 tỷ đồng' is 589,730 billion VND, the unit the page uses."""
    assert figure(one(plans, "vinh-long-2025", "grdp_per_capita_2030")) == (
        169.46,
        169.46,
        "exact",
        "million_vnd",
        2030,
        (None, None),
    )
    assert figure(one(plans, "vinh-long-2025", "grdp_2030")) == (
        589730.0,
        589730.0,
        "exact",
        "billion_vnd",
        2030,
        (None, None),
    )
    growth = one(plans, "vinh-long-2025", "grdp_growth_2026_2030")
    assert figure(growth)[:4] == (10.0, 10.0, "exact", "percent_per_year")
    digital = one(plans, "vinh-long-2025", "share_digital_economy_2030")
    assert figure(digital)[:4] == (10.08, 10.08, "exact", "percent")
    source = sources.loc[growth["source_id"]]
    assert source["url"].endswith("post1075535.vnp") and source["date"] == "2025-11-07"


def test_quang_ninh_by_hand(plans, sources):
    """VietnamPlus, 2025-09-27 (post1064405): a USD target stays USD, and the 18 % is
    manufacturing's share, not industry and construction's."""
    assert figure(one(plans, "quang-ninh-2025", "grdp_growth_2026_2030")) == (
        12.0,
        12.0,
        "exact",
        "percent_per_year",
        None,
        (2026, 2030),
    )
    per_capita = one(plans, "quang-ninh-2025", "grdp_per_capita_2030")
    assert figure(per_capita) == (20000.0, 20000.0, "exact", "usd", 2030, (None, None))
    manufacturing = one(plans, "quang-ninh-2025", "share_manufacturing_2030")
    assert figure(manufacturing) == (18.0, 18.0, "above", "percent", 2030, (None, None))
    assert "share_industry_construction_2030" not in set(
        plans.loc[plans["unit_2025_id"] == "quang-ninh-2025", "indicator"]
    )
    source = sources.loc[per_capita["source_id"]]
    assert source["url"].endswith("post1064405.vnp") and source["date"] == "2025-09-27"


def test_a_draft_and_the_adopted_figure_are_both_kept(plans):
    """Huế: the opening-day draft said 5,000 USD, the adopted resolution 5,800-6,000 USD."""
    adopted = one(plans, "hue-2025", "grdp_per_capita_2030")
    draft = one(plans, "hue-2025", "grdp_per_capita_2030", "draft_political_report")
    assert figure(adopted)[:4] == (5800.0, 6000.0, "range", "usd")
    assert figure(draft)[:4] == (5000.0, 5000.0, "exact", "usd")
    assert adopted["source_id"] != draft["source_id"]


# --- bad rows: file, line, column, and a non-zero exit -------------------------------------

#: One corruption per row of a single copy of data/ (validated once): row index -> changes.
BAD = {
    "unit": (0, {"unit_2025_id": "thai-nguyen"}),
    "qualifier": (1, {"qualifier": "từ ... trở lên"}),
    "low_high": (2, {"value_low": "12", "value_high": "10.5"}),
    "share": (3, {"value_low": "546", "value_high": "546"}),
    "id": (4, {"target_id": "p30-can-tho-99"}),
}


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> tuple[Path, list[v.Problem], dict[str, int]]:
    """A copy of data/ with every kind of bad plans row planted, validated once."""
    data = make_copy(tmp_path_factory.mktemp("plans") / "data")
    rows = read_rows(data, "plans_2030")
    indices = {name: index for name, (index, _) in BAD.items()}
    # Rows chosen by what they hold, after the fixed ones above.
    free = [i for i in range(len(rows)) if i not in indices.values()]
    indices["single"] = next(i for i in free if rows[i]["qualifier"] == "at_least")
    indices["range"] = next(i for i in free if rows[i]["qualifier"] == "range")
    taken = set(indices.values())
    indices["fit"] = next(
        i for i in free if i not in taken and rows[i]["indicator"] == "grdp_per_capita_2030"
    )
    taken.add(indices["fit"])
    indices["period"] = next(i for i in free if i not in taken and rows[i]["period_start"])
    taken.add(indices["period"])
    indices["equivalent"] = next(
        i for i in free if i not in taken and rows[i]["unit"] == "million_vnd"
    )
    for index, changes in BAD.values():
        rows[index].update(changes)
    rows[indices["single"]]["value_high"] = "99"
    rows[indices["range"]]["value_high"] = rows[indices["range"]]["value_low"]
    rows[indices["fit"]]["unit"] = "percent"
    rows[indices["period"]]["period_end"] = ""
    rows[indices["equivalent"]]["vnd_equivalent"] = "216"
    lines = write_rows(data, "plans_2030", rows)
    return data, v.validate(data), {name: lines[i] for name, i in indices.items()}


def test_unknown_unit_id(bad):
    data, problems, line = bad
    rule = "foreign key units_2025.unit_2025_id"
    p = find(problems, "plans_2030.csv", line["unit"], "unit_2025_id", rule)
    assert "value 'thai-nguyen' is not a known unit_2025_id" in str(p)
    assert "did you mean 'thai-nguyen-2025'" in str(p)
    assert str(p).startswith(f"{p.file}:{line['unit']}: column 'unit_2025_id': ")
    assert v.main(["--data", str(data)]) == 1


def test_unknown_qualifier(bad):
    _, problems, line = bad
    p = find(problems, "plans_2030.csv", line["qualifier"], "qualifier", "enum")
    assert "is not one of the allowed values: exact, at_least, above, about, up_to, range" in str(p)


def test_low_above_high(bad):
    _, problems, line = bad
    p = find(problems, "plans_2030.csv", line["low_high"], "value_low", "value_low <= value_high")
    assert str(p).endswith(
        f"plans_2030.csv:{line['low_high']}: column 'value_low': value_low 12 is greater than "
        "value_high 10.5; write the smaller figure in value_low (rule: value_low <= value_high)"
    )


def test_range_and_single_figures_agree_with_their_values(bad):
    _, problems, line = bad
    rule = "single figure has low = high"
    find(problems, "plans_2030.csv", line["single"], "qualifier", rule)
    find(problems, "plans_2030.csv", line["range"], "qualifier", "range has two ends")


def test_unit_must_fit_the_indicator(bad):
    _, problems, line = bad
    p = find(problems, "plans_2030.csv", line["fit"], "unit", "unit fits indicator")
    assert "allowed: million_vnd, usd" in str(p)


def test_vnd_equivalent_only_beside_a_usd_figure(bad):
    """The VND equivalent a source gives is recorded only for a figure stated in USD."""
    _, problems, line = bad
    rule = "equivalent only for usd"
    p = find(problems, "plans_2030.csv", line["equivalent"], "vnd_equivalent", rule)
    assert "vnd_equivalent 216 is given for a figure in 'million_vnd'" in str(p)
    assert "leave it empty" in str(p)


def test_share_above_100(bad):
    _, problems, line = bad
    find(problems, "plans_2030.csv", line["share"], "value_low", "share within 0-100")


def test_id_must_name_its_unit(bad):
    _, problems, line = bad  # the row is one of Thái Nguyên's
    p = find(problems, "plans_2030.csv", line["id"], "target_id", "id names its unit")
    assert "write p30-thai-nguyen-NN" in str(p)


def test_period_needs_both_years(bad):
    _, problems, line = bad
    find(problems, "plans_2030.csv", line["period"], "period_end", "period has two ends")
