"""The province chapter's figures and tables in both editions: the words of the data (codebook),
chart titles, axis labels, source lines and table headers follow ``lang``; what is drawn and the
numbers of the tables do not."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest

from provbook import words
from provbook.chapters import province as chapter
from provbook.chapters.province import facts as facts_module
from provbook.chapters.province.tables import header
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import number

ENGLISH = re.compile(
    r"\b(the|of|and|with|from|for|which|province|provinces|industrial|park|parks|target|targets|"
    r"growth|source|sources|year|years|figure|table|chart|by|is|are|was|were|not|none|this|"
    r"median|rank|million|thousand|persons|score|index|record|plan|per|new|projects)\b",
    re.I,
)

FIGURES = [
    "locator_map",
    "timeline_figure",
    "targets_figure",
    "ambition_figure",
    "results_figure",
    "parks_figure",
    "priorities_figure",
    "standing_figure",
    "iip_figure",
    "fdi_figure",
    "business_figure",
    "grdp_figure",
    "pci_figure",
]
TABLES = [
    "glance_table",
    "documents_table",
    "targets_table",
    "results_table",
    "parks_table",
    "projects_table",
    "priorities_table",
    "statistics_table",
    "series_table",
]


@pytest.fixture(scope="module")
def long_an():
    return chapter.load("long-an")


@pytest.fixture(scope="module")
def figure(long_an):
    """Each figure of Long An's chapter in each language, drawn once for the module."""
    drawn = {}

    def get(name: str, lang: str):
        if (name, lang) not in drawn:
            drawn[name, lang] = getattr(chapter, name)(long_an, lang)
        return drawn[name, lang]

    return get


def codebook(lang: str, group: str) -> dict[str, str]:
    prefix = f"{group}."
    entries = words.catalogue(lang, "codebook")
    return {k.removeprefix(prefix): v for k, v in entries.items() if k.startswith(prefix)}


def test_the_english_codebook_repeats_the_words_the_data_print():
    assert codebook("en", "status") == {**data.PARK_STATUSES, "licensed": "licensed"}
    assert codebook("en", "park_type") == facts_module.PARK_TYPES
    assert codebook("en", "kind") == facts_module.KIND_LABELS
    assert codebook("en", "qualifier") == data.QUALIFIERS
    indicators = pd.read_csv(data.resolve_data_dir(None) / "indicators.csv", keep_default_na=False)
    assert codebook("en", "indicator") == dict(
        zip(indicators["indicator"], indicators["label"], strict=True)
    )
    assert codebook("en", "unit") == dict(
        zip(indicators["indicator"], indicators["unit"], strict=True)
    )


def test_every_data_value_a_reader_sees_has_its_word_in_each_language():
    folder = data.resolve_data_dir(None)
    seen = {
        "status": {
            *pd.read_csv(folder / "parks.csv")["status"],
            *pd.read_csv(folder / "projects.csv")["status"],
        },
        "park_type": set(pd.read_csv(folder / "parks.csv")["park_type"]),
        "kind": set(pd.read_csv(folder / "targets.csv")["kind"]),
        "project_category": set(pd.read_csv(folder / "projects.csv")["category"]),
        "doc_type": set(pd.read_csv(folder / "documents.csv")["doc_type"]),
        "dimension": set(pd.read_csv(folder / "codebook" / "codes.csv")["dimension"]),
        "region": {header_slug(r) for r in pd.read_csv(folder / "provinces.csv")["region"]},
        "data_unit": {
            *pd.read_csv(folder / "targets.csv")["unit"].dropna(),
            *pd.read_csv(folder / "results.csv")["unit"].dropna(),
            *pd.read_csv(folder / "parks.csv")["cost_unit"].dropna(),
        },
        "figure_status": set(pd.read_csv(folder / "statistics.csv")["status"].dropna()),
    }
    for lang in ("en", "vi"):
        for group, values in seen.items():
            missing = sorted(set(values) - set(codebook(lang, group)))
            assert not missing, f"{lang}/codebook.toml [{group}] lacks {missing}"
    assert codebook("vi", "status")["planned"] == "quy hoạch"
    assert codebook("vi", "park_type")["KCN"] == "Khu công nghiệp (KCN)"


def header_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def drawn_data(fig) -> list:
    """What a figure draws, without its words: every line's points and every bar's box."""
    out = []
    for ax in fig.axes:
        out += [np.asarray(line.get_xydata(), dtype=float).round(9).tolist() for line in ax.lines]
        out += [
            [
                round(p.get_x(), 9),
                round(p.get_y(), 9),
                round(p.get_width(), 9),
                round(p.get_height(), 9),
            ]
            for p in ax.patches
        ]
    return out


def reader_words(fig) -> list[str]:
    """Title, subtitle, axis labels, panel titles, legends and category tick labels."""
    text = charts.text_of(fig)
    found = [text.title, text.subtitle, text.alt]
    for ax in fig.axes:
        found += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title(loc="left"), ax.get_title()]
        legend = ax.get_legend()
        if legend is not None:
            found += [t.get_text() for t in legend.get_texts()]
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_yticklabels()]
    return [t for t in found if t]


@pytest.mark.parametrize("name", FIGURES)
def test_a_figure_speaks_its_edition_language_and_draws_the_same_data(long_an, figure, name):
    english = figure(name, "en")
    vietnamese = figure(name, "vi")
    if english is None:
        assert vietnamese is None
        return
    assert drawn_data(vietnamese) == drawn_data(english)
    en_text, vi_text = charts.text_of(english), charts.text_of(vietnamese)
    assert en_text.title != vi_text.title
    assert en_text.source.startswith("Source: ") and en_text.source.endswith(". Chart: provbook.")
    assert vi_text.source.startswith("Nguồn: ") and vi_text.source.endswith("; Biểu đồ: provbook.")
    for text in reader_words(vietnamese):
        plain = text.replace(long_an.name, "")
        assert not ENGLISH.findall(plain), f"{name}: English words in {text!r}"
    # The English edition's figure is the one the book had: its labels are English.
    english_words = " ".join(reader_words(english))
    assert not re.search(r"\b(của|trong|năm|tỉnh)\b", english_words.replace(long_an.name, ""))


def test_vietnamese_value_axes_write_a_decimal_comma(figure):
    def ticks(lang):
        fig = figure("pci_figure", lang)
        fig.draw_without_rendering()
        axis = fig.axes[1].xaxis  # the sub-index scores, 0-10
        return axis.get_majorticklocs(), [t.get_text() for t in axis.get_ticklabels()]

    locations, labels = ticks("vi")
    assert labels == [number(x, 2, lang="vi") for x in locations]
    assert "2,5" in labels and not any("." in label for label in labels)
    locations, labels = ticks("en")  # matplotlib's own ticks, as the book had them
    assert not any("," in label for label in labels)


def test_vietnamese_titles_state_the_finding_in_vietnamese(long_an, figure):
    grdp = charts.text_of(figure("grdp_figure", "vi"))
    values = chapter.statistics_values(long_an)
    assert grdp.title.startswith("GRDP bình quân đầu người của Long An đứng thứ ")
    assert f"thứ {values['grdp_pc_rank']} trong 63 tỉnh năm {values['grdp_pc_year']}" in grdp.title
    iip = charts.text_of(figure("iip_figure", "vi")).title
    # A rise is said as a rise, in Vietnamese words and with a decimal comma.
    assert re.search(r"tăng bình quân \d+,\d\u00a0% mỗi năm", iip)
    assert "cả nước" in iip


@pytest.mark.parametrize("name", TABLES)
def test_a_table_has_its_headers_and_words_in_its_edition_language(long_an, name):
    english = getattr(chapter, name)(long_an, "en")
    vietnamese = getattr(chapter, name)(long_an, "vi")
    assert len(english) == len(vietnamese)  # the glance table's count of facts too
    assert list(vietnamese.columns) == [
        header(c, "vi", {"Number": "number_value"} if name == "results_table" else None)
        for c in english.columns
    ]
    for column in english.columns:
        if pd.api.types.is_numeric_dtype(english[column]):  # numbers are the same numbers
            at = list(english.columns).index(column)
            pd.testing.assert_series_equal(
                english[column], vietnamese.iloc[:, at], check_names=False
            )
    assert not ENGLISH.findall(" ".join(map(str, vietnamese.columns)))


@pytest.mark.parametrize("province", ["bac-kan", "bac-lieu", "lam-dong", "long-an", "soc-trang"])
def test_the_vietnamese_documents_table_names_the_issuing_body_in_vietnamese(province):
    """documents.csv issued_by_vi, the body as the row's own source prints it ('UBND tỉnh Sóc
    Trăng'), not our English issued_by ('Provincial People's Committee (UBND tỉnh)')."""
    from provbook.publish.language_check import english_words

    facts = chapter.load(province)
    rows = facts.documents
    shown = chapter.documents_table(facts, "vi")[header("Issued by", "vi")]
    english = chapter.documents_table(facts, "en")["Issued by"]
    assert list(english) == list(rows["issued_by"])  # the English edition: as it was
    for issued_by, issued_by_vi, cell in zip(
        rows["issued_by"], rows["issued_by_vi"], shown, strict=True
    ):
        if pd.isna(issued_by):
            assert pd.isna(cell)
            continue
        assert cell == issued_by_vi and not english_words(cell), (issued_by, cell)


def test_the_vietnamese_documents_table_falls_back_to_issued_by_when_no_vietnamese_name(
    long_an, monkeypatch
):
    """An issuer whose Vietnamese name the source does not print: left empty, never guessed;
    the Vietnamese edition shows issued_by as written."""
    documents = long_an.documents.copy()
    documents["issued_by_vi"] = pd.NA
    monkeypatch.setattr(long_an, "documents", documents)
    shown = chapter.documents_table(long_an, "vi")[header("Issued by", "vi")]
    assert list(shown.dropna()) == list(documents["issued_by"].dropna())


def test_vietnamese_park_table_says_statuses_and_types_as_the_sources_do(long_an):
    parks = chapter.parks_table(long_an, "vi")
    assert set(parks["Tình trạng"]) == {"quy hoạch"}
    assert set(parks["Loại"]) <= {
        "Khu công nghiệp (KCN)",
        "Cụm công nghiệp (CCN)",
        "Khu sản xuất công nghiệp khác",
    }


def test_the_vietnamese_csv_keeps_machine_readable_numbers_and_the_page_a_decimal_comma(long_an):
    shown = chapter.table(long_an, chapter.targets_table(long_an, "vi"), "targets", lang="vi")
    csv = pd.read_csv(io.StringIO(shown.csv()))
    assert "Chỉ tiêu" in csv.columns and "Cận dưới" in csv.columns
    # A dot decimal in the CSV: read back as numbers, equal to the data's.
    assert csv["Cận dưới"].dtype == float
    assert (
        60.5 in set(csv["Cận dưới"])
        and "60.5" in shown.csv()
        and "60,5" not in csv["Cận dưới"].astype(str).tolist()
    )
    page = shown._repr_html_()
    assert "<th>Chỉ tiêu</th>" in page and "Tải bảng này dưới dạng CSV" in page
    assert "60,5\u00a0%" in page  # the shown value, as Vietnamese readers write it
    assert "Our summary" not in page and "Tóm tắt của chúng tôi" not in page  # English notes
    english = chapter.table(long_an, chapter.targets_table(long_an), "targets")._repr_html_()
    assert "Download this table as CSV" in english and "<th>Our summary</th>" in english


def test_vietnamese_source_lines_name_the_publishers_as_vietnamese_readers_know_them(figure):
    standing = charts.text_of(figure("standing_figure", "vi")).source
    assert "Tổng cục Thống kê (2018)" in standing
    assert "Cục Đầu tư nước ngoài, Bộ Kế hoạch và Đầu tư (2023)" in standing
    assert "Ministry" not in standing and "GSO" not in standing
    english = charts.text_of(figure("standing_figure", "en")).source
    assert "GSO (2018)" in english and "Ministry of Planning and Investment (2023)" in english


def test_the_series_words_of_the_english_catalogue_are_the_chapters_own():
    from provbook.chapters.province.series import SERIES_ENDS

    for key, (name, why) in SERIES_ENDS.items():
        assert words.say(f"charts.series.{key}.name", "en") == name
        assert words.say(f"charts.series.{key}.why", "en") == why
        assert not ENGLISH.findall(words.say(f"charts.series.{key}.why", "vi"))


def test_the_vietnamese_glance_table_counts_the_facts_in_vietnamese(long_an):
    """The glance table's last row (what the sources name) in the Vietnamese edition: the
    prose's counts in Vietnamese words, the same counts as the English row."""
    english = chapter.glance_table(long_an, "en").iloc[-1]
    vietnamese = chapter.glance_table(long_an, "vi").iloc[-1]
    assert english.iloc[0].startswith("Named in ")
    assert vietnamese.iloc[0].startswith("Nêu trong ")
    assert not ENGLISH.findall(f"{vietnamese.iloc[0]} {vietnamese.iloc[1]}")
    assert re.findall(r"\d+", vietnamese.iloc[1]) == re.findall(r"\d+", english.iloc[1])


def test_a_table_counts_its_rows_in_its_edition_language(long_an):
    """A table's plain-text form (its caption or file name and the count of rows, what a
    notebook shows where HTML is not read) in the edition's language: Long An's 6 parks."""
    vietnamese = chapter.table(long_an, chapter.parks_table(long_an, "vi"), "parks", lang="vi")
    english = chapter.table(long_an, chapter.parks_table(long_an), "parks")
    assert repr(vietnamese).splitlines()[0] == "long-an-parks.csv (6 dòng)"
    assert repr(english).splitlines()[0] == "long-an-parks.csv (6 rows)"


def test_the_vietnamese_glance_table_joins_the_merged_provinces_in_vietnamese():
    """Sóc Trăng merged with Cần Thơ and Hậu Giang (data/provinces.csv): the glance table's
    row joins the two names with the edition's 'và', not 'and'."""
    soc_trang = chapter.load("soc-trang")
    row = chapter.glance_table(soc_trang, "vi").set_index("Thông tin")["Giá trị"]
    assert row["Hợp nhất với"] == "Cần Thơ và Hậu Giang"
    english = chapter.glance_table(soc_trang).set_index("Fact")["Value"]
    assert english["Merged with"] == "Cần Thơ and Hậu Giang"


def test_the_english_projects_table_keeps_its_unit_columns_as_read():
    """The English edition stays as it was: the projects table's unit columns are the data's
    own columns (a mapped copy changed their dtype, and with it the notebook's plain text)."""
    lam_dong = chapter.load("lam-dong")
    table = chapter.projects_table(lam_dong)
    for column, read in (
        ("Capacity unit", "capacity_unit"),
        ("Investment unit", "investment_unit"),
    ):
        assert table[column].dtype == lam_dong.projects[read].dtype
        assert table[column].equals(lam_dong.projects[read].reset_index(drop=True))
    vietnamese = chapter.projects_table(lam_dong, "vi")
    assert vietnamese["Đơn vị công suất"].iloc[0] == "tấn alumin/năm"


def test_a_unit_the_catalogue_does_not_know_is_printed_as_written():
    """Units are free text of a source's facts: a new province's own unit must not stop its
    Vietnamese chapter (the injection test found 'VND billion <script>...' stopping it)."""
    from provbook.chapters.province.facts import data_unit

    assert data_unit("VND billion", "vi") == "tỷ đồng"
    assert data_unit("tonnes of rice", "vi") == "tonnes of rice"
    assert data_unit("tonnes of rice", "en") == "tonnes of rice"
