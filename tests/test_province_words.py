"""The province chapter's sentences in both editions (provbook/words/<lang>/province.toml): each
branch of the wording logic (a rise or a fall, none, one or many, missing data) in English and
Vietnamese, the chapter loaded once per data state, and the Vietnamese figures equal to the
English ones. Synthetic facts from test_province's package where the branch needs them; the
real data/ for Bạc Liêu. No notebook runs."""

from __future__ import annotations

import dataclasses
import math
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from test_outcomes import _target, _with_targets
from test_province import make_package
from test_words import ENGLISH

from provbook.analysis.changes import compare_changes, growth_phrase, rate_phrase
from provbook.build import template
from provbook.chapters import province as chapter
from provbook.chapters.province import facts as facts_module
from provbook.chapters.province import outcomes, prose
from provbook.text import fixed

ROOT = Path(__file__).resolve().parents[1]
NAN = float("nan")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """test_province's package and its province with every kind of fact, Ánh Dương."""
    package = make_package(tmp_path_factory.mktemp("words"))
    return package, chapter.load("anh-duong", package)


# A rise, a fall, no change and a missing figure, in both editions.
@pytest.mark.parametrize(
    ("rate", "english", "vietnamese"),
    [
        (7.74, "grew by 7.7% a year", "tăng bình quân 7,7\u00a0% mỗi năm"),
        (-7.74, "fell by 7.7% a year", "giảm bình quân 7,7\u00a0% mỗi năm"),
        (0.01, "did not change on average", "hầu như không đổi"),
        (NAN, "has no growth figure", "không có số liệu tăng trưởng"),
    ],
)
def test_a_fall_is_said_as_a_fall_in_both_languages(rate, english, vietnamese):
    assert growth_phrase(rate) == english
    assert growth_phrase(rate, lang="vi") == vietnamese


@pytest.mark.parametrize(
    ("rate", "english", "vietnamese"),
    [
        (13.26, "growth of 13.3% a year", "mức tăng 13,3\u00a0% mỗi năm"),
        (-7.74, "a fall of 7.7% a year", "mức giảm 7,7\u00a0% mỗi năm"),
        (NAN, "no growth figure", "không có số liệu tăng trưởng"),
    ],
)
def test_a_rate_is_never_a_negative_growth(rate, english, vietnamese):
    assert rate_phrase(rate) == english
    assert rate_phrase(rate, "vi") == vietnamese


@pytest.mark.parametrize(
    ("rate", "reference", "english", "vietnamese"),
    [
        (
            8.0,
            7.3,
            "faster than Vietnam (growth of 7.3% a year)",
            "nhanh hơn cả nước (mức tăng 7,3\u00a0% mỗi năm)",
        ),
        (
            5.0,
            7.3,
            "slower than Vietnam (growth of 7.3% a year)",
            "chậm hơn cả nước (mức tăng 7,3\u00a0% mỗi năm)",
        ),
        (
            -4.0,
            -2.0,
            "faster than Vietnam (a fall of 2% a year)",
            "nhanh hơn cả nước (mức giảm 2\u00a0% mỗi năm)",
        ),
        (
            -2.0,
            7.3,
            "while Vietnam grew by 7.3% a year",
            "trong khi cả nước tăng bình quân 7,3\u00a0% mỗi năm",
        ),
        (7.31, 7.29, "the same as Vietnam", "ngang với cả nước"),
        (
            NAN,
            7.3,
            "while Vietnam grew by 7.3% a year",
            "trong khi cả nước tăng bình quân 7,3\u00a0% mỗi năm",
        ),
    ],
)
def test_two_changes_compared_in_both_languages(rate, reference, english, vietnamese):
    assert compare_changes(rate, reference, "Vietnam") == english
    assert compare_changes(rate, reference, "cả nước", lang="vi") == vietnamese


@pytest.mark.parametrize(
    ("counts", "english", "vietnamese"),
    [
        (
            (6, 2, 4),
            "6 with figures, 2 of them ranges, and 4 in words only",
            "6 mục tiêu có con số, trong đó 2 mục tiêu là khoảng giá trị; "
            "4 mục tiêu chỉ nêu bằng lời",
        ),
        ((6, 0, 0), "all with figures", "tất cả đều có con số"),
        (
            (4, 4, 0),
            "all with figures, all of them ranges",
            "tất cả đều có con số, đều là khoảng giá trị",
        ),
        (
            (1, 1, 0),
            "all with figures, given as a range",
            "tất cả đều có con số, nêu dưới dạng một khoảng giá trị",
        ),
        (
            (3, 1, 2),
            "3 with figures, one of them a range, and 2 in words only",
            "3 mục tiêu có con số, trong đó một mục tiêu là một khoảng giá trị; "
            "2 mục tiêu chỉ nêu bằng lời",
        ),
        (
            (0, 0, 3),
            "all in words, none with a figure",
            "tất cả đều nêu bằng lời, không mục tiêu nào kèm con số",
        ),
    ],
)
def test_target_kinds_in_both_languages(counts, english, vietnamese):
    assert prose._target_kinds(*counts) == english
    assert prose._target_kinds(*counts, lang="vi") == vietnamese


@pytest.mark.parametrize(
    ("unique", "shared", "coded", "english", "vietnamese"),
    [
        (
            0,
            1,
            5,
            "Each of these codes is also found for another coded province; one is found for all 5.",
            "Mỗi mã này đều có ở ít nhất một địa phương khác đã mã hóa; "
            "một mã có ở cả 5 địa phương đã mã hóa.",
        ),
        (
            1,
            0,
            5,
            "One of these codes is found for no other coded province; none is found for all 5.",
            "Một trong các mã này không có ở địa phương nào khác đã mã hóa; không mã nào có ở cả 5 "
            "địa phương đã mã hóa.",
        ),
        (
            3,
            2,
            6,
            "3 of these codes are found for no other coded province; 2 are found for all 6.",
            "3 mã trong số này không có ở địa phương nào khác đã mã hóa; 2 mã có ở cả 6 địa phương "
            "đã mã hóa.",
        ),
        (2, 0, 1, "No other province is coded yet.", "Chưa có địa phương nào khác được mã hóa."),
    ],
)
def test_shared_codes_none_one_many_in_both_languages(unique, shared, coded, english, vietnamese):
    assert prose._shared_codes(unique, shared, coded) == english
    assert prose._shared_codes(unique, shared, coded, "vi") == vietnamese


def test_projects_counted_by_category_in_both_languages():
    frame = pd.DataFrame({"category": ["plant", "infrastructure", "plant", "wind_power"]})
    assert prose.describe_projects(frame) == (
        "one wind power project, 2 factory or plant projects and one infrastructure project"
    )
    assert prose.describe_projects(frame, "vi") == (
        "1 dự án điện gió, 2 dự án nhà máy và 1 dự án hạ tầng"
    )


def test_the_subject_is_one_article_or_several_sources_in_both_languages(synthetic):
    anh = synthetic[1]
    assert chapter.targets_values(anh, "vi")["targets_note"] == (
        "Bài báo nêu 5 mục tiêu của Ánh Dương: 4 mục tiêu có con số, trong đó 2 mục tiêu là "
        "khoảng giá trị; 1 mục tiêu chỉ nêu bằng lời."
    )
    targets = anh.targets.copy()
    targets.loc[0, "source_id"] = "gso_x"
    two = dataclasses.replace(anh, targets=targets, _cache={})
    assert chapter.targets_values(two)["targets_note"].startswith("The 2 sources state 5 ")
    assert chapter.targets_values(two, "vi")["targets_note"].startswith(
        "2 nguồn tư liệu nêu 5 mục tiêu của Ánh Dương: "
    )


def test_sections_with_facts_read_in_both_languages(synthetic):
    """Ánh Dương (tests/test_province.py's package): 2 documents (horizon 2050, one undated),
    3 results (2 with a plan figure, 1 met: 110%), 1 KCN and 2 CCN (2 with an area, 150 ha)."""
    english = {
        "documents_note": "The article names 2 policy documents for Ánh Dương; the furthest "
        "horizon is 2050. 1 document has no dates in the article.",
        "results_note": "The article reports 3 results for Ánh Dương; against the plan it met "
        "or beat 1 of 2 plan figures.",
        "parks_note": "The article names 1 industrial park and 2 industrial clusters in Ánh "
        "Dương; 2 have a reported area, 150 ha in all.",
    }
    vietnamese = {
        "documents_note": "Bài báo nêu 2 văn bản chính sách của Ánh Dương; tầm nhìn xa nhất đến "
        "năm 2050. 1 văn bản không có ngày tháng trong bài báo.",
        "results_note": "Bài báo báo cáo 3 kết quả của Ánh Dương; so với kế hoạch, địa phương "
        "đạt hoặc vượt 1 trong 2 chỉ tiêu kế hoạch.",
        "parks_note": "Bài báo nêu 1 khu công nghiệp và 2 cụm công nghiệp ở Ánh Dương; 2 khu có "
        "số liệu diện tích, tổng cộng 150 ha.",
    }
    anh = synthetic[1]
    for lang, expected in (("en", english), ("vi", vietnamese)):
        said = {
            **chapter.documents_values(anh, lang),
            **chapter.results_values(anh, lang),
            **chapter.parks_values(anh, lang),
        }
        assert {key: said[key] for key in expected} == expected, lang


def test_nothing_said_with_and_without_a_source_in_both_languages(synthetic):
    package = synthetic[0]
    """Bình Yên has an article with no targets; Cẩm Giang no source at all."""
    binh, cam = chapter.load("binh-yen", package), chapter.load("cam-giang", package)
    assert chapter.targets_values(binh)["targets_note"] == (
        "The article states no targets for Bình Yên."
    )
    assert chapter.targets_values(binh, "vi")["targets_note"] == (
        "Bài báo không nêu mục tiêu nào của Bình Yên."
    )
    assert chapter.parks_values(cam)["parks_note"] == (
        "None of the book's sources names any industrial parks or clusters for Cẩm Giang."
    )
    assert chapter.parks_values(cam, "vi")["parks_note"] == (
        "Không có nguồn nào trong sách nêu khu công nghiệp hay cụm công nghiệp ở Cẩm Giang."
    )
    assert chapter.glance_values(cam, "vi")["merger_note"] == (
        "Từ ngày 1 tháng 7 năm 2025, Cẩm Giang không hợp nhất với địa phương nào khác mà tiếp "
        "tục là tỉnh Cẩm Giang."
    )
    assert chapter.glance_values(binh, "vi")["merger_note"] == (
        "Từ ngày 1 tháng 7 năm 2025, Bình Yên hợp nhất với Ánh Dương thành tỉnh Ánh Dương."
    )
    assert chapter.priorities_values(cam, "vi")["priorities_note"].startswith(
        "Chưa có ưu tiên nào được mã hóa cho Cẩm Giang"
    )


def test_outcome_sentences_in_vietnamese():
    """The branches of test_outcomes.py, in Vietnamese: no year at all (Sóc Trăng's 3 targets),
    years after the series end (Bạc Liêu: 2025 and 2030), and a table (synthetic targets against
    Bạc Liêu's real GRDP per capita: 48.02 in 2020 >= 45 met, 60.12 in 2022 < 65 not met, 2030
    not covered)."""
    soc_trang, bac_lieu = chapter.load("soc-trang"), chapter.load("bac-lieu")
    assert outcomes.outcomes_values(soc_trang, "vi")["outcomes_note"] == (
        "Bài báo không nêu năm cho mục tiêu nào trong 3 mục tiêu của Sóc Trăng, nên không thể "
        "đặt kết quả chính thức nào bên cạnh các mục tiêu này."
    )
    assert outcomes.outcomes_values(bac_lieu, "vi")["outcomes_note"] == (
        "Bài báo nêu 2 mục tiêu của Bạc Liêu đến hạn trong giai đoạn 2025–2030; không mục tiêu "
        "nào là chỉ tiêu mà một chuỗi số liệu chính thức trong sách đo lường (GRDP bình quân đầu "
        "người đến năm 2022 và FDI đến năm 2023), và tất cả đều đến hạn sau khi các chuỗi số liệu "
        "đó kết thúc, nên không thể đặt kết quả nào bên cạnh các mục tiêu này."
    )
    some = _with_targets(
        bac_lieu,
        [
            _target(1, "GRDP per capita", "million VND", 45, 2020),
            _target(2, "GRDP per capita", "million VND", 65, 2022),
            _target(3, "GRDP per capita", "million VND", 90, 2030),
        ],
    )
    assert outcomes.outcomes_values(some)["outcomes_note"] == (
        "Of the 3 dated targets for Bạc Liêu, 2 can be set beside an official series: 1 target "
        "met and 1 target not met, as the table shows."
    )
    assert outcomes.outcomes_values(some, "vi")["outcomes_note"] == (
        "Trong 3 mục tiêu có năm đến hạn của Bạc Liêu, 2 mục tiêu có thể đặt cạnh một chuỗi số "
        "liệu chính thức: 1 mục tiêu đạt và 1 mục tiêu không đạt, như bảng cho thấy."
    )
    one = _with_targets(bac_lieu, [_target(1, "Green industry", "", 1, 2030)])
    assert outcomes.outcomes_values(one, "vi")["outcomes_note"].endswith(
        "nên không thể đặt kết quả nào bên cạnh mục tiêu này."
    )


def test_a_target_reads_in_the_edition_language():
    row = pd.Series(
        {
            "indicator": "Industry share of GRDP",
            "indicator_vi": "Tỷ trọng công nghiệp trong GRDP",
            "kind": "share_of_grdp",
            "unit": "%",
            "low": 40.0,
            "high": 45.0,
            "qualifier": "about",
            "target_year": 2030,
            "period_start": None,
            "period_end": None,
        }
    )
    assert prose.describe_target(row) == "industry share of GRDP of about 40–45% by 2030"
    assert prose.describe_target(row, "vi") == (
        "tỷ trọng công nghiệp trong GRDP đạt khoảng 40–45\u00a0% vào năm 2030"
    )


def test_the_chapter_is_loaded_once_per_data_state(tmp_path):
    package = make_package(tmp_path)
    first = chapter.load("anh-duong", package)
    assert chapter.load("anh-duong", package) is first
    assert chapter.load("anh-duong", package, statistics_until=None) is first
    assert chapter.load("anh-duong", package, statistics_until=2013) is not first
    # The sentences of a second edition reuse the object's tables, each edition its own words.
    assert chapter.glance_values(first) is chapter.glance_values(first, "en")
    assert chapter.glance_values(first, "vi") is not chapter.glance_values(first)
    # A data file rewritten: the folder is read again, and the new figure is used.
    targets = package / "targets.csv"
    text = targets.read_text(encoding="utf-8")
    assert ",40,45," in text
    targets.write_text(text.replace(",40,45,", ",41,45,", 1), encoding="utf-8")
    stat = targets.stat()
    os.utime(targets, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # even on a coarse clock
    second = chapter.load("anh-duong", package)
    assert second is not first
    assert second.targets["low"].iloc[0] == 41
    assert chapter.load("anh-duong", package) is second


def test_a_bad_year_is_still_refused_by_the_memoised_loader(synthetic):
    package = synthetic[0]
    with pytest.raises(ValueError, match="statistics_until must be a year"):
        chapter.load("anh-duong", package, statistics_until=True)
    with pytest.raises(ValueError, match="statistics_until must be a year"):
        chapter.load("anh-duong", package, statistics_until=[2013])


BUILDERS = (
    chapter.glance_values,
    chapter.documents_values,
    chapter.targets_values,
    chapter.outcomes_values,
    chapter.results_values,
    chapter.parks_values,
    chapter.priorities_values,
    chapter.statistics_values,
)


def glued(facts, lang: str) -> dict:
    values = {}
    for builder in BUILDERS:
        values.update(builder(facts, lang))
    values["summary_points"] = prose.summary_points(facts, lang)
    return values


def test_every_vietnamese_glued_value_is_the_english_figure():
    """Bạc Liêu: a number glued in English is glued as the same number in Vietnamese, and its
    ``_text`` (what the Vietnamese markdown shows) is that number with the decimals the English
    markdown shows, written the Vietnamese way (read back: the same figure)."""
    facts = chapter.load("bac-lieu")
    english, vietnamese = glued(facts, "en"), glued(facts, "vi")
    assert set(english) <= set(vietnamese)
    numbers = 0
    for key, value in english.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            other = vietnamese[key]
            assert other == value or (math.isnan(value) and math.isnan(other)), key
            numbers += 1
    assert numbers > 40
    for key, digits in prose.FORMATTED.items():
        text = vietnamese[f"{key}_text"]
        assert text == fixed(english[key], digits, "vi")
        assert float(text.replace(".", "").replace(",", ".")) == round(english[key], digits)
    assert vietnamese["population_thousand_text"] == "921,8"  # 921.81 thousand (GSO, 2022)
    assert vietnamese["area_km2_text"] == "2.667,9"  # 2,667.88 km²
    for key in [k for k in english if k.endswith("_ord")]:
        rank = english[key.removesuffix("_ord")]
        assert vietnamese[key] == f"thứ {rank}" and english[key].startswith(str(rank)), key


@pytest.mark.parametrize(
    "pid", ["bac-lieu", "long-an", "lam-dong", "soc-trang", "bac-kan", "ha-noi"]
)
def test_no_english_word_in_the_vietnamese_sentences(pid):
    facts = chapter.load(pid)
    for key, value in glued(facts, "vi").items():
        if not isinstance(value, str):
            continue
        found = ENGLISH.findall(value)
        assert not found, f"{pid} {key}: English words {found} in {value!r}"


def test_no_english_word_in_the_vietnamese_template():
    """The reader text of notebooks/vi/province.md: roles, placeholders, directive names and
    file names stripped, what is left is Vietnamese."""
    text = (ROOT / "notebooks" / "vi" / "province.md").read_text(encoding="utf-8")
    text = text.split("---", 2)[2]  # the jupytext header
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`", "", text)  # {glue:text}`x`, {numref}`...`
    text = re.sub(r"\{\{[^}]*\}\}|\{\"tags\"[^}]*\}|`[^`]*`", "", text)
    text = re.sub(r"```\{[a-z:-]+\}.*|^:[a-z]+:(?! \")", "", text, flags=re.M)
    found = ENGLISH.findall(text)
    assert not found, f"English words in notebooks/vi/province.md: {found}"


def test_the_vietnamese_template_has_the_english_cells_keys_and_labels():
    """Same cells (read refuses others), same glue keys, placeholders and figure labels; the
    figures the English markdown formats itself are shown through their ``_text`` twins."""
    english = template.read(ROOT / "notebooks" / "province.md")
    vietnamese = template.read(ROOT / "notebooks" / "province.md", "vi")

    def marks(nb) -> list[tuple]:
        cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
        out = []
        for source in cells:
            keys = re.findall(r"\{glue(?::\w+)?\}`(\w+)", source)
            keys += re.findall(r"\{glue:(?:figure|md)\} (\w+)", source)
            keys = {k.removesuffix("_text") for k in keys}
            out.append(
                (
                    keys,
                    sorted(re.findall(r"\{\{ *(\w+) *\}\}", source)),
                    sorted(re.findall(r"\{numref\}`([^`]+)`", source)),
                    sorted(re.findall(r":name: (\S+)", source)),
                )
            )
        return out

    assert marks(vietnamese) == marks(english)
    shown = "".join(c.source for c in vietnamese.cells if c.cell_type == "markdown")
    for key in prose.FORMATTED:
        assert f"`{key}_text`" in shown and f"`{key}:" not in shown, key


def test_facts_carry_no_language():
    fields = {f.name for f in dataclasses.fields(facts_module.Facts)}
    assert "lang" not in fields and "language" not in fields


def test_placeholders_in_both_languages():
    from provbook.build import context

    data = ROOT / "data"
    english = context.province_context(data, "bac-lieu")
    vietnamese = context.province_context(data, "bac-lieu", "vi")
    assert english["article_sentence"] == (
        "The facts on Bạc Liêu's policy come from {cite:t}`art_bac_lieu`; the statistics cover "
        "all 63 provinces."
    )
    assert vietnamese["article_sentence"] == (
        "Thông tin về chính sách của Bạc Liêu lấy từ {cite:t}`art_bac_lieu`; số liệu thống kê "
        "bao quát cả 63 tỉnh."
    )
    assert english["sources_list"].startswith("- Article, {cite:t}`art_bac_lieu`")
    assert vietnamese["sources_list"].startswith(
        "- Bài báo, {cite:t}`art_bac_lieu`.\n- Số liệu thống kê chính thức, "
    )
    assert english["chapter_url"].endswith("]/book/provinces/bac-lieu.html")
    assert vietnamese["chapter_url"].endswith("]/vi/book/provinces/bac-lieu.html")
    assert (english["unit_name"], vietnamese["unit_name"]) == ("Tỉnh Cà Mau", "tỉnh Cà Mau")
    assert english["map_cite"] == vietnamese["map_cite"]  # citations are not words
    assert context.province_context(data, "ha-noi", "vi")["article_sentence"].startswith(
        "Không có nguồn nào trong sách viết về Hà Nội, nên "
    )
    assert context._cite_p([], "vi") == "không ghi nhận"
    assert context._cite_p([], "en") == "not recorded"


def test_the_executed_vietnamese_chapter_reads_in_vietnamese(execute_notebooks, tmp_path):
    """Bạc Liêu's Vietnamese chapter executed as the brief runs it (template --lang vi, then
    papermill --engine provbook -p lang vi): no English word in its markdown or glued text.
    Left out: publishers' names (sources.csv ``outlet``, proper names) and citation roles."""
    import csv
    import subprocess
    import sys

    import nbformat

    out = tmp_path / "bac-lieu-vi.ipynb"
    python = sys.executable
    papermill = Path(python).parent / "papermill"
    filled = subprocess.run(
        [python, "-m", "provbook.build.template", "notebooks/province.md", "--lang", "vi"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(
        [str(papermill), "--engine", "provbook", "-", str(out)]
        + ["-p", "province", "bac-lieu", "-p", "lang", "vi"],
        cwd=ROOT,
        input=filled.stdout,
        capture_output=True,
        check=True,
    )
    nb = nbformat.read(out, as_version=4)
    texts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            data = output.get("data", {})
            if any("image/" in mime for mime in data):
                continue  # a glued figure (its text is matplotlib's repr; drawn words: charts)
            for mime in ("text/markdown", "text/plain"):
                value = data.get(f"application/papermill.record/{mime}")
                if name and isinstance(value, str):
                    texts.append(value)
                    break
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as handle:
        outlets = sorted({row["outlet"] for row in csv.DictReader(handle)}, key=len, reverse=True)
    text = "\n".join(texts)
    for outlet in outlets:
        text = text.replace(outlet, "")
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`|`[^`]*`|^:[a-z]+:(?! \")|```.*", "", text, flags=re.M)
    assert "Bạc Liêu" in text and "Tổng quan" in text
    found = ENGLISH.findall(text)
    assert not found, f"English words in the executed Vietnamese chapter: {sorted(set(found))}"
    # The tables a reader sees (HTML): headers, words from the codebook, sources' labels.
    from provbook.publish.language_check import data_names, reader_text

    names = [*data_names(), *outlets]
    tables = [
        reader_text(output["data"]["text/html"], names)
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    assert len(tables) >= 5
    for shown in tables:
        assert not ENGLISH.findall(shown), shown[:300]


def test_the_counted_facts_none_one_many_in_both_languages(synthetic):
    """Ánh Dương: 2 documents, 5 targets, 3 results, 3 parks; Bình Yên none of them (an article
    with priorities only); Cẩm Giang no source."""
    package, anh = synthetic
    binh, cam = chapter.load("binh-yen", package), chapter.load("cam-giang", package)
    assert prose.fact_counts(anh) == (
        "2 policy documents, 5 targets, 3 reported results and 3 parks and clusters"
    )
    assert prose.fact_counts(anh, "vi") == (
        "2 văn bản chính sách, 5 mục tiêu, 3 kết quả được báo cáo và 3 khu, cụm công nghiệp"
    )
    assert prose.fact_counts(binh, "vi") == (
        "không có văn bản chính sách nào, không có mục tiêu nào, không có kết quả được báo cáo "
        "nào và không có khu, cụm công nghiệp nào"
    )
    assert prose.fact_counts(binh).startswith("no policy documents, no targets, ")
    assert prose.fact_counts(cam, "vi").startswith("không có: ")
    assert prose.fact_counts_label(anh) == "Named in the article"
    assert prose.fact_counts_label(anh, "vi") == "Nêu trong bài báo"
    assert prose.fact_counts_label(cam, "vi") == "Nêu trong một nguồn"
