"""Builders of the new-province chapter (provbook.chapters.unit) on the real data/. Expected
values are worked out by hand from the rows of data/statistics.csv and statistics_2025.csv
quoted in the comments."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from provbook.analysis.aggregate import NotAggregatable
from provbook.chapters import unit as unit_chapter
from provbook.chapters.unit import plans2030
from provbook.draw import charts

#: The office rounds GRDP per capita to 0.01 million VND; the largest difference of the 34
#: (measured: Bắc Ninh 101.1623 from the parts, 101.17 published) is below one such unit.
GRDP_TOLERANCE = 0.01


@pytest.fixture(scope="module")
def can_tho():
    return unit_chapter.load("can-tho-2025")


def test_parts_and_formation_sentence(can_tho):
    assert can_tho.parts == ["can-tho", "hau-giang", "soc-trang"]
    assert unit_chapter.formation_note(can_tho) == (
        "Thành phố Cần Thơ was formed on 1 July 2025 from 3 provinces: Cần Thơ, Hậu Giang and "
        "Sóc Trăng."
    )
    single = unit_chapter.load("cao-bang-2025")
    assert unit_chapter.formation_note(single).startswith(
        "Tỉnh Cao Bằng kept the borders of Cao Bằng"
    )


def test_glance_shows_office_figures_and_parts_sums(can_tho):
    values = unit_chapter.glance_values(can_tho)
    # statistics_2025.csv: can-tho-2025 population 2025 3224.94 (preliminary), area 6360.83.
    assert values["office_population"] == 3224.94
    assert values["office_population_status"] == "preliminary"
    assert values["office_area"] == 6360.83
    # statistics.csv population 2022: 1252.35 + 729.47 + 1197.82 = 3179.64.
    assert values["parts_population_year"] == 2022
    assert values["parts_population"] == pytest.approx(3179.64, abs=1e-9)
    # GRDP per capita 2022 weighted by population: 223305.6695 / 3179.64 (see test_aggregate).
    assert values["parts_grdp_pc"] == pytest.approx(223305.6695 / 3179.64, rel=1e-12)


def test_indices_are_never_combined(can_tho):
    for indicator in unit_chapter.SIDE_BY_SIDE:
        with pytest.raises(NotAggregatable):
            unit_chapter.computed(can_tho, indicator, 2016)
    assert not set(unit_chapter.SIDE_BY_SIDE) & set(unit_chapter.COMPUTED)


def test_pci_is_shown_part_by_part(can_tho):
    wide = unit_chapter.side_by_side(can_tho, "pci_weighted")
    assert list(wide.columns) == ["Cần Thơ", "Hậu Giang", "Sóc Trăng"]
    # statistics.csv pci_weighted 2022: can-tho 66.9..., hau-giang 68.1..., soc-trang 65.2...
    assert wide.loc[2022].round(1).tolist() == [66.9, 68.1, 65.2]
    note = unit_chapter.side_by_side_note(can_tho, "pci_weighted")
    assert note == (
        "The PCI score in 2022, province by province: Cần Thơ 66.9, Hậu Giang 68.1 and Sóc "
        "Trăng 65.2."
    )
    fig = unit_chapter.parts_figure(can_tho, "pci_weighted")
    assert len(fig.axes[0].get_lines()) == 3  # one line per part, no average
    assert charts.text_of(fig).source.startswith("Source: VCCI")


def test_tables_never_show_a_combined_index(can_tho):
    computed = unit_chapter.computed_table(can_tho)
    assert "PCI, weighted composite score" not in set(computed["Indicator"])
    assert "Index of industrial production" not in set(computed["Indicator"])
    population = computed[computed["Indicator"] == "Population"]
    assert population["Year"].tolist() == [2011, 2022]
    assert population["Value"].iloc[-1] == pytest.approx(3179.64)
    assert set(computed["Rule"]) >= {"sum of the parts", "parts weighted by population"}
    side = unit_chapter.side_by_side_table(can_tho)
    assert list(side.columns[:2]) == ["Indicator", "Year"]
    assert {"Cần Thơ", "Hậu Giang", "Sóc Trăng"} <= set(side.columns)


def test_office_table_keeps_each_status(can_tho):
    table = unit_chapter.office_table(can_tho)
    grdp = table[table["Indicator"] == "GRDP per capita"].set_index("Year")
    # statistics_2025.csv: 2020 57.55 official, 2024 86.53 preliminary, 2025 94.92 estimate.
    assert grdp["Value"].to_dict() == {2020: 57.55, 2024: 86.53, 2025: 94.92}
    assert grdp["Status"].to_dict() == {2020: "official", 2024: "preliminary", 2025: "estimate"}
    assert set(table["Source"]) == {"National Statistics Office of Vietnam (NSO/GSO) (2025)"}


def test_consistency_check_within_tolerance_for_all_34():
    import pandas as pd

    from provbook.datapackage import data

    for unit in data.units_2025()["unit_2025_id"]:
        check = unit_chapter.consistency(unit_chapter.load(unit))
        assert abs(check["difference"]) < GRDP_TOLERANCE, (unit, check)
    values = unit_chapter.consistency_values(unit_chapter.load("can-tho-2025"))
    # 57.5517 from the parts (hand: (pop-weighted 2020)) vs 57.55 published.
    assert values["check_office"] == 57.55
    assert values["check_from_parts"] == pytest.approx(57.55, abs=GRDP_TOLERANCE)
    assert "by less than 0.01 million VND" in values["check_note"]
    assert isinstance(values["check_relative_pct"], float) and not pd.isna(values["check_note"])


def test_structure_note_says_when_the_office_has_no_shares(can_tho):
    assert "has not published the structure of GRDP" in unit_chapter.structure_note(can_tho)
    # statistics_2025.csv: lam-dong-2025 industry and construction 2025 20.9... (estimate).
    lam_dong = unit_chapter.structure_note(unit_chapter.load("lam-dong-2025"))
    assert lam_dong.startswith("Industry and construction made up 20.9% of the GRDP")


def test_facts_of_the_parts_are_labelled_and_not_summed():
    lam_dong = unit_chapter.load("lam-dong-2025")
    parks = unit_chapter.parts_facts_table(lam_dong, "parks")
    assert set(parks[unit_chapter.PART_COLUMN]) == {"Lâm Đồng"}
    assert "Source" in parks.columns and not parks["Source"].isin(["", "–"]).any()
    assert unit_chapter.parts_facts_values(lam_dong)["parts_facts_note"] == (
        "The book's sources describe Lâm Đồng; Bình Thuận and Đắk Nông have statistics only."
    )
    nothing = unit_chapter.load("cao-bang-2025")
    assert unit_chapter.parts_tables(nothing) == []


def test_maps_keep_the_archipelagos_and_name_the_parts(can_tho):
    fig = unit_chapter.locator_map(can_tho)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "Quần đảo Hoàng Sa" in texts and "Quần đảo Trường Sa" in texts
    assert {"Cần Thơ", "Hậu Giang", "Sóc Trăng"} <= set(texts)
    assert "Thành phố Cần Thơ" in charts.text_of(fig).title


def test_unknown_unit_is_refused_with_the_ids():
    with pytest.raises(ValueError, match="can-tho-2025"):
        unit_chapter.load("can-tho")


def test_growth_is_said_as_a_fall_when_it_falls():
    from provbook.chapters.unit.prose import growth_note

    # statistics_2025.csv: can-tho-2025 real growth 2025 7.23 (estimate).
    assert growth_note(7.23, "estimate") == "real GRDP grew by 7.2% (estimate)"
    assert growth_note(-2.5, "official") == "real GRDP fell by 2.5% (official)"
    assert "no real growth" in growth_note(float("nan"), "")


@pytest.mark.slow
def test_part_names_never_overlap_on_any_zoom():
    """Every new province's zoom names its old parts with labels that do not overlap."""
    from itertools import combinations

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from provbook.datapackage import data

    overlapping = []
    for unit in data.units_2025()["unit_2025_id"]:
        facts = unit_chapter.load(unit)
        fig = unit_chapter.locator_map(facts)
        FigureCanvasAgg(fig).draw()
        renderer = fig.canvas.get_renderer()
        labels = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[1].texts]
        assert {name for name, _ in labels} == set(facts.part_names), unit
        for (a, box_a), (b, box_b) in combinations(labels, 2):
            if box_a.overlaps(box_b):
                overlapping.append((unit, a, b))
    assert not overlapping


def test_parts_tables_are_captioned_by_what_their_rows_are(can_tho):
    """Each part table is there when a part of Cần Thơ has rows in that table of the data (read
    here from the CSV files), captioned by what its rows are and labelled by those parts."""
    shown = unit_chapter.parts_tables(can_tho)
    names = {r["province_id"]: r["name_vi"] for r in _csv("provinces.csv")}
    parts = {r["province_id"] for r in _csv("provinces.csv") if r["unit_2025_code"] == "92"}
    captions = {
        "documents": "Policy documents of the provinces before 2025",
        "targets": "Targets set by the provinces before 2025",
        "results": "Results reported by the provinces before 2025",
        "parks": "Industrial parks and clusters named for the provinces before 2025",
        "projects": "Projects named for the provinces before 2025",
    }
    expected = {}
    for name in captions:
        having = {names[r["province_id"]] for r in _csv(f"{name}.csv") if r["province_id"] in parts}
        if having:
            expected[captions[name]] = having
    assert [t.caption for t in shown] == list(expected)
    assert [set(t.frame[unit_chapter.PART_COLUMN]) for t in shown] == list(expected.values())
    if DATA == ROOT / "data":  # in the book's data, Sóc Trăng is the one part with facts
        assert set().union(*expected.values()) == {"Sóc Trăng"} and len(expected) == 4


def _csv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_no_chart_collision_in_any_new_province_or_the_2025_comparison():
    """provbook.draw.layout's rule (overlap, struck, clipped, outside) on every figure of the 34
    chapters and on the comparison's 2025 figures: none is known or allowed."""
    from provbook.chapters.comparative import units_2025 as comparison_2025
    from provbook.datapackage import data
    from provbook.draw import layout

    found = []
    for unit in data.units_2025()["unit_2025_id"]:
        facts = unit_chapter.load(unit)
        figures = [
            unit_chapter.locator_map(facts),
            unit_chapter.grdp_figure(facts),
            unit_chapter.parts_figure(facts, "pci_weighted"),
            unit_chapter.parts_figure(facts, "iip_index"),
            plans2030.plans_figure(facts),
        ]
        found += [str(c) for fig in figures if fig is not None for c in layout.collisions(fig)]
    view = comparison_2025.load(["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"])
    for fig in (comparison_2025.shaded_map(view), comparison_2025.rank_figure(view)):
        found += [str(c) for c in layout.collisions(fig)]
    assert not found, "\n".join(found)


def test_a_second_data_folder_gets_its_own_figures(tmp_path):
    """Figures are computed once per loaded chapter: a chapter loaded from another data folder
    (here can-tho's population 2022 raised by 100) never reuses the first folder's."""
    source = Path(__file__).resolve().parent.parent / "data"
    copy = tmp_path / "data"
    shutil.copytree(source, copy)
    path = copy / "statistics.csv"
    old = "can-tho,population,2022,1252.35,"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, "can-tho,population,2022,1352.35,"), encoding="utf-8")

    first = unit_chapter.load("can-tho-2025", source)
    second = unit_chapter.load("can-tho-2025", copy)
    # 1252.35 + 729.47 + 1197.82 = 3179.64; with 1352.35: 3279.64.
    assert unit_chapter.glance_values(first)["parts_population"] == pytest.approx(3179.64)
    assert unit_chapter.glance_values(second)["parts_population"] == pytest.approx(3279.64)
    table = unit_chapter.computed_table(second)
    population = table[table["Indicator"] == "Population"]["Value"]
    assert population.iloc[-1] == pytest.approx(3279.64)
    assert unit_chapter.computed(first, "population", 2022) == pytest.approx(3179.64)
    assert unit_chapter.part_chapter(second, "can-tho").data_dir == copy


def test_the_archipelagos_are_drawn_so_that_they_show(can_tho):
    """Hoàng Sa and Trường Sa were filled light grey with white edges like the mainland: at the
    national map's scale their islands left no visible ink. Now each shows dark pixels."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from provbook.datapackage import data
    from provbook.draw import maps

    fig = unit_chapter.locator_map(can_tho)
    fig.set_dpi(120)  # the book's saved resolution
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[:, :, :3].astype(float) / 255
    dark = pixels.mean(axis=2) < 0.6
    left = fig.axes[0]
    geometries = maps.features_by(data.boundaries("units_34"), "unit_2025_code").values()
    parts = [box for g in geometries for box in maps.offshore_parts(g)]
    assert len(parts) == 2  # Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa)
    height = pixels.shape[0]
    for x0, y0, x1, y1 in parts:
        (px0, py0), (px1, py1) = left.transData.transform([(x0, y0), (x1, y1)])
        rows = slice(int(height - py1), int(height - py0) + 1)  # image rows run downwards
        inked = dark[rows, int(px0) : int(px1) + 1].sum()
        assert inked >= 10, ((x0, y0, x1, y1), inked)


def test_every_text_of_the_chapter_figures_reads_on_a_phone(can_tho):
    """The chapter sweep (tests/test_layout_sweep.py) covers the old provinces' chapters; the
    new provinces' figures are checked here with the same rule: no collision, no text under
    9 CSS px on a 390 px phone (the archipelago names were 7 pt on a 7-inch map)."""
    from provbook.draw import layout

    figures = [
        unit_chapter.locator_map(can_tho),
        unit_chapter.grdp_figure(can_tho),
        unit_chapter.parts_figure(can_tho, "pci_weighted"),
        unit_chapter.parts_figure(can_tho, "iip_index"),
        plans2030.plans_figure(can_tho),
    ]
    assert all(fig is not None for fig in figures)
    found = [str(c) for fig in figures for c in layout.collisions(fig)]
    assert found == []
