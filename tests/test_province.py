"""Tables, figures and glued values of a province chapter, on a small synthetic data package.

The fixture follows the real contract (data/datapackage.json is copied, the CSVs are written
here) with four provinces: Ánh Dương has every kind of article fact, Bình Yên only coded
priorities (and shares a 2025 unit with Ánh Dương), Cẩm Giang and Đồng Xa have statistics only,
and Đồng Xa lacks an FDI figure.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import json
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from provbook import text as words
from provbook.analysis import stats
from provbook.build import context
from provbook.chapters import province as chapter
from provbook.datapackage import data
from provbook.datapackage.data import provinces_with_facts
from provbook.draw import charts

ROOT = Path(__file__).resolve().parents[1]
IDS = ["anh-duong", "binh-yen", "cam-giang", "dong-xa"]


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def _fields(name: str) -> list[str]:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == name)
    # Columns marked optionalColumn are left out: the rows below predate them.
    return [f["name"] for f in resource["schema"]["fields"] if not f.get("optionalColumn")]


def _square(x: float, y: float, size: float = 1.0) -> list:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def _geojson(path: Path, key: str, shapes: dict) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {key: k},
            "geometry": {"type": "MultiPolygon", "coordinates": v},
        }
        for k, v in shapes.items()
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")


#: Indicators whose synthetic rows are marked preliminary, as the FIA's and the December
#: reports' figures are in data/.
PRELIMINARY = {"fia_stock_capital", "fia_new_capital", "industrial_labour_use_index"}


def make_package(root: Path) -> Path:
    """Write the synthetic data package; returns its folder."""
    d = root / "data"
    d.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "datapackage.json", d / "datapackage.json")
    _write(
        d / "provinces.csv",
        _fields("provinces"),
        [
            ["anh-duong", 1, "Ánh Dương", "Anh Duong", "Red River Delta", 1, "2025-07-01"],
            ["binh-yen", 2, "Bình Yên", "Binh Yen", "Red River Delta", 1, "2025-07-01"],
            ["cam-giang", 3, "Cẩm Giang", "Cam Giang", "Central Highlands", 3, "2025-07-01"],
            ["dong-xa", 4, "Đồng Xa", "Dong Xa", "South East", 4, "2025-07-01"],
        ],
    )
    _write(
        d / "units_2025.csv",
        _fields("units_2025"),
        [
            [1, "anh-duong", "Tỉnh Ánh Dương"],
            [3, "cam-giang", "Tỉnh Cẩm Giang"],
            [4, "dong-xa", "Thành phố Đồng Xa"],
        ],
    )
    src = _fields("sources")
    _write(
        d / "sources.csv",
        src,
        [
            ["art_anh", "article", "anh-duong", "Báo Thử", "unknown", "Tiêu đề", "A title",
             "2023-01-02", "unknown", "seed.txt", "", "", ""],
            ["art_binh", "article", "binh-yen", "unknown", "unknown", "unknown", "B title",
             "unknown", "unknown", "seed2.txt", "", "", ""],
            ["gso_x", "statistics", "", "General Statistics Office of Vietnam (GSO)", "GSO",
             "Tables", "Tables", "2018", "unknown", "", "", "", ""],
            ["vcci_x", "statistics", "", "Vietnam Chamber of Commerce and Industry (VCCI)",
             "VCCI", "PCI", "PCI", "2016", "unknown", "", "", "", ""],
            ["odv_boundaries", "statistics", "", "Open Development Vietnam", "ODV", "Maps",
             "Maps", "2025", "unknown", "", "", "", ""],
            ["merger_2025", "legal", "", "National Assembly", "National Assembly", "NQ 202",
             "Resolution 202", "2025-06-12", "unknown", "", "", "", ""],
        ],
    )  # fmt: skip
    _write(
        d / "documents.csv",
        _fields("documents"),
        [
            ["doc-1", "anh-duong", "plan", "7/KH", "Kế hoạch", "Master plan", "PPC",
             "2021-03-01", 2021, 2030, 2050, "art_anh", ""],
            ["doc-2", "anh-duong", "resolution", "", "Nghị quyết", "Congress resolution", "",
             "", None, None, None, "art_anh", ""],
        ],
    )  # fmt: skip
    _write(
        d / "targets.csv",
        _fields("targets"),
        [
            ["t1", "anh-duong", "Industry share of GRDP", "", "share_of_grdp", "%", 40, 45,
             2030, None, None, "doc-1", "art_anh", ""],
            ["t2", "anh-duong", "Industrial production growth", "", "annual_growth",
             "% per year", 12, 12, 2025, None, 2025, "doc-1", "art_anh", ""],
            ["t3", "anh-duong", "Energy intensity change", "", "annual_growth", "% per year",
             -2, -1, 2030, None, None, "doc-1", "art_anh", ""],
            ["t4", "anh-duong", "Exports", "", "level", "VND billion", 200, 200, 2022, None,
             None, "", "art_anh", ""],
            ["t5", "anh-duong", "Green industry", "", "qualitative", "", None, None, 2030, None,
             None, "", "art_anh", "In words <only>"],
        ],
    )  # fmt: skip
    _write(
        d / "results.csv",
        _fields("results"),
        [
            ["r1", "anh-duong", "Output", "", 100, "VND billion", 2022, 2022, 110, 5, "",
             "art_anh", ""],
            ["r2", "anh-duong", "Exports", "", 50, "VND billion", 2022, 2022, None, -3, "t4",
             "art_anh", ""],
            ["r3", "anh-duong", "Firms", "", 7, "count", None, 2022, None, None, "", "art_anh",
             ""],
        ],
    )  # fmt: skip
    _write(
        d / "parks.csv",
        _fields("parks"),
        [
            ["p1", "anh-duong", "KCN Một", "KCN", "", 100, "Công ty A", "operating", None,
             None, "", None, "art_anh", ""],
            ["p2", "anh-duong", "CCN Hai", "CCN", "", None, "", "planned", None, None, "",
             None, "art_anh", ""],
            ["p3", "anh-duong", "CCN Ba", "CCN", "", 50, "", "planned", 2025, None, "", None,
             "art_anh", ""],
        ],
    )  # fmt: skip
    _write(
        d / "projects.csv",
        _fields("projects"),
        [["j1", "anh-duong", "Điện gió", "wind_power", "", 50, "MW", None, "", None, "planned",
          2025, "art_anh", ""]],
    )  # fmt: skip
    _write(
        d / "codebook" / "codes.csv",
        _fields("codes"),
        [
            ["s1", "sector", "Seafood", "thủy sản", "rule"],
            ["s2", "sector", "Textiles", "dệt may", "rule"],
            ["i1", "instrument", "Parks", "khu công nghiệp", "rule"],
        ],
    )
    _write(
        d / "codebook" / "priorities.csv",
        _fields("priorities"),
        [
            ["anh-duong", "s1", "art_anh", "named"],
            ["anh-duong", "i1", "art_anh", "named"],
            ["binh-yen", "s1", "art_binh", "named"],
            ["binh-yen", "s2", "art_binh", "named"],
        ],
    )
    indicators = [
        ["iip_index", "Index of industrial production", "previous year = 100", "", "gso_x"],
        ["fia_stock_capital", "FDI capital of valid projects", "USD million", "", "gso_x"],
        ["fia_new_capital", "New FDI capital", "USD million", "", "gso_x"],
        ["new_enterprises", "New enterprises", "enterprises", "", "gso_x"],
        ["industrial_labour_use_index", "Labour-use index", "previous year = 100", "", "gso_x"],
        ["population_release_2018", "Population, 2018 release", "thousand persons", "", "gso_x"],
        ["grdp_per_capita", "GRDP per capita", "million VND", "", "gso_x"],
        ["population", "Average population", "thousand persons", "", "gso_x"],
        ["area", "Area", "km2", "", "gso_x"],
        ["population_density", "Population density", "persons per km2", "", "gso_x"],
        ["pci_weighted", "PCI, weighted", "score (0-100)", "", "vcci_x"],
        ["pci_entry", "PCI: Entry Costs", "score (0-10)", "", "vcci_x"],
        ["pci_land", "PCI: Land Access", "score (0-10)", "", "vcci_x"],
    ]
    _write(d / "indicators.csv", _fields("indicators"), indicators)
    units = {row[0]: (row[2], row[4]) for row in indicators}
    values = {
        "iip_index": {
            "anh-duong": [110, 110, 110],
            "binh-yen": [105, 106, 107],
            "cam-giang": [120, 90, 100],
            "dong-xa": [101, 102, 103],
            "vietnam": [105, 105, 105],
        },
        "fia_stock_capital": {"anh-duong": [500], "binh-yen": [50], "cam-giang": [5],
                              "vietnam": [555]},
        # Đồng Xa has no FIA row at all; Cẩm Giang none in 2022.
        "fia_new_capital": {"anh-duong": [10, 30, 20], "binh-yen": [5, 40, 1],
                            "cam-giang": [2, None, 3]},
        "new_enterprises": {"anh-duong": [100, 120], "binh-yen": [50, 60], "cam-giang": [10, 20],
                            "dong-xa": [200, 300]},
        "industrial_labour_use_index": {"anh-duong": [104, 98], "binh-yen": [101, 103],
                                        "cam-giang": [100, 100], "dong-xa": [99, 101]},
        "population_release_2018": {"anh-duong": [1500], "binh-yen": [780]},
        "grdp_per_capita": {"anh-duong": [80, 90], "binh-yen": [50, 55], "cam-giang": [40, 60],
                            "dong-xa": [100, 120]},
        "population": {"anh-duong": [1400, 1500], "binh-yen": [780, 800],
                       "cam-giang": [590, 600], "dong-xa": [8800, 9000]},
        "area": {"anh-duong": [3000], "binh-yen": [1000], "cam-giang": [6000],
                 "dong-xa": [2000]},
        "population_density": {"anh-duong": [500], "binh-yen": [800], "cam-giang": [100],
                               "dong-xa": [4500]},
        "pci_weighted": {"anh-duong": [60, 62], "binh-yen": [55, 57], "cam-giang": [58, 59],
                         "dong-xa": [65, 66]},
        "pci_entry": {"anh-duong": [8], "binh-yen": [7], "cam-giang": [6], "dong-xa": [9]},
        "pci_land": {"anh-duong": [4], "binh-yen": [6], "cam-giang": [5], "dong-xa": [7]},
    }  # fmt: skip
    years = {
        "iip_index": [2012, 2013, 2014],
        "fia_stock_capital": [2023],
        "fia_new_capital": [2021, 2022, 2023],
        "new_enterprises": [2021, 2022],
        "industrial_labour_use_index": [2023, 2024],
        "population": [2016, 2022],
        "population_release_2018": [2016],
        "grdp_per_capita": [2021, 2022],
        "pci_weighted": [2015, 2016],
    }
    rows = []
    for indicator, by_province in values.items():
        for pid, series in by_province.items():
            for year, value in zip(years.get(indicator, [2016 if "pci" in indicator else 2022]),
                                   series, strict=True):  # fmt: skip
                if value is None:  # no row: the publisher lists no figure
                    continue
                unit, source = units[indicator]
                status = "preliminary" if indicator in PRELIMINARY else "official"
                rows.append([pid, indicator, year, value, unit, source, status])
    _write(d / "statistics.csv", _fields("statistics"), rows)
    _geojson(
        d / "boundaries" / "provinces_63.geojson",
        "province_id",
        {
            "anh-duong": [_square(0, 10)],
            "binh-yen": [_square(1, 10)],
            "cam-giang": [_square(0, 11)],
            "dong-xa": [_square(1, 11), _square(8, 5, 0.2)],  # with a distant island
        },
    )
    _geojson(
        d / "boundaries" / "units_34.geojson",
        "unit_2025_code",
        {
            1: [[[[0, 10], [2, 10], [2, 11], [0, 11], [0, 10]]]],
            3: [_square(0, 11)],
            4: [_square(1, 11)],
        },
    )
    return d


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return make_package(tmp_path_factory.mktemp("package"))


@pytest.fixture(scope="module")
def facts(package) -> dict[str, chapter.Facts]:
    return {pid: chapter.load(pid, package) for pid in IDS}


def test_unknown_province_lists_the_known_ids(package):
    with pytest.raises(ValueError, match="unknown province id 'atlantis'") as info:
        chapter.load("atlantis", package)
    assert "anh-duong, binh-yen, cam-giang, dong-xa" in str(info.value)


def test_facts_are_filtered_to_the_province(facts):
    a, c = facts["anh-duong"], facts["cam-giang"]
    assert a.has_article and len(a.targets) == 5 and set(a.targets["province_id"]) == {a.province}
    assert facts["binh-yen"].has_article  # coded priorities count as article facts
    assert not c.has_article and c.targets.empty and c.documents.empty
    assert a.partners == ["Bình Yên"] and a.unit_name == "Tỉnh Ánh Dương"


def test_glance_values_and_merger(facts):
    v = chapter.glance_values(facts["anh-duong"])
    assert v["gso_code"] == "01" and v["region"] == "Red River Delta"
    assert v["merger_note"] == (
        "On 1 July 2025 Ánh Dương became part of Tỉnh Ánh Dương, together with Bình Yên."
    )
    assert v["population_thousand"] == 1500 and v["population_rank"] == 2
    assert v["population_rank_ord"] == "2nd"
    assert v["density_rank"] == 3 and v["area_rank"] == 2
    assert v["headline_note"].startswith("Headline targets: industry share of GRDP of 40–45%")
    alone = chapter.glance_values(facts["cam-giang"])
    assert "was not merged" in alone["merger_note"]
    assert alone["headline_note"] == "None of the book's sources states any targets for Cẩm Giang."
    assert chapter.glance_table(facts["cam-giang"]).shape == (9, 3)


def test_headline_targets_prefer_shares_then_growth(facts):
    assert chapter.headline_targets(facts["anh-duong"], 2) == [
        "industry share of GRDP of 40–45% by 2030",
        "industrial production growth of 12% a year to 2025",
    ]


def test_growth_targets_leave_out_reductions(facts):
    g = chapter.growth_targets(facts["anh-duong"])
    assert list(g["target_id"]) == ["t2"]


def test_targets_values_and_table(facts):
    v = chapter.targets_values(facts["anh-duong"])
    assert (v["n_targets"], v["n_targets_quantitative"], v["n_targets_qualitative"]) == (5, 4, 1)
    assert v["growth_target_gap"] == pytest.approx(2.0)  # 12 against a 10 % record
    table = chapter.targets_table(facts["anh-duong"])
    assert list(table["Value"]) == ["40–45%", "12%", "-2 to -1%", "200 VND billion", "in words"]
    empty = chapter.targets_values(facts["cam-giang"])
    assert empty["n_targets"] == 0 and "nothing to set against" in empty["ambition_note"]


def test_targets_figure_draws_one_panel_per_unit_and_ranges_as_ranges(facts):
    fig = chapter.targets_figure(facts["anh-duong"])
    assert len(fig.axes) == 3  # %, % per year, VND billion
    text = charts.text_of(fig)
    assert text.title == "Ánh Dương's headline target: industry share of GRDP of 40–45% by 2030"
    assert "Targets in words only (1) are listed in the table" in text.subtitle
    assert text.source == "Source: Báo Thử (2023-01-02). Chart: provbook."
    share_axis = fig.axes[0]
    ranges = [line for line in share_axis.lines if line.get_linewidth() == 7]
    assert [list(r.get_xdata()) for r in ranges] == [[40.0, 45.0]]
    assert [a.get_xlabel() for a in fig.axes] == ["%", "% per year", "VND billion"]
    assert chapter.targets_figure(facts["cam-giang"]) is None


def test_ambition_compares_target_with_own_and_national_record(facts):
    fig = chapter.ambition_figure(facts["anh-duong"])
    assert charts.text_of(fig).title == (
        "Ánh Dương targets 12% industrial production growth a year, above its 2012–2014 "
        "record (growth of 10% a year)"
    )
    median = chapter.iip_record_all(facts["anh-duong"]).median()
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels == ["12%", "10%", "5%", words.number(median, 1, "%")]


def test_results_share_of_plan_reported_or_computed_from_target(facts):
    r = chapter.results_with_plan(facts["anh-duong"])
    assert list(r["plan_basis"]) == ["reported", "computed from target", ""]
    assert r["share_of_plan"].iloc[1] == pytest.approx(25.0)  # 50 of a 200 target
    assert math.isnan(r["share_of_plan"].iloc[2])
    v = chapter.results_values(facts["anh-duong"])
    assert (v["n_results_with_plan"], v["n_over_plan"], v["n_under_plan"]) == (2, 1, 1)
    fig = chapter.results_figure(facts["anh-duong"])
    assert charts.text_of(fig).title == "Ánh Dương met or beat 1 of 2 plan figures in 2022"
    plan_axis = fig.axes[0]
    assert [round(b.get_width(), 1) for b in plan_axis.patches] == [10.0, -75.0]


def test_parks_values_and_figure(facts):
    v = chapter.parks_values(facts["anh-duong"])
    assert (v["n_parks"], v["n_parks_kcn"], v["n_parks_ccn"]) == (3, 1, 2)
    assert v["parks_area_ha"] == 150 and v["n_parks_with_area"] == 2
    assert v["parks_note"] == (
        "The article names 1 industrial park and 2 industrial clusters in Ánh Dương; "
        "2 have a reported area, 150 ha in all."
    )
    fig = chapter.parks_figure(facts["anh-duong"])
    assert charts.text_of(fig).title == "Ánh Dương: 3 parks and clusters named, 2 of them planned"
    developer_axis = fig.axes[1]
    labels = [t.get_text() for t in developer_axis.get_yticklabels()]
    assert sorted(labels) == ["Công ty A", "not named"]
    assert chapter.parks_figure(facts["binh-yen"]) is None


def test_priorities_unique_and_shared_codes(facts):
    v = chapter.priorities_values(facts["anh-duong"])
    assert (v["n_sectors"], v["n_instruments"]) == (1, 1)
    assert (v["n_codes_unique"], v["n_codes_shared_by_all"], v["n_provinces_coded"]) == (1, 1, 2)
    fig = chapter.priorities_figure(facts["anh-duong"])
    columns = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert columns == ["Ánh Dương", "Bình Yên"]  # the chapter's province first
    table = chapter.priorities_table(facts["anh-duong"])
    assert list(table["Dimension"]) == ["sector", "instrument"]


def test_statistics_values_rank_median_and_national(facts):
    v = chapter.statistics_values(facts["anh-duong"])
    assert v["iip_record"] == pytest.approx(10.0)
    assert v["iip_record_vietnam"] == pytest.approx(5.0)
    assert v["iip_record_rank"] == 1 and v["iip_record_count"] == 4
    assert v["grdp_pc"] == 90 and v["grdp_pc_rank"] == 2 and v["grdp_pc_median"] == 75
    assert v["grdp_pc_first_year"] == 2021 and v["grdp_pc_first_rank"] == 2
    assert v["pci"] == 62 and v["pci_rank"] == 2 and v["pci_year"] == 2016
    assert v["pci_best_subindex"] == "Entry Costs"  # 8 against a median of 7.5
    assert v["fdi_stock"] == 500 and v["fdi_stock_rank"] == 1 and v["fdi_stock_year"] == 2023
    missing = chapter.statistics_values(facts["dong-xa"])
    assert missing["fdi_stock_rank"] == 0
    assert missing["fdi_note"].startswith("The FIA's report for 2023 lists no valid FDI project")


def test_statistics_table_has_ranks_and_national_figures(facts):
    table = chapter.statistics_table(facts["anh-duong"])
    row = table.set_index("Indicator").loc["FDI capital of valid projects"]
    assert (row["Rank"], row["Of"], row["Vietnam"]) == (1, 3, 555)
    assert row["Status"] == "preliminary"
    assert "PCI: Entry Costs" in set(table["Indicator"])
    no_fdi = chapter.statistics_table(facts["dong-xa"])
    assert "FDI capital of valid projects" not in set(no_fdi["Indicator"])


def test_downloadable_table_carries_the_same_rows_as_csv(facts):
    frame = chapter.targets_table(facts["anh-duong"])
    shown = chapter.table(facts["anh-duong"], frame, "targets")
    html = shown._repr_html_()
    assert 'download="anh-duong-targets.csv"' in html
    encoded = html.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(encoded).decode("utf-8") == frame.to_csv(index=False)
    assert "In words &lt;only&gt;" in html  # data is escaped, never raw HTML
    assert "<th>Low</th>" not in html and "all 13 columns" in html  # bounds in the CSV only
    # each row cites its own source, readably; the id is in the CSV only
    assert "<th>Source</th>" in html and "<th>Source id</th>" not in html
    assert "art_anh" not in html.split("base64,", 1)[0]
    assert chapter.table(facts["cam-giang"], chapter.targets_table(facts["cam-giang"]), "t") is None


FIGURES = {
    "timeline": chapter.timeline_figure,
    "targets": chapter.targets_figure,
    "ambition": chapter.ambition_figure,
    "results": chapter.results_figure,
    "parks": chapter.parks_figure,
    "priorities": chapter.priorities_figure,
}


@pytest.mark.parametrize("pid", IDS)
def test_available_figures_match_what_the_builders_draw(facts, pid):
    available = chapter.available_figures(facts[pid])
    assert set(available) == set(FIGURES)
    for key, build in FIGURES.items():
        assert (build(facts[pid]) is not None) == available[key], key


@pytest.mark.parametrize("pid", IDS)
def test_every_chart_has_a_finding_title_and_a_source(facts, pid):
    f = facts[pid]
    figures = [
        chapter.locator_map(f),
        chapter.iip_figure(f),
        chapter.grdp_figure(f),
        chapter.standing_figure(f),
        chapter.pci_figure(f),
        *[b(f) for b in FIGURES.values()],
    ]
    for fig in [fig for fig in figures if fig is not None]:
        text = charts.text_of(fig)
        assert f.name in text.title or f.name in text.subtitle
        assert text.source.startswith("Source: ") and text.alt


def test_locator_map_names_the_2025_unit(facts):
    merged = charts.text_of(chapter.locator_map(facts["binh-yen"]))
    assert merged.title == "Bình Yên became part of Tỉnh Ánh Dương in 2025"
    assert merged.subtitle.startswith("With Ánh Dương")
    assert "ODV (2025)" in merged.source or "Open Development Vietnam" in merged.source
    alone = charts.text_of(chapter.locator_map(facts["cam-giang"]))
    assert alone.title == "Cẩm Giang kept its borders in the 2025 merger, as Tỉnh Cẩm Giang"


def test_standing_figure_says_when_a_province_has_no_figure(facts):
    fig = chapter.standing_figure(facts["dong-xa"])
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "no figure for Đồng Xa" in texts


def test_summary_and_notes_without_article(facts):
    summary = chapter.summary_points(facts["cam-giang"])
    assert "None of the book's sources is about Cẩm Giang" in summary
    assert summary.count("\n- ") >= 3
    assert chapter.documents_values(facts["cam-giang"])["documents_note"] == (
        "None of the book's sources names any policy documents for Cẩm Giang."
    )
    assert chapter.results_values(facts["binh-yen"])["results_note"] == (
        "The article reports no achieved figures (results) for Bình Yên."
    )


def test_glue_values_turns_notes_into_markdown_and_numpy_into_python(monkeypatch):
    glued = {}
    import myst_nb

    monkeypatch.setattr(myst_nb, "glue", lambda k, v, display: glued.__setitem__(k, v))
    chapter.glue_values({"x_note": "a *b*", "n": np.int64(3), "v": np.float64(1.5)})
    assert glued["x_note"].data == "a \\*b\\*"
    assert type(glued["n"]) is int and type(glued["v"]) is float
    chapter.glue_figure("nothing", None)
    assert "nothing" not in glued


def test_context_flags_follow_the_available_figures(package):
    full = context.province_context(package, "anh-duong")
    assert full["show_targets"] and full["targets_cite"] == "{cite:p}`art_anh`"
    assert "{cite:t}`art_anh`" in full["article_sentence"]
    assert "{cite:t}`gso_x`" in full["sources_list"]
    assert "{cite:t}`odv_boundaries`" in full["maps_cite"]
    bare = context.province_context(package, "cam-giang")
    assert not any(bare[f"show_{k}"] or bare[f"{k}_cite"] for k in context.OPTIONAL_FIGURES)
    assert not any(bare[f"has_{k}"] for k in chapter.FACT_TABLES)
    assert "None of the book's sources is about Cẩm Giang" in bare["article_sentence"]
    assert "art_" not in bare["sources_list"]
    # placeholder names must match the pipeline's pattern (lowercase letters and underscores)
    assert all(k.replace("_", "").isalpha() and k.islower() for k in full)


def test_every_real_province_gets_values_tables_and_consistent_figures():
    """Every province of the real data/: no section may crash on missing data."""
    ids = data.known_province_ids()
    assert len(ids) == len(data.provinces())
    with_article = []
    for pid in ids:
        f = chapter.load(pid)
        for values in (
            chapter.glance_values,
            chapter.documents_values,
            chapter.targets_values,
            chapter.results_values,
            chapter.parks_values,
            chapter.priorities_values,
            chapter.statistics_values,
        ):
            assert values(f), values.__name__
        for build in (chapter.glance_table, chapter.statistics_table):
            assert len(build(f)) > 0
        assert chapter.statistics_values(f)["grdp_pc_rank"] in range(1, len(ids) + 1)
        if f.has_article:
            with_article.append(pid)
        else:
            assert not any(chapter.available_figures(f).values())
    # the provinces with facts are those the pipeline builds by default (read from data/)
    assert with_article == provinces_with_facts(data.resolve_data_dir())


def test_statistics_index_follows_the_data_folder_and_the_frame(package, tmp_path):
    """Chapters of two data folders in one process (as in a build's kernel) each rank on their
    own statistics; a Facts given other statistics indexes those, not the first ones."""
    other = make_package(tmp_path)
    path = other / "statistics.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("cam-giang,grdp_per_capita,2022,60,") == 1
    path.write_text(
        text.replace("cam-giang,grdp_per_capita,2022,60,", "cam-giang,grdp_per_capita,2022,200,"),
        "utf-8",
    )
    first, second = chapter.load("cam-giang", package), chapter.load("cam-giang", other)
    assert chapter.statistics_values(first)["grdp_pc_rank"] == 3  # 120, 90, 60, 55
    assert chapter.statistics_values(second)["grdp_pc_rank"] == 1  # 200 first
    assert chapter.statistics_values(first)["grdp_pc"] == 60.0
    replaced = dataclasses.replace(first, statistics=second.statistics)  # shares first's cache
    assert chapter.statistics_index(replaced).standing("cam-giang", "grdp_per_capita").rank == 1
    assert chapter.statistics_index(first).standing("cam-giang", "grdp_per_capita").rank == 3


def test_ranks_agree_with_a_direct_computation_on_real_data():
    f = chapter.load("long-an")
    v = chapter.statistics_values(f)
    grdp = f.statistics[(f.statistics["indicator"] == "grdp_per_capita")]
    latest = grdp[grdp["year"] == grdp["year"].max()].set_index("province_id")["value"]
    assert v["grdp_pc_rank"] == int((latest > latest["long-an"]).sum()) + 1
    assert v["grdp_pc_median"] == pytest.approx(float(np.median(latest)))
    iip = stats.series(f.statistics, "long-an", "iip_index")
    assert v["iip_record"] == pytest.approx((np.prod(iip / 100) ** (1 / len(iip)) - 1) * 100)


def test_statistics_until_reads_the_chapter_as_of_an_earlier_year():
    """On the real data: PCI and FDI fall back to 2016, GRDP per capita (2018 on) is absent."""
    later = chapter.load("long-an")
    earlier = chapter.load("long-an", statistics_until=2016)
    assert int(later.statistics["year"].max()) > 2016
    assert int(earlier.statistics["year"].max()) == 2016
    values = chapter.statistics_values(earlier)
    assert values["pci_year"] == 2016
    assert values["fdi_stock_year"] == 2016
    assert chapter.statistics_values(later)["grdp_pc_year"] == 2022
    assert chapter.standing_figure(earlier) is not None  # renders without GRDP per capita
    grdp = charts.text_of(chapter.grdp_figure(earlier))
    assert grdp.title == "No GRDP per capita figures for Long An in the statistics used"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1990, "statistics_until=1990 is before the first year of the official statistics"),
        ("2016", "statistics_until must be a year (an integer) or None, not '2016'"),
    ],
)
def test_statistics_until_rejects_what_is_not_a_usable_year(value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        chapter.load("long-an", statistics_until=value)


def test_table_leaves_columns_empty_in_every_row_to_the_csv(facts):
    """The projects table showed four columns (capacity, investment and their units) empty for
    every project; a phone then scrolled sideways past them. Missing values read as one mark."""
    import pandas as pd

    from provbook.chapters.province import tables

    frame = pd.DataFrame(
        {
            "Project": ["Solar farm", "Port"],
            "Capacity": [float("nan"), float("nan")],
            "Investment": ["", ""],  # data.qualified gives "" for no figure
            "Count": [2, float("nan")],
            "Unit": ["MW", " "],
        }
    )
    shown = tables.DownloadableTable(frame, "x-projects.csv")
    html = shown._repr_html_()
    page = html.split("<p class", 1)[0]
    assert shown.on_page() == ["Project", "Count", "Unit"]
    assert "<th>Capacity</th>" not in page and "<th>Investment</th>" not in page
    assert "2 rows, all 5 columns" in html  # the CSV keeps them
    cells = [c.split("</td>")[0] for c in page.split("<td>")[1:]]
    assert cells == ["Solar farm", "2", "MW", "Port", "–", "–"]
