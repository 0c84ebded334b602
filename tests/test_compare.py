"""The comparative chapter's tables and figures drawn from the data tables (the first half of each
section module of provbook.chapters.comparative) on a small synthetic data package, with values
worked out by hand."""

from __future__ import annotations

import base64
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from provbook import text as words
from provbook.chapters.comparative import core, land, merger, official, priorities, targets
from provbook.datapackage import data
from provbook.draw import charts, maps

ROOT = Path(__file__).resolve().parents[1]

CSV = {
    "provinces.csv": """\
province_id,gso_code,name_vi,name_ascii,region,unit_2025_code,merged_on
alpha,1,Ánh Dương,Anh Duong,Red River Delta,1,2025-07-01
beta,2,Bến Đò,Ben Do,Red River Delta,1,2025-07-01
gamma,3,Cồn Gạo,Con Gao,Mekong River Delta,48,2025-07-01
delta,4,Đồi Mây,Doi May,Mekong River Delta,48,2025-07-01
""",
    "units_2025.csv": """\
unit_2025_code,unit_2025_id,name_vi,name_short,region,area_km2
1,mot-2025,Tỉnh Một,Một,Red River Delta,1500
48,da-nang-2025,Thành phố Đà Nẵng,Đà Nẵng,South Central Coast & Central Highlands,2300
""",
    "codebook/codes.csv": """\
code,dimension,label_en,label_vi,rule
energy,sector,Energy,năng lượng,Named as a priority.
food,sector,Food processing,chế biến,Named as a priority.
textiles,sector,Textiles,dệt may,Named as a priority.
unused,sector,Unused sector,không,Never coded.
parks,instrument,Park infrastructure,hạ tầng,Named as a solution.
""",
    "codebook/priorities.csv": """\
province_id,code,source_id,evidence
alpha,energy,art_a,e
alpha,food,art_a,e
beta,energy,art_b,e
beta,textiles,art_b,e
gamma,energy,art_c,e
gamma,parks,art_c,e
""",
    "targets.csv": """\
target_id,province_id,indicator,indicator_vi,kind,unit,low,high,target_year,period_start,\
period_end,document_id,source_id,note
t1,alpha,Manufacturing growth,,annual_growth,% per year,11.9,12.3,2025,,2025,,art_a,
t2,alpha,Export growth,,annual_growth,% per year,,14,2030,2021,2030,,art_a,
t3,beta,Energy use,,annual_growth,% per year,-1.5,-1,,,2030,,art_b,
t4,beta,Industry share,,share_of_grdp,%,60.5,60.5,2025,,,,art_b,
t5,beta,A clean-energy hub,,qualitative,,,,2025,,,,art_b,
t6,gamma,No figure given,,annual_growth,% per year,,,2025,,,,art_c,
t7,delta,Undated aim,,qualitative,,,,,,,,art_c,
""",
    "documents.csv": """\
document_id,province_id,doc_type,number,title_vi,title_en,issued_by,issued_date,period_start,\
period_end,vision_year,source_id,note
d1,alpha,plan,,Kế hoạch,Plan,,,2021,2030,2050,art_a,
d2,beta,resolution,,Nghị quyết,Resolution,,,,2025,,art_b,
d3,gamma,other,,Khác,Other,,,,,,art_c,
""",
    "parks.csv": """\
park_id,province_id,name,park_type,district,area_ha,developer,status,expected_year,cost,\
cost_unit,occupancy_pct,source_id,note
p1,alpha,KCN A,KCN,,100,,operating,,,,,art_a,
p2,alpha,CCN A,CCN,,50.5,,planned,,,,,art_a,
p3,alpha,CCN B,CCN,,,,planned,,,,,art_a,
p4,beta,Zone B,other,,,,planned,,,,,art_b,
p5,delta,KCN D,KCN,,30,,approved,,,,,art_c,
""",
    "statistics.csv": """\
province_id,indicator,year,value,unit,source_id,status
alpha,area,2021,1000,km2,gso_population,official
alpha,area,2022,1010,km2,gso_population,official
beta,area,2022,500,km2,gso_population,official
gamma,area,2022,2000,km2,gso_population,official
delta,area,2022,300,km2,gso_population,official
alpha,population,2022,505,thousand persons,gso_population,official
beta,population,2022,250,thousand persons,gso_population,official
gamma,population,2022,900,thousand persons,gso_population,official
delta,population,2021,120,thousand persons,gso_population,official
alpha,iip_index,2015,110,previous year = 100,gso_pxweb_2018,official
alpha,iip_index,2016,110,previous year = 100,gso_pxweb_2018,official
beta,iip_index,2015,105,previous year = 100,gso_pxweb_2018,official
beta,iip_index,2016,95,previous year = 100,gso_pxweb_2018,official
gamma,iip_index,2015,120,previous year = 100,gso_pxweb_2018,official
delta,iip_index,2016,130,previous year = 100,gso_pxweb_2018,official
vietnam,iip_index,2015,109,previous year = 100,gso_pxweb_2018,official
vietnam,iip_index,2016,108,previous year = 100,gso_pxweb_2018,official
alpha,pci_weighted,2015,60,score (0-100),vcci_pci,official
beta,pci_weighted,2015,55,score (0-100),vcci_pci,official
gamma,pci_weighted,2015,60,score (0-100),vcci_pci,official
delta,pci_weighted,2015,50,score (0-100),vcci_pci,official
alpha,pci_weighted,2016,62,score (0-100),vcci_pci,official
beta,pci_weighted,2016,58,score (0-100),vcci_pci,official
gamma,pci_weighted,2016,61,score (0-100),vcci_pci,official
vietnam,pci_weighted,2016,70,score (0-100),vcci_pci,official
""",
}

IDS = ["alpha", "beta", "gamma"]


@pytest.fixture(scope="module")
def pkg(tmp_path_factory) -> Path:
    """A synthetic data folder with the repository's own datapackage.json (the contract)."""
    folder = tmp_path_factory.mktemp("data")
    shutil.copy(ROOT / "data" / "datapackage.json", folder / "datapackage.json")
    for name, text in CSV.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def t(pkg):
    """The typed tables, loaded as the notebook loads them."""

    class Tables:
        provinces = data.provinces(pkg)
        units = data.units_2025(pkg)
        codes = data.codes(pkg)
        priorities = data.priorities(pkg)
        targets = data.targets(pkg)
        documents = data.documents(pkg)
        parks = data.parks(pkg)
        statistics = data.statistics(pkg)

    return Tables


def _square(x: float, y: float, size: float = 1.0) -> list:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


@pytest.fixture(scope="module")
def boundaries():
    old = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"province_id": pid, "name_vi": pid},
                "geometry": {"type": "Polygon", "coordinates": _square(100 + i, 10)},
            }
            for i, pid in enumerate(["alpha", "beta", "gamma", "delta"])
        ],
    }
    new = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"unit_2025_code": 1, "name_vi": "Tỉnh Một"},
                "geometry": {"type": "Polygon", "coordinates": _square(100, 10, 2)},
            },
            {
                "type": "Feature",
                "properties": {"unit_2025_code": 48, "name_vi": "Thành phố Đà Nẵng"},
                # mainland part plus a far island: the map must show it, uncropped
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [_square(102, 10, 2), _square(110, 16, 0.2)],
                },
            },
        ],
    }
    return old, new


# --------------------------------------------------------------------------- helpers


def test_province_names_keep_order_and_reject_unknown_ids(t):
    assert core.province_names(t.provinces, ["gamma", "alpha"]) == {
        "gamma": "Cồn Gạo",
        "alpha": "Ánh Dương",
    }
    with pytest.raises(ValueError, match="omega"):
        core.province_names(t.provinces, ["alpha", "omega"])


def test_province_colors_are_distinct_and_stable():
    colors = core.province_colors(["a", "b", "c"])
    assert len(set(colors.values())) == 3
    assert core.province_colors(["a", "b", "c"]) == colors
    assert colors["a"] == charts.CATEGORICAL[0]


def test_csv_link_carries_the_table():
    table = pd.DataFrame({"Province": ["Bạc Liêu"], "value": [1.5]})
    link = core.csv_link(table, "x.csv")
    assert 'download="x.csv"' in link
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)\"", link).group(1)
    assert base64.b64decode(payload).decode("utf-8") == "Province,value\nBạc Liêu,1.5\n"


def test_table_html_can_download_more_than_it_shows():
    shown = pd.DataFrame({"Province": ["A"]})
    full = pd.DataFrame({"Province": ["A"], "province_id": ["a"]})
    out = core.table_html(shown, "c", "t.csv", csv=full)
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)\"", out).group(1)
    assert base64.b64decode(payload).decode("utf-8") == "Province,province_id\nA,a\n"
    assert "province_id" not in out.split("<a ")[0]


def test_table_html_has_caption_formats_and_link():
    table = pd.DataFrame({"Province": ["A", "B"], "value": [1.234, np.nan]})
    out = core.table_html(table, "My <caption>", "t.csv", {"value": "{:.1f}"})
    assert "My &lt;caption&gt;" in out
    assert "1.2" in out and "1.234" not in out
    assert "–" in out  # missing value
    assert 'download="t.csv"' in out
    assert out == core.table_html(table, "My <caption>", "t.csv", {"value": "{:.1f}"})
    assert 'id="T_t"' in out


ATTACK = "<img src=x onerror=alert(1)>"


def test_table_html_escapes_every_data_text():
    """Names, indicators, units, column headers and the caption render as text, never markup."""
    table = pd.DataFrame(
        {"Province": [ATTACK], "Indicator": [f"a {ATTACK}"], ATTACK: ["x"], "Low": [1.0]}
    )
    out = core.table_html(table, f"Caption {ATTACK}", "t.csv", {"Low": "{:g}"})
    assert "<img" not in out
    assert out.count("&lt;img src=x onerror=alert(1)&gt;") == 4


# --------------------------------------------------------------------------- priorities


def test_coding_matrix_orders_by_sharing_and_drops_uncoded_codes(t):
    matrix = priorities.coding_matrix(t.priorities, t.codes, t.provinces, IDS, "sector")
    assert list(matrix.columns) == ["Ánh Dương", "Bến Đò", "Cồn Gạo"]
    assert list(matrix.index) == ["Energy", "Food processing", "Textiles"]
    assert matrix.loc["Energy"].tolist() == [1, 1, 1]
    assert matrix.loc["Food processing"].tolist() == [1, 0, 0]
    assert matrix.loc["Textiles"].tolist() == [0, 1, 0]
    instruments = priorities.coding_matrix(t.priorities, t.codes, t.provinces, IDS, "instrument")
    assert instruments.to_dict("index") == {
        "Park infrastructure": {"Ánh Dương": 0, "Bến Đò": 0, "Cồn Gạo": 1}
    }
    with pytest.raises(ValueError, match="sectors"):
        priorities.coding_matrix(t.priorities, t.codes, t.provinces, IDS, "sectors")


def test_coding_matrix_of_a_province_without_codes_is_all_zero(t):
    matrix = priorities.coding_matrix(t.priorities, t.codes, t.provinces, ["delta"], "sector")
    assert matrix.empty


def test_heatmap_figure_draws_the_matrix(t):
    matrix = priorities.coding_matrix(t.priorities, t.codes, t.provinces, IDS, "sector")
    fig = priorities.heatmap_figure(matrix, "Energy is everywhere", "Sectors", "Source: test")
    assert isinstance(fig, Figure)
    assert charts.text_of(fig).title == "Energy is everywhere"
    assert charts.text_of(fig).source == "Source: test"
    ax = fig.axes[0]
    assert np.array_equal(ax.images[0].get_array(), matrix.to_numpy(dtype=float))
    assert [tick.get_text() for tick in ax.get_yticklabels()] == list(matrix.index)
    assert "3 of 3" in [text.get_text() for text in ax.texts]
    empty = priorities.heatmap_figure(matrix.iloc[:0], "Nothing", "Sectors")
    assert not empty.axes[0].images


def _extents(fig: Figure, texts) -> list:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    return [text.get_window_extent(renderer) for text in texts if text.get_text()]


def test_heatmap_column_headers_do_not_overlap_with_many_provinces():
    """Slanted headers are parallel strips: they clear each other when the distance between
    neighbours, measured across the slant, is at least one line of text."""
    names = [f"Thành phố Hồ Chí Minh {i}" for i in range(7)]
    matrix = pd.DataFrame(
        np.eye(3, 7, dtype="int64"), index=["Energy", "Food", "Textiles"], columns=names
    )
    fig = priorities.heatmap_figure(matrix, "Title", "Subtitle")
    ax = fig.axes[0]
    labels = ax.get_xticklabels()
    _extents(fig, labels)
    angle = math.radians(labels[0].get_rotation())
    assert 0 < angle < math.pi / 2
    line = labels[0].get_fontsize() * fig.dpi / 72 * 1.2
    xs = [ax.transData.transform((x, 0))[0] for x in ax.get_xticks()]
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert min(gaps) * math.sin(angle) >= line
    assert all("\n" not in label.get_text() for label in labels)
    few = priorities.heatmap_figure(matrix.iloc[:, :3], "Title", "Subtitle")
    boxes = _extents(few, few.axes[0].get_xticklabels())
    for first, second in zip(boxes, boxes[1:], strict=False):
        assert not first.overlaps(second)


def test_codebook_table(t):
    table = priorities.codebook_frame(t.codes)
    assert list(table.columns) == ["Dimension", "Code", "Vietnamese term", "Rule", "code id"]
    assert len(table) == len(t.codes)
    assert table["Dimension"].tolist() == ["instrument"] + ["sector"] * 4


def test_codebook_table_in_vietnamese_with_every_rule_in_both_catalogues():
    from provbook.datapackage import data
    from provbook.words import say

    codes = data.codes()
    for row in codes.itertuples(index=False):  # the English catalogue is the data's rule
        assert say(f"codebook.code_rule.{row.code}", "en") == row.rule
    vi = priorities.codebook_frame(codes, "vi")
    assert list(vi.columns) == ["Chiều", "Mã", "Thuật ngữ tiếng Anh", "Quy tắc", "code id"]
    assert set(vi["Chiều"]) == {"công cụ chính sách", "ngành ưu tiên"}
    training = vi.set_index("code id").loc["training"]
    assert training["Mã"] == "Đào tạo, phát triển nguồn nhân lực"
    assert training["Thuật ngữ tiếng Anh"] == codes.set_index("code").loc["training", "label_en"]
    assert training["Quy tắc"].startswith("Đào tạo hoặc phát triển nguồn nhân lực")


# --------------------------------------------------------------------------- targets


def test_targets_of_kind_keeps_ranges_and_skips_targets_without_figures(t):
    growth = targets.targets_of_kind(t.targets, t.provinces, IDS, "annual_growth")
    assert growth["target_id"].tolist() == ["t1", "t2", "t3"]  # t6 has no figure
    assert growth["Low"].tolist() == [11.9, 14.0, -1.5]  # t2's low comes from its high
    assert growth["High"].tolist() == [12.3, 14.0, -1.0]
    assert growth["Period"].tolist() == ["to 2025", "2021–2030", "to 2030"]
    assert growth["Horizon"].tolist() == [2025, 2030, 2030]
    shares = targets.targets_of_kind(t.targets, t.provinces, IDS, "share_of_grdp")
    assert shares[["Province", "Low", "High", "Period"]].values.tolist() == [
        ["Bến Đò", 60.5, 60.5, "by 2025"]
    ]


def test_range_label_spells_negative_ranges():
    assert targets._span(-1.5, -1.0) == "-1.5 to -1"
    assert targets._span(11.9, 12.3) == "11.9–12.3"
    assert targets._span(13.0, 13.0) == "13"


def test_range_figure_one_row_per_target(t):
    growth = targets.targets_of_kind(t.targets, t.provinces, IDS, "annual_growth")
    fig = targets.range_figure(growth, IDS, "Growth targets", "sub", "% per year")
    ax = fig.axes[0]
    labels = [tick.get_text().replace("\n", " ") for tick in ax.get_yticklabels()]
    assert labels == [
        "Ánh Dương: Manufacturing growth",
        "Ánh Dương: Export growth",
        "Bến Đò: Energy use",
    ]
    assert ax.get_xlabel() == "% per year"
    texts = [text.get_text() for text in ax.texts]
    assert "11.9–12.3  (to 2025)" in texts and "-1.5 to -1  (to 2030)" in texts
    empty = targets.range_figure(growth.iloc[:0], IDS, "None", "sub", "% per year")
    assert not empty.axes[0].lines


def test_horizons_lists_periods_visions_and_target_years(t):
    table = targets.horizons_frame(t.targets, t.documents, t.provinces, IDS)
    rows = {(r.province_id, r.kind, r.start, r.end, r.n) for r in table.itertuples(index=False)}
    assert rows == {
        ("alpha", "document period", 2021, 2030, 1),
        ("alpha", "vision", 2050, 2050, 1),
        ("alpha", "target year", 2025, 2025, 1),
        ("alpha", "target year", 2030, 2030, 1),
        ("beta", "document period", 2025, 2025, 1),  # no start year: its end only
        ("beta", "target year", 2025, 2025, 2),
        ("beta", "target year", 2030, 2030, 1),
        ("gamma", "target year", 2025, 2025, 1),
    }
    assert table["province_id"].tolist()[0] == "alpha"


def test_timeline_figure_has_one_lane_per_province(t):
    table = targets.horizons_frame(t.targets, t.documents, t.provinces, IDS)
    fig = targets.timeline_figure(table, t.provinces, IDS, "Horizons", "sub")
    ax = fig.axes[0]
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Cồn Gạo", "Bến Đò", "Ánh Dương"]
    assert ax.get_xlim()[0] <= 2021 and ax.get_xlim()[1] >= 2050
    assert "2" in [text.get_text() for text in ax.texts]  # two targets due in one year


# --------------------------------------------------------------------------- land


def test_latest_value_per_province(t):
    table = land.latest_value(t.statistics, "area", ["alpha", "delta"])
    assert table.values.tolist() == [["alpha", 2022, 1010.0, "km2"], ["delta", 2022, 300.0, "km2"]]


def test_industrial_land_counts_areas_and_densities(t):
    ids = ["alpha", "beta", "delta"]
    table = land.industrial_land(t.parks, t.statistics, t.provinces, ids)
    assert table.loc["alpha", ["KCN named", "CCN named", "Other zones named"]].tolist() == [1, 2, 0]
    assert table.loc["beta", "Other zones named"] == 1
    assert table.loc["alpha", "With area stated"] == 2
    assert table.loc["alpha", "Stated area (ha)"] == pytest.approx(150.5)
    assert table.loc["alpha", "ha per 1,000 km²"] == pytest.approx(150.5 / 1010 * 1000)
    assert table.loc["alpha", "ha per 1,000 people"] == pytest.approx(150.5 / 505)
    assert table.loc["delta", "Population year"] == 2021
    assert table.loc["alpha", "Area year"] == 2022
    # no stated area: missing, not zero
    assert table.loc["beta", "With area stated"] == 0
    assert math.isnan(table.loc["beta", "ha per 1,000 km²"])


def test_industrial_land_rejects_an_unknown_population_unit(t):
    stats = t.statistics.copy()
    stats.loc[stats["indicator"] == "population", "unit"] = "households"
    with pytest.raises(ValueError, match="households"):
        land.industrial_land(t.parks, stats, t.provinces, IDS)


def test_land_figure_marks_provinces_without_area(t):
    table = land.industrial_land(t.parks, t.statistics, t.provinces, IDS)
    fig = land.draw_land(table, IDS, "Land", "sub", "Source: test")
    assert len(fig.axes) == 3
    texts = [text.get_text() for ax in fig.axes[1:] for text in ax.texts]
    assert texts.count("no area stated") == 4  # beta and gamma, in both density panels
    assert words.number(150.5 / 1010 * 1000) in texts


# --------------------------------------------------------------------------- statistics


def test_common_latest_year(t):
    assert official.common_latest_year(t.statistics, "pci_weighted", IDS) == 2016
    assert official.common_latest_year(t.statistics, "pci_weighted", [*IDS, "delta"]) == 2015
    with pytest.raises(ValueError, match="iip_index"):
        official.common_latest_year(t.statistics, "iip_index", ["gamma", "delta"])


def test_average_growth_is_compound_and_needs_every_year(t):
    growth = official.average_growth(t.statistics, "iip_index")
    assert list(growth.index) == ["alpha", "beta"]  # gamma and delta miss a year
    assert growth["alpha"] == pytest.approx(10.0)
    assert growth["beta"] == pytest.approx((math.sqrt(1.05 * 0.95) - 1) * 100)


def test_distribution_ranks_provinces_only_with_ties(t):
    values = t.statistics[
        (t.statistics["indicator"] == "pci_weighted") & (t.statistics["year"] == 2015)
    ].set_index("province_id")["value"]
    values["vietnam"] = 99.0  # the national figure is never ranked
    dist = official.distribution(values, t.provinces, ["beta"])
    assert dist["province_id"].tolist() == ["alpha", "gamma", "beta", "delta"]
    assert dist["rank"].tolist() == [1, 1, 3, 4]
    assert set(dist["of"]) == {4}
    assert dist["compared"].tolist() == [False, False, True, False]


def test_rank_table_and_its_display(t):
    values = pd.Series({"alpha": 3.0, "beta": 1.0, "gamma": 2.0})
    dist = official.distribution(values, t.provinces, IDS)
    table = official.rank_table([("Score", dist)], t.provinces, ["beta", "alpha", "delta"])
    assert table["Measure"].tolist() == ["Score"] * 3
    assert table["Province"].tolist() == ["Bến Đò", "Ánh Dương", "Đồi Mây"]
    assert table["value"].tolist()[:2] == [1.0, 3.0]
    assert table["rank"].tolist()[:2] == [3, 1] and table["of"].tolist() == [3, 3, 3]
    assert math.isnan(table["value"][2]) and pd.isna(table["rank"][2])  # delta has no value
    wide = official.rank_matrix(table)
    assert list(wide.columns) == ["Measure", "Bến Đò", "Ánh Dương", "Đồi Mây"]
    assert wide.iloc[0].tolist() == ["Score", "1 (3rd of 3)", "3 (1st of 3)", "–"]


def test_distribution_figure_colours_compared_bars(t):
    values = pd.Series({"alpha": 3.0, "beta": 1.0, "gamma": 2.0, "delta": 4.0})
    dist = official.distribution(values, t.provinces, ["beta"])
    fig = official.draw_distributions(
        [("Score", dist, "points", False), ("Score (log)", dist, "points", True)],
        t.provinces,
        ["beta"],
        "Bến Đò ranks last",
        "sub",
        "Source: test",
    )
    panels = [ax for ax in fig.axes if ax.patches]
    assert len(panels) == 2
    bars = panels[0].patches
    assert len(bars) == 4
    colors = [to_hex(bar.get_facecolor()) for bar in bars]
    assert colors[-1] == core.province_colors(["beta"])["beta"].lower()
    assert set(colors[:-1]) == {charts.OTHERS.lower()}
    assert panels[1].get_yscale() == "log"
    assert "4" in [text.get_text() for text in panels[0].texts]  # beta's rank


def test_trajectories_and_their_figure(t):
    table = official.trajectories(t.statistics, t.provinces, "pci_weighted", ["alpha", "delta"])
    assert list(table.index) == [2015, 2016]
    assert table["Ánh Dương"].tolist() == [60.0, 62.0]
    assert math.isnan(table.loc[2016, "Đồi Mây"])
    assert table[core.MEDIAN_LABEL].tolist() == [57.5, 61.0]  # vietnam left out
    fig = official.trajectory_figure(
        table, t.provinces, ["alpha", "delta"], "T", "s", "score", "Source: test"
    )
    ax = fig.axes[0]
    assert len(ax.lines) == 3
    assert ax.get_ylabel() == "score"
    with pytest.raises(ValueError, match="nothing"):
        official.trajectories(t.statistics, t.provinces, "nothing", ["alpha"])


# --------------------------------------------------------------------------- merger


def test_merger_table_names_partners(t):
    table = merger.merger_frame(t.provinces, t.units, ["alpha", "gamma"])
    assert table[
        ["Province", "Unit from the merger", "Joined with", "Provinces in the unit"]
    ].values.tolist() == [
        ["Ánh Dương", "Tỉnh Một", "Bến Đò", 2],
        ["Cồn Gạo", "Thành phố Đà Nẵng", "Đồi Mây", 2],
    ]
    assert set(table["Merged on"]) == {"2025-07-01"}


def test_merger_map_shows_everything_uncropped(t, boundaries):
    old, new = boundaries
    fig = merger.merger_map(old, new, t.provinces, t.units, ["alpha", "gamma"], "Map", "s", "src")
    ax = fig.axes[0]
    west, south, east, north = maps.bounds(f["geometry"] for f in new["features"])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 <= west and x1 >= east and y0 <= south and y1 >= north  # the far island included
    texts = [text.get_text() for text in ax.texts]
    assert "Một" in texts and "Đà Nẵng" in texts  # units that absorbed a compared province
    assert "Quần đảo Hoàng Sa" in texts  # the far part of the Đà Nẵng unit is labelled
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[0] == "Ánh Dương, before 2025-07-01"


def test_merger_map_labels_stay_on_the_canvas(t):
    """A unit at the eastern edge with a long name: its label goes west, inside the figure,
    and the map keeps the figure's width (constrained layout would shrink it to fit a label
    that points east)."""
    long_name = "Thành phố Một Tên Rất Rất Dài Ở Tận Cùng Phía Đông"
    units = t.units.assign(name_vi=["Tỉnh Một", long_name])
    old = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"province_id": pid},
                "geometry": {"type": "Polygon", "coordinates": _square(x, 10)},
            }
            for pid, x in (("alpha", 100), ("beta", 100.5), ("gamma", 118), ("delta", 118.5))
        ],
    }
    new = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"unit_2025_code": code},
                "geometry": {"type": "Polygon", "coordinates": _square(x, 10, 1.5)},
            }
            for code, x in ((1, 100), (48, 118))
        ],
    }
    fig = merger.merger_map(old, new, t.provinces, units, ["alpha", "gamma"], "Map", "s", "src")
    ax = fig.axes[0]
    labels = [text for text in ax.texts if text.get_text() in ("Một", long_name[10:])]
    assert len(labels) == 2
    canvas = fig.bbox
    for box in _extents(fig, labels):
        assert canvas.x0 <= box.x0 and box.x1 <= canvas.x1, box
    assert ax.get_position().width > 0.9


def test_merger_text():
    frame = pd.DataFrame({"Province": ["A", "B", "C"], "Provinces in the unit": [2, 3, 2]})
    assert merger.merger_text(frame) == "A and C each joined one other province; B joined 2 others"
    alone = pd.DataFrame({"Province": ["A"], "Provinces in the unit": [1]})
    assert merger.merger_text(alone) == "A became a unit on its own"
    assert merger.merger_text(frame, "vi") == (
        "A và C đều hợp nhất với một tỉnh khác; B hợp nhất với 2 tỉnh khác"
    )
    assert merger.merger_text(alone, "vi") == "A tự trở thành một đơn vị"
    two_alone = pd.DataFrame({"Province": ["A", "B"], "Provinces in the unit": [1, 1]})
    assert merger.merger_text(two_alone, "vi") == "A và B đều tự trở thành đơn vị riêng"
    assert merger.merger_date("2025-07-01", "vi") == "ngày 1 tháng 7 năm 2025"
    assert merger.merger_date("2025-07-01") == "2025-07-01"  # the English edition's form


# --------------------------------------------------------------------------- sentences


def test_matrix_title(t):
    matrix = priorities.coding_matrix(t.priorities, t.codes, t.provinces, IDS, "sector")
    assert priorities.matrix_title(matrix, "sector") == (
        "Energy is named for all 3 provinces; 2 of the 3 sectors are coded for one province only"
    )
    two = priorities.coding_matrix(
        t.priorities, t.codes, t.provinces, ["alpha", "gamma"], "instrument"
    )
    assert priorities.matrix_title(two, "instrument") == (
        "No instrument is named for all 2 provinces; Park infrastructure comes closest (1 of 2)"
    )


def test_matrix_title_in_vietnamese_for_each_branch(t):
    matrix = priorities.coding_matrix(t.priorities, t.codes, t.provinces, IDS, "sector", "vi")
    assert list(matrix.index)[0] == "năng lượng"  # the codebook's Vietnamese label
    assert priorities.matrix_title(matrix, "sector", "vi") == (
        "Năng lượng được cả 3 tỉnh nêu; 2 trong 3 ngành chỉ riêng một tỉnh nêu"
    )
    two = priorities.coding_matrix(
        t.priorities, t.codes, t.provinces, ["alpha", "gamma"], "instrument", "vi"
    )
    assert priorities.matrix_title(two, "instrument", "vi") == (
        "Không công cụ nào được cả 2 tỉnh nêu; hạ tầng được nhiều tỉnh nêu nhất (1/2 tỉnh)"
    )
    provinces = ["P1", "P2", "P3"]
    tied = pd.DataFrame(
        {"đất đai, mặt bằng": [1, 1, 0], "thuế": [1, 1, 0]}, index=provinces
    ).T.astype(bool)
    assert priorities.matrix_title(tied, "instrument", "vi") == (
        "Không công cụ nào được cả 3 tỉnh nêu; “đất đai, mặt bằng” và thuế cùng được nhiều tỉnh "
        "nêu nhất (2/3 tỉnh)"
    )
    assert priorities.matrix_title(tied.iloc[:0], "sector", "vi") == (
        "Không ngành nào được mã hóa cho các tỉnh được so sánh"
    )


def test_matrix_title_names_ties_as_ties():
    provinces = ["P1", "P2", "P3", "P4", "P5"]

    def matrix(rows):
        return pd.DataFrame(rows, index=provinces).T.astype(bool)

    untied = matrix({"Land": [1, 1, 1, 1, 0], "Tax": [1, 1, 0, 0, 0], "Roads": [1, 0, 0, 0, 0]})
    assert priorities.matrix_title(untied, "instrument") == (
        "No instrument is named for all 5 provinces; Land comes closest (4 of 5)"
    )
    four = {k: [1, 1, 1, 1, 0] for k in ("Land", "Tax", "Roads", "Training")}
    tied = matrix({**four, "Credit": [1, 0, 0, 0, 0]})
    assert priorities.matrix_title(tied, "instrument") == (
        "No instrument is named for all 5 provinces; Land, Tax, Roads and Training tie for "
        "closest (4 of 5 each)"
    )
    many = matrix({f"Code {k}": [1, 1, 0, 0, 0] for k in range(5)})
    assert priorities.matrix_title(many, "sector") == (
        "No sector is named for all 5 provinces; 5 sectors tie for closest (2 of 5 each)"
    )
    shared = matrix({"Energy": [1] * 5, "Tax": [1, 1, 0, 0, 0]})
    assert priorities.matrix_title(shared, "sector") == (
        "Energy is named for all 5 provinces; no sector is coded for one province only"
    )


def test_standing_and_best_and_worst(t):
    first = official.distribution(
        pd.Series({"alpha": 3.0, "beta": 1.0, "gamma": 2.0}), t.provinces, ["alpha", "beta"]
    )
    second = official.distribution(
        pd.Series({"alpha": 1.0, "beta": 5.0, "gamma": 2.0}), t.provinces, ["alpha", "beta"]
    )
    assert (
        official.standing_text(first, "points") == "Ánh Dương 1st (3 points), Bến Đò 3rd (1 points)"
    )
    texts = official.best_and_worst([first, first, second])
    assert (
        texts["best"] == "Ánh Dương ranks highest of the compared provinces on 2 of the 3 measures"
    )
    assert texts["worst"] == "Bến Đò ranks lowest on 2 of the 3"
    assert texts["title"].startswith("Ánh Dương ranks highest")


def test_ambition_text(t):
    growth = targets.targets_of_kind(t.targets, t.provinces, IDS, "annual_growth")
    record = official.distribution(
        official.average_growth(t.statistics, "iip_index"), t.provinces, IDS
    )
    names = core.province_names(t.provinces, IDS)
    text = targets.ambition_text(growth, record, names, "growth")
    assert text == (
        "Of the provinces with numeric growth targets, on growth: Ánh Dương ranked 1st of 2, "
        "above the median; Bến Đò ranked 2nd of 2, at or below the median"
    )
    assert targets.ambition_text(growth.iloc[:0], record, names, "growth").startswith("No ")


def test_vietnamese_code_labels_on_three_lines_do_not_run_into_each_other():
    """The default comparison's Vietnamese sector labels wrap to three lines: rows grow."""
    from provbook.chapters import comparative

    cmp = comparative.load(["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"])
    fig = comparative.sectors_figure(cmp, "vi")
    fig.canvas.draw()
    boxes = _extents(fig, fig.axes[0].get_yticklabels())
    assert max(label.get_text().count("\n") for label in fig.axes[0].get_yticklabels()) == 2
    for first, second in zip(boxes, boxes[1:], strict=False):
        assert not first.overlaps(second)
