"""Numbers and sentences as readers read them, over every chapter (issue 19, "Wrong numbers
and false sentences"): comparisons of two changes, ties, titles, axis labels, codes, colours.
The builders are called in-process for each of the 63 provinces; no notebook runs."""

from __future__ import annotations

import re

import pytest

from provbook.chapters import province as chapter
from provbook.chapters.province import figures
from provbook.chapters.province.prose import compare_changes
from provbook.datapackage import data


@pytest.fixture(scope="module")
def every_province():
    """The chapter facts of all 63 provinces, loaded once (about 3 s)."""
    return [chapter.load(p) for p in data.provinces()["province_id"]]


@pytest.mark.parametrize(
    ("rate", "reference", "expected"),
    [
        # rise / rise
        (9.1, 7.3, "faster than Vietnam (growth of 7.3% a year)"),
        (5.0, 7.3, "slower than Vietnam (growth of 7.3% a year)"),
        # fall / rise and rise / fall: no speed, the two directions
        (-7.7, 7.3, "while Vietnam grew by 7.3% a year"),
        (7.7, -2.0, "while Vietnam fell by 2% a year"),
        # fall / fall: the larger fall is the faster one
        (-7.7, -2.0, "faster than Vietnam (a fall of 2% a year)"),
        (-1.5, -2.0, "slower than Vietnam (a fall of 2% a year)"),
        # equal as shown (7.31 and 7.29 both read 7.3%), and no change on one side
        (7.31, 7.29, "the same as Vietnam"),
        (-2.0, -2.0, "the same as Vietnam"),
        (0.02, 7.3, "while Vietnam grew by 7.3% a year"),
        (4.0, 0.0, "while Vietnam did not change on average"),
        (float("nan"), 7.3, "while Vietnam grew by 7.3% a year"),
        (4.0, float("nan"), "while Vietnam has no growth figure"),
    ],
)
def test_compare_changes_reads_right_for_every_combination_of_signs(rate, reference, expected):
    assert compare_changes(rate, reference, "Vietnam") == expected


def _claim(sentence: str) -> str:
    found = [w for w in ("faster than", "slower than", "while", "the same as") if w in sentence]
    assert len(found) == 1, sentence
    return found[0]


def test_no_industrial_production_title_claims_slower_or_faster_wrongly(every_province):
    claims = set()
    for facts in every_province:
        v = chapter.statistics_values(facts)
        own, other = round(v["iip_record"], 1), round(v["iip_record_vietnam"], 1)
        title = figures.iip_title(facts)
        claim = _claim(title)
        claims.add(claim)
        if claim in ("faster than", "slower than"):
            assert own * other > 0, title  # both rose or both fell
            assert (abs(own) > abs(other)) == (claim == "faster than"), title
        elif claim == "the same as":
            assert own == other, title
        else:
            assert own * other <= 0 and own != other, title
        # The change itself is said as a rise or a fall, never as a signed rise.
        assert ("fell by" in title) == (own < 0) and not re.search(r"-\d", title), title
    # Bắc Kạn fell while Vietnam rose; Cần Thơ's 7.31 and Vietnam's 7.29 both read 7.3%.
    assert claims == {"faster than", "slower than", "while", "the same as"}


def test_ambition_titles_say_a_fall_as_a_fall_and_compare_rightly(every_province):
    from provbook.chapters.province.facts import growth_targets, iip_record

    seen = 0
    for facts in every_province:
        if growth_targets(facts).empty:
            continue
        fig = figures.ambition_figure(facts)
        title = fig.provbook.title
        record = round(iip_record(facts), 1)
        assert not re.search(r"-\d", title), title
        assert ("a fall of" in title) == (record < 0), title
        seen += 1
    assert seen >= 1


def test_the_comparison_says_a_record_fall_as_a_fall():
    from provbook.chapters.comparative.argument import _ambition_sentence

    row = {
        "Province": "Bắc Kạn",
        "Low": 8.0,
        "High": 8.0,
        "Target": "Industrial production value",
        "Period": "2021–2025",
        "Record": -7.7,
        "Rank": 63,
        "Of": 63,
        "Provinces as fast": 40,
        "Verdict": "above",
    }
    sentence = _ambition_sentence(row, 2012, 2016)
    assert "its industrial production fell by 7.7% a year in 2012–2016" in sentence
    assert "grew -7.7" not in sentence
    assert "(40 of 63 provinces grew at least 8% a year)" in sentence


def test_comparative_coding_titles_name_every_code_tied_for_closest():
    """Fig. 1.2 of the default comparison: four instruments are each named for 4 of 5."""
    from provbook.chapters import comparative as comparison
    from provbook.chapters.comparative import priorities
    from provbook.chapters.comparative.priorities import matrices

    cmp = comparison.load(["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"])
    for dim, matrix in matrices(cmp).items():
        shares = matrix.sum(axis=1)
        title = priorities.matrix_title(matrix, dim)
        if int(shares.max()) == cmp.n:
            continue
        leaders = list(shares[shares == shares.max()].index)
        assert ("comes closest" in title) == (len(leaders) == 1), title
        assert ("tie for closest" in title) == (len(leaders) > 1), title
        for name in leaders if len(leaders) <= priorities.TIES_NAMED else []:
            assert name in title, (name, title)


@pytest.fixture(scope="module")
def every_unit():
    """The chapter facts of all 34 provinces of 2025."""
    from provbook.chapters.unit import facts as unit_facts

    return [unit_facts.load(u) for u in data.units_2025()["unit_2025_id"].drop_duplicates()]


def test_no_2025_chapter_compares_fdi_capital_across_the_2019_change(every_unit):
    from provbook.chapters.province.series import COVERAGE_CHANGED
    from provbook.chapters.unit import tables

    labels = data.indicators().set_index("indicator")["label"]
    changed = {labels[i]: year for i, year in COVERAGE_CHANGED.items()}
    assert "Total FDI capital registered in the year (FIA)" in changed
    flow = labels["fia_new_capital"]
    with_flow = 0
    for facts in every_unit:
        table = tables.computed_table(facts)
        for label, year in changed.items():
            years = table.loc[table["Indicator"] == label, "Year"]
            assert (years < year).all() or (years >= year).all(), (facts.unit, label, list(years))
        # The inflow the old chapters and Methods use (where every part has a row for a year).
        with_flow += flow in set(table["Indicator"])
    assert with_flow >= len(every_unit) // 2


def test_comparable_years_stay_on_one_side_of_a_change_of_coverage():
    from provbook.chapters.province.series import comparable_years

    years = [2015, 2016, 2018, 2019, 2023]
    assert comparable_years("fia_total_capital", years) == [2019, 2023]
    assert comparable_years("fia_total_capital", [2015, 2016, 2018]) == [2015, 2016, 2018]
    assert comparable_years("fia_new_capital", years) == years


def test_gso_codes_are_shown_with_two_digits(every_province):
    codes = dict(zip(data.provinces()["province_id"], data.provinces()["gso_code"], strict=True))
    for facts in every_province:
        shown = chapter.glance_values(facts)["gso_code"]
        assert re.fullmatch(r"\d\d", shown) and int(shown) == int(codes[facts.province]), shown
        table = chapter.glance_table(facts).set_index("Fact")
        assert table.loc["GSO code", "Value"] == shown
    bac_kan = next(f for f in every_province if f.province == "bac-kan")
    assert chapter.glance_values(bac_kan)["gso_code"] == "06"


def _colours_by_label(ax) -> dict[str, tuple]:
    from matplotlib.colors import to_rgba

    return {c.get_label(): to_rgba(c.patches[0].get_facecolor()) for c in ax.containers if c}


def test_park_bars_take_the_colour_of_their_kind(every_province):
    """In every chapter's parks figure the area of clusters (CCN) is drawn in the clusters'
    colour of the count panel, parks' (KCN) area in the parks' colour, and so on."""
    import matplotlib.pyplot as plt

    from provbook.chapters.province.facts import PARK_TYPES

    checked = 0
    for facts in every_province:
        parks = data.distinct_parks(facts.parks)
        if parks["area_ha"].notna().sum() == 0:
            continue
        fig = figures.parks_figure(facts)
        counts, areas = fig.axes[0], fig.axes[1]
        kinds = _colours_by_label(counts)
        drawn = _colours_by_label(areas)
        assert drawn and set(drawn) <= set(kinds), (facts.province, drawn, kinds)
        for kind, colour in drawn.items():
            assert colour == kinds[kind], (facts.province, kind)
        # What each colour holds is the stated area of that kind.
        for code, kind in PARK_TYPES.items():
            stated = parks.loc[parks["park_type"] == code, "area_ha"].sum()
            container = [c for c in areas.containers if c.get_label() == kind]
            width = sum(p.get_width() for c in container for p in c.patches)
            assert width == pytest.approx(stated), (facts.province, kind)
        if facts.province == "bac-kan":
            assert set(drawn) == {PARK_TYPES["CCN"]}
        plt.close(fig)
        checked += 1
    assert checked >= 1


def test_comparison_land_figure_kinds_never_take_a_province_colour():
    """Count panel coloured by kind (KCN, CCN, other), area panels by province: no colour means
    both a kind and a province (Bắc Kạn, first compared, was drawn in a blue a shade away from
    the parks' blue: RGB distance 0.11). Colours at least MIN_DISTANCE apart."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex, to_rgb

    from provbook.chapters import comparative as comparison

    ids = ["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"]
    fig = comparison.land_figure(comparison.load(ids))
    kinds = {to_hex(c.patches[0].get_facecolor()) for c in fig.axes[0].containers}
    provinces = {
        to_hex(p.get_facecolor()) for ax in fig.axes[1:] for c in ax.containers for p in c.patches
    }
    assert kinds and provinces, (kinds, provinces)
    for kind in kinds:
        for province in provinces:
            pairs = zip(to_rgb(kind), to_rgb(province), strict=True)
            distance = sum((a - b) ** 2 for a, b in pairs) ** 0.5
            assert distance >= MIN_DISTANCE, (kind, province)
    plt.close(fig)


#: Two colours a reader tells apart on a chart (RGB, 0-1 per channel; black-white is 1.73).
MIN_DISTANCE = 0.2


def test_results_are_not_coloured_as_success_or_failure(every_province):
    """Whether falling short of a plan figure (Sóc Trăng's imports, 33% below) is a failure is
    not in the data: every result bar has one neutral colour, and the subtitle names none."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from provbook.draw import charts

    judging = {to_hex(charts.OVER), to_hex(charts.UNDER)}
    drawn = 0
    for facts in every_province:
        fig = figures.results_figure(facts)
        if fig is None:
            continue
        colours = {to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches}
        assert len(colours) == 1 and not colours & judging, (facts.province, colours)
        assert not re.search(r"green|orange|red\b", fig.provbook.subtitle), fig.provbook.subtitle
        plt.close(fig)
        drawn += 1
    assert drawn >= 1


def _years(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)}


def test_pci_and_standing_titles_state_the_years_of_what_they_draw(every_province):
    """Sóc Trăng Fig. 10 set a 2022 rank and 2016 sub-indices under one year: each figure of a
    title now carries its own year, and no other year appears."""
    from provbook.chapters.province.facts import pci_subindex_standing

    mixed = 0
    for facts in every_province:
        v = chapter.statistics_values(facts)
        sub = pci_subindex_standing(facts)
        drawn = {v["pci_year"], *(int(y) for y in sub["year"].unique())}
        title = figures.pci_title(facts)
        assert _years(title) == drawn, (title, drawn)
        if len(sub) and v["pci_subindex_year"] != v["pci_year"]:
            before, after = title.split(str(v["pci_subindex_year"]))
            assert v["pci_best_subindex"] in after and str(v["pci_year"]) in before, title
            mixed += 1
        standing = figures.standing_title(facts)
        assert _years(standing) == {v["grdp_pc_year"], v["pci_year"]}, standing
    assert mixed >= 1


def _chart_texts(fig) -> dict[str, list[str]]:
    """Title, subtitle and every axis label of a chart (what a reader reads on it)."""
    labels = [ax.get_xlabel() for ax in fig.axes] + [ax.get_ylabel() for ax in fig.axes]
    return {
        "title": [fig.provbook.title],
        "text": [fig.provbook.subtitle, *(label for label in labels if label)],
    }


def _check_chart_texts(fig, where: str) -> None:
    texts = _chart_texts(fig)
    (title,) = texts["title"]
    assert title[:1].isupper() or title[:1].isdigit(), (where, title)
    for text in texts["title"] + texts["text"]:
        depth = 0
        for char in text:
            depth += {"(": 1, ")": -1}.get(char, 0)
            assert 0 <= depth <= 1, (where, text)  # balanced, never nested
        assert depth == 0, (where, text)


def test_check_chart_texts_catches_what_readers_found():
    from types import SimpleNamespace

    def fig(title, subtitle="", ylabel=""):
        axis = SimpleNamespace(get_xlabel=lambda: "", get_ylabel=lambda: ylabel)
        return SimpleNamespace(
            axes=[axis], provbook=SimpleNamespace(title=title, subtitle=subtitle)
        )

    _check_chart_texts(fig("Index in 2016: A highest", "PCI (score, 0-100)"), "ok")
    for bad in (
        fig("index of industrial production in 2016: A highest"),
        fig("Title", "PCI, weighted composite score (score (0-100))"),
        fig("Title", ylabel="score (0-100"),
    ):
        with pytest.raises(AssertionError):
            _check_chart_texts(bad, "bad")


def test_every_2025_chart_title_starts_with_a_capital_and_units_are_not_nested(every_unit):
    import matplotlib.pyplot as plt

    from provbook.chapters.unit import figures as unit_figures

    for facts in every_unit:
        charts_ = [unit_figures.grdp_figure(facts)]
        charts_ += [unit_figures.parts_figure(facts, i) for i in ("iip_index", "pci_weighted")]
        for fig in charts_:
            if fig is not None:
                _check_chart_texts(fig, facts.unit)
                plt.close(fig)


def test_every_comparison_chart_title_starts_with_a_capital_and_units_are_not_nested():
    import matplotlib.pyplot as plt

    from provbook.chapters import comparative as comparison
    from provbook.chapters.comparative import argument
    from provbook.chapters.comparative import units_2025 as comparison_2025

    ids = ["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"]
    cmp = comparison.load(ids)
    units = comparison_2025.load(ids)
    names = ["distribution", "growth", "horizons", "instruments", "land", "merger", "pci"]
    names += ["sectors", "shares"]
    built = [getattr(comparison, f"{n}_figure")(cmp) for n in names]
    built += [argument.ambition_figure(cmp), comparison_2025.rank_figure(units)]
    for fig in built:
        _check_chart_texts(fig, fig.provbook.title)
        plt.close(fig)


def test_methods_limitations_say_the_merged_units_statistics_are_used():
    """The limitation once said statistics for the merged units would come 'when they appear';
    statistics_2025.csv has them, and the chapters of the new provinces show them."""
    from pathlib import Path

    book = Path(__file__).resolve().parent.parent / "book"
    assert len(data.statistics_2025()) > 0
    for page in book.glob("*.md"):
        text = " ".join(page.read_text(encoding="utf-8").split())
        assert "when they appear" not in text, page.name
    methods = " ".join((book / "methods.md").read_text(encoding="utf-8").split())
    limitation = methods.split("Boundaries changed", 1)[1].split("\n:", 1)[0][:900]
    assert "statistics_2025.csv" in limitation and "never joins" in limitation


def test_summary_points_compare_industrial_production_rightly(every_province):
    """The chapter's summary sets the province's change against Vietnam's in the same words as
    the chart title (it gave Vietnam's rate bare beside a fall)."""
    for facts in every_province:
        point = next(
            line
            for line in chapter.summary_points(facts).splitlines()
            if "Industrial production" in line
        )
        v = chapter.statistics_values(facts)
        expected = compare_changes(v["iip_record"], v["iip_record_vietnam"], "Vietnam")
        assert point.rstrip().endswith(expected + "."), point
