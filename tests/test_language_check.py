"""The language check (provbook.publish.language_check) on synthetic pages shaped like the
theme's: navigation outside the article, code blocks, inline code, links."""

from provbook.publish.language_check import (
    data_names,
    english_words,
    reader_text,
    vietnamese_sentences,
)


def page(article: str) -> str:
    """A page as sphinx-book-theme writes it: what is outside <article> is not the page's text."""
    return (
        "<html><head><title>Growth of the province</title><script>var the = 1;</script></head>"
        '<body><nav class="bd-links"><a href="#">Comparison of the provinces</a></nav>'
        '<main id="main-content"><article class="bd-article">'
        f"{article}</article>"
        '<div class="bd-sidebar-secondary">Contents of this page</div></main></body></html>'
    )


VIETNAMESE_PAGE = page(
    '<h1>Kế hoạch đến năm 2030<a class="headerlink" href="#x" title="Link to this">#</a></h1>'
    "<p>Tỉnh Long An đặt mục tiêu tăng trưởng GRDP bình quân 10,5 % một năm, "
    "cao hơn mức growth của cả nước.</p>"
    '<p>Chạy lệnh <code class="docutils literal"><span class="pre">provbook build '
    "--province long-an</span></code> để dựng lại chương, xem "
    '<a href="https://example.org/the-page">https://example.org/the-page</a>.</p>'
    '<div class="highlight-bash notranslate"><div class="highlight"><pre>'
    "provbook build --all  # every province before and since 2025</pre></div></div>"
)

ENGLISH_PAGE = page(
    "<h1>Plans to 2030</h1>"
    "<p>The province adopted the resolution <em>Nghị quyết về phát triển công nghiệp của "
    "tỉnh</em> in 2021.</p>"
    "<p>Its industrial parks grew, và tỉnh đặt mục tiêu trở thành trung tâm công nghiệp.</p>"
    "<p>Long An hosts a khu công nghiệp (KCN) near the city.</p>"
)

NAMES = ["Long An", "Nghị quyết về phát triển công nghiệp của tỉnh"]


def test_reader_text_keeps_the_article_without_code_urls_or_anchors():
    text = reader_text(VIETNAMESE_PAGE)
    assert "Tỉnh Long An đặt mục tiêu" in text
    for left_out in ("Comparison", "Contents", "var the", "provbook build", "example.org", "#"):
        assert left_out not in text, left_out


def test_an_english_word_in_a_vietnamese_page_is_caught_and_a_province_name_is_not():
    text = reader_text(VIETNAMESE_PAGE, NAMES)
    # 'growth' is the one English word; 'An' (of Long An) and the code's 'every', 'before',
    # 'since' are not reader text, and GRDP is an abbreviation.
    assert english_words(text) == ["growth"]
    assert "Long An" not in text
    # Without the name list, 'Long An' still has no English word: both are Vietnamese syllables.
    assert english_words(reader_text(VIETNAMESE_PAGE)) == ["growth"]


def test_a_vietnamese_page_without_english_words_passes():
    clean = VIETNAMESE_PAGE.replace("mức growth", "mức tăng")
    assert english_words(reader_text(clean, NAMES)) == []


def test_a_vietnamese_clause_in_an_english_page_is_caught_and_a_document_title_is_not():
    text = reader_text(ENGLISH_PAGE, NAMES)
    assert vietnamese_sentences(text) == ["và tỉnh đặt mục tiêu trở thành trung tâm công nghiệp"]
    # The title, removed as a name, leaves no run behind; without the list it is caught.
    assert "Nghị quyết về phát triển công nghiệp của tỉnh" in vietnamese_sentences(
        reader_text(ENGLISH_PAGE)
    )


def test_a_three_word_term_is_not_a_sentence_and_english_is_not_vietnamese():
    assert vietnamese_sentences("a khu công nghiệp (KCN) near the city") == []
    assert vietnamese_sentences("so to do an in the long can hai ban") == []  # no diacritic
    assert vietnamese_sentences("tỉnh có 3 khu công nghiệp") == ["tỉnh có 3 khu công nghiệp"]


def test_words_that_are_also_vietnamese_syllables_are_not_english():
    assert english_words("Long An có cho an to do in me no may can hai ban") == []
    assert english_words("GRDP FDI PCI") == []
    # Each word once, in order; THE in capitals is an abbreviation; a possessive is its word.
    assert english_words("The growth of THE province's parks, the parks") == [
        "the",
        "growth",
        "of",
        "province",
        "parks",
    ]


def test_data_names_hold_provinces_outlets_and_titles():
    names = set(data_names())
    assert {"Long An", "Cần Thơ", "Sài Gòn Giải Phóng"} <= names
    assert "General Statistics Office of Vietnam (GSO)" in names  # an outlet
    assert "unknown" not in {n.lower() for n in names}
    # as the references print them: a series title without its span of years, a translated
    # title without its brackets
    assert "Báo cáo nhanh tình hình đầu tư nước ngoài (tháng 12)" in names
    assert "Diện tích, dân số và mật độ dân số phân theo tỉnh" in names


def test_file_paths_are_not_words_but_units_of_vietnamese_prose_stay_harmless():
    text = reader_text(page("<p>Bảng trong data/sources.csv, lấy từ choisy/gso và map.csv.</p>"))
    assert english_words(text) == []
    assert "sources" not in text and "choisy" not in text and "Bảng trong" in text
