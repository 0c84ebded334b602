"""The chapter of a province since 2025 in Vietnamese (issue 23): every sentence from one template
per language (provbook/words/<lang>/unit.toml), each branch said in Vietnamese, the same numbers
in both editions, the chapter loaded once per kernel, and the Vietnamese template's markdown
without English. Expected sentences were read and checked by hand against data/ (rows quoted)."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA, ROOT

from provbook import words
from provbook.analysis import plans as p
from provbook.build import template
from provbook.chapters import unit as unit_chapter
from provbook.chapters.unit import facts as unit_facts
from provbook.chapters.unit import plans2030, prose, tables

#: The new provinces of the default book, and two with one part and no article.
UNITS = ("can-tho-2025", "ca-mau-2025", "lam-dong-2025", "tay-ninh-2025", "thai-nguyen-2025")
#: English words that are never Vietnamese syllables (as tests/test_words.py, plus the chapter's).
ENGLISH = re.compile(
    r"\b(the|of|and|with|from|for|which|province|provinces|industrial|park|parks|target|targets|"
    r"growth|source|sources|year|years|figure|table|chart|by|is|are|was|were|not|none|this|"
    r"per|capita|million|published|office|statistics|computed|formed|kept|rows?|download|"
    r"preliminary|estimate|official|about|above|least|report|reports|a|an|in|on|to)\b",
    re.I,
)


#: Names of places keep their Vietnamese form ("Long An" is not the English "an").
NAMES = sorted(
    {
        *pd.read_csv(DATA / "provinces.csv")["name_vi"],
        *pd.read_csv(DATA / "units_2025.csv")["name_vi"],
    },
    key=len,
    reverse=True,
)


def english_words(text: str) -> list[str]:
    """English words of reader text, without names, roles, placeholders, code and citations."""
    for name in NAMES:
        text = text.replace(name, "")
    plain = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)  # {glue:md}`key`, {cite:t}`id`, {doc}`...`
    plain = re.sub(r"\{\{[^}]*\}\}|`[^`]*`|^:[a-z]+:.*$|```.*$", "", plain, flags=re.M)
    return ENGLISH.findall(plain)


@pytest.fixture(scope="module")
def can_tho():
    return unit_chapter.load("can-tho-2025")


def test_formation_in_vietnamese_merged_and_kept(can_tho):
    # units_2025.csv / provinces.csv: Cần Thơ from can-tho, hau-giang, soc-trang; Cao Bằng alone.
    assert unit_chapter.formation_note(can_tho, "vi") == (
        "Thành phố Cần Thơ được thành lập ngày 1 tháng 7 năm 2025 trên cơ sở hợp nhất 3 tỉnh, "
        "thành phố: Cần Thơ, Hậu Giang và Sóc Trăng."
    )
    assert unit_chapter.formation_note(unit_chapter.load("cao-bang-2025"), "vi") == (
        "Tỉnh Cao Bằng giữ nguyên địa giới của Cao Bằng khi sắp xếp các tỉnh, thành phố ngày 1 "
        "tháng 7 năm 2025."
    )


def test_growth_rise_fall_same_and_unpublished_in_vietnamese():
    assert prose.growth_note(7.23, "estimate", "vi") == (
        "GRDP theo giá so sánh tăng 7,2\u00a0% (ước tính)"
    )
    assert prose.growth_note(-1.54, "preliminary", "vi") == (
        "GRDP theo giá so sánh giảm 1,5\u00a0% (sơ bộ)"
    )
    assert prose.growth_note(0.02, "official", "vi") == (
        "GRDP theo giá so sánh không đổi (chính thức)"
    )
    assert prose.growth_note(math.nan, "", "vi") == (
        "cơ quan thống kê chưa công bố tốc độ tăng GRDP theo giá so sánh"
    )
    # The English twin of a fall is a fall too.
    assert prose.growth_note(-1.54, "preliminary") == "real GRDP fell by 1.5% (preliminary)"


def test_parts_with_facts_none_some_and_all_in_vietnamese(can_tho, monkeypatch):
    # Cần Thơ: only Sóc Trăng has articles (sources.csv art_soc_trang); Cao Bằng: none.
    assert unit_chapter.parts_facts_values(can_tho, "vi")["parts_facts_note"] == (
        "Các nguồn của sách có tư liệu về Sóc Trăng; với Cần Thơ và Hậu Giang, sách chỉ có số "
        "liệu thống kê."
    )
    nothing = unit_chapter.parts_facts_values(unit_chapter.load("cao-bang-2025"), "vi")
    assert nothing["parts_facts_note"] == (
        "Các nguồn của sách chưa có tư liệu nào về các tỉnh cũ hợp thành Tỉnh Cao Bằng, nên mục "
        "này chưa có thông tin để trình bày."
    )
    monkeypatch.setattr(prose, "parts_with_facts", lambda facts: list(facts.parts))
    every = unit_chapter.parts_facts_values(can_tho, "vi")
    assert every["parts_facts_note"] == (
        "Các nguồn của sách có tư liệu về Cần Thơ, Hậu Giang và Sóc Trăng."
    )
    assert every["n_parts_with_facts"] == 3


def test_side_by_side_none_one_and_many_in_vietnamese(can_tho, monkeypatch):
    # statistics.csv pci_weighted 2022: can-tho 66.91, hau-giang 68.09, soc-trang 65.24.
    assert unit_chapter.side_by_side_note(can_tho, "pci_weighted", "vi") == (
        "Năm 2022, điểm PCI của từng tỉnh: Cần Thơ 66,9, Hậu Giang 68,1 và Sóc Trăng 65,2."
    )
    one = pd.DataFrame({"Cần Thơ": [102.04]}, index=[2024])
    monkeypatch.setattr(prose, "side_by_side", lambda facts, indicator: one)
    assert unit_chapter.side_by_side_note(can_tho, "iip_index", "vi") == (
        "Năm 2024, chỉ số sản xuất công nghiệp của Cần Thơ là 102."
    )
    monkeypatch.setattr(prose, "side_by_side", lambda facts, indicator: pd.DataFrame())
    assert unit_chapter.side_by_side_note(can_tho, "iip_index", "vi") == (
        "Chưa tỉnh cũ nào hợp thành Thành phố Cần Thơ có số liệu về chỉ số sản xuất công nghiệp."
    )


def _target(indicator, low, high, unit, qualifier="exact", status="adopted_resolution"):
    return p.Target("t", "x-2025", indicator, low, high, qualifier, unit, status, "s", (2026, 2030))


def test_plans_growth_branches_in_vietnamese():
    target = _target(p.GROWTH, 8.0, 8.0, "percent_per_year", "at_least")
    lead = "Tỉnh X đặt mục tiêu tăng trưởng GRDP bình quân ít nhất 8\u00a0%/năm giai đoạn 2026–2030"
    both = p.growth_sentence("Tỉnh X", p.Growth(target, 8.5, 9.0), "vi")
    assert both == (
        f"{lead}, tốc độ mà tỉnh đã đạt được trong năm 2024 (tăng 8,5\u00a0%) và năm 2025 (tăng "
        "9\u00a0%)."
    )
    one = p.growth_sentence("Tỉnh X", p.Growth(target, -1.2, 9.0), "vi")
    assert one == (
        f"{lead}, tốc độ mà tỉnh đã đạt được trong năm 2025 (tăng 9\u00a0%) nhưng chưa đạt trong "
        "năm 2024 (giảm 1,2\u00a0%)."
    )
    faster = p.growth_sentence("Tỉnh X", p.Growth(target, 6.0, 7.0), "vi")
    assert faster == (
        f"{lead}, nhanh hơn cả năm 2024 (tăng 6\u00a0%) và năm 2025 (tăng 7\u00a0%): cao hơn 1 "
        "điểm phần trăm so với năm có tốc độ cao hơn."
    )
    unknown = p.growth_sentence("Tỉnh X", p.Growth(target, math.nan, math.nan), "vi")
    assert unknown.endswith("chưa công bố tốc độ tăng theo giá so sánh của năm 2024 hay 2025.")


def test_plans_share_rise_and_fall_and_no_target_in_vietnamese():
    rise = p.Share(_target(p.SHARE, 54.6, 54.6, "percent"), 54.1)
    # plans_2030.csv p30-thai-nguyen-04 (54.6) against statistics_2025.csv 54.1 for 2025.
    assert p.share_sentence(rise, "vi") == (
        "Khu vực công nghiệp và xây dựng phải chiếm 54,6\u00a0% GRDP vào năm 2030, so với "
        "54,1\u00a0% năm 2025: tăng 0,5 điểm phần trăm."
    )
    fall = p.Share(_target(p.SHARE, 40.0, 42.0, "percent"), 45.0)
    assert p.share_sentence(fall, "vi").endswith(": giảm 3–5 điểm phần trăm.")
    assert p.share_sentence(fall).endswith(": a fall of 3–5 points.")
    lai_chau = unit_chapter.load("lai-chau-2025")  # no row in plans_2030.csv
    values = plans2030.plans_values(lai_chau, "vi")
    assert values["plans_note"] == (
        "Chưa tìm thấy mục tiêu nào được công bố cho Lai Châu: các bài báo về đại hội Đảng bộ "
        "năm 2025 mà sách đã đọc chưa nêu chỉ tiêu nào cho năm 2030."
    )
    assert values["plans_n_targets"] == 0


def test_plans_per_capita_in_usd_without_rate_says_why_in_vietnamese():
    # plans_2030.csv: Cà Mau's GRDP per capita target above 6,000 USD, no VND equivalent.
    values = plans2030.plans_values(unit_chapter.load("ca-mau-2025"), "vi")
    assert (
        "Mục tiêu GRDP bình quân đầu người năm 2030 là trên 6.000 USD: mục tiêu tính bằng USD và "
        "bài báo không nêu mức tương đương bằng đồng Việt Nam"
    ) in values["plans_details_note"]
    assert values["plans_details_note"].endswith(
        "Bảng liệt kê 3 mục tiêu của Cà Mau, lấy từ 2 bài báo."
    )


@pytest.mark.parametrize("unit", UNITS)
def test_glued_values_are_the_same_numbers_in_both_languages(unit):
    facts = unit_chapter.load(unit)
    for builder in (
        unit_chapter.glance_values,
        unit_chapter.statistics_values,
        unit_chapter.parts_facts_values,
        plans2030.plans_values,
    ):
        english, vietnamese = builder(facts, "en"), builder(facts, "vi")
        numbers = {k: v for k, v in english.items() if not isinstance(v, str)}
        assert numbers, builder.__name__
        for key, value in numbers.items():
            assert key in vietnamese, (builder.__name__, key)
            same = vietnamese[key]
            assert same == value or (math.isnan(value) and math.isnan(same)), (unit, key)
        # Vietnamese figures written for the text are those numbers, rounded as shown.
        for key, shown in vietnamese.items():
            if key.endswith("_text"):
                digits = prose.GLANCE_DIGITS[key.removesuffix("_text")]
                parsed = float(shown.replace(".", "").replace(",", "."))
                assert parsed == pytest.approx(round(english[key.removesuffix("_text")], digits))
        for key, text in vietnamese.items():
            if key.endswith("_note"):
                assert not english_words(text), (unit, key, text)


def test_loaded_once_per_data_contents(tmp_path):
    first = unit_chapter.load("can-tho-2025")
    assert unit_chapter.load("can-tho-2025") is first
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    other = unit_chapter.load("can-tho-2025", copy)
    assert other is not first  # another folder: its own chapter
    assert unit_chapter.load("can-tho-2025", copy) is other
    statistics = copy / "statistics_2025.csv"
    statistics.write_text(statistics.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = unit_chapter.load("can-tho-2025", copy)
    assert changed is not other  # one byte more in one file: loaded again
    assert unit_facts.data_signature(copy) != unit_facts.data_signature(DATA)


def test_the_second_language_computes_nothing_again():
    facts = unit_chapter.load("thai-nguyen-2025")
    facts._cache.clear()

    def run(lang):
        chapter = unit_chapter.in_language(lang)
        chapter.glance_values(facts)
        chapter.statistics_values(facts)
        chapter.parts_facts_values(facts)
        chapter.plans2030.plans_values(facts)
        for make in (chapter.office_table, chapter.computed_table, chapter.side_by_side_table):
            make(facts)
        chapter.parts_tables(facts)

    run("en")
    computed = set(facts._cache)
    run("vi")
    assert set(facts._cache) == computed


def test_in_language_binds_the_language_and_leaves_the_rest():
    vi = unit_chapter.in_language("vi")
    assert vi.load is unit_chapter.load
    assert vi.SIDE_BY_SIDE == unit_chapter.SIDE_BY_SIDE
    assert vi.formation_note.keywords == {"lang": "vi"}
    assert vi.plans2030.plans_values.keywords == {"lang": "vi"}
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        unit_chapter.in_language("fr")


def test_vietnamese_tables_write_numbers_and_words_in_vietnamese(can_tho):
    shown = unit_chapter.table(can_tho, unit_chapter.office_table(can_tho, "vi"), "office", "vi")
    page = shown._repr_html_()
    # statistics_2025.csv: can-tho-2025 area 2025 6360.83 km2, official.
    assert "<td>Diện tích</td><td>2025</td><td>6.360,83</td><td>km²</td><td>chính thức</td>" in page
    assert ">Tải bảng này dưới dạng CSV</a> (can-tho-2025-office.csv, 9 dòng)</p>" in page
    english = unit_chapter.table(can_tho, unit_chapter.office_table(can_tho), "office")
    assert type(english) is tables.DownloadableTable  # the English edition's table unchanged
    plans = plans2030.plans_shown_table(can_tho, "vi")
    # plans_2030.csv indicator_vi of p30-can-tho rows: the source's own words are shown.
    assert "Tốc độ tăng trưởng GRDP bình quân" in plans.frame["Chỉ tiêu"].tolist()
    assert "Nguồn nói gì (lời của sách)" not in plans.on_page()  # our English note: CSV only


def test_codebook_english_words_are_the_data_words():
    labels = pd.read_csv(DATA / "indicators.csv").set_index("indicator")["label"]
    for key, value in words.catalogue("en", "codebook").items():
        area, _, code = key.partition(".")
        if area == "indicator":
            assert value == labels[code], key
        if area == "publisher":
            assert value == code, key


def test_the_vietnamese_template_has_no_english_sentence():
    nb = template.read(ROOT / "notebooks" / "unit.md", "vi")
    english = template.read(ROOT / "notebooks" / "unit.md", "en")
    for cell, twin in zip(nb.cells, english.cells, strict=True):
        if cell.cell_type == "markdown":
            assert not english_words(cell.source), cell.source[:200]
            # The same glued values and placeholders in both (figures as text in Vietnamese).
            roles = set(re.findall(r"\{glue:[a-z]+\}`([a-z_]+)", cell.source))
            twin_roles = set(re.findall(r"\{glue:[a-z]+\}`([a-z_]+)", twin.source))
            assert {r.removesuffix("_text") for r in roles} == twin_roles
            assert set(re.findall(r"\{\{ (\w+) \}\}", cell.source)) == set(
                re.findall(r"\{\{ (\w+) \}\}", twin.source)
            )
        else:
            assert cell.source == twin.source


def _execute(lang: str, out) -> dict:
    """notebooks/unit.md for Cần Thơ in ``lang``, as the brief's command line runs it."""
    import json
    import subprocess
    import sys

    bin_dir = Path(sys.executable).parent
    filled = subprocess.run(
        [sys.executable, "-m", "provbook.build.template", "notebooks/unit.md", "--lang", lang],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(
        [bin_dir / "papermill", "--engine", "provbook", "-", str(out)]
        + ["-p", "unit", "can-tho-2025", "-p", "lang", lang],
        cwd=ROOT,
        input=filled,
        capture_output=True,
        check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def _glued(nb: dict) -> dict[str, str]:
    found = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and not name.endswith("_figure"):
                data = output["data"]
                found[name] = data.get(
                    "application/papermill.record/text/markdown",
                    data.get("application/papermill.record/text/plain"),
                )
    return found


def test_executed_vietnamese_chapter_of_can_tho_has_no_english(execute_notebooks, tmp_path):
    vietnamese = _execute("vi", tmp_path / "ct-vi.ipynb")
    english = _execute("en", tmp_path / "ct-en.ipynb")
    for cell in vietnamese["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not english_words(text), text[:300]
    said, glued = _glued(vietnamese), _glued(english)
    for key, value in said.items():
        if key.endswith(("_note", "_status")):
            assert not english_words(value), (key, value)
    numbers = {k: v for k, v in glued.items() if not k.endswith(("_note", "_status"))}
    assert numbers and all(said[k] == v for k, v in numbers.items())
    figures = [c for c in vietnamese["cells"] if "chapter.glue_figure" in "".join(c["source"])]
    assert figures and all(c.get("outputs") for c in figures)
    # The tables a reader sees (HTML), among them the old provinces' facts: Vietnamese too.
    from provbook.publish.language_check import data_names, reader_text

    names = data_names()
    tables = [
        reader_text("".join(output["data"]["text/html"]), names)
        for cell in vietnamese["cells"]
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    assert len(tables) >= 4
    for shown in tables:
        assert not english_words(shown), shown[:300]


def test_a_chart_title_never_breaks_a_number_from_its_percent_sign():
    from provbook.draw import charts

    # Narrow enough that a break would fall between '10' and '%/năm' (as it did).
    for width in (1.0, 1.5, 2.0, 2.5):
        lines = charts._wrapped_lines("Cần Thơ đặt mục tiêu tăng ít nhất 10\u00a0%/năm", width, 14)
        assert any("10\u00a0%/năm" in line for line in lines), lines


def test_vietnamese_placeholders_name_publishers_and_the_page_in_vietnamese():
    from provbook.build.context import unit_context

    vi = unit_context(DATA, "can-tho-2025", lang="vi")
    en = unit_context(DATA, "can-tho-2025")
    # sources.csv outlet of gso_grdp_per_capita: General Statistics Office of Vietnam (GSO).
    assert vi["grdp_cite"].startswith("Tổng cục Thống kê (GSO) {cite:p}`gso_grdp_per_capita")
    assert en["grdp_cite"].startswith("General Statistics Office of Vietnam (GSO) {cite:p}")
    assert vi["chapter_url"].endswith("vi/book/provinces_2025/can-tho-2025.html")
    assert en["chapter_url"].endswith("]/book/provinces_2025/can-tho-2025.html")
    for key in ("sources_list", "plans_caption", "plans_overview", "chapter_url_note", "pci_cite"):
        assert not english_words(vi[key]), (key, vi[key])
    assert {k for k, v in vi.items() if v != en[k]} <= {
        "parts_links",
        "grdp_cite",
        "pci_cite",
        "sources_list",
        "chapter_url",
        "chapter_url_note",
        "plans_caption",
        "plans_overview",
    }


def test_the_parts_tables_show_vietnamese_columns_and_values():
    """Thái Nguyên 2025's tables of its old provinces in Vietnamese: the columns the province
    chapter shows (our English summaries left to the CSV, as there), and Bắc Kạn's project
    investment as the source states it ('more than 2,921 VND billion', data/projects.csv)
    written the Vietnamese way."""
    from provbook.chapters.unit import tables

    shown = {
        t.filename: t for t in tables.parts_tables(unit_chapter.load("thai-nguyen-2025"), "vi")
    }
    for t in shown.values():
        assert "Tóm tắt của chúng tôi" not in t.shown and "Mã nguồn" not in t.shown, t.shown
        assert not english_words(" ".join(t.shown)), t.shown
    projects = shown["thai-nguyen-2025-projects.csv"].frame
    first = projects.iloc[0]
    assert (first["Vốn đầu tư"], first["Đơn vị vốn"]) == ("hơn 2.921", "tỷ đồng")
