"""The Vietnamese authored pages stay in step with the English ones (provbook.publish.page_parity):
the real pages, and the check itself on tiny synthetic pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from provbook.publish import page_parity

ROOT = Path(__file__).resolve().parents[1]

#: Every authored page has its Vietnamese twin: none may be missing (the check fails, saying so,
#: if a page listed here gains a twin).
EXPECTED_MISSING: frozenset[str] = frozenset()

EXTENSIONS = ["colon_fence", "dollarmath", "deflist", "substitution"]

ENGLISH = """\
(page-top)=
# Title

First paragraph, citing {cite:p}`gso_a,gso_b` and {doc}`methods`.

## Section

Second paragraph.

- one item, see {ref}`the merger <cmp-merger>`;
- another item, a {term}`KCN`.

:::{container} screen-only
Folded code.
:::

```{figure} chart.png
:name: fig-chart
:caption: An English caption
```

| a | b |
|---|---|
| 1 | 2 |

```bash
provbook build
```
"""

VIETNAMESE = """\
(page-top)=
# Tiêu đề

Đoạn thứ nhất, dẫn {doc}`methods` và {cite:p}`gso_b,gso_a`.

## Mục

Đoạn thứ hai.

- mục một, xem {ref}`phần sáp nhập <cmp-merger>`;
- mục khác, một {term}`khu công nghiệp <industrial park>`.

:::{container} screen-only
Mã nguồn được thu gọn.
:::

```{figure} chart.png
:name: fig-chart
:caption: Chú thích tiếng Việt
```

| a | b |
|---|---|
| 1 | 2 |

```bash
provbook build
```
"""


def compare(english: str, twin: str) -> list[str]:
    md = page_parity.parser(EXTENSIONS)
    return page_parity.compare(english, twin, "book/x.md", "book/vi/x.md", md)


def test_every_authored_page_has_a_twin_in_step():
    """Every book/*.md has its book/vi/ twin with the same blocks (the reason of each failure
    says page, block number, line and what is missing)."""
    problems = page_parity.check(ROOT, EXPECTED_MISSING)
    assert not problems, "\n".join(problems)


def test_the_check_reads_the_books_own_extensions():
    assert page_parity.book_extensions(ROOT) == EXTENSIONS


def test_a_reworded_twin_passes():
    """Other words, other order of the references inside a paragraph, another caption and
    another {term} target: the same page."""
    assert compare(ENGLISH, VIETNAMESE) == []


def test_an_added_paragraph_fails_naming_page_block_and_line():
    """In a run of paragraphs, the one reported is the one the twin lacks (found by what
    translation keeps: numbers, code, references, length)."""
    added = "Population grew by 1,227.6 thousand in 2016 (`statistics.csv`)."
    english = ENGLISH.replace("Second paragraph.\n", f"{added}\n\nSecond paragraph.\n")
    problems = compare(english, VIETNAMESE)
    assert len(problems) == 1, problems
    message = problems[0]
    assert message.startswith("book/x.md block 5 (paragraph at line 8: 'Population grew by 1,227.6")
    assert "in the section at line 6: 'Section'" in message
    assert "has no twin in book/vi/x.md" in message
    assert "add a paragraph after book/vi/x.md block 4 (heading h2 at line 6: 'Mục')" in message
    # The other way round: the new paragraph after the old one.
    english = ENGLISH.replace("Second paragraph.\n", f"Second paragraph.\n\n{added}\n")
    (message,) = compare(english, VIETNAMESE)
    assert message.startswith("book/x.md block 6 (paragraph at line 10: 'Population grew by")
    assert "after book/vi/x.md block 5 (paragraph at line 8: 'Đoạn thứ hai.')" in message


@pytest.mark.parametrize(
    "old, new, missing",
    [
        ("## Section\n", "## Section\n\n### Sub\n", "heading h3 at line 8"),
        ("- another item", "- a third item\n- another item", "list item at line 11)"),
        ("(page-top)=\n", "(page-top)=\n(other-label)=\n", "target (other-label)= at line 2"),
        ("```bash", "```{include} more.md\n```\n\n```bash", "directive {include} more.md"),
        ("| 1 | 2 |\n", "| 1 | 2 |\n| 3 | 4 |\n", "table row (2 cells) at line 25"),
        ("Folded code.\n", "Folded code.\n\nMore.\n", "paragraph at line 16: 'More.'"),
    ],
)
def test_an_added_block_fails(old, new, missing):
    problems = compare(ENGLISH.replace(old, new, 1), VIETNAMESE)
    assert problems and missing in problems[0], problems
    assert "has no twin in book/vi/x.md" in problems[0]


def test_a_block_only_the_twin_has_fails():
    problems = compare(ENGLISH, VIETNAMESE.replace("Đoạn thứ hai.\n", "Đoạn thứ hai.\n\nThêm.\n"))
    assert len(problems) == 1
    assert problems[0].startswith("book/vi/x.md block 6 (paragraph at line 10: 'Thêm.')")
    assert "has no twin in book/x.md" in problems[0]


def test_a_dropped_reference_fails():
    problems = compare(ENGLISH, VIETNAMESE.replace(" và {cite:p}`gso_b,gso_a`", ""))
    assert problems == [
        "book/vi/x.md, block 3 (paragraph at line 4), the twin of book/x.md block 3 "
        "(paragraph at line 4: 'First paragraph, citing {cite:p}`gso_a,gso_b` and "
        "{doc}`methods`.'): lacks {cite:p}`gso_a`, {cite:p}`gso_b`"
    ]


@pytest.mark.parametrize(
    "old, new",
    [
        (":name: fig-chart", ":name: fig-other"),
        ("{container} screen-only", "{container} print-only"),
        ("```bash", "```python"),
        ("# Tiêu đề", "## Tiêu đề"),
    ],
)
def test_a_changed_identity_fails(old, new):
    """A label, a directive's argument, a code block's language, a heading's level: one
    message, naming both blocks."""
    (message,) = compare(ENGLISH, VIETNAMESE.replace(old, new, 1))
    assert "differs from its twin, book/x.md block" in message


GLOSSARY_EN = """\
# Glossary

Vietnamese terms explained.

## Acronyms

```{glossary}
KCN
  Khu công nghiệp, industrial park.
```
"""

GLOSSARY_VI = """\
# Bảng thuật ngữ

Bảng thuật ngữ của bản tiếng Anh đi theo chiều ngược lại.

Thêm một đoạn.

## Chữ viết tắt

```{glossary}
FDI
  Vốn đầu tư trực tiếp nước ngoài.

GRDP
  Tổng sản phẩm trên địa bàn.
```
"""


def test_the_glossary_is_compared_on_its_outline(tmp_path):
    """Entries and paragraphs differ by design; a missing heading or directive still fails."""
    book = tmp_path / "book"
    (book / "vi").mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("parse:\n  myst_enable_extensions: [colon_fence]\n")
    (book / "glossary.md").write_text(GLOSSARY_EN, encoding="utf-8")
    (book / "vi" / "glossary.md").write_text(GLOSSARY_VI, encoding="utf-8")
    assert page_parity.check(tmp_path) == []
    (book / "glossary.md").write_text(GLOSSARY_EN + "\n## Terms\n", encoding="utf-8")
    problems = page_parity.check(tmp_path)
    assert len(problems) == 1 and problems[0].startswith(
        "book/glossary.md block 4 (heading h2 at line 12: 'Terms')"
    )


def test_missing_orphan_and_stale_twins_fail(tmp_path):
    book = tmp_path / "book"
    (book / "vi").mkdir(parents=True)
    (book / "_generated").mkdir()
    (tmp_path / "_config.yml").write_text("parse:\n  myst_enable_extensions: []\n")
    (book / "_generated" / "data_appendix.md").write_text("# Generated\n")  # not authored
    (book / "a.md").write_text("# A\n")
    (book / "b.md").write_text("# B\n")
    (book / "vi" / "b.md").write_text("# B\n")
    (book / "vi" / "c.md").write_text("# C\n")
    assert page_parity.check(tmp_path, expected_missing={"b.md"}) == [
        "book/a.md has no Vietnamese twin: write book/vi/a.md (the same blocks, in Vietnamese)",
        "book/vi/b.md exists now: remove 'b.md' from the expected-missing pages",
        "book/vi/c.md has no English page book/c.md: remove it, or write the English page",
    ]
    assert page_parity.check(tmp_path, expected_missing={"a.md"}) == [
        "book/vi/c.md has no English page book/c.md: remove it, or write the English page"
    ]


def test_options_in_yaml_or_in_lines_are_the_same():
    """MyST writes a directive's options as `:key: value` lines or as a YAML block."""
    yaml_options = VIETNAMESE.replace(
        ":name: fig-chart\n:caption: Chú thích tiếng Việt\n",
        "---\nname: fig-chart\ncaption: Chú thích tiếng Việt\n---\n",
    )
    assert yaml_options != VIETNAMESE
    assert compare(ENGLISH, yaml_options) == []
    (message,) = compare(ENGLISH, yaml_options.replace("name: fig-chart", "name: fig-x"))
    assert message == (
        "book/vi/x.md block 13 (directive {figure} chart.png :caption: :name: fig-x at line 17) "
        "(in the section at line 6: 'Mục') differs from its twin, book/x.md block 13 (directive "
        "{figure} chart.png :caption: :name: fig-chart at line 17): make it a directive {figure} "
        "chart.png :caption: :name: fig-chart"
    )


def test_footnotes_and_math_labels_are_compared():
    english = "Text[^n1].\n\n$$\na=b\n$$ (eq-a)\n\n[^n1]: A note.\n"
    twin = "Chữ[^n1].\n\n$$\na=b\n$$ (eq-a)\n\n[^n1]: Một ghi chú.\n"
    assert compare(english, twin) == []
    assert compare(english, twin.replace("Chữ[^n1]", "Chữ")) == [
        "book/vi/x.md, block 1 (paragraph at line 1), the twin of book/x.md block 1 (paragraph "
        "at line 1: 'Text[^n1].'): lacks the footnote reference [^n1]"
    ]
    (message,) = compare(english, twin.replace("(eq-a)", "(eq-b)"))
    assert "differs from its twin, book/x.md block 2 (math block (eq-a) at line 3)" in message


def test_every_number_of_an_english_block_is_in_its_twin():
    """Numbers as Vietnamese writes them (other separators, another order of a date) pass; a
    number the twin dropped fails, naming it. Numbers in code and references do not count."""
    english = "Sóc Trăng 2016: 1,227.6 thousand, on 2025-07-01 (see `table_2019`).\n"
    twin = "Sóc Trăng năm 2016: 1.227,6 nghìn người, ngày 1 tháng 7 năm 2025 (xem `table_2019`).\n"
    assert compare(english, twin) == []
    assert compare(english, twin.replace("năm 2016: ", "")) == [
        "book/vi/x.md, block 1 (paragraph at line 1), the twin of book/x.md block 1 (paragraph "
        "at line 1: 'Sóc Trăng 2016: 1,227.6 thousand, on 2025-07-01 (see ...'): lacks the "
        "number(s) 2016"
    ]
    (message,) = compare(english, twin.replace("1.227,6", "1.227,5"))
    assert message.endswith("lacks the number(s) 6")
    assert compare(english, twin.replace("(xem `table_2019`)", "(xem `bảng`)")) == []


def test_the_command_prints_every_difference(tmp_path, capsys):
    (tmp_path / "book" / "vi").mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("parse:\n  myst_enable_extensions: []\n")
    (tmp_path / "book" / "a.md").write_text("# A\n\nIn 2016.\n")
    (tmp_path / "book" / "vi" / "a.md").write_text("# A\n\nNăm 2016.\n")
    assert page_parity.main([str(tmp_path)]) == 0
    (tmp_path / "book" / "b.md").write_text("# B\n")
    assert page_parity.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "book/b.md has no Vietnamese twin: write book/vi/b.md (the same blocks, in Vietnamese)",
        "1 difference(s) between the authored pages and their twins in book/vi/",
    ]


def test_every_term_resolves_in_its_editions_glossary():
    """The Vietnamese glossary turns around, so a {term} of the English pages or chapter
    templates can be missing from it (Sphinx would warn only once the Vietnamese edition builds)."""
    templates = sorted((ROOT / "notebooks").glob("*.md"))
    assert any("{term}`KCN`" in t.read_text(encoding="utf-8") for t in templates)
    assert page_parity.unknown_terms(ROOT, templates) == []


def test_a_term_missing_from_the_twin_glossary_is_named(tmp_path):
    (tmp_path / "book" / "vi").mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("parse:\n  myst_enable_extensions: [colon_fence]\n")
    (tmp_path / "book" / "glossary.md").write_text("```{glossary}\nKCN\n  Industrial park.\n```\n")
    (tmp_path / "book" / "page.md").write_text("A {term}`KCN` and a {term}`park <KCN>`.\n")
    glossary = "```{glossary}\nIndustrial park\nKCN\n  Khu công nghiệp.\n```\n"
    (tmp_path / "book" / "vi" / "glossary.md").write_text(glossary, encoding="utf-8")
    (tmp_path / "book" / "vi" / "page.md").write_text(
        "Một {term}`kcn`, một {term}`khu <Industrial park>`.\n\n"
        ":::{container} c\nMột {term}`khu kinh tế <Economic zone>`.\n:::\n",
        encoding="utf-8",
    )
    template = tmp_path / "template.md"
    template.write_text("The {term}`FDI` of {term}`KCN`.\n")
    assert page_parity.unknown_terms(tmp_path, [template]) == [
        "book/vi/page.md: {term}`economic zone` is not in book/vi/glossary.md",
        "template.md: {term}`fdi` is not in book/vi/glossary.md",
    ]
