"""The intro's generated list of provinces in both editions: the same counts, each in its words."""

from __future__ import annotations

import pytest
from test_province import make_package

from provbook.publish.provinces_page import provinces_page
from provbook.text import name_in_sentence


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return make_package(tmp_path_factory.mktemp("pages"))


def test_the_vietnamese_list_says_what_the_english_one_says(package):
    english, vietnamese = provinces_page(package), provinces_page(package, lang="vi")
    assert english.startswith("The book has a chapter on each of the 2 provinces")
    assert vietnamese.startswith(
        "Sách có một chương riêng cho mỗi tỉnh trong số 2 tỉnh được các nguồn mô tả "
        "(tổng cộng 2 bài báo):"
    )
    assert (
        "Ánh Dương\n: Đồng bằng sông Hồng; thuộc tỉnh Ánh Dương từ ngày 1 tháng 7 năm 2025. "
        "Theo 1 bài báo {cite:p}`art_anh`:" in vietnamese
    )
    # the same entries, in the same order, with the same citations
    assert [line.split(": ")[0] for line in english.splitlines() if line.startswith(":")] == [
        line.split(": ")[0] for line in vietnamese.splitlines() if line.startswith(":")
    ]
    assert english.count("{cite:p}") == vietnamese.count("{cite:p}") == 2


def test_an_administrative_word_is_lower_case_inside_a_vietnamese_sentence():
    assert name_in_sentence("Tỉnh Cà Mau", "vi") == "tỉnh Cà Mau"
    assert name_in_sentence("Thành phố Cần Thơ", "vi") == "thành phố Cần Thơ"
    assert name_in_sentence("Tỉnh Cà Mau", "en") == "Tỉnh Cà Mau"
