"""Issue 19, credits: every statistics chart of the default book names, for each indicator it
draws, the source of the rows it draws (a series can change source from one year to the next:
PCI is VCCI's 2005-2016 file up to 2016 and the 2016-2022 compilation after).

The charts are built in-process by the chapters' own figure builders (no notebook runs). The
rows each chart draws are chosen here from the CSV files, by the years the chart states or
draws, and their sources are read from statistics.csv directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from provbook.chapters import comparative as comparison
from provbook.chapters.comparative import units_2025 as comparison_2025
from provbook.chapters.province import citations
from provbook.chapters.province import facts as chapter_facts
from provbook.chapters.province import figures as chapter_figures
from provbook.chapters.province import series as chapter_series
from provbook.datapackage.data import provinces_with_facts
from provbook.draw import charts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ARTICLE_PROVINCES = provinces_with_facts(DATA)
STATISTICS = pd.read_csv(DATA / "statistics.csv", dtype={"year": int})


def sources_of(indicator: str, years, statistics: pd.DataFrame = STATISTICS) -> set[str]:
    """Source ids of the provinces' rows of one indicator in these years (read directly)."""
    rows = statistics[
        (statistics["indicator"] == indicator)
        & statistics["year"].isin(list(years))
        & (statistics["province_id"] != "vietnam")
    ]
    assert not rows.empty, (indicator, years)
    return set(rows["source_id"])


def span(text: str) -> range:
    """The years of the last 'YYYY–YYYY' span a chart's text states."""
    first, last = re.findall(r"(\d{4})–(\d{4})", text)[-1]
    return range(int(first), int(last) + 1)


def assert_names(line: str, labels: set[str], chart: str) -> None:
    missing = sorted(label for label in labels if label not in line)
    assert not missing, f"{chart}: source line {line!r} does not name {missing}"


# ------------------------------------------------------------------------- comparative chapter


@pytest.fixture(scope="module")
def cmp():
    return comparison.load(ARTICLE_PROVINCES)


def test_pci_over_time_credits_both_pci_files(cmp):
    """Fig. 1.8 draws 2005-2022: VCCI's 2005-2016 file and the 2016-2022 compilation."""
    fig = comparison.pci_figure(cmp)
    text = charts.text_of(fig)
    drawn = sources_of("pci_weighted", span(text.subtitle))
    assert drawn == {"vcci_pci", "vcci_pci_2017_2022"}
    assert_names(text.source, {comparison.source_label(cmp, s) for s in drawn}, "pci_figure")


def test_distribution_and_rank_table_credit_each_measure_year(cmp):
    values = comparison.statistics_values(cmp)
    drawn = {
        "iip_index": sources_of(
            "iip_index", range(values["iip_first_year"], values["iip_last_year"] + 1)
        ),
        "fia_stock_capital": sources_of("fia_stock_capital", [values["fdi_year"]]),
        "grdp_per_capita": sources_of("grdp_per_capita", [values["grdp_year"]]),
        "pci_weighted": sources_of("pci_weighted", [values["pci_year"]]),
    }
    line = charts.text_of(comparison.distribution_figure(cmp)).source
    every = {comparison.source_label(cmp, s) for ids in drawn.values() for s in ids}
    assert_names(line, every, "distribution_figure")
    # and no source of a row it does not draw (VCCI's 2005-2016 file for a 2022 score)
    assert set(re.split(r"; ", line.removeprefix("Sources: ").rstrip("."))) == every
    table = comparison.ranks_table(cmp).csv.drop_duplicates("Measure").set_index("Measure")
    pci_row = next(m for m in table.index if m.startswith("PCI score"))
    assert str(values["pci_year"]) in pci_row
    assert table.loc[pci_row, "Source"] == "; ".join(
        comparison.source_label(cmp, s) for s in sorted(drawn["pci_weighted"])
    )
    assert "2016" not in table.loc[pci_row, "Source"]  # the 2022 score is not VCCI's 2016 file


def test_ambition_figure_credits_the_iip_rows(cmp):
    fig = comparison.argument.ambition_figure(cmp)
    drawn = sources_of("iip_index", range(2000, 2030))
    assert_names(
        charts.text_of(fig).source,
        {comparison.source_label(cmp, s) for s in drawn},
        "ambition_figure",
    )


def test_units_2025_charts_credit_the_office_rows():
    view = comparison_2025.load(ARTICLE_PROVINCES)
    rows = pd.read_csv(DATA / "statistics_2025.csv")
    rows = rows[rows["indicator"] == comparison_2025.SHADED]
    year = int(rows["year"].max())
    ids = set(rows.loc[rows["year"] == year, "source_id"])
    cmp = comparison.load(ARTICLE_PROVINCES)
    labels = {comparison.source_label(cmp, s) for s in ids}
    for build in (comparison_2025.shaded_map, comparison_2025.rank_figure):
        assert_names(charts.text_of(build(view)).source, labels, build.__name__)
    assert comparison.source_label(cmp, "odv_boundaries") in (
        charts.text_of(comparison_2025.shaded_map(view)).source
    )
    # and the captions cite the same rows, computed, not typed into the template
    from provbook.build.context import comparative_context

    captions = comparative_context(DATA, ARTICLE_PROVINCES)
    office = ",".join(sorted(ids))
    assert captions["units_rank_sources"] == f"Source: {{cite:p}}`{office}`"
    assert captions["units_map_sources"] == f"Sources: {{cite:p}}`{office},odv_boundaries`"
    template = (ROOT / "notebooks" / "comparative.md").read_text(encoding="utf-8")
    assert "{{ units_map_sources }}" in template and "{{ units_rank_sources }}" in template


# ---------------------------------------------------------------------------- province chapter

#: Province-chapter chart -> indicators it draws over the whole series (every year of the
#: province's statistics), and those it draws for their newest year only.
CHAPTER_CHARTS = {
    "iip_figure": (["iip_index"], []),
    "grdp_figure": (["grdp_per_capita"], []),
    "fdi_figure": (["fia_new_capital"], []),
    "business_figure": (["new_enterprises", "industrial_labour_use_index"], []),
    "pci_figure": (["pci_weighted"], []),
    "standing_figure": (
        [],
        [
            "iip_index",
            "fia_stock_capital",
            "grdp_per_capita",
            "population",
            "population_density",
            "pci_weighted",
        ],
    ),
    "ambition_figure": (["iip_index"], []),
}


@pytest.mark.parametrize("province", ARTICLE_PROVINCES)
def test_province_chapter_charts_credit_the_rows_they_draw(province):
    facts = chapter_facts.load(province)
    own = STATISTICS[STATISTICS["province_id"].isin([province, "vietnam"])]
    built = 0
    for name, (series, newest) in CHAPTER_CHARTS.items():
        module = chapter_series if hasattr(chapter_series, name) else chapter_figures
        fig = getattr(module, name)(facts)
        if fig is None:
            continue
        built += 1
        ids: set[str] = set()
        for indicator in series:
            ids |= set(own.loc[own["indicator"] == indicator, "source_id"])
        for indicator in newest:
            year = int(STATISTICS.loc[STATISTICS["indicator"] == indicator, "year"].max())
            ids |= sources_of(indicator, [year])
        labels = {citations.source_label(facts, s) for s in ids}
        assert labels, name
        assert_names(charts.text_of(fig).source, labels, f"{province} {name}")
    assert built >= 6


# ---------------------------------------------------------------------------------- introduction


def test_introduction_credits_each_statistic_the_chapters_draw():
    """The introduction once credited FDI to GSO while the chapters draw the FIA's rows: every
    source of the rows the chapters' statistics charts draw is cited there, FDI with the FIA."""
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    bullet = intro[intro.index("**Official statistics**") :].split("\n\n")[0]
    cited = {k for group in re.findall(r"\{cite:p\}`([^`]+)`", bullet) for k in group.split(",")}
    drawn = {i for series, newest in CHAPTER_CHARTS.values() for i in [*series, *newest]}
    drawn |= {i for i in set(STATISTICS["indicator"]) if i.startswith("pci_")}
    needed = set(STATISTICS.loc[STATISTICS["indicator"].isin(drawn), "source_id"])
    assert needed <= cited, sorted(needed - cited)
    fdi = re.search(r"foreign\s+direct\s+investment[^;]*", bullet)
    assert fdi and "`fia_fdi`" in fdi.group(0) and "Foreign Investment Agency" in fdi.group(0)
    assert not re.search(r"General Statistics Office's[^;]*foreign\s+direct", bullet)


def _chapter_labels(facts, ids) -> set[str]:
    return {citations.source_label(facts, s) for s in ids}


def _line_labels(line: str) -> set[str]:
    return set(
        line.removeprefix("Source: ").removesuffix(" Chart: provbook.").rstrip(".").split("; ")
    )


def test_standing_figure_credits_only_the_years_it_draws():
    """Its PCI panel is the newest year (2022): VCCI's 2005-2016 file is not its source."""
    facts = chapter_facts.load("soc-trang")
    ids = sources_of("iip_index", range(2000, 2030))
    for indicator in CHAPTER_CHARTS["standing_figure"][1]:
        year = int(STATISTICS.loc[STATISTICS["indicator"] == indicator, "year"].max())
        ids |= sources_of(indicator, [year])
    line = charts.text_of(chapter_figures.standing_figure(facts)).source
    assert _line_labels(line) == _chapter_labels(facts, ids)
    assert "vcci_pci" not in ids and "VCCI (2016)" not in line


def test_statistics_table_credits_each_row_by_its_year():
    from provbook.chapters.province import tables

    facts = chapter_facts.load("soc-trang")
    table = tables.statistics_table(facts)
    labels = dict(
        zip(
            pd.read_csv(DATA / "indicators.csv")["label"],
            pd.read_csv(DATA / "indicators.csv")["indicator"],
            strict=True,
        )
    )
    checked = 0
    for row in table.itertuples(index=False):
        indicator = labels.get(row.Indicator)
        if indicator is None:  # the IIP average: every year of the series
            continue
        ids = sources_of(indicator, [int(row.Year)])
        assert set(row.Source.split("; ")) == _chapter_labels(facts, ids), row.Indicator
        checked += 1
    assert checked >= 10
    pci = table.set_index("Indicator").loc["PCI, weighted composite score"]
    assert pci["Year"] == 2022 and pci["Source"] == "VCCI (2022)"


# ---------------------------------------------------------------- chapters of the 2025 provinces

PROVINCES = pd.read_csv(DATA / "provinces.csv")
UNITS = pd.read_csv(DATA / "units_2025.csv")
DEFAULT_UNITS = sorted(
    UNITS.loc[
        UNITS["unit_2025_code"].isin(
            PROVINCES.loc[PROVINCES["province_id"].isin(ARTICLE_PROVINCES), "unit_2025_code"]
        ),
        "unit_2025_id",
    ]
)


@pytest.mark.parametrize("unit", DEFAULT_UNITS)
def test_unit_chapter_charts_credit_the_rows_they_draw(unit):
    """The GRDP line is weighted by population: its caption cites the population rows too."""
    from provbook.build import context
    from provbook.chapters.unit import facts as unit_facts
    from provbook.chapters.unit import figures as unit_figures
    from provbook.chapters.unit import tables as unit_tables

    code = int(UNITS.loc[UNITS["unit_2025_id"] == unit, "unit_2025_code"].iloc[0])
    parts = set(PROVINCES.loc[PROVINCES["unit_2025_code"] == code, "province_id"])
    rows = STATISTICS[STATISTICS["province_id"].isin(parts)]
    grdp = rows[rows["indicator"] == "grdp_per_capita"]
    complete = [y for y, g in grdp.groupby("year") if set(g["province_id"]) == parts]
    drawn = rows[
        rows["indicator"].isin(["grdp_per_capita", "population"]) & rows["year"].isin(complete)
    ]
    office = pd.read_csv(DATA / "statistics_2025.csv")
    office = office[(office["unit_2025_id"] == unit) & (office["indicator"] == "grdp_per_capita")]
    ids = set(drawn["source_id"]) | set(office["source_id"])
    assert {"gso_grdp_per_capita", "gso_population", "nso_units_2025"} <= ids
    cite = context.unit_context(DATA, unit)["grdp_cite"]
    assert all(f"`{s}`" in cite or f"{s}," in cite or f",{s}" in cite for s in ids), cite
    facts = unit_facts.load(unit)
    labels = {unit_tables.source_label(facts, s) for s in ids}
    assert_names(charts.text_of(unit_figures.grdp_figure(facts)).source, labels, unit)
    for indicator in ("pci_weighted", "iip_index"):
        fig = unit_figures.parts_figure(facts, indicator)
        own = set(rows.loc[rows["indicator"] == indicator, "source_id"])
        labels = {unit_tables.source_label(facts, s) for s in own}
        assert_names(charts.text_of(fig).source, labels, f"{unit} {indicator}")


def test_unit_computed_table_credits_each_year_the_rows_it_reads():
    """A population-weighted figure reads the population of its year too; a year's row of the
    computed table credits exactly the sources of the parts' rows of that year."""
    from provbook.chapters.unit import facts as unit_facts
    from provbook.chapters.unit import tables as unit_tables

    facts = unit_facts.load("can-tho-2025")
    parts = ["can-tho", "hau-giang", "soc-trang"]
    rows = STATISTICS[
        STATISTICS["province_id"].isin(parts)
        & STATISTICS["indicator"].isin(["grdp_per_capita", "population"])
        & (STATISTICS["year"] == 2022)
    ]
    assert unit_facts.computed_sources(facts, "grdp_per_capita", [2022]) == list(
        dict.fromkeys(rows.sort_values(["indicator", "province_id"])["source_id"])
    )
    table = unit_tables.computed_table(facts)
    for row in table.itertuples(index=False):
        indicator = pd.read_csv(DATA / "indicators.csv").set_index("label").loc[row.Indicator]
        ids = unit_facts.computed_sources(facts, indicator["indicator"], [row.Year])
        assert row.Source == "; ".join(
            dict.fromkeys(unit_tables.source_label(facts, s) for s in ids)
        )
