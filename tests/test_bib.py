"""The bibliography generated from sources.csv."""

from pathlib import Path

from provbook.bib import entry, write_bibliography

ROOT = Path(__file__).resolve().parents[1]
ROW = {
    "source_id": "art_x",
    "kind": "article",
    "province_id": "bac-kan",
    "outlet": "Báo Bắc Kạn",
    "author": "Quý Đôn",
    "title": "Bắc Kạn thu hút nguồn lực",
    "title_en": "Bắc Kạn attracts resources",
    "date": "2023-11-28",
    "url": "https://example.org/a_b",
    "seed_file": "004.txt",
    "licence": "",
    "retrieved_from": "",
    "note": "",
}


def test_vietnamese_author_is_not_split_and_date_is_kept():
    text = entry(ROW)
    assert text.startswith("@article{art_x,")
    assert "author = {{Quý Đôn}}" in text
    assert "journal = {Báo Bắc Kạn}" in text
    assert "year = {2023}" in text and "month = {11}" in text
    assert "url = {https://example.org/a\\_b}" in text


def test_unknown_author_and_outlet_are_not_guessed():
    text = entry({**ROW, "author": "unknown", "outlet": "unknown", "date": "unknown"})
    assert "author = {{Unsigned news report}}" in text
    assert "journal = {Outlet unknown}" in text
    assert "year = {n.d.}" in text and "month" not in text


def test_statistics_source_is_credited_to_its_publisher(tmp_path: Path):
    count = write_bibliography(ROOT / "data" / "sources.csv", tmp_path / "refs.bib")
    text = (tmp_path / "refs.bib").read_text(encoding="utf-8")
    assert count == text.count("\n@") + 1
    assert "@misc{vcci_pci," in text
    assert "author = {{Vietnam Chamber of Commerce and Industry (VCCI) and USAID}}" in text
